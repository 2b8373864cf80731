"""The conv layer a one-layer instrument shows: its tensors and names under the one-layer keys.

The correlation and unrolled instruments speak of I, W, b, o, dL/do, dL/dW and dL/dI. On a
one-layer session those are the trace's own tensors; on a deep one they are one conv layer's
(:class:`~convstudio.engine.network_conv_layer.ConvLayer`), named as the network's trace names
them (I² is a¹, dL/dW², dL/do²). :func:`role` says which of those tensors a step computes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from convstudio.engine import ops
from convstudio.engine.network_conv_layer import ConvLayer
from convstudio.engine.network_names import NetworkNames
from convstudio.engine.network_trace import NetworkTrace
from convstudio.engine.trace import Trace

#: A lone I, W or o of a one-layer formula ("dL/dW = I ⋆ dL/do"), also after "dL/d".
_SYMBOL = re.compile(r"(?:(?<=dL/d)|(?<![A-Za-z]))([IWo])(?![A-Za-z])")


class TensorNames(Protocol):
    """What the instruments ask of a naming: ``W11``, ``dL/do12`` and the 1-based indices shown."""

    def indices(self, tensor: str, index: tuple[int, ...]) -> list[int]: ...

    def subscript(self, tensor: str, index: tuple[int, ...]) -> str: ...

    def symbol(self, tensor: str, index: tuple[int, ...], fmt: str = "text") -> str: ...


class LayerNames:
    """One conv layer's tensors under the one-layer keys, with the network's names (W², a¹ ...)."""

    def __init__(self, names: NetworkNames, keys: dict[str, str]) -> None:
        self._names, self._keys = names, keys

    def key(self, tensor: str) -> str:
        """The network's key for a one-layer key ("dW" of layer 2: "d2.weight")."""
        if tensor.startswith("d") and tensor[1:] in self._keys:
            return "d" + self._keys[tensor[1:]]
        return self._keys[tensor]

    def indices(self, tensor: str, index: tuple[int, ...]) -> list[int]:
        return self._names.indices(self.key(tensor), index)

    def subscript(self, tensor: str, index: tuple[int, ...]) -> str:
        return self._names.subscript(self.key(tensor), index)

    def symbol(self, tensor: str, index: tuple[int, ...], fmt: str = "text") -> str:
        return self._names.symbol(self.key(tensor), index, fmt)

    def name(self, tensor: str, fmt: str = "text") -> str:
        return self._names.name(self.key(tensor), fmt)


@dataclass(frozen=True)
class ShownLayer:
    """The arrays and names of the conv layer shown: x (N, C, H, W), w (F, C, kh, kw), b, o and
    the gradients; ``index`` the network layer (0-based), None on a one-layer session."""

    index: int | None
    x: np.ndarray
    w: np.ndarray
    b: np.ndarray | None
    o: np.ndarray
    grad_y: np.ndarray
    grad_w: np.ndarray
    grad_x: np.ndarray | None
    stride: tuple[int, int]
    padding: tuple[int, int]
    dilation: tuple[int, int]
    names: TensorNames

    @classmethod
    def of_trace(cls, trace: Trace) -> ShownLayer:
        """A one-layer session's convolution."""
        v, g, spec = trace.values, trace.grads, trace.spec
        return cls(
            None, v["I"], v["W"], v.get("b"), v["o"], g["do"], g["dW"], g.get("dI"),
            spec.stride, spec.padding, spec.dilation, trace.names,
        )  # fmt: skip

    @classmethod
    def of_network(cls, trace: NetworkTrace, index: int) -> ShownLayer:
        """Layer ``index`` (0-based) of a deep session; ValueError if it is not a conv layer."""
        layer = ConvLayer.of(trace, index)
        keys = {
            "I": trace.rec.input_key(index),
            "W": f"{index}.weight",
            "b": f"{index}.bias",
            "o": f"{index}:out",
        }
        return cls(
            index, layer.x, layer.w, layer.b, trace.rec.values[keys["o"]], layer.grad_y, layer.grad_w,
            layer.grad_x, layer.stride, layer.padding, layer.dilation, LayerNames(trace.names, keys),
        )  # fmt: skip

    @property
    def batch(self) -> int:
        return int(self.x.shape[0])

    @property
    def channels(self) -> int:
        return int(self.x.shape[1])

    @property
    def filters(self) -> int:
        return int(self.w.shape[0])

    @property
    def kernel(self) -> tuple[int, int]:
        return int(self.w.shape[2]), int(self.w.shape[3])

    @property
    def bias(self) -> bool:
        return self.b is not None

    def geometry(self) -> ops.ConvGeometry:
        return ops.conv_geometry(
            self.x.shape[1:], self.kernel, stride=self.stride, padding=self.padding, dilation=self.dilation
        )

    def letter(self, tensor: str) -> str:
        """A tensor's symbol without indices: "W" on one layer, "W²" on layer 2 of a network."""
        names = self.names
        return names.name(tensor) if isinstance(names, LayerNames) else tensor

    def named(self, text: str) -> str:
        """A one-layer formula or title with this layer's symbols: "dL/dW² = a¹ ⋆ dL/do²"."""
        if not isinstance(self.names, LayerNames):
            return text
        return _SYMBOL.sub(lambda m: self.letter(m.group(1)), text)

    def input_is(self) -> str | None:
        """What the layer's input is in the network, "a¹" for layer 2 (None: the image itself)."""
        names = self.names
        if not isinstance(names, LayerNames) or names.key("I") == "x":
            return None
        return names.name("I")


def role(trace: Trace | NetworkTrace, tensor: str, layer: int | None) -> tuple[int | None, str] | None:
    """The layer and one-layer key ("o", "dW", "dI", "W" ...) of the tensor a step writes, or None
    when it is no conv layer's. ``layer`` is the step's owner (None: the loss and the updates)."""
    if isinstance(trace, Trace):
        return None, tensor
    if layer is None:  # an update: "<i>.weight"
        head, _, tail = tensor.partition(".")
        if head.isdigit() and tail == "weight" and trace.layers[int(head)].type == "conv":
            return int(head), "W"
        return None
    head, _, tail = tensor[1:].partition(":")
    if tensor.startswith("d") and tail == "out" and trace.layers[int(head)].type == "conv":
        return int(head), "do"  # dL/do, written by the layer above
    if trace.layers[layer].type != "conv":
        return None
    keys = {f"{layer}:out": "o", f"d{layer}.weight": "dW", f"d{layer}.bias": "db"}
    keys["d" + trace.rec.input_key(layer)] = "dI"
    found = keys.get(tensor)
    return None if found is None else (layer, found)
