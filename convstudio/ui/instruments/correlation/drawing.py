"""The correlation view's drawing: the sliding grid, the kernel, the result and the equations."""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from convstudio.engine import correlation as cor
from convstudio.engine import correlation_text as cor_text
from convstudio.engine.colour_scale import colour_scale
from convstudio.ui.instruments.correlation.framed_view import MOST_OUTLINED, FramedView
from convstudio.ui.instruments.correlation.words import pair_text
from convstudio.ui.widgets.matrix_view import MatrixView
from convstudio.ui.widgets.pickers import WORDS

#: What each selector picks in each mode (the element computed, or the slice of the sum drawn).
TIPS = {
    "dW": {
        "n": QT_TRANSLATE_NOOP(
            "Drawing", "Which image's share of the sum is drawn (dL/dW adds up every image)"
        ),
        "f": QT_TRANSLATE_NOOP("Drawing", "Which filter's dL/dW is computed"),
        "c": QT_TRANSLATE_NOOP("Drawing", "Which channel's dL/dW is computed"),
    },
    "dI": {
        "n": QT_TRANSLATE_NOOP("Drawing", "Which image's dL/dI is computed"),
        "f": QT_TRANSLATE_NOOP(
            "Drawing", "Which filter's share of the sum is drawn (dL/dI adds up every filter)"
        ),
        "c": QT_TRANSLATE_NOOP("Drawing", "Which channel's dL/dI is computed"),
    },
    "o": {
        "n": QT_TRANSLATE_NOOP("Drawing", "Which image's output is computed"),
        "f": QT_TRANSLATE_NOOP("Drawing", "Which filter's output map is computed"),
        "c": QT_TRANSLATE_NOOP(
            "Drawing", "Which channel's share of the sum is drawn (an output adds up every channel)"
        ),
    },
}


