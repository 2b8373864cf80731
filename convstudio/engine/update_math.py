"""One parameter element's optimiser step as scalars, in the order ``optim`` computes it.

The trace's update steps replay through these, so a replayed update and its state agree with
``network.iterate`` to the bit: the same float64 operations on the same numbers.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any


def sgd(factors: Sequence[float], extra: Mapping[str, Any]) -> dict[str, float]:
    """p, dL/dp [, old buffer] -> g = grad + wd·p, the new buffer (with momentum) and the new p."""
    p, grad = float(factors[0]), float(factors[1])
    g = grad + extra["weight_decay"] * p if extra["weight_decay"] else grad
    out = {"g": g}
    if extra["momentum"]:
        g = extra["momentum"] * float(factors[2]) + g if len(factors) > 2 else g
        out["buffer"] = g
    out["new"] = p - extra["lr"] * g
    return out


def adam(factors: Sequence[float], extra: Mapping[str, Any]) -> dict[str, float]:
    """p, dL/dp, old m, old v -> g, m, v, the bias-corrected m̂ and v̂, the step size and the new p."""
    p, grad, m, v = (float(f) for f in factors[:4])
    b1, b2, t = extra["beta1"], extra["beta2"], extra["t"]
    g = grad + extra["weight_decay"] * p if extra["weight_decay"] else grad
    m = (1.0 - b1) * g if extra["fresh"] else b1 * m + (1.0 - b1) * g
    v = (1.0 - b2) * (g * g) if extra["fresh"] else b2 * v + (1.0 - b2) * (g * g)
    step_size = extra["lr"] / (1.0 - b1**t)
    root_v_hat = math.sqrt(v) / math.sqrt(1.0 - b2**t)
    new = p - step_size * (m / (root_v_hat + extra["eps"]))
    return {
        "g": g,
        "m": m,
        "v": v,
        "m_hat": m / (1.0 - b1**t),
        "v_hat": v / (1.0 - b2**t),
        "root_v_hat": root_v_hat,
        "step_size": step_size,
        "new": new,
    }


#: Each optimiser op's scalar step.
UPDATES = {"sgd": sgd, "adam": adam}
