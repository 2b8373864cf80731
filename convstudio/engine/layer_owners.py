"""Which layer of a network each traced tensor belongs to, for both traces: the strip lights it.

A tensor belongs to the layer that writes it (its output, or the gradient of its output) or that
holds it (its weights, their gradients and their update). The input and the loss belong to no layer:
``None``. The deep trace keys tensors by layer ("0:out", "d2:out", "1.weight"); the one-layer trace
names them as the textbooks do (o, a, p, s, W, V), so its owners come from the network its Spec is.
"""

from __future__ import annotations

from convstudio.engine.spec import Spec
from convstudio.engine.spec_network import to_network

#: The one-layer trace's tensor for each layer type's output (flatten has none: it reshapes p).
_OUTPUT = {"conv": "o", "relu": "a", "sigmoid": "a", "tanh": "a", "dense": "s"}


def network_owner(key: str) -> int | None:
    """The layer index of a deep trace's tensor key (``None``: the input, the target, the loss)."""
    base = key[1:] if key.startswith("d") and key[1:2].isdigit() else key
    head = base.split(":", 1)[0].split(".", 1)[0]
    return int(head) if head.isdigit() else None


def one_layer_outputs(spec: Spec) -> list[str]:
    """Each layer's output in the one-layer trace's names, in the order of ``to_network(spec)``."""
    outputs = []
    for layer in to_network(spec)["layers"]:
        kind = layer["type"]
        outputs.append(_OUTPUT.get(kind, "p" if kind.endswith("pool") or kind == "flatten" else kind))
    return outputs


def one_layer_owners(spec: Spec) -> dict[str, int]:
    """Every one-layer trace tensor that belongs to a layer, with that layer's index."""
    owners: dict[str, int] = {}
    for index, name in enumerate(one_layer_outputs(spec)):
        owners.setdefault(name, index)  # flatten passes p on; p stays the pooling's
    owners.update({"W": 0, "b": 0, "I": 0})  # dL/dI is the first layer's input gradient
    if "s" in owners:
        owners.update({"V": owners["s"], "c": owners["s"]})
    owners.update({"d" + name: index for name, index in owners.items()})
    owners.pop("I")
    return owners


def one_layer_owner(spec: Spec, tensor: str) -> int | None:
    """The layer index of a one-layer trace's tensor (``None``: the input, the target, the loss)."""
    return one_layer_owners(spec).get(tensor)
