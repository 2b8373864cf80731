"""The one matrix view that draws every small tensor, from 1x1 up to 64x64.

Colours come from a diverging map centred on zero (``colors``); NaN means "not computed yet" and
is drawn empty, so a map visibly fills up step by step. Numbers are printed in the cells when they
fit, 1-based indices along the edges, a colour bar below or beside the grid (whichever leaves the
larger cells). Hover tells the exact value; a double-click opens an inline editor when the view is
editable, and ``edited`` carries the new value to whoever owns the data (the view never changes
its own numbers).

Painting keeps everything but the highlights in a pixmap that is redrawn only when the values, the
title, the size or the look change: a step that only moves the highlights repaints in microseconds,
and a 64x64 map redraws in about a millisecond (its cells are one small image scaled up).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from typing import NamedTuple

import numpy as np
from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QImage,
    QLinearGradient,
    QMouseEvent,
    QPaintEngine,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QPixmap,
)
from PySide6.QtWidgets import QLineEdit, QToolTip, QWidget

from convstudio.engine.colour_scale import colour_scale, scale_from
from convstudio.engine.notation import MINUS, exact, number
from convstudio.ui.look import colors

MIN_CELL_FOR_TEXT = 24.0
MIN_CELL_FOR_INDEX = 16.0
MIN_CELL_FOR_GRID = 6.0
MIN_MARK = 8.0  # the smallest outline drawn around a highlighted cell
#: The largest cell at the standard 10-point font; it grows with the font (projector mode).
MAX_CELL = 96.0
#: Paint engines of exports (SVG, PDF, a recorded picture): drawn directly, as vectors and text.
VECTOR_ENGINES = (QPaintEngine.Type.SVG, QPaintEngine.Type.Pdf, QPaintEngine.Type.Picture)
BASE_POINTS = 10.0
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


def short_note(note: str) -> str:
    """A note without the symbol it starts with: "W11: 0.5 → 0.6" -> "0.5 → 0.6", "o11 = 2" -> "= 2"."""
    for mark, keep in ((": ", ""), (" = ", "= ")):
        if mark in note:
            return keep + note.split(mark, 1)[1]
    return note


def highlight_pen(kind: str, cell: float) -> QPen:
    """The pen that outlines a highlighted cell of this size (also drawn by the highlight key)."""
    color, factor, style = HIGHLIGHT_STYLES[kind]
    pen = QPen(QColor(color), max(1.5, min(cell * 0.09, 4.0)) * factor, style)
    pen.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
    return pen


class Layout(NamedTuple):
    grid: QRectF  # the cells
    cell: float  # the side of one cell
    index: bool  # 1-based row and column numbers along the edges
    title_h: float
    legend: QRectF  # the colour bar
    vertical: bool  # the colour bar stands to the right of the grid


class MatrixView(QWidget):
    edited = Signal(int, int, float)
    hovered = Signal(object)
    clicked = Signal(int, int)  # a cell was clicked: row, column (0-based)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMouseTracking(True)
        self.setMinimumSize(60, 60)
        # It paints every pixel of its rectangle, so nothing behind it is painted first.
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self._values = np.full((1, 1), np.nan)
        self._scale = 1.0
        self._signed = True
        self._describe: Callable[[int, int], str] | None = None
        self._title = ""
        self._note = ""
        self._marks: dict[str, Cells] = {kind: [] for kind in HIGHLIGHT_STYLES}
        self._editable = False
        self._validator: Callable[[int, int, float], str | None] | None = None
        self._image: QImage | None = None
        self._static: QPixmap | None = None
        self._layout_cache: tuple[tuple[object, ...], Layout] | None = None
        self._editor: QLineEdit | None = None
        self._editing: tuple[int, int] | None = None
        self._hover: tuple[int, int] | None = None
        self._fit: tuple[tuple[float, bytes], float | None, tuple[int, int | None, bool]] | None = None
        self._digits = 4
        self._decimals: int | None = None
        self._bare = False

    # --- data ---------------------------------------------------------------------------------

    def set_title(self, text: str, note: str = "") -> None:
        """The tensor's name, and an optional note after it (what the current step does here)."""
        if (text, note) != (self._title, self._note):
            self._title, self._note = text, note
            self._invalidate()

    def title(self) -> str:
        return self._title

    def note(self) -> str:
        return self._note

    def set_matrix(
        self,
        values: np.ndarray,
        *,
        scale: float | None = None,
        describe: Callable[[int, int], str] | None = None,
        signed: bool = True,
    ) -> None:
        """Show ``values``; ``signed`` False for a tensor that is never negative (a loss, a
        probability): its colour bar runs from 0."""
        values = np.asarray(values, dtype=np.float64)
        if values.ndim != 2:
            values = values.reshape(1, -1) if values.ndim < 2 else values.reshape(values.shape[-2], -1)
        scale = colour_scale(values) if scale is None else scale_from(scale)
        self._describe = describe
        if signed != self._signed:
            self._signed = signed
            self._invalidate()
        if (
            values.shape == self._values.shape
            and scale == self._scale
            and np.array_equal(values, self._values, equal_nan=True)
        ):
            return
        resized = values.shape != self._values.shape
        self._values = values.copy()
        self._scale = scale
        self._image = None
        if resized:
            self.updateGeometry()
            self._close_editor()
        self._invalidate()

    def set_highlights(
        self,
        reads: Iterable[tuple[int, int]] = (),
        writes: Iterable[tuple[int, int]] = (),
        extra: Iterable[tuple[int, int]] = (),
        subject: Iterable[tuple[int, int]] = (),
    ) -> None:
        """Outline cells: what the step reads, the cell it writes, the rest of its terms (while
        adding term by term, dashed) and the value whose gradient it computes (dashed)."""
        rows, cols = self._values.shape

        def inside(cells: Iterable[tuple[int, int]]) -> Cells:
            return [(int(r), int(c)) for r, c in cells if 0 <= r < rows and 0 <= c < cols]

        new = {"extra": inside(extra), "subject": inside(subject), "reads": inside(reads),
               "writes": inside(writes)}  # fmt: skip
        if new != self._marks:
            self._marks = new
            self.update()

    def set_editable(
        self, on: bool, validator: Callable[[int, int, float], str | None] | None = None
    ) -> None:
        """Double-click opens an editor; ``validator`` may refuse a value with a sentence (or None)."""
        self._editable = on
        self._validator = validator
        if not on:
            self._close_editor()

    def values(self) -> np.ndarray:
        return self._values.copy()

    def highlights(self) -> tuple[Cells, Cells, Cells, Cells]:
        """(reads, writes, extra, subject) as drawn."""
        m = self._marks
        return list(m["reads"]), list(m["writes"]), list(m["extra"]), list(m["subject"])

    def scale(self) -> float:
        return self._scale

    def _invalidate(self) -> None:
        self._static = None
        self.update()

    # --- geometry -----------------------------------------------------------------------------

    def sizeHint(self) -> QSize:
        rows, cols = self._values.shape
        cell = 40 if max(rows, cols) <= 6 else max(4, 320 // max(rows, cols))
        return QSize(int(cols * cell + 40), int(rows * cell + 70))

    def minimumSizeHint(self) -> QSize:
        return QSize(60, 60)

    def max_cell(self) -> float:
        return MAX_CELL * max(self.font().pointSizeF(), 1.0) / BASE_POINTS

    def _layout(self) -> Layout:
        rows, cols = self._values.shape
        font = self.font()
        key = (self.width(), self.height(), rows, cols, bool(self._title), font.key())
        if self._layout_cache is None or self._layout_cache[0] != key:
            layout = self.layout_for(float(self.width()), float(self.height()))
            self._layout_cache = (key, layout)
        return self._layout_cache[1]

    def cell_for(self, width: float, height: float) -> float:
        """The cell size this view would have at ``width`` x ``height`` (a card picks its layout)."""
        return self.layout_for(width, height).cell

    def layout_for(self, w: float, h: float) -> Layout:
        """Where everything goes at this size: both places for the colour bar are tried, and the
        one that leaves the larger cells wins (below, unless beside is clearly better)."""
        rows, cols = self._values.shape
        fm = QFontMetricsF(self.font())
        title_h = fm.height() + 4 if self._title else 0.0
        biggest = self.max_cell()
        # Label room for the colour bar beside the grid does not depend on the values, so the
        # layout stays put from step to step.
        label_w = fm.horizontalAdvance("−0.0000") + 4
        best: Layout | None = None
        for vertical in (False, True):
            for with_index in (True, False):
                margin_l = fm.horizontalAdvance(str(rows)) + 6 if with_index else 2.0
                margin_t = fm.height() + 2 if with_index else 2.0
                if vertical:
                    avail_w = w - margin_l - 4 - (8 + 7 + 4 + label_w)
                    avail_h = h - title_h - margin_t - 4
                else:
                    avail_w = w - margin_l - 4
                    avail_h = h - title_h - margin_t - (8 + fm.height() + 6)
                cell = max(1.0, min(avail_w / cols, avail_h / rows, biggest))
                if not with_index or cell >= MIN_CELL_FOR_INDEX:
                    break
            gw, gh = cell * cols, cell * rows
            x0 = margin_l + max(0.0, (avail_w - gw) / 2)
            grid = QRectF(x0, title_h + margin_t, gw, gh)
            if vertical:
                tall = min(max(gh, 3 * fm.height()), h - grid.top() - 2)
                legend = QRectF(grid.right() + 8, grid.top(), 7, max(tall, 8.0))
            else:
                width = min(max(gw, 160.0), w - 8.0)
                left = min(max(2.0, grid.center().x() - width / 2), w - width - 2.0)
                legend = QRectF(left, grid.bottom() + 6, width, 7)
            layout = Layout(grid, cell, with_index and cell >= MIN_CELL_FOR_INDEX, title_h, legend, vertical)
            if best is None or layout.cell > best.cell * 1.15:
                best = layout
        assert best is not None
        return best

    def cell_rect(self, row: int, col: int) -> QRectF:
        layout = self._layout()
        grid, cell = layout.grid, layout.cell
        return QRectF(grid.left() + col * cell, grid.top() + row * cell, cell, cell)

    def cell_at(self, pos: QPointF) -> tuple[int, int] | None:
        layout = self._layout()
        grid, cell = layout.grid, layout.cell
        if not grid.contains(pos):
            return None
        rows, cols = self._values.shape
        row = min(int((pos.y() - grid.top()) // cell), rows - 1)
        col = min(int((pos.x() - grid.left()) // cell), cols - 1)
        return row, col

    # --- painting -----------------------------------------------------------------------------

    def _cells_image(self) -> QImage:
        if self._image is None:
            rgba = colors.diverging(self._values, self._scale)
            empty = self.palette().color(QPalette.ColorRole.Base)
            rgba[np.isnan(self._values)] = (empty.red(), empty.green(), empty.blue(), 255)
            # Blue, green, red, 255 in memory is Qt's RGB32, which it scales without converting.
            bgra = np.ascontiguousarray(rgba[..., [2, 1, 0, 3]])
            rows, cols = self._values.shape
            self._image = QImage(bgra.data, cols, rows, cols * 4, QImage.Format.Format_RGB32).copy()
        return self._image

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
        # Fewer digits rather than unreadably small ones: 4 or 3 significant digits, else a fixed
        # number of decimals that keeps 3 or 2 digits of the largest value, at last without the
        # zero before the point (−.32).
        magnitude = math.floor(math.log10(self._scale))
        for digits, decimals, bare in (
            (4, None, False),
            (3, None, False),
            (3, max(0, 2 - magnitude), False),
            (2, max(0, 1 - magnitude), False),
            (2, max(0, 1 - magnitude), True),
        ):
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
        if layout.index:
            painter.setPen(palette.color(QPalette.ColorRole.PlaceholderText))
            for r in range(rows):
                rect = QRectF(0, grid.top() + r * cell, grid.left() - 4, cell)
                painter.drawText(
                    rect, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, str(r + 1)
                )
            for c in range(cols):
                rect = QRectF(grid.left() + c * cell, grid.top() - fm.height() - 2, cell, fm.height())
                painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, str(c + 1))
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
                    painter.setPen(QColor(colors.text_color_for(rgba[r, c])))
                    painter.drawText(self.cell_rect(r, c), Qt.AlignmentFlag.AlignCenter, text)
            painter.setFont(self.font())
        self._paint_legend(painter, layout, fm, palette.color(QPalette.ColorRole.Text))

    def _paint_title(self, painter: QPainter, palette: QPalette, height: float) -> None:
        """The name in bold; the note after it in the colour of the written cell, elided first."""
        title_font = QFont(self.font())
        title_font.setBold(True)
        bold = QFontMetricsF(title_font)
        width = float(self.width())
        title = bold.elidedText(self._title, Qt.TextElideMode.ElideRight, width)
        painter.setFont(title_font)
        painter.setPen(palette.color(QPalette.ColorRole.WindowText))
        align = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        painter.drawText(QRectF(0, 0, width, height), align, title)
        used = bold.horizontalAdvance(title)
        if self._note and width - used > 40:
            note = "  " + self._note
            if bold.horizontalAdvance(note) > width - used:  # the value matters more than its name
                note = "  " + short_note(self._note)
            note = bold.elidedText(note, Qt.TextElideMode.ElideRight, width - used)
            dark = palette.color(QPalette.ColorRole.Window).lightness() < 128
            painter.setPen(QColor(colors.NOTE_DARK if dark else colors.NOTE_LIGHT))
            painter.drawText(QRectF(used, 0, width - used, height), align, note)
        painter.setFont(self.font())

    def _paint_highlights(self, painter: QPainter, cell: float) -> None:
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for kind, cells in self._marks.items():
            if not cells:
                continue
            pen = highlight_pen(kind, cell)
            painter.setPen(pen)
            # Cells of a few pixels (a 64x64 map) get a mark larger than themselves, to be seen.
            inset = pen.widthF() / 2 if cell >= MIN_MARK else -(MIN_MARK - cell) / 2
            for r, c in cells:
                painter.drawRect(self.cell_rect(r, c).adjusted(inset, inset, -inset, -inset))

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

    def resizeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        self._static = None
        super().resizeEvent(event)

    def changeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        if event.type() == QEvent.Type.PaletteChange:
            self._image = None  # empty cells take the palette's base colour
            self._invalidate()
        elif event.type() == QEvent.Type.FontChange:
            self._fit = None
            self._invalidate()
        super().changeEvent(event)

    # --- hover and editing --------------------------------------------------------------------

    def tooltip_text(self, row: int, col: int) -> str:
        rows = self._values.shape[0]
        where = f"row {row + 1}, column {col + 1}" if rows > 1 else f"position {col + 1}"
        value = float(self._values[row, col])
        if self._describe is not None:
            return f"{self._describe(row, col)}\n({where})"
        return f"{where}: {exact(value)}" if math.isfinite(value) else f"{where}: not computed yet"

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        cell = self.cell_at(event.position())
        if cell != self._hover:
            self._hover = cell
            self.hovered.emit(cell)
            if cell is None:
                QToolTip.hideText()
            else:
                QToolTip.showText(event.globalPosition().toPoint(), self.tooltip_text(*cell), self)
        super().mouseMoveEvent(event)

    def leaveEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        if self._hover is not None:
            self._hover = None
            self.hovered.emit(None)
        super().leaveEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        cell = self.cell_at(event.position())
        if cell is not None and event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit(*cell)
        super().mousePressEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        cell = self.cell_at(event.position())
        if self._editable and cell is not None:
            self.open_editor(*cell)
        else:
            super().mouseDoubleClickEvent(event)

    def open_editor(self, row: int, col: int) -> QLineEdit:
        if self._editor is None:
            self._editor = QLineEdit(self)
            self._editor.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self._editor.returnPressed.connect(self._commit)
            self._editor.installEventFilter(self)
        editor = self._editor
        # As large as the cell's numbers, over the cell and never over the row numbers at the left.
        cell = self._layout().cell
        font = QFont(self.font())
        font.setPointSizeF(max(self.font_size_for(cell) or 0.0, self.font().pointSizeF()))
        editor.setFont(font)
        rect = self.cell_rect(row, col)
        width = max(rect.width(), QFontMetricsF(font).horizontalAdvance("−0.000000") + 12)
        height = max(rect.height(), QFontMetricsF(font).height() + 8)
        grid = self._layout().grid
        left = min(max(rect.center().x() - width / 2, grid.left()), max(grid.left(), self.width() - width))
        top = rect.center().y() - height / 2
        editor.setGeometry(QRectF(left, top, width, height).toRect().intersected(self.rect()))
        value = float(self._values[row, col])
        editor.setText(repr(value) if math.isfinite(value) else "")
        editor.selectAll()
        editor.setStyleSheet("")
        editor.setToolTip("Type a number and press Enter (Escape cancels)")
        self._editing = (row, col)
        editor.show()
        editor.setFocus()
        return editor

    def editor(self) -> QLineEdit | None:
        """The inline editor while it is open."""
        return self._editor if self._editing is not None else None

    def eventFilter(self, watched, event) -> bool:  # type: ignore[no-untyped-def]
        if watched is self._editor:
            if event.type() == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_Escape:
                self._close_editor()
                return True
            if event.type() == QEvent.Type.FocusOut:
                self._close_editor()
        return super().eventFilter(watched, event)

    def _commit(self) -> None:
        if self._editor is None or self._editing is None:
            return
        text = self._editor.text().strip().replace(MINUS, "-").replace(",", ".")
        try:
            value = float(text)
        except ValueError:
            value = math.nan
        row, col = self._editing
        problem = "Not a finite number: type a value like 0.5 or -2" if not math.isfinite(value) else None
        if problem is None and self._validator is not None:
            problem = self._validator(row, col, value)
        if problem is not None:  # say so beside the cell and keep the editor open
            self._editor.setStyleSheet("QLineEdit { border: 2px solid #D55E00; }")
            self._editor.setToolTip(problem)
            QToolTip.showText(
                self._editor.mapToGlobal(self._editor.rect().bottomLeft()), self._editor.toolTip()
            )
            return
        self._close_editor()
        self.edited.emit(row, col, value)

    def _close_editor(self) -> None:
        if self._editor is not None and self._editor.isVisible():
            self._editor.hide()
            self.setFocus()
        self._editing = None
