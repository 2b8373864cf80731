"""How much gradient reaches each layer: the norms that show whether learning gets to the first layers.

Per iteration, the norm of dL/da, the gradient arriving at each layer's output, and of each
dL/dW; over a run, one array per layer. Each sigmoid passes on at most a quarter of its gradient,
so in a deep sigmoid stack the norms shrink layer by layer toward the input (vanishing gradients);
ReLU with He's initialisation keeps them about the same size.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from convstudio.engine import network as nw
from convstudio.engine.layer_params import built_layers
from convstudio.engine.trace_record import Recorded, record

Arrays = dict[str, np.ndarray]


@dataclass(frozen=True)
class Flow:
    """One iteration's gradient norms (Frobenius, over the whole batch)."""

    outputs: dict[int, float]  # layer index -> ‖dL/d(its output)‖
    weights: dict[str, float]  # "<i>.weight" -> ‖dL/dW‖ (before weight decay)
    input: float  # ‖dL/dx‖
    loss: float


@dataclass(frozen=True)
class FlowHistory:
    """The norms over a run: one array per layer, iteration by iteration."""

    outputs: dict[int, np.ndarray]
    weights: dict[str, np.ndarray]
    input: np.ndarray
    losses: np.ndarray

    def __len__(self) -> int:
        return len(self.losses)


def _norm(a: np.ndarray) -> float:
    return float(np.sqrt(np.sum(np.square(a, dtype=np.float64))))


def flow(rec: Recorded) -> Flow:
    """The gradient norms of one recorded iteration."""
    outputs = {layer.index: _norm(rec.grads[f"d{layer.index}:out"]) for layer in rec.layers}
    weights = {key: _norm(g) for key, g in rec.result.grads.items() if key.endswith(".weight")}
    return Flow(outputs, weights, _norm(rec.grads["dx"]), rec.result.loss)


def flow_of(
    network: Any, params: Mapping[str, Any], x: Any, target: Any, state: Mapping[str, Any] | None = None
) -> tuple[Flow, nw.Result]:
    """One iteration (``network.iterate``'s) and its gradient norms."""
    rec = record(network, params, x, target, state)
    return flow(rec), rec.result


def history(flows: Sequence[Flow]) -> FlowHistory:
    """The flows of a run of iterations, stacked per layer."""
    if not flows:
        raise ValueError("a history of gradient norms needs at least one iteration")
    return FlowHistory(
        {i: np.array([f.outputs[i] for f in flows]) for i in flows[0].outputs},
        {k: np.array([f.weights[k] for f in flows]) for k in flows[0].weights},
        np.array([f.input for f in flows]),
        np.array([f.loss for f in flows]),
    )


def run(
    network: Any,
    params: Mapping[str, Any],
    x: Any,
    target: Any,
    iterations: int,
    state: Mapping[str, Any] | None = None,
) -> tuple[FlowHistory, Arrays, dict[str, Any]]:
    """``iterations`` iterations on one batch: their norms, and the parameters and state after them."""
    if iterations < 1:
        raise ValueError(f"a run needs at least one iteration, not {iterations}")
    flows = []
    current: Mapping[str, Any] = params
    for _ in range(iterations):
        step, result = flow_of(network, current, x, target, state)
        flows.append(step)
        current, state = result.new_params, result.new_state
    return history(flows), dict(current), dict(state or {})


def he_init(network: Any, seed: int = 0) -> Arrays:
    """He's initialisation for ReLU networks: weights normal with variance 2/fan_in, biases 0
    (batch norm's γ 1, β 0), so each ReLU layer passes on a gradient of about the same size."""
    rng = np.random.default_rng(seed)
    params: Arrays = {}
    for layer in built_layers(network):
        for name, shape in layer.kind.param_shapes(layer.cfg, layer.in_shape).items():
            key = f"{layer.index}.{name}"
            if layer.type == "batch_norm" or name == "bias":
                params[key] = (
                    np.ones(shape) if layer.type == "batch_norm" and name == "weight" else np.zeros(shape)
                )
            else:
                std = math.sqrt(2.0 / layer.kind.fan_in(layer.cfg, layer.in_shape))
                params[key] = rng.normal(0.0, std, shape)
    return params
