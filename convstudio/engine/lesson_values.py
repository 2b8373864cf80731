"""The values a lesson file writes: seeds, and numbers as the student sees them, checked."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from convstudio.engine.quoting import brief, quoted

#: Seeds are whole numbers in this range (as in session files).
MAX_SEED = 2**63
#: Numbers in a lesson are written as nested lists at most this deep (a tensor has four levels).
MAX_LIST_DEPTH = 8


class LessonError(ValueError):
    """A lesson file that cannot be used; the message names the file and what is wrong."""


def seed_of(table: dict[str, Any], what: str) -> int:
    """The table's ``seed`` (0 if it has none), checked."""
    seed = table.get("seed", 0)
    if not isinstance(seed, int) or isinstance(seed, bool) or not 0 <= seed < MAX_SEED:
        raise LessonError(f"{what} seed must be a whole number from 0 to 2**63 - 1, not {brief(seed)}")
    return seed


def weights_table(
    weights: Any, shapes: Mapping[str, tuple[int, ...]], init: Callable[[int], dict[str, np.ndarray]]
) -> dict[str, np.ndarray]:
    """The parameters a ``[weights]`` table writes, the rest drawn by ``init`` from its seed."""
    if not isinstance(weights, dict):
        raise LessonError("[weights] must be a table")
    extra = sorted(set(weights) - set(shapes) - {"seed"})
    if extra:
        raise LessonError(
            f"[weights] has {', '.join(map(quoted, extra))}, "
            f"but this network's parameters are {', '.join(shapes) or 'none'}"
        )
    params = init(seed_of(weights, "[weights]"))
    for key, value in weights.items():
        if key != "seed":
            params[key] = numbers(value, shapes[key], f"[weights] {key}")
    return params


def numbers(value: Any, shape: tuple[int, ...], what: str) -> np.ndarray:
    """Numbers written as the student sees them, reshaped to ``shape``; finite, the right count."""
    allowed = f"numbers that fit a float, as a number or lists nested at most {MAX_LIST_DEPTH} deep"
    if not plain_numbers(value, MAX_LIST_DEPTH):
        raise LessonError(f"{what} must be {allowed}")
    try:
        array = np.array(value, dtype=np.float64)
    except (TypeError, ValueError, OverflowError):
        raise LessonError(f"{what} must be {allowed}, in lists of equal length") from None
    if array.size != math.prod(shape):
        raise LessonError(f"{what} needs {math.prod(shape)} number(s) for shape {shape}, not {array.size}")
    if not np.isfinite(array).all():
        raise LessonError(f"{what} holds NaN or infinite values")
    return array.reshape(shape)


def plain_numbers(value: Any, depth: int) -> bool:
    """Whether ``value`` is a number that fits a float or lists of them nested at most ``depth``
    deep (true and false are not numbers)."""
    if isinstance(value, list):
        return depth > 0 and all(plain_numbers(v, depth - 1) for v in value)
    if isinstance(value, int) and not isinstance(value, bool):
        return abs(value) < 2**1024 - 2**970  # what float() rounds to a finite number
    return isinstance(value, float)
