"""The tensors of the network as matrix views, each beside its gradient, following the cursor.

Three groups side by side, as data flows: the input (I, and dL/dI as an option), the parameters
(W and dL/dW, the bias, the dense weights) and the outputs (o, a, p, scores, target, each with its
gradient). A card shows one 2-D slice of its tensor; the image, filter and channel selectors pick
the slice, and follow the step being computed unless the learner turns that off.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable

import numpy as np
from PySide6.QtWidgets import (
    QCheckBox,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from convstudio.engine.trace import Cursor, Names, Step, Trace
from convstudio.session.session import Session
from convstudio.ui.matrix_view import MatrixView

#: Which selector picks each leading axis of a 4-D tensor: image n, filter f or channel c.
LEADING = {"I": "nc", "W": "fc", "o": "nf", "a": "nf", "p": "nf", "t": "nf"}
#: Room for each card in its column: maps get the most, single numbers the least.
STRETCH = {"I": 4, "W": 3, "o": 4, "a": 4, "p": 3, "V": 2, "s": 2, "t": 2}
#: Below this a card's column scrolls rather than squeezing the maps.
MIN_HEIGHT = {"I": 150, "W": 120, "o": 150, "a": 150, "p": 120, "V": 90, "t": 90}
EDITABLE = {"I", "W", "b", "V", "c", "t"}
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
}


def base(tensor: str) -> str:
    return tensor[1:] if tensor.startswith("d") and len(tensor) > 1 else tensor


class Selectors(QWidget):
    """Image, filter and channel spin boxes (1-based for the learner), and "follow the step"."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.boxes: dict[str, QSpinBox] = {}
        self.labels: dict[str, QLabel] = {}
        for key, text in (("n", "Image"), ("f", "Filter"), ("c", "Channel")):
            label = QLabel(text)
            box = QSpinBox()
            box.setMinimum(1)
            box.setToolTip(f"Which {text.lower()} the panels show")
            label.setBuddy(box)
            layout.addWidget(label)
            layout.addWidget(box)
            self.boxes[key], self.labels[key] = box, label
        self.follow = QCheckBox("Follow the step")
        self.follow.setChecked(True)
        self.follow.setToolTip("Show the image, filter and channel the current step works on")
        layout.addWidget(self.follow)
        layout.addStretch(1)

    def configure(self, counts: dict[str, int]) -> None:
        for key, box in self.boxes.items():
            box.blockSignals(True)
            box.setMaximum(max(counts[key], 1))
            box.blockSignals(False)
            shown = counts[key] > 1
            box.setVisible(shown)
            self.labels[key].setVisible(shown)
        self.follow.setVisible(any(n > 1 for n in counts.values()))

    def value(self, key: str) -> int:
        return self.boxes[key].value() - 1

    def set_value(self, key: str, value: int) -> None:
        box = self.boxes[key]
        if box.value() != value + 1:
            box.blockSignals(True)
            box.setValue(value + 1)
            box.blockSignals(False)


