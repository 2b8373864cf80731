"""SGD (momentum, weight decay) and Adam, as torch.optim has them, with their state as plain data.

An optimiser step takes the parameters, their gradients and the state the previous step returned
(``{}`` at the start) and returns new parameters and a new state; nothing is modified in place,
so a state passed back as read-only copies works. State keys follow PyTorch's names, prefixed by
the parameter's key: ``"0.weight.momentum_buffer"``, ``"0.weight.exp_avg"``,
``"0.weight.exp_avg_sq"`` and ``"0.weight.step"`` (an int).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import numpy as np

Arrays = dict[str, np.ndarray]
#: Each optimiser's settings and their defaults (None: required).
SETTINGS: dict[str, dict[str, Any]] = {
    "sgd": {"lr": None, "momentum": 0.0, "weight_decay": 0.0},
    "adam": {"lr": None, "betas": [0.9, 0.999], "eps": 1e-8, "weight_decay": 0.0},
}
#: The state each optimiser keeps per parameter.
STATE_KEYS = {"sgd": ("momentum_buffer",), "adam": ("exp_avg", "exp_avg_sq", "step")}


def state_keys(optimizer: Mapping[str, Any], params: Mapping[str, Any]) -> set[str]:
    """Every key a step of this optimiser may leave in the state for these parameters."""
    kind = optimizer["type"]
    if kind == "sgd" and not optimizer.get("momentum", 0.0):
        return set()
    return {f"{name}.{key}" for name in params for key in STATE_KEYS[kind]}


def _decayed(grad: np.ndarray, p: np.ndarray, weight_decay: float) -> np.ndarray:
    return grad + weight_decay * p if weight_decay else grad


def sgd_step(
    params: Mapping[str, np.ndarray],
    grads: Mapping[str, np.ndarray],
    state: Mapping[str, Any],
    *,
    lr: float,
    momentum: float = 0.0,
    weight_decay: float = 0.0,
) -> tuple[Arrays, dict[str, Any]]:
    """g = grad + wd*p; with momentum buf = g at first, then buf = momentum*buf + g; p -= lr*buf."""
    new_params: Arrays = {}
    new_state: dict[str, Any] = {}
    for name, p in params.items():
        g = _decayed(grads[name], p, weight_decay)
        if momentum:
            key = f"{name}.momentum_buffer"
            g = new_state[key] = momentum * state[key] + g if key in state else g.copy()
        new_params[name] = p - lr * g
    return new_params, new_state


def adam_step(
    params: Mapping[str, np.ndarray],
    grads: Mapping[str, np.ndarray],
    state: Mapping[str, Any],
    *,
    lr: float,
    betas: tuple[float, float] | list[float] = (0.9, 0.999),
    eps: float = 1e-8,
    weight_decay: float = 0.0,
) -> tuple[Arrays, dict[str, Any]]:
    """m = b1*m + (1-b1)*g; v = b2*v + (1-b2)*g²; t += 1; p -= (lr/(1-b1^t)) * m / (√v/√(1-b2^t) + eps)."""
    b1, b2 = (float(b) for b in betas)
    new_params: Arrays = {}
    new_state: dict[str, Any] = {}
    for name, p in params.items():
        g = _decayed(grads[name], p, weight_decay)
        m = state.get(f"{name}.exp_avg")
        v = state.get(f"{name}.exp_avg_sq")
        t = int(state.get(f"{name}.step", 0)) + 1
        m = (1.0 - b1) * g if m is None else b1 * m + (1.0 - b1) * g
        v = (1.0 - b2) * (g * g) if v is None else b2 * v + (1.0 - b2) * (g * g)
        denom = np.sqrt(v) / math.sqrt(1.0 - b2**t) + eps
        new_params[name] = p - (lr / (1.0 - b1**t)) * (m / denom)
        new_state[f"{name}.exp_avg"], new_state[f"{name}.exp_avg_sq"], new_state[f"{name}.step"] = m, v, t
    return new_params, new_state


def step(
    optimizer: Mapping[str, Any],
    params: Mapping[str, np.ndarray],
    grads: Mapping[str, np.ndarray],
    state: Mapping[str, Any],
) -> tuple[Arrays, dict[str, Any]]:
    """One step of the optimiser a network names (``{"type": "sgd", "lr": 0.1, ...}``)."""
    settings = {k: v for k, v in optimizer.items() if k != "type"}
    if optimizer["type"] == "adam":
        return adam_step(params, grads, state, **settings)
    return sgd_step(params, grads, state, **settings)
