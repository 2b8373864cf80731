"""A transposed convolution explained by the backward pass of a convolution.

A conv_transpose layer with weight (C_in, F, kh, kw) computes what a convolution from F channels to
C_in with the same weight sends back to its input when its output gradient is the layer's input.
Drawn cell by cell, each input cell stamps the kernel, scaled by its value, onto the output at
(i·s − p, j·s − p); where a kernel size is not a multiple of its stride the stamps overlap unevenly,
and the count of taps per output cell is a checkerboard.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from convstudio.engine import arguments, ops, transpose_ops
from convstudio.engine.arguments import Pair
from convstudio.engine.layer_params import with_params
from convstudio.engine.network import layer_inputs

SIZE_FORMULA = "H_out = (H − 1)·s − 2p + k + output_padding"
SIZE_FORMULA_LATEX = r"H_{\mathrm{out}} = (H - 1)\,s - 2p + k + \mathrm{output\_padding}"


@dataclass(frozen=True)
class TransposedView:
    """A transposed convolution's forward beside a convolution's input gradient with its weights."""

    x: np.ndarray  # (N, C_in, H, W)
    weight: np.ndarray  # (C_in, F, kh, kw)
    bias: np.ndarray | None  # (F,)
    stride: tuple[int, int]
    padding: tuple[int, int]
    output_padding: tuple[int, int]
    forward: np.ndarray  # (N, F, Ho, Wo): the transposed convolution's output, bias included
    conv_grad: np.ndarray  # (N, F, Ho, Wo): dL/d(input) of the convolution, plus the bias

    @property
    def kernel(self) -> tuple[int, int]:
        return (int(self.weight.shape[2]), int(self.weight.shape[3]))

    @property
    def taps(self) -> np.ndarray:
        """(Ho, Wo): how many (input cell, kernel tap) pairs land on each output cell."""
        return tap_counts(self.x.shape[2:], self.kernel, self.stride, self.padding, self.output_padding)

    @property
    def interior(self) -> tuple[slice, slice]:
        """The output rows and columns every kernel tap can reach, away from the border."""
        return interior(self.x.shape[2:], self.kernel, self.stride, self.padding, self.output_padding)

    def stamp(self, n: int, c: int, i: int, j: int) -> np.ndarray:
        """(F, Ho, Wo): what input cell (n, c, i, j) adds to the output: x[n,c,i,j]·W[c] placed at
        (i·s − p, j·s − p), the part of it outside the output cut away."""
        out = np.zeros(self.forward.shape[1:])
        (kh, kw), (sh, sw), (ph, pw) = self.kernel, self.stride, self.padding
        Ho, Wo = self.forward.shape[2:]
        r0, c0 = i * sh - ph, j * sw - pw
        rows, cols = slice(max(r0, 0), min(r0 + kh, Ho)), slice(max(c0, 0), min(c0 + kw, Wo))
        if rows.start < rows.stop and cols.start < cols.stop:
            kernel = self.weight[c, :, rows.start - r0 : rows.stop - r0, cols.start - c0 : cols.stop - c0]
            with np.errstate(over="ignore", invalid="ignore"):  # a diverged iteration's cells: inf
                out[:, rows, cols] = self.x[n, c, i, j] * kernel
        return out

    def stamped(self) -> np.ndarray:
        """(N, F, Ho, Wo): the output as the sum of every input cell's stamp, plus the bias."""
        out = np.zeros(self.forward.shape)
        for n, c, i, j in np.ndindex(self.x.shape):
            out[n] += self.stamp(n, c, i, j)
        if self.bias is not None:
            out += self.bias.reshape(1, -1, 1, 1)
        return out

    def size_working(self) -> list[str]:
        """The output-size arithmetic with this layer's numbers, rows then columns."""
        return [
            size_text(axis, self.x.shape[2 + a], self.kernel[a], self.stride[a], self.padding[a], op)
            for a, (axis, op) in enumerate(zip(("rows", "cols"), self.output_padding, strict=True))
        ]

    def size_latex(self) -> list[str]:
        return [
            size_latex(self.x.shape[2 + a], self.kernel[a], self.stride[a], self.padding[a], op)
            for a, op in enumerate(self.output_padding)
        ]


def _axis_taps(size: int, kernel: int, stride: int, padding: int, out: int) -> np.ndarray:
    where = (np.arange(size)[:, None] * stride + np.arange(kernel)[None, :] - padding).ravel()
    return np.bincount(where[(where >= 0) & (where < out)], minlength=out)


