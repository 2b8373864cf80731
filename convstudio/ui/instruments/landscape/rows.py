"""The landscape map computed in slices of rows: the first on the event loop, the rest as a job."""

from __future__ import annotations

import time
from collections.abc import Iterator

import numpy as np

from convstudio.session.workers import Job
from convstudio.ui.instruments.landscape.surface import AnyPlane


def map_rows(
    plane: AnyPlane, a_values: np.ndarray, b_values: np.ndarray, start: int, rows: int, seconds: float
) -> Iterator[tuple[int, int, np.ndarray]]:
    """The map's rows from ``start`` on, ``rows`` at a time, gathered for ``seconds`` between yields."""
    while start < len(b_values):
        deadline = time.perf_counter() + seconds
        first, parts = start, []
        while start < len(b_values):
            end = min(start + rows, len(b_values))
            parts.append(plane.grid(a_values, b_values[start:end]))
            start = end
            if time.perf_counter() > deadline:
                break
        yield first, start, np.concatenate(parts)


def rest_of_map(
    job: Job,
    plane: AnyPlane,
    a_values: np.ndarray,
    b_values: np.ndarray,
    start: int,
    rows: int,
    seconds: float,
) -> None:
    """A session job: the rows the first slice left, reported a slice at a time."""
    for chunk in map_rows(plane, a_values, b_values, start, rows, seconds):
        if job.cancelled:
            return
        job.report(chunk)
