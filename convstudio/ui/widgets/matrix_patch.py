"""A step that writes one cell of a large map, or changes only a title's note, patches the view's
kept pixmap rather than drawing it all again. A map whose cells are too small for numbers and grid
lines (the 64x64 maps of a deep network) draws each cell as a plain square of its colour, so the
cells written are filled in over the old ones, and the title's line is drawn again on its own."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPalette, QPen

from convstudio.ui.look import colors

if TYPE_CHECKING:
    from convstudio.ui.widgets.matrix_view import MatrixView

#: More changed cells than this and the whole pixmap is drawn again (a new slice, a new iteration).
MOST_PATCHED = 16


def changed_cells(old: np.ndarray, new: np.ndarray, most: int = MOST_PATCHED) -> list[tuple[int, int]] | None:
    """The cells where ``new`` differs from ``old`` (NaN alike), or None when over ``most`` do."""
    if old.shape != new.shape:
        return None
    with np.errstate(invalid="ignore"):
        differ = ~((old == new) | (np.isnan(old) & np.isnan(new)))
    if int(np.count_nonzero(differ)) > most:
        return None
    return [(int(r), int(c)) for r, c in np.argwhere(differ)]


def patch_static(view: MatrixView, cells: list[tuple[int, int]], title: bool) -> None:
    """Draw ``cells`` (and the title line, if ``title``) again on the view's kept pixmap."""
    assert view._static is not None
    layout = view._layout()
    palette = view.palette()
    painter = QPainter(view._static)
    if title:
        painter.fillRect(QRectF(0, 0, view.width(), layout.title_h), palette.color(view.backgroundRole()))
        view._paint_title(painter, palette, layout.title_h)
    if cells:
        values = np.array([view._values[r, c] for r, c in cells])
        rgba = colors.diverging(values, view._scale)
        empty = palette.color(QPalette.ColorRole.Base)
        window = palette.color(QPalette.ColorRole.Window)
        for (row, col), (r, g, b, _), value in zip(cells, rgba, values, strict=True):
            if view.in_padding(row, col):
                color = window
            elif np.isnan(value):
                color = empty
            else:
                color = QColor(int(r), int(g), int(b))
            painter.fillRect(view.cell_rect(row, col), color)
        painter.setPen(QPen(palette.color(QPalette.ColorRole.Mid), 1))  # the grid's outline, as drawn
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(layout.grid)
    painter.end()
