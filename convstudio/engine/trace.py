"""One training iteration, element by element: every forward element, gradient element and update.

A :class:`Trace` lays the iteration out as sections (one per layer and phase), each writing one
tensor in row-major order; step ``i`` is built on demand from the vectorised results, so a trace
of any size opens at once and any step is found by index.
"""

from __future__ import annotations

import bisect
import math
from functools import cached_property
from typing import Any

import numpy as np

from convstudio.engine import ops
from convstudio.engine.cursor import Cursor, Moves
from convstudio.engine.model import Iteration
from convstudio.engine.notation import Names, is_grad
from convstudio.engine.sections import predicted, sections
from convstudio.engine.steps import Block, Column, Section, Step

_ACT_GRAD = {
    "relu": lambda o: (o > 0).astype(np.float64),
    "sigmoid": lambda o: ops.sigmoid_forward(o) * (1 - ops.sigmoid_forward(o)),
    "tanh": lambda o: 1 - np.tanh(o) ** 2,
}


class Trace(Moves):
    """The steps of one iteration, built on demand from the vectorised results."""

    def __init__(self, it: Iteration) -> None:
        self.it = it
        self.spec = spec = it.spec
        self.names = Names(spec)
        self.values = it.values
        self.grads = it.grads
        self.geometry = spec.conv_geometry()
        self.pred = predicted(spec)
        self.sections = sections(spec, self.values, self.grads)
        self._starts = [s.start for s in self.sections]
        self._by_tensor = {s.tensor: s for s in self.sections}
        self._winner_cache: dict[tuple[int, int], np.ndarray] = {}
        # The last steps built: each panel, the cursor's move and predict mode ask for the same one
        # or two steps per cursor move, and a dL/dW step of a large batch takes milliseconds to build.
        self._recent: tuple[Step, ...] = ()
        self.total = self.sections[-1].stop

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

    # --- what the panels show ----------------------------------------------------------------

    def array(self, tensor: str) -> np.ndarray:
        return self.grads[tensor] if is_grad(tensor) else self.values[tensor]

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
        source = self.grads if is_grad(tensor) else self.values
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
        source = self.grads if is_grad(tensor) else self.values
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


def _all_indices(shape: tuple[int, ...]) -> np.ndarray:
    return np.stack([a.ravel() for a in np.indices(shape)], axis=1)
