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
        image = f"{g.H}×{g.W} image"
        columns = (
            f"one per cell of the {image} in its zero padding ({g.Hp}×{g.Wp})"
            if self.padded and (g.ph or g.pw)
            else f"one per cell of the {image}"
        )
        where = []
        if spec.filters > 1:
            where.append(f"filter {f + 1}")
        if spec.channels > 1:
            where.append(f"channel {c + 1}")
        self.legend_title.setText("Filter" + (f" ({', '.join(where)})" if where else "") + ": click a weight")
        parts = [
            named(
                f"<p><b>o = M · vec(I)</b>: M has {rows} rows, one per output o<sub>ij</sub>, and {cols} "
                f"columns, {columns}. A dense layer would have {rows * cols:,} free weights here; the "
                f"convolution has {u.n_taps}, each tied to up to {rows} places.</p>"
            )
        ]
        if spec.channels > 1:
            blocks = " + ".join(
                f"M<sub>{k + 1}</sub>·vec(I<sub>{k + 1}</sub>)" for k in range(min(spec.channels, 3))
            )
            bias = " + b" if spec.bias else ""
            parts.append(
                named(
                    f"<p>With {spec.channels} channels, o = {blocks}{bias}: this is M<sub>{c + 1}</sub>.</p>"
                )
            )
        elif spec.bias:
            parts.append(named("<p>With a bias, o = M · vec(I) + b.</p>"))
        parts.append(
            named(
                "<p>Backprop through a dense layer gives <b>dL/dM = dL/do · vec(I)ᵀ</b>, a number for "
                "every entry. Tying keeps only the entries that hold a weight and adds them up per weight:"
                " dL/dW<sub>mn</sub> = Σ dL/dM over the places W<sub>mn</sub> sits.</p>"
            )
        )
        if spec.batch > 1:
            parts.append(
                f"<p>The strips show image {n + 1}; dL/dW adds the same sum over all {spec.batch} images.</p>"
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
            check = "past the largest number a float holds: the weights have blown up"
        elif value == backprop:
            check = "the same number"
        else:
            check = f"they differ by {abs(value - backprop):.1e}: the same terms, added in another order"
        on_padding = int(np.sum(pads))
        pad_note = f" ({on_padding} of them on the padding, where it meets a 0)" if on_padding else ""
        images = f"; the sum runs over them in each of the {layer.batch} images" if layer.batch > 1 else ""
        return (
            f"<p><b>{symbol}</b> ({labels[self.tap]} in M) sits in {len(rows)} places{pad_note}{images}:</p>"
            f"<p>{dw} = Σ dL/dM over them = {' + '.join(terms_sym)}{more}<br>"
            f"&nbsp;&nbsp;= {' + '.join(terms_num)}{more}<br>"
            f"&nbsp;&nbsp;= <b>{number(value, 'html')}</b>; "
            f"backprop's {dw} = <b>{number(backprop, 'html')}</b> ({check}).</p>"
        )

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
        part = " (this channel's part)" if layer.channels > 1 or layer.bias else ""
        product = layer.named("M · vec(I)")
        return f"<p>Row {label} of {product}{part} = {sym} = <b>{number(value, 'html')}</b></p>"
