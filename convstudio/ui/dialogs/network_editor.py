"""The network editor: a network of any depth as a list of layers (type, fields, output shape) to
add to, remove from, reorder and edit, with its input, loss and optimiser; an impossible network
is explained in place, on the layer it names, and cannot be applied."""

from __future__ import annotations

import copy
import html
import math
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QBrush, QColor, QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from convstudio.engine import network_edit
from convstudio.engine.network import param_shapes
from convstudio.ui.dialogs.network_fields import HIGHEST, LayerFields, OptimizerFields, field_words
from convstudio.ui.look import theme
from convstudio.ui.widgets.accessible_names import name_form_fields
from convstudio.ui.widgets.signals import signals_blocked

#: The colour of problems: dark enough on the light palette, light enough on the dark one (4.5:1).
PROBLEM = {False: "#B3261E", True: "#FF8A80"}
INPUT = ("channels", "height", "width")


def _value_text(name: str, value: Any) -> str:
    if name in ("kernel", "size") and not isinstance(value, (list, tuple)):
        value = [value, value]
    if isinstance(value, (list, tuple)):
        same = len(set(value)) == 1 and name not in ("kernel", "size")
        return str(value[0]) if same else "×".join(str(v) for v in value)
    return f"{value:g}" if isinstance(value, (int, float)) else str(value)


