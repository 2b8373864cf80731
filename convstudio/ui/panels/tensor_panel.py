"""The tensors of the network as matrix views, each beside its gradient, following the cursor.

Three groups side by side, as data flows: the input (I, and dL/dI as an option; the original of a
loaded picture), the parameters (W and dL/dW, the bias, the dense weights) and the outputs (o, a,
p, s, each with its gradient; the last of them beside the target and the loss, which compares
them). A card shows one 2-D slice of its tensors; the image, filter and channel selectors pick
the slice, and follow the step being computed unless the learner turns that off.

At every step the cells the step reads are outlined, the cell it writes, and (backward) the value
whose gradient it is; a note beside the written tensor's title gives the value, the running sum
while adding term by term, or old -> new during the update.
"""

from __future__ import annotations

import math
import weakref
from collections.abc import Callable

import numpy as np
from PySide6.QtCore import QRectF, QSize, Qt, QTimer
from PySide6.QtGui import QImage, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from convstudio.engine.colour_scale import magnitude, scale_from
from convstudio.engine.cursor import Cursor
from convstudio.engine.model import Iteration
from convstudio.engine.notation import Names, exact, number
from convstudio.engine.spec import Spec
from convstudio.engine.steps import Step
from convstudio.engine.trace import Trace
from convstudio.session.session import Session
from convstudio.ui.look.loading_words import what_loading_did
from convstudio.ui.widgets.matrix_view import MatrixView, highlight_pen
from convstudio.ui.widgets.pickers import Pickers

#: Room for each card in its column: maps get the most, single numbers the least.
STRETCH = {"I": 4, "W": 4, "o": 4, "a": 4, "p": 3, "V": 2, "s": 3, "q": 3, "t": 2}
#: Below this a card's column scrolls rather than squeezing the maps.
MIN_HEIGHT = {"I": 150, "W": 130, "o": 150, "a": 150, "p": 110, "V": 80, "b": 64, "c": 64}
EDITABLE = {"I", "W", "b", "V", "c", "t", "y"}
PARAMETERS = ("W", "b", "V", "c")
#: The outputs column lays its cards out two abreast when it has more than this.
MOST_IN_A_COLUMN = 3
TITLES = {
    "I": "Input I",
    "W": "Filter W",
    "b": "Bias b",
    "o": "Output o = I ⋆ W",
    "a": "Activation a",
    "p": "Pooled p",
    "V": "Dense weights V",
    "c": "Dense bias c",
    "s": "Scores s",
    "q": "Probabilities q",
    "t": "Target t",
    "y": "Labels y",
    "L": "Loss L",
}
KEY = (
    ("reads", "reads"),
    ("writes", "writes"),
    ("subject", "gradient of"),
    ("extra", "other terms"),
)
TRAINING_REDRAW_MS = 33


def base(tensor: str) -> str:
    return tensor[1:] if tensor.startswith("d") and len(tensor) > 1 else tensor


def letters_for(tensor: str, ndim: int) -> str:
    """Which selectors pick the leading axes of a tensor (or its gradient) with ``ndim`` axes:
    image n, filter f, channel c. A view shows what is left: a map, a row or one number."""
    t = base(tensor)
    if t == "W":
        return "fc"
    if t in ("b", "V", "c", "L") or ndim == 0:
        return ""
    if ndim == 4:
        return "nc" if t == "I" else "nf"
    return "n"  # scores, probabilities, targets and labels: one row per image


