"""The network editor's forms: one layer's fields and the optimiser's, each read back as the
network contract's plain data (a value that is not a number is passed on as typed, for the
network's check to explain)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QWidget,
)

from convstudio.engine import network_edit
from convstudio.ui.widgets.accessible_names import name_form_fields

PAIRS = ("kernel", "stride", "padding", "dilation", "output_padding", "size")
COUNTS = ("filters", "units")
NUMBERS = ("eps", "momentum", "lr", "weight_decay")
#: Above the window's limits, so that a value too large is explained rather than silently clamped.
HIGHEST = 99


def field_label(name: str) -> str:
    """The words a form shows for a field of a layer or of the optimiser."""
    translate = QCoreApplication.translate
    labels = {
        "filters": translate("NetworkFields", "Filters"),
        "kernel": translate("NetworkFields", "Kernel"),
        "stride": translate("NetworkFields", "Stride"),
        "padding": translate("NetworkFields", "Padding"),
        "dilation": translate("NetworkFields", "Dilation"),
        "output_padding": translate("NetworkFields", "Output padding"),
        "bias": translate("NetworkFields", "Bias"),
        "size": translate("NetworkFields", "Window size"),
        "eps": translate("NetworkFields", "ε (eps)"),
        "momentum": translate("NetworkFields", "Momentum"),
        "units": translate("NetworkFields", "Units"),
        "lr": translate("NetworkFields", "Learning rate η"),
        "weight_decay": translate("NetworkFields", "Weight decay"),
        "betas": translate("NetworkFields", "β₁, β₂ (betas)"),
    }
    return labels.get(name, name)


def field_words(name: str) -> str:
    """A field's name inside a line of text (the layer list's "filters 8 · kernel 3"): each
    language's own case, not the label lowercased (German nouns keep their capital)."""
    translate = QCoreApplication.translate
    words = {
        "filters": translate("NetworkFields", "filters"),
        "kernel": translate("NetworkFields", "kernel"),
        "stride": translate("NetworkFields", "stride"),
        "padding": translate("NetworkFields", "padding"),
        "dilation": translate("NetworkFields", "dilation"),
        "output_padding": translate("NetworkFields", "output padding"),
        "size": translate("NetworkFields", "window size"),
        "eps": translate("NetworkFields", "ε (eps)"),
        "momentum": translate("NetworkFields", "momentum"),
        "units": translate("NetworkFields", "units"),
    }
    return words.get(name, name)


def number_text(value: Any) -> str:
    return f"{value:g}" if isinstance(value, (int, float)) else str(value)


class NumberEdit(QLineEdit):
    """A real number as typed: 0.1, 1e-8; text that is no number reads back as that text."""

    def __init__(self, value: Any) -> None:
        super().__init__(number_text(value))

    def value(self) -> Any:
        try:
            return float(self.text())
        except ValueError:
            return self.text()


class PairEdit(QWidget):
    """Rows × columns, two spin boxes; a pair of equal values reads back as one number."""

    def __init__(self, value: Any, low: int) -> None:
        super().__init__()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        rows, cols = value if isinstance(value, (list, tuple)) else (value, value)
        self.boxes: list[QSpinBox] = []
        for i, v in enumerate((rows, cols)):
            box = QSpinBox()
            box.setRange(low, HIGHEST)
            box.setValue(int(v))
            self.boxes.append(box)
            layout.addWidget(box)
            if i == 0:
                layout.addWidget(QLabel("×"))

    def value(self) -> list[int]:
        return [box.value() for box in self.boxes]


