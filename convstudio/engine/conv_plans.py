"""The fast paths of the ops: conv2d's index plans, strided layouts and blocked im2col buffers,
and the pools' window plans.

``ops`` checks a call and remembers its route per signature; these build the routes. Every route
computes the same sums (tested against loops and against each other); they differ only in how
they find the windows.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple

import numpy as np

if TYPE_CHECKING:
    from convstudio.engine.ops import ConvGeometry, PoolGeometry

# How a call finds its windows, by the number of window cells (N*C*kh*kw*Ho*Wo), as measured:
# up to _TINY, one cached index plan (fewest NumPy calls); up to _SMALL, one cached layout of
# strided views over a padded copy (copies beat index gathers once there are a few thousand cells);
# beyond, blocks of images whose columns hold about _BLOCK values (half a megabyte, so a block
# stays in the CPU's cache), in reused buffers.
_TINY = 1 << 11
_SMALL = 1 << 14
_BLOCK = 1 << 16
_ZERO = np.zeros(1)


class Layout(NamedTuple):
    """Strided im2col and col2im of one whole small batch, every shape and stride worked out once."""

    padded: tuple[int, ...]  # (N, C, Hp, Wp)
    inner: tuple[slice, ...]  # the image inside its padding
    windows: tuple[int, ...]  # (C, kh, kw, N, Ho, Wo)
    window_strides: tuple[int, ...]  # bytes, into the padded copy
    skewed: tuple[int, ...]  # (N*C, kh*kw, row): each window cell's gradients, shifted by its offset
    skewed_strides: tuple[int, ...]  # bytes, of the windows' view into the skewed buffer
    image: int  # Hp*Wp


def route(g: ConvGeometry, N: int) -> np.ndarray | Layout | None:
    """The index plan or strided layout for N images of this geometry (None: blocks of images)."""
    cells = N * g.C * g.kh * g.kw * g.Ho * g.Wo
    return plan(g, N) if cells <= _TINY else layout(g, N) if cells <= _SMALL else None


def plan(g: ConvGeometry, N: int) -> np.ndarray:
    """Flat index into x of every window cell: ``(C*kh*kw, N*Ho*Wo)``; padding points at x.size."""
    c, m, k, n, i, j = np.ix_(*(np.arange(v) for v in (g.C, g.kh, g.kw, N, g.Ho, g.Wo)))
    rows = i * g.sh + m * g.dh - g.ph
    cols = j * g.sw + k * g.dw - g.pw
    inside = (rows >= 0) & (rows < g.H) & (cols >= 0) & (cols < g.W)
    flat = np.where(inside, ((n * g.C + c) * g.H + rows) * g.W + cols, N * g.C * g.H * g.W)
    plan = np.ascontiguousarray(flat.reshape(g.C * g.kh * g.kw, -1), dtype=np.intp)
    plan.setflags(write=False)
    return plan


def layout(g: ConvGeometry, N: int) -> Layout:
    """col2im works as in blocked_backward: in a padded image flattened row by row, window cell
    (m, k) lies m*dh*Wp + k*dw after its window's corner, so each cell writes its gradients to a
    row of its own shifted by that offset, and adding up the rows gives the image's gradient."""
    C, kh, kw, Hp, Wp = g.C, g.kh, g.kw, g.Hp, g.Wp
    image = Hp * Wp
    row = image + (kh - 1) * g.dh * Wp + (kw - 1) * g.dw  # room for the furthest shift
    windows = (image, g.dh * Wp, g.dw, C * image, g.sh * Wp, g.sw)
    skewed = (kh * kw * row, kw * row + g.dh * Wp, row + g.dw, C * kh * kw * row, g.sh * Wp, g.sw)
    return Layout(
        (N, C, Hp, Wp),
        (slice(None), slice(None), slice(g.ph, g.ph + g.H), slice(g.pw, g.pw + g.W)),
        (C, kh, kw, N, g.Ho, g.Wo),
        tuple(8 * s for s in windows),
        (N * C, kh * kw, row),
        tuple(8 * s for s in skewed),
        image,
    )


def gather(x: np.ndarray, g: ConvGeometry, plan: np.ndarray | Layout) -> np.ndarray:
    """Every window of a small batch as a column (im2col): ``(C*kh*kw, N*Ho*Wo)``."""
    if isinstance(plan, np.ndarray):
        return (np.concatenate((x.reshape(-1), _ZERO)) if g.ph or g.pw else x.reshape(-1))[plan]
    padded = np.zeros(plan.padded)
    padded[plan.inner] = x
    C, kh, kw = plan.windows[:3]
    return np.ndarray(plan.windows, np.float64, padded, 0, plan.window_strides).reshape(C * kh * kw, -1)


