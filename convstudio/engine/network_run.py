"""One iteration of a network as the session keeps iterations: run from a snapshot, checked for
NaN and inf, and traced element by element as a :class:`NetworkTrace` that knows its iteration."""

from __future__ import annotations

import math
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np

from convstudio.engine.model import DivergenceError
from convstudio.engine.network_trace import NetworkTrace
from convstudio.engine.timeline import Arrays, Snapshot
from convstudio.engine.trace_record import Recorded, record


@dataclass(frozen=True)
class NetworkIteration:
    """Everything one iteration of a network computed (nothing here is modified afterwards)."""

    rec: Recorded
    number: int = 0  # which iteration this is, counting from 0
    #: Colour scales by tensor (colour_scale.tensor_scale), a cache and not a result: filled ahead by
    #: the worker that computed the iteration, or by the panels as they first show a tensor.
    scales: dict[str, float] = field(default_factory=dict, compare=False, repr=False)

    @property
    def loss(self) -> float:
        return float(self.rec.result.loss)

    @property
    def values(self) -> Arrays:
        return self.rec.values

    @property
    def grads(self) -> Arrays:
        return self.rec.grads

    @property
    def new_params(self) -> Arrays:
        return self.rec.result.new_params

    @property
    def new_velocity(self) -> Arrays:
        """A network keeps its optimiser's state in ``new_state``: no Spec momentum buffers."""
        return {}

    @property
    def new_state(self) -> dict[str, Any]:
        return self.rec.result.new_state

    def next_snapshot(self) -> Snapshot:
        """The snapshot the next iteration starts from, the same object every time: the session
        knows an iteration computed ahead by the very arrays it started from."""
        return self._next_snapshot

    @cached_property
    def _next_snapshot(self) -> Snapshot:
        return Snapshot(self.new_params, {}, self.new_state)

    def started_from(self, snap: Snapshot) -> bool:
        """Whether this iteration ran from ``snap`` (the very arrays, not equal copies)."""
        return all(self.rec.values.get(k) is v for k, v in snap.params.items())


class IterationTrace(NetworkTrace):
    """The trace of one session iteration of a network; ``it`` is the iteration it lays out."""

    def __init__(self, it: NetworkIteration, *, input_grad: bool = False) -> None:
        super().__init__(it.rec, input_grad=input_grad)
        self.it = it


def run_network_iteration(
    network: Mapping[str, Any],
    start: Snapshot,
    x: np.ndarray,
    target: np.ndarray,
    number: int = 0,
    *,
    check: bool = True,
) -> NetworkIteration:
    """Iteration ``number`` of ``network`` from ``start``. Raises DivergenceError on NaN/inf unless
    ``check`` is False (to show the iteration where training blew up)."""
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        rec = record(network, start.params, x, target, start.opt_state)
    it = NetworkIteration(rec, number)
    if not check:
        return it
    lr = float(rec.optimizer.get("lr", 0.0))
    if not math.isfinite(it.loss):
        raise DivergenceError(number, "the loss", it.loss, lr)
    for name, value in it.new_params.items():
        if not np.isfinite(value).all():
            raise DivergenceError(number, f"the weight {name}", float(value[~np.isfinite(value)].flat[0]), lr)
    return it


def timed_network_iteration(
    network: Mapping[str, Any], start: Snapshot, x: np.ndarray, target: np.ndarray, number: int,
    check: bool = True,
) -> tuple[NetworkIteration, float]:  # fmt: skip
    """Iteration ``number`` from ``start``, and the seconds it took."""
    began = time.perf_counter()
    it = run_network_iteration(network, start, x, target, number, check=check)
    return it, time.perf_counter() - began
