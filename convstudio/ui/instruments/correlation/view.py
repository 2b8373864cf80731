"""The gradient is a correlation: dL/do slides over the input like a filter, one position at a time.

An instrument over the session, in the forward pass's visual language (the same matrix view, colour
map and highlights as the tensor panel: the cells a position reads in green, the element it writes
in vermillion, the rest of the sliding filter's footprint dashed). Three modes, each a sliding sum
from ``convstudio.engine.correlation``:

- dL/dW = I ⋆ dL/do: the zero-inserted dL/do slides over the padded input, dilation cells a step;
- dL/dI = dL/do ∗ W: the flipped filter slides over dL/do in its border of zeros (the full
  convolution), giving the padded input's gradient, whose border is cropped away;
- forward: o = I ⋆ W, and beside it (a toggle) the true convolution I ∗ W = I ⋆ flip(W).

The view keeps its own position; with "Follow the step" on, it goes to the element the session's
cursor computes. It never moves the cursor (panels do not drive each other).
"""

from __future__ import annotations

import weakref
from collections.abc import Callable

import numpy as np
from PySide6.QtCore import QT_TRANSLATE_NOOP, QSize, Qt, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSlider,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from convstudio.engine import correlation as cor
from convstudio.engine.colour_scale import colour_scale
from convstudio.engine.shown_conv_layer import ShownLayer, TensorNames, role
from convstudio.session.session import Session
from convstudio.ui.instruments.conv_layer_picker import ConvLayerPicker
from convstudio.ui.instruments.correlation.drawing import Drawing
from convstudio.ui.instruments.correlation.framed_view import new_view
from convstudio.ui.instruments.correlation.words import Words
from convstudio.ui.look import colors
from convstudio.ui.widgets.pickers import Pickers

MODES = (
    ("dW", "dL/dW = I ⋆ dL/do"),
    ("dI", QT_TRANSLATE_NOOP("CorrelationView", "dL/dI = dL/do ∗ W (full)")),
    ("o", QT_TRANSLATE_NOOP("CorrelationView", "Forward: o = I ⋆ W")),
)

KEY = QT_TRANSLATE_NOOP(
    "CorrelationView",
    "<span style='color:{0}'>■</span> cells the taps meet &nbsp; "
    "<span style='color:{1}'>■</span> their sum &nbsp; "
    "<span style='color:{2}'>■</span> the rest of the filter",
)


