"""One training iteration, element by element: every forward element, gradient element and update.

A :class:`Trace` lays the iteration out as sections (one per layer and phase), each writing one
tensor in row-major order; step ``i`` is built on demand from the vectorised results, so a trace
of any size opens at once and any step is found by index. A :class:`Step` is one element's
computation: its terms are products of named, indexed factors with their values, and replaying
them (``Step.replay``) gives the element again. Display indices are 1-based (``W11``); code
indices are 0-based.
"""

from __future__ import annotations

import bisect
import math
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cached_property
from typing import Any, NamedTuple

import numpy as np

from convstudio.engine import ops
from convstudio.engine.hand_check import factor_digits
from convstudio.engine.model import Iteration, Spec

PHASES = ("forward", "backward", "update")
#: Factors that are 1 or 0: [o > 0] and [a is max] select a term rather than scale it.
SELECTS = ("relu'", "ismax")
UNITS = ("term", "element", "layer", "phase", "iteration")


# ---------------------------------------------------------------------------------------------
# names: which indices a tensor shows, and how a symbol prints


class Names:
    """How tensors are written for this spec: 1-based indices, leaving out dimensions of size 1
    that the student never sees (the batch when N=1, the channel when C=1, the filter when F=1)."""

    def __init__(self, spec: Spec) -> None:
        n, c, f = spec.batch > 1, spec.channels > 1, spec.filters > 1
        mapdims = (n, f, True, True)
        self.shown: dict[str, tuple[bool, ...]] = {
            "I": (n, c, True, True),
            "W": (f, c, True, True),
            "b": (f,),
            "o": mapdims,
            "a": mapdims,
            "p": (n, f) if spec.pooling == "global_avg" else mapdims,
            "V": (True, True),
            "c": (True,),
            "s": (n, True),
            "q": (n, True),
            "y": (n,),
            "L": (),
        }
        pred = spec.layers()[-2] if spec.loss == "mse" else "s"
        self.shown["t"] = self.shown[pred]

    def indices(self, tensor: str, index: tuple[int, ...]) -> list[int]:
        """The 1-based indices shown for a cell of tensor (or of its gradient "d"+tensor)."""
        shown = self.shown[_base(tensor)]
        return [int(i) + 1 for i, keep in zip(index, shown, strict=True) if keep]

    def subscript(self, tensor: str, index: tuple[int, ...]) -> str:
        shown = self.indices(tensor, index)
        if len(shown) <= 2 and all(i < 10 for i in shown):
            return "".join(map(str, shown))
        return ",".join(map(str, shown))

    def symbol(self, tensor: str, index: tuple[int, ...], fmt: str = "text") -> str:
        """``W11`` / ``W_{11}`` / ``W<sub>11</sub>``; gradients as dL/dW11 in the same style."""
        sub = self.subscript(tensor, index)
        base = _base(tensor)
        name = {"q": "q", "L": "L"}.get(base, base)
        if tensor.startswith("v") and len(tensor) == 2:  # momentum buffer of a parameter
            name = "v" + tensor[1]
        if fmt == "latex":
            core = f"{name}_{{{sub}}}" if sub else name
            if tensor.startswith("v") and len(tensor) == 2:
                core = f"v^{{{tensor[1]}}}_{{{sub}}}" if sub else f"v^{{{tensor[1]}}}"
            return rf"\frac{{\partial L}}{{\partial {core}}}" if _is_grad(tensor) else core
        if fmt == "html":
            core = f"{name}<sub>{sub}</sub>" if sub else name
            return f"∂L/∂{core}" if _is_grad(tensor) else core
        return f"dL/d{name}{sub}" if _is_grad(tensor) else f"{name}{sub}"


def _is_grad(tensor: str) -> bool:
    return len(tensor) == 2 and tensor[0] == "d"


def _base(tensor: str) -> str:
    return tensor[1] if len(tensor) == 2 and tensor[0] in "dv" else tensor


# ---------------------------------------------------------------------------------------------
# steps


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
    where: np.ndarray | tuple[np.ndarray | int, ...] | None
    values: np.ndarray  # (T,)
    wrap: str = ""
    label: str = ""  # a constant's symbol
    pad: np.ndarray | None = None  # (T,) True where the cell lies in the padding
    onehot: tuple[tuple[int, ...], int] | None = None

    def cell(self, row: int) -> tuple[int, ...]:
        """The index of one term's cell, without building the whole index array."""
        if isinstance(self.where, np.ndarray):
            return tuple(int(v) for v in self.where[row])
        if self.where is None:
            raise ValueError("a constant reads no cells")
        return tuple(int(d) if np.ndim(d) == 0 else int(d[row]) for d in self.where)  # type: ignore[index]

    @cached_property
    def index(self) -> np.ndarray:
        if self.where is None:
            raise ValueError("a constant reads no cells")
        if isinstance(self.where, np.ndarray):
            return self.where
        dims = np.broadcast_arrays(*(np.asarray(d) for d in self.where), np.empty(len(self.values)))[:-1]
        return _columns(*dims)


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
    op: str  # sum, max, relu, sigmoid, tanh, softmax, sqdiff, neglog, diff, update
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
_ACT_GRAD = {
    "relu": lambda o: (o > 0).astype(np.float64),
    "sigmoid": lambda o: ops.sigmoid_forward(o) * (1 - ops.sigmoid_forward(o)),
    "tanh": lambda o: 1 - np.tanh(o) ** 2,
}


