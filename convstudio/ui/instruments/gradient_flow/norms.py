"""The gradient norms of the iterations a session has run, recomputed from the timeline's kept weights.

The weights at the start of iteration k, run forward and backward on the session's data, give that
iteration's gradients again; iterations whose weights the timeline dropped have no norms.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from convstudio.engine import gradient_flow
from convstudio.engine.spec_network import param_keys
from convstudio.engine.timeline import Snapshot, State

#: (iteration number, the snapshot it starts from): what one flow is computed from.
Work = tuple[int, Snapshot]


def pending(state: State, done: dict[int, tuple[Snapshot, gradient_flow.Flow]]) -> list[Work]:
    """The run iterations with kept weights whose norms ``done`` does not hold for those very weights."""
    out = []
    for number in range(state.first, state.iteration):
        snap = state.snapshots[number - state.first]
        known = done.get(number)
        if known is None or known[0] is not snap:
            out.append((number, snap))
    return out


def flows(
    job: Any,
    network: dict[str, Any],
    keys: dict[str, str],
    x: np.ndarray,
    target: np.ndarray,
    work: Sequence[Work],
) -> list[tuple[int, Snapshot, gradient_flow.Flow]]:
    """The norms of each iteration in ``work`` (stops early, with what it has, once ``job`` is cancelled)."""
    out = []
    for number, snap in work:
        if job is not None and job.cancelled:
            break
        params = {keys.get(name, name): value for name, value in snap.params.items()}
        flow, _ = gradient_flow.flow_of(network, params, x, target, snap.opt_state or None)
        out.append((number, snap, flow))
    return out


def keys_of(state: State) -> dict[str, str]:
    """How the state's parameter names map to the network contract's keys ("W" -> "0.weight")."""
    return param_keys(state.spec) if state.spec is not None else {}


def series(
    done: dict[int, tuple[Snapshot, gradient_flow.Flow]], upto: int
) -> tuple[np.ndarray, gradient_flow.FlowHistory]:
    """(iteration numbers, 1-based, and their norms) of the known iterations before ``upto``, in order."""
    numbers = sorted(n for n in done if n < upto)
    history = gradient_flow.history([done[n][1] for n in numbers])
    return np.array(numbers, dtype=np.float64) + 1, history
