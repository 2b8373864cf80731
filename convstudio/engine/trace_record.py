"""One training iteration of a network with every tensor its trace shows, under the trace's keys.

Keys: ``"x"`` the input, ``"<i>:out"`` layer i's output, ``"<i>.weight"``/``"<i>.bias"`` its
parameters, ``"<i>:mean"``, ``"<i>:var"``, ``"<i>:xhat"`` a batch norm's statistics and normalised
input, ``"t"``/``"y"`` the target or labels, ``"q"`` the softmax, ``"L"`` the loss, the optimiser's
state keys as ``network.iterate`` has them; a gradient's key is ``"d"`` + its tensor's.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from convstudio.engine import network as nw
from convstudio.engine import ops, optim
from convstudio.engine.network_check import Built, check_network

Arrays = dict[str, np.ndarray]


@dataclass(frozen=True)
class Recorded:
    """The iteration ``network.iterate`` computes, with the intermediate tensors the trace reads."""

    network: Mapping[str, Any]
    layers: list[Built]
    optimizer: dict[str, Any]
    values: Arrays
    grads: Arrays
    state: Mapping[str, Any]
    result: nw.Result

    @property
    def batch(self) -> int:
        return int(self.values["x"].shape[0])

    def input_key(self, i: int) -> str:
        """The key of layer i's input."""
        return "x" if i == 0 else f"{i - 1}:out"


def record(
    network: Any, params: Mapping[str, Any], x: Any, target: Any, state: Mapping[str, Any] | None = None
) -> Recorded:
    """Run one iteration (``network.iterate``) and keep every tensor its trace shows."""
    state = {} if state is None else state
    result = nw.iterate(network, params, x, target, state)
    checked = check_network(network)
    layers = checked.layers
    values: Arrays = {"x": np.asarray(x, dtype=np.float64)}
    for key, value in params.items():
        values[key] = np.asarray(value, dtype=np.float64)
    caches = []
    for layer in layers:
        names = ("weight", "bias")
        own = {n: values[f"{layer.index}.{n}"] for n in names if f"{layer.index}.{n}" in values}
        inp = values["x" if layer.index == 0 else f"{layer.index - 1}:out"]
        y, cache = layer.kind.forward(layer.cfg, own, inp, None)
        values[f"{layer.index}:out"] = y
        caches.append((own, inp, cache))
        if layer.type == "batch_norm":
            mean, var = cache
            shape = (1, -1, 1, 1) if inp.ndim == 4 else (1, -1)
            values[f"{layer.index}:mean"], values[f"{layer.index}:var"] = mean, var
            values[f"{layer.index}:xhat"] = (inp - mean.reshape(shape)) * (
                1.0 / np.sqrt(var + layer.cfg["eps"])
            ).reshape(shape)
    last = f"{layers[-1].index}:out"
    output = values[last]
    if network["loss"] == "mse":
        values["t"] = np.asarray(target, dtype=np.float64)
        _, grad = ops.mse_loss(output, values["t"])
    else:
        values["y"] = np.asarray(target)
        values["q"] = ops.softmax(output)
        _, grad = ops.softmax_cross_entropy(output, values["y"])
    values["L"] = np.asarray(result.loss)
    grads: Arrays = {"d" + last: grad}
    for layer in reversed(layers):
        own, inp, cache = caches[layer.index]
        grad, pgrads = layer.kind.backward(layer.cfg, own, inp, cache, grad)
        grads["d" + ("x" if layer.index == 0 else f"{layer.index - 1}:out")] = grad
        for name, g in pgrads.items():
            grads[f"d{layer.index}.{name}"] = g
    for key in optim.state_keys(checked.optimizer, result.grads):
        if key in state and not key.endswith(".step"):
            values[key] = np.asarray(state[key], dtype=np.float64)
    return Recorded(network, layers, checked.optimizer, values, grads, state, result)
