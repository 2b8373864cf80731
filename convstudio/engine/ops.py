"""Vectorised forward and backward of every layer ConvStudio teaches.

Float64, NumPy only, no hidden state beyond cached index plans (pure functions of a shape).
Shapes: images ``(N, C, H, W)``, conv weights ``(F, C, kh, kw)``, bias ``(F,)``.
"Convolution" is cross-correlation, as in every deep-learning framework: no kernel flip.
Each ``*_forward`` sits beside its ``*_backward``; inputs are never modified in place.
"""

from __future__ import annotations

from functools import lru_cache
from typing import NamedTuple

import numpy as np

from convstudio.engine import conv_plans
from convstudio.engine.arguments import Pair, add_filter_bias, bounded, checked_grad, pair, real
from convstudio.engine.arguments import array as _array
from convstudio.engine.pool_ops import PoolGeometry as PoolGeometry
from convstudio.engine.pool_ops import avg_pool2d_backward as avg_pool2d_backward
from convstudio.engine.pool_ops import avg_pool2d_forward as avg_pool2d_forward
from convstudio.engine.pool_ops import global_avg_pool_backward as global_avg_pool_backward
from convstudio.engine.pool_ops import global_avg_pool_forward as global_avg_pool_forward
from convstudio.engine.pool_ops import max_pool2d_backward as max_pool2d_backward
from convstudio.engine.pool_ops import max_pool2d_forward as max_pool2d_forward
from convstudio.engine.pool_ops import pool_geometry as pool_geometry


def _dims(a: int, b: int) -> str:
    return f"{a}x{b}"


# ---------------------------------------------------------------------------------------------
# convolution (cross-correlation) through a cached gather plan


class ConvGeometry(NamedTuple):
    """Sizes of one convolution, checked; every field is an int."""

    C: int
    H: int
    W: int
    kh: int
    kw: int
    sh: int
    sw: int
    ph: int
    pw: int
    dh: int
    dw: int
    Ho: int
    Wo: int

    @property
    def Hp(self) -> int:
        return self.H + 2 * self.ph

    @property
    def Wp(self) -> int:
        return self.W + 2 * self.pw


def conv_geometry(
    in_shape: tuple[int, int, int],
    kernel: tuple[int, int],
    *,
    stride: Pair = 1,
    padding: Pair = 0,
    dilation: Pair = 1,
) -> ConvGeometry:
    """Check a convolution of a (C, H, W) image with a kh x kw filter and return its sizes."""
    C, H, W = (int(v) for v in in_shape)
    kh, kw = (int(v) for v in kernel)
    sh, sw = pair(stride, "stride", minimum=1)
    ph, pw = pair(padding, "padding", minimum=0)
    dh, dw = pair(dilation, "dilation", minimum=1)
    if min(C, H, W) < 1:
        raise ValueError(f"the image must have at least one channel, row and column, not {C}x{H}x{W}")
    if kh < 1 or kw < 1:
        raise ValueError(f"a filter needs at least one row and column, not {_dims(kh, kw)}")
    eh, ew = dh * (kh - 1) + 1, dw * (kw - 1) + 1  # extent of the dilated filter
    if eh > H + 2 * ph or ew > W + 2 * pw:
        pad = f"padding {ph}" if ph == pw else f"padding {(ph, pw)}"
        spread = "" if (dh, dw) == (1, 1) else f" (dilated to {_dims(eh, ew)})"
        raise ValueError(
            f"a {_dims(kh, kw)} filter{spread} does not fit a {_dims(H, W)} image with {pad}: "
            "use a smaller filter or dilation, or more padding"
        )
    bounded(C * (H + 2 * ph) * (W + 2 * pw), "the padded image")
    Ho = (H + 2 * ph - eh) // sh + 1
    Wo = (W + 2 * pw - ew) // sw + 1
    bounded(C * kh * kw * Ho * Wo, "the windows of one image")
    return ConvGeometry(C, H, W, kh, kw, sh, sw, ph, pw, dh, dw, Ho, Wo)


@lru_cache(maxsize=256, typed=True)
def _setup(
    x_shape: tuple[int, ...], w_shape: tuple[int, ...], stride: Pair, padding: Pair, dilation: Pair
) -> tuple[ConvGeometry, np.ndarray | conv_plans.Layout | None]:
    """The checked geometry of a call and its plan or layout (None: blocks); remembered per signature."""
    if w_shape[1] != x_shape[1]:
        raise ValueError(
            f"the filters have {w_shape[1]} channel(s) but the image has {x_shape[1]}: they must match"
        )
    g = conv_geometry(x_shape[1:], w_shape[2:], stride=stride, padding=padding, dilation=dilation)  # type: ignore[arg-type]
    N = x_shape[0]
    bounded(N * g.C * g.Hp * g.Wp, "the padded batch")
    bounded(N * w_shape[0] * g.Ho * g.Wo, "the output")
    return g, conv_plans.route(g, N)


