"""The nudge panel's text colours and its sweep caption, readable on the palette in use."""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtGui import QPalette

from convstudio.engine import gradcheck
from convstudio.ui.look import colors


class Styling:
    """Text colours made readable (4.5:1) on the panel's background, restyled when the palette changes."""

    def _ink(self, color: str) -> str:
        """``color`` made readable (4.5:1) as text on this panel's background."""
        return colors.readable(color, self.palette().color(QPalette.ColorRole.Window).name())

    def _restyle(self) -> None:
        """Text colours for the palette in use (light or dark)."""
        self.message.setStyleSheet(f"color: {self._ink(colors.HIGHLIGHT_WRITE)};")
        self.sweep_caption.setText(self._caption())
        if self.result is not None:
            self._show_result()

    def _caption(self) -> str:
        """The sweep's legend and what it shows; when no ε is too large (a loss that is a
        parabola in the weight), it says so rather than promise a chord's error."""
        central, one_sided, chosen = (self._ink(c) for c in ("#0072B2", "#E69F00", "#D55E00"))
        legend = self.tr(
            "The slope's error for each ε: <span style='color:{0}'>● central (L₊ − L₋)/2ε</span>, "
            "<span style='color:{1}'>▼ one-sided (L₊ − L)/ε</span>, "
            "<span style='color:{2}'>● the ε above</span>. "
        ).format(central, one_sided, chosen)
        done = len(self.sweep_results) == len(gradcheck.EPS_STEPS)
        if done and gradcheck.chord_is_exact(self.sweep_results):
            return legend + self.tr(
                "Here the loss is a parabola in this weight, and a parabola's chords are parallel to "
                "its tangent at the middle: the central slope is exact for every ε, and only rounding "
                "(growing as 1/ε) remains. The one-sided slope still errs as ε. To see a central "
                "chord's error fall as ε², pick the lesson “Telling horizontal from vertical bars” "
                "(its softmax curves the loss)."
            )
        return legend + self.tr(
            "Too large an ε measures a chord (the error falls as ε², one-sided as ε); too small a one "
            "loses the difference in rounding (it grows as 1/ε)."
        )

    def changeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        if event.type() == QEvent.Type.PaletteChange:
            self._restyle()
        super().changeEvent(event)  # type: ignore[misc]
