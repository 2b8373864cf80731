"""A step that writes one cell, or changes only a title's note, patches the view's kept pixmap
rather than drawing it all again: the cell written is filled with its colour, framed by its grid
lines and given its number (while the new number leaves every cell's size and digits as they
were), and the title's line is drawn again on its own. A 64x64 map's cells are plain squares."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPalette, QPen

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


def patch_static(view: MatrixView, cells: list[tuple[int, int]], title: bool, lines: bool) -> None:
    """Draw ``cells`` (and the title line, if ``title``) again on the view's kept pixmap; ``lines``:
    the view draws grid lines between its cells."""
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
        grid_pen = QPen(palette.color(QPalette.ColorRole.Mid), 1)
        size = view.font_size_for(layout.cell)
        if size is not None:
            font = QFont(view.font())
            font.setPointSizeF(size)
            painter.setFont(font)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for (row, col), colour, value in zip(cells, rgba, values, strict=True):
            rect = view.cell_rect(row, col)
            painter.fillRect(rect, empty if np.isnan(value) else QColor(*(int(v) for v in colour[:3])))
            if lines:  # the grid's lines around it, as the whole view draws them
                painter.setPen(grid_pen)
                painter.drawRect(rect)
            text = view._cell_text(row, col) if size is not None else ""
            if text:
                painter.setPen(QColor(colors.text_color_for(colour)))
                painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)
        painter.setPen(grid_pen)  # the grid's outline
        painter.drawRect(layout.grid)
    painter.end()
