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

import math
import weakref
from collections.abc import Callable

import numpy as np
from PySide6.QtCore import QRectF, QSize, Qt, QTimer
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QSlider,
    QSpinBox,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from convstudio.engine import correlation as cor
from convstudio.engine import correlation_text as cor_text
from convstudio.engine.notation import Names, number
from convstudio.engine.trace import Trace
from convstudio.session.session import Session
from convstudio.ui import colors
from convstudio.ui.matrix_view import MatrixView, exact

MODES = (
    ("dW", "dL/dW = I ⋆ dL/do"),
    ("dI", "dL/dI = dL/do ∗ W (full)"),
    ("o", "Forward: o = I ⋆ W"),
)
WORDS = {"n": "image", "f": "filter", "c": "channel"}
#: What each selector picks in each mode (the element computed, or the slice of the sum drawn).
TIPS = {
    "dW": {
        "n": "Which image's share of the sum is drawn (dL/dW adds up every image)",
        "f": "Which filter's dL/dW is computed",
        "c": "Which channel's dL/dW is computed",
    },
    "dI": {
        "n": "Which image's dL/dI is computed",
        "f": "Which filter's share of the sum is drawn (dL/dI adds up every filter)",
        "c": "Which channel's dL/dI is computed",
    },
    "o": {
        "n": "Which image's output is computed",
        "f": "Which filter's output map is computed",
        "c": "Which channel's share of the sum is drawn (an output adds up every channel)",
    },
}


KEY = (
    f"<span style='color:{colors.HIGHLIGHT_READ}'>■</span> cells the taps meet &nbsp; "
    f"<span style='color:{colors.HIGHLIGHT_WRITE}'>■</span> their sum &nbsp; "
    f"<span style='color:{colors.HIGHLIGHT_EXTRA}'>■</span> the rest of the filter"
)


class Pickers(QWidget):
    """Image, filter and channel spin boxes (1-based for the learner), and "Follow the step"."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.boxes: dict[str, QSpinBox] = {}
        self.labels: dict[str, QLabel] = {}
        for key in "nfc":
            label = QLabel(WORDS[key].capitalize())
            box = QSpinBox()
            box.setMinimum(1)
            label.setBuddy(box)
            layout.addWidget(label)
            layout.addWidget(box)
            self.boxes[key], self.labels[key] = box, label
        self.follow = QCheckBox("Follow the step")
        self.follow.setChecked(True)
        self.follow.setToolTip("Go to the element the current step computes")
        layout.addWidget(self.follow)
        layout.addStretch(1)

    def configure(self, counts: dict[str, int]) -> None:
        for key, box in self.boxes.items():
            box.blockSignals(True)
            box.setMaximum(max(counts[key], 1))
            box.blockSignals(False)
            self.labels[key].setVisible(counts[key] > 1)
            box.setVisible(counts[key] > 1)

    def value(self, key: str) -> int:
        return self.boxes[key].value() - 1

    def set_value(self, key: str, value: int) -> None:
        box = self.boxes[key]
        if box.value() != value + 1:
            box.blockSignals(True)
            box.setValue(value + 1)
            box.blockSignals(False)


#: More cells than this are outlined as one block rather than cell by cell (thousands of small
#: outlines cost a big map tens of milliseconds a repaint and hide the numbers anyway).
MOST_OUTLINED = 256


class FramedView(MatrixView):
    """A matrix view that can also outline a block of cells: the image inside its padding, or
    dL/do inside its border of zeros; and the window a large filter covers, as one block."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._outline: tuple[int, int, int, int] | None = None
        self._window: tuple[int, int, int, int] | None = None

    def set_outline(self, block: tuple[int, int, int, int] | None) -> None:
        """(top, left, rows, cols) of the block to outline, or None."""
        if block != self._outline:
            self._outline = block
            self.update()

    def outline(self) -> tuple[int, int, int, int] | None:
        return self._outline

    def set_window(self, block: tuple[int, int, int, int] | None) -> None:
        """(top, left, rows, cols) of a block drawn in the read colour, or None."""
        if block != self._window:
            self._window = block
            self.update()

    def window(self) -> tuple[int, int, int, int] | None:
        return self._window

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self._outline is None and self._window is None:
            return
        painter = QPainter(self)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for block, color, width in (
            (self._outline, self.palette().color(QPalette.ColorRole.WindowText), 2.0),
            (self._window, QColor(colors.HIGHLIGHT_READ), 3.0),
        ):
            if block is not None:
                top, left, rows, cols = block
                first, last = self.cell_rect(top, left), self.cell_rect(top + rows - 1, left + cols - 1)
                painter.setPen(QPen(color, width))
                painter.drawRect(QRectF(first.topLeft(), last.bottomRight()))
        painter.end()


