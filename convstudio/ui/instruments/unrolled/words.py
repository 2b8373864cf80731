"""The unrolled view's words: what M is, and the selected weight's gradient as a sum over its places."""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import QCoreApplication

from convstudio.engine.notation import Names, number
from convstudio.engine.unroll import Unrolled

MAX_TERMS = 8  # terms written out in a sum before "…"


def factor(value: float) -> str:
    """A factor of a product as the equations print it: in brackets when negative, (−0.1875)·(−2)."""
    text = number(value, "html")
    return f"({text})" if value < 0 else text


class Words:
    """Writes the equations under the matrix."""

    def _write(self, u: Unrolled, names: Names, labels: list[str]) -> None:
        """The equations under the matrix: what M is, and the gradient of the selected weight."""
        spec = self.layer
        named = spec.named
        g = u.geometry
        f, c, n = self.filter, self.channel, self.image
        rows, cols = u.shape
        columns = (
            self.tr("one per cell of the {0}×{1} image in its zero padding ({2}×{3})").format(
                g.H, g.W, g.Hp, g.Wp
            )
            if self.padded and (g.ph or g.pw)
            else self.tr("one per cell of the {0}×{1} image").format(g.H, g.W)
        )
        where = []
        if spec.filters > 1:
            where.append(self.tr("filter {0}").format(f + 1))
        if spec.channels > 1:
            where.append(self.tr("channel {0}").format(c + 1))
        picked = f" ({', '.join(where)})" if where else ""
        self.legend_title.setText(self.tr("Filter{0}: click a weight").format(picked))
        parts = [
            named(
                self.tr(
                    "<p><b>o = M · vec(I)</b>: M has {0} rows, one per output o<sub>ij</sub>, and {1} "
                    "columns, {2}. A dense layer would have {3} free weights here; the "
                    "convolution has {4}, each tied to up to {0} places.</p>"
                ).format(rows, cols, columns, f"{rows * cols:,}", u.n_taps)
            )
        ]
        if spec.channels > 1:
            blocks = " + ".join(
                f"M<sub>{k + 1}</sub>·vec(I<sub>{k + 1}</sub>)" for k in range(min(spec.channels, 3))
            )
            bias = " + b" if spec.bias else ""
            parts.append(
                named(
                    self.tr("<p>With {0} channels, o = {1}: this is M<sub>{2}</sub>.</p>").format(
                        spec.channels, blocks + bias, c + 1
                    )
                )
            )
        elif spec.bias:
            parts.append(named(self.tr("<p>With a bias, o = M · vec(I) + b.</p>")))
        backprop_text = self.tr(
            "<p>Backprop through a dense layer gives <b>dL/dM = dL/do · vec(I)ᵀ</b>, a number for "
            "every entry. Tying keeps only the entries that hold a weight and adds them up per weight:"
            " dL/dW<sub>mn</sub> = Σ dL/dM over the places W<sub>mn</sub> sits.</p>"
        )
        parts.append(named(backprop_text))
        if spec.batch > 1:
            parts.append(
                self.tr(
                    "<p>The strips show image {0}; dL/dW adds the same sum over all {1} images.</p>"
                ).format(n + 1, spec.batch)
            )
        self.text.setText("".join(parts))
        equations = self._gradient_equation(u, names, labels) + self._row_equation(u, labels)
        self.equation.setText(self._layer_line() + equations)

    def _layer_line(self) -> str:
        """On a deep network, which layer M is for and what its input is."""
        layer = self.layer
        if layer.index is None:
            return ""
        source = layer.input_is()
        translate = QCoreApplication.translate
        if source is None:
            said = translate("Unrolled", "its input is the image {0}").format(layer.letter("I"))
        else:
            said = translate("Unrolled", "its input I{0} is {1}, the output of the layer below").format(
                layer.letter("W")[1:], source
            )
        line = translate("Unrolled", "Layer {0} (conv), filters {1}: {2}.")
        return "<p>" + line.format(layer.index + 1, layer.letter("W"), said) + "</p>"

    def _gradient_equation(self, u: Unrolled, names: Names, labels: list[str]) -> str:
        """dL/dW_mn as the sum of dL/dM over its places, term by term, beside backprop's value."""
        self.gradient_sum = self.backprop_value = None
        if self.tap is None:
            return ""
        layer = self.layer
        f, c = self.filter, self.channel
        m, k = divmod(self.tap, u.geometry.kw)
        x, do = layer.x, layer.grad_y
        rows, cols = u.occurrences(self.tap)
        g = u.geometry
        dw = names.symbol("dW", (f, c, m, k), "html")
        symbol = names.symbol("W", (f, c, m, k), "html")
        terms_sym, terms_num = [], []
        total = layer.batch * len(rows)
        r_img, s_img = u.input_cell(cols)
        pads = u.in_padding(cols)
        for n in range(min(layer.batch, MAX_TERMS)):
            dout = do[n, f].ravel()[rows]
            cells = u.vec(x[n, c])[cols]
            for t in range(min(len(rows), MAX_TERMS - len(terms_sym))):
                i, j = divmod(int(rows[t]), g.Wo)
                d_sym = names.symbol("do", (n, f, i, j), "html")
                i_sym = "0" if pads[t] else names.symbol("I", (n, c, int(r_img[t]), int(s_img[t])), "html")
                terms_sym.append(f"{d_sym}·{i_sym}")
                terms_num.append(f"{factor(float(dout[t]))}·{factor(float(cells[t]))}")
        with np.errstate(over="ignore", invalid="ignore"):
            value = float(np.sum(u.entries(self.tap, do[:, f], x[:, c])))
        more = f" + … ({total} terms)" if total > MAX_TERMS else ""
        backprop = float(layer.grad_w[f, c, m, k])
        self.gradient_sum, self.backprop_value = value, backprop
        if not (math.isfinite(value) and math.isfinite(backprop)):
            check = self.tr("past the largest number a float holds: the weights have blown up")
        elif value == backprop:
            check = self.tr("the same number")
        else:
            check = self.tr("they differ by {0}: the same terms, added in another order").format(
                f"{abs(value - backprop):.1e}"
            )
        on_padding = int(np.sum(pads))
        pad_note = (
            self.tr(" ({0} of them on the padding, where it meets a 0)").format(on_padding)
            if on_padding
            else ""
        )
        images = (
            self.tr("; the sum runs over them in each of the {0} images").format(layer.batch)
            if layer.batch > 1
            else ""
        )
        head = self.tr("<p><b>{0}</b> ({1} in M) sits in {2} places{3}{4}:</p>").format(
            symbol, labels[self.tap], len(rows), pad_note, images
        )
        sums = self.tr("<p>{0} = Σ dL/dM over them = {1}<br>").format(dw, " + ".join(terms_sym) + more)
        result = self.tr("&nbsp;&nbsp;= <b>{0}</b>; backprop's {1} = <b>{2}</b> ({3}).</p>").format(
            number(value, "html"), dw, number(backprop, "html"), check
        )
        return f"{head}{sums}&nbsp;&nbsp;= {' + '.join(terms_num)}{more}<br>{result}"

    def _row_equation(self, u: Unrolled, labels: list[str]) -> str:
        row = self.matrix.marked_row
        if row is None:
            return ""
        layer = self.layer
        n, f, c = self.image, self.filter, self.channel
        cols = np.flatnonzero(u.tap_at(row, np.arange(u.shape[1])) >= 0)
        taps = u.tap_at(row, cols)
        w = layer.w[f, c].ravel()
        vec = u.vec(layer.x[n, c])
        symbols = self.matrix.top.symbols
        sym = " + ".join(
            f"{labels[t]}·{'0' if u.in_padding(col) else symbols[col]}"
            for t, col in zip(taps, cols, strict=True)
        )
        with np.errstate(over="ignore", invalid="ignore"):  # blown-up weights: inf, or NaN
            value = float(np.sum(w[taps] * vec[cols]))
        label = self.matrix.row_symbols[row]
        part = self.tr(" (this channel's part)") if layer.channels > 1 or layer.bias else ""
        return self.tr("<p>Row {0} of {1}{2} = {3} = <b>{4}</b></p>").format(
            label, layer.named("M · vec(I)"), part, sym, number(value, "html")
        )
