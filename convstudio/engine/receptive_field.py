"""The receptive field of one unit of any layer: the input cells its value depends on, two ways.

By gradient: a one-hot gradient on the unit, backpropagated to the input, is non-zero on the cells
whose change changes the unit (its receptive field); its magnitudes are the effective receptive
field. By arithmetic: each layer's kernel k, stride s, dilation d and padding p give the window's
size r, the jump j between neighbouring units and the window's start, in input coordinates.

batch_norm runs on its running statistics, as ``predict`` does: in training every unit would
depend on the whole batch through the batch mean, which hides the window the student looks for.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from convstudio.engine.layer_params import built_layers, with_params
from convstudio.engine.network_check import Built

#: Layers that keep every cell where it is (their window is one cell).
_CELLWISE = ("relu", "sigmoid", "tanh", "batch_norm")
#: Layers whose field is not a sliding window, so the size/jump/start arithmetic does not apply.
_NOT_A_WINDOW = ("conv_transpose", "global_avg_pool", "flatten", "dense")

FORMULA = (
    "r_0 = 1, j_0 = 1, start_0 = 0",
    "r_l = r_(l−1) + (k_l − 1)·d_l·j_(l−1)",
    "j_l = j_(l−1)·s_l",
    "start_l = start_(l−1) − p_l·j_(l−1)",
    "unit u reads start_L + u·j_L to start_L + u·j_L + r_L − 1",
)
FORMULA_LATEX = (
    r"r_0 = 1,\ j_0 = 1,\ \mathrm{start}_0 = 0",
    r"r_l = r_{l-1} + (k_l - 1)\,d_l\,j_{l-1}",
    r"j_l = j_{l-1}\,s_l",
    r"\mathrm{start}_l = \mathrm{start}_{l-1} - p_l\,j_{l-1}",
    r"[\,\mathrm{start}_L + u\,j_L,\ \mathrm{start}_L + u\,j_L + r_L - 1\,]",
)


@dataclass(frozen=True)
class GradientField:
    """d(unit)/dx for one image: ``grad`` (C, H, W); its support is the receptive field."""

    layer: int
    unit: tuple[int, ...]
    grad: np.ndarray

    @property
    def magnitude(self) -> np.ndarray:
        """(H, W): |d unit / dx| summed over the input channels, the effective receptive field."""
        return np.abs(self.grad).sum(axis=0)

    @property
    def support(self) -> np.ndarray:
        """(H, W) bools: the cells with a non-zero gradient in some channel."""
        return self.magnitude > 0

    @property
    def share(self) -> np.ndarray:
        """(H, W): each cell's part of the total magnitude (zeros when nothing reaches the unit)."""
        total = self.magnitude.sum()
        return self.magnitude / total if total > 0 else np.zeros_like(self.magnitude)


@dataclass(frozen=True)
class Recurrence:
    """One spatial layer's arithmetic on one axis: its k, s, p, d and the r, j, start after it."""

    layer: int
    type: str
    kernel: int
    stride: int
    padding: int
    dilation: int
    size: int
    jump: int
    start: int
    before: tuple[int, int, int]  # (r, j, start) before the layer

    def text(self) -> str:
        r0, j0, s0 = self.before
        k, d = self.kernel, self.dilation
        return (
            f"layer {self.layer + 1} ({self.type}): r = {r0} + ({k} − 1)·{d}·{j0} = {self.size}, "
            f"j = {j0}·{self.stride} = {self.jump}, "
            f"start = {_num(s0)} − {self.padding}·{j0} = {_num(self.start)}"
        )

    def latex(self) -> str:
        r0, j0, s0 = self.before
        n = self.layer + 1
        return (
            rf"r_{{{n}}} = {r0} + ({self.kernel} - 1)\cdot {self.dilation}\cdot {j0} = {self.size},\ "
            rf"j_{{{n}}} = {j0}\cdot {self.stride} = {self.jump},\ "
            rf"\mathrm{{start}}_{{{n}}} = {s0} - {self.padding}\cdot {j0} = {self.start}"
        )


