"""Where the loss landscape's map lies: its grid, the view around the path, the path clipped to
that view, the colours' values and the colour bar's labels. The instrument draws what these give."""

from __future__ import annotations

import math

import numpy as np

#: Grid points per side; networks whose grid would hold more than GRID_FLOATS floats get fewer.
GRID = 41
MIN_GRID = 15
GRID_FLOATS = 20_000_000

#: Points whose loss grew beyond this multiple of the path's first loss are left off the map.
GROWTH = 10.0
#: Space around the path, as a fraction of its extent; and the smallest half-width of the view.
MARGIN = 0.2
MIN_HALF = 0.25

#: Path segments with both ends farther than this many view sizes away are not drawn (see clip_path).
FAR = 1e10
#: The view stays within ±VIEW_LIMIT: pyqtgraph adds and scales the ends of a range, which would
#: overflow near the float limit (1.8e308). Weights beyond it are off the map, and the panel says so.
VIEW_LIMIT = 1e300


def fit_range(
    path: np.ndarray, losses: np.ndarray, current: tuple[float, float]
) -> tuple[float, float, float, float]:
    """(x0, x1, y0, y1) around the path (n, 2) whose points had the losses (n,), leaving off the
    points where the loss grew more than GROWTH-fold since the first; the current point is the
    last row. A view of at least MIN_HALF (and a quarter of the weights' size) each way, within
    ±VIEW_LIMIT."""
    finite = np.isfinite(path).all(axis=1) & np.isfinite(losses)
    keep = finite.copy()
    if finite.any():
        reference = max(float(losses[np.argmax(finite)]), 1e-12)
        keep &= losses <= GROWTH * reference
        keep[np.argmax(finite)] = True
        points = path[keep]
    else:
        points = np.array([current]) if all(map(math.isfinite, current)) else np.zeros((1, 2))
    low, high = points.min(axis=0), points.max(axis=0)
    limit = VIEW_LIMIT / 2
    centre = np.clip(low / 2 + high / 2, -limit, limit)  # halves first: no overflow near the float limit
    floor = MIN_HALF * max(1.0, float(np.abs(centre).max()))
    with np.errstate(over="ignore"):  # an inf half-width is cut to the limit below
        half = np.minimum(np.maximum((high / 2 - low / 2) * (1 + 2 * MARGIN), floor), limit)
    return (
        float(centre[0] - half[0]),
        float(centre[0] + half[0]),
        float(centre[1] - half[1]),
        float(centre[1] + half[1]),
    )


def loss_labels(values: list[float], spacing: float, log: bool, base: float = 0.0) -> list[str]:
    """The colour bar's tick labels: the loss at each tick (10**v on a log scale), less ``base``,
    with the significant digits that tell neighbouring ticks apart."""
    if log:
        return [short_number(f"{10.0**v:.3g}") for v in values]
    if base:  # ticks are multiples of the spacing; at this size v - base is only near one
        values = [round((v - base) / spacing) * spacing for v in values]
    size = max((abs(v) for v in values), default=1.0)
    digits = min(max(math.ceil(math.log10(size / spacing)) + 1 if size > 0 and spacing > 0 else 1, 1), 8)
    return [short_number(f"{v:.{digits}g}") for v in values]


def short_number(number: str) -> str:
    """5.87e+05 -> 5.87e5, 1e-07 -> 1e-7: labels that fit beside the colour bar."""
    mantissa, _, exponent = number.partition("e")
    return f"{mantissa}e{int(exponent)}" if exponent else mantissa


def grid_side(floats_per_point: int) -> int:
    """GRID points a side, fewer (down to MIN_GRID) for networks whose map would hold more than
    GRID_FLOATS floats: those take from a few tenths of a second to two, in slices."""
    fit = int(math.sqrt(GRID_FLOATS / max(floats_per_point, 1)))
    return max(MIN_GRID, min(GRID, fit))


def grid_axis(low: float, high: float, origin: float, count: int) -> np.ndarray:
    """``count`` evenly spaced values covering [low, high], shifted (by under half a step) so that
    ``origin`` is one of them: the map's cell at the current point holds exactly its loss. An origin
    off the map (a diverged point) leaves the values as they are."""
    step = (high - low) / (count - 1)
    if not (math.isfinite(step) and step > 0 and low - step <= origin <= high + step):
        return np.linspace(low, high, count)
    first = math.floor((low - origin) / step + 0.5)
    return origin + step * np.arange(first, first + count)


def clip_path(
    path: np.ndarray, rect: tuple[float, float, float, float]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The path (n, 2) clipped to the rectangle (x0, x1, y0, y1), every segment at once
    (Liang-Barsky): the visible pieces as pairs of points (2k, 2), so the plot never sees the huge
    coordinates of a diverging path; and where segments leave the rectangle, as points (m, 2) and
    unit directions (m, 2), oldest first."""
    p0, p1 = path[:-1], path[1:]
    ok = np.isfinite(p0).all(axis=1) & np.isfinite(p1).all(axis=1)
    # Where a segment crosses is known to about 1e-16 of its nearer end's distance: segments with
    # both ends over FAR view sizes away cannot be placed on the map, and are left out.
    centre = np.array([rect[0] + rect[1], rect[2] + rect[3]]) / 2
    size = max(rect[1] - rect[0], rect[3] - rect[2])
    with np.errstate(over="ignore", invalid="ignore"):
        near = np.minimum(np.abs(p0 - centre).max(axis=1), np.abs(p1 - centre).max(axis=1))
    ok &= near <= FAR * size
    p0, p1 = p0[ok], p1[ok]
    half = p1 / 2 - p0 / 2  # half of each segment: finite however far apart its ends are
    t_in, t_out = np.zeros(len(half)), np.ones(len(half))
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        for axis, (low, high) in enumerate(((rect[0], rect[1]), (rect[2], rect[3]))):
            ta = (low / 2 - p0[:, axis] / 2) / half[:, axis]
            tb = (high / 2 - p0[:, axis] / 2) / half[:, axis]
            still = half[:, axis] == 0
            inside = (p0[:, axis] >= low) & (p0[:, axis] <= high)
            t_in = np.where(still, np.where(inside, t_in, np.inf), np.maximum(t_in, np.minimum(ta, tb)))
            t_out = np.where(still, np.where(inside, t_out, -np.inf), np.minimum(t_out, np.maximum(ta, tb)))
        seen = t_in <= t_out
        # Inside the rectangle by construction; clamping undoes rounding, which for ends of size s
        # is about 1e-16 * s and would hand the plot huge coordinates again.
        lows, highs = np.array([rect[0], rect[2]]), np.array([rect[1], rect[3]])
        starts = np.clip(p0[seen] + (2 * t_in[seen, None]) * half[seen], lows, highs)
        ends = np.clip(p0[seen] + (2 * t_out[seen, None]) * half[seen], lows, highs)
        leaving = t_out[seen] < 1
        scaled = half[seen][leaving] / np.abs(half[seen][leaving]).max(axis=1, keepdims=True)
    direction = scaled / np.linalg.norm(scaled, axis=1, keepdims=True)
    return np.stack([starts, ends], axis=1).reshape(-1, 2), ends[leaving], direction


def colour_values(loss: np.ndarray, log: bool) -> np.ndarray:
    """What the map's colours encode: L, or log10 L with zero clamped to the smallest positive value."""
    z = loss.copy()
    if log:
        positive = z[np.isfinite(z) & (z > 0)]
        floor = positive.min() if positive.size else 1e-300
        with np.errstate(divide="ignore", invalid="ignore"):
            z = np.log10(np.where(np.isfinite(z), np.maximum(z, floor), z))
    return z