def _setup_of(
    x: np.ndarray, w: np.ndarray, stride: Pair, padding: Pair, dilation: Pair
) -> tuple[ConvGeometry, np.ndarray | conv_plans.Layout | None]:
    try:
        return _setup(x.shape, w.shape, stride, padding, dilation)
    except TypeError:  # an unhashable pair such as a list: check it without the cache
        return _setup.__wrapped__(x.shape, w.shape, stride, padding, dilation)


def conv2d_forward(
    x: np.ndarray,
    w: np.ndarray,
    b: np.ndarray | None = None,
    *,
    stride: Pair = 1,
    padding: Pair = 0,
    dilation: Pair = 1,
) -> np.ndarray:
    """y[n,f,i,j] = sum_{c,m,k} x_pad[n,c,i*s+m*d,j*s+k*d] * w[f,c,m,k] (+ b[f]).

    x: (N, C, H, W), w: (F, C, kh, kw), b: (F,) or None -> y: (N, F, Ho, Wo).
    """
    x = _array(x, 4, "the image", "(N, C, H, W)")
    w = _array(w, 4, "the filters", "(F, C, kh, kw)")
    g, plan = _setup_of(x, w, stride, padding, dilation)
    N, F = x.shape[0], w.shape[0]
    w2 = w.reshape(F, -1)
    if plan is not None:
        y = np.ascontiguousarray(
            w2.dot(conv_plans.gather(x, g, plan)).reshape(F, N, g.Ho, g.Wo).transpose(1, 0, 2, 3)
        )
    else:
        y = conv_plans.blocked_forward(x, w2, g)
    if b is not None:
        add_filter_bias(y, b)
    return y


def _backward_args(
    x: np.ndarray, w: np.ndarray, grad_y: np.ndarray, stride: Pair, padding: Pair, dilation: Pair
) -> tuple[np.ndarray, np.ndarray, np.ndarray, ConvGeometry, np.ndarray | conv_plans.Layout | None]:
    """The checked arrays of a convolution's backward, its geometry and its plan (None: blocked)."""
    x = _array(x, 4, "the image", "(N, C, H, W)")
    w = _array(w, 4, "the filters", "(F, C, kh, kw)")
    g, plan = _setup_of(x, w, stride, padding, dilation)
    N, F = x.shape[0], w.shape[0]
    grad_y = _array(grad_y, 4, "the output gradient", "(N, F, Ho, Wo)")
    if grad_y.shape != (N, F, g.Ho, g.Wo):
        raise ValueError(f"the output gradient must have shape {(N, F, g.Ho, g.Wo)}, not {grad_y.shape}")
    return x, w, grad_y, g, plan


def conv2d_backward(
    x: np.ndarray,
    w: np.ndarray,
    grad_y: np.ndarray,
    *,
    stride: Pair = 1,
    padding: Pair = 0,
    dilation: Pair = 1,
    bias: bool = True,
) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    """Gradients of conv2d_forward: (grad_x (N,C,H,W), grad_w (F,C,kh,kw), grad_b (F,)).

    grad_w is x cross-correlated with grad_y; grad_x is the full convolution of grad_y with
    the flipped filter. ``bias=False`` (the forward pass had b=None) makes grad_b None.
    """
    x, w, grad_y, g, plan = _backward_args(x, w, grad_y, stride, padding, dilation)
    F = w.shape[0]
    w2 = w.reshape(F, -1)
    if plan is not None:
        grad_x, grad_w = conv_plans.small_backward(x, w2, grad_y, g, plan)
    else:
        grad_x, grad_w = conv_plans.blocked_backward(x, w2, grad_y, g)
    grad_b = grad_y.sum(axis=(0, 2, 3)) if bias else None
    return grad_x, grad_w.reshape(w.shape), grad_b


def conv2d_weight_grad(
    x: np.ndarray,
    w: np.ndarray,
    grad_y: np.ndarray,
    *,
    stride: Pair = 1,
    padding: Pair = 0,
    dilation: Pair = 1,
    bias: bool = True,
) -> tuple[np.ndarray, np.ndarray | None]:
    """(grad_w, grad_b) of conv2d_forward, as conv2d_backward gives them, without grad_x: what a
    network's first layer needs (nothing below it learns from dL/dx)."""
    x, w, grad_y, g, plan = _backward_args(x, w, grad_y, stride, padding, dilation)
    if plan is not None:
        grad_w = conv_plans.small_weight_grad(x, grad_y, g, plan)
    else:
        grad_w = conv_plans.blocked_weight_grad(x, grad_y, g)
    grad_b = grad_y.sum(axis=(0, 2, 3)) if bias else None
    return grad_w.reshape(w.shape), grad_b


# ---------------------------------------------------------------------------------------------
# dense layer


