"""The loss over two weights with every other parameter fixed: the surface gradient descent walks on.

Every parameter enters its layer linearly. The convolution's output is linear in each filter
weight and bias, so moving two of them gives exactly ``o = o0 + (wa - a0) do/dwa + (wb - b0) do/dwb``;
the dense layer's scores are linear in each of its weights and biases given the features it reads.
A grid of G x G weight pairs therefore costs one convolution (for o0 and the two slopes), then the
layers after the convolution run once, batched over the grid, instead of G*G forward passes. Only
the filters the two weights belong to change: the other filters' maps are computed once.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence

import numpy as np

from convstudio.engine import ops
from convstudio.engine.arguments import param_cell
from convstudio.engine.model import check_data, check_params
from convstudio.engine.notation import Names
from convstudio.engine.spec import Spec

#: A parameter cell: the tensor's name and a 0-based index into it, e.g. ("W", (0, 0, 0, 1)) for W12.
Pick = tuple[str, tuple[int, ...]]

#: Cells listed in each weight picker; any other cell can be typed (e.g. V2,130).
MAX_LISTED = 400
#: Floats one batched array may hold: large networks are evaluated in chunks of grid points.
CHUNK_FLOATS = 1 << 21

_CONV = ("W", "b")

_ACTIVATIONS: dict[str, Callable[[np.ndarray], np.ndarray]] = {
    "relu": ops.relu_forward,
    "sigmoid": ops.sigmoid_forward,
    "tanh": ops.tanh_forward,
}


def check_picks(spec: Spec, picks: Sequence[Pick]) -> tuple[Pick, Pick]:
    """Two different parameter cells of ``spec``, or a ValueError saying what is wrong."""
    return two_cells(spec.param_shapes(), picks)


def two_cells(shapes: Mapping[str, tuple[int, ...]], picks: Sequence[Pick]) -> tuple[Pick, Pick]:
    """Two different cells of parameters of these ``shapes``, or a ValueError saying what is wrong."""
    if len(picks) != 2:
        raise ValueError(f"the landscape needs two weights, not {len(picks)}")
    first, second = ((key, param_cell(shapes, key, index)) for key, index in picks)
    if first == second:
        raise ValueError("pick two different weights")
    return first, second


def cells(spec: Spec, limit: int = MAX_LISTED) -> list[tuple[str, Pick]]:
    """(symbol, pick) for the first ``limit`` parameter cells: W, then b, V, c, each row-major."""
    names = Names(spec)
    out: list[tuple[str, Pick]] = []
    for tensor, shape in spec.param_shapes().items():
        for index in np.ndindex(*shape):
            if len(out) >= limit:
                return out
            cell = tuple(int(i) for i in index)
            out.append((names.symbol(tensor, cell), (tensor, cell)))
    return out


def default_picks(spec: Spec) -> tuple[Pick, Pick] | None:
    """The first two parameter cells (W11 and W12 in every lesson); None if there is only one."""
    first = cells(spec, 2)
    return (first[0][1], first[1][1]) if len(first) == 2 else None


def parse_cell(spec: Spec, text: str) -> Pick:
    """The parameter cell a symbol names, as the panels write it (W12, W1,2,3, b2, V2,130, c1)."""
    shapes = spec.param_shapes()
    match = re.fullmatch(r"\s*([A-Za-z])\s*([\d,\s]*)", text)
    if match is None or match.group(1) not in shapes:
        raise ValueError(f"{text.strip() or 'nothing'} is not a weight: write e.g. W11 ({', '.join(shapes)})")
    tensor, digits = match.group(1), re.sub(r"\s", "", match.group(2))
    shown = Names(spec).shown[tensor]
    numbers = [int(d) for d in digits.split(",") if d] if "," in digits else [int(d) for d in digits]
    if len(numbers) != sum(shown):
        example = Names(spec).symbol(tensor, (0,) * len(shown))
        raise ValueError(f"{text.strip()}: {tensor} takes {sum(shown)} index(es), as in {example}")
    given = iter(numbers)
    index = tuple(next(given) - 1 if keep else 0 for keep in shown)
    shape = shapes[tensor]
    if not all(0 <= i < n for i, n in zip(index, shape, strict=True)):
        last = Names(spec).symbol(tensor, tuple(n - 1 for n in shape))
        raise ValueError(f"{text.strip()} is outside {tensor}, which ends at {last}")
    return tensor, index


class Plane:
    """The loss as a function of two parameter cells (a, b), the other parameters and the data fixed.

    ``origin`` is (a0, b0), the two cells' values in ``params``; the plane passes through ``params``.
    """

    def __init__(
        self,
        spec: Spec,
        params: Mapping[str, np.ndarray],
        x: np.ndarray,
        target: np.ndarray,
        picks: Sequence[Pick],
    ) -> None:
        spec.validate()
        params = check_params(spec, params)
        x, target = check_data(spec, x, target)
        self.spec, self.target = spec, target
        self.picks = check_picks(spec, picks)
        self.origin = (
            float(params[self.picks[0][0]][self.picks[0][1]]),
            float(params[self.picks[1][0]][self.picks[1][1]]),
        )
        g = spec.conv_geometry()
        stride, padding, dilation = (g.sh, g.sw), (g.ph, g.pw), (g.dh, g.dw)
        with np.errstate(over="ignore", invalid="ignore"):
            o0 = ops.conv2d_forward(
                x, params["W"], params.get("b"), stride=stride, padding=padding, dilation=dilation
            )
            pred0 = self._tail(o0)  # (N, F, ...): what the loss or the dense head reads
        # The filters the picks move, and how their maps move with each conv pick: do/dw (N, S, Ho, Wo).
        self._filters = sorted({index[0] for tensor, index in self.picks if tensor in _CONV})
        self._o0 = o0[:, self._filters]
        self._slopes: list[np.ndarray | None] = []
        for tensor, index in self.picks:
            if tensor not in _CONV:
                self._slopes.append(None)
                continue
            slope = np.zeros(self._o0.shape)
            where = self._filters.index(index[0])
            if tensor == "W":
                unit = np.zeros((1, *params["W"].shape[1:]))
                unit[(0, *index[1:])] = 1.0
                moved = ops.conv2d_forward(x, unit, stride=stride, padding=padding, dilation=dilation)
                slope[:, where] = moved[:, 0]
            else:
                slope[:, where] = 1.0
            self._slopes.append(slope)
        others = [f for f in range(spec.filters) if f not in self._filters]
        N = spec.batch
        if spec.head == "dense":
            feats0 = pred0.reshape(N, -1)
            per = feats0.shape[1] // spec.filters  # features per filter: channel-major flattening
            self._columns = np.array([f * per + k for f in self._filters for k in range(per)], dtype=np.intp)
            fixed = feats0.copy()
            fixed[:, self._columns] = 0.0
            with np.errstate(over="ignore", invalid="ignore"):
                self._s_fixed = ops.linear_forward(fixed, params["V"], params.get("c"))  # (N, K)
            self._v_moving = params["V"][:, self._columns]  # (K, S*per)
            self._feats0 = feats0
        elif spec.loss == "mse":
            rest = (pred0[:, others] - target[:, others]).ravel()
            with np.errstate(over="ignore", invalid="ignore"):
                self._fixed_sum = float(np.dot(rest, rest))
        else:
            self._pred0 = pred0  # (N, F): the class scores; the moving filters' columns are replaced

    @property
    def floats_per_point(self) -> int:
        """The size of the largest array one grid point needs: the moved filters' maps over the
        batch, or the class scores. Time and memory grow with it."""
        maps = self._o0.size if self._filters else 0
        return max(maps, self.spec.batch * self.spec.pred_shape[-1], 1)

    def _tail(self, o: np.ndarray) -> np.ndarray:
        """Activation and pooling of conv maps: (M, F', Ho, Wo) -> (M, F', ...)."""
        spec = self.spec
        h = _ACTIVATIONS[spec.activation](o) if spec.activation != "none" else o
        if spec.pooling == "global_avg":
            return ops.global_avg_pool_forward(h)
        if spec.pooling == "max":
            return ops.max_pool2d_forward(h, size=spec.pool_size, stride=spec.pool_stride)
        if spec.pooling == "avg":
            return ops.avg_pool2d_forward(h, size=spec.pool_size, stride=spec.pool_stride)
        return h

    def points(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """The loss at each pair (a[i], b[i]): a, b of one shape -> losses of that shape.

        NaN or inf where the network overflows (huge weights); never raises for them."""
        a = np.asarray(a, dtype=np.float64)
        b = np.asarray(b, dtype=np.float64)
        if a.shape != b.shape:
            raise ValueError(f"a and b must have one shape, not {a.shape} and {b.shape}")
        deltas = np.stack([a.ravel() - self.origin[0], b.ravel() - self.origin[1]], axis=1)
        chunk = max(1, CHUNK_FLOATS // self.floats_per_point)
        out = np.empty(len(deltas))
        with np.errstate(over="ignore", invalid="ignore"):
            for start in range(0, len(deltas), chunk):
                out[start : start + chunk] = self._losses(deltas[start : start + chunk])
        return out.reshape(a.shape)

    def grid(self, a_values: np.ndarray, b_values: np.ndarray) -> np.ndarray:
        """The loss over every pair: a_values (Ga,), b_values (Gb,) -> (Gb, Ga), row i at b_values[i]
        (row-major, as images are shown: a across, b up)."""
        a_grid, b_grid = np.meshgrid(np.asarray(a_values, float), np.asarray(b_values, float))
        return self.points(a_grid, b_grid)

    def _moving_maps(self, deltas: np.ndarray) -> np.ndarray:
        """The moved filters' pooled maps at each point: deltas (P, 2) -> (P, N, S, ...)."""
        P = len(deltas)
        moving = [k for k, slope in enumerate(self._slopes) if slope is not None]
        slopes = np.stack([self._slopes[k].ravel() for k in moving])  # type: ignore[union-attr]
        o = deltas[:, moving] @ slopes  # (P, N*S*Ho*Wo): one pass, no temporaries per pick
        o += self._o0.ravel()
        pooled = self._tail(o.reshape(P * self.spec.batch, *self._o0.shape[1:]))
        return pooled.reshape(P, self.spec.batch, *pooled.shape[1:])

    def _losses(self, deltas: np.ndarray) -> np.ndarray:
        """deltas (P, 2) of (a - a0, b - b0) -> losses (P,)."""
        spec, P, N = self.spec, len(deltas), self.spec.batch
        moving = self._moving_maps(deltas) if self._filters else None
        if spec.head != "dense":
            assert moving is not None  # without a head every parameter is a conv parameter
            if spec.loss == "mse":
                diff = moving - self.target[:, self._filters]
                total = self._fixed_sum + np.einsum("pi,pi->p", diff.reshape(P, -1), diff.reshape(P, -1))
                return total / math.prod(spec.pred_shape)
            scores = np.broadcast_to(self._pred0, (P, *self._pred0.shape)).copy()
            scores[:, :, self._filters] = moving
            return cross_entropy_points(scores, self.target)
        scores = np.broadcast_to(self._s_fixed, (P, *self._s_fixed.shape)).copy()  # (P, N, K)
        feats = None
        if moving is not None:
            feats = moving.reshape(P, N, -1)  # (P, N, S*per), in the order of self._columns
            scores += feats @ self._v_moving.T
        for k, (tensor, index) in enumerate(self.picks):
            step = deltas[:, k].reshape(P, 1)
            if tensor == "c":
                scores[:, :, index[0]] += step
            elif tensor == "V":
                row, col = index
                hit = np.flatnonzero(self._columns == col)
                feature = feats[:, :, hit[0]] if feats is not None and hit.size else self._feats0[:, col]
                scores[:, :, row] += step * feature
        if spec.loss == "mse":
            diff = (scores - self.target).reshape(P, -1)
            return np.einsum("pi,pi->p", diff, diff) / diff.shape[1]
        return cross_entropy_points(scores, self.target)


def cross_entropy_points(scores: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """-mean_n log softmax(scores[p, n])[labels[n]] for each point p: scores (P, N, K) -> (P,)."""
    shifted = scores - scores.max(axis=2, keepdims=True)
    log_q = shifted - np.log(np.exp(shifted).sum(axis=2, keepdims=True))
    return -log_q[:, np.arange(scores.shape[1]), labels].sum(axis=1) / scores.shape[1]


def grid(
    spec: Spec,
    params: Mapping[str, np.ndarray],
    x: np.ndarray,
    target: np.ndarray,
    picks: Sequence[Pick],
    a_values: np.ndarray,
    b_values: np.ndarray,
) -> np.ndarray:
    """The loss over a grid of two parameter cells: (len(b_values), len(a_values)); see Plane.grid."""
    return Plane(spec, params, x, target, picks).grid(a_values, b_values)
