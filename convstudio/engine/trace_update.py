"""Update steps: one parameter element's optimiser step with the optimiser's state as factors
(SGD's momentum buffer and weight decay; Adam's m and v, their bias corrections, the step size)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from convstudio.engine.network_check import Built
from convstudio.engine.steps import Block, Column, Section
from convstudio.engine.trace_forward import Parts

if TYPE_CHECKING:
    from convstudio.engine.network_trace import NetworkTrace


def _state(t: NetworkTrace, key: str, cell: np.ndarray, index: tuple[int, ...]) -> Column:
    """The optimiser's state before this step (0 when there is none yet)."""
    value = float(t.values[key][index]) if key in t.values else 0.0
    return Column(key, cell, np.array([value]))


def sgd(t: NetworkTrace, layer: Built | None, sec: Section, index: tuple[int, ...]) -> Parts:
    opt = t.rec.optimizer
    key = sec.tensor
    cell = np.array([index])
    cols = [t.col(key, cell), t.col("d" + key, cell)]
    buffer = f"{key}.momentum_buffer"
    if opt["momentum"] and buffer in t.values:
        cols.append(_state(t, buffer, cell, index))
    extra = {
        "lr": opt["lr"],
        "momentum": opt["momentum"],
        "weight_decay": opt["weight_decay"],
        "state": buffer,
    }
    return "sgd", [Block(tuple(cols))], 1.0, extra


def adam(t: NetworkTrace, layer: Built | None, sec: Section, index: tuple[int, ...]) -> Parts:
    opt = t.rec.optimizer
    key = sec.tensor
    cell = np.array([index])
    m_key, v_key = f"{key}.exp_avg", f"{key}.exp_avg_sq"
    cols = (
        t.col(key, cell),
        t.col("d" + key, cell),
        _state(t, m_key, cell, index),
        _state(t, v_key, cell, index),
    )
    b1, b2 = (float(b) for b in opt["betas"])
    extra = {
        "lr": opt["lr"],
        "beta1": b1,
        "beta2": b2,
        "eps": opt["eps"],
        "weight_decay": opt["weight_decay"],
        "t": int(t.rec.state.get(f"{key}.step", 0)) + 1,
        "fresh": m_key not in t.values,
        "state": (m_key, v_key),
    }
    return "adam", [Block(cols)], 1.0, extra


#: Every update builder by its optimiser.
UPDATE = {"sgd": sgd, "adam": adam}