def linear_forward(x: np.ndarray, w: np.ndarray, b: np.ndarray | None = None) -> np.ndarray:
    """y = x @ w.T + b. x: (N, in), w: (out, in), b: (out,) -> y: (N, out)."""
    x = _array(x, 2, "the features", "(N, in)")
    w = _array(w, 2, "the dense weights", "(out, in)")
    if w.shape[1] != x.shape[1]:
        raise ValueError(f"the dense layer takes {w.shape[1]} input(s) but got {x.shape[1]}")
    y = x @ w.T
    if b is not None:
        b = _array(b, 1, "the dense bias", "(out,)")
        if b.shape[0] != w.shape[0]:
            raise ValueError(
                f"the dense bias has {b.shape[0]} value(s) but the layer has {w.shape[0]} output(s)"
            )
        y += b
    return y


def linear_backward(
    x: np.ndarray, w: np.ndarray, grad_y: np.ndarray, *, bias: bool = True
) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    """(grad_x = grad_y @ w, grad_w = grad_y.T @ x, grad_b = grad_y summed over the batch or None)."""
    x = _array(x, 2, "the features", "(N, in)")
    w = _array(w, 2, "the dense weights", "(out, in)")
    gy = checked_grad(grad_y, (x.shape[0], w.shape[0]))
    return gy @ w, gy.T @ x, (gy.sum(axis=0) if bias else None)


# ---------------------------------------------------------------------------------------------
# activations (backward takes the forward input x)


def relu_forward(x: np.ndarray) -> np.ndarray:
    """max(0, x)."""
    return np.maximum(real(x, "the input"), 0.0)


def relu_backward(x: np.ndarray, grad_y: np.ndarray) -> np.ndarray:
    """grad_y where x > 0, else 0 (no gradient at 0).

    A product with the mask rather than a select: the signs of a layer's inputs fall at random,
    and a select mispredicts a branch on half of its elements (several times slower on a batch).
    Only a diverged run, whose inf times a 0 of the mask is NaN, takes the select."""
    x = real(x, "the input")
    grad_y = checked_grad(grad_y, x.shape)
    with np.errstate(invalid="ignore"):
        grad_x = grad_y * (x > 0)
    grad_x += 0.0  # a negative gradient times 0 is -0.0; the select gives 0.0
    if not np.isfinite(grad_x).all():
        return np.where(x > 0, grad_y, 0.0)
    return grad_x


def sigmoid_forward(x: np.ndarray) -> np.ndarray:
    """1 / (1 + exp(-x)), without overflow for large |x|."""
    x = real(x, "the input")
    e = np.exp(-np.abs(x))
    return np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))


def sigmoid_backward(x: np.ndarray, grad_y: np.ndarray) -> np.ndarray:
    """grad_y * s * (1 - s) with s = sigmoid(x)."""
    s = sigmoid_forward(x)
    return checked_grad(grad_y, s.shape) * s * (1.0 - s)


def tanh_forward(x: np.ndarray) -> np.ndarray:
    """tanh(x)."""
    return np.tanh(real(x, "the input"))


def tanh_backward(x: np.ndarray, grad_y: np.ndarray) -> np.ndarray:
    """grad_y * (1 - tanh(x)^2)."""
    t = tanh_forward(x)
    return checked_grad(grad_y, t.shape) * (1.0 - t * t)


# ---------------------------------------------------------------------------------------------
# losses


def mse_loss(pred: np.ndarray, target: np.ndarray) -> tuple[float, np.ndarray]:
    """L = mean((pred - target)^2) over all elements; returns (L, dL/dpred)."""
    pred = real(pred, "the prediction")
    target = real(target, "the target")
    if pred.shape != target.shape:
        raise ValueError(f"the target must have the prediction's shape {pred.shape}, not {target.shape}")
    if pred.size == 0:
        raise ValueError(f"the prediction of shape {pred.shape} is empty: a mean needs at least one value")
    diff = pred - target
    return float(np.vdot(diff, diff)) / diff.size, diff * (2.0 / diff.size)


def softmax(logits: np.ndarray) -> np.ndarray:
    """Row-wise softmax of (N, K) scores, shifted by the row maximum for stability."""
    z = _array(logits, 2, "the class scores", "(N, K)")
    e = np.exp(z - z.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


def softmax_cross_entropy(logits: np.ndarray, labels: np.ndarray) -> tuple[float, np.ndarray]:
    """L = -mean_n log softmax(logits)[n, labels[n]]; returns (L, dL/dlogits)."""
    z = _array(logits, 2, "the class scores", "(N, K)")
    y = np.asarray(labels)
    N, K = z.shape
    if N == 0 or K == 0:
        raise ValueError(f"the class scores of shape {z.shape} are empty: a batch needs images and classes")
    if y.shape != (N,) or not np.issubdtype(y.dtype, np.integer) or y.dtype == np.bool_:
        raise ValueError(f"the labels must be {N} integer class id(s), got {y.dtype} of shape {y.shape}")
    if y.min() < 0 or y.max() >= K:
        raise ValueError(f"the labels must be class ids from 0 to {K - 1}")
    shifted = z - z.max(axis=1, keepdims=True)
    log_q = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    rows = np.arange(N)
    loss = -float(log_q[rows, y].sum()) / N
    grad = np.exp(log_q)
    grad[rows, y] -= 1.0
    return loss, grad / N