@dataclass(frozen=True)
class AxisField:
    """The theoretical field of one unit along rows or columns, in 0-based input coordinates.

    ``cells`` are the input positions a path of the network joins to the unit (the padding at
    every layer left out). ``first``/``last`` are the sliding window of the arithmetic, None when
    a layer up to the unit is not a sliding window (transposed convolution, pooling to features,
    flatten, dense)."""

    axis: str  # "rows" or "cols"
    unit: int | None
    length: int
    cells: np.ndarray
    recurrences: tuple[Recurrence, ...]
    first: int | None
    last: int | None

    @property
    def size(self) -> int | None:
        return None if self.first is None or self.last is None else self.last - self.first + 1

    @property
    def jump(self) -> int | None:
        if self.first is None:
            return None
        return self.recurrences[-1].jump if self.recurrences else 1

    def clipped(self) -> tuple[int, int] | None:
        """The window clipped to the input (first, last), or None without a window or overlap."""
        if self.first is None or self.last is None:
            return None
        first, last = max(self.first, 0), min(self.last, self.length - 1)
        return (first, last) if first <= last else None

    def working(self) -> list[str]:
        """The arithmetic with this unit's numbers, one line per spatial layer and the window."""
        if self.first is None or self.last is None:
            return [f"{self.axis}: not a sliding window; the cells are found by following every path"]
        lines = [f"{self.axis}: {r.text()}" for r in self.recurrences]
        r = self.recurrences[-1] if self.recurrences else None
        start, jump = (r.start, r.jump) if r else (0, 1)
        where = self.clipped()
        inside = f"{where[0] + 1} to {where[1] + 1}" if where else "none"
        lines.append(
            f"{self.axis}: unit {self.unit} (from 0) reads {_num(start)} + {self.unit}·{jump} = "
            f"{_num(self.first)} to {_num(self.first)} + {self.last - self.first + 1} − 1 = "
            f"{_num(self.last)}; "
            f"inside the input: {self.axis} {inside} of {self.length} (from 1)"
        )
        return lines


@dataclass(frozen=True)
class TheoreticalField:
    """A unit's field from the layers' arithmetic, rows and columns apart."""

    layer: int
    unit: tuple[int, ...]
    rows: AxisField
    cols: AxisField

    def mask(self) -> np.ndarray:
        """(H, W) bools: the cells some path of the network joins to the unit."""
        out = np.zeros((self.rows.length, self.cols.length), dtype=bool)
        out[np.ix_(self.rows.cells, self.cols.cells)] = True
        return out

    def window_mask(self) -> np.ndarray | None:
        """(H, W) bools: the arithmetic's window clipped to the input (None: not a window)."""
        rows, cols = self.rows.clipped(), self.cols.clipped()
        if self.rows.first is None or self.cols.first is None:
            return None
        out = np.zeros((self.rows.length, self.cols.length), dtype=bool)
        if rows and cols:
            out[rows[0] : rows[1] + 1, cols[0] : cols[1] + 1] = True
        return out

    def working(self) -> list[str]:
        return self.rows.working() + self.cols.working()

    def working_latex(self) -> list[str]:
        """The recurrences with their numbers in LaTeX, rows then columns."""
        return [r.latex() for axis in (self.rows, self.cols) for r in axis.recurrences]


def _num(v: int) -> str:
    return f"−{-v}" if v < 0 else str(v)


def _check_unit(layer: Built, unit: Sequence[int]) -> tuple[int, ...]:
    shape = layer.out_shape
    unit = tuple(int(u) for u in unit)
    what = "(channel, row, col)" if len(shape) == 3 else "(feature,)"
    if len(unit) != len(shape) or not all(0 <= u < n for u, n in zip(unit, shape, strict=True)):
        sizes = "x".join(map(str, shape))
        raise ValueError(
            f"layer {layer.index + 1} ({layer.type}) gives {sizes} values per image: "
            f"the unit must be {what} within those, counted from 0, not {unit}"
        )
    return unit


def _running(layer: Built, state: Mapping[str, Any]) -> tuple[np.ndarray, np.ndarray]:
    C = layer.in_shape[0]
    mean = np.asarray(state.get(f"{layer.index}.running_mean", np.zeros(C)), dtype=np.float64)
    var = np.asarray(state.get(f"{layer.index}.running_var", np.ones(C)), dtype=np.float64)
    return mean, var


