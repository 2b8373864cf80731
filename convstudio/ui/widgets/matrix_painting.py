"""How a matrix view paints: cells, numbers that fit, indices, title, colour bar and highlights.

Painting keeps everything but the highlights in a pixmap that is redrawn only when the values, the
title, the size or the look change: a step that only moves the highlights repaints in microseconds,
and a 64x64 map redraws in about a millisecond (its cells are one small image scaled up).
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QImage,
    QLinearGradient,
    QPaintEngine,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QPixmap,
    QRegion,
)

from convstudio.engine.notation import MINUS, number
from convstudio.ui.look import colors
from convstudio.ui.look.short_text import first_that_fits, rounded_note, short_note, short_titles
from convstudio.ui.widgets.matrix_patch import patch_static

MIN_CELL_FOR_TEXT = 24.0
MIN_CELL_FOR_GRID = 6.0
MIN_MARK = 8.0  # the smallest outline drawn around a highlighted cell
#: A title's note in smaller text, of the view's font, when it does not fit in bold (or goes below).
NOTE_SCALE = 0.85
#: Paint engines of exports (SVG, PDF, a recorded picture): drawn directly, as vectors and text.
VECTOR_ENGINES = (QPaintEngine.Type.SVG, QPaintEngine.Type.Pdf, QPaintEngine.Type.Picture)
#: How each kind of highlight is drawn: colour, pen width (times the base width), line style.
HIGHLIGHT_STYLES = {
    "extra": (colors.HIGHLIGHT_EXTRA, 0.8, Qt.PenStyle.DashLine),
    "subject": (colors.HIGHLIGHT_WRITE, 1.0, Qt.PenStyle.DashLine),
    "reads": (colors.HIGHLIGHT_READ, 1.0, Qt.PenStyle.SolidLine),
    "writes": (colors.HIGHLIGHT_WRITE, 1.3, Qt.PenStyle.SolidLine),
}

Cells = list[tuple[int, int]]


def format_value(value: float, digits: int = 4, decimals: int | None = None) -> str:
    """A cell's number: up to ``digits`` significant digits (or exactly ``decimals`` decimals), a
    true minus sign, no trailing zeros in the significant-digit form."""
    return number(value, digits=digits, decimals=decimals) if math.isfinite(value) else ""


def highlight_pen(kind: str, cell: float) -> QPen:
    """The pen that outlines a highlighted cell of this size (also drawn by the highlight key)."""
    color, factor, style = HIGHLIGHT_STYLES[kind]
    pen = QPen(QColor(color), max(1.5, min(cell * 0.09, 4.0)) * factor, style)
    pen.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
    return pen


def draw_mark(painter: QPainter, rect: QRectF, pen: QPen) -> None:
    """Outline ``rect`` with a highlight ``pen`` over a black keyline showing one pixel outside it
    (outside, so that the cell's number keeps its room)."""
    draw_marks(painter, [rect], pen)


def draw_marks(painter: QPainter, rects: list[QRectF], pen: QPen) -> None:
    """``draw_mark`` for many rectangles: every keyline, then every outline over them."""
    keyline = QPen(QColor(colors.HIGHLIGHT_KEYLINE), pen.widthF(), Qt.PenStyle.SolidLine)
    keyline.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
    painter.setPen(keyline)
    painter.drawRects([rect.adjusted(-1.0, -1.0, 1.0, 1.0) for rect in rects])
    painter.setPen(pen)
    painter.drawRects(rects)


class Layout(NamedTuple):
    grid: QRectF  # the cells
    cell: float  # the side of one cell
    index: bool  # 1-based row and column numbers along the edges
    title_h: float
    legend: QRectF  # the colour bar
    vertical: bool  # the colour bar stands to the right of the grid


class MatrixPainting:
    """The painting half of ``MatrixView``: everything but the highlights in a pixmap kept until
    the values, the title, the size or the look change."""

    def _cells_image(self) -> QImage:
        if self._image is None:
            rgba = colors.diverging(self._values, self._scale)
            empty = self.palette().color(QPalette.ColorRole.Base)
            rgba[np.isnan(self._values)] = (empty.red(), empty.green(), empty.blue(), 255)
            ph, pw = self._padding
            if ph or pw:  # the zero border in the window's colour, not the colour map's zero
                window = self.palette().color(QPalette.ColorRole.Window)
                inner = np.zeros(self._values.shape, dtype=bool)
                inner[ph : self._values.shape[0] - ph, pw : self._values.shape[1] - pw] = True
                rgba[~inner] = (window.red(), window.green(), window.blue(), 255)
            # Blue, green, red, 255 in memory is Qt's RGB32, which it scales without converting.
            bgra = np.ascontiguousarray(rgba[..., [2, 1, 0, 3]])
            rows, cols = self._values.shape
            self._image = QImage(bgra.data, cols, rows, cols * 4, QImage.Format.Format_RGB32).copy()
        return self._image

    def numbers_for(self, cell: float) -> tuple[float | None, int, int | None, bool]:
        """How the numbers are written in cells of this size: point size, digits, decimals, bare."""
        return (self.font_size_for(cell), self._digits, self._decimals, self._bare)

    def font_size_for(self, cell: float) -> float | None:
        """Point size of the numbers in cells of this size, or None when numbers do not fit: the
        widest number must fit in the cell with a margin, at no less than 7.5 points."""
        if cell < MIN_CELL_FOR_TEXT:
            return None
        key = (cell, self._values.tobytes())
        if self._fit is not None and self._fit[0] == key:
            self._digits, self._decimals, self._bare = self._fit[2]
            return self._fit[1]
        fitted = None
        # Fewer digits rather than unreadably small ones: 4 or 3 significant digits, at last without
        # the zero before the point (−.188); never fewer than 3 (a fixed number of decimals would
        # print 0.000816 beside 3 as 0.00): past that the cells keep their colours, and hover and
        # the accessible table give the numbers.
        for digits, decimals, bare in ((4, None, False), (3, None, False), (3, None, True)):
            self._digits, self._decimals, self._bare = digits, decimals, bare
            size = min(cell * 0.3, 2.0 * self.font().pointSizeF())
            font = QFont(self.font())
            font.setPointSizeF(size)
            texts = [self._cell_text(r, c) for r, c in np.ndindex(*self._values.shape)]
            widest = max((QFontMetricsF(font).horizontalAdvance(t) for t in texts if t), default=0.0)
            room = self.text_room(cell)
            if widest > room:
                size *= room / widest
            if size >= 7.5:
                fitted = size
                break
        self._fit = (key, fitted, (self._digits, self._decimals, self._bare))
        return fitted

    @staticmethod
    def text_room(cell: float) -> float:
        """The width a cell's number may take: clear of the widest highlight border drawn inside it."""
        border = highlight_pen("writes", cell).widthF()
        return min(cell * 0.86, cell - 2 * (border + 2))

    def _cell_text(self, row: int, col: int) -> str:
        text = format_value(float(self._values[row, col]), self._digits, self._decimals)
        return text.replace("0.", ".", 1) if self._bare and text.lstrip(MINUS).startswith("0.") else text

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        if painter.paintEngine().type() in VECTOR_ENGINES:  # an export: shapes and text, not pixels
            self._paint_static(painter)
        else:
            if self._static is None:
                self._static = self._render_static()
            elif self._patch_cells or self._patch_title:  # a step wrote a cell, or a new note
                lines = self._layout().cell >= MIN_CELL_FOR_GRID
                patch_static(self, self._patch_cells, self._patch_title, lines)  # type: ignore[arg-type]
                self._patch_cells, self._patch_title = [], False
            painter.drawPixmap(0, 0, self._static)
        self._paint_highlights(painter, self._layout().cell)
        painter.end()

    def _render_static(self) -> QPixmap:
        """What changes only with the values, drawn once: steps that move highlights reuse it."""
        ratio = self.devicePixelRatioF()
        pixmap = QPixmap(max(1, round(self.width() * ratio)), max(1, round(self.height() * ratio)))
        pixmap.setDevicePixelRatio(ratio)
        pixmap.fill(self.palette().color(self.backgroundRole()))
        painter = QPainter(pixmap)
        self._paint_static(painter)
        painter.end()
        return pixmap

    def _paint_static(self, painter: QPainter) -> None:
        """Title, cells, grid, indices, numbers and colour bar: everything but the highlights."""
        palette = self.palette()
        layout = self._layout()
        grid, cell = layout.grid, layout.cell
        rows, cols = self._values.shape
        painter.setFont(self.font())
        fm = QFontMetricsF(self.font())
        if self._title:
            self._paint_title(painter, palette, layout.title_h)
        painter.drawImage(grid, self._cells_image())
        painter.setPen(QPen(palette.color(QPalette.ColorRole.Mid), 1))
        if cell >= MIN_CELL_FOR_GRID:
            for r in range(rows + 1):
                y = grid.top() + r * cell
                painter.drawLine(QPointF(grid.left(), y), QPointF(grid.right(), y))
            for c in range(cols + 1):
                x = grid.left() + c * cell
                painter.drawLine(QPointF(x, grid.top()), QPointF(x, grid.bottom()))
        else:
            painter.drawRect(grid)
        ph, pw = self._padding
        if ph or pw:
            self._paint_padding(painter, palette, grid, cell)
        if layout.index:  # the input's own rows and columns, from 1: the padding has no numbers
            painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
            for r in range(ph, rows - ph):
                rect = QRectF(0, grid.top() + r * cell, grid.left() - 4, cell)
                painter.drawText(
                    rect, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, str(r + 1 - ph)
                )
            for c in range(pw, cols - pw):
                rect = QRectF(grid.left() + c * cell, grid.top() - fm.height() - 2, cell, fm.height())
                painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, str(c + 1 - pw))
        size = self.font_size_for(cell)
        if size is not None:
            font = QFont(self.font())
            font.setPointSizeF(size)
            painter.setFont(font)
            rgba = colors.diverging(self._values, self._scale)
            for r in range(rows):
                for c in range(cols):
                    text = self._cell_text(r, c)
                    if not text:
                        continue
                    if self.in_padding(r, c):
                        painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
                    else:
                        painter.setPen(QColor(colors.text_color_for(rgba[r, c])))
                    painter.drawText(self.cell_rect(r, c), Qt.AlignmentFlag.AlignCenter, text)
            painter.setFont(self.font())
        self._paint_legend(painter, layout, fm, palette.color(QPalette.ColorRole.Text))

    def _paint_padding(self, painter: QPainter, palette: QPalette, grid: QRectF, cell: float) -> None:
        """The zero border hatched, and the input's own edge drawn firmly inside it."""
        ph, pw = self._padding
        inner = grid.adjusted(pw * cell, ph * cell, -pw * cell, -ph * cell)
        hatch = QColor(palette.color(QPalette.ColorRole.Mid))
        hatch.setAlpha(110)
        painter.save()
        painter.setClipRegion(QRegion(grid.toAlignedRect()).subtracted(QRegion(inner.toAlignedRect())))
        painter.fillRect(grid, QBrush(hatch, Qt.BrushStyle.BDiagPattern))
        painter.restore()
        painter.setPen(QPen(palette.color(QPalette.ColorRole.WindowText), max(1.5, min(cell * 0.05, 2.5))))
        painter.drawRect(inner)

    def _paint_title(self, painter: QPainter, palette: QPalette, height: float) -> None:
        """The name in bold; the note after it (or under it: ``note_below``) in the colour of the
        written cell: in bold if it fits, else in smaller text, else without its symbol, then with
        fewer digits (three, as in a cell), then without its "=", and only then elided."""
        (title, title_font, line), (note, font, place) = self._title_parts(height)
        painter.setFont(title_font)
        painter.setPen(palette.color(QPalette.ColorRole.WindowText))
        align = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        painter.drawText(QRectF(0, 0, float(self.width()), line), align, title)
        if note:
            dark = palette.color(QPalette.ColorRole.Window).lightness() < 128
            painter.setFont(font)
            painter.setPen(QColor(colors.NOTE_DARK if dark else colors.NOTE_LIGHT))
            painter.drawText(place, align, note)
        painter.setFont(self.font())

    def painted_title(self) -> str:
        """The title as the view paints it now: in full, as its symbol alone, or elided."""
        return self._title_parts(self._layout().title_h)[0][0]

    def painted_note(self) -> str:
        """The note as the view paints it now: in full, shortened or elided ("" if none)."""
        return self._title_parts(self._layout().title_h)[1][0].strip()

    def _title_parts(self, height: float) -> tuple[tuple[str, QFont, float], tuple[str, QFont, QRectF]]:
        """The title as drawn, its font and line height; the note as drawn, its font and place."""
        title_font = QFont(self.font())
        title_font.setBold(True)
        bold = QFontMetricsF(title_font)
        small_font = QFont(self.font())
        small_font.setPointSizeF(self.font().pointSizeF() * NOTE_SCALE)
        small = QFontMetricsF(small_font)
        width = float(self.width())
        line = bold.height() + 4 if self.note_below and self._note else height
        title = first_that_fits([self._title, *short_titles(self._title)], bold, width)
        used = bold.horizontalAdvance(title)
        note, font, place = "", title_font, QRectF(used, 0, width - used, line)
        if self._note and self.note_below:
            note, font, place = self._note, small_font, QRectF(0, line - 2, width, height - line + 2)
            note = small.elidedText(note, Qt.TextElideMode.ElideRight, width)
        elif self._note and width - used > 40:
            room = width - used
            tries = [("  " + self._note, title_font, bold), ("  " + self._note, small_font, small)]
            tries.append(("  " + short_note(self._note), small_font, small))  # the value before its name
            rounded = rounded_note(short_note(self._note))
            tries += [("  " + text, small_font, small) for text in (rounded, rounded.removeprefix("= "))]
            note, font, metrics = next((t for t in tries if t[2].horizontalAdvance(t[0]) <= room), tries[-1])
            note = metrics.elidedText(note, Qt.TextElideMode.ElideRight, room)
        return (title, title_font, line), (note, font, place)

    def _paint_highlights(self, painter: QPainter, cell: float) -> None:
        painter.setBrush(Qt.BrushStyle.NoBrush)
        grid = self._layout().grid
        for kind, cells in self._marks.items():
            if not cells:
                continue
            pen = highlight_pen(kind, cell)
            # Cells of a few pixels (a 64x64 map) get a mark larger than themselves, to be seen.
            inset = pen.widthF() / 2 if cell >= MIN_MARK else -(MIN_MARK - cell) / 2
            left, top, side = grid.left() + inset, grid.top() + inset, cell - 2 * inset
            rects = [QRectF(left + c * cell, top + r * cell, side, side) for r, c in cells]
            draw_marks(painter, rects, pen)  # all of a kind at once: a 7x7 window is 49 marks

    def _paint_legend(self, painter: QPainter, layout: Layout, fm: QFontMetricsF, text_color: QColor) -> None:
        bar = layout.legend
        # from -scale to +scale: left to right, or bottom to top beside the grid
        if layout.vertical:
            gradient = QLinearGradient(bar.bottomLeft(), bar.topLeft())
        else:
            gradient = QLinearGradient(bar.topLeft(), bar.topRight())
        # Values that cannot be negative get the positive half of the map only, from 0.
        first = 0 if self._signed else (colors.LUT_SIZE - 1) // 2
        for i in range(first, colors.LUT_SIZE, 16):
            r, g, b, _ = colors.LUT[i]
            gradient.setColorAt((i - first) / (colors.LUT_SIZE - 1 - first), QColor(int(r), int(g), int(b)))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(gradient)
        painter.drawRect(bar)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        if not np.isfinite(self._values).any():
            return  # nothing computed yet: the range would give away what is to come
        painter.setPen(text_color)
        low, high = format_value(-self._scale if self._signed else 0.0), format_value(self._scale)
        if layout.vertical:
            room = float(self.width()) - bar.right() - 4
            if fm.horizontalAdvance(low) > room:
                low, high = number(-self._scale, digits=2), number(self._scale, digits=2)
            x = bar.right() + 4
            h = fm.height()
            left = Qt.AlignmentFlag.AlignLeft
            painter.drawText(QRectF(x, bar.top() - 2, room, h), left | Qt.AlignmentFlag.AlignTop, high)
            if bar.height() >= 3 * h and self._signed:
                middle = QRectF(x, bar.center().y() - h / 2, room, h)
                painter.drawText(middle, left | Qt.AlignmentFlag.AlignVCenter, "0")
            painter.drawText(
                QRectF(x, bar.bottom() - h + 2, room, h), left | Qt.AlignmentFlag.AlignBottom, low
            )
            return
        labels = QRectF(bar.left(), bar.bottom() + 1, bar.width(), fm.height())
        texts = self.legend_texts(bar.width(), fm)
        if len(texts) == 1:
            painter.drawText(labels, Qt.AlignmentFlag.AlignHCenter, texts[0])
            return
        for text, align in zip(texts, (Qt.AlignmentFlag.AlignLeft, Qt.AlignmentFlag.AlignHCenter,
                                       Qt.AlignmentFlag.AlignRight), strict=True):  # fmt: skip
            painter.drawText(labels, align, text)

    def legend_texts(self, width: float, fm: QFontMetricsF) -> tuple[str, ...]:
        """The labels under a colour bar ``width`` wide: −scale, 0, +scale at its ends and middle,
        in fewer digits, or one "±scale", whichever keeps two spaces between neighbours."""

        def crowded(low: str, high: str) -> bool:
            side = max(fm.horizontalAdvance(low), fm.horizontalAdvance(high))
            return side + fm.horizontalAdvance("0") / 2 + fm.horizontalAdvance("  ") > width / 2

        if not self._signed:  # 0 at the left, the scale at the right
            high = format_value(self._scale)
            if fm.horizontalAdvance("0" + high) + 2 * fm.horizontalAdvance("  ") > width:
                high = number(self._scale, digits=2)
            return ("0", "", high)
        low, high = format_value(-self._scale), format_value(self._scale)
        if crowded(low, high):
            low, high = number(-self._scale, digits=2), number(self._scale, digits=2)
        return (f"±{high}",) if crowded(low, high) else (low, "0", high)
