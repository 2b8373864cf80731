"""Format 1 of session files, which kept one entry per iteration: read into today's timeline."""

from __future__ import annotations

import math
from typing import Any

import numpy as np

from convstudio.io.session_arrays import SessionFileError, number


def timeline_v1(timeline: Any) -> tuple[np.ndarray, int, list[dict[str, Any]]]:
    """Format 1 kept one entry per iteration: (losses, first iteration with weights, their entries)."""
    if not isinstance(timeline, list) or not timeline:
        raise SessionFileError("its history (timeline) must be a non-empty list")
    losses: list[float] = []
    first = None
    snapshots = []
    for i, snap in enumerate(timeline):
        if not isinstance(snap, dict) or set(snap) != {"params", "velocity", "loss"}:
            raise SessionFileError(f"iteration {i + 1} of its history must have params, velocity and loss")
        if snap["params"] is not None:
            first = i if first is None else first
            snapshots.append({"params": snap["params"], "velocity": snap["velocity"]})
        elif first is not None:
            raise SessionFileError(f"the weights of iteration {i + 1} are missing")
        loss = snap["loss"]
        if loss is None:
            continue
        if len(losses) != i:
            raise SessionFileError(f"the loss of iteration {len(losses) + 1} is missing")
        try:
            losses.append(float.fromhex(loss) if isinstance(loss, str) else number(loss))
        except (ValueError, TypeError, OverflowError):
            raise SessionFileError(f"the loss of iteration {i + 1} is not a number") from None
        if not math.isfinite(losses[-1]):
            raise SessionFileError(f"the loss of iteration {i + 1} is NaN or infinite")
    if first is None:
        raise SessionFileError("the weights of its current iteration are missing")
    return np.array(losses, dtype=np.float64), first, snapshots