def _view(framed: bool = False) -> MatrixView:
    view = FramedView() if framed else MatrixView()
    view.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
    view.setMinimumSize(110, 110)
    return view


class CorrelationView(QWidget):
    """dL/dW, dL/dI and the forward pass as sliding sums, position by position, over the session."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.mode = "dW"
        self.position = (0, 0)
        self._corr: cor.Correlation | None = None
        self._trace_of: Callable[[], Trace | None] = lambda: None  # whose scales these are
        self._stale = False  # a refresh waits until the view is shown
        self._scales: dict[str, float] = {}
        self._text: list[str] = []

        self.header = QLabel()
        self.header.setWordWrap(True)
        self.header.setTextFormat(Qt.TextFormat.RichText)
        self.mode_box = QComboBox()
        for key, text in MODES:
            self.mode_box.addItem(text, key)
        self.mode_box.setToolTip(
            "What slides over what: the weight gradient, the input gradient, or the forward pass"
        )
        self.mode_box.activated.connect(lambda i: self.set_mode(self.mode_box.itemData(i)))
        self.selectors = Pickers()
        for box in self.selectors.boxes.values():
            box.valueChanged.connect(self._selection_changed)
        self.selectors.follow.toggled.connect(lambda on: self._follow() if on else None)
        self.compare = QCheckBox("True convolution beside it")
        self.compare.setToolTip(
            "Also show I ∗ W = I ⋆ flip(W): the same sliding, the filter turned half a turn"
        )
        self.compare.toggled.connect(self.refresh)

        self.back_button = QToolButton()
        self.back_button.setText("◀")
        self.back_button.setToolTip("The previous position")
        self.back_button.clicked.connect(lambda: self.step(-1))
        self.step_button = QToolButton()
        self.step_button.setText("▶")
        self.step_button.setToolTip("The next position")
        self.step_button.clicked.connect(lambda: self.step(+1))
        self.play_button = QToolButton()
        self.play_button.setText("Play")
        self.play_button.setToolTip("Slide through every position")
        self.play_button.clicked.connect(self.toggle_play)
        self.speed = QSlider(Qt.Orientation.Horizontal)
        self.speed.setRange(1, 30)
        self.speed.setValue(2)
        self.speed.setFixedWidth(90)
        self.speed.valueChanged.connect(self._speed_changed)
        self.speed_label = QLabel()
        self.speed_label.setMinimumWidth(40)
        self.where = QLabel()
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._tick)
        self._speed_changed(self.speed.value())

        self.grid_view = _view(framed=True)
        self.kernel_view = _view()
        self.result_view = _view(framed=True)
        self.flip_view = _view()
        self.conv_view = _view()
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
        layout.addWidget(self.header)
        key = QLabel(KEY)
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

    @property
    def corr(self) -> cor.Correlation:
        """The sliding sums of the current iteration (rebuilt when the trace is another)."""
        trace = self.session.trace
        if self._corr is None or trace is not self._trace_of():
            v = trace.values
            self._corr = cor.Correlation.of_spec(trace.spec, v["I"], v["W"], trace.grads["do"], v.get("b"))
            self._scales = {}
            self._trace_of = weakref.ref(trace)  # not id(): a freed trace's id comes back
        return self._corr

    def _scale_of(self, corr: cor.Correlation, name: str) -> float:
        """One colour scale per tensor and iteration, from all its values, so colours do not jump."""
        if name not in self._scales:
            self._scales[name] = _scale(getattr(corr, name))
        return self._scales[name]

    @property
    def names(self) -> Names:
        return self.session.trace.names

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
        self.play_button.setText("Pause")

    def pause(self) -> None:
        self._timer.stop()
        self.play_button.setText("Play")

    def _tick(self) -> None:
        if not self.step(+1):
            self.pause()

    def _speed_changed(self, value: int) -> None:
        self._timer.setInterval(round(1000 / value))
        self.speed_label.setText(f"{value}/s")
        self.speed.setToolTip(f"Playing speed: {value} positions a second")

    # --- following the session ----------------------------------------------------------------

    def _spec_changed(self) -> None:
        spec = self.session.spec
        self.selectors.configure({"n": spec.batch, "f": spec.filters, "c": spec.channels})
        self._corr = None
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
        number_ = cursor.done if cursor.terms > 0 else cursor.done - 1
        if not 0 <= number_ < len(trace):
            return False
        section = trace.section_of(number_)
        if (section.tensor, section.phase) not in (("dW", "backward"), ("dI", "backward"), ("o", "forward")):
            return False
        mode = section.tensor
        a, b, r, s = (int(v) for v in np.unravel_index(number_ - section.start, section.shape))
        keys = cor.LEADS[mode]
        for key, value in zip(keys, (a, b), strict=True):
            self.selectors.set_value(key, value)
        if cursor.terms > 0 and mode in ("dW", "o"):
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
        spec = self.session.spec
        return {"n": spec.batch, "f": spec.filters, "c": spec.channels}[cor.SLICES[mode]]

    def _selection_changed(self) -> None:
        self.set_position(*self.position)

    # --- drawing -------------------------------------------------------------------------------

    def frame(self) -> cor.Frame:
        return self.corr.frame(self.mode, self.lead(), self.position)

    def text(self) -> list[str]:
        """The equations shown, as plain text (one line per equation)."""
        return list(self._text)

    def refresh(self) -> None:
        if not self.isVisible():  # a closed dock does not redraw on every step; it catches up when shown
            self._stale = True
            return
        self._stale = False
        corr = self.corr
        trace = self.session.trace
        mode, lead, shown = self.mode, self.lead(), self.shown_slice()
        rows, cols = self.positions()
        self.position = (min(self.position[0], rows - 1), min(self.position[1], cols - 1))
        frame = corr.frame(mode, lead, self.position)
        comparing = mode == "o" and self.compare.isChecked()
        self.compare.setVisible(mode == "o")
        for key, box in self.selectors.boxes.items():
            box.setToolTip(TIPS[mode][key])
        lay = corr.layout(mode, lead)
        self._draw_grid(corr, frame, lay, shown)
        self._draw_kernel(self.kernel_view, corr, frame, lay, shown)
        self._draw_result(self.result_view, corr, frame)
        self.flip_view.setVisible(comparing)
        self.conv_view.setVisible(comparing)
        self.views.setRowStretch(2, 2 if comparing else 0)  # an empty row would still take room
        frames = [frame]
        if comparing:
            conv = corr.frame("conv", lead, self.position)
            self._draw_kernel(self.flip_view, corr, conv, corr.layout("conv", lead), shown)
            self._draw_result(self.conv_view, corr, conv)
            frames.append(conv)
        self._draw_equations(corr, frames, shown, trace)
        self.header.setText(self._header(corr))
        flat = self.position[0] * cols + self.position[1]
        where = f"Position {flat + 1} of {rows * cols}"
        if mode == "dI" and not self._inside(corr, self.position):
            where += " · on the padding: cropped away"
        self.where.setText(where)
        self.back_button.setEnabled(flat > 0)
        self.step_button.setEnabled(flat < rows * cols - 1)

    def _suffix(self, keys: str, values: dict[str, int]) -> str:
        spec = self.session.spec
        counts = {"n": spec.batch, "f": spec.filters, "c": spec.channels}
        parts = [f"{WORDS[k]} {values[k] + 1}" for k in keys if counts[k] > 1]
        return f"  ·  {', '.join(parts)}" if parts else ""

    def _picked(self) -> dict[str, int]:
        return {k: self.selectors.value(k) for k in "nfc"}

    def _draw_grid(self, corr: cor.Correlation, frame: cor.Frame, lay: cor.Layout, shown: int) -> None:
        g = corr.g
        view = self.grid_view
        assert isinstance(view, FramedView)
        picked = self._picked()
        if self.mode == "dI":
            values, scale = lay.grid[shown], self._scale_of(corr, "grad_y")
            bh, bw = corr.border
            Hz, Wz = corr.dz.shape[2:]
            view.set_title("dL/do, zeros inserted and around it" + self._suffix("nf", picked))
            view.set_outline((bh, bw, Hz, Wz))
            describe = self._describe_full(corr, shown)
        else:
            values, scale = lay.grid[shown], self._scale_of(corr, "x")
            pad = f", padded by {_pair_text(g.ph, g.pw)}" if g.ph or g.pw else ""
            view.set_title(f"Input I{pad}" + self._suffix("nc", picked))
            view.set_outline((g.ph, g.pw, g.H, g.W) if g.ph or g.pw else None)
            describe = self._describe_input(corr, shown)
        view.set_matrix(values, scale=scale, describe=describe)
        r0, c0 = frame.origin
        rows, cols = (int(v) + 1 for v in lay.taps.max(axis=0))  # the sliding filter's footprint
        if len(frame.cells) > MOST_OUTLINED:
            view.set_highlights()
            view.set_window((r0, c0, rows, cols))
            return
        reads = [(int(r), int(c)) for r, c in frame.cells]
        met = set(reads)
        others = [(r0 + i, c0 + j) for i in range(rows) for j in range(cols) if (r0 + i, c0 + j) not in met]
        view.set_window(None)
        view.set_highlights(reads=reads, extra=others)

    def _draw_kernel(
        self,
        view: MatrixView,
        corr: cor.Correlation,
        frame: cor.Frame,
        lay: cor.Layout,
        shown: int,
    ) -> None:
        g = corr.g
        picked = self._picked()
        if frame.mode == "dW":
            values = corr.dz[shown, frame.index[0]]
            stride = (
                f" with zeros between (stride {_pair_text(g.sh, g.sw)})" if (g.sh, g.sw) != (1, 1) else ""
            )
            view.set_title("dL/do" + stride + self._suffix("nf", picked))
            view.set_matrix(
                values,
                scale=self._scale_of(corr, "grad_y"),
                describe=self._describe_dz(corr, shown, frame.index[0]),
            )
        else:
            f, c = (shown, frame.index[1]) if frame.mode == "dI" else (frame.index[1], shown)
            w = corr.w_flip if frame.mode in ("dI", "conv") else corr.w
            values = cor.spread(w[f, c], (g.dh, g.dw), fill=math.nan)
            flipped = frame.mode in ("dI", "conv")
            name = "W flipped" if flipped else "Filter W"
            apart = f", taps {_pair_text(g.dh, g.dw)} apart" if (g.dh, g.dw) != (1, 1) else ""
            view.set_title(name + apart + self._suffix("fc", {**picked, "f": f, "c": c}))
            view.set_matrix(
                values, scale=self._scale_of(corr, "w"), describe=self._describe_kernel(corr, f, c, flipped)
            )
        few = len(lay.taps) <= MOST_OUTLINED
        view.set_highlights(reads=[(int(r), int(c)) for r, c in lay.taps] if few else [])

    def _draw_result(self, view: MatrixView, corr: cor.Correlation, frame: cor.Frame) -> None:
        g = corr.g
        mode, lead = frame.mode, frame.index[:2]
        totals = corr.totals(mode, lead)
        rows, cols = totals.shape
        done = np.arange(rows * cols).reshape(rows, cols) <= self.position[0] * cols + self.position[1]
        shown = np.where(done, totals, np.nan)
        picked = self._picked()
        scale = _scale(totals)
        if mode == "dW":
            title = "dL/dW" + self._suffix("fc", picked)
        elif mode == "dI":
            title = "dL/dI" + (" on the padded input (border cropped)" if g.ph or g.pw else "")
            title += self._suffix("nc", picked)
        else:
            other = corr.totals("conv" if mode == "o" else "o", lead)
            scale = max(scale, _scale(other))  # both maps on one scale, to compare them
            title = ("o = I ⋆ W" if mode == "o" else "I ∗ W (convolution)") + self._suffix("nf", picked)
        view.set_title(title)
        view.set_matrix(shown, scale=scale, describe=self._describe_result(corr, mode, lead, shown))
        if isinstance(view, FramedView):
            view.set_outline((g.ph, g.pw, g.H, g.W) if mode == "dI" and (g.ph or g.pw) else None)
        view.set_highlights(writes=[self.position])

    def _draw_equations(
        self, corr: cor.Correlation, frames: list[cor.Frame], shown: int, trace: Trace
    ) -> None:
        names = self.names
        html, text = [], []
        for frame in frames:
            text += cor_text.equation(frame, corr, shown, names, "text")
            lines = cor_text.equation(frame, corr, shown, names, "html")
            html += [f"<p style='margin:2px 0 6px 0'>{line}</p>" for line in lines]
        check = self._engine_value(corr, frames[0], trace)
        if check is not None:
            html.append(f"<p style='margin:2px 0'><i>{check}</i></p>")
        self._text = text
        self.equation.setText("".join(html))
        self._fit_equations()

    def _fit_equations(self) -> None:
        """The equations take the height they need, up to a limit; the maps take the rest."""
        need = self.equation.heightForWidth(max(self.scroll.viewport().width(), 200))
        self.scroll.setFixedHeight(min(max(need + 4, 60), 180, max(60, self.height() // 5)))

    def sizeHint(self) -> QSize:
        return QSize(540, 720)  # room for the maps' numbers when docked beside the main panels

    def showEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def resizeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().resizeEvent(event)
        self._fit_equations()

    def _engine_value(self, corr: cor.Correlation, frame: cor.Frame, trace: Trace) -> str | None:
        """Where the engine's backward (or forward) pass has the same number, say so."""
        g = corr.g
        a, b, r, s = frame.index
        if frame.mode == "dW":
            return (
                f"The backward pass's dL/dW has {number(float(trace.grads['dW'][a, b, r, s]), 'html')} here."
            )
        if frame.mode == "dI":
            if not self._inside(corr, (r, s)):
                return "This cell is padding, not part of the input: its gradient is cropped away."
            if "dI" in trace.grads:
                value = float(trace.grads["dI"][a, b, r - g.ph, s - g.pw])
                return f"The backward pass's dL/dI has {number(value, 'html')} here."
            return None
        return f"The forward pass's o has {number(float(trace.values['o'][a, b, r, s]), 'html')} here."

    @staticmethod
    def _inside(corr: cor.Correlation, position: tuple[int, int]) -> bool:
        g = corr.g
        r, s = position
        return g.ph <= r < g.ph + g.H and g.pw <= s < g.pw + g.W

    def _header(self, corr: cor.Correlation) -> str:
        g = corr.g
        spec = self.session.spec
        notes = []
        if self.mode == "dW":
            text = (
                "<b>dL/dW = I ⋆ dL/do</b>: dL/do slides over the input like a filter. At each position "
                "its values times the input cells they meet add up to one dL/dW<sub>mn</sub>."
            )
            if (g.sh, g.sw) != (1, 1):
                notes.append(f"stride {_pair_text(g.sh, g.sw)} puts zeros between the dL/do values")
            if (g.dh, g.dw) != (1, 1):
                notes.append(
                    f"dilation {_pair_text(g.dh, g.dw)} moves it {_pair_text(g.dh, g.dw)} cells a position"
                )
            if g.ph or g.pw:
                notes.append("values that meet the padding meet zeros")
            if spec.batch > 1:
                notes.append(f"the sum runs over the {spec.batch} images too")
        elif self.mode == "dI":
            text = (
                "<b>dL/dI = dL/do ∗ W</b>, the full convolution: W, flipped, slides over dL/do in a "
                "border of zeros. Each position gives the gradient of one cell of the input."
            )
            if (g.sh, g.sw) != (1, 1):
                notes.append(f"stride {_pair_text(g.sh, g.sw)} puts zeros between the dL/do values")
            if (g.dh, g.dw) != (1, 1):
                notes.append(f"dilation {_pair_text(g.dh, g.dw)} spreads the taps")
            if g.ph or g.pw:
                notes.append("positions outside the frame are the padding's gradients, cropped away")
            if spec.filters > 1:
                notes.append(f"the sum runs over the {spec.filters} filters too")
        else:
            text = (
                "<b>o = I ⋆ W</b>: networks compute a cross-correlation (the filter as it is). The "
                "convolution of mathematics, I ∗ W = I ⋆ flip(W), turns the filter half a turn first."
            )
            if (g.sh, g.sw) != (1, 1):
                step = _pair_text(g.sh, g.sw)
                notes.append(f"stride {step} moves the filter {step} cells a position")
            if (g.dh, g.dw) != (1, 1):
                notes.append(f"dilation {_pair_text(g.dh, g.dw)} spreads its taps")
            if g.ph or g.pw:
                notes.append("taps on the padding meet zeros")
            if spec.channels > 1:
                notes.append(f"the sum runs over the {spec.channels} channels too")
        if not notes:
            return text
        said = "; ".join(notes)
        return f"{text} {said[0].upper()}{said[1:]}."

    # --- hover texts ----------------------------------------------------------------------------

    def _describe_input(self, corr: cor.Correlation, n_or_c: int) -> Callable[[int, int], str]:
        g = corr.g
        picked = self._picked()
        if self.mode == "dW":
            n, c = n_or_c, picked["c"]
        else:
            n, c = picked["n"], n_or_c

        def describe(row: int, col: int) -> str:
            r, s = row - g.ph, col - g.pw
            if not (0 <= r < g.H and 0 <= s < g.W):
                return "padding: 0"
            return f"{self.names.symbol('I', (n, c, r, s))} = {exact(corr.x[n, c, r, s])}"

        return describe

    def _describe_full(self, corr: cor.Correlation, f: int) -> Callable[[int, int], str]:
        g = corr.g
        n = self._picked()["n"]
        bh, bw = corr.border

        def describe(row: int, col: int) -> str:
            u, v = row - bh, col - bw
            Hz, Wz = corr.dz.shape[2:]
            if not (0 <= u < Hz and 0 <= v < Wz):
                return "border: 0 (the full convolution lets the filter hang over dL/do)"
            if u % g.sh or v % g.sw:
                return "an inserted zero (stride)"
            i, j = u // g.sh, v // g.sw
            return f"{self.names.symbol('do', (n, f, i, j))} = {exact(corr.grad_y[n, f, i, j])}"

        return describe

    def _describe_dz(self, corr: cor.Correlation, n: int, f: int) -> Callable[[int, int], str]:
        g = corr.g

        def describe(row: int, col: int) -> str:
            if row % g.sh or col % g.sw:
                return "an inserted zero (stride)"
            i, j = row // g.sh, col // g.sw
            return f"{self.names.symbol('do', (n, f, i, j))} = {exact(corr.grad_y[n, f, i, j])}"

        return describe

    def _describe_kernel(
        self, corr: cor.Correlation, f: int, c: int, flipped: bool
    ) -> Callable[[int, int], str]:
        g = corr.g

        def describe(row: int, col: int) -> str:
            if row % g.dh or col % g.dw:
                return "no tap here: dilation spreads the taps"
            m, k = row // g.dh, col // g.dw
            if flipped:
                m, k = g.kh - 1 - m, g.kw - 1 - k
            return f"{self.names.symbol('W', (f, c, m, k))} = {exact(corr.w[f, c, m, k])}"

        return describe

    def _describe_result(
        self, corr: cor.Correlation, mode: str, lead: tuple[int, int], shown: np.ndarray
    ) -> Callable[[int, int], str]:
        def describe(row: int, col: int) -> str:
            frame = corr.frame(mode, lead, (row, col))
            name = cor_text.lhs(frame, corr, self.names)
            value = float(shown[row, col])
            return f"{name} = {exact(value)}" if math.isfinite(value) else f"{name}: not reached yet"

        return describe


def _scale(values: np.ndarray) -> float:
    finite = np.abs(values[np.isfinite(values)])
    top = float(finite.max()) if finite.size else 0.0
    return top if top > 0 else 1.0


def _pair_text(a: int, b: int) -> str:
    return str(a) if a == b else f"{a}x{b}"
