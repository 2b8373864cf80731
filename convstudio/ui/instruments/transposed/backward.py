"""The window convolution's input gradient rebuilt as a transposed convolution of dL/do by the same W.

A dilated kernel is the kernel spread with zeros between its taps, so a dilated convolution's input
gradient is the transposed convolution by that spread kernel. ``output_padding`` restores the rows
and columns the convolution's floor division dropped, so the output has the input's size.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from convstudio.engine import ops, transpose_ops, transposed
from convstudio.engine.trace import Trace


@dataclass(frozen=True)
class ConvBackward:
    """The transposed convolution of dL/do beside the convolution's dL/dI."""

    view: transposed.TransposedView  # x = dL/do (N, F, Ho, Wo), weight = spread W (F, C, kh', kw')
    dilation: tuple[int, int]
    kernel: tuple[int, int]  # the conv's own kernel, before spreading
    grad_input: np.ndarray  # (N, C, H, W): the convolution's dL/dI
    from_trace: bool  # whether grad_input is the trace's (else the convolution's backward computed it)
    taps: np.ndarray  # (H, W): kernel taps (the spread kernel's zeros left out) landing on each cell

    @property
    def finite(self) -> bool:
        """Whether both sides hold only numbers (a diverged run gives inf and NaN)."""
        return bool(np.isfinite(self.view.forward).all() and np.isfinite(self.grad_input).all())

    @property
    def largest_difference(self) -> float:
        """The largest cell difference between the two sides; NaN when either is not finite."""
        if not self.finite:
            return float("nan")
        return float(np.max(np.abs(self.view.forward - self.grad_input)))

    def contributors(self, n: int, c: int, r: int, s: int) -> list[tuple[int, int, int]]:
        """The dL/do cells (f, i, j) of image n whose stamps reach dL/dI[n, c, r, s] through a real tap."""
        out = []
        (sh, sw), (ph, pw) = self.view.stride, self.view.padding
        (dh, dw), (kh, kw) = self.dilation, self.kernel
        F, Ho, Wo = self.view.x.shape[1:]
        for f, i, j in np.ndindex(F, Ho, Wo):
            m, k = r + ph - i * sh, s + pw - j * sw
            if 0 <= m < dh * (kh - 1) + 1 and 0 <= k < dw * (kw - 1) + 1 and m % dh == 0 and k % dw == 0:
                out.append((f, i, j))
        return out


def spread(w: np.ndarray, dilation: tuple[int, int]) -> np.ndarray:
    """``w`` (…, kh, kw) with dilation − 1 zeros between neighbouring taps."""
    dh, dw = dilation
    kh, kw = w.shape[-2:]
    out = np.zeros((*w.shape[:-2], dh * (kh - 1) + 1, dw * (kw - 1) + 1))
    out[..., ::dh, ::dw] = w
    return out


def of_trace(trace: Trace) -> ConvBackward:
    """The window convolution's backward pass, from one iteration's trace."""
    with np.errstate(over="ignore", invalid="ignore"):  # a diverged run: inf and NaN, as they are
        g = trace.geometry
        stride, padding, dilation = (g.sh, g.sw), (g.ph, g.pw), (g.dh, g.dw)
        w = np.asarray(trace.values["W"], dtype=np.float64)
        grad_o = np.asarray(trace.grads["do"], dtype=np.float64)
        x = np.asarray(trace.values["I"], dtype=np.float64)
        wide = spread(w, dilation)
        size = x.shape[2:]
        extra = tuple((size[a] + 2 * padding[a] - wide.shape[2 + a]) % stride[a] for a in range(2))
        view = transposed.view(grad_o, wide, stride=stride, padding=padding, output_padding=extra)
        from_trace = "dI" in trace.grads
        if from_trace:
            grad_input = np.asarray(trace.grads["dI"], dtype=np.float64)
        else:
            grad_input, _, _ = ops.conv2d_backward(
                x, w, grad_o, stride=stride, padding=padding, dilation=dilation
            )
        mask = spread(np.ones((1, 1, g.kh, g.kw)), dilation)
        ones = np.ones((1, 1, *grad_o.shape[2:]))
        taps = transpose_ops.conv_transpose2d_forward(
            ones, mask, stride=stride, padding=padding, output_padding=extra
        )[0, 0]
        return ConvBackward(view, dilation, (g.kh, g.kw), grad_input, from_trace, np.rint(taps).astype(int))