class HighlightKey(QWidget):
    """What the outlines mean: a small sample of each, with its word."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setToolTip(
            "Green: the cells the step reads. Vermillion: the cell it writes. Dashed vermillion: the "
            "value whose gradient a backward step computes. Dashed blue: the other terms of a sum "
            "being added term by term."
        )
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

    def sizeHint(self) -> QSize:
        fm = self.fontMetrics()
        box = fm.height()
        width = sum(box + 4 + fm.horizontalAdvance(text) + 12 for _, text in KEY)
        return QSize(width, box + 6)

    def paintEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        painter = QPainter(self)
        fm = self.fontMetrics()
        box = fm.height() - 2
        x, y = 0.0, (self.height() - box) / 2
        for kind, text in KEY:
            pen = highlight_pen(kind, 30)
            painter.setPen(pen)
            inset = pen.widthF() / 2
            painter.drawRect(QRectF(x, y, box, box).adjusted(inset, inset, -inset, -inset))
            painter.setPen(self.palette().color(QPalette.ColorRole.WindowText))
            x += box + 4
            painter.drawText(
                QRectF(x, 0, fm.horizontalAdvance(text) + 2, self.height()),
                Qt.AlignmentFlag.AlignVCenter,
                text,
            )
            x += fm.horizontalAdvance(text) + 12
        painter.end()


class Card(QWidget):
    """One tensor beside its gradient (and, for what the loss compares, the target and the loss).

    The views stand side by side, one above the other or two by two, whichever gives them the
    largest cells (side by side unless another way is clearly better)."""

    def __init__(self, session: Session, names: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.tensor = names[0]
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setSpacing(8)
        self.shape = (1, len(names))
        self.views: dict[str, MatrixView] = {}
        for name in names:
            view = MatrixView()
            view.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
            if name in EDITABLE:
                view.set_editable(True, self._check_label if name == "y" else None)
                view.edited.connect(lambda r, c, v, name=name: self._edited(name, r, c, v))
            self.grid.addWidget(view, 0, len(self.views))
            self.grid.setColumnStretch(len(self.views), 1)
            self.views[name] = view
        self.lead: dict[str, tuple[int, ...]] = {}

    def _check_label(self, row: int, col: int, value: float) -> str | None:
        classes = self.session.spec.n_classes
        if value != round(value) or not 1 <= value <= classes:
            return f"A label is a class number from 1 to {classes}"
        return None

    def _edited(self, name: str, row: int, col: int, value: float) -> None:
        if name == "y":  # labels are shown as class 1, 2, ... like the lessons say
            value -= 1
        self.session.edit(name, self.full_index(name, row, col), value)

    def full_index(self, name: str, row: int, col: int) -> tuple[int, ...]:
        """The tensor index of a cell of the slice the view shows."""
        lead = self.lead.get(name, ())
        rest = np.ndim(self.session.trace.values.get(base(name), np.zeros(0))) - len(lead)
        if rest == 2:
            return (*lead, row, col)
        if rest == 1:
            return (*lead, col)
        return lead

    def resizeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().resizeEvent(event)
        self.arrange()

    def arrange(self) -> None:
        n, gap = len(self.views), self.grid.spacing()
        w, h = float(self.width()), float(self.height())

        def smallest_cell(rows: int, cols: int) -> float:
            size = ((w - gap * (cols - 1)) / cols, (h - gap * (rows - 1)) / rows)
            return min(v.cell_for(*size) for v in self.views.values())

        shapes = [(1, n), (n, 1)] + ([(2, math.ceil(n / 2))] if n >= 3 else [])
        cells = {shape: smallest_cell(*shape) for shape in shapes}
        best = max(shapes, key=cells.__getitem__)
        shape = best if cells[best] > cells[(1, n)] * 1.15 else (1, n)
        if shape != self.shape:
            self.shape = shape
            for i in range(max(n, 2)):
                self.grid.setRowStretch(i, 0)
                self.grid.setColumnStretch(i, 0)
            for i, view in enumerate(self.views.values()):
                self.grid.removeWidget(view)
                row, col = divmod(i, shape[1])
                self.grid.addWidget(view, row, col)
                self.grid.setRowStretch(row, 1)
                self.grid.setColumnStretch(col, 1)


class OriginalCard(QWidget):
    """The picture a learner loaded, as it was before it was made gray (or kept RGB) and resized."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel()
        self.picture = QLabel()
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.picture.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.picture.setMinimumSize(40, 40)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.picture, 1)
        self._pixmap = QPixmap()

    def show_image(self, image: QImage, text: str) -> None:
        self._pixmap = QPixmap.fromImage(image)
        self.title.setText(f"<b>Original</b> {text}")
        self.title.setWordWrap(True)
        self.title.setToolTip(text)
        self._fit()

    def resizeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        if self._pixmap.isNull():
            return
        size = self.picture.size()
        # Enlarged, a pixel stays a sharp square (smoothing made an 8x8 bar look like a gradient).
        growing = self._pixmap.width() < size.width() and self._pixmap.height() < size.height()
        mode = (
            Qt.TransformationMode.FastTransformation
            if growing
            else Qt.TransformationMode.SmoothTransformation
        )
        self.picture.setPixmap(self._pixmap.scaled(size, Qt.AspectRatioMode.KeepAspectRatio, mode))


