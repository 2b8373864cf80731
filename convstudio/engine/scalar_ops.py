"""Each scalar operation of the computation graph: its value from its parents' values, and the
chain rule's share for each parent, side by side as micrograd keeps them."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

from convstudio.engine import ops

#: Nodes whose value is given, not computed: the data and the parameters.
LEAVES = ("input", "param", "target", "label")


def _sigmoid(v: float) -> float:
    return float(ops.sigmoid_forward(np.array(v)))


def _softmax(v: np.ndarray, k: float) -> tuple[float, np.ndarray]:
    q = ops.softmax(v.reshape(1, -1))[0]
    return float(q[int(k)]), q


def value(op: str, p: np.ndarray, extra: float) -> float:
    """The node's value from its parents' values ``p`` (``extra``: ε, a class, ...)."""
    if op == "mul":
        return float(p[0] * p[1])
    if op == "add":
        return float(np.sum(p))
    if op == "relu":
        return max(float(p[0]), 0.0)
    if op == "sigmoid":
        return _sigmoid(float(p[0]))
    if op == "tanh":
        return math.tanh(float(p[0]))
    if op == "max":
        return float(np.max(p))
    if op == "mean":
        return float(np.mean(p))
    if op == "var":  # parents: the channel's cells, then their mean
        return float(np.mean((p[:-1] - p[-1]) ** 2))
    if op == "normalise":  # parents: x, μ, σ²
        return float((p[0] - p[1]) * (1.0 / math.sqrt(p[2] + extra)))
    if op == "sub":
        return float(p[0] - p[1])
    if op == "square":
        return float(p[0] * p[0])
    if op == "softmax":
        return _softmax(p, extra)[0]
    if op == "nll":  # parents: q (N·K of them), then the N labels
        return -float(np.mean(np.log(_picked(p, int(extra))[0])))
    raise ValueError(f"no scalar operation {op!r}")


def _picked(p: np.ndarray, classes: int) -> tuple[np.ndarray, np.ndarray]:
    """The probability of each image's label, and where it sits among the parents."""
    labels = p[-(p.size // (classes + 1)) :].astype(int)
    where = np.arange(labels.size) * classes + labels
    return p[where], where


def local(op: str, p: np.ndarray, out: float, extra: float) -> np.ndarray:
    """d(node)/d(parent) for each parent, at the parents' values ``p``."""
    return _LOCAL[op](p, out, extra)


def _argmax(p: np.ndarray, out: float, extra: float) -> np.ndarray:
    d = np.zeros(p.size)
    d[int(np.argmax(p))] = 1.0  # the first maximum, as the ops send the gradient
    return d


def _var(p: np.ndarray, out: float, extra: float) -> np.ndarray:
    centred = p[:-1] - p[-1]
    m = centred.size
    return np.append(2.0 * centred / m, -2.0 * float(np.sum(centred)) / m)


def _normalise(p: np.ndarray, out: float, extra: float) -> np.ndarray:
    inv = 1.0 / math.sqrt(p[2] + extra)
    return np.array([inv, -inv, -0.5 * (p[0] - p[1]) * inv**3])


def _softmax_local(p: np.ndarray, out: float, extra: float) -> np.ndarray:
    qk, q = _softmax(p, extra)
    d = -qk * q
    d[int(extra)] += qk
    return d


def _nll(p: np.ndarray, out: float, extra: float) -> np.ndarray:
    picked, where = _picked(p, int(extra))
    d = np.zeros(p.size)
    d[where] = -1.0 / (picked.size * picked)
    return d


_LOCAL: dict[str, Callable[[np.ndarray, float, float], np.ndarray]] = {
    "mul": lambda p, out, extra: p[::-1].copy(),
    "add": lambda p, out, extra: np.ones(p.size),
    "relu": lambda p, out, extra: np.array([float(p[0] > 0)]),
    "sigmoid": lambda p, out, extra: np.array([out * (1.0 - out)]),
    "tanh": lambda p, out, extra: np.array([1.0 - out * out]),
    "max": _argmax,
    "mean": lambda p, out, extra: np.full(p.size, 1.0 / p.size),
    "var": _var,
    "normalise": _normalise,
    "sub": lambda p, out, extra: np.array([1.0, -1.0]),
    "square": lambda p, out, extra: np.array([2.0 * p[0]]),
    "softmax": _softmax_local,
    "nll": _nll,
}
