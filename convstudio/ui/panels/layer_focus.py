"""The layer of a deep network the tensor panel shows: its input, parameters, output and their
gradients, under the keys and names of the network's trace (x, 0:out, 1.weight; I, o², W¹)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from convstudio.engine.layer_owners import network_owner
from convstudio.engine.network_trace import NetworkTrace
from convstudio.engine.steps import Step
from convstudio.ui.look import words


def focus_of(trace: NetworkTrace, step: Step | None, current: int) -> int:
    """The layer a step works in (the loss and a step in no layer keep ``current``)."""
    if step is None:
        return current
    if step.phase == "update":  # the layer whose parameter it updates
        owner = network_owner(step.tensor)
        return current if owner is None else owner
    layer = trace.layer_of(step.number)
    if layer is not None:
        return layer.index
    if step.phase == "forward" or step.phase == "backward":
        return len(trace.layers) - 1  # the loss: it compares the last layer's output
    return current


def input_key(index: int) -> str:
    """The trace's key of layer ``index``'s input."""
    return "x" if index == 0 else f"{index - 1}:out"


def columns(trace: NetworkTrace, index: int, input_grad: bool) -> list[tuple[str, list[list[str]]]]:
    """The tensor panel's columns for layer ``index``: each a title and its cards, each card a tensor
    beside its gradient (and, for the last layer, the target and the loss)."""
    layer = trace.layers[index]
    source = input_key(index)
    shown_input = [source, "d" + source] if index > 0 or input_grad else [source]
    params = [[key, "d" + key] for key in (f"{index}.weight", f"{index}.bias") if key in trace.values]
    outputs = []
    if layer.type == "batch_norm":
        outputs.append([f"{index}:mean", f"{index}:var"])
        outputs.append([f"{index}:xhat"])
    out = [f"{index}:out", f"d{index}:out"]
    last = index == len(trace.layers) - 1
    if last and "y" in trace.values:
        outputs += [out, ["q", "y", "L"]]
    elif last:
        outputs.append([*out, "t", "L"])
    else:
        outputs.append(out)
    translate = QCoreApplication.translate
    parameters = [(translate("TensorPanel", "Parameters"), params)] if params else []  # a ReLU has none
    return [
        (translate("TensorPanel", "Input"), [shown_input]),
        *parameters,
        (translate("TensorPanel", "Outputs"), outputs),
    ]


def letters(trace: NetworkTrace, index: int, tensor: str, ndim: int) -> str:
    """Which selectors (image n, filter f, channel c) pick the leading axes of ``tensor`` of layer
    ``index``; a view shows the rest: a map, a row or one number."""
    base = tensor[1:] if tensor.startswith("d") else tensor
    if base.endswith(".weight") and ndim == 4:
        return "cf" if trace.layers[index].type == "conv_transpose" else "fc"
    if ndim == 4:
        return "nc" if base == input_key(index) else "nf"
    if ndim == 2 and not base.endswith(".weight"):
        return "n"
    return ""


def selector_sizes(trace: NetworkTrace, index: int) -> dict[str, int]:
    """How many images, filters (output channels) and input channels layer ``index`` has."""
    layer = trace.layers[index]
    return {
        "n": trace.rec.batch,
        "f": layer.out_shape[0] if len(layer.out_shape) == 3 else 1,
        "c": layer.in_shape[0] if len(layer.in_shape) == 3 else 1,
    }


def title(trace: NetworkTrace, tensor: str) -> str:
    """A view's title: the tensor's symbol as the equations write it."""
    name = trace.names.name(tensor)
    return f"dL/d{name}" if tensor.startswith("d") else name


def heading(trace: NetworkTrace, index: int) -> str:
    """What the panel says of the layer it shows."""
    layer = trace.layers[index]
    return QCoreApplication.translate("TensorPanel", "Layer {0} of {1}: {2}").format(
        index + 1, len(trace.layers), words.layer_type(layer.type)
    )


def never_negative(trace: NetworkTrace, tensor: str) -> bool:
    """Whether ``tensor`` cannot hold a negative value: the loss, probabilities, class numbers and
    the outputs of a ReLU or sigmoid layer."""
    if tensor in ("L", "q", "y"):
        return True
    head, _, rest = tensor.partition(":")
    return rest == "out" and head.isdigit() and trace.layers[int(head)].type in ("relu", "sigmoid")
