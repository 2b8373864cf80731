"""How long the loss landscape takes: a G x G grid over two weights, on every lesson and on the
largest network the app offers.

Each grid is one convolution plus the layers after it batched over the grid (see
convstudio/engine/landscape.py); the bar is 100 ms for the panel's 41 x 41 grid on every lesson, so
the map follows training on the event loop. The "loop" column is the plain alternative: one forward
pass per grid point. Larger networks get a coarser grid (convstudio.engine.landscape_map.grid_side),
which the panel computes in slices of rows between events.

    python benchmarks/bench_landscape.py
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from convstudio.engine import gradcheck, lessons
from convstudio.engine.landscape import Plane
from convstudio.engine.landscape_map import grid_side
from convstudio.engine.model import Arrays, init_params
from convstudio.engine.spec import LIMITS, Spec

G = 41
BAR_MS = 100.0
MEDIUM = Spec(
    height=32,
    width=32,
    channels=3,
    batch=32,
    filters=8,
    kernel=3,
    padding=1,
    bias=True,
    activation="relu",
    pooling="max",
    head="dense",
    classes=4,
    loss="cross_entropy",
)
LARGEST = Spec(
    height=LIMITS["height"],
    width=LIMITS["width"],
    channels=LIMITS["channels"],
    batch=LIMITS["batch"],
    filters=LIMITS["filters"],
    kernel=3,
    padding=1,
    bias=True,
    activation="relu",
    pooling="max",
    head="dense",
    classes=LIMITS["classes"],
    loss="cross_entropy",
)


def first_two_cells(spec: Spec) -> list[tuple[str, tuple[int, ...]]]:
    return [("W", (0, 0, 0, 0)), ("W", (0, 0, 0, 1))]


def timed(function: Callable[[], object], repeats: int) -> float:
    """Median milliseconds of ``repeats`` calls."""
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000


def batched(spec: Spec, params: Arrays, x: np.ndarray, target: np.ndarray, axis: np.ndarray) -> None:
    Plane(spec, params, x, target, first_two_cells(spec)).grid(axis, axis)


def looped(spec: Spec, params: Arrays, x: np.ndarray, target: np.ndarray, axis: np.ndarray) -> None:
    """One forward pass per grid point, for the rows of b in ``axis``."""
    for b in axis:
        for a in np.linspace(-1.0, 1.0, G):
            moved = {k: v.copy() for k, v in params.items()}
            moved["W"][0, 0, 0, 0], moved["W"][0, 0, 0, 1] = a, b
            gradcheck.loss(spec, moved, x, target)


def main() -> None:
    print(f"Loss landscape, {G} x {G} grid over W11 and W12 (median of repeats, milliseconds)")
    print(f"{'network':28s} {'grid':>9s} {'loop':>10s} {'speed-up':>9s}")
    worst = 0.0
    axis = np.linspace(-1.0, 1.0, G)
    for name in lessons.available():
        lesson = lessons.load(name)
        data = (lesson.spec, lesson.params, lesson.x, lesson.target)
        grid_ms = timed(partial(batched, *data, axis), 15)
        loop_ms = timed(partial(looped, *data, axis[:4]), 3) * G / 4  # 4 rows of the loop, scaled up
        worst = max(worst, grid_ms)
        print(f"{name:28s} {grid_ms:9.2f} {loop_ms:10.1f} {loop_ms / grid_ms:8.0f}x")
    for label, spec in (
        ("32x32x3, batch 32, 8 filters, dense to 4", MEDIUM),
        ("the largest network", LARGEST),
    ):
        rng = np.random.default_rng(0)
        x = rng.uniform(0, 1, spec.input_shape)
        labels = np.arange(spec.batch) % spec.classes
        plane = Plane(spec, init_params(spec), x, labels, first_two_cells(spec))
        side = grid_side(plane.floats_per_point)
        row = np.linspace(-1.0, 1.0, side)
        row_ms = timed(partial(plane.grid, row, row[:1]), 3)
        print(
            f"{label}: {plane.floats_per_point} floats a point, the panel's grid {side} x {side}: "
            f"{row_ms:.0f} ms a row, {row_ms * side / 1000:.2f} s in slices"
        )
    print(f"slowest lesson: {worst:.2f} ms ({'under' if worst < BAR_MS else 'OVER'} the {BAR_MS:.0f} ms bar)")


if __name__ == "__main__":
    main()