def scatter(grad_cols: np.ndarray, x: np.ndarray, plan: np.ndarray | Layout) -> np.ndarray:
    """col2im: every pixel adds up the gradients of the window cells it fed, in window order."""
    if isinstance(plan, np.ndarray):
        return np.bincount(plan.ravel(), grad_cols.ravel(), x.size + 1)[: x.size].reshape(x.shape)
    skewed = np.zeros(plan.skewed)
    np.copyto(
        np.ndarray(plan.windows, np.float64, skewed, 0, plan.skewed_strides), grad_cols.reshape(plan.windows)
    )
    images = np.add.reduce(skewed, 1)[:, : plan.image].reshape(plan.padded)
    return np.ascontiguousarray(images[plan.inner])


def small_backward(
    x: np.ndarray, w2: np.ndarray, grad_y: np.ndarray, g: ConvGeometry, plan: np.ndarray | Layout
) -> tuple[np.ndarray, np.ndarray]:
    """Both gradients of a small batch: grad_w from its columns, grad_x by col2im of theirs."""
    F = grad_y.shape[1]
    gy = grad_y.transpose(1, 0, 2, 3).reshape(F, -1)  # (F, N*Ho*Wo)
    grad_w = gy.dot(gather(x, g, plan).T)
    return scatter(w2.T.dot(gy), x, plan), grad_w


def small_weight_grad(
    x: np.ndarray, grad_y: np.ndarray, g: ConvGeometry, plan: np.ndarray | Layout
) -> np.ndarray:
    """grad_w (F, C*kh*kw) of a small batch alone."""
    F = grad_y.shape[1]
    return grad_y.transpose(1, 0, 2, 3).reshape(F, -1).dot(gather(x, g, plan).T)


def _strided(a: np.ndarray, shape: tuple[int, ...], steps: tuple[int, ...]) -> np.ndarray:
    """A view of contiguous ``a`` with the given shape, stepping ``steps`` values along each axis."""
    return np.ndarray(shape, np.float64, a, 0, tuple(8 * s for s in steps))


class _Blocks(NamedTuple):
    """Buffers for im2col of B images at a time, refilled per block (fresh memory costs page faults)."""

    B: int
    inner: np.ndarray  # the images inside their zero padding: (B, C, H, W) view of the padded block
    windows: np.ndarray  # every window of the padded block: (B, C, kh, kw, Ho, Wo) view, no copy
    cols: np.ndarray  # the windows copied: (B, C, kh, kw, Ho, Wo)


