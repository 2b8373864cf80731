"""The correlation view's words: the mode's header, the engine's own value, and the hover texts."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
from PySide6.QtCore import QCoreApplication

from convstudio.engine import correlation as cor
from convstudio.engine import correlation_text as cor_text
from convstudio.engine.notation import exact, number


class Words:
    """Says what each mode computes and what every cell under the pointer holds."""

    def _engine_value(self, corr: cor.Correlation, frame: cor.Frame) -> str | None:
        """Where the engine's backward (or forward) pass has the same number, say so."""
        g = corr.g
        a, b, r, s = frame.index
        layer = self.layer
        named = layer.named
        if frame.mode == "dW":
            value = number(float(layer.grad_w[a, b, r, s]), "html")
            return named(self.tr("The backward pass's dL/dW has {0} here.").format(value))
        if frame.mode == "dI":
            if not self._inside(corr, (r, s)):
                return self.tr("This cell is padding, not part of the input: its gradient is cropped away.")
            if layer.grad_x is not None:
                value = number(float(layer.grad_x[a, b, r - g.ph, s - g.pw]), "html")
                return named(self.tr("The backward pass's dL/dI has {0} here.").format(value))
            return None
        value = number(float(layer.o[a, b, r, s]), "html")
        return named(self.tr("The forward pass's o has {0} here.").format(value))

    @staticmethod
    def _inside(corr: cor.Correlation, position: tuple[int, int]) -> bool:
        g = corr.g
        r, s = position
        return g.ph <= r < g.ph + g.H and g.pw <= s < g.pw + g.W

    def _header(self, corr: cor.Correlation) -> str:
        g = corr.g
        spec = self.layer
        stride, dilation = pair_text(g.sh, g.sw), pair_text(g.dh, g.dw)
        if self.mode == "dW":
            text = self.tr(
                "<b>dL/dW = I ⋆ dL/do</b>: dL/do slides over the input like a filter. At each position "
                "its values times the input cells they meet add up to one dL/dW<sub>mn</sub>."
            )
            strided = self.tr("puts zeros between the dL/do values")
            dilated = self.tr("moves it {0} cells a position").format(dilation)
            padded = self.tr("values that meet the padding meet zeros")
            summed = self.tr("the sum runs over the {0} images too").format(spec.batch)
            many = spec.batch > 1
        elif self.mode == "dI":
            text = self.tr(
                "<b>dL/dI = dL/do ∗ W</b>, the full convolution: W, flipped, slides over dL/do in a "
                "border of zeros. Each position gives the gradient of one cell of the input."
            )
            strided, dilated = self.tr("puts zeros between the dL/do values"), self.tr("spreads the taps")
            padded = self.tr("positions outside the frame are the padding's gradients, cropped away")
            summed = self.tr("the sum runs over the {0} filters too").format(spec.filters)
            many = spec.filters > 1
        else:
            text = self.tr(
                "<b>o = I ⋆ W</b>: networks compute a cross-correlation (the filter as it is). The "
                "convolution of mathematics, I ∗ W = I ⋆ flip(W), turns the filter half a turn first."
            )
            strided = self.tr("moves the filter {0} cells a position").format(stride)
            dilated = self.tr("spreads its taps")
            padded = self.tr("taps on the padding meet zeros")
            summed = self.tr("the sum runs over the {0} channels too").format(spec.channels)
            many = spec.channels > 1
        text = spec.named(text)
        notes = []
        if (g.sh, g.sw) != (1, 1):
            notes.append(self.tr("stride {0} {1}").format(stride, strided))
        if (g.dh, g.dw) != (1, 1):
            notes.append(self.tr("dilation {0} {1}").format(dilation, dilated))
        if g.ph or g.pw:
            notes.append(padded)
        if many:
            notes.append(summed)
        text = self._layer_line() + text
        if not notes:
            return text
        said = "; ".join(notes)
        return f"{text} {said[0].upper()}{said[1:]}."

    def _layer_line(self) -> str:
        """On a deep network, which layer this is and what its tensors are called."""
        layer = self.layer
        if layer.index is None:
            return ""
        source = layer.input_is()
        translate = QCoreApplication.translate
        if source is None:
            line = translate("Correlation", "Layer {0}: its input is the image {1}.")
            return line.format(layer.index + 1, layer.letter("I")) + " "
        line = translate("Correlation", "Layer {0}: its input I{1} is {2}, the layer below's output.")
        return line.format(layer.index + 1, layer.letter("W")[1:], source) + " "

    def _describe_input(self, corr: cor.Correlation, n_or_c: int) -> Callable[[int, int], str]:
        g = corr.g
        picked = self._picked()
        if self.mode == "dW":
            n, c = n_or_c, picked["c"]
        else:
            n, c = picked["n"], n_or_c

        def describe(row: int, col: int) -> str:
            r, s = row - g.ph, col - g.pw
            if not (0 <= r < g.H and 0 <= s < g.W):
                return self.tr("padding: 0")
            return f"{self.names.symbol('I', (n, c, r, s))} = {exact(corr.x[n, c, r, s])}"

        return describe

    def _describe_full(self, corr: cor.Correlation, f: int) -> Callable[[int, int], str]:
        g = corr.g
        n = self._picked()["n"]
        bh, bw = corr.border

        def describe(row: int, col: int) -> str:
            u, v = row - bh, col - bw
            Hz, Wz = corr.dz.shape[2:]
            if not (0 <= u < Hz and 0 <= v < Wz):
                return self.tr("border: 0 (the full convolution lets the filter hang over dL/do)")
            if u % g.sh or v % g.sw:
                return self.tr("an inserted zero (stride)")
            i, j = u // g.sh, v // g.sw
            return f"{self.names.symbol('do', (n, f, i, j))} = {exact(corr.grad_y[n, f, i, j])}"

        return describe

    def _describe_dz(self, corr: cor.Correlation, n: int, f: int) -> Callable[[int, int], str]:
        g = corr.g

        def describe(row: int, col: int) -> str:
            if row % g.sh or col % g.sw:
                return self.tr("an inserted zero (stride)")
            i, j = row // g.sh, col // g.sw
            return f"{self.names.symbol('do', (n, f, i, j))} = {exact(corr.grad_y[n, f, i, j])}"

        return describe

    def _describe_kernel(
        self, corr: cor.Correlation, f: int, c: int, flipped: bool
    ) -> Callable[[int, int], str]:
        g = corr.g

        def describe(row: int, col: int) -> str:
            if row % g.dh or col % g.dw:
                return self.tr("no tap here: dilation spreads the taps")
            m, k = row // g.dh, col // g.dw
            if flipped:
                m, k = g.kh - 1 - m, g.kw - 1 - k
            return f"{self.names.symbol('W', (f, c, m, k))} = {exact(corr.w[f, c, m, k])}"

        return describe

    def _describe_result(
        self, corr: cor.Correlation, mode: str, lead: tuple[int, int], shown: np.ndarray
    ) -> Callable[[int, int], str]:
        def describe(row: int, col: int) -> str:
            frame = corr.frame(mode, lead, (row, col))
            name = cor_text.lhs(frame, corr, self.names)
            value = float(shown[row, col])
            return (
                f"{name} = {exact(value)}"
                if math.isfinite(value)
                else self.tr("{0}: not reached yet").format(name)
            )

        return describe


def pair_text(a: int, b: int) -> str:
    return str(a) if a == b else f"{a}x{b}"
