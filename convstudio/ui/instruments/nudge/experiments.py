"""The nudge experiments as generators of results for the job: one weight, every ε, every weight."""

from __future__ import annotations

import time
from collections.abc import Iterator, Mapping
from typing import Any

import numpy as np

from convstudio.engine import gradcheck
from convstudio.ui.instruments.nudge.subject import Subject

State = tuple[Subject, np.ndarray, np.ndarray, Mapping[str, np.ndarray]]


def _timed_backprop(state: State) -> tuple[Any, ...]:
    """("grads", backprop's gradients, the seconds they took)."""
    subject, x, target, params = state
    return ("grads", *subject.backprop(params, x, target))


def _backprop(state: State, grads: Mapping[str, np.ndarray] | None) -> Iterator[tuple[Any, ...]]:
    """Backprop's gradients, timed, unless they are known already."""
    if grads is None:
        yield _timed_backprop(state)


def one_weight(
    state: State, grads: Mapping[str, np.ndarray] | None, tensor: str, index: tuple[int, ...], eps: float
) -> Iterator[tuple[Any, ...]]:
    for item in _backprop(state, grads):
        grads = item[1]
        yield item
    subject, x, target, params = state
    started = time.perf_counter()
    nudge = subject.nudge(params, x, target, tensor, index, eps, grads)
    yield ("nudge", nudge, time.perf_counter() - started)


def every_eps(
    state: State, grads: Mapping[str, np.ndarray] | None, tensor: str, index: tuple[int, ...]
) -> Iterator[tuple[Any, ...]]:
    for item in _backprop(state, grads):
        grads = item[1]
        yield item
    subject, x, target, params = state
    for n in subject.sweep(params, x, target, tensor, index, grads):
        yield ("sweep", n)


def every_weight(state: State, tensors: tuple[str, ...] | None, eps: float) -> Iterator[tuple[Any, ...]]:
    subject, x, target, params = state
    item = _timed_backprop(state)
    yield item
    rows = subject.nudges(params, x, target, tensors, eps, item[1])
    for nudge, seconds in gradcheck.timed(rows):
        yield ("row", nudge, seconds)
