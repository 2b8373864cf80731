"""Today's one-conv-layer Spec as a network of the network contract, and its parameters' keys."""

from __future__ import annotations

from typing import Any

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
