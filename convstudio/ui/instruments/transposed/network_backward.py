"""What the transposed convolution instrument shows on a deep network: a conv_transpose layer's forward
beside a convolution's input gradient with the same weights, or, on a network without one, a conv
layer's input gradient rebuilt as a transposed convolution of its output gradient."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from convstudio.engine import ops, transpose_ops, transposed
from convstudio.engine.network_trace import NetworkTrace
from convstudio.engine.trace import Trace
from convstudio.ui.instruments.transposed.backward import ConvBackward, of_trace, spread


@dataclass(frozen=True)
class Shown:
    """The pair of computations on screen and the trace keys of their two sides."""

    backward: ConvBackward
    layer: int | None  # the conv_transpose layer shown (None: a convolution's backward)
    conv: int | None  # the conv layer whose backward is shown (None: a one-layer trace's, or a layer)
    stamps: str  # the trace key of the tensor whose cells stamp the kernel
    sums: str  # the trace key of the tensor the stamps add up to


def input_key(layer: int) -> str:
    """The deep trace's key of layer ``layer``'s input."""
    return "x" if layer == 0 else f"{layer - 1}:out"


def _layer_view(trace: NetworkTrace, k: int) -> Shown:
    cfg = trace.layers[k].cfg
    bias = trace.values.get(f"{k}.bias")
    view = transposed.view(
        np.asarray(trace.values[input_key(k)], dtype=np.float64),
        np.asarray(trace.values[f"{k}.weight"], dtype=np.float64),
        None if bias is None else np.asarray(bias, dtype=np.float64),
        stride=cfg["stride"],
        padding=cfg["padding"],
        output_padding=cfg["output_padding"],
    )
    backward = ConvBackward(view, (1, 1), view.kernel, view.conv_grad, False, view.taps)
    return Shown(backward, k, None, input_key(k), f"{k}:out")


def _conv_view(trace: NetworkTrace, k: int) -> Shown:
    cfg = trace.layers[k].cfg
    stride, padding, dilation = cfg["stride"], cfg["padding"], cfg["dilation"]  # pairs, once checked
    w = np.asarray(trace.values[f"{k}.weight"], dtype=np.float64)
    grad_o = np.asarray(trace.grads[f"d{k}:out"], dtype=np.float64)
    x = np.asarray(trace.values[input_key(k)], dtype=np.float64)
    wide = spread(w, dilation)
    extra = tuple((x.shape[2 + a] + 2 * padding[a] - wide.shape[2 + a]) % stride[a] for a in range(2))
    view = transposed.view(grad_o, wide, stride=stride, padding=padding, output_padding=extra)
    key = "d" + input_key(k)
    from_trace = key in trace.grads
    if from_trace:
        grad_input = np.asarray(trace.grads[key], dtype=np.float64)
    else:
        grad_input, _, _ = ops.conv2d_backward(
            x, w, grad_o, stride=stride, padding=padding, dilation=dilation
        )
    kernel = (int(w.shape[2]), int(w.shape[3]))
    mask = spread(np.ones((1, 1, *kernel)), dilation)
    ones = np.ones((1, 1, *grad_o.shape[2:]))
    taps = transpose_ops.conv_transpose2d_forward(
        ones, mask, stride=stride, padding=padding, output_padding=extra
    )
    backward = ConvBackward(view, dilation, kernel, grad_input, from_trace, np.rint(taps[0, 0]).astype(int))
    return Shown(backward, None, k, f"d{k}:out", key)


def choose(trace: Trace | NetworkTrace, focus: int) -> Shown | None:
    """The computation to show: the one-layer trace's convolution; on a deep network the focused
    conv_transpose layer (else the first), or without one the focused conv layer (else the first);
    None when the network has neither."""
    if not isinstance(trace, NetworkTrace):
        return Shown(of_trace(trace), None, None, "do", "dI")
    for kind, make in (("conv_transpose", _layer_view), ("conv", _conv_view)):
        found = [b.index for b in trace.layers if b.type == kind]
        if found:
            with np.errstate(over="ignore", invalid="ignore"):  # a diverged run: inf and NaN, as they are
                return make(trace, focus if focus in found else found[0])
    return None