def never_negative(spec: Spec, name: str) -> bool:
    """Whether tensor ``name`` cannot hold a negative value in this network: the loss, softmax
    probabilities, class numbers, and ReLU or sigmoid outputs (also once pooled)."""
    squashed = spec.activation in ("relu", "sigmoid")
    return name in ("L", "q", "y") or (squashed and name == "a") or (squashed and name == "p")


def _thumbnail(rgb: np.ndarray, most: int = 480) -> QImage:
    """(H, W, 3) floats in [0, 1] as a QImage no larger than ``most`` pixels a side."""
    pixels = np.ascontiguousarray(np.clip(np.round(rgb * 255), 0, 255).astype(np.uint8))
    h, w = pixels.shape[:2]
    image = QImage(pixels.data, w, h, 3 * w, QImage.Format.Format_RGB888).copy()
    if max(h, w) > most:
        image = image.scaled(
            most, most, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
        )
    return image


class TensorPanel(QWidget):
    """Every tensor of the current network; values as of the cursor, highlights of the step."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        # The panel takes the keyboard first (not a selector, which would show a text cursor);
        # the window's arrow and space shortcuts work whoever has it.
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.selectors = Pickers(
            "Show the image, filter and channel the current step works on",
            box_tip="Which {what} the panels show (↑ and ↓ change it)",
            arrows=True,
            lone_follow=False,
        )
        self.selectors.row.addWidget(HighlightKey())
        for box in self.selectors.boxes.values():
            box.valueChanged.connect(self.refresh)
        self.follow = self.selectors.follow
        self.follow.toggled.connect(self.refresh)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(4, 4, 4, 4)
        outer.addWidget(self.selectors)
        self.groups_box = QWidget()
        self.groups = QHBoxLayout(self.groups_box)
        self.groups.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.groups_box, 1)
        self.cards: dict[str, Card] = {}
        self.original = OriginalCard()
        self._originals: list[tuple[np.ndarray, QImage, str]] = []
        self._show_input_grad = False
        # Colour scales of the last few iterations, by a weak reference to each (not id(): a freed
        # iteration's id comes back): stepping back across an update finds them again.
        self._scales: list[tuple[weakref.ref[Iteration], dict[str, float]]] = []
        self._training_timer = QTimer(self)
        self._training_timer.setSingleShot(True)
        self._training_timer.setInterval(TRAINING_REDRAW_MS)
        self._training_timer.timeout.connect(self._show_training)
        session.once_per_action(
            {"spec_changed": self.rebuild, "data_changed": self.refresh, "params_changed": self.refresh,
             "cursor_moved": self.refresh}, self,
        )  # fmt: skip
        session.loss_recorded.connect(self._loss_recorded)
        self.rebuild()

    def view(self, name: str) -> MatrixView:
        """The matrix view that shows ``name`` (a tensor or its gradient, e.g. "W" or "dW")."""
        for card in self.cards.values():
            if name in card.views:
                return card.views[name]
        raise KeyError(f"no view shows {name}")

    # --- building -----------------------------------------------------------------------------

    def set_input_grad(self, on: bool) -> None:
        self._show_input_grad = on
        self.session.set_input_grad(on)
        self.rebuild()

    def show_original(self, rgb: np.ndarray, text: str) -> None:
        """Show the picture the current input was made from, for as long as that input is shown
        (undo hides it again, redo brings it back)."""
        x = self.session.x
        did = what_loading_did(rgb, x.shape[-2], x.shape[-1], x.shape[-3])
        self._originals = [*self._originals[-7:], (x, _thumbnail(rgb), f"{text}<br>{did}")]
        self._update_original()

    def _update_original(self) -> None:
        x = self.session.x
        match = next((o for o in reversed(self._originals) if o[0] is x), None)
        if match is not None:
            self.original.show_image(match[1], match[2])
        self.original.setVisible(match is not None)

    def rebuild(self) -> None:
        """Cards for the current network (after a spec change)."""
        self.original.setParent(None)
        while self.groups.count():
            old = self.groups.takeAt(0).widget()
            if old is not None:
                old.hide()  # deleteLater waits for the event loop; do not paint meanwhile
                old.setParent(None)
                old.deleteLater()
        self.cards.clear()
        spec = self.session.spec
        self.selectors.configure({"n": spec.batch, "f": spec.filters, "c": spec.channels})
        params = [p for p in PARAMETERS if p in spec.param_shapes()]
        columns = [
            ("Input", [["I", "dI"] if self._show_input_grad else ["I"]]),
            ("Parameters", [[p, "d" + p] for p in params]),
            ("Outputs", self._output_cards()),
        ]
        for place, (title, cards) in enumerate(columns):
            if place:
                line = QFrame()
                line.setFrameShape(QFrame.Shape.VLine)
                line.setFrameShadow(QFrame.Shadow.Sunken)
                self.groups.addWidget(line)
            # A title over plain window background rather than a group box, whose tinted inside
            # the matrix views would have to match: they paint their whole rectangle themselves.
            group = QWidget()
            column = QVBoxLayout(group)
            column.setContentsMargins(4, 0, 4, 0)
            heading = QLabel(f"<b>{title}</b>")
            heading.setObjectName("column")
            column.addWidget(heading)
            grid = QGridLayout()
            grid.setContentsMargins(0, 0, 0, 0)
            grid.setHorizontalSpacing(14)
            column.addLayout(grid, 1)
            abreast = 2 if len(cards) > MOST_IN_A_COLUMN and title == "Outputs" else 1
            needed = 0
            for i, names in enumerate(cards):
                card = Card(self.session, names)
                four_d = len(self._shape(names[0])) == 4
                height = MIN_HEIGHT.get(names[0], 130 if four_d else 80)
                card.setMinimumHeight(height)
                self.cards[names[0]] = card
                row, col = divmod(i, abreast)
                last_alone = abreast > 1 and i == len(cards) - 1 and col == 0
                grid.addWidget(card, row, col, 1, abreast if last_alone else 1)
                stretch = max(grid.rowStretch(row), STRETCH.get(names[0], 1))
                grid.setRowStretch(row, stretch)
                needed += height if col == 0 else 0
            if title == "Input":
                grid.addWidget(self.original, len(cards), 0)
                grid.setRowStretch(len(cards), 2)
            stretch = 2 if title == "Outputs" else 1
            if needed > 420:  # more than fits at 1280x800: scroll rather than squeeze
                scroll = QScrollArea()
                scroll.setWidgetResizable(True)
                scroll.setWidget(group)
                scroll.setFrameShape(QScrollArea.Shape.NoFrame)
                self.groups.addWidget(scroll, stretch)
            else:
                self.groups.addWidget(group, stretch)
        self.refresh()

    def _shape(self, tensor: str) -> tuple[int, ...]:
        spec = self.session.spec
        shapes = {"I": spec.input_shape, "o": spec.conv_shape, "a": spec.conv_shape, "p": spec.pooled_shape,
                  "t": spec.target_shape, **spec.param_shapes()}  # fmt: skip
        return tuple(shapes.get(tensor, ()))

    def _output_cards(self) -> list[list[str]]:
        """o, a, p, s (each with its gradient), the last beside the target and the loss L."""
        spec = self.session.spec
        layers = ["o"] + (["a"] if spec.activation != "none" else [])
        layers += (["p"] if spec.pooling != "none" else []) + (["s"] if spec.head == "dense" else [])
        cards = [[name, "d" + name] for name in layers]
        if spec.loss == "cross_entropy":
            cards.append(["q", "y", "L"])
        else:
            cards[-1] += ["t", "L"]
        return cards

    # --- refreshing ---------------------------------------------------------------------------

    def refresh(self) -> None:
        session = self.session
        trace, cursor = session.trace, session.cursor
        scales = self._scales_of(trace.it)
        step = trace.current(cursor)
        if step is not None and self.follow.isChecked():
            self._follow(step)
        mid = step is not None and cursor.terms > 0 and step.number == cursor.done
        reads, extra = self._reads(step, cursor)
        writes = {step.tensor: np.array([step.index])} if step is not None else {}
        subject = {}
        if step is not None and step.phase == "backward":
            subject = {base(step.tensor): np.array([step.index])}
        names = trace.names
        classes = float(self.session.spec.n_classes)
        for card in self.cards.values():
            for name, view in card.views.items():
                ndim = self._ndim(base(name))
                lead = tuple(self.selectors.value(k) for k in letters_for(name, ndim))
                card.lead[name] = lead
                shown = self._slice(trace, name, lead, cursor)
                if shown is None:
                    view.set_matrix(np.full((1, 1), np.nan))
                    view.set_title(self._title(name), "not computed")
                    continue
                note = ""
                if step is not None and name == step.tensor:
                    cell = _cells(np.array([step.index]), lead)
                    if cell:
                        note = self._note(step, names, cursor.terms if mid else 0)
                        if mid and step.op == "sum":  # the running sum stands in the cell being written
                            shown = shown.copy()
                            shown[cell[0]] = step.partial(cursor.terms)
                view.set_title(self._title(name), note)
                if name == "y":  # class numbers from 1, as the lessons and equations say
                    shown, scale = shown + 1, classes
                else:
                    scale = self._scale(trace, name, scales)
                view.set_matrix(
                    shown,
                    scale=scale,
                    describe=_describer(names, name, lead, ndim, shown),
                    signed=not never_negative(trace.spec, name),
                )
                view.set_highlights(
                    reads=_cells(reads.get(name), lead),
                    writes=_cells(writes.get(name), lead),
                    extra=_cells(extra.get(name), lead),
                    subject=_cells(subject.get(name), lead),
                )
        self._update_original()

    @staticmethod
    def _note(step: Step, names: Names, terms: int) -> str:
        """What the step puts in its cell: the value, a running sum, or old -> new."""
        symbol = names.symbol(step.tensor, step.index)
        if step.op == "update":
            old = step.blocks[0].columns[0].values[0]
            return f"{symbol}: {number(old)} → {number(step.result)}"
        if terms and step.op == "sum":
            return f"{symbol} so far: {number(step.partial(terms))} ({terms} of {step.n_terms} terms)"
        if terms:
            return f"{symbol}: term {terms} of {step.n_terms}"
        return f"{symbol} = {number(step.result)}"

    def _follow(self, step: Step) -> None:
        for key, value in zip(letters_for(step.tensor, len(step.index)), step.index, strict=False):
            self.selectors.set_value(key, value)

    @staticmethod
    def _reads(step: Step | None, cursor: Cursor) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
        """Cells of the term being added (mid-step), with the whole step's cells as secondary."""
        if step is None:
            return {}, {}
        whole = _limited(step.reads())
        if cursor.terms > 0 and step.number == cursor.done:
            return step.reads(cursor.terms - 1), whole
        return whole, {}

    def _ndim(self, tensor: str) -> int:
        values = self.session.trace.values
        return int(np.ndim(values[tensor])) if tensor in values else 0

    def _slice(self, trace: Trace, name: str, lead: tuple[int, ...], cursor: Cursor) -> np.ndarray | None:
        """The 2-D slice of ``name`` the learner sees at ``cursor``: NaN where not yet computed."""
        source = trace.grads if name.startswith("d") and name != "d" else trace.values
        full = source.get(name)
        if full is None:
            return None
        full = np.asarray(full, dtype=np.float64)
        section = trace.section_for(name)
        rest = full.ndim - len(lead)
        part = full[lead].reshape(1, -1) if rest < 2 else full[lead]
        if section is None:
            return part
        # The cells are written in row-major order: those before the cursor hold their values.
        offset = int(np.ravel_multi_index((*lead, *(0,) * rest), full.shape)) if full.ndim else 0
        count = min(max(cursor.done - section.start, 0), section.size)
        positions = offset + np.arange(part.size).reshape(part.shape)
        if section.phase == "update":  # old weights until their update step has run
            new_part = trace.it.new_params[name][lead].reshape(part.shape)
            return np.where(positions < count, new_part, part)
        return np.where(positions < count, part, np.nan)

    def _scales_of(self, it: Iteration) -> dict[str, float]:
        """The colour scales of iteration ``it`` (empty at first; ``_scale`` fills them in)."""
        for ref, scales in self._scales:
            if ref() is it:
                return scales
        scales = {}
        kept = [(ref, old) for ref, old in self._scales[-2:] if ref() is not None]
        self._scales = [*kept, (weakref.ref(it), scales)]
        return scales

    @staticmethod
    def _scale(trace: Trace, name: str, scales: dict[str, float]) -> float:
        """One colour scale per tensor and iteration, from all its values (and the parameters after
        the update), so colours do not jump: the largest magnitude, or 1 if none is finite and > 0."""
        scale = scales.get(name)
        if scale is None:
            source = trace.grads if name.startswith("d") else trace.values
            scale = magnitude(np.asarray(source[name], dtype=np.float64))
            if name in trace.it.new_params:
                scale = max(scale, magnitude(trace.it.new_params[name]))
            scale = scale_from(scale)
            scales[name] = scale
        return scale

    @staticmethod
    def _title(name: str) -> str:
        """The tensor's name (the selectors above say which image, filter and channel)."""
        b = base(name)
        return TITLES.get(b, b) if name == b else f"dL/d{b}"

    # --- training -------------------------------------------------------------------------------

    def _loss_recorded(self) -> None:
        if self.session.training and not self._training_timer.isActive():
            self._training_timer.start()  # at most ~30 redraws a second, however fast it trains

    def _show_training(self) -> None:
        """The parameters as training leaves them, iteration after iteration: the filter learning."""
        session = self.session
        if not session.training:
            return
        params = session.params
        for name in PARAMETERS:
            card = self.cards.get(name)
            if card is None or name not in params:
                continue
            view = card.views[name]
            values = params[name][card.lead.get(name, ())]
            view.set_title(self._title(name), f"training: iteration {session.iteration}")
            view.set_matrix(values)
            view.set_highlights()


