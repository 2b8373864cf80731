"""Batch normalisation in training mode: each channel normalised with its batch's statistics.

Float64, NumPy only, no hidden state: running statistics are the caller's (see ``layers``).
Images ``(N, C, H, W)`` are normalised per channel over (N, H, W), features ``(N, C)`` over N.
"""

from __future__ import annotations

import numpy as np

from convstudio.engine import ops


def _axes(x: np.ndarray) -> tuple[int, ...]:
    if x.ndim == 4:
        return (0, 2, 3)
    if x.ndim == 2:
        return (0,)
    raise ValueError(f"batch norm takes (N, C, H, W) maps or (N, C) features, not shape {x.shape}")


def _checked(x: object, gamma: object, name: str = "gamma") -> tuple[np.ndarray, np.ndarray, tuple[int, ...]]:
    x = np.asarray(x, dtype=np.float64)
    axes = _axes(x)
    g = ops._array(gamma, 1, name, "(C,)")
    if g.shape[0] != x.shape[1]:
        raise ValueError(f"{name} has {g.shape[0]} value(s) but there are {x.shape[1]} channel(s)")
    count = x.size // max(x.shape[1], 1)
    if count < 2:
        raise ValueError("batch norm in training needs more than one value per channel: use a bigger batch")
    return x, g, axes


def _shaped(v: np.ndarray, x: np.ndarray) -> np.ndarray:
    return v.reshape(1, -1, 1, 1) if x.ndim == 4 else v.reshape(1, -1)


def batch_norm_forward(
    x: np.ndarray, gamma: np.ndarray, beta: np.ndarray, *, eps: float = 1e-5
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """y = gamma * (x - mean) / sqrt(var + eps) + beta, mean and biased var per channel.

    x: (N, C, H, W) or (N, C), gamma and beta: (C,) -> (y like x, mean (C,), var (C,)).
    """
    x, g, axes = _checked(x, gamma)
    b = ops._array(beta, 1, "beta", "(C,)")
    if b.shape != g.shape:
        raise ValueError(f"beta has {b.shape[0]} value(s) but there are {g.shape[0]} channel(s)")
    mean = x.mean(axis=axes)
    centred = x - _shaped(mean, x)
    var = np.mean(centred * centred, axis=axes)
    scale = g / np.sqrt(var + eps)
    return centred * _shaped(scale, x) + _shaped(b, x), mean, var


def batch_norm_backward(
    x: np.ndarray, gamma: np.ndarray, grad_y: np.ndarray, *, eps: float = 1e-5
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(grad_x like x, grad_gamma (C,), grad_beta (C,)) of batch_norm_forward.

    With x̂ the normalised x and m values per channel, grad_x has three terms:
    gamma/sqrt(var+eps) * (grad_y - mean(grad_y) - x̂ * mean(grad_y * x̂)).
    """
    x, g, axes = _checked(x, gamma)
    gy = np.asarray(grad_y, dtype=np.float64)
    if gy.shape != x.shape:
        raise ValueError(f"the output gradient must have shape {x.shape}, not {gy.shape}")
    mean = x.mean(axis=axes)
    centred = x - _shaped(mean, x)
    inv_std = 1.0 / np.sqrt(np.mean(centred * centred, axis=axes) + eps)
    x_hat = centred * _shaped(inv_std, x)
    grad_beta = gy.sum(axis=axes)
    grad_gamma = np.sum(gy * x_hat, axis=axes)
    count = x.size // x.shape[1]
    inner = gy - _shaped(grad_beta / count, x) - x_hat * _shaped(grad_gamma / count, x)
    return inner * _shaped(g * inv_std, x), grad_gamma, grad_beta