class CorrelationView(Drawing, Words, QWidget):
    """dL/dW, dL/dI and the forward pass as sliding sums, position by position, over the session."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.mode = "dW"
        self.position = (0, 0)
        self._corr: cor.Correlation | None = None
        self._layer: ShownLayer | None = None
        self._trace_of: Callable[[], object] = lambda: None  # whose scales these are
        self._stale = False  # a refresh waits until the view is shown
        self._scales: dict[str, float] = {}
        self._text: list[str] = []

        self.picker = ConvLayerPicker(session, self)
        self.picker.layer_changed.connect(self._spec_changed)
        self.header = QLabel()
        self.header.setWordWrap(True)
        self.header.setTextFormat(Qt.TextFormat.RichText)
        self.mode_box = QComboBox()
        self.mode_box.setAccessibleName(self.tr("What slides over what"))
        for key, source in MODES:
            text = self.tr(source)
            self.mode_box.addItem(text, key)
        self.mode_box.setToolTip(
            self.tr("What slides over what: the weight gradient, the input gradient, or the forward pass")
        )
        self.mode_box.activated.connect(lambda i: self.set_mode(self.mode_box.itemData(i)))
        self.selectors = Pickers(self.tr("Go to the element the current step computes"))
        for box in self.selectors.boxes.values():
            box.valueChanged.connect(self._selection_changed)
        self.selectors.follow.toggled.connect(lambda on: self._follow() if on else None)
        self.compare = QCheckBox(self.tr("True convolution beside it"))
        self.compare.setToolTip(
            self.tr("Also show I ∗ W = I ⋆ flip(W): the same sliding, the filter turned half a turn")
        )
        self.compare.toggled.connect(self.refresh)

        self.back_button = QToolButton()
        self.back_button.setText("◀")
        self.back_button.setToolTip(self.tr("The previous position"))
        self.back_button.clicked.connect(lambda: self.step(-1))
        self.step_button = QToolButton()
        self.step_button.setText("▶")
        self.step_button.setToolTip(self.tr("The next position"))
        self.step_button.clicked.connect(lambda: self.step(+1))
        self.play_button = QToolButton()
        self.play_button.setText(self.tr("Play"))
        self.play_button.setToolTip(self.tr("Slide through every position"))
        self.play_button.clicked.connect(self.toggle_play)
        self.speed = QSlider(Qt.Orientation.Horizontal)
        self.speed.setRange(1, 30)
        self.speed.setValue(2)
        self.speed.setFixedWidth(90)
        self.speed.setAccessibleName(self.tr("Sliding speed"))
        self.speed.valueChanged.connect(self._speed_changed)
        self.speed_label = QLabel()
        self.speed_label.setMinimumWidth(40)
        self.where = QLabel()
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._tick)
        self._speed_changed(self.speed.value())

        self.grid_view = new_view(framed=True)
        self.kernel_view = new_view()
        self.result_view = new_view(framed=True)
        self.flip_view = new_view()
        self.conv_view = new_view()
        self.equation = QLabel()
        self.equation.setTextFormat(Qt.TextFormat.RichText)
        self.equation.setWordWrap(True)
        self.equation.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.equation.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        font = self.equation.font()
        font.setPointSizeF(max(font.pointSizeF(), 9.0) * 1.15)
        self.equation.setFont(font)
        scroll = self.scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(self.equation)

        # three short rows rather than one long one: the dock stays narrow beside the main panels
        top = QHBoxLayout()
        top.addWidget(self.mode_box)
        top.addWidget(self.compare, 1)
        moves = QHBoxLayout()
        for widget in (self.back_button, self.step_button, self.play_button, self.speed, self.speed_label):
            moves.addWidget(widget)
        moves.addWidget(self.where, 1)
        views = self.views = QGridLayout()
        views.setContentsMargins(0, 0, 0, 0)
        views.addWidget(self.grid_view, 0, 0, 1, 2)
        views.addWidget(self.kernel_view, 1, 0)
        views.addWidget(self.result_view, 1, 1)
        views.addWidget(self.flip_view, 2, 0)
        views.addWidget(self.conv_view, 2, 1)
        views.setRowStretch(0, 3)
        views.setRowStretch(1, 2)
        views.setColumnStretch(0, 1)
        views.setColumnStretch(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.picker)
        layout.addWidget(self.header)
        key = QLabel(
            self.tr(KEY).format(colors.HIGHLIGHT_READ, colors.HIGHLIGHT_WRITE, colors.HIGHLIGHT_EXTRA)
        )
        key.setTextFormat(Qt.TextFormat.RichText)
        key.setWordWrap(True)
        layout.addWidget(key)
        layout.addLayout(top)
        layout.addWidget(self.selectors)
        layout.addLayout(moves)
        layout.addLayout(views, 1)
        layout.addWidget(scroll)

        session.spec_changed.connect(self._spec_changed)
        session.data_changed.connect(self.refresh)
        session.params_changed.connect(self.refresh)
        session.cursor_moved.connect(self._cursor_moved)
        self._spec_changed()
        self._follow()

    # --- state ---------------------------------------------------------------------------------

    def _shown(self) -> tuple[ShownLayer, cor.Correlation]:
        """The layer shown and its sliding sums, rebuilt when the trace is another."""
        trace = self.session.trace
        if self._layer is None or self._corr is None or trace is not self._trace_of():
            self._layer = layer = self.picker.shown()
            self._corr = cor.Correlation(
                layer.x, layer.w, layer.grad_y, layer.b,
                stride=layer.stride, padding=layer.padding, dilation=layer.dilation,
            )  # fmt: skip
            self._scales = {}
            self._trace_of = weakref.ref(trace)  # not id(): a freed trace's id comes back
        return self._layer, self._corr

    @property
    def layer(self) -> ShownLayer:
        """The conv layer shown, in the current iteration: the one layer, or the picked one."""
        return self._shown()[0]

    @property
    def corr(self) -> cor.Correlation:
        """The sliding sums of the current iteration."""
        return self._shown()[1]

    def _scale_of(self, corr: cor.Correlation, name: str) -> float:
        """One colour scale per tensor and iteration, from all its values, so colours do not jump."""
        if name not in self._scales:
            self._scales[name] = colour_scale(getattr(corr, name))
        return self._scales[name]

    @property
    def names(self) -> TensorNames:
        return self.layer.names

    def lead(self) -> tuple[int, int]:
        """The two leading indices of the element computed (see correlation.LEADS)."""
        a, b = cor.LEADS[self.mode]
        return self.selectors.value(a), self.selectors.value(b)

    def shown_slice(self) -> int:
        return self.selectors.value(cor.SLICES[self.mode])

    def positions(self) -> tuple[int, int]:
        return self.corr.layout(self.mode, self.lead()).positions

    def set_mode(self, mode: str) -> None:
        keys = [key for key, _ in MODES]
        if mode not in keys:
            raise ValueError(f"the mode must be one of {', '.join(keys)}, not {mode!r}")
        if mode != self.mode:
            self.mode = mode
            self.position = (0, 0)
        self.mode_box.setCurrentIndex(self.mode_box.findData(mode))
        self.refresh()

    def set_position(self, row: int, col: int) -> None:
        rows, cols = self.positions()
        self.position = (min(max(row, 0), rows - 1), min(max(col, 0), cols - 1))
        self.refresh()

    def step(self, direction: int) -> bool:
        """One position forward or back in row-major order; False at either end."""
        rows, cols = self.positions()
        flat = self.position[0] * cols + self.position[1] + direction
        if not 0 <= flat < rows * cols:
            return False
        self.set_position(*divmod(flat, cols))
        return True

    # --- playing -------------------------------------------------------------------------------

    @property
    def playing(self) -> bool:
        return self._timer.isActive()

    def toggle_play(self) -> None:
        if self.playing:
            self.pause()
            return
        rows, cols = self.positions()
        if self.position == (rows - 1, cols - 1):
            self.set_position(0, 0)  # from the start again
        self._timer.start()
        self.play_button.setText(self.tr("Pause"))

    def pause(self) -> None:
        self._timer.stop()
        self.play_button.setText(self.tr("Play"))

    def _tick(self) -> None:
        if not self.step(+1):
            self.pause()

    def _speed_changed(self, value: int) -> None:
        self._timer.setInterval(round(1000 / value))
        self.speed_label.setText(self.tr("{0}/s").format(value))
        self.speed.setToolTip(self.tr("Playing speed: {0} positions a second").format(value))

    # --- following the session ----------------------------------------------------------------

    def _spec_changed(self) -> None:
        if self.sender() is not self.picker:
            self.picker.configure()
        self._corr = None
        layer = self.layer
        for i, (_, text) in enumerate(MODES):
            self.mode_box.setItemText(i, layer.named(text))
        self.selectors.configure({"n": layer.batch, "f": layer.filters, "c": layer.channels})
        self.refresh()

    def _cursor_moved(self) -> None:
        if not self._follow():
            self.refresh()

    def _follow(self) -> bool:
        """Go to the element the session's current step computes, if this view shows that kind of
        step and following is on; True if it refreshed."""
        if not self.selectors.follow.isChecked():
            return False
        trace, cursor = self.session.trace, self.session.cursor
        # the step's place, without building its terms (a big batch's dL/dW has thousands)
        number_ = cursor.shown
        if not 0 <= number_ < len(trace):
            return False
        section = trace.section_of(number_)
        owner = trace.layer_of(number_) if self.session.deep else None  # type: ignore[union-attr]
        found = role(trace, section.tensor, None if owner is None else owner.index)
        if found is None:
            return False
        index, mode = found
        if (mode, section.phase) not in (("dW", "backward"), ("dI", "backward"), ("o", "forward")):
            return False
        if index is not None and index != self.picker.index:
            self.picker.set_layer(index)  # the step works in another conv layer: show that one
        a, b, r, s = (int(v) for v in np.unravel_index(number_ - section.start, section.shape))
        keys = cor.LEADS[mode]
        for key, value in zip(keys, (a, b), strict=True):
            self.selectors.set_value(key, value)
        if cursor.adding and mode in ("dW", "o"):
            # adding term by term: draw the slice (image or channel) the term comes from
            per = self.corr.layout(mode, (a, b)).kernel.shape[1]
            self.selectors.set_value(cor.SLICES[mode], min((cursor.terms - 1) // per, self._count(mode) - 1))
        if mode == "dI":
            g = self.corr.g
            r, s = r + g.ph, s + g.pw
        self.mode = mode
        self.mode_box.setCurrentIndex(self.mode_box.findData(mode))
        self.position = (r, s)
        self.refresh()
        return True

    def _count(self, mode: str) -> int:
        layer = self.layer
        return {"n": layer.batch, "f": layer.filters, "c": layer.channels}[cor.SLICES[mode]]

    def _selection_changed(self) -> None:
        self.set_position(*self.position)

    def sizeHint(self) -> QSize:
        return QSize(540, 720)  # room for the maps' numbers when docked beside the main panels

    def showEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def resizeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().resizeEvent(event)
        self._fit_equations()