def tap_counts(
    in_hw: tuple[int, ...], kernel: Pair, stride: Pair, padding: Pair, output_padding: Pair = 0
) -> np.ndarray:
    """(Ho, Wo): the number of kernel taps that land on each output cell of a transposed convolution."""
    H, W = (int(v) for v in in_hw)
    (kh, kw), (sh, sw) = (
        arguments.pair(kernel, "kernel", minimum=1),
        arguments.pair(stride, "stride", minimum=1),
    )
    (ph, pw), (oh, ow) = (
        arguments.pair(v, n, minimum=0) for v, n in ((padding, "padding"), (output_padding, "output_padding"))
    )
    Ho = transpose_ops.conv_transpose_size(H, kh, sh, ph, oh)
    Wo = transpose_ops.conv_transpose_size(W, kw, sw, pw, ow)
    return np.outer(_axis_taps(H, kh, sh, ph, Ho), _axis_taps(W, kw, sw, pw, Wo))


def interior(
    in_hw: tuple[int, ...], kernel: Pair, stride: Pair, padding: Pair, output_padding: Pair = 0
) -> tuple[slice, slice]:
    """Rows and columns of the output where every kernel tap has an input cell to come from:
    r from k − 1 − p to (H − 1)·s − p, so only the stride decides how many taps land there."""
    out = []
    for a, size in enumerate(in_hw):
        k = arguments.pair(kernel, "kernel", minimum=1)[a]
        s = arguments.pair(stride, "stride", minimum=1)[a]
        p = arguments.pair(padding, "padding", minimum=0)[a]
        op = arguments.pair(output_padding, "output_padding", minimum=0)[a]
        n_out = transpose_ops.conv_transpose_size(int(size), k, s, p, op)
        first, last = max(k - 1 - p, 0), min((int(size) - 1) * s - p, n_out - 1)
        out.append(slice(first, max(last + 1, first)))
    return out[0], out[1]


def _signed(v: int) -> str:
    return f"−{-v}" if v < 0 else str(v)


def size_text(axis: str, size: int, kernel: int, stride: int, padding: int, output_padding: int) -> str:
    """One axis's output size written out: (H − 1)·s − 2p + k + output_padding with the numbers."""
    out = transpose_ops.conv_transpose_size(size, kernel, stride, padding, output_padding)
    return (
        f"{axis}: (H − 1)·s − 2p + k + output_padding = "
        f"({size} − 1)·{stride} − 2·{padding} + {kernel} + {output_padding} = {_signed(out)}"
    )


def size_latex(size: int, kernel: int, stride: int, padding: int, output_padding: int) -> str:
    out = transpose_ops.conv_transpose_size(size, kernel, stride, padding, output_padding)
    return rf"({size} - 1)\cdot {stride} - 2\cdot {padding} + {kernel} + {output_padding} = {out}"


def view(
    x: np.ndarray,
    w: np.ndarray,
    b: np.ndarray | None = None,
    *,
    stride: Pair = 1,
    padding: Pair = 0,
    output_padding: Pair = 0,
) -> TransposedView:
    """The transposed convolution of x (N, C_in, H, W) by w (C_in, F, kh, kw), and beside it the
    input gradient of the convolution by w (from F channels to C_in) whose output gradient is x."""
    forward = transpose_ops.conv_transpose2d_forward(
        x, w, b, stride=stride, padding=padding, output_padding=output_padding
    )
    x = np.asarray(x, dtype=np.float64)
    w = np.asarray(w, dtype=np.float64)
    s = arguments.pair(stride, "stride", minimum=1)
    p = arguments.pair(padding, "padding", minimum=0)
    # The convolution reads an F-channel image of the transposed output's size; its input
    # gradient does not depend on that image, so zeros stand in for it.
    grad, _, _ = ops.conv2d_backward(np.zeros(forward.shape), w, x, stride=s, padding=p, bias=False)
    bias = None if b is None else np.asarray(b, dtype=np.float64)
    if bias is not None:
        grad = grad + bias.reshape(1, -1, 1, 1)
    op = arguments.pair(output_padding, "output_padding", minimum=0)
    return TransposedView(x, w, bias, s, p, op, forward, grad)


def of_layer(network: Any, params: Mapping[str, Any], x: Any, layer: int) -> TransposedView:
    """The view of layer ``layer`` (0-based, a conv_transpose) on the input it gets from ``x``."""
    parts = with_params(network, params)
    if not 0 <= layer < len(parts):
        raise ValueError(f"there is no layer {layer + 1}: the network has layers 1 to {len(parts)}")
    built, own = parts[layer]
    if built.type != "conv_transpose":
        raise ValueError(f"layer {layer + 1} is a {built.type} layer, not a conv_transpose layer")
    inputs = layer_inputs(network, params, x)[layer]
    cfg = built.cfg
    return view(
        inputs,
        own["weight"],
        own.get("bias"),
        stride=cfg["stride"],
        padding=cfg["padding"],
        output_padding=cfg["output_padding"],
    )