class NetworkEditor(QDialog):
    """Edits a copy of a network; ``network``, ``batch`` and ``origins`` (each layer's index in
    the network it was given, None for a new one) are what Apply gives the session."""

    def __init__(self, network: dict[str, Any], batch: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Network"))
        self.network: dict[str, Any] = copy.deepcopy(network)
        self.batch = batch
        self.origins: list[int | None] = list(range(len(self.network["layers"])))
        self.review = network_edit.review(self.network, batch)

        self.inputs: dict[str, QSpinBox] = {}
        names = {
            "channels": self.tr("Channels"),
            "height": self.tr("Image height"),
            "width": self.tr("Image width"),
            "batch": self.tr("Images in the batch"),
        }
        for name, start in [*((k, self.network["input"][k]) for k in INPUT), ("batch", batch)]:
            box = QSpinBox()
            box.setRange(0, HIGHEST)
            box.setValue(int(start))
            box.setAccessibleName(names[name])
            box.valueChanged.connect(self._input_edited)
            self.inputs[name] = box
        shape = QHBoxLayout()
        for i, name in enumerate(INPUT):
            if i:
                shape.addWidget(QLabel("×"))
            shape.addWidget(self.inputs[name], 1)
        size = QFormLayout()
        size.addRow(self.tr("Channels × height × width"), shape)
        size.addRow(names["batch"], self.inputs["batch"])
        input_box = QGroupBox(self.tr("Input"))
        input_box.setLayout(size)

        self.list = QListWidget()
        self.list.setAccessibleName(self.tr("Layers"))
        self.list.setMinimumSize(380, 180)
        self.list.setWordWrap(True)  # a layer's fields wrap rather than hide its end
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.currentRowChanged.connect(self._picked)
        self.list.installEventFilter(self)
        self.add_type = QComboBox()
        self.add_type.setAccessibleName(self.tr("Type of the layer to add"))
        for kind in network_edit.NEW_LAYER:
            self.add_type.addItem(kind, kind)
        self.add_button = QPushButton(self.tr("&Add layer"))
        self.add_button.setToolTip(self.tr("Add a layer of this type after the selected one"))
        self.remove_button = QPushButton(self.tr("&Remove"))
        self.up_button = QPushButton(self.tr("Move &up"))
        self.down_button = QPushButton(self.tr("Move &down"))
        self.up_button.setToolTip(self.tr("Move the selected layer up (Alt+Up in the list)"))
        self.down_button.setToolTip(self.tr("Move the selected layer down (Alt+Down in the list)"))
        self.remove_button.setToolTip(self.tr("Remove the selected layer (Delete in the list)"))
        for button in (self.add_button, self.remove_button, self.up_button, self.down_button):
            button.setAutoDefault(False)  # Return applies the network, whichever button has focus
        self.add_button.clicked.connect(self.add_layer)
        self.remove_button.clicked.connect(self.remove_layer)
        self.up_button.clicked.connect(lambda: self.move_layer(-1))
        self.down_button.clicked.connect(lambda: self.move_layer(+1))
        adding = QHBoxLayout()
        adding.addWidget(self.add_type, 1)
        adding.addWidget(self.add_button)
        moving = QHBoxLayout()
        for button in (self.up_button, self.down_button, self.remove_button):
            moving.addWidget(button)
        layers_box = QGroupBox(self.tr("Layers"))
        layers_layout = QVBoxLayout(layers_box)
        layers_layout.addWidget(self.list, 1)
        layers_layout.addLayout(moving)
        layers_layout.addLayout(adding)

        self.fields = LayerFields()
        self.fields.changed.connect(self._layer_edited)
        self.fields_box = QGroupBox()
        QVBoxLayout(self.fields_box).addWidget(self.fields)

        self.loss = QComboBox()
        self.loss.addItem(self.tr("mean squared error (mse)"), "mse")
        self.loss.addItem(self.tr("softmax cross-entropy (cross_entropy)"), "cross_entropy")
        self.loss.setCurrentIndex(max(self.loss.findData(self.network.get("loss")), 0))
        self.loss.currentIndexChanged.connect(self._training_edited)
        self.optimizer = OptimizerFields(self.network.get("optimizer", {}))
        self.optimizer.changed.connect(self._training_edited)
        training = QFormLayout()
        training.addRow(self.tr("Loss"), self.loss)
        name_form_fields(training)
        training_box = QGroupBox(self.tr("Training"))
        training_layout = QVBoxLayout(training_box)
        training_layout.addLayout(training)
        training_layout.addWidget(self.optimizer)

        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.problems = QLabel()
        self.problems.setObjectName("problems")
        self.problems.setWordWrap(True)
        self.problems.setTextFormat(Qt.TextFormat.RichText)
        self.buttons = QDialogButtonBox()
        # Accept role: Return presses the dialog's default button, and only an accept button is that.
        self.apply_button = self.buttons.addButton(self.tr("&Apply"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.apply_button.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        grid = QGridLayout()
        left = QVBoxLayout()
        left.addWidget(input_box)
        left.addWidget(layers_box, 1)
        right = QVBoxLayout()
        right.addWidget(self.fields_box)
        right.addWidget(training_box)
        right.addStretch(1)
        grid.addLayout(left, 0, 0)
        grid.addLayout(right, 0, 1)
        grid.setColumnStretch(0, 3)
        grid.setColumnStretch(1, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(grid, 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.problems)
        layout.addWidget(self.buttons)
        self._fill_list(0)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """On the list, Alt+Up and Alt+Down move the picked layer and Delete removes it."""
        if watched is self.list and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            alt = event.modifiers() & Qt.KeyboardModifier.AltModifier
            if alt and event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down):
                self.move_layer(-1 if event.key() == Qt.Key.Key_Up else +1)
                return True
            if event.key() == Qt.Key.Key_Delete and self.remove_button.isEnabled():
                self.remove_layer()
                return True
        return super().eventFilter(watched, event)

    # --- edits ------------------------------------------------------------------------------------

    def add_layer(self) -> None:
        """Add a layer of the chosen type after the selected one (at the end if none is)."""
        row = self.list.currentRow()
        at = len(self.network["layers"]) if row < 0 else row + 1
        kind = self.add_type.currentData()
        self.network = network_edit.inserted(self.network, at, network_edit.new_layer(kind))
        self.origins.insert(at, None)
        self._fill_list(at)

    def remove_layer(self) -> None:
        row = self.list.currentRow()
        if row < 0:
            return
        self.network = network_edit.removed(self.network, row)
        del self.origins[row]
        self._fill_list(min(row, len(self.network["layers"]) - 1))

    def move_layer(self, by: int) -> None:
        row = self.list.currentRow()
        if row < 0:
            return
        self.network = network_edit.moved(self.network, row, by)
        self.origins.insert(min(max(row + by, 0), len(self.origins) - 1), self.origins.pop(row))
        self._fill_list(min(max(row + by, 0), len(self.network["layers"]) - 1))
        self.list.setFocus()

    def _input_edited(self) -> None:
        self.network["input"] = {k: self.inputs[k].value() for k in INPUT}
        self.batch = self.inputs["batch"].value()
        self._refresh()

    def _layer_edited(self) -> None:
        row = self.list.currentRow()
        if row >= 0:
            self.network["layers"][row] = self.fields.layer()
            self._refresh()

    def _training_edited(self) -> None:
        self.network["loss"] = self.loss.currentData()
        self.network["optimizer"] = self.optimizer.optimizer()
        self._refresh()

    # --- what it shows ---------------------------------------------------------------------------

    def _fill_list(self, row: int) -> None:
        with signals_blocked(self.list):
            self.list.clear()
            for _ in self.network["layers"]:
                self.list.addItem(QListWidgetItem())
        self.list.setCurrentRow(row)
        self._picked(self.list.currentRow())

    def _picked(self, row: int) -> None:
        layers = self.network["layers"]
        layer = layers[row] if 0 <= row < len(layers) else None
        self.fields.show_layer(layer)
        self.fields_box.setTitle(
            self.tr("Layer {0} ({1})").format(row + 1, layer.get("type")) if layer else self.tr("No layer")
        )
        self.remove_button.setEnabled(layer is not None and len(layers) > 1)
        self.up_button.setEnabled(layer is not None and row > 0)
        self.down_button.setEnabled(layer is not None and row < len(layers) - 1)
        self._refresh()

    def layer_text(self, row: int) -> str:
        """A layer in a line or two: its number, type and output shape, then every field."""
        layer = self.network["layers"][row]
        start = network_edit.NEW_LAYER.get(str(layer.get("type")), {})
        parts = []
        for name in [*start, *(k for k in layer if k not in start and k != "type")]:
            value = layer.get(
                name, layer.get("size") if name == "stride" and "size" in start else start.get(name)
            )
            if name == "bias":
                parts.append(self.tr("bias") if value else self.tr("no bias"))
            else:
                parts.append(f"{field_words(name)} {_value_text(name, value)}")
        shape = self.review.shapes[row]
        if shape:
            out = "→ " + "×".join(map(str, shape))
        else:
            out = self.tr("→ cannot be built") if row in self.review.by_layer else self.tr("→ size unknown")
        head = f"{row + 1}. {layer.get('type')}  {out}"
        return f"{head}\n      {' · '.join(parts)}" if parts else head

    def _refresh(self) -> None:
        """Explain every problem in place; Apply only for a network the window can show."""
        self.review = network_edit.review(self.network, self.batch)
        color = PROBLEM[theme.is_dark(self.palette())]
        for row in range(self.list.count()):
            item = self.list.item(row)
            named = self.review.by_layer.get(row, [])
            item.setText(("⚠ " if named else "") + self.layer_text(row))
            item.setToolTip(" ".join(p[0].upper() + p[1:] + "." for p in named))
            item.setForeground(QBrush(QColor(color)) if named else QBrush())
            item.setData(Qt.ItemDataRole.UserRole, bool(named))
        problems = self.review.problems
        self.apply_button.setEnabled(not problems)
        if problems:
            items = "".join(f"<li>{html.escape(p[0].upper() + p[1:])}.</li>" for p in problems)
            title = self.tr("This network cannot be built:")
            self.problems.setText(f"<b>{title}</b><ul>{items}</ul>")
            self.problems.setStyleSheet(f"QLabel#problems {{ color: {color}; }}")
            self.summary.setText("")
            return
        self.problems.setText("")
        count = sum(math.prod(shape) for shape in param_shapes(self.network).values())
        last = "×".join(map(str, self.review.shapes[-1] or ()))
        self.summary.setText(
            self.tr("Output {0} per image; {1} parameters. Applying starts a fresh iteration.").format(
                last, count
            )
        )

    def marked(self) -> set[int]:
        """The layers (0-based) a problem names now."""
        return {row for row in range(self.list.count()) if self.list.item(row).data(Qt.ItemDataRole.UserRole)}
