"""The network strip over the session: the input, each layer and the loss, lit where the step works.

Values appear in a box's picture as the forward pass computes them and gradients as the backward
pass does (NaN cells, not computed yet, stay empty). Clicking a layer moves the cursor to that
layer's first step of the current phase, so the strip doubles as a map of the iteration.
"""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtWidgets import QVBoxLayout, QWidget

from convstudio.engine.cursor import Cursor
from convstudio.engine.layer_owners import network_owner, one_layer_outputs, one_layer_owner
from convstudio.engine.network_check import check_network
from convstudio.engine.network_trace import NetworkTrace
from convstudio.session.session import Session
from convstudio.ui.look.words import layer_type as kind_words
from convstudio.ui.panels.tensor_slices import KeptByTrace, slice_key
from convstudio.ui.widgets.network_strip import Box, NetworkStrip


def shape_words(shape: tuple[int, ...]) -> str:
    """A per-image shape: channels × rows × columns, or a number of features."""
    return "\u00d7".join(str(d) for d in shape)


def part(shape: tuple[int, ...], image: int, channel: int) -> tuple[int, ...]:
    """Which part of a batch tensor a box shows: one map of one image, one image's row, or all."""
    if len(shape) == 4:
        return (min(image, shape[0] - 1), min(channel, shape[1] - 1))
    if len(shape) in (2, 3):  # a row of features, or one image's values as a row
        return (min(image, shape[0] - 1),)
    return ()


def picture(values: np.ndarray) -> np.ndarray:
    """A part as a picture: a map as it is, a row of features as one row."""
    return values if values.ndim == 2 else np.atleast_2d(values.reshape(-1))


class NetworkPanel(QWidget):
    """The strip, kept in step with the session's trace and cursor."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.strip = NetworkStrip(self)
        self.strip.setAccessibleName(self.tr("Network: the layers, lit where the current step works"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.strip)
        self.strip.box_clicked.connect(self.go_to_layer)
        session.focus_changed.connect(self.strip.set_focused)  # a click, Follow the step, an instrument
        self._layers: list[tuple[str, tuple[int, ...]]] = []
        self._outputs: list[str] = []
        self._pictures = KeptByTrace()  # each box's picture: a box keeps its very array
        self._rebuild()
        wiring = {
            "spec_changed": self._rebuild,
            "data_changed": self.redraw,
            "params_changed": self.redraw,
            "cursor_moved": self.redraw,
        }
        self._once = session.once_per_action(wiring, self)

    def _rebuild(self) -> None:
        session = self.session
        checked = check_network(session.network)
        self._layers = [(b.type, tuple(b.out_shape)) for b in checked.layers]
        if session.deep:
            self._outputs = [f"{b.index}:out" for b in checked.layers]
        else:
            self._outputs = one_layer_outputs(session.spec)
        self.redraw()

    def _owner(self, tensor: str, number: int) -> int | None:
        """The layer whose step ``number`` writes ``tensor`` (None: the loss, or no layer)."""
        trace = self.session.trace
        if isinstance(trace, NetworkTrace):
            if trace.section_of(number).phase == "update":  # the layer whose parameter it updates
                return network_owner(tensor)
            layer = trace.layer_of(number)
            return None if layer is None else layer.index
        return one_layer_owner(self.session.spec, tensor)

    def redraw(self) -> None:
        session, trace = self.session, self.session.trace
        step = session.step
        image = step.index[0] if step is not None and step.index else 0
        backward = step is not None and step.phase != "forward"
        owner = self._owner(step.tensor, step.number) if step is not None else None
        channel = step.index[1] if step is not None and len(step.index) == 4 and owner is not None else 0
        boxes = [self._input_box(image)]
        for k, ((kind, shape), name) in enumerate(zip(self._layers, self._outputs, strict=True)):
            tensor = "d" + name if backward and trace.section_for("d" + name) is not None else name
            lit_here = owner == k
            full = trace.array(tensor)
            lead = part(full.shape, image, channel if lit_here else 0)
            key = slice_key(trace, tensor, lead, session.cursor)
            values = self._pictures.get(k, trace, key)
            if values is None:  # a step changes one box's picture: the others keep theirs, which
                values = picture(trace.value_part(tensor, session.cursor, lead))  # the strip
                self._pictures.put(k, trace, key, values)  # then knows unchanged without comparing
            boxes.append(
                Box(
                    k,
                    kind_words(kind),
                    shape_words(shape),
                    values,
                    self._describe(k, kind, shape, lit_here),
                )
            )
        boxes.append(self._loss_box())
        if step is None:
            lit = None
        elif owner is None:
            lit = len(boxes) - 1  # the loss (its forward, and the gradient it starts)
        else:
            lit = owner + 1
        flow = (
            ""
            if step is None
            else ("forward" if step.phase == "forward" else "backward" if step.phase == "backward" else "")
        )
        self.strip.show_boxes(tuple(boxes), lit, flow)

    def _input_box(self, image: int) -> Box:
        x = self.session.x
        return Box(
            None,
            self.tr("input"),
            shape_words(tuple(x.shape[1:])),
            picture(x[part(x.shape, image, 0)]),
            self.tr("the input image"),
        )

    def _loss_box(self) -> Box:
        loss = self.session.value("L")
        value = float(np.asarray(loss).reshape(-1)[0]) if np.asarray(loss).size else math.nan
        kind = self.tr("MSE") if self.session.network["loss"] == "mse" else self.tr("cross-entropy")
        shown = f"L = {value:.4g}".replace("-", "\u2212") if math.isfinite(value) else kind
        return Box(None, self.tr("loss"), shown, None, self.tr("the loss, {0}").format(kind))

    def _describe(self, k: int, kind: str, shape: tuple[int, ...], lit: bool) -> str:
        text = self.tr("layer {0}, {1}, output {2}").format(k + 1, kind_words(kind), shape_words(shape))
        return text + (self.tr(", the current step works here") if lit else "")

    def go_to_layer(self, layer: int) -> None:
        """Move the cursor to the first step of ``layer`` in the phase the cursor is in."""
        session, trace = self.session, self.session.trace
        step = session.step
        phase = step.phase if step is not None else "forward"
        for phases in ((phase,), ("forward", "backward", "update")):
            for sec in trace.sections:
                if sec.phase in phases and sec.size and self._owner(sec.tensor, sec.start) == layer:
                    self.strip.set_focused(layer)
                    session.set_focus(layer)
                    session.go_to(Cursor(sec.start + 1, 0))
                    return
