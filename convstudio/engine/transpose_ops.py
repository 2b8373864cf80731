"""Transposed convolution (PyTorch's ConvTranspose2d): a convolution's input gradient used as a layer.

Float64, NumPy only. Weight ``(C_in, F, kh, kw)`` as PyTorch keeps it: seen as the filters of a
convolution from F channels to C_in, the transposed convolution of x is that convolution's
gradient with respect to its input when its output gradient is x. Both directions therefore run
on the conv kernels of ``ops``.
"""

from __future__ import annotations

import numpy as np

from convstudio.engine import arguments, ops
from convstudio.engine.arguments import Pair


def conv_transpose_size(size: int, kernel: int, stride: int, padding: int, output_padding: int) -> int:
    """Output rows (or columns) of a transposed convolution: (H-1)*s - 2p + k + output_padding."""
    return (size - 1) * stride - 2 * padding + kernel + output_padding


def _out_shape(
    x: np.ndarray, w: np.ndarray, stride: Pair, padding: Pair, output_padding: Pair
) -> tuple[tuple[int, int, int, int], tuple[int, int], tuple[int, int]]:
    if w.shape[0] != x.shape[1]:
        raise ValueError(
            f"the filters take {w.shape[0]} channel(s) but the image has {x.shape[1]}: they must match"
        )
    s = arguments.pair(stride, "stride", minimum=1)
    p = arguments.pair(padding, "padding", minimum=0)
    op = arguments.pair(output_padding, "output_padding", minimum=0)
    if op[0] >= s[0] or op[1] >= s[1]:
        raise ValueError(f"output_padding {op} must be smaller than the stride {s}")
    H, W = x.shape[2:]
    Ho = conv_transpose_size(H, w.shape[2], s[0], p[0], op[0])
    Wo = conv_transpose_size(W, w.shape[3], s[1], p[1], op[1])
    if Ho < 1 or Wo < 1:
        raise ValueError(f"padding {p} leaves no output ({Ho}x{Wo}): use less padding")
    return (x.shape[0], w.shape[1], Ho, Wo), s, p


def conv_transpose2d_forward(
    x: np.ndarray,
    w: np.ndarray,
    b: np.ndarray | None = None,
    *,
    stride: Pair = 1,
    padding: Pair = 0,
    output_padding: Pair = 0,
) -> np.ndarray:
    """y[n,f,i*s+m-p, j*s+k-p] += x[n,c,i,j] * w[c,f,m,k] (+ b[f]).

    x: (N, C_in, H, W), w: (C_in, F, kh, kw), b: (F,) or None -> y: (N, F, Ho, Wo) with
    Ho = (H-1)*s - 2p + kh + output_padding.
    """
    x = arguments.array(x, 4, "the image", "(N, C, H, W)")
    w = arguments.array(w, 4, "the filters", "(C_in, F, kh, kw)")
    shape, s, p = _out_shape(x, w, stride, padding, output_padding)
    # The convolution's input gradient does not depend on its input: zeros stand in for it.
    y, _, _ = ops.conv2d_backward(np.zeros(shape), w, x, stride=s, padding=p, bias=False)
    if b is not None:
        arguments.add_filter_bias(y, b)
    return y


def conv_transpose2d_backward(
    x: np.ndarray,
    w: np.ndarray,
    grad_y: np.ndarray,
    *,
    stride: Pair = 1,
    padding: Pair = 0,
    output_padding: Pair = 0,
    bias: bool = True,
) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    """Gradients of conv_transpose2d_forward: (grad_x (N,C_in,H,W), grad_w (C_in,F,kh,kw), grad_b (F,)).

    grad_x is the plain convolution of grad_y with w; grad_w correlates grad_y with x.
    ``bias=False`` (the forward pass had b=None) makes grad_b None.
    """
    x = arguments.array(x, 4, "the image", "(N, C, H, W)")
    w = arguments.array(w, 4, "the filters", "(C_in, F, kh, kw)")
    shape, s, p = _out_shape(x, w, stride, padding, output_padding)
    gy = arguments.array(grad_y, 4, "the output gradient", "(N, F, Ho, Wo)")
    if gy.shape != shape:
        raise ValueError(f"the output gradient must have shape {shape}, not {gy.shape}")
    grad_x = ops.conv2d_forward(gy, w, stride=s, padding=p)
    _, grad_w, _ = ops.conv2d_backward(gy, w, x, stride=s, padding=p, bias=False)
    return grad_x, grad_w, (gy.sum(axis=(0, 2, 3)) if bias else None)
