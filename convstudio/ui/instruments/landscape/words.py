"""The landscape panel's words: its notes, the hover read-out and the empty map's reason."""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import QT_TRANSLATE_NOOP

from convstudio.engine.landscape_map import GROWTH

HOVER_HINT = QT_TRANSLATE_NOOP(
    "Words", "Point at the map to read the loss there; drag to move it, scroll to zoom."
)


class Words:
    """Says what the map shows, what it leaves off and what the pointer is over."""

    def _show_message(self) -> None:
        notes = []
        if self._diverged:
            notes.append(self._diverged)
        grid = self.loss_grid
        if grid.size and not self.busy:
            bad = ~np.isfinite(grid)
            if bad.all():
                notes.append(self.tr("The loss overflows everywhere on this map: the weights are too large."))
            elif bad.any():
                notes.append(
                    self.tr("The loss overflows on {0} of the map (inf: top colour, NaN: blank).").format(
                        f"{bad.mean():.0%}"
                    )
                )
            if self.flat:
                notes.append(
                    self.tr(
                        "The loss is the same everywhere on this map: these two weights do not change it "
                        "here (a dead filter, or other weights so large that a change this small is lost "
                        "in rounding)."
                    )
                )
        if self.off_map:
            why = (
                self.tr(": there the loss had grown more than {0}-fold").format(f"{GROWTH:g}")
                if self.following
                else ""
            )
            notes.append(
                self.tr(
                    "{0} point(s) of the path are off the map{1}. The arrows show where the path leaves it."
                ).format(self.off_map, why)
            )
        if self.picks is not None and len(self.path) and not self._on_map(self.path[-1]):
            (wa, wb), (a, b) = (self.surface.symbol(*p) for p in self.picks), self.path[-1]
            notes.append(
                self.tr("The current point, {0} = {1}, {2} = {3}, is off the map.").format(
                    wa, f"{a:.4g}", wb, f"{b:.4g}"
                )
            )
        self.message.setText("\n".join(notes))
        self.message.setVisible(bool(notes))

    def show_note(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()

    def _clear(self, text: str) -> None:
        """No map: say why. A map still being computed is dropped."""
        self._job, self._pending = None, False
        for job in self._workers:
            job.cancel()
        self._workers.clear()
        self.a_values = self.b_values = np.zeros(0)
        self.loss_grid = np.zeros((0, 0))
        self.image.clear()
        for part in (self.path_under, self.path_line, self.step_line):
            part.setData([], [])
        for part in (self.path_dots, self.start_marker, self.step_marker, self.marker):
            part.clear()
        for item in (*self.contours, self.contour_here, *self.arrows):
            item.hide()
        self.caption.setText("")
        self.show_note(text)

    def hover_text(self, x: float, y: float) -> str | None:
        """'W11 = a, W12 = b: L = v' at the grid point nearest (x, y), or None off the map."""
        a, b, grid = self.a_values, self.b_values, self.loss_grid
        if self.picks is None or len(a) < 2 or not (math.isfinite(x) and math.isfinite(y)):
            return None
        j = round((x - a[0]) / (a[1] - a[0]))
        i = round((y - b[0]) / (b[1] - b[0]))
        if not (0 <= i < len(b) and 0 <= j < len(a)):
            return None
        wa, wb = (self.surface.symbol(*p) for p in self.picks)
        return f"{wa} = {a[j]:.4g}, {wb} = {b[i]:.4g}: L = {grid[i, j]:.6g}"

    def _mouse_moved(self, pos) -> None:  # type: ignore[no-untyped-def]
        if not self.view.sceneBoundingRect().contains(pos):
            self.hover.setText(self.tr(HOVER_HINT))
            return
        point = self.view.mapSceneToView(pos)
        self.hover.setText(self.hover_text(point.x(), point.y()) or self.tr(HOVER_HINT))