class LayerFields(QWidget):
    """The fields of one layer, in a form; ``changed`` whenever one is edited."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.form = QFormLayout(self)
        self.form.setContentsMargins(0, 0, 0, 0)
        self._type = ""
        self.widgets: dict[str, QWidget] = {}

    def show_layer(self, layer: dict[str, Any] | None) -> None:
        """Build the form for ``layer`` (None: no layer picked)."""
        while self.form.rowCount():
            self.form.removeRow(0)
        self.widgets = {}
        if layer is None:
            self._type = ""
            return
        self._type = str(layer.get("type"))
        start = network_edit.NEW_LAYER.get(self._type, {})
        for name in start:
            default = layer.get("size", start[name]) if name == "stride" and "size" in start else start[name]
            value = layer.get(name, default)  # a pool's stride left out is its window's size
            widget: QWidget
            if name in PAIRS:
                widget = PairEdit(value, 0)
                for box in widget.boxes:
                    box.valueChanged.connect(self.changed)
            elif name in COUNTS:
                widget = QSpinBox()
                widget.setRange(0, HIGHEST)
                widget.setValue(int(value))
                widget.valueChanged.connect(self.changed)
            elif name == "bias":
                widget = QCheckBox()
                widget.setChecked(bool(value))
                widget.toggled.connect(self.changed)
            else:
                widget = NumberEdit(value)
                widget.textChanged.connect(self.changed)
            self.widgets[name] = widget
            self.form.addRow(field_label(name), widget)
        if not start:
            self.form.addRow(QLabel(self.tr("This layer has no fields.")))
        name_form_fields(self.form)

    def layer(self) -> dict[str, Any]:
        """The layer as the form holds it."""
        out: dict[str, Any] = {"type": self._type}
        for name, widget in self.widgets.items():
            if isinstance(widget, PairEdit):
                rows, cols = widget.value()
                out[name] = rows if rows == cols else [rows, cols]
            elif isinstance(widget, QSpinBox):
                out[name] = widget.value()
            elif isinstance(widget, QCheckBox):
                out[name] = widget.isChecked()
            elif isinstance(widget, NumberEdit):
                out[name] = widget.value()
        return out


class OptimizerFields(QWidget):
    """The optimiser: SGD or Adam and their fields; ``changed`` whenever one is edited."""

    changed = Signal()

    def __init__(self, optimizer: dict[str, Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.form = QFormLayout(self)
        self.form.setContentsMargins(0, 0, 0, 0)
        self.kind = QComboBox()
        self.kind.addItem(self.tr("SGD"), "sgd")
        self.kind.addItem(self.tr("Adam"), "adam")
        self.form.addRow(self.tr("Optimiser"), self.kind)
        start = {**network_edit.NEW_OPTIMIZER["adam"], **network_edit.NEW_OPTIMIZER["sgd"], **optimizer}
        self.edits: dict[str, NumberEdit] = {}
        for name in ("lr", "momentum", "weight_decay", "eps"):
            self.edits[name] = NumberEdit(start[name])
            self.form.addRow(field_label(name), self.edits[name])
        betas = QWidget()
        row = QHBoxLayout(betas)
        row.setContentsMargins(0, 0, 0, 0)
        self.betas = [NumberEdit(b) for b in start["betas"]]
        for edit in self.betas:
            row.addWidget(edit)
        self.form.addRow(field_label("betas"), betas)
        self._betas_row = betas
        name_form_fields(self.form)
        for i, edit in enumerate(self.betas, start=1):
            edit.setAccessibleName(f"{field_label('betas')}, {i}")
        self.kind.setCurrentIndex(max(self.kind.findData(optimizer.get("type")), 0))
        self._show_rows()
        self.kind.currentIndexChanged.connect(self._show_rows)
        self.kind.currentIndexChanged.connect(self.changed)
        for edit in [*self.edits.values(), *self.betas]:
            edit.textChanged.connect(self.changed)

    def _show_rows(self) -> None:
        adam = self.kind.currentData() == "adam"
        self.form.setRowVisible(self.edits["momentum"], not adam)
        self.form.setRowVisible(self.edits["eps"], adam)
        self.form.setRowVisible(self._betas_row, adam)

    def optimizer(self) -> dict[str, Any]:
        """The optimiser as the form holds it: only the fields of its type."""
        kind = self.kind.currentData()
        out: dict[str, Any] = {"type": kind}
        for name in network_edit.NEW_OPTIMIZER[kind]:
            if name == "betas":
                out[name] = [edit.value() for edit in self.betas]
            elif name != "type":
                out[name] = self.edits[name].value()
        return out
