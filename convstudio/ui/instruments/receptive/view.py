"""The receptive field instrument: pick a unit of any layer (or follow the step), put a one-hot gradient
on it and backpropagate: the input cells it reaches are the unit's receptive field, their sizes its
effective field; beside them the window the kernel, stride, dilation and padding arithmetic gives."""

from __future__ import annotations

import numpy as np
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from convstudio.engine.layer_owners import one_layer_owner
from convstudio.engine.network_check import check_network
from convstudio.engine.network_trace import NetworkTrace
from convstudio.engine.receptive_field import gradient_field, theoretical_field
from convstudio.engine.steps import Step
from convstudio.session.session import Session
from convstudio.ui.instruments.session_network import network_and_params, network_state, output_keys
from convstudio.ui.look.words import layer_type
from convstudio.ui.widgets.matrix_view import MatrixView

#: The unit's boxes: channel (or feature), row, column; 1-based on screen.
BOXES = ("channel", "row", "column")


class ReceptiveFieldView(QWidget):
    """The input with the chosen unit's field drawn on it, and the arithmetic beside it."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.layer_box = QComboBox()
        self.layer_box.setAccessibleName(self.tr("Layer of the unit"))
        self.boxes = {key: QSpinBox() for key in BOXES}
        self.follow = QCheckBox(self.tr("Follow the step"))
        self.follow.setChecked(True)
        self.follow.setToolTip(self.tr("Show the field of the unit the current forward step computes"))
        top, row = QHBoxLayout(), QHBoxLayout()  # two rows: one is too wide for a dock at 1024x768
        top.addWidget(QLabel(self.tr("Layer")))
        top.addWidget(self.layer_box)
        top.addWidget(self.follow)
        top.addStretch(1)
        self.box_labels = {
            "channel": QLabel(self.tr("Channel")),
            "row": QLabel(self.tr("Row")),
            "column": QLabel(self.tr("Column")),
        }
        for key, box in self.boxes.items():
            box.setAccessibleName(self.box_labels[key].text())
            row.addWidget(self.box_labels[key])
            row.addWidget(box)
            box.valueChanged.connect(self._picked)
        row.addStretch(1)
        self.input_view = MatrixView()
        self.input_view.setAccessibleName(self.tr("The input, with the unit's receptive field"))
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.working = QLabel()
        self.working.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(row)
        layout.addWidget(self.input_view, 3)
        # a deep network's arithmetic runs to many lines: they scroll rather than squeeze the input
        words = QWidget()
        words_layout = QVBoxLayout(words)
        words_layout.setContentsMargins(0, 0, 0, 0)
        words_layout.addWidget(self.summary)
        words_layout.addWidget(self.working)
        words_layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(words)
        layout.addWidget(scroll, 2)
        self.layer_box.currentIndexChanged.connect(self._picked)
        self.follow.toggled.connect(lambda on: on and self.redraw())
        self._layers: list[tuple[str, tuple[int, ...]]] = []
        self._outputs: list[str] = []
        self._quiet = False
        self._once = session.once_per_action(
            {
                "spec_changed": self.rebuild,
                "data_changed": self.redraw,
                "params_changed": self.redraw,
                "cursor_moved": self.redraw,
            },
            self,
        )
        session.focus_changed.connect(self._focused)
        self.rebuild()

    # --- choosing the unit ---------------------------------------------------------------------

    def rebuild(self) -> None:
        self._quiet = True
        built = check_network(network_and_params(self.session)[0]).layers
        self._layers = [(b.type, tuple(b.out_shape)) for b in built]
        self._outputs = output_keys(self.session)
        self.layer_box.clear()
        for k, (kind, _) in enumerate(self._layers):
            self.layer_box.addItem(self.tr("{0} ({1})").format(k + 1, layer_type(kind)))
        self._quiet = False
        self.redraw()

    def _fit_boxes(self, shape: tuple[int, ...]) -> None:
        maps = len(shape) == 3
        limits = shape if maps else (shape[0], 1, 1)
        for key, box, most in zip(BOXES, self.boxes.values(), limits, strict=True):
            box.setRange(1, most)
            visible = maps or key == "channel"
            box.setVisible(visible)
            self.box_labels[key].setVisible(visible)
        self.box_labels["channel"].setText(self.tr("Channel") if maps else self.tr("Feature"))

    def _picked(self) -> None:
        if not self._quiet:
            self.follow.setChecked(False)
            self.redraw()

    def _focused(self, layer: int) -> None:
        """The learner looks at layer ``layer``: show a unit of it (a step's unit still wins)."""
        if 0 <= layer < len(self._layers) and layer != self.layer_box.currentIndex():
            self._quiet = True
            self.layer_box.setCurrentIndex(layer)
            self._quiet = False
            self.redraw()

    def _step_unit(self, step: Step) -> tuple[int, tuple[int, ...], int] | None:
        """(layer, unit, image) of the layer output the step computes (on a deep network, also the
        one whose gradient it computes); None when it computes no unit."""
        if not self.session.deep:
            if step.phase == "forward" and step.tensor in self._outputs:
                layer = one_layer_owner(self.session.spec, step.tensor)
                if layer is not None:
                    return layer, tuple(step.index[1:]), step.index[0]
            return None
        key = step.tensor[1:] if step.phase == "backward" else step.tensor
        if step.phase in ("forward", "backward") and key in self._outputs:
            return self._outputs.index(key), tuple(step.index[1:]), step.index[0]
        return None

    def _step_layer(self, step: Step) -> int | None:
        """The deep network's layer the step works in, if any (the view follows it there)."""
        trace = self.session.trace
        if not isinstance(trace, NetworkTrace) or step.phase == "update":
            return None
        layer = trace.layer_of(step.number)
        return None if layer is None else layer.index

    def unit(self) -> tuple[int, tuple[int, ...], int]:
        """(layer, unit, image) the view shows: the step's, when following it and it computes one."""
        step = self.session.step
        layer = max(self.layer_box.currentIndex(), 0)
        if self.follow.isChecked() and step is not None:
            found = self._step_unit(step)
            if found is not None:
                return found
            stepped = self._step_layer(step)
            layer = layer if stepped is None else stepped
        shape = self._layers[layer][1]
        dims = shape if len(shape) == 3 else shape[:1]
        boxes = list(self.boxes.values())
        unit = tuple(min(max(box.value() - 1, 0), most - 1) for box, most in zip(boxes, dims, strict=False))
        image = step.index[0] if step is not None and step.index else 0
        # a parameter's step leads with its filter, not an image
        return layer, unit, min(image, int(self.session.x.shape[0]) - 1)

    # --- drawing -------------------------------------------------------------------------------

    def redraw(self) -> None:
        session = self.session
        layer, unit, image = self.unit()
        self._quiet = True
        self.layer_box.setCurrentIndex(layer)
        self._fit_boxes(self._layers[layer][1])
        for box, value in zip(self.boxes.values(), unit, strict=False):
            box.setValue(value + 1)
        self._quiet = False
        network, params = network_and_params(session)
        state = network_state(session)
        field = gradient_field(network, params, session.x, layer, unit, image=image, state=state)
        theory = theoretical_field(network, layer, unit)
        support = field.support
        window = theory.window_mask()
        self.input_view.set_title(self.tr("|d unit / dI|, image {0}").format(image + 1))
        self.input_view.set_matrix(field.magnitude, signed=False)
        reached = [tuple(map(int, c)) for c in np.argwhere(support)]
        missed = [] if window is None else [tuple(map(int, c)) for c in np.argwhere(window & ~support)]
        self.input_view.set_highlights(reads=reached, extra=missed)
        name = session.trace.names.symbol(self._outputs[layer], (image, *unit), "text")
        total = support.size
        text = self.tr("{0} (layer {1}) is reached from {2} of the {3} input cells (outlined in green):")
        text = text.format(name, layer + 1, int(support.sum()), total)
        text += " " + self.tr("its receptive field; the colours are how much each cell moves it.")
        if window is not None:
            text += " " + self.tr(
                "The arithmetic's window holds {0} cells inside the input; the gradient does not reach "
                "the dashed ones (a zero weight, a dilation's gap, or a pooling maximum elsewhere)."
            ).format(int(window.sum()))
        self.summary.setText(text)
        self.working.setText("\n".join(theory.working()))
