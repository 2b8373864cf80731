"""A checked network's layers, each with its own parameters: for the instruments that run the
layers one at a time (receptive field, transposed convolution, scalar graph)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from convstudio.engine.network import NetworkError
from convstudio.engine.network_check import Built, check_network

Arrays = dict[str, np.ndarray]


def built_layers(network: Any) -> list[Built]:
    """The network's checked layers, or a NetworkError with every problem."""
    checked = check_network(network)
    if checked.problems:
        raise NetworkError(checked.problems)
    return checked.layers


def with_params(network: Any, params: Mapping[str, Any]) -> list[tuple[Built, Arrays]]:
    """Each layer with its parameters ("weight", "bias") as float64 arrays of the right shapes."""
    out: list[tuple[Built, Arrays]] = []
    for layer in built_layers(network):
        own: Arrays = {}
        for name, shape in layer.kind.param_shapes(layer.cfg, layer.in_shape).items():
            key = f"{layer.index}.{name}"
            if key not in params:
                raise ValueError(
                    f"the parameter {key!r} of layer {layer.index + 1} ({layer.type}) is missing"
                )
            value = np.asarray(params[key], dtype=np.float64)
            if value.shape != shape:
                raise ValueError(f"the parameter {key!r} must have shape {shape}, not {value.shape}")
            own[name] = value
        out.append((layer, own))
    return out


def layer_at(network: Any, index: int) -> Built:
    """Layer ``index`` (0-based) of the network, or a ValueError that says which layers there are."""
    layers = built_layers(network)
    if not 0 <= index < len(layers):
        raise ValueError(f"there is no layer {index + 1}: the network has layers 1 to {len(layers)}")
    return layers[index]
