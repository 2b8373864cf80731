"""The loss of a network of any depth over two parameter cells, every other parameter and the data fixed.

Each layer is linear in each of its own parameters given its input (a conv, transposed conv or
dense layer in a weight or bias, batch norm in γ or β), so a layer whose cells move computes
``out = out0 + Δa · dout/da + Δb · dout/db`` from its input. The layers below the first one
that moves run once; from there on every grid point's batch runs through the rest of the network
at once, batch norm normalising each point's batch with its own statistics. Picks are keyed like
the parameters (``("0.weight", (0, 0, 0, 1))``) and named as the network's trace names them (W¹11).
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from convstudio.engine import network as nw
from convstudio.engine.landscape import CHUNK_FLOATS, MAX_LISTED, cross_entropy_points, two_cells
from convstudio.engine.network_check import Built, check_network
from convstudio.engine.network_gradcheck import checked_params
from convstudio.engine.network_names import NetworkNames

#: A parameter cell: its key and a 0-based index, e.g. ("0.weight", (0, 0, 0, 1)) for W¹12.
Pick = tuple[str, tuple[int, ...]]

_SUPERSCRIPTS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def _layers(network: Any) -> list[Built]:
    nw.param_shapes(network)  # raises NetworkError for a network that cannot be built
    return check_network(network).layers


def names(network: Any) -> NetworkNames:
    """How the network's trace names its parameters."""
    return NetworkNames(_layers(network), 1, network["loss"], [])


def check_picks(network: Any, picks: Sequence[Pick]) -> tuple[Pick, Pick]:
    """Two different parameter cells of ``network``, or a ValueError saying what is wrong."""
    return two_cells(nw.param_shapes(network), picks)


def cells(network: Any, limit: int = MAX_LISTED) -> list[tuple[str, Pick]]:
    """(symbol, pick) of the first ``limit`` parameter cells, layer by layer, each row-major."""
    named = names(network)
    out: list[tuple[str, Pick]] = []
    for key, shape in nw.param_shapes(network).items():
        for index in np.ndindex(*shape):
            if len(out) >= limit:
                return out
            cell = tuple(int(i) for i in index)
            out.append((named.symbol(key, cell), (key, cell)))
    return out


def default_picks(network: Any) -> tuple[Pick, Pick] | None:
    """The first two parameter cells; None if the network has fewer than two."""
    first = cells(network, 2)
    return (first[0][1], first[1][1]) if len(first) == 2 else None


def parse_cell(network: Any, text: str) -> Pick:
    """The parameter cell a symbol names as the trace writes it (W¹11, W²1,2,1,1, γ³2, b1); the
    layer number may also be typed as ^2 (W^2 1,2,1,1)."""
    named = names(network)
    shapes = nw.param_shapes(network)
    typed = re.sub(r"\^\s*(\d+)\s*", lambda m: m.group(1).translate(_SUPERSCRIPTS), text)
    typed = typed.strip()
    prefixes = sorted(((named.name(key), key) for key in shapes), key=lambda p: -len(p[0]))
    listed = ", ".join(named.name(key) for key in shapes)
    found = next(((name, key) for name, key in prefixes if typed.startswith(name)), None)
    if found is None or not re.fullmatch(r"[\d,\s]*", typed[len(found[0]) :]):
        raise ValueError(f"{typed or 'nothing'} is not a weight of this network: write e.g. {listed}")
    name, key = found
    digits = re.sub(r"\s", "", typed[len(name) :])
    shown = named.symbols[key].shown
    numbers = [int(d) for d in digits.split(",") if d] if "," in digits else [int(d) for d in digits]
    if len(numbers) != sum(shown):
        example = named.symbol(key, (0,) * len(shown))
        raise ValueError(f"{typed}: {name} takes {sum(shown)} index(es), as in {example}")
    given = iter(numbers)
    index = tuple(next(given) - 1 if keep else 0 for keep in shown)
    shape = shapes[key]
    if not all(0 <= i < n for i, n in zip(index, shape, strict=True)):
        last = named.symbol(key, tuple(n - 1 for n in shape))
        raise ValueError(f"{typed} is outside {name}, which ends at {last}")
    return key, index


def _forward(layer: Built, p: Mapping[str, np.ndarray], x: np.ndarray, points: int) -> np.ndarray:
    """One layer over ``points`` batches stacked as (points·N, ...): batch norm per point's batch."""
    if layer.type != "batch_norm":
        return layer.kind.forward(layer.cfg, p, x, None)[0]
    # Point p's channel c becomes channel p·C + c of one batch: each is normalised on its own.
    N = x.shape[0] // points
    grouped = x.reshape(points, N, *x.shape[1:]).swapaxes(0, 1).reshape(N, -1, *x.shape[2:])
    tiled = {name: np.tile(value, points) for name, value in p.items()}
    y = layer.kind.forward(layer.cfg, tiled, grouped, None)[0]
    return y.reshape(N, points, *x.shape[1:]).swapaxes(0, 1).reshape(x.shape)