def _blocks(g: ConvGeometry, N: int) -> _Blocks:
    B = max(1, min(N, _BLOCK // (g.C * g.kh * g.kw * g.Ho * g.Wo)))
    padded = np.zeros((B, g.C, g.Hp, g.Wp))
    image = g.Hp * g.Wp
    steps = (g.C * image, image, g.dh * g.Wp, g.dw, g.sh * g.Wp, g.sw)
    return _Blocks(
        B,
        padded[:, :, g.ph : g.ph + g.H, g.pw : g.pw + g.W],
        _strided(padded, (B, g.C, g.kh, g.kw, g.Ho, g.Wo), steps),
        np.empty((B, g.C, g.kh, g.kw, g.Ho, g.Wo)),
    )


def _columns(blocks: _Blocks, xb: np.ndarray) -> np.ndarray:
    """im2col of a block of images: ``(b, C*kh*kw, Ho*Wo)``."""
    b = xb.shape[0]
    blocks.inner[:b] = xb
    np.copyto(blocks.cols[:b], blocks.windows[:b])
    return blocks.cols[:b].reshape(b, -1, blocks.cols.shape[4] * blocks.cols.shape[5])


def blocked_forward(x: np.ndarray, w2: np.ndarray, g: ConvGeometry) -> np.ndarray:
    """y (N, F, Ho, Wo): per image, one matrix product with its columns."""
    N = x.shape[0]
    blocks = _blocks(g, N)
    y = np.empty((N, w2.shape[0], g.Ho * g.Wo))
    for n in range(0, N, blocks.B):
        np.matmul(w2, _columns(blocks, x[n : n + blocks.B]), out=y[n : n + blocks.B])
    return y.reshape(N, -1, g.Ho, g.Wo)


def blocked_weight_grad(x: np.ndarray, grad_y: np.ndarray, g: ConvGeometry) -> np.ndarray:
    """grad_w (F, C*kh*kw) alone, a block at a time: for a first layer, whose input gradient
    nothing needs."""
    N, F = grad_y.shape[:2]
    blocks = _blocks(g, N)
    gy = grad_y.reshape(N, F, g.Ho * g.Wo)
    grad_wt = np.zeros((g.C * g.kh * g.kw, F))
    for n in range(0, N, blocks.B):
        cols = _columns(blocks, x[n : n + blocks.B])
        grad_wt += np.matmul(cols, gy[n : n + cols.shape[0]].transpose(0, 2, 1)).sum(axis=0)
    return grad_wt.T


def blocked_backward(
    x: np.ndarray, w2: np.ndarray, grad_y: np.ndarray, g: ConvGeometry
) -> tuple[np.ndarray, np.ndarray]:
    """Both gradients a block at a time: grad_w from the columns, grad_x from their gradients.

    col2im: in a padded image flattened row by row, window cell (m, k) lies m*dh*Wp + k*dw after
    its window's corner. Each cell gets a row of a zero matrix, its gradients are written there
    shifted by that offset ("skewed"), and adding up the rows of an image gives its gradient.
    """
    N, F = grad_y.shape[:2]
    C, kh, kw, Ho, Wo, Hp, Wp = g.C, g.kh, g.kw, g.Ho, g.Wo, g.Hp, g.Wp
    blocks = _blocks(g, N)
    B = blocks.B
    gy = grad_y.reshape(N, F, Ho * Wo)
    grad_wt = np.zeros((C * kh * kw, F))
    grad_x = np.empty(x.shape)
    grad_cols = np.empty((B, C * kh * kw, Ho * Wo))
    row = Hp * Wp + (kh - 1) * g.dh * Wp + (kw - 1) * g.dw  # room for the furthest shift
    skewed = np.zeros((B, C, kh * kw, row))  # cells no window reaches stay zero
    steps = (C * kh * kw * row, kh * kw * row, kw * row + g.dh * Wp, row + g.dw, g.sh * Wp, g.sw)
    cells = _strided(skewed, (B, C, kh, kw, Ho, Wo), steps)
    for n in range(0, N, B):
        cols = _columns(blocks, x[n : n + B])
        b = cols.shape[0]
        grad_wt += np.matmul(cols, gy[n : n + b].transpose(0, 2, 1)).sum(axis=0)
        np.matmul(w2.T, gy[n : n + b], out=grad_cols[:b])
        np.copyto(cells[:b], grad_cols[:b].reshape(b, C, kh, kw, Ho, Wo))
        images = skewed[:b].sum(axis=2)[:, :, : Hp * Wp].reshape(b, C, Hp, Wp)
        grad_x[n : n + b] = images[:, :, g.ph : g.ph + g.H, g.pw : g.pw + g.W]
    return grad_x, grad_wt.T


# ---------------------------------------------------------------------------------------------
# pooling windows


@lru_cache(maxsize=64)
def pool_plan(g: PoolGeometry) -> np.ndarray:
    """Flat indices into one map: ``(Ho*Wo, ph*pw)``, window cells in row-major order."""
    i = np.arange(g.Ho).reshape(-1, 1, 1, 1)
    j = np.arange(g.Wo).reshape(1, -1, 1, 1)
    m = np.arange(g.ph).reshape(1, 1, -1, 1)
    k = np.arange(g.pw).reshape(1, 1, 1, -1)
    flat = (i * g.sh + m) * g.W + (j * g.sw + k)
    plan = np.ascontiguousarray(flat.reshape(g.Ho * g.Wo, g.ph * g.pw), dtype=np.intp)
    plan.setflags(write=False)
    return plan


def unwindow(grad_win: np.ndarray, g: PoolGeometry) -> np.ndarray:
    """Add window gradients (N, C, Ho*Wo, ph*pw) back onto the (N, C, H, W) map."""
    N, C = grad_win.shape[:2]
    size = g.H * g.W
    if g.sh >= g.ph and g.sw >= g.pw:  # windows do not overlap: a plain scatter
        out = np.zeros((N, C, size))
        out[:, :, pool_plan(g)] = grad_win
        return out.reshape(N, C, g.H, g.W)
    flat = (np.arange(N * C).reshape(-1, 1, 1) * size + pool_plan(g)).ravel()
    summed = np.bincount(flat, weights=grad_win.ravel(), minlength=N * C * size)
    return summed.reshape(N, C, g.H, g.W)
