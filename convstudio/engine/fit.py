"""Training a network of the network contract over a data set, and how well it then classifies.

An iteration is one mini-batch of ``engine/batches.Batches`` (an epoch is one pass over the training
set, shuffled by seed). A batch as large as the set is the set in its own order, as the window
trains a lesson: the same numbers, not merely the same mean. The run checks its stop flag between
iterations, so what it returns is always the state after a whole iteration; a loss or a weight that
is no longer finite ends the run with the last finite state kept.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from convstudio.engine import network as net
from convstudio.engine import ops
from convstudio.engine.batches import Batches
from convstudio.engine.model import DivergenceError

Arrays = dict[str, np.ndarray]
#: Images predicted at a time when accuracy is measured: bounds the memory of the forward pass.
PREDICT_CHUNK = 256


@dataclass(frozen=True)
class Progress:
    """Where a run is after one iteration: ``done`` of ``total`` iterations, counted from the run's
    start; ``iteration`` and ``epoch`` count from the data's first iteration (0-based)."""

    done: int
    total: int
    iteration: int
    epoch: int
    loss: float


@dataclass(frozen=True)
class Fitted:
    """What a run ended with: the parameters and optimiser state after its last whole iteration,
    each iteration's loss, whether the stop flag ended it, and the divergence that did, if any."""

    params: Arrays
    state: dict[str, Any]
    losses: np.ndarray
    stopped: bool
    diverged: DivergenceError | None

    @property
    def done(self) -> int:
        """Iterations completed (their updates are in ``params``)."""
        return len(self.losses)


def _never() -> bool:
    return False


def fit(
    network: Any,
    params: Mapping[str, np.ndarray],
    x: np.ndarray,
    target: np.ndarray,
    *,
    iterations: int,
    batch_size: int | None = None,
    seed: int = 0,
    drop_last: bool = False,
    state: Mapping[str, Any] | None = None,
    start: int = 0,
    stop: Callable[[], bool] = _never,
    progress: Callable[[Progress], None] | None = None,
) -> Fitted:
    """Train ``iterations`` iterations from iteration ``start`` of the data's batches.

    ``x``: (N, C, H, W); ``target``: int labels (N,) for cross-entropy, else the outputs' targets
    (N, ...). ``batch_size`` None: the whole set every iteration; ``drop_last`` leaves out each
    epoch's short batch, as the window's networks do. ``stop()`` is asked before each iteration;
    ``progress`` hears after each one."""
    x = np.asarray(x, dtype=np.float64)
    target = np.asarray(target)
    if x.ndim != 4 or len(target) != len(x):
        raise ValueError(
            f"the data must be images (N, C, H, W) and one target per image, not {x.shape} and {target.shape}"
        )
    batches = Batches(len(x), batch_size or len(x), seed, drop_last)
    whole = batches.batch_size >= len(x)
    lr = float(network["optimizer"]["lr"])
    params = dict(params)
    opt_state: dict[str, Any] = dict(state or {})
    losses: list[float] = []
    for k in range(iterations):
        if stop():
            return Fitted(params, opt_state, np.array(losses), True, None)
        number = start + k
        batch = batches.batch(number)
        rows = slice(None) if whole else batch.samples
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            result = net.iterate(network, params, x[rows], target[rows], opt_state)
        problem = _divergence(result, number, lr)
        if problem is not None:
            return Fitted(params, opt_state, np.array(losses), False, problem)
        params, opt_state = result.new_params, result.new_state
        losses.append(result.loss)
        if progress is not None:
            progress(Progress(k + 1, iterations, number, batch.epoch, result.loss))
    return Fitted(params, opt_state, np.array(losses), False, None)


def _divergence(result: net.Result, number: int, lr: float) -> DivergenceError | None:
    if not math.isfinite(result.loss):
        return DivergenceError(number, "the loss", result.loss, lr)
    for key, value in result.new_params.items():
        if not np.isfinite(value).all():
            return DivergenceError(
                number, f"the parameter {key}", float(value[~np.isfinite(value)].flat[0]), lr
            )
    return None


def predicted(
    network: Any, params: Mapping[str, np.ndarray], x: np.ndarray, state: Mapping[str, Any] | None = None
) -> np.ndarray:
    """Each image's class, the highest of its scores: int64 (N,)."""
    parts = [
        net.predict(network, params, x[i : i + PREDICT_CHUNK], state).argmax(axis=1)
        for i in range(0, len(x), PREDICT_CHUNK)
    ]
    return np.concatenate(parts).astype(np.int64)


def loss(
    network: Any,
    params: Mapping[str, np.ndarray],
    x: np.ndarray,
    target: np.ndarray,
    state: Mapping[str, Any] | None = None,
) -> float:
    """The network's loss over the whole set with these parameters (no update; batch_norm uses the
    running statistics): what the trained weights score, rather than the last batch's loss."""
    total = 0.0
    for i in range(0, len(x), PREDICT_CHUNK):
        out = net.predict(network, params, x[i : i + PREDICT_CHUNK], state)
        part = target[i : i + PREDICT_CHUNK]
        if network["loss"] == "mse":
            value, _ = ops.mse_loss(out, np.asarray(part, dtype=np.float64))
        else:
            value, _ = ops.softmax_cross_entropy(out, np.asarray(part, dtype=np.int64))
        total += float(value) * len(out)  # both are means over equal-sized images
    return total / len(x)


def accuracy(
    network: Any,
    params: Mapping[str, np.ndarray],
    x: np.ndarray,
    labels: np.ndarray,
    state: Mapping[str, Any] | None = None,
) -> float:
    """The fraction of images whose predicted class is their label."""
    return float(np.mean(predicted(network, params, x, state) == np.asarray(labels)))


def confusion(
    network: Any,
    params: Mapping[str, np.ndarray],
    x: np.ndarray,
    labels: np.ndarray,
    classes: int,
    state: Mapping[str, Any] | None = None,
) -> np.ndarray:
    """How many images of each class (row) were predicted as each class (column): int64 (K, K)."""
    counts = np.zeros((classes, classes), dtype=np.int64)
    np.add.at(counts, (np.asarray(labels, dtype=np.int64), predicted(network, params, x, state)), 1)
    return counts
