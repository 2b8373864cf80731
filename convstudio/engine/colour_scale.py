"""The colour scale of a tensor: the magnitude that the ends of the diverging colour map stand for."""

from __future__ import annotations

import math
import sys
from collections.abc import Mapping

import numpy as np


def magnitude(values: np.ndarray) -> float:
    """The largest |value|, NaN left out (0 if nothing else is there). The largest and the smallest
    value take two passes and no copy: |values| of a 4-million-cell map took 7 ms, this takes 2."""
    values = np.asarray(values, dtype=np.float64)
    if values.size == 0:
        return 0.0
    top, bottom = float(values.max()), float(values.min())
    if math.isnan(top) or math.isnan(bottom):  # a diverged iteration: the rest still has a scale
        values = values[~np.isnan(values)]
        if values.size == 0:
            return 0.0
        top, bottom = float(values.max()), float(values.min())
    return max(top, -bottom)


def finite_magnitude(values: np.ndarray) -> float:
    """The largest finite |value| (0 if there is none): an overflowed entry leaves the others a scale."""
    values = np.asarray(values, dtype=np.float64)
    return magnitude(values[np.isfinite(values)])


def scale_from(top: float) -> float:
    """A largest magnitude as a colour scale: itself when finite and above 0, else 1 (nothing to scale)."""
    return top if math.isfinite(top) and top > 0 else 1.0


def tensor_scale(
    values: Mapping[str, np.ndarray], grads: Mapping[str, np.ndarray], new_params: Mapping[str, np.ndarray],
    name: str,
) -> float:  # fmt: skip
    """The colour scale of tensor ``name`` through one iteration, so colours do not jump as the cursor
    moves: the largest magnitude of all its values (a gradient's for a "d" name), and of a parameter
    after the update too; 1 if none is finite and above 0."""
    found = magnitude(np.asarray((grads if name.startswith("d") else values)[name], dtype=np.float64))
    if name in new_params:
        found = max(found, magnitude(new_params[name]))
    return scale_from(found)


def iteration_scales(
    values: Mapping[str, np.ndarray], grads: Mapping[str, np.ndarray], new_params: Mapping[str, np.ndarray]
) -> dict[str, float]:
    """Every tensor's colour scale of one iteration: worked out on the worker that computes the next
    iteration ahead, they cost the step into it nothing (five 4-million-cell maps of the largest deep
    network took 35-45 ms there)."""
    return {name: tensor_scale(values, grads, new_params, name) for name in (*values, *grads)}


def colour_scale(*arrays: np.ndarray) -> float:
    """The colour scale shared by ``arrays``: their largest finite |value|, or 1 if none is above 0."""
    return scale_from(max((finite_magnitude(a) for a in arrays), default=0.0))


def product_scale(a: np.ndarray, b: np.ndarray) -> float:
    """The colour scale of the outer product of ``a`` and ``b``, from their largest finite sizes
    without forming it; where that overflows, the largest float (only inf entries reach the ends)."""
    top = finite_magnitude(a) * finite_magnitude(b)  # Python floats overflow to inf quietly
    return scale_from(min(top, sys.float_info.max))
