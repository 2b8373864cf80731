"""A checked network's layers, each with its own parameters: for the instruments that run the
layers one at a time (receptive field, transposed convolution, scalar graph)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from convstudio.engine.network import NetworkError, layer_params
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
    return [(layer, layer_params(layer, params)) for layer in built_layers(network)]
