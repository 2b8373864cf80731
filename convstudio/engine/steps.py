"""What one step of the trace is: the element it writes, its terms as columns of factors, its section.

A :class:`Step` is one element's computation: its terms are products of named, indexed factors with
their values, and replaying them (``Step.replay``) gives the element again. A :class:`Section` is
the run of steps that fill one tensor.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, NamedTuple

import numpy as np

from convstudio.engine import ops
from convstudio.engine.update_math import UPDATES

#: Factors that are 1 or 0: [o > 0] and [a is max] select a term rather than scale it.
SELECTS = ("relu'", "ismax")


class Axis:
    """One axis's index of every cell of ``shape`` in row-major order, found per row on demand:
    a step over millions of cells (the loss of large maps) names them without building the grid."""

    ndim = 1

    def __init__(self, shape: tuple[int, ...], axis: int) -> None:
        self.shape, self.axis = shape, axis
        self._inner = math.prod(shape[axis + 1 :])

    def __len__(self) -> int:
        return math.prod(self.shape)

    def __getitem__(self, row: int) -> int:
        return (int(row) // self._inner) % self.shape[self.axis]

    def __array__(self, dtype: Any = None, copy: Any = None) -> np.ndarray:
        return np.indices(self.shape, dtype=dtype or np.intp)[self.axis].ravel()


@dataclass(frozen=True)
class Column:
    """One factor of every term in a block: a tensor's cells (possibly transformed) or a constant.

    ``where`` gives the cells read: a (T, ndim) index array, or one vector (or int) per dimension;
    ``index`` is always the (T, ndim) array, built on first use. ``wrap`` says how the factor
    derives from its cell: "" (the value itself), "relu'", "sigmoid'", "tanh'" (an activation's
    derivative there) or "ismax" (1 if the cell is its pooling window's maximum, else 0).
    ``pad`` marks cells in the zero padding. ``onehot`` (label index, class) makes a constant the
    Kronecker delta δ(y_n, k): 1 if image n's label is class k, else 0.
    """

    tensor: str | None
    where: np.ndarray | tuple[np.ndarray | int | Axis, ...] | None
    values: np.ndarray  # (T,)
    wrap: str = ""
    label: str = ""  # a constant's symbol
    labels: tuple[tuple[str, str], ...] = ()  # a constant's symbol per format, (fmt, text), if it differs
    pad: np.ndarray | None = None  # (T,) True where the cell lies in the padding
    onehot: tuple[tuple[int, ...], int] | None = None

    def cell(self, row: int) -> tuple[int, ...]:
        """The index of one term's cell, without building the whole index array."""
        if isinstance(self.where, np.ndarray):
            return tuple(int(v) for v in self.where[row])
        if self.where is None:
            raise ValueError("a constant reads no cells")
        return tuple(int(d) if np.ndim(d) == 0 else int(d[row]) for d in self.where)  # type: ignore[index, arg-type]

    @cached_property
    def index(self) -> np.ndarray:
        if self.where is None:
            raise ValueError("a constant reads no cells")
        if isinstance(self.where, np.ndarray):
            return self.where
        dims = np.broadcast_arrays(*(np.asarray(d) for d in self.where), np.empty(len(self.values)))[:-1]
        return index_columns(*dims)


@dataclass(frozen=True)
class Block:
    """Terms that share a form: term t is the product of column values at row t."""

    columns: tuple[Column, ...]

    @property
    def size(self) -> int:
        return len(self.columns[0].values)

    def products(self) -> np.ndarray:
        out = self.columns[0].values.copy()
        # A diverging learning rate leaves factors near 1e200: their product is honestly inf
        # (and inf times a zero of the padding NaN), as in the vectorised iteration.
        with np.errstate(over="ignore", invalid="ignore"):
            for col in self.columns[1:]:
                out = out * col.values
        for col in self.columns:
            if col.wrap in SELECTS:  # the ops pass a gradient on or not: an inf not passed is 0, not NaN
                out = np.where(col.values != 0, out, 0.0)
        return out


class Section(NamedTuple):
    """A run of steps that fill one tensor in row-major order."""

    phase: str  # forward, backward or update
    layer: str  # conv, act, pool, dense, softmax, loss, grad, ...
    tensor: str  # what it writes: "o", "dW", "W" (new weights during update), ...
    shape: tuple[int, ...]
    start: int  # global index of its first step
    title: str

    @property
    def size(self) -> int:
        return math.prod(self.shape)

    @property
    def stop(self) -> int:
        return self.start + self.size


@dataclass(frozen=True)
class Step:
    """One element's computation: ``tensor[index] = op(blocks)``, with its result."""

    number: int
    section: Section
    index: tuple[int, ...]
    op: str  # sum, max, relu, sigmoid, tanh, softmax, sqdiff, neglog, diff, normalise, update, sgd, adam
    blocks: tuple[Block, ...]
    result: float
    scale: float = 1.0
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def tensor(self) -> str:
        return self.section.tensor

    @property
    def phase(self) -> str:
        return self.section.phase

    @property
    def n_terms(self) -> int:
        return sum(b.size for b in self.blocks)

    def products(self) -> np.ndarray:
        """Each term's product, in order."""
        if not self.blocks:
            return np.zeros(0)
        return np.concatenate([b.products() for b in self.blocks])

    def partial(self, terms: int) -> float:
        """The element after its first ``terms`` terms, the value ``equation(..., terms=)`` prints:
        a sum of products, squared differences or logs so far (times the step's scale), the largest
        so far for a max, the first terms' share of the softmax's denominator; the result once every
        term is in. Before the first term a sum is 0 and anything else NaN (nothing to show yet)."""
        if terms >= self.n_terms:
            return self.result
        return self._evaluate(max(terms, 0))

    def replay(self) -> float:
        """Recompute the element from its terms alone."""
        return self._evaluate(self.n_terms)

    def _evaluate(self, terms: int) -> float:
        """The element from its first ``terms`` terms alone."""
        # A diverging learning rate overflows the factors and takes the log of 0: inf and NaN are
        # the honest answers, as in the vectorised iteration.
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            if self.op == "sum":
                return self.scale * float(np.sum(self.products()[:terms]))
            v = [col.values[:terms] for col in self.blocks[0].columns]  # every other op has one block
            if self.op == "sqdiff":
                return self.scale * float(np.sum((v[0] - v[1]) ** 2))
            if self.op == "neglog":
                return self.scale * float(np.sum(np.log(v[0])))
            if terms == 0:
                return math.nan
            if self.op == "max":
                return float(np.max(v[0]))
            if self.op in ("relu", "sigmoid", "tanh"):
                return float(_ACT[self.op](v[0])[0])
            if self.op == "softmax":  # e^(s_k - m) / sum_j e^(s_j - m), m the largest shown, as ops.softmax
                top = self.blocks[0].columns[0].values[self.extra["k"]]
                shift = max(float(np.max(v[0])), float(top))
                return float(np.exp(top - shift) / np.sum(np.exp(v[0] - shift)))
            if self.op == "diff":
                return self.scale * float(v[0][0] - v[1][0])
            if self.op == "normalise":  # (x - mu) * (1/sqrt(var + eps)), as the batch norm computes it
                return float((v[0][0] - v[1][0]) * (1.0 / math.sqrt(v[2][0] + self.extra["eps"])))
            if self.op in UPDATES:
                return UPDATES[self.op]([col[0] for col in v], self.extra)["new"]
            if self.op == "update":
                grad = v[-1][0]
                if len(v) == 3:  # momentum: v <- mu v + g, then W <- W - lr v
                    grad = self.extra["momentum"] * v[1][0] + grad
                return float(v[0][0] - self.extra["lr"] * grad)
        raise AssertionError(self.op)

    def reads(self, term: int | None = None) -> dict[str, np.ndarray]:
        """Cells read, per tensor, as (k, ndim) index arrays; only term ``term`` if given."""
        out: dict[str, list[np.ndarray]] = {}
        offset = 0
        for block in self.blocks:
            rows = slice(None)
            if term is not None:
                if not offset <= term < offset + block.size:
                    offset += block.size
                    continue
                rows = slice(term - offset, term - offset + 1)
            for col in block.columns:
                if col.tensor is not None and col.index is not None:
                    out.setdefault(col.tensor, []).append(col.index[rows])
            offset += block.size
        return {k: np.concatenate(v) if len(v) > 1 else v[0] for k, v in out.items()}

    def term_factors(self, term: int) -> list[tuple[Column, int]]:
        """The columns of one term with its row in them."""
        for block in self.blocks:
            if term < block.size:
                return [(col, term) for col in block.columns]
            term -= block.size
        raise IndexError("no such term")


_ACT = {"relu": ops.relu_forward, "sigmoid": ops.sigmoid_forward, "tanh": ops.tanh_forward}


def index_columns(*parts: np.ndarray) -> np.ndarray:
    """Equal-length index vectors side by side as a (T, len(parts)) array."""
    out = np.empty((len(parts[0]), len(parts)), dtype=np.intp)
    for d, part in enumerate(parts):
        out[:, d] = part
    return out
