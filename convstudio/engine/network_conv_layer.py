"""One conv layer of a network as the instruments read it: its input, filters, dL/do and geometry.

A deep network's conv layer is the one-layer convolution again, with its input activation for I
and the gradient arriving from above for dL/do. :class:`ConvLayer` gathers those arrays from a
recorded iteration, so the :class:`~convstudio.engine.correlation.Correlation` and
:class:`~convstudio.engine.unroll.Unrolled` of the one-layer instruments show any conv layer.
Its input gradient (the full convolution of dL/do with the flipped filters) is the gradient
that reaches the layer below: how learning gets to the first filter.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from convstudio.engine import ops
from convstudio.engine.correlation import Correlation
from convstudio.engine.network_trace import NetworkTrace
from convstudio.engine.trace_record import Recorded, record
from convstudio.engine.unroll import Unrolled


def conv_layers(source: NetworkTrace | Recorded) -> list[int]:
    """The 0-based indices of the network's conv layers, in order."""
    rec = source.rec if isinstance(source, NetworkTrace) else source
    return [layer.index for layer in rec.layers if layer.type == "conv"]


@dataclass(frozen=True)
class ConvLayer:
    """Layer ``index``'s arrays in one iteration: x (N, C, H, W) its input, w (F, C, kh, kw),
    b (F,) or None, grad_y (N, F, Ho, Wo) dL/do, and what backprop gave: grad_w, grad_b and
    grad_x, the gradient of its input (dL/dx itself for the first layer)."""

    index: int
    x: np.ndarray
    w: np.ndarray
    b: np.ndarray | None
    grad_y: np.ndarray
    grad_w: np.ndarray
    grad_b: np.ndarray | None
    grad_x: np.ndarray
    stride: tuple[int, int]
    padding: tuple[int, int]
    dilation: tuple[int, int]

    @classmethod
    def of(cls, source: NetworkTrace | Recorded, index: int) -> ConvLayer:
        """Layer ``index`` (0-based, as in the parameter keys) of a traced or recorded iteration."""
        rec = source.rec if isinstance(source, NetworkTrace) else source
        if not 0 <= index < len(rec.layers) or rec.layers[index].type != "conv":
            where = conv_layers(rec)
            listed = ", ".join(f"layer {i + 1}" for i in where) or "none"
            raise ValueError(
                f"layer {index + 1} is not a conv layer of this network; its conv layers: {listed}"
            )
        layer = rec.layers[index]
        below = rec.input_key(index)
        bias = f"{index}.bias"
        return cls(
            index,
            rec.values[below],
            rec.values[f"{index}.weight"],
            rec.values.get(bias),
            rec.grads[f"d{index}:out"],
            rec.grads[f"d{index}.weight"],
            rec.grads.get(f"d{bias}"),
            rec.grads["d" + below],
            layer.cfg["stride"],
            layer.cfg["padding"],
            layer.cfg["dilation"],
        )

    @classmethod
    def run(
        cls,
        network: Any,
        params: Mapping[str, Any],
        x: Any,
        target: Any,
        index: int,
        state: Mapping[str, Any] | None = None,
    ) -> ConvLayer:
        """Layer ``index`` of one iteration of ``network``, run here."""
        return cls.of(record(network, params, x, target, state), index)

    @property
    def geometry(self) -> ops.ConvGeometry:
        """The layer's sizes, as the one-layer instruments take them."""
        return ops.conv_geometry(
            self.x.shape[1:],
            self.w.shape[2:],
            stride=self.stride,
            padding=self.padding,
            dilation=self.dilation,
        )

    def correlation(self) -> Correlation:
        """The layer's three sliding sums: dL/dW = I ⋆ dL/do, dL/dI = dL/do ∗ W, o = I ⋆ W."""
        return Correlation(
            self.x,
            self.w,
            self.grad_y,
            self.b,
            stride=self.stride,
            padding=self.padding,
            dilation=self.dilation,
        )

    def unrolled(self, *, padded: bool = True) -> Unrolled:
        """The layer's convolution as one tied-weight matrix per filter slice."""
        return Unrolled(self.geometry, padded)