class NetworkPlane:
    """The loss as a function of two parameter cells (a, b) of a network; ``origin`` is (a0, b0),
    their values in ``params``, so the plane passes through ``params``."""

    def __init__(
        self, network: Any, params: Mapping[str, Any], x: Any, target: Any, picks: Sequence[Pick]
    ) -> None:
        self.network = network
        self.picks = check_picks(network, picks)
        self.params = checked_params(network, params)
        self.loss = nw.iterate(network, self.params, x, target).loss  # the data fit, or a ValueError
        self.layers = _layers(network)
        self.origin = tuple(float(self.params[key][index]) for key, index in self.picks)
        self.first = min(int(key.split(".")[0]) for key, _ in self.picks)
        with np.errstate(over="ignore", invalid="ignore"):
            self._input = nw.layer_inputs(network, self.params, x)[self.first]
        self.batch = self._input.shape[0]
        if network["loss"] == "mse":
            self._target = np.asarray(target, dtype=np.float64)
        else:
            self._target = np.asarray(target).astype(np.intp)

    @property
    def floats_per_point(self) -> int:
        """The floats the largest map of the moving layers and those above holds for one grid point."""
        sizes = [math.prod(layer.out_shape) for layer in self.layers[self.first :]]
        return max(self.batch * max([math.prod(self._input.shape[1:]), *sizes]), 1)

    def points(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """The loss at each pair (a[i], b[i]): a, b of one shape -> losses of that shape (NaN or inf
        where the network overflows; never raises for them)."""
        a = np.asarray(a, dtype=np.float64)
        b = np.asarray(b, dtype=np.float64)
        if a.shape != b.shape:
            raise ValueError(f"a and b must have one shape, not {a.shape} and {b.shape}")
        deltas = np.stack([a.ravel() - self.origin[0], b.ravel() - self.origin[1]], axis=1)
        # three copies of a map live at once in a moving layer: its output and two slopes
        chunk = max(1, CHUNK_FLOATS // (3 * self.floats_per_point))
        out = np.empty(len(deltas))
        with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
            for start in range(0, len(deltas), chunk):
                out[start : start + chunk] = self._losses(deltas[start : start + chunk])
        return out.reshape(a.shape)

    def grid(self, a_values: np.ndarray, b_values: np.ndarray) -> np.ndarray:
        """The loss over every pair: a_values (Ga,), b_values (Gb,) -> (Gb, Ga), row i at b_values[i]."""
        a_grid, b_grid = np.meshgrid(np.asarray(a_values, float), np.asarray(b_values, float))
        return self.points(a_grid, b_grid)

    def _own(self, layer: Built) -> dict[str, np.ndarray]:
        return {
            name: self.params[f"{layer.index}.{name}"]
            for name in ("weight", "bias")
            if f"{layer.index}.{name}" in self.params
        }

    def _losses(self, deltas: np.ndarray) -> np.ndarray:
        """deltas (P, 2) of (a - a0, b - b0) -> losses (P,)."""
        P, N = len(deltas), self.batch
        h = np.broadcast_to(self._input, (P, *self._input.shape)).reshape(P * N, *self._input.shape[1:])
        for layer in self.layers[self.first :]:
            own = self._own(layer)
            y = _forward(layer, own, h, P)
            for k, (key, index) in enumerate(self.picks):
                if int(key.split(".")[0]) != layer.index:
                    continue
                unit = {name: np.zeros_like(value) for name, value in own.items()}
                slope_zero = _forward(layer, unit, h, P)
                unit[key.split(".")[1]][index] = 1.0
                slope = _forward(layer, unit, h, P) - slope_zero
                step = np.repeat(deltas[:, k], N).reshape(-1, *([1] * (y.ndim - 1)))
                y = y + step * slope
            h = y
        out = h.reshape(P, N, *h.shape[1:])
        if self.network["loss"] == "mse":
            diff = (out - self._target).reshape(P, -1)
            return np.einsum("pi,pi->p", diff, diff) / diff.shape[1]
        return cross_entropy_points(out, self._target)


def grid(
    network: Any,
    params: Mapping[str, Any],
    x: Any,
    target: Any,
    picks: Sequence[Pick],
    a_values: np.ndarray,
    b_values: np.ndarray,
) -> np.ndarray:
    """The loss over a grid of two parameter cells: (len(b_values), len(a_values)); see NetworkPlane.grid."""
    return NetworkPlane(network, params, x, target, picks).grid(a_values, b_values)