def gradient_field(
    network: Any,
    params: Mapping[str, Any],
    x: Any,
    layer: int,
    unit: Sequence[int],
    *,
    image: int = 0,
    state: Mapping[str, Any] | None = None,
) -> GradientField:
    """Backpropagate a one-hot gradient on ``unit`` of layer ``layer`` (0-based) to image ``image``."""
    parts = with_params(network, params)
    if not 0 <= layer < len(parts):
        raise ValueError(f"there is no layer {layer + 1}: the network has layers 1 to {len(parts)}")
    target = _check_unit(parts[layer][0], unit)
    x = np.asarray(x, dtype=np.float64)
    if x.ndim == 3:
        x = x[None]
    want = parts[0][0].in_shape
    if x.ndim != 4 or x.shape[1:] != want or not 0 <= image < x.shape[0]:
        raise ValueError(
            f"the input must have shape (N, {', '.join(map(str, want))}) with image {image} in it"
        )
    state = state or {}
    values, caches = [x[image : image + 1]], []
    for built, own in parts[: layer + 1]:
        stats = _running(built, state) if built.type == "batch_norm" else None
        y, cache = built.kind.forward(built.cfg, own, values[-1], stats)
        values.append(y)
        caches.append(cache)
    grad = np.zeros_like(values[-1])
    grad[(0, *target)] = 1.0
    for k in range(layer, -1, -1):
        built, own = parts[k]
        if built.type == "batch_norm":
            _, var = _running(built, state)
            scale = own["weight"] / np.sqrt(var + built.cfg["eps"])
            grad = grad * scale.reshape((1, -1) + (1,) * (grad.ndim - 2))
        else:
            grad, _ = built.kind.backward(built.cfg, own, values[k], caches[k], grad)
    return GradientField(layer, target, grad[0])


def _window(layer: Built, axis: int) -> tuple[int, int, int, int] | None:
    """(k, s, p, d) of a spatial layer along axis 0 (rows) or 1 (cols); None for cellwise layers."""
    cfg = layer.cfg
    if layer.type == "conv":
        return cfg["kernel"][axis], cfg["stride"][axis], cfg["padding"][axis], cfg["dilation"][axis]
    if layer.type in ("max_pool", "avg_pool"):
        return cfg["size"][axis], cfg["stride"][axis], 0, 1
    return None


def _back(layer: Built, axis: int, cells: np.ndarray) -> np.ndarray:
    """The input positions of a layer joined to its output positions ``cells`` along one axis."""
    n_in = layer.in_shape[1 + axis]
    if layer.type == "conv_transpose":
        k, s, p = (layer.cfg[name][axis] for name in ("kernel", "stride", "padding"))
        i = np.arange(n_in)
        reached = (i[:, None] * s + np.arange(k)[None, :] - p)[..., None] == cells[None, None, :]
        return i[reached.any(axis=(1, 2))]
    window = _window(layer, axis)
    if window is None:
        return cells
    k, s, p, d = window
    joined = np.unique((cells[:, None] * s - p + np.arange(k)[None, :] * d).ravel())
    return joined[(joined >= 0) & (joined < n_in)]


def _axis_cells(layers: list[Built], layer: int, unit: tuple[int, ...], axis: int) -> np.ndarray:
    """Follow every path from the unit back to the input along one axis."""
    cells: np.ndarray | None = None  # None: the unit is a feature of the whole maps
    feature: int | None = unit[0] if len(unit) == 1 else None
    if len(unit) == 3:
        cells = np.array([unit[1 + axis]])
    for built in reversed(layers[: layer + 1]):
        if len(built.in_shape) == 3 and cells is None:
            if built.type == "flatten" and feature is not None:
                where = np.unravel_index(feature, built.in_shape)
                cells = np.array([int(where[1 + axis])])
            else:
                cells = np.arange(built.in_shape[1 + axis])
            continue
        if built.type == "dense":
            feature = None
        if cells is not None:
            cells = _back(built, axis, cells)
    assert cells is not None  # the input is always maps
    return cells


def theoretical_field(network: Any, layer: int, unit: Sequence[int]) -> TheoreticalField:
    """The field of ``unit`` of layer ``layer`` (0-based) from kernel, stride, dilation and padding."""
    layers = built_layers(network)
    if not 0 <= layer < len(layers):
        raise ValueError(f"there is no layer {layer + 1}: the network has layers 1 to {len(layers)}")
    target = _check_unit(layers[layer], unit)
    sliding = len(target) == 3 and not any(b.type in _NOT_A_WINDOW for b in layers[: layer + 1])
    axes = []
    for axis, name in ((0, "rows"), (1, "cols")):
        recurrences: list[Recurrence] = []
        r, j, start = 1, 1, 0
        for built in layers[: layer + 1]:
            window = _window(built, axis) if sliding else None
            if window is None:
                continue
            k, s, p, d = window
            before = (r, j, start)
            r, start, j = r + (k - 1) * d * j, start - p * j, j * s
            recurrences.append(Recurrence(built.index, built.type, k, s, p, d, r, j, start, before))
        u = target[1 + axis] if len(target) == 3 else None
        first = start + u * j if sliding and u is not None else None
        last = None if first is None else first + r - 1
        length = layers[0].in_shape[1 + axis]
        cells = _axis_cells(layers, layer, target, axis)
        axes.append(AxisField(name, u, length, cells, tuple(recurrences), first, last))
    return TheoreticalField(layer, target, axes[0], axes[1])