# ---------------------------------------------------------------------------------------------
# the trace


class Cursor(NamedTuple):
    """A position in a trace: ``done`` steps complete, and ``terms`` terms of the next one added."""

    done: int = 0
    terms: int = 0


class Trace:
    """The steps of one iteration, built on demand from the vectorised results."""

    def __init__(self, it: Iteration) -> None:
        self.it = it
        self.spec = spec = it.spec
        self.names = Names(spec)
        self.values = it.values
        self.grads = it.grads
        self.geometry = spec.conv_geometry()
        sections: list[tuple[str, str, str, tuple[int, ...], str]] = []
        layers = spec.layers()
        pre_pool = "a" if spec.activation != "none" else "o"
        # forward
        sections.append(("forward", "conv", "o", spec.conv_shape, "Forward · convolution: o = I ⋆ W"))
        if spec.activation != "none":
            sections.append(("forward", "act", "a", spec.conv_shape, f"Forward · {spec.activation}"))
        if spec.pooling != "none":
            pool_name = {
                "max": "max pooling",
                "avg": "average pooling",
                "global_avg": "global average pooling",
            }
            sections.append(
                ("forward", "pool", "p", spec.pooled_shape, f"Forward · {pool_name[spec.pooling]}")
            )
        if spec.head == "dense":
            sections.append(("forward", "dense", "s", spec.pred_shape, "Forward · dense layer: s = V·p + c"))
        if spec.loss == "cross_entropy":
            sections.append(("forward", "softmax", "q", self.values["q"].shape, "Forward · softmax"))
        loss_title = "mean squared error" if spec.loss == "mse" else "cross-entropy"
        sections.append(("forward", "loss", "L", (), f"Forward · loss ({loss_title})"))
        # backward
        pred = layers[-2] if spec.loss == "mse" else layers[-3]  # what the loss compares: map or scores
        self.pred = pred
        sections.append(("backward", "loss", "d" + pred, self.values[pred].shape, f"Backward · dL/d{pred}"))
        if spec.head == "dense":
            feat = layers[layers.index("s") - 1]
            sections.append(("backward", "dense_w", "dV", self.values["V"].shape, "Backward · dL/dV"))
            if spec.bias:
                sections.append(("backward", "dense_b", "dc", self.values["c"].shape, "Backward · dL/dc"))
            sections.append(
                ("backward", "dense_x", "d" + feat, self.values[feat].shape, f"Backward · dL/d{feat}")
            )
        if spec.pooling != "none":
            sections.append(
                (
                    "backward",
                    "pool",
                    "d" + pre_pool,
                    spec.conv_shape,
                    f"Backward · through the pooling: dL/d{pre_pool}",
                )
            )
        if spec.activation != "none":
            sections.append(
                ("backward", "act", "do", spec.conv_shape, f"Backward · through the {spec.activation}: dL/do")
            )
        sections.append(("backward", "conv_w", "dW", self.values["W"].shape, "Backward · dL/dW = I ⋆ dL/do"))
        if spec.bias:
            sections.append(("backward", "conv_b", "db", self.values["b"].shape, "Backward · dL/db"))
        if "dI" in self.grads:
            sections.append(
                (
                    "backward",
                    "conv_x",
                    "dI",
                    self.values["I"].shape,
                    "Backward · dL/dI = dL/do ∗ flipped W (full)",
                )
            )
        for name in spec.param_shapes():
            sections.append(
                (
                    "update",
                    "update",
                    name,
                    self.values[name].shape,
                    f"Update · {name} ← {name} − η·dL/d{name}",
                )
            )
        start = 0
        self.sections: list[Section] = []
        for phase, layer, tensor, shape, title in sections:
            self.sections.append(Section(phase, layer, tensor, tuple(shape), start, title))
            start += math.prod(shape)
        self._starts = [s.start for s in self.sections]
        self._by_tensor = {s.tensor: s for s in self.sections}
        self._winner_cache: dict[tuple[int, int], np.ndarray] = {}
        # The last steps built: each panel, the cursor's move and predict mode ask for the same one
        # or two steps per cursor move, and a dL/dW step of a large batch takes milliseconds to build.
        self._recent: tuple[Step, ...] = ()
        self.total = start

    def __len__(self) -> int:
        return self.total

    # --- finding steps ---------------------------------------------------------------------

    def section_of(self, number: int) -> Section:
        if not 0 <= number < self.total:
            raise IndexError(f"step {number} is outside this iteration's {self.total} steps")
        return self.sections[bisect.bisect_right(self._starts, number) - 1]

    def section_for(self, tensor: str) -> Section | None:
        """The section that writes ``tensor`` (or None: inputs, parameters before the update)."""
        return self._by_tensor.get(tensor)

    def phase_bounds(self, phase: str) -> tuple[int, int]:
        secs = [s for s in self.sections if s.phase == phase]
        return (secs[0].start, secs[-1].stop) if secs else (self.total, self.total)

    def find(self, tensor: str, index: tuple[int, ...]) -> int:
        """The step number that writes ``tensor[index]``."""
        sec = self._by_tensor[tensor]
        return sec.start + int(np.ravel_multi_index(index, sec.shape)) if sec.shape else sec.start

    def step(self, number: int) -> Step:
        """Step ``number`` (0-based), built from the vectorised results (the last two are kept)."""
        for recent in self._recent:
            if recent.number == number:
                return recent
        step = self._build(number)
        self._recent = (*self._recent[-1:], step)  # one assignment: a reader on another thread sees either
        return step

    def _build(self, number: int) -> Step:
        sec = self.section_of(number)
        local = number - sec.start
        index = tuple(int(i) for i in np.unravel_index(local, sec.shape)) if sec.shape else ()
        builder = getattr(self, f"_{sec.phase}_{sec.layer}")
        op, blocks, scale, extra = builder(sec, index)
        result = float(self._result(sec, index))
        return Step(number, sec, index, op, tuple(blocks), result, scale, extra)

    def _result(self, sec: Section, index: tuple[int, ...]) -> float:
        if sec.phase == "update":
            return float(self.it.new_params[sec.tensor][index])
        source = self.grads if sec.phase == "backward" else self.values
        return float(source[sec.tensor][index])

    def steps(self) -> Any:
        """Every step in order (a generator; the trace itself keeps none)."""
        return (self.step(i) for i in range(self.total))

    # --- moving ------------------------------------------------------------------------------

    def n_terms(self, number: int) -> int:
        return self.step(number).n_terms if number < self.total else 0

    def move(self, cursor: Cursor, unit: str, direction: int) -> Cursor:
        """The cursor one ``unit`` forward (direction +1) or back (-1), clamped to this iteration.

        Forward by a unit completes the unit holding the next step; back by a unit undoes the
        unit holding the last completed step (or the step in progress)."""
        done, terms = cursor
        if unit not in UNITS:
            raise ValueError(f"unit must be one of {', '.join(UNITS)}")
        if direction > 0:
            if done >= self.total:
                return Cursor(self.total, 0)
            if unit == "term":
                count = self.n_terms(done)
                return Cursor(done, terms + 1) if terms + 1 < count else Cursor(done + 1, 0)
            if unit == "element":
                return Cursor(done + 1, 0)
            return Cursor(self._unit_bounds(done, unit)[1], 0)
        if terms > 0:
            if unit == "term":
                return Cursor(done, terms - 1)
            if unit == "element":
                return Cursor(done, 0)
            return Cursor(self._unit_bounds(done, unit)[0], 0)
        if done <= 0:
            return Cursor(0, 0)
        if unit == "term":
            count = self.n_terms(done - 1)
            return Cursor(done - 1, count - 1) if count > 1 else Cursor(done - 1, 0)
        if unit == "element":
            return Cursor(done - 1, 0)
        return Cursor(self._unit_bounds(done - 1, unit)[0], 0)

    def _unit_bounds(self, number: int, unit: str) -> tuple[int, int]:
        if unit == "iteration":
            return 0, self.total
        sec = self.section_of(number)
        if unit == "layer":
            return sec.start, sec.stop
        return self.phase_bounds(sec.phase)

    def current(self, cursor: Cursor) -> Step | None:
        """The step a cursor shows: the one in progress, else the last completed, else None."""
        done, terms = cursor
        if terms > 0:
            return self.step(done)
        return self.step(done - 1) if done > 0 else None

    # --- what the panels show ----------------------------------------------------------------

    def known(self, tensor: str, cursor: Cursor) -> np.ndarray | bool:
        """Which cells of ``tensor`` hold their value of this iteration at ``cursor``:
        True for inputs and old parameters, else the cells whose step is complete."""
        sec = self._by_tensor.get(tensor)
        if sec is None or sec.phase == "update":
            return True
        count = min(max(cursor.done - sec.start, 0), sec.size)
        mask = np.zeros(sec.size, dtype=bool)
        mask[:count] = True
        return mask.reshape(sec.shape)

    def value_at(self, tensor: str, cursor: Cursor) -> np.ndarray:
        """``tensor`` as the learner sees it at ``cursor``: NaN where not yet computed, and the
        parameters old or new depending on whether their update step has run."""
        sec = self._by_tensor.get(tensor)
        if tensor in self.it.new_params and sec is not None:
            old, new = self.values[tensor], self.it.new_params[tensor]
            count = min(max(cursor.done - sec.start, 0), sec.size)
            out = old.copy().ravel()
            out[:count] = new.ravel()[:count]
            return out.reshape(old.shape)
        source = self.grads if _is_grad(tensor) else self.values
        full = np.asarray(source[tensor], dtype=np.float64)
        known = self.known(tensor, cursor)
        if known is True:
            return full
        return np.where(known, full, np.nan)

    # --- forward builders ---------------------------------------------------------------------

    def _forward_conv(self, sec: Section, index: tuple[int, ...]) -> _Built:
        n, f, i, j = index
        g = self.geometry
        c, m, k = (
            a.ravel() for a in np.meshgrid(np.arange(g.C), np.arange(g.kh), np.arange(g.kw), indexing="ij")
        )
        rows = i * g.sh + m * g.dh - g.ph
        cols = j * g.sw + k * g.dw - g.pw
        x_index = np.stack([np.full_like(c, n), c, rows, cols], axis=1)
        w_index = np.stack([np.full_like(c, f), c, m, k], axis=1)
        blocks = [Block((self._input_column(x_index), self._col("W", w_index)))]
        if self.spec.bias:
            blocks.append(Block((self._col("b", np.array([[f]])),)))
        return "sum", blocks, 1.0, {}

    def _forward_act(self, sec: Section, index: tuple[int, ...]) -> _Built:
        return self.spec.activation, [Block((self._col("o", np.array([index])),))], 1.0, {}

    def _forward_pool(self, sec: Section, index: tuple[int, ...]) -> _Built:
        src = "a" if self.spec.activation != "none" else "o"
        n, f = index[:2]
        if self.spec.pooling == "global_avg":
            _, _, H, W = self.spec.conv_shape
            r, s = (a.ravel() for a in np.meshgrid(np.arange(H), np.arange(W), indexing="ij"))
            cells = np.stack([np.full_like(r, n), np.full_like(r, f), r, s], axis=1)
            return "sum", [Block((self._col(src, cells),))], 1.0 / (H * W), {}
        cells = self._pool_window(n, f, index[2], index[3])
        if self.spec.pooling == "max":
            return "max", [Block((self._col(src, cells),))], 1.0, {}
        return "sum", [Block((self._col(src, cells),))], 1.0 / len(cells), {}

    def _forward_dense(self, sec: Section, index: tuple[int, ...]) -> _Built:
        n, kk = index
        feat = self._features()
        shape = self.values[feat].shape[1:]
        D = math.prod(shape)
        v_index = np.stack([np.full(D, kk), np.arange(D)], axis=1)
        f_index = np.column_stack([np.full(D, n), *np.unravel_index(np.arange(D), shape)])
        blocks = [Block((self._col("V", v_index), self._col(feat, f_index)))]
        if self.spec.bias:
            blocks.append(Block((self._col("c", np.array([[kk]])),)))
        return "sum", blocks, 1.0, {}

    def _forward_softmax(self, sec: Section, index: tuple[int, ...]) -> _Built:
        n, kk = index
        K = self.values[self.pred].shape[1]
        cells = np.stack([np.full(K, n), np.arange(K)], axis=1)
        return "softmax", [Block((self._col(self.pred, cells),))], 1.0, {"k": kk}

    def _forward_loss(self, sec: Section, index: tuple[int, ...]) -> _Built:
        if self.spec.loss == "mse":
            pred = self.values[self.pred]
            cells = _all_indices(pred.shape)
            return (
                "sqdiff",
                [Block((self._col(self.pred, cells), self._col("t", cells)))],
                1.0 / pred.size,
                {},
            )
        labels = self.values["y"]
        N = len(labels)
        cells = np.stack([np.arange(N), labels], axis=1)
        return "neglog", [Block((self._col("q", cells),))], -1.0 / N, {}

    # --- backward builders --------------------------------------------------------------------

    def _backward_loss(self, sec: Section, index: tuple[int, ...]) -> _Built:
        cell = np.array([index])
        if self.spec.loss == "mse":
            size = self.values[self.pred].size
            return "diff", [Block((self._col(self.pred, cell), self._col("t", cell)))], 2.0 / size, {}
        n, kk = index
        is_label = float(self.values["y"][n] == kk)
        onehot = Column(None, None, np.array([is_label]), onehot=((n,), kk))
        N = self.values["q"].shape[0]
        return "diff", [Block((self._col("q", cell), onehot))], 1.0 / N, {}

    def _backward_dense_w(self, sec: Section, index: tuple[int, ...]) -> _Built:
        kk, d = index
        feat = self._features()
        N = self.spec.batch
        f_index = np.column_stack(
            [np.arange(N), *np.unravel_index(np.full(N, d), self.values[feat].shape[1:])]
        )
        s_index = np.stack([np.arange(N), np.full(N, kk)], axis=1)
        return "sum", [Block((self._col("ds", s_index), self._col(feat, f_index)))], 1.0, {}

    def _backward_dense_b(self, sec: Section, index: tuple[int, ...]) -> _Built:
        N = self.spec.batch
        s_index = np.stack([np.arange(N), np.full(N, index[0])], axis=1)
        return "sum", [Block((self._col("ds", s_index),))], 1.0, {}

    def _backward_dense_x(self, sec: Section, index: tuple[int, ...]) -> _Built:
        n = index[0]
        d = int(np.ravel_multi_index(index[1:], sec.shape[1:])) if len(index) > 1 else 0
        K = self.values["V"].shape[0]
        s_index = np.stack([np.full(K, n), np.arange(K)], axis=1)
        v_index = np.stack([np.arange(K), np.full(K, d)], axis=1)
        return "sum", [Block((self._col("ds", s_index), self._col("V", v_index)))], 1.0, {}

    def _backward_pool(self, sec: Section, index: tuple[int, ...]) -> _Built:
        n, f, r, s = index
        src = sec.tensor[1:]
        if self.spec.pooling == "global_avg":
            _, _, H, W = self.spec.conv_shape
            return "sum", [Block((self._col("dp", np.array([[n, f]])),))], 1.0 / (H * W), {}
        pg = self.spec.pool_geometry()
        wi = np.arange(pg.Ho)
        wi = wi[(wi * pg.sh <= r) & (r < wi * pg.sh + pg.ph)]
        wj = np.arange(pg.Wo)
        wj = wj[(wj * pg.sw <= s) & (s < wj * pg.sw + pg.pw)]
        a, b = (v.ravel() for v in np.meshgrid(wi, wj, indexing="ij"))
        p_index = np.stack([np.full_like(a, n), np.full_like(a, f), a, b], axis=1)
        grad = self._col("dp", p_index)
        if self.spec.pooling == "avg":
            return "sum", [Block((grad,))], 1.0 / (pg.ph * pg.pw), {}
        winners = self._winners(n, f)[a, b]
        is_max = (winners == r * pg.W + s).astype(np.float64)
        cell = np.tile(np.array([[n, f, r, s]]), (len(a), 1))
        return "sum", [Block((grad, Column(src, cell, is_max, wrap="ismax")))], 1.0, {}

    def _backward_act(self, sec: Section, index: tuple[int, ...]) -> _Built:
        cell = np.array([index])
        name = self.spec.activation
        slope = _ACT_GRAD[name](self.values["o"][index])
        deriv = Column("o", cell, np.array([float(slope)]), wrap=f"{name}'")
        return "sum", [Block((self._col("da", cell), deriv))], 1.0, {}

    def _backward_conv_w(self, sec: Section, index: tuple[int, ...]) -> _Built:
        f, c, m, k = index
        g = self.geometry
        n, i, j = self._out_grid
        rows, cols = i * g.sh + (m * g.dh - g.ph), j * g.sw + (k * g.dw - g.pw)
        return "sum", [Block((self._dout_column(f), self._input_column((n, c, rows, cols))))], 1.0, {}

    def _backward_conv_b(self, sec: Section, index: tuple[int, ...]) -> _Built:
        return "sum", [Block((self._dout_column(index[0]),))], 1.0, {}

    @cached_property
    def _out_grid(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(n, i, j) of every output position of one filter, in row-major order."""
        N, _, Ho, Wo = self.spec.conv_shape
        return tuple(a.ravel() for a in np.indices((N, Ho, Wo)))

    def _dout_column(self, f: int) -> Column:
        """dL/do of filter f at every position and image: the terms of dL/dW and dL/db."""
        n, i, j = self._out_grid
        return Column("do", (n, f, i, j), self.grads["do"][:, f].ravel())

    def _backward_conv_x(self, sec: Section, index: tuple[int, ...]) -> _Built:
        n, c, r, s = index
        g = self.geometry
        f, m, k = (
            a.ravel()
            for a in np.meshgrid(
                np.arange(self.spec.filters), np.arange(g.kh), np.arange(g.kw), indexing="ij"
            )
        )
        # output (i, j) met input (r, s) through tap (m, k) when i*sh + m*dh - ph = r
        ri, rj = r + g.ph - m * g.dh, s + g.pw - k * g.dw
        ok = (ri % g.sh == 0) & (rj % g.sw == 0)
        i, j = ri // g.sh, rj // g.sw
        ok &= (i >= 0) & (i < g.Ho) & (j >= 0) & (j < g.Wo)
        f, m, k, i, j = f[ok], m[ok], k[ok], i[ok], j[ok]
        o_index = np.stack([np.full_like(f, n), f, i, j], axis=1)
        w_index = np.stack([f, np.full_like(f, c), m, k], axis=1)
        return "sum", [Block((self._col("do", o_index), self._col("W", w_index)))], 1.0, {}

    # --- update builders ----------------------------------------------------------------------

    def _update_update(self, sec: Section, index: tuple[int, ...]) -> _Built:
        name = sec.tensor
        cell = np.array([index])
        cols = [self._col(name, cell)]
        if self.spec.momentum:
            cols.append(Column("v" + name, cell, np.array([float(self.it.velocity[name][index])])))
        cols.append(self._col("d" + name, cell))
        return "update", [Block(tuple(cols))], 1.0, {"lr": self.spec.lr, "momentum": self.spec.momentum}

    # --- helpers ----------------------------------------------------------------------------

    def _col(self, tensor: str, index: np.ndarray) -> Column:
        source = self.grads if _is_grad(tensor) else self.values
        array = source[tensor]
        values = array[tuple(index.T)] if index.size else np.zeros(0)
        return Column(tensor, index, np.asarray(values, dtype=np.float64).reshape(-1))

    def _input_column(self, where: np.ndarray | tuple[np.ndarray | int, ...]) -> Column:
        """Input cells (n, c, row, col), some of which may lie in the zero padding."""
        n, c, rows, cols = where.T if isinstance(where, np.ndarray) else where
        g = self.geometry
        pad = np.asarray((rows < 0) | (rows >= g.H) | (cols < 0) | (cols >= g.W))
        flat = ((np.asarray(n) * g.C + c) * g.Hp + (rows + g.ph)) * g.Wp + (cols + g.pw)
        values = self._padded_input.ravel()[flat]
        return Column("I", where, values, pad=pad if pad.any() else None)

    @cached_property
    def _padded_input(self) -> np.ndarray:
        g = self.geometry
        return np.pad(self.values["I"], ((0, 0), (0, 0), (g.ph, g.ph), (g.pw, g.pw)))

    def _features(self) -> str:
        layers = self.spec.layers()
        return layers[layers.index("s") - 1]

    def _pool_window(self, n: int, f: int, i: int, j: int) -> np.ndarray:
        pg = self.spec.pool_geometry()
        m, k = (a.ravel() for a in np.meshgrid(np.arange(pg.ph), np.arange(pg.pw), indexing="ij"))
        return np.stack([np.full_like(m, n), np.full_like(m, f), i * pg.sh + m, j * pg.sw + k], axis=1)

    def _winners(self, n: int, f: int) -> np.ndarray:
        """For each pooling window of map (n, f), the flat cell (row * W + col) of its first maximum."""
        key = (n, f)
        if key not in self._winner_cache:
            src = self.values["a" if self.spec.activation != "none" else "o"][n, f]
            pg = self.spec.pool_geometry()
            m, k = (a.ravel() for a in np.meshgrid(np.arange(pg.ph), np.arange(pg.pw), indexing="ij"))
            cells = (
                (np.arange(pg.Ho)[:, None, None] * pg.sh + m) * pg.W
                + np.arange(pg.Wo)[None, :, None] * pg.sw
                + k
            )
            first = src.ravel()[cells].argmax(axis=-1)  # argmax takes the first of equal maxima
            self._winner_cache[key] = np.take_along_axis(cells, first[..., None], axis=-1)[..., 0]
        return self._winner_cache[key]


_Built = tuple[str, list[Block], float, dict[str, Any]]


def _columns(*parts: np.ndarray) -> np.ndarray:
    """Equal-length index vectors side by side as a (T, len(parts)) array."""
    out = np.empty((len(parts[0]), len(parts)), dtype=np.intp)
    for d, part in enumerate(parts):
        out[:, d] = part
    return out


def _all_indices(shape: tuple[int, ...]) -> np.ndarray:
    return np.stack([a.ravel() for a in np.indices(shape)], axis=1)


# ---------------------------------------------------------------------------------------------
# equations: a step as text, LaTeX or HTML, symbolic and with numbers


def number(value: float, fmt: str = "text", digits: int = 6) -> str:
    """A value as the equations print it: up to ``digits`` significant digits, a real minus sign."""
    if value == 0:
        return "0"
    text = f"{value:.{digits}g}"
    if "e" in text:
        mant, exp = text.split("e")
        exp_value = int(exp)
        if fmt == "latex":
            text = rf"{mant} \times 10^{{{exp_value}}}"
        elif fmt == "html":
            text = f"{mant}·10<sup>{exp_value}</sup>"
        else:
            text = f"{mant}e{exp_value}"
    if fmt != "latex":
        text = text.replace("-", "−")
    return text


def _factor_number(value: float, fmt: str, digits: int = 6) -> str:
    text = number(value, fmt, digits)
    return f"({text})" if value < 0 else text


def _fraction(scale: float, fmt: str) -> str:
    frac = Fraction(scale).limit_denominator(100000)
    if abs(float(frac) - scale) > 1e-12 * abs(scale):
        return number(scale, fmt)
    sign = "−" if frac < 0 and fmt != "latex" else "-" if frac < 0 else ""
    a, b = abs(frac.numerator), frac.denominator
    if b == 1:
        return f"{sign}{a}"
    if fmt == "latex":
        return rf"{sign}\frac{{{a}}}{{{b}}}"
    return f"{sign}{a}/{b}" if fmt == "text" else f"{sign}<sup>{a}</sup>/<sub>{b}</sub>"


class _Format:
    def __init__(self, fmt: str, names: Names) -> None:
        self.fmt, self.names = fmt, names
        latex = fmt == "latex"
        self.times = r" \cdot " if latex else "·"
        self.minus = " - " if latex else " − "
        self.arrow = r" \leftarrow " if latex else " ← "
        self.eta = r"\eta" if latex else "η"
        self.mu = r"\mu" if latex else "μ"
        self.digits = 6  # of the factors: as many as a check by hand needs

    def sym(self, tensor: str, index: tuple[int, ...]) -> str:
        return self.names.symbol(tensor, index, self.fmt)

    def factor(self, col: Column, row: int) -> str:
        if col.onehot is not None:  # no "=" inside: the equations break lines at " = "
            label, k = col.onehot
            y = self.sym("y", label)
            return rf"\delta({y},{k + 1})" if self.fmt == "latex" else f"δ({y},{k + 1})"
        if col.tensor is None:
            return col.label
        if col.pad is not None and col.pad[row]:
            return "0"
        s = self.sym(col.tensor, col.cell(row))
        latex = self.fmt == "latex"
        if col.wrap == "relu'":
            return f"[{s} > 0]"
        if col.wrap == "sigmoid'":
            return rf"\sigma'({s})" if latex else f"σ′({s})"
        if col.wrap == "tanh'":
            return rf"\tanh'({s})" if latex else f"tanh′({s})"
        if col.wrap == "ismax":
            return rf"[{s} \text{{ is max}}]" if latex else f"[{s} is max]"
        return s

    def num(self, value: float) -> str:
        return _factor_number(value, self.fmt, self.digits)

    def scaled(self, scale: float, body: str, grouped: bool) -> str:
        """``scale·body``; a sum of several terms (or a negative number) goes in parentheses."""
        if scale == 1:
            return body
        if grouped or body.startswith(("−", "-")):
            body = f"({body})"
        if scale == -1:
            return f"-{body}" if self.fmt == "latex" else f"−{body}"
        return f"{_fraction(scale, self.fmt)}{self.times}{body}"


def equation(
    step: Step,
    names: Names,
    fmt: str = "text",
    *,
    terms: int | None = None,
    max_terms: int = 8,
) -> str:
    """``lhs = symbolic = numbers = result`` for a step; ``terms`` limits a sum to its first terms
    (a partial sum while stepping term by term). Long sums show their first terms and the count."""
    f = _Format(fmt, names)
    lhs = f.sym(step.tensor, step.index)
    equals = " = "
    if (terms is None or terms >= step.n_terms) and step.n_terms <= max_terms:
        f.digits = factor_digits(step)  # every factor is shown: the sum can be checked by hand
    if step.op == "update":
        return _update_equation(step, f)
    if step.op in ("relu", "sigmoid", "tanh"):
        col = step.blocks[0].columns[0]
        arg_s, arg_n = f.factor(col, 0), number(col.values[0], fmt, f.digits)
        func = {
            "relu": ("max(0, {})", r"\max(0, {})"),
            "sigmoid": ("σ({})", r"\sigma({})"),
            "tanh": ("tanh({})", r"\tanh({})"),
        }
        pattern = func[step.op][1 if fmt == "latex" else 0]
        return equals.join([lhs, pattern.format(arg_s), pattern.format(arg_n), number(step.result, fmt)])
    count = step.n_terms
    shown = count if terms is None else min(terms, count)
    head = min(shown, max_terms)
    sym_terms, num_terms = [], []
    for t in range(head):
        cols = step.term_factors(t)
        sym_terms.append(_join_factors([f.factor(c, r) for c, r in cols], f, step.op))
        bare = len(cols) == 1 or step.op in ("max", "softmax", "sqdiff", "neglog")
        num_terms.append(
            _join_factors(
                [number(c.values[r], fmt, f.digits) if bare else f.num(c.values[r]) for c, r in cols],
                f,
                step.op,
            )
        )
    more = ""
    if shown > head:
        more = r" + \dots" if fmt == "latex" else " + …"
    tail = ""
    if shown > head:
        tail = f" ({shown} terms)" if fmt != "latex" else rf" \quad ({shown}\text{{ terms}})"
    elif terms is not None and shown < count:
        tail = (
            f" (term {shown} of {count})"
            if fmt != "latex"
            else rf" \quad (\text{{term }}{shown}\text{{ of }}{count})"
        )
    value = step.result if terms is None or shown >= count else step.partial(shown)
    if step.op == "sum":
        sym = f.scaled(step.scale, _sum(sym_terms, fmt) + more, grouped=count > 1)
        num = f.scaled(step.scale, _sum(num_terms, fmt) + more, grouped=count > 1)
    elif step.op == "max":
        sep = ", "
        dots = r", \dots" if fmt == "latex" and more else (", …" if more else "")
        sym = (r"\max(" if fmt == "latex" else "max(") + sep.join(sym_terms) + dots + ")"
        num = (r"\max(" if fmt == "latex" else "max(") + sep.join(num_terms) + dots + ")"
    elif step.op == "softmax":
        k = step.extra["k"]
        col = step.blocks[0].columns[0]
        top_s, top_n = f.factor(col, k), number(col.values[k], fmt, f.digits)
        if fmt == "latex":
            sym = rf"\frac{{e^{{{top_s}}}}}{{{' + '.join('e^{' + s + '}' for s in sym_terms)}{more}}}"
            num = rf"\frac{{e^{{{top_n}}}}}{{{' + '.join('e^{' + s + '}' for s in num_terms)}{more}}}"
        else:
            sym = f"exp({top_s}) / ({' + '.join('exp(' + s + ')' for s in sym_terms)}{more})"
            num = f"exp({top_n}) / ({' + '.join('exp(' + s + ')' for s in num_terms)}{more})"
    elif step.op == "sqdiff":
        sq = "^2" if fmt == "latex" else "²"
        sym = f.scaled(step.scale, " + ".join(f"({s}){sq}" for s in sym_terms) + more, grouped=count > 1)
        num = f.scaled(step.scale, " + ".join(f"({s}){sq}" for s in num_terms) + more, grouped=count > 1)
    elif step.op == "neglog":
        log = r"\log " if fmt == "latex" else "log "
        sym = f.scaled(step.scale, " + ".join(log + s for s in sym_terms) + more, grouped=True)
        num = f.scaled(step.scale, " + ".join(log + s for s in num_terms) + more, grouped=True)
    else:  # diff
        sym = f.scaled(step.scale, sym_terms[0], grouped=True) if step.scale != 1 else sym_terms[0]
        num = f.scaled(step.scale, num_terms[0], grouped=True) if step.scale != 1 else num_terms[0]
    return equals.join([lhs, sym, num, number(value, fmt)]) + tail


def _sum(terms: list[str], fmt: str) -> str:
    """Terms joined by + , a leading minus sign turned into a subtraction: 1 + 3.5 − 1.5."""
    minus = "-" if fmt == "latex" else "−"
    out = terms[0] if terms else "0"
    for term in terms[1:]:
        out += f" {minus} {term[1:]}" if term.startswith(minus) else f" + {term}"
    return out


def _join_factors(parts: list[str], f: _Format, op: str) -> str:
    if op in ("sqdiff", "diff"):
        return f.minus.join(parts)
    if op in ("max", "softmax", "neglog"):
        return parts[0]
    return f.times.join(parts)


def _update_equation(step: Step, f: _Format) -> str:
    cols = step.blocks[0].columns
    w, g = cols[0], cols[-1]
    lr = number(step.extra["lr"], f.fmt, f.digits)
    w_s, g_s = f.factor(w, 0), f.factor(g, 0)
    w_n, g_n = number(w.values[0], f.fmt, f.digits), f.num(g.values[0])
    if len(cols) == 3:
        v = cols[1]
        mu = number(step.extra["momentum"], f.fmt, f.digits)
        v_s = f.factor(v, 0)
        v_new = step.extra["momentum"] * v.values[0] + g.values[0]
        first = (
            f"{v_s}{f.arrow}{f.mu}{f.times}{v_s} + {g_s}"
            f" = {mu}{f.times}{f.num(v.values[0])} + {g_n} = {number(v_new, f.fmt)}"
        )
        second = (
            f"{f.sym(step.tensor, step.index)}{f.arrow}{w_s}{f.minus}{f.eta}{f.times}{v_s}"
            f" = {w_n}{f.minus}{lr}{f.times}{f.num(v_new)} = {number(step.result, f.fmt)}"
        )
        sep = r" \\ " if f.fmt == "latex" else ("<br>" if f.fmt == "html" else "\n")
        return first + sep + second
    return (
        f"{f.sym(step.tensor, step.index)}{f.arrow}{w_s}{f.minus}{f.eta}{f.times}{g_s}"
        f" = {w_n}{f.minus}{lr}{f.times}{g_n} = {number(step.result, f.fmt)}"
    )