def _describer(
    names: Names, name: str, lead: tuple[int, ...], ndim: int, shown: np.ndarray
) -> Callable[[int, int], str]:
    """Hover text for a cell: its 1-based symbol and exact value, as the equations write it."""
    rest = ndim - len(lead)

    def describe(row: int, col: int) -> str:
        value = float(shown[row, col])
        index = (*lead, row, col) if rest == 2 else (*lead, col) if rest == 1 else lead
        try:
            symbol = names.symbol(name, index)
        except (KeyError, ValueError, IndexError):
            symbol = f"{name}[{row + 1}, {col + 1}]"
        return f"{symbol} = {exact(value)}" if math.isfinite(value) else f"{symbol}: not computed yet"

    return describe


def _limited(reads: dict[str, np.ndarray], most: int = 4096) -> dict[str, np.ndarray]:
    return {k: v[:most] for k, v in reads.items()}


def _cells(index: np.ndarray | None, lead: tuple[int, ...]) -> list[tuple[int, int]]:
    """(row, col) in the view of the cells of ``index`` (k, ndim) that lie in the slice ``lead``."""
    if index is None or len(index) == 0:
        return []
    index = np.asarray(index)
    if index.ndim == 1:
        index = index.reshape(1, -1)
    tail = index[np.all(index[:, : len(lead)] == np.array(lead, dtype=index.dtype), axis=1), len(lead) :]
    if tail.shape[1] == 2:
        return [(int(r), int(c)) for r, c in tail]
    if tail.shape[1] == 1:
        return [(0, int(i)) for i in tail[:, 0]]
    return [(0, 0)] if len(tail) else []
