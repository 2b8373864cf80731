"""Finite differences for a network of any depth: nudge one parameter cell, rerun the batch, compare.

The same measurement as :mod:`~convstudio.engine.gradcheck`, keyed by the network's parameter keys
(``"0.weight"``, ``"3.bias"``) and 0-based indices. The loss is the one ``network.iterate``
computes in training mode (batch norm with the batch's statistics), and backprop's answer is its
``grads``, the loss's gradient before weight decay.
"""

from __future__ import annotations

import math
import time
from collections.abc import Iterator, Mapping
from typing import Any

import numpy as np

from convstudio.engine import network as nw
from convstudio.engine.gradcheck import (
    EPS,
    EPS_STEPS,
    Check,
    Nudge,
    both_ways,
    check_eps,
    check_index,
    check_keys,
)

Arrays = dict[str, np.ndarray]


def loss(network: Any, params: Mapping[str, np.ndarray], x: np.ndarray, target: Any) -> float:
    """The loss of one training iteration over the batch."""
    with np.errstate(over="ignore", invalid="ignore"):
        return nw.iterate(network, params, x, target).loss


def gradients(network: Any, params: Mapping[str, np.ndarray], x: np.ndarray, target: Any) -> Arrays:
    """Backprop: dL/d(every parameter), keyed like the parameters."""
    return timed_gradients(network, params, x, target)[0]


def timed_gradients(
    network: Any, params: Mapping[str, np.ndarray], x: np.ndarray, target: Any, *, repeat: int = 1
) -> tuple[Arrays, float]:
    """Backprop's gradients and the seconds one iteration took: the quickest of ``repeat`` runs."""
    best = math.inf
    with np.errstate(over="ignore", invalid="ignore"):
        for _ in range(max(1, repeat)):
            started = time.perf_counter()
            grads = nw.iterate(network, params, x, target).grads
            best = min(best, time.perf_counter() - started)
    return grads, best


def checked_params(network: Any, params: Mapping[str, Any]) -> Arrays:
    """The parameters as float64 arrays, once the network and their keys and shapes are right."""
    shapes = nw.param_shapes(network)
    missing = [key for key in shapes if key not in params]
    extra = [key for key in params if key not in shapes]
    if missing or extra:
        raise ValueError(
            f"the parameters must be {', '.join(shapes) or 'none'}, not {', '.join(params) or 'none'}"
        )
    out = {key: np.asarray(params[key], dtype=np.float64) for key in shapes}
    for key, shape in shapes.items():
        if out[key].shape != shape:
            raise ValueError(f"the parameter {key!r} must have shape {shape}, not {out[key].shape}")
    return out


def _prepared(
    network: Any,
    params: Mapping[str, Any],
    x: np.ndarray,
    target: Any,
    key: str,
    index: tuple[int, ...],
    grads: Mapping[str, np.ndarray] | None,
) -> tuple[Arrays, tuple[int, ...], Mapping[str, np.ndarray]]:
    """The checked parameters and cell of one nudged parameter, and backprop's gradients."""
    checked = checked_params(network, params)
    cell = check_index(checked, key, index)
    return checked, cell, grads if grads is not None else gradients(network, checked, x, target)


def _nudge(
    network: Any,
    params: Arrays,
    x: np.ndarray,
    target: Any,
    key: str,
    index: tuple[int, ...],
    eps: float,
    grads: Mapping[str, np.ndarray],
    unmoved: float | None = None,
) -> Nudge:
    plus, minus = both_ways(lambda moved: loss(network, moved, x, target), params, key, index, eps)
    return Nudge(key, index, eps, plus, minus, float(grads[key][index]), unmoved)


def nudge(
    network: Any,
    params: Mapping[str, Any],
    x: np.ndarray,
    target: Any,
    key: str,
    index: tuple[int, ...],
    *,
    eps: float = EPS,
    grads: Mapping[str, np.ndarray] | None = None,
    unmoved: float | None = None,
) -> Nudge:
    """Nudge ``params[key][index]`` by +eps and -eps, rerun the batch each time, compare with backprop."""
    check_eps(eps)
    checked, cell, grads = _prepared(network, params, x, target, key, index, grads)
    return _nudge(network, checked, x, target, key, cell, eps, grads, unmoved)


def sweep(
    network: Any,
    params: Mapping[str, Any],
    x: np.ndarray,
    target: Any,
    key: str,
    index: tuple[int, ...],
    eps_values: tuple[float, ...] = EPS_STEPS,
    *,
    grads: Mapping[str, np.ndarray] | None = None,
) -> Iterator[Nudge]:
    """The same cell nudged by each eps in turn (lazily), each Nudge holding L itself for the
    one-sided slope."""
    for eps in eps_values:
        check_eps(eps)
    checked, cell, grads = _prepared(network, params, x, target, key, index, grads)
    unmoved = loss(network, checked, x, target)
    for eps in eps_values:
        yield _nudge(network, checked, x, target, key, cell, eps, grads, unmoved)


def nudges(
    network: Any,
    params: Mapping[str, Any],
    x: np.ndarray,
    target: Any,
    *,
    eps: float = EPS,
    keys: tuple[str, ...] | None = None,
    grads: Mapping[str, np.ndarray] | None = None,
) -> Iterator[Nudge]:
    """Every cell of ``keys`` (default: every parameter of every layer) nudged in turn, lazily."""
    check_eps(eps)
    checked = checked_params(network, params)
    chosen = check_keys(checked, keys)
    grads = grads if grads is not None else gradients(network, checked, x, target)
    for key in chosen:
        for index in np.ndindex(*checked[key].shape):
            yield _nudge(network, checked, x, target, key, tuple(int(i) for i in index), eps, grads)


def check(
    network: Any,
    params: Mapping[str, Any],
    x: np.ndarray,
    target: Any,
    *,
    eps: float = EPS,
    keys: tuple[str, ...] | None = None,
) -> Check:
    """Nudge every cell of ``keys`` (default: all parameters), one at a time, timing both ways."""
    checked = checked_params(network, params)
    grads, backprop_seconds = timed_gradients(network, checked, x, target, repeat=3)
    started = time.perf_counter()
    done = tuple(nudges(network, checked, x, target, eps=eps, keys=keys, grads=grads))
    batch = int(np.shape(x)[0])
    return Check(done, batch, time.perf_counter() - started, backprop_seconds)


def count(network: Any, keys: tuple[str, ...] | None = None) -> int:
    """How many cells ``check`` would nudge (each costs two forward passes)."""
    shapes = nw.param_shapes(network)
    chosen = keys if keys is not None else tuple(shapes)
    unknown = [key for key in chosen if key not in shapes]
    if unknown:
        listed = ", ".join(shapes)
        raise ValueError(f"there is no parameter {', '.join(unknown)}; the parameters are {listed}")
    return sum(math.prod(shapes[key]) for key in chosen)
