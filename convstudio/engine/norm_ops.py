"""Batch normalisation in training mode: each channel normalised with its batch's statistics.

Float64, NumPy only, no hidden state: running statistics are the caller's (see ``layers``).
Images ``(N, C, H, W)`` are normalised per channel over (N, H, W), features ``(N, C)`` over N.
"""

from __future__ import annotations

import numpy as np

from convstudio.engine import arguments


def _checked(x: np.ndarray, gamma: object, name: str = "gamma") -> np.ndarray:
    """gamma as an array, once x and gamma are known to fit batch norm in training."""
    if x.ndim not in (2, 4):
        raise ValueError(f"batch norm takes (N, C, H, W) maps or (N, C) features, not shape {x.shape}")
    g = arguments.array(gamma, 1, name, "(C,)")
    if g.shape[0] != x.shape[1]:
        raise ValueError(f"{name} has {g.shape[0]} value(s) but there are {x.shape[1]} channel(s)")
    count = x.size // max(x.shape[1], 1)
    if count < 2:
        raise ValueError("batch norm in training needs more than one value per channel: use a bigger batch")
    return g


def _shaped(v: np.ndarray, x: np.ndarray) -> np.ndarray:
    return v.reshape(1, -1, 1, 1) if x.ndim == 4 else v.reshape(1, -1)


def _channel_sum(a: np.ndarray) -> np.ndarray:
    """Per-channel sums; maps are summed along their contiguous rows first (much faster than
    one reduction over the strided axes (0, 2, 3))."""
    if a.ndim == 2:
        return a.sum(axis=0)
    return np.add.reduce(np.add.reduce(a.reshape(a.shape[0], a.shape[1], -1), axis=2), axis=0)


def _stats(x: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """(mean, centred x, biased variance) per channel, and a scratch array like x.

    Large fresh arrays cost page faults, so the later steps reuse these two in place.
    """
    count = x.size // x.shape[1]
    mean = _channel_sum(x) / count
    centred = x - _shaped(mean, x)
    scratch = np.multiply(centred, centred)
    return mean, centred, _channel_sum(scratch) / count, scratch


def batch_norm_forward(
    x: np.ndarray, gamma: np.ndarray, beta: np.ndarray, *, eps: float = 1e-5
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """y = gamma * (x - mean) / sqrt(var + eps) + beta, mean and biased var per channel.

    x: (N, C, H, W) or (N, C), gamma and beta: (C,) -> (y like x, mean (C,), var (C,)).
    """
    x = np.asarray(x, dtype=np.float64)
    g = _checked(x, gamma)
    b = arguments.array(beta, 1, "beta", "(C,)")
    if b.shape != g.shape:
        raise ValueError(f"beta has {b.shape[0]} value(s) but there are {g.shape[0]} channel(s)")
    mean, y, var, _ = _stats(x)
    y *= _shaped(g / np.sqrt(var + eps), x)
    y += _shaped(b, x)
    return y, mean, var


def batch_norm_backward(
    x: np.ndarray, gamma: np.ndarray, grad_y: np.ndarray, *, eps: float = 1e-5
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(grad_x like x, grad_gamma (C,), grad_beta (C,)) of batch_norm_forward.

    With x̂ the normalised x and m values per channel, grad_x has three terms:
    gamma/sqrt(var+eps) * (grad_y - mean(grad_y) - x̂ * mean(grad_y * x̂)).
    """
    x = np.asarray(x, dtype=np.float64)
    g = _checked(x, gamma)
    gy = np.asarray(grad_y, dtype=np.float64)
    if gy.shape != x.shape:
        raise ValueError(f"the output gradient must have shape {x.shape}, not {gy.shape}")
    _, x_hat, var, scratch = _stats(x)
    inv_std = 1.0 / np.sqrt(var + eps)
    x_hat *= _shaped(inv_std, x)
    grad_beta = _channel_sum(gy)
    grad_gamma = _channel_sum(np.multiply(gy, x_hat, out=scratch))
    count = x.size // x.shape[1]
    grad_x = np.multiply(x_hat, _shaped(grad_gamma / count, x), out=x_hat)
    np.subtract(gy, grad_x, out=grad_x)
    grad_x -= _shaped(grad_beta / count, x)
    grad_x *= _shaped(g * inv_std, x)
    return grad_x, grad_gamma, grad_beta