class Drawing:
    """Draws the current position's maps and equations from the engine's correlation."""

    def frame(self) -> cor.Frame:
        return self.corr.frame(self.mode, self.lead(), self.position)

    def text(self) -> list[str]:
        """The equations shown, as plain text (one line per equation)."""
        return list(self._text)

    def refresh(self) -> None:
        if not self.isVisible():  # a closed dock does not redraw on every step; it catches up when shown
            self._stale = True
            return
        self._stale = False
        corr = self.corr
        mode, lead, shown = self.mode, self.lead(), self.shown_slice()
        rows, cols = self.positions()
        self.position = (min(self.position[0], rows - 1), min(self.position[1], cols - 1))
        frame = corr.frame(mode, lead, self.position)
        comparing = mode == "o" and self.compare.isChecked()
        self.compare.setVisible(mode == "o")
        for key, box in self.selectors.boxes.items():
            box.setToolTip(self.tr(TIPS[mode][key]))
        lay = corr.layout(mode, lead)
        self._draw_grid(corr, frame, lay, shown)
        self._draw_kernel(self.kernel_view, corr, frame, lay, shown)
        self._draw_result(self.result_view, corr, frame)
        self.flip_view.setVisible(comparing)
        self.conv_view.setVisible(comparing)
        self.views.setRowStretch(2, 2 if comparing else 0)  # an empty row would still take room
        frames = [frame]
        if comparing:
            conv = corr.frame("conv", lead, self.position)
            self._draw_kernel(self.flip_view, corr, conv, corr.layout("conv", lead), shown)
            self._draw_result(self.conv_view, corr, conv)
            frames.append(conv)
        self._draw_equations(corr, frames, shown)
        self.header.setText(self._header(corr))
        flat = self.position[0] * cols + self.position[1]
        where = self.tr("Position {0} of {1}").format(flat + 1, rows * cols)
        if mode == "dI" and not self._inside(corr, self.position):
            where += self.tr(" · on the padding: cropped away")
        self.where.setText(where)
        self.back_button.setEnabled(flat > 0)
        self.step_button.setEnabled(flat < rows * cols - 1)

    def _suffix(self, keys: str, values: dict[str, int]) -> str:
        layer = self.layer
        counts = {"n": layer.batch, "f": layer.filters, "c": layer.channels}
        parts = [
            f"{QCoreApplication.translate('Pickers', WORDS[k])} {values[k] + 1}"
            for k in keys
            if counts[k] > 1
        ]
        return f"  ·  {', '.join(parts)}" if parts else ""

    def _picked(self) -> dict[str, int]:
        return {k: self.selectors.value(k) for k in "nfc"}

    def _draw_grid(self, corr: cor.Correlation, frame: cor.Frame, lay: cor.Layout, shown: int) -> None:
        g = corr.g
        view = self.grid_view
        assert isinstance(view, FramedView)
        picked = self._picked()
        named = self.layer.named
        if self.mode == "dI":
            values, scale = lay.grid[shown], self._scale_of(corr, "grad_y")
            bh, bw = corr.border
            Hz, Wz = corr.dz.shape[2:]
            view.set_title(named(self.tr("dL/do, zeros inserted and around it")) + self._suffix("nf", picked))
            view.set_outline((bh, bw, Hz, Wz))
            describe = self._describe_full(corr, shown)
        else:
            values, scale = lay.grid[shown], self._scale_of(corr, "x")
            pad = self.tr(", padded by {0}").format(pair_text(g.ph, g.pw)) if g.ph or g.pw else ""
            view.set_title(named(self.tr("Input I") + pad) + self._suffix("nc", picked))
            view.set_outline((g.ph, g.pw, g.H, g.W) if g.ph or g.pw else None)
            describe = self._describe_input(corr, shown)
        view.set_matrix(values, scale=scale, describe=describe)
        r0, c0 = frame.origin
        rows, cols = (int(v) + 1 for v in lay.taps.max(axis=0))  # the sliding filter's footprint
        if len(frame.cells) > MOST_OUTLINED:
            view.set_highlights()
            view.set_window((r0, c0, rows, cols))
            return
        reads = [(int(r), int(c)) for r, c in frame.cells]
        met = set(reads)
        others = [(r0 + i, c0 + j) for i in range(rows) for j in range(cols) if (r0 + i, c0 + j) not in met]
        view.set_window(None)
        view.set_highlights(reads=reads, extra=others)

    def _draw_kernel(
        self,
        view: MatrixView,
        corr: cor.Correlation,
        frame: cor.Frame,
        lay: cor.Layout,
        shown: int,
    ) -> None:
        g = corr.g
        picked = self._picked()
        named = self.layer.named
        if frame.mode == "dW":
            values = corr.dz[shown, frame.index[0]]
            between = self.tr(" with zeros between (stride {0})")
            stride = between.format(pair_text(g.sh, g.sw)) if (g.sh, g.sw) != (1, 1) else ""
            view.set_title(named("dL/do") + stride + self._suffix("nf", picked))
            view.set_matrix(
                values,
                scale=self._scale_of(corr, "grad_y"),
                describe=self._describe_dz(corr, shown, frame.index[0]),
            )
        else:
            f, c = (shown, frame.index[1]) if frame.mode == "dI" else (frame.index[1], shown)
            w = corr.w_flip if frame.mode in ("dI", "conv") else corr.w
            values = cor.spread(w[f, c], (g.dh, g.dw), fill=math.nan)
            flipped = frame.mode in ("dI", "conv")
            name = self.tr("W flipped") if flipped else self.tr("Filter W")
            apart = (
                self.tr(", taps {0} apart").format(pair_text(g.dh, g.dw)) if (g.dh, g.dw) != (1, 1) else ""
            )
            view.set_title(named(name) + apart + self._suffix("fc", {**picked, "f": f, "c": c}))
            view.set_matrix(
                values, scale=self._scale_of(corr, "w"), describe=self._describe_kernel(corr, f, c, flipped)
            )
        few = len(lay.taps) <= MOST_OUTLINED
        view.set_highlights(reads=[(int(r), int(c)) for r, c in lay.taps] if few else [])

    def _draw_result(self, view: MatrixView, corr: cor.Correlation, frame: cor.Frame) -> None:
        g = corr.g
        mode, lead = frame.mode, frame.index[:2]
        totals = corr.totals(mode, lead)
        rows, cols = totals.shape
        done = np.arange(rows * cols).reshape(rows, cols) <= self.position[0] * cols + self.position[1]
        shown = np.where(done, totals, np.nan)
        picked = self._picked()
        named = self.layer.named
        scale = colour_scale(totals)
        if mode == "dW":
            title = named("dL/dW") + self._suffix("fc", picked)
        elif mode == "dI":
            title = named("dL/dI") + (
                self.tr(" on the padded input (border cropped)") if g.ph or g.pw else ""
            )
            title += self._suffix("nc", picked)
        else:
            other = corr.totals("conv" if mode == "o" else "o", lead)
            scale = max(scale, colour_scale(other))  # both maps on one scale, to compare them
            title = named("o = I ⋆ W" if mode == "o" else "I ∗ W (convolution)") + self._suffix("nf", picked)
        view.set_title(title)
        view.set_matrix(shown, scale=scale, describe=self._describe_result(corr, mode, lead, shown))
        if isinstance(view, FramedView):
            view.set_outline((g.ph, g.pw, g.H, g.W) if mode == "dI" and (g.ph or g.pw) else None)
        view.set_highlights(writes=[self.position])

    def _draw_equations(self, corr: cor.Correlation, frames: list[cor.Frame], shown: int) -> None:
        names = self.names
        html, text = [], []
        for frame in frames:
            text += cor_text.equation(frame, corr, shown, names, "text")
            lines = cor_text.equation(frame, corr, shown, names, "html")
            html += [f"<p style='margin:2px 0 6px 0'>{line}</p>" for line in lines]
        check = self._engine_value(corr, frames[0])
        if check is not None:
            html.append(f"<p style='margin:2px 0'><i>{check}</i></p>")
        self._text = text
        self.equation.setText("".join(html))
        self._fit_equations()

    def _fit_equations(self) -> None:
        """The equations take the height they need, up to a limit; the maps take the rest."""
        need = self.equation.heightForWidth(max(self.scroll.viewport().width(), 200))
        self.scroll.setFixedHeight(min(max(need + 4, 60), 180, max(60, self.height() // 5)))
