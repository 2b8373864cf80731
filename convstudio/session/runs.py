"""The session's iterations of either kind: a one-layer Spec's (model.Iteration, traced by Trace) or
any network's (NetworkIteration, traced by IterationTrace), run, timed and traced the same way."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from convstudio.engine.model import Iteration
from convstudio.engine.network_check import check_network
from convstudio.engine.network_run import IterationTrace, NetworkIteration, timed_network_iteration
from convstudio.engine.spec import Spec
from convstudio.engine.timeline import Snapshot
from convstudio.engine.trace import Trace

Run = Iteration | NetworkIteration
AnyTrace = Trace | IterationTrace
#: What a state trains: its Spec, or its network as plain data when it has no Spec.
Model = Spec | dict[str, Any]


def timed_run(
    model: Model, x: np.ndarray, target: np.ndarray, start: Snapshot, number: int, input_grad: bool,
    check: bool = True,
) -> tuple[Run, float]:  # fmt: skip
    """Iteration ``number`` from ``start``, and the seconds it took."""
    from convstudio.session.training import timed_iteration

    if isinstance(model, Spec):
        return timed_iteration(model, x, target, start, number, input_grad, check)
    return timed_network_iteration(model, start, x, target, number, check)


def trace_of(it: Run, input_grad: bool) -> AnyTrace:
    """The element trace of ``it``."""
    if isinstance(it, NetworkIteration):
        return IterationTrace(it, input_grad=input_grad)
    return Trace(it)


def next_snapshot(it: Run) -> Snapshot:
    """The snapshot the iteration after ``it`` starts from."""
    if isinstance(it, NetworkIteration):
        return it.next_snapshot()
    return Snapshot(it.new_params, it.new_velocity)


def shows_input_grad(it: Run, input_grad: bool) -> bool:
    """Whether ``it`` can be shown with dL/dI on or off as asked (a network always computes dL/dx)."""
    return isinstance(it, NetworkIteration) or ("dI" in it.grads) == input_grad


def started_from(it: Run, snap: Snapshot) -> bool:
    """Whether ``it`` ran from the very arrays of ``snap``."""
    if isinstance(it, NetworkIteration):
        return it.started_from(snap)
    return all(it.values[k] is v for k, v in snap.params.items())


def same_start(kept: Snapshot, snap: Snapshot) -> bool:
    """Whether two snapshots are the same start (the very arrays)."""
    return kept is snap or (
        kept.params is snap.params and kept.velocity is snap.velocity and kept.opt_state is snap.opt_state
    )


def cells(model: Model) -> int:
    """Values one image's forward pass writes: how big an iteration's tensors are, per image."""
    if isinstance(model, Spec):
        return math.prod(model.conv_shape)
    return sum(math.prod(layer.out_shape) for layer in check_network(model).layers)


def estimated_seconds(model: Model, batch: int) -> float:
    """A rough time for one iteration before any ran."""
    if isinstance(model, Spec):
        from convstudio.session.training import estimated_seconds as spec_seconds

        return spec_seconds(model)
    macs = 0
    for layer in check_network(model).layers:
        kernel = layer.cfg.get("kernel", 1)
        taps = math.prod(kernel) if isinstance(kernel, list | tuple) else int(kernel) ** 2
        fan_in = (layer.in_shape[0] if layer.in_shape else 1) * taps
        if layer.type == "dense":
            fan_in = math.prod(layer.in_shape)
        macs += 3 * batch * math.prod(layer.out_shape) * max(fan_in, 1)
    return 2e-4 + macs * 2e-9
