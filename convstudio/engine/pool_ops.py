"""Pooling ops: max and average pooling over windows (no padding, floor mode) and global average
pooling, each forward beside its backward; ``ops`` offers them with the other layers' ops."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from convstudio.engine import conv_plans
from convstudio.engine.arguments import Pair, bounded, checked_grad, pair
from convstudio.engine.arguments import array as _array


def _dims(a: int, b: int) -> str:
    return f"{a}x{b}"


class PoolGeometry(NamedTuple):
    H: int
    W: int
    ph: int
    pw: int
    sh: int
    sw: int
    Ho: int
    Wo: int


def pool_geometry(in_hw: tuple[int, int], size: Pair, stride: Pair | None = None) -> PoolGeometry:
    """Check a pooling window on an H x W map and return its sizes."""
    H, W = (int(v) for v in in_hw)
    ph, pw = pair(size, "the pool size", minimum=1)
    sh, sw = pair(size if stride is None else stride, "the pool stride", minimum=1)
    if ph > H or pw > W:
        raise ValueError(
            f"a {_dims(ph, pw)} pooling window does not fit a {_dims(H, W)} map: use a smaller window"
        )
    Ho, Wo = (H - ph) // sh + 1, (W - pw) // sw + 1
    bounded(Ho * Wo * ph * pw, "the pooling windows of one map")
    return PoolGeometry(H, W, ph, pw, sh, sw, Ho, Wo)


def _windows(x: np.ndarray, size: Pair, stride: Pair | None) -> tuple[np.ndarray, PoolGeometry]:
    g = pool_geometry(x.shape[2:], size, stride)
    N, C = x.shape[:2]
    return np.take(x.reshape(N, C, -1), conv_plans.pool_plan(g), axis=2), g  # (N, C, Ho*Wo, ph*pw)


def max_pool2d_forward(x: np.ndarray, *, size: Pair, stride: Pair | None = None) -> np.ndarray:
    """y[n,c,i,j] = max over the window at (i, j). x: (N, C, H, W) -> (N, C, Ho, Wo)."""
    x = _array(x, 4, "the map", "(N, C, H, W)")
    win, g = _windows(x, size, stride)
    return win.max(axis=3).reshape(x.shape[0], x.shape[1], g.Ho, g.Wo)


def max_pool2d_backward(
    x: np.ndarray, grad_y: np.ndarray, *, size: Pair, stride: Pair | None = None
) -> np.ndarray:
    """Each window's gradient goes to its maximum only (ties: the first in row-major order)."""
    x = _array(x, 4, "the map", "(N, C, H, W)")
    win, g = _windows(x, size, stride)
    N, C = x.shape[:2]
    gy = checked_grad(grad_y, (N, C, g.Ho, g.Wo)).reshape(N, C, -1, 1)
    grad_win = np.zeros_like(win)
    np.put_along_axis(grad_win, win.argmax(axis=3)[..., None], gy, axis=3)
    return conv_plans.unwindow(grad_win, g)


def avg_pool2d_forward(x: np.ndarray, *, size: Pair, stride: Pair | None = None) -> np.ndarray:
    """y[n,c,i,j] = mean over the window at (i, j). x: (N, C, H, W) -> (N, C, Ho, Wo)."""
    x = _array(x, 4, "the map", "(N, C, H, W)")
    win, g = _windows(x, size, stride)
    return win.mean(axis=3).reshape(x.shape[0], x.shape[1], g.Ho, g.Wo)


def avg_pool2d_backward(
    x: np.ndarray, grad_y: np.ndarray, *, size: Pair, stride: Pair | None = None
) -> np.ndarray:
    """Each window's gradient is shared equally by its ph*pw cells."""
    x = _array(x, 4, "the map", "(N, C, H, W)")
    g = pool_geometry(x.shape[2:], size, stride)
    N, C = x.shape[:2]
    gy = checked_grad(grad_y, (N, C, g.Ho, g.Wo)).reshape(N, C, -1, 1)
    grad_win = np.broadcast_to(gy / (g.ph * g.pw), (N, C, g.Ho * g.Wo, g.ph * g.pw))
    return conv_plans.unwindow(grad_win, g)


def global_avg_pool_forward(x: np.ndarray) -> np.ndarray:
    """y[n,c] = mean of x[n,c]. x: (N, C, H, W) -> (N, C)."""
    x = _array(x, 4, "the map", "(N, C, H, W)")
    return np.add.reduce(x, (2, 3)) / (
        x.shape[2] * x.shape[3]
    )  # x.mean's sum and division, minus its overhead


def global_avg_pool_backward(x: np.ndarray, grad_y: np.ndarray) -> np.ndarray:
    """Every cell of a map receives 1/(H*W) of that map's gradient."""
    x = _array(x, 4, "the map", "(N, C, H, W)")
    N, C, H, W = x.shape
    gy = checked_grad(grad_y, (N, C))
    grad_x = np.empty(x.shape)
    grad_x[...] = (gy / (H * W))[:, :, None, None]
    return grad_x
