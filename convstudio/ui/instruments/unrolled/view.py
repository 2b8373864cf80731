"""Convolution as a dense layer: the matrix M with o = M · vec(I), its weights tied.

One row per output element, one column per input cell of the zero-padded image (untick "Padding
columns" for the image's own cells), for the selected filter and channel: with several channels
o = Σ_c M_c · vec(I_c) + b and the view shows one block M_c. Every entry that holds W_mn has W_mn's
colour, and its label when the cell is large enough; zeros are blank. The colours are Okabe-Ito's
for filters of up to 7 weights and Paul Tol's muted set for 8 or 9, both safe for colour-blind
eyes; larger filters repeat colours, and the labels, the legend and the selection tell those apart.

Above the matrix, vec(I)ᵀ lines up with its columns; beside it, o and dL/do line up with its rows.
Selecting a weight (in the legend or the matrix, or by stepping to dL/dW_mn) fades every other
entry and writes out dL/dW_mn = Σ dL/do_row · I_col over the places W_mn sits, beside backprop's
value: a dense layer's gradient dL/dM = dL/do · vec(I)ᵀ, summed over the tied entries. Colouring by
dL/dM shows that outer product itself, the entries M does not hold faded.

The matrix is painted from its visible rows and columns only (``unroll`` works out which weight
sits where from the indices), so a 64x64 image's 4096 x 4900 matrix scrolls and zooms as freely
as the worked example's 4 x 9.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable

import numpy as np
from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSplitter,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from convstudio.engine.shown_conv_layer import ShownLayer, role
from convstudio.engine.unroll import Unrolled
from convstudio.session.session import Session
from convstudio.ui.instruments.conv_layer_picker import ConvLayerPicker
from convstudio.ui.instruments.unrolled.dense_matrix import MIN_ZOOM, ZOOM_STEP, DenseMatrix, Strip
from convstudio.ui.instruments.unrolled.legend import Legend
from convstudio.ui.instruments.unrolled.words import Words
from convstudio.ui.widgets.pickers import Pickers

#: The view's filter, channel and image, as the pickers' letters.
LETTERS = {"filter": "f", "channel": "c", "image": "n"}


class UnrolledView(Words, QWidget):
    """The convolution of the selected filter and channel as one tied weight matrix."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.tap: int | None = 0
        self.filter = self.channel = self.image = 0
        self.padded = True
        self._shown_key: tuple[object, ...] = ()
        self.gradient_sum: float | None = None  # dL/dW of the selected weight, summed over its places
        self.backprop_value: float | None = None  # backprop's dL/dW of the same weight
        self._auto_fit = True  # until the learner zooms: fit the matrix to the view
        self.picker = ConvLayerPicker(session, self)
        self.picker.layer_changed.connect(self._spec_changed)
        self._layer_of: Callable[[], object] = lambda: None  # the trace self.layer was read from
        self.layer = self.picker.shown()
        self._build()
        session.spec_changed.connect(self._spec_changed)
        session.data_changed.connect(self.refresh)
        session.params_changed.connect(self.refresh)
        session.loss_recorded.connect(self.refresh)
        session.cursor_moved.connect(self._follow)
        self._spec_changed()

    def sizeHint(self) -> QSize:
        return QSize(520, 780)

    # --- building --------------------------------------------------------------------------------

    def _build(self) -> None:
        self.pickers = Pickers(
            self.tr("Show the row, filter and weight the current step works on"),
            keys="fcn",
            box_tip=self.tr("Which {what} the matrix is for"),
            follow_right=True,
        )
        self.boxes = {key: self.pickers.boxes[letter] for key, letter in LETTERS.items()}
        for key, box in self.boxes.items():
            box.valueChanged.connect(lambda v, key=key: self._choose(key, v - 1))
        self.padding_box = QCheckBox(self.tr("Padding columns"))
        self.padding_box.setChecked(True)
        self.padding_box.setToolTip(
            self.tr(
                "One column per cell of the zero-padded image (taps on the padding multiply a zero), "
                "or only the image's own cells (those taps are left out)"
            )
        )
        self.padding_box.toggled.connect(self._padding_toggled)
        self.pickers.add(self.padding_box)
        self.follow = self.pickers.follow
        row2 = QHBoxLayout()
        self.colour_box = QComboBox()
        self.colour_box.setAccessibleName(self.tr("Colour the entries by"))
        self.colour_box.addItem("", "weights")
        self.colour_box.addItem("", "grad")
        self._name_colours()
        self.colour_box.setToolTip(
            self.tr(
                "Colour the entries by the weight they hold, or by the gradient a free dense layer would "
                "get: the outer product of dL/do and vec(I)"
            )
        )
        self.colour_box.currentIndexChanged.connect(lambda _: self.refresh(force=True))
        row2.addWidget(self.colour_box)
        row2.addStretch(1)
        self.zoom_label = QLabel()
        self.zoom_label.setMinimumWidth(60)
        for text, tip, slot in (
            (
                "−",
                self.tr("Smaller entries (Ctrl + wheel)"),
                lambda: self.set_zoom(self.matrix.zoom / ZOOM_STEP),
            ),
            (
                "+",
                self.tr("Larger entries (Ctrl + wheel)"),
                lambda: self.set_zoom(self.matrix.zoom * ZOOM_STEP),
            ),
            (self.tr("Fit"), self.tr("The whole matrix in view"), self.fit),
        ):
            button = QToolButton()
            button.setText(text)
            button.setToolTip(tip)
            button.clicked.connect(slot)
            row2.addWidget(button)
        row2.addWidget(self.zoom_label)
        self.matrix = DenseMatrix()
        self.matrix.tap_clicked.connect(self.select)
        self.matrix.zoom_requested.connect(lambda f: self.set_zoom(self.matrix.zoom * f))
        self.scroll = QScrollArea()
        self.scroll.setWidget(self.matrix)
        self.scroll.setWidgetResizable(False)
        self.scroll.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.legend = Legend()
        self.legend.tap_clicked.connect(self.select)
        self.legend_title = QLabel()
        self.legend_title.setWordWrap(True)
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.equation = QLabel()
        self.equation.setWordWrap(True)
        self.equation.setTextFormat(Qt.TextFormat.RichText)
        self.equation.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.equation.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        legend_box = QVBoxLayout()
        legend_box.addWidget(self.legend_title)
        legend_box.addWidget(self.legend)
        legend_box.addStretch(1)
        words = QWidget()
        words_layout = QVBoxLayout(words)
        words_layout.setContentsMargins(0, 0, 0, 0)
        words_layout.addWidget(self.equation)
        words_layout.addWidget(self.text)
        words_layout.addStretch(1)
        words_scroll = QScrollArea()
        words_scroll.setWidgetResizable(True)
        words_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        words_scroll.setWidget(words)
        bottom = QWidget()
        bottom_layout = QHBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        bottom_layout.addLayout(legend_box)
        bottom_layout.addWidget(words_scroll, 1)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.scroll)
        split.addWidget(bottom)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(self.picker)
        layout.addWidget(self.pickers)
        layout.addLayout(row2)
        layout.addWidget(split, 1)

    # --- following the session -------------------------------------------------------------------

    def _spec_changed(self) -> None:
        if self.sender() is not self.picker:
            self.picker.configure()
        spec = self._read_layer()
        # The marked row was an output of the old network, which may have had more of them:
        # the new cursor marks its own once the matrix is rebuilt (_follow, below).
        self.matrix.set_marked_row(None)
        self.pickers.configure({"f": spec.filters, "c": spec.channels, "n": spec.batch})
        for key, letter in LETTERS.items():
            setattr(self, key, self.pickers.value(letter))
        self.padding_box.setVisible(spec.padding != (0, 0))
        taps = spec.kernel[0] * spec.kernel[1]
        if self.tap is not None and self.tap >= taps:
            self.tap = 0
        self._auto_fit = True
        self.refresh(force=True)
        self._follow()

    def _choose(self, key: str, value: int) -> None:
        setattr(self, key, value)
        self.refresh(force=True)

    def _padding_toggled(self, on: bool) -> None:
        self.padded = on
        self._auto_fit = True
        self.refresh(force=True)

    def _read_layer(self) -> ShownLayer:
        """The shown layer's arrays in the session's current iteration."""
        self.layer = self.picker.shown()
        self._layer_of = weakref.ref(self.session.trace)
        self._name_colours()
        return self.layer

    def _name_colours(self) -> None:
        named = self.layer.named
        self.colour_box.setItemText(0, named(self.tr("Colour: weights W")))
        self.colour_box.setItemText(1, named(self.tr("Colour: dL/dM = dL/do · vec(I)ᵀ")))

    def _follow(self) -> None:
        """Show the filter, image, row and weight the current step works on."""
        if not self.follow.isChecked():
            return
        s = self.session
        step = s.step
        found = None
        if step is not None:
            owner = s.trace.layer_of(step.number) if s.deep else None  # type: ignore[union-attr]
            found = role(s.trace, step.tensor, None if owner is None else owner.index)
        if found is not None and found[0] is not None and found[0] != self.picker.index:
            self.picker.set_layer(found[0])  # the step works in another conv layer: show that one
        row = None
        choice: dict[str, int] = {}
        tap = self.tap
        kw = self.layer.kernel[1]
        if step is not None and found is not None:
            tensor, index = found[1], step.index
            g = self.layer.geometry()
            if tensor == "dW" or (tensor == "W" and step.phase == "update"):
                f, c, m, k = index
                choice = {"filter": f, "channel": c}
                tap = m * kw + k
                if tensor == "dW" and s.cursor.adding:
                    n, rest = divmod(s.cursor.terms - 1, g.Ho * g.Wo)  # the term being added
                    choice["image"] = n
                    row = rest
            elif tensor in ("o", "do"):
                n, f, i, j = index
                choice = {"image": n, "filter": f}
                row = i * g.Wo + j
        changed = False
        for key, value in choice.items():
            if getattr(self, key) != value:
                setattr(self, key, value)
                self.pickers.set_value(LETTERS[key], value)
                changed = True
        if tap != self.tap:
            self.tap = tap
            changed = True
        self.matrix.set_marked_row(row)
        self.refresh(force=changed)
        if row is not None:
            self._reveal(row)

    def _reveal(self, row: int) -> None:
        """Scroll so that ``row`` (and the first weight on it) is in view."""
        u = self.matrix.unrolled
        if u is None:
            return
        cols = np.flatnonzero(u.tap_at(row, np.arange(u.shape[1])) >= 0)
        rect = self.matrix.entry_rect(row, int(cols[0]) if len(cols) else 0)
        self.scroll.ensureVisible(int(rect.center().x()), int(rect.center().y()), 60, 40)

    # --- choosing --------------------------------------------------------------------------------

    def select(self, tap: int | None) -> None:
        """Highlight every place weight ``tap`` (m*kw + k) sits, and write out its gradient."""
        self.tap = tap
        self.refresh(force=True)

    def set_zoom(self, zoom: float, *, fitted: bool = False) -> None:
        self.matrix.set_zoom(zoom)
        self._auto_fit = fitted
        self.zoom_label.setText(self._zoom_text())

    def _zoom_text(self) -> str:
        z = self.matrix.zoom
        return f"{z:.0f} px" if z >= 1 else f"1:{1 / z:.0f}"

    def fit(self) -> None:
        """A zoom that shows the whole matrix, within reason (entries of 1/10 px to 40 px)."""
        u = self.matrix.unrolled
        if u is None:
            return
        view = self.scroll.viewport().size()
        zoom = 40.0
        while zoom > MIN_ZOOM:
            size = self.matrix.size_at(zoom)
            if size.width() <= view.width() and size.height() <= view.height():
                break
            zoom = zoom - 1 if zoom > 2 else zoom * 0.9
        self.set_zoom(max(zoom, MIN_ZOOM), fitted=True)

    def showEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().showEvent(event)
        if self._auto_fit:
            self.fit()

    def resizeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().resizeEvent(event)
        if self._auto_fit and self.isVisible():
            self.fit()

    # --- drawing ---------------------------------------------------------------------------------

    def refresh(self, force: bool = False) -> None:
        s = self.session
        trace = s.trace
        if trace is not self._layer_of():
            self._read_layer()
        key = (trace, self.layer.index, self.filter, self.channel, self.image, self.padded, self.tap,
               self.matrix.marked_row, self.colour_box.currentData())  # fmt: skip
        if (
            not force
            and len(key) == len(self._shown_key)
            and all(a is b or a == b for a, b in zip(key, self._shown_key, strict=True))
        ):
            return
        self._shown_key = key
        spec = layer = self.layer
        g = layer.geometry()
        u = Unrolled(g, self.padded)
        names = layer.names
        named = layer.named
        f, c, n = self.filter, self.channel, self.image
        x = layer.x
        w = layer.w[f, c]
        o = layer.o[n, f].ravel()
        do = layer.grad_y[n, f].ravel()
        vec = u.vec(x[n, c])
        kh, kw = layer.kernel
        letter = layer.letter("W")
        labels = [
            f"{letter}{m + 1}{k + 1}" if max(kh, kw) < 10 else f"{letter}{m + 1},{k + 1}"
            for m in range(kh)
            for k in range(kw)
        ]
        out_cells = [divmod(r, g.Wo) for r in range(u.shape[0])]
        out = layer.letter("o")
        row_symbols = [
            f"{out}{i + 1}{j + 1}" if max(g.Ho, g.Wo) < 10 else f"{out}{i + 1},{j + 1}" for i, j in out_cells
        ]
        r_img, s_img = u.input_cell(np.arange(u.shape[1]))
        col_symbols = [
            "padding (0)" if pad else names.symbol("I", (n, c, int(r), int(q)))
            for r, q, pad in zip(r_img, s_img, u.in_padding(np.arange(u.shape[1])), strict=True)
        ]
        top = Strip(named("vec(I)ᵀ"), vec, col_symbols)
        strips = []
        if spec.channels > 1 or spec.bias:
            strips.append(
                Strip(
                    named(f"M{c + 1}·vec(I{c + 1})" if spec.channels > 1 else "M·vec(I)"),
                    u.apply(w, x[n, c]).ravel(),
                    [f"row {s}" for s in row_symbols],
                )
            )
        strips.append(Strip(named("o"), o, [names.symbol("o", (n, f, i, j)) for i, j in out_cells]))
        strips.append(Strip(named("dL/do"), do, [names.symbol("do", (n, f, i, j)) for i, j in out_cells]))
        self.matrix.set_data(u, w, labels, row_symbols, top, strips)
        self.matrix.set_grad((do, vec) if self.colour_box.currentData() == "grad" else None)
        self.matrix.set_selected(self.tap)
        self.legend.set_filter(w, labels, self.tap)
        self._write(u, names, labels)
        self.zoom_label.setText(self._zoom_text())
