"""Max pooling whose windows tile the map (stride = size), one window cell at a time.

The same results as ``ops.max_pool2d_*`` (floor mode, ties to the first maximum in row-major
window order), several times faster on a batch: cell (m, k) of every window is one strided
slice of the map, so the forward is ph*pw elementwise maxima and the backward hands each
window's gradient to the first cell, in row-major order, that equals the maximum.
"""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np


def _cells(shape: tuple[int, ...], size: tuple[int, int]) -> Iterator[tuple[slice, ...]]:
    """For each window cell (m, k) in row-major order, the slice of the map holding it in every window."""
    ph, pw = size
    Ho, Wo = shape[2] // ph, shape[3] // pw
    for m in range(ph):
        for k in range(pw):
            yield (slice(None), slice(None), slice(m, m + Ho * ph, ph), slice(k, k + Wo * pw, pw))


def max_pool_tiles_forward(x: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    """y (N, C, Ho, Wo): the maximum of each window of x (N, C, H, W)."""
    cells = _cells(x.shape, size)
    y = np.array(x[next(cells)])
    for cell in cells:
        np.maximum(y, x[cell], out=y)
    return y


def max_pool_tiles_backward(
    x: np.ndarray, size: tuple[int, int], y: np.ndarray, grad_y: np.ndarray
) -> np.ndarray:
    """grad_x (N, C, H, W): each window's gradient at its first maximum; cells no window covers get 0."""
    grad_x = np.zeros(x.shape)
    open_ = np.ones(y.shape, dtype=bool)  # windows whose maximum has not been found yet
    for cell in _cells(x.shape, size):
        hit = x[cell] == y
        hit &= open_
        grad_x[cell] = grad_y * hit
        open_ &= ~hit
    return grad_x