class Card(QWidget):
    """One tensor and (optionally) its gradient, side by side, with their titles."""

    def __init__(self, session: Session, tensor: str, grad: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.tensor = tensor
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        self.views: dict[str, MatrixView] = {}
        for name in [tensor, "d" + tensor] if grad else [tensor]:
            view = MatrixView()
            view.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
            if name in EDITABLE:
                view.set_editable(True)
                view.edited.connect(lambda r, c, v, name=name: self._edited(name, r, c, v))
            layout.addWidget(view, 1)
            self.views[name] = view
        self.lead: tuple[int, ...] = ()

    def _edited(self, name: str, row: int, col: int, value: float) -> None:
        self.session.edit(name, self.full_index(name, row, col), value)

    def full_index(self, name: str, row: int, col: int) -> tuple[int, ...]:
        ndim = np.ndim(self.session.trace.values.get(base(name), np.zeros(0)))
        if ndim == 4:
            return (*self.lead, row, col)
        if ndim == 2:
            return (row, col)
        if ndim == 1:
            return (col,)
        return ()


class TensorPanel(QWidget):
    """Every tensor of the current network; values as of the cursor, highlights of the step."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.selectors = Selectors()
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
        self._show_input_grad = False
        self._scales: dict[str, float] = {}
        self._trace_id = 0
        session.spec_changed.connect(self.rebuild)
        session.data_changed.connect(self.refresh)
        session.params_changed.connect(self.refresh)
        session.cursor_moved.connect(self.refresh)
        self.rebuild()

    # --- building -----------------------------------------------------------------------------

    def set_input_grad(self, on: bool) -> None:
        self._show_input_grad = on
        self.session.set_input_grad(on)
        self.rebuild()

    def rebuild(self) -> None:
        """Cards for the current network (after a spec change)."""
        while self.groups.count():
            old = self.groups.takeAt(0).widget()
            if old is not None:
                old.hide()  # deleteLater waits for the event loop; do not paint meanwhile
                old.setParent(None)
                old.deleteLater()
        self.cards.clear()
        spec = self.session.spec
        self.selectors.configure({"n": spec.batch, "f": spec.filters, "c": spec.channels})
        columns = [
            ("Input", [("I", self._show_input_grad)]),
            ("Parameters", [("W", True)] + ([("b", True)] if spec.bias else [])),
            ("Outputs", self._output_tensors()),
        ]
        if spec.head == "dense":
            columns[1][1].append(("V", True))
            if spec.bias:
                columns[1][1].append(("c", True))
        for title, tensors in columns:
            group = QGroupBox(title)
            layout = QVBoxLayout(group)
            layout.setContentsMargins(6, 6, 6, 6)
            for tensor, grad in tensors:
                card = Card(self.session, tensor, grad)
                four_d = len(self._shape(tensor)) == 4
                card.setMinimumHeight(MIN_HEIGHT.get(tensor, 150 if four_d else 70))
                self.cards[tensor] = card
                layout.addWidget(card, STRETCH.get(tensor, 1))
            if len(tensors) > 3:
                scroll = QScrollArea()
                scroll.setWidgetResizable(True)
                scroll.setWidget(group)
                scroll.setFrameShape(QScrollArea.Shape.NoFrame)
                self.groups.addWidget(scroll, 1 if title != "Outputs" else 2)
            else:
                self.groups.addWidget(group, 1 if title != "Outputs" else 2)
        self._trace_id = 0
        self.refresh()

    def _shape(self, tensor: str) -> tuple[int, ...]:
        spec = self.session.spec
        shapes = {"I": spec.input_shape, "o": spec.conv_shape, "a": spec.conv_shape, "p": spec.pooled_shape,
                  "t": spec.target_shape, **spec.param_shapes()}  # fmt: skip
        return tuple(shapes.get(tensor, ()))

    def _output_tensors(self) -> list[tuple[str, bool]]:
        spec = self.session.spec
        out = [("o", True)]
        if spec.activation != "none":
            out.append(("a", True))
        if spec.pooling != "none":
            out.append(("p", True))
        if spec.head == "dense":
            out.append(("s", True))
        if spec.loss == "cross_entropy":
            out += [("q", False), ("y", False)]
        else:
            out.append(("t", False))
        return out

    # --- refreshing ---------------------------------------------------------------------------

    def refresh(self) -> None:
        session = self.session
        trace, cursor = session.trace, session.cursor
        if id(trace) != self._trace_id:
            self._trace_id = id(trace)
            self._scales = {}
        step = trace.current(cursor)
        if step is not None and self.follow.isChecked():
            self._follow(step)
        reads, extra = self._reads(step, cursor)
        writes = {step.tensor: np.array([step.index])} if step is not None else {}
        names = trace.names
        for card in self.cards.values():
            t = card.tensor
            letters = LEADING.get(t, "")
            lead = tuple(self.selectors.value(k) for k in letters) if self._ndim(t) == 4 else ()
            card.lead = lead
            for name, view in card.views.items():
                shown = self._slice(trace, name, lead, cursor)
                if shown is None:
                    view.set_matrix(np.full((1, 1), np.nan))
                    view.set_title(f"{self._title(name)}  (not computed)")
                    continue
                view.set_title(self._title(name, lead))
                describe = _describer(names, name, lead, shown)
                view.set_matrix(shown, scale=self._scale(trace, name), describe=describe)
                view.set_highlights(
                    reads=_cells(reads.get(name), lead),
                    writes=_cells(writes.get(name), lead),
                    extra=_cells(extra.get(name), lead),
                )

    def _follow(self, step: Step) -> None:
        tensor, index = step.tensor, step.index
        letters = LEADING.get(base(tensor), "")
        if len(index) == 4 and letters:
            for key, value in zip(letters, index[:2], strict=True):
                self.selectors.set_value(key, value)
        elif base(tensor) in ("s", "q", "y", "t") and index:
            self.selectors.set_value("n", index[0])

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
        flat_offset = 0
        if full.ndim == 4:
            flat_offset = int(np.ravel_multi_index((*lead, 0, 0), full.shape))
            part = full[lead]
        else:
            part = full.reshape(1, -1) if full.ndim <= 1 else full
        if section is None:
            return part
        count = min(max(cursor.done - section.start, 0), section.size)
        positions = flat_offset + np.arange(part.size).reshape(part.shape)
        if section.phase == "update":  # old weights until their update step has run
            new = trace.it.new_params[name]
            new_part = new[lead] if new.ndim == 4 else new.reshape(part.shape)
            return np.where(positions < count, new_part, part)
        return np.where(positions < count, part, np.nan)

    def _scale(self, trace: Trace, name: str) -> float:
        """One colour scale per tensor and iteration, from all its values, so colours do not jump."""
        scale = self._scales.get(name)
        if scale is None:
            source = trace.grads if name.startswith("d") else trace.values
            values = [np.abs(np.asarray(source[name], dtype=np.float64))]
            if name in trace.it.new_params:
                values.append(np.abs(trace.it.new_params[name]))
            scale = max(float(np.nanmax(v)) if v.size else 0.0 for v in values)
            scale = scale if math.isfinite(scale) and scale > 0 else 1.0
            self._scales[name] = scale
        return scale

    def _title(self, name: str, lead: tuple[int, ...] = ()) -> str:
        b = base(name)
        title = TITLES.get(b, b) if name == b else f"dL/d{b}"
        letters = LEADING.get(b, "")
        spec = self.session.spec
        counts = {"n": spec.batch, "f": spec.filters, "c": spec.channels}
        words = {"n": "image", "f": "filter", "c": "channel"}
        parts = [f"{words[k]} {v + 1}" for k, v in zip(letters, lead, strict=False) if counts[k] > 1]
        return title + (f"  ·  {', '.join(parts)}" if parts else "")


def _describer(
    names: Names, name: str, lead: tuple[int, ...], shown: np.ndarray
) -> Callable[[int, int], str]:
    """Hover text for a cell: its 1-based symbol and exact value, as the equations write it."""

    def describe(row: int, col: int) -> str:
        value = float(shown[row, col])
        ndim = len(names.shown.get(base(name), (True, True)))
        index = (*lead, row, col) if ndim == 4 else (row, col) if ndim == 2 else (col,) if ndim == 1 else ()
        try:
            symbol = names.symbol(name, index)
        except (KeyError, ValueError, IndexError):
            symbol = f"{name}[{row + 1}, {col + 1}]"
        return f"{symbol} = {value!r}" if math.isfinite(value) else f"{symbol}: not computed yet"

    return describe


def _limited(reads: dict[str, np.ndarray], most: int = 4096) -> dict[str, np.ndarray]:
    return {k: v[:most] for k, v in reads.items()}


def _cells(index: np.ndarray | None, lead: tuple[int, ...]) -> Iterable[tuple[int, int]]:
    """(row, col) of the cells of ``index`` (k, ndim) that lie in the slice ``lead``."""
    if index is None or len(index) == 0:
        return []
    index = np.asarray(index)
    if index.ndim == 1:
        index = index.reshape(1, -1)
    ndim = index.shape[1]
    if ndim == 4:
        mask = (
            np.all(index[:, :2] == np.array(lead[:2]), axis=1)
            if len(lead) == 2
            else np.ones(len(index), bool)
        )
        return [(int(r), int(c)) for r, c in index[mask, 2:]]
    if ndim == 2:
        return [(int(r), int(c)) for r, c in index]
    if ndim == 1:
        return [(0, int(i)) for i in index[:, 0]]
    return [(0, 0)]
