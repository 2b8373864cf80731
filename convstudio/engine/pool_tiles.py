"""Max pooling whose windows tile the map (stride = size): windows are a reshape, not a gather.

The same results as ``ops.max_pool2d_*`` (floor mode, ties to the first maximum in row-major
window order), several times faster on a batch: the forward reduces a strided view, and the
backward routes each gradient to the cell equal to its window's maximum, going through argmax
only when some window holds a tie.
"""

from __future__ import annotations

import numpy as np


def _view(x: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    """The map's windows without a copy: (N, C, Ho, ph, Wo, pw)."""
    N, C, H, W = x.shape
    ph, pw = size
    Ho, Wo = H // ph, W // pw
    return x[:, :, : Ho * ph, : Wo * pw].reshape(N, C, Ho, ph, Wo, pw)


def max_pool_tiles_forward(x: np.ndarray, size: tuple[int, int]) -> np.ndarray:
    """y (N, C, Ho, Wo): the maximum of each window of x (N, C, H, W)."""
    return _view(np.ascontiguousarray(x), size).max(axis=(3, 5))


def max_pool_tiles_backward(
    x: np.ndarray, size: tuple[int, int], y: np.ndarray, grad_y: np.ndarray
) -> np.ndarray:
    """grad_x (N, C, H, W): each window's gradient goes to its first maximum; cells no window covers get 0."""
    windows = _view(np.ascontiguousarray(x), size)
    N, C, Ho, ph, Wo, pw = windows.shape
    winners = windows == y[:, :, :, None, :, None]
    if np.count_nonzero(winners) != y.size:  # a tie: keep only the first maximum of each window
        rows = windows.transpose(0, 1, 2, 4, 3, 5).reshape(N, C, Ho, Wo, ph * pw)
        first = rows.argmax(axis=4)[..., None] == np.arange(ph * pw)
        winners = first.reshape(N, C, Ho, Wo, ph, pw).transpose(0, 1, 2, 4, 3, 5)
    grad_x = np.zeros(x.shape)
    _view(grad_x, size)[...] = winners * grad_y[:, :, :, None, :, None]
    return grad_x
