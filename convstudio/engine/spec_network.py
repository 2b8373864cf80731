"""Today's one-conv-layer Spec as a network of the network contract, its parameters' keys, and
back: the Spec of a network the one-layer window can show."""

from __future__ import annotations

from typing import Any

from convstudio.engine.network_check import check_network
from convstudio.engine.spec import Spec


def to_network(spec: Spec) -> dict[str, Any]:
    """The network a Spec describes: conv, activation, pooling, then flatten and dense if it has a head."""
    layers: list[dict[str, Any]] = [
        {
            "type": "conv",
            "filters": spec.filters,
            "kernel": list(spec.kernel),
            "stride": list(spec.stride),
            "padding": list(spec.padding),
            "dilation": list(spec.dilation),
            "bias": spec.bias,
        }
    ]
    if spec.activation != "none":
        layers.append({"type": spec.activation})
    if spec.pooling == "global_avg":
        layers.append({"type": "global_avg_pool"})
    elif spec.pooling != "none":
        stride = spec.pool_size if spec.pool_stride is None else spec.pool_stride
        layers.append({"type": f"{spec.pooling}_pool", "size": list(spec.pool_size), "stride": list(stride)})
    if spec.head == "dense":
        layers.append({"type": "flatten"})
        layers.append({"type": "dense", "units": spec.classes, "bias": spec.bias})
    optimizer: dict[str, Any] = {"type": "sgd", "lr": spec.lr, "momentum": spec.momentum}
    return {
        "input": {"channels": spec.channels, "height": spec.height, "width": spec.width},
        "layers": layers,
        "loss": spec.loss,
        "optimizer": optimizer,
    }


def param_keys(spec: Spec) -> dict[str, str]:
    """Each Spec parameter's name (W, b, V, c) and its key in the network ("0.weight", ...)."""
    dense = len(to_network(spec)["layers"]) - 1
    names = {"W": "0.weight", "b": "0.bias", "V": f"{dense}.weight", "c": f"{dense}.bias"}
    return {name: names[name] for name in spec.param_shapes()}


def _built(network: Any) -> tuple[list[tuple[str, dict[str, Any]]], dict[str, Any]] | None:
    """Each layer's type and complete settings and the optimiser's, or None if it cannot be built."""
    checked = check_network(network)
    if checked.problems:
        return None
    return [(layer.type, layer.cfg) for layer in checked.layers], checked.optimizer


def from_network(network: Any, batch: int = 1) -> Spec | None:
    """The Spec of ``network`` (with ``batch`` images) when the one-layer window can show it: one
    conv layer, then at most an activation, a pooling and a flatten + dense head with the conv's
    bias, SGD without weight decay, within the window's limits; None for any other network."""
    built = _built(network)
    if built is None:
        return None
    layers, optimizer = built
    kinds = [kind for kind, _ in layers]
    if not kinds or kinds[0] != "conv" or optimizer["type"] != "sgd" or optimizer["weight_decay"]:
        return None
    conv = layers[0][1]
    fields: dict[str, Any] = {
        **{k: network["input"][k] for k in ("channels", "height", "width")},
        **{k: conv[k] for k in ("filters", "kernel", "stride", "padding", "dilation", "bias")},
        "batch": batch,
        "loss": network["loss"],
        "lr": optimizer["lr"],
        "momentum": optimizer["momentum"],
        "pooling": "none",
        "head": "none",
    }
    rest = kinds[1:]
    if rest and rest[0] in ("relu", "sigmoid", "tanh"):
        fields["activation"] = rest.pop(0)
    index = len(kinds) - len(rest)
    if rest and rest[0] in ("max_pool", "avg_pool", "global_avg_pool"):
        fields["pooling"] = rest.pop(0).removesuffix("_pool")
        if fields["pooling"] != "global_avg":
            size, stride = layers[index][1]["size"], layers[index][1]["stride"]
            fields["pool_size"], fields["pool_stride"] = size, None if stride == size else stride
    if rest == ["flatten", "dense"]:
        fields["head"], fields["classes"] = "dense", layers[-1][1]["units"]
    elif rest:
        return None
    spec = Spec(**fields)
    if spec.problems() or _built(to_network(spec)) != built:
        return None
    return spec


def describes(spec: Spec, network: Any) -> bool:
    """Whether ``network`` is the network ``spec`` describes (defaults and pairs written any way)."""
    built = _built(network)
    return built is not None and _built(to_network(spec)) == built
