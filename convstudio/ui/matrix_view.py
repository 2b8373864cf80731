"""The one matrix view that draws every small tensor, from 1x1 up to 64x64.

Colours come from a diverging map centred on zero (``colors``); NaN means "not computed yet" and
is drawn empty, so a map visibly fills up step by step. Numbers are printed in the cells when they
fit, 1-based indices along the edges, a colour bar below. Hover tells the exact value; a
double-click opens an inline editor when the view is editable, and ``edited`` carries the new value
to whoever owns the data (the view never changes its own numbers).

Painting draws the cells as one small image scaled without smoothing, then the grid, highlights
and text on top, so a 64x64 map repaints in about a millisecond.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable

import numpy as np
from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QImage,
    QLinearGradient,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import QLineEdit, QToolTip, QWidget

from convstudio.ui import colors

MIN_CELL_FOR_TEXT = 24.0
MIN_CELL_FOR_INDEX = 16.0
MIN_CELL_FOR_GRID = 6.0
MAX_CELL = 84.0


def format_value(value: float, digits: int = 4, decimals: int | None = None) -> str:
    """A cell's number: up to ``digits`` significant digits (or exactly ``decimals`` decimals), a
    true minus sign, no trailing zeros in the significant-digit form."""
    if not math.isfinite(value):
        return ""
    if value == 0:
        return "0"
    if decimals is not None:
        text = f"{value:.{decimals}f}"
        return ("0" if float(text) == 0 and decimals == 0 else text).replace("-", "−")
    text = f"{value:.{digits}g}"
    if "e" in text:
        mantissa, exponent = text.split("e")
        text = f"{mantissa}e{int(exponent)}"
    return text.replace("-", "−")


def exact(value: float) -> str:
    """The value as Python prints it: the shortest text that reads back to the same float."""
    return repr(float(value)).replace("-", "−")


class MatrixView(QWidget):
    edited = Signal(int, int, float)
    hovered = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMouseTracking(True)
        self.setMinimumSize(60, 60)
        self._values = np.full((1, 1), np.nan)
        self._scale = 1.0
        self._describe: Callable[[int, int], str] | None = None
        self._title = ""
        self._reads: list[tuple[int, int]] = []
        self._writes: list[tuple[int, int]] = []
        self._extra: list[tuple[int, int]] = []
        self._editable = False
        self._image: QImage | None = None
        self._editor: QLineEdit | None = None
        self._editing: tuple[int, int] | None = None
        self._hover: tuple[int, int] | None = None
        self._fit: tuple[tuple[float, bytes], float | None] | None = None
        self._digits = 4
        self._decimals: int | None = None

    # --- data ---------------------------------------------------------------------------------

    def set_title(self, text: str) -> None:
        if text != self._title:
            self._title = text
            self.update()

    def set_matrix(
        self,
        values: np.ndarray,
        *,
        scale: float | None = None,
        describe: Callable[[int, int], str] | None = None,
    ) -> None:
        values = np.asarray(values, dtype=np.float64)
        if values.ndim != 2:
            values = values.reshape(1, -1) if values.ndim < 2 else values.reshape(values.shape[-2], -1)
        if scale is None:
            finite = np.abs(values[np.isfinite(values)])
            scale = float(finite.max()) if finite.size else 1.0
        scale = scale if scale > 0 and math.isfinite(scale) else 1.0
        self._describe = describe
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
        self.update()

    def set_highlights(
        self,
        reads: Iterable[tuple[int, int]] = (),
        writes: Iterable[tuple[int, int]] = (),
        extra: Iterable[tuple[int, int]] = (),
    ) -> None:
        rows, cols = self._values.shape

        def inside(cells: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
            return [(int(r), int(c)) for r, c in cells if 0 <= r < rows and 0 <= c < cols]

        new = (inside(reads), inside(writes), inside(extra))
        if new != (self._reads, self._writes, self._extra):
            self._reads, self._writes, self._extra = new
            self.update()

    def set_editable(self, on: bool) -> None:
        self._editable = on
        if not on:
            self._close_editor()

    def values(self) -> np.ndarray:
        return self._values.copy()

    def highlights(self) -> tuple[list[tuple[int, int]], list[tuple[int, int]], list[tuple[int, int]]]:
        """(reads, writes, extra) as drawn."""
        return list(self._reads), list(self._writes), list(self._extra)

    def scale(self) -> float:
        return self._scale

    # --- geometry -----------------------------------------------------------------------------

    def sizeHint(self) -> QSize:
        rows, cols = self._values.shape
        cell = 40 if max(rows, cols) <= 6 else max(4, 320 // max(rows, cols))
        return QSize(int(cols * cell + 40), int(rows * cell + 70))

    def minimumSizeHint(self) -> QSize:
        return QSize(60, 60)

    def _layout(self) -> tuple[QRectF, float, bool, float]:
        """(grid rect, cell size, index labels shown, title height)."""
        rows, cols = self._values.shape
        fm = QFontMetricsF(self.font())
        title_h = fm.height() + 4 if self._title else 0.0
        legend_h = 8 + fm.height() + 6
        w, h = float(self.width()), float(self.height())
        for with_index in (True, False):
            margin_l = fm.horizontalAdvance(str(rows)) + 6 if with_index else 2.0
            margin_t = fm.height() + 2 if with_index else 2.0
            avail_w = w - margin_l - 4
            avail_h = h - title_h - margin_t - legend_h
            cell = max(1.0, min(avail_w / cols, avail_h / rows, MAX_CELL))
            if not with_index or cell >= MIN_CELL_FOR_INDEX:
                break
        gw, gh = cell * cols, cell * rows
        x0 = margin_l + max(0.0, (avail_w - gw) / 2)
        y0 = title_h + margin_t
        return QRectF(x0, y0, gw, gh), cell, with_index and cell >= MIN_CELL_FOR_INDEX, title_h

    def cell_rect(self, row: int, col: int) -> QRectF:
        grid, cell, _, _ = self._layout()
        return QRectF(grid.left() + col * cell, grid.top() + row * cell, cell, cell)

    def cell_at(self, pos: QPointF) -> tuple[int, int] | None:
        grid, cell, _, _ = self._layout()
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
            rgba = np.ascontiguousarray(rgba)
            rows, cols = self._values.shape
            self._image = QImage(rgba.data, cols, rows, cols * 4, QImage.Format.Format_RGBA8888).copy()
        return self._image

    def font_size_for(self, cell: float) -> float | None:
        """Point size of the numbers in cells of this size, or None when numbers do not fit: the
        widest number must fit in the cell with a margin, at no less than 7 points."""
        if cell < MIN_CELL_FOR_TEXT:
            return None
        key = (cell, self._values.tobytes())
        if self._fit is not None and self._fit[0] == key:
            return self._fit[1]
        fitted = None
        # Fewer digits rather than unreadably small ones: 4 or 3 significant digits, else a fixed
        # number of decimals that keeps 3 or 2 digits of the largest value.
        magnitude = math.floor(math.log10(self._scale))
        for digits, decimals in (
            (4, None),
            (3, None),
            (3, max(0, 2 - magnitude)),
            (2, max(0, 1 - magnitude)),
        ):
            self._digits, self._decimals = digits, decimals
            size = min(cell * 0.3, 20.0)
            font = QFont(self.font())
            font.setPointSizeF(size)
            texts = [self._cell_text(r, c) for r, c in np.ndindex(*self._values.shape)]
            widest = max((QFontMetricsF(font).horizontalAdvance(t) for t in texts if t), default=0.0)
            if widest > cell * 0.86:
                size *= cell * 0.86 / widest
            if size >= 7.5:
                fitted = size
                break
        self._fit = (key, fitted)
        return fitted

    def _cell_text(self, row: int, col: int) -> str:
        return format_value(float(self._values[row, col]), self._digits, self._decimals)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        palette = self.palette()
        text_color = palette.color(QPalette.ColorRole.Text)
        grid, cell, with_index, title_h = self._layout()
        rows, cols = self._values.shape
        fm = QFontMetricsF(self.font())
        if self._title:
            title_font = QFont(self.font())
            title_font.setBold(True)
            painter.setFont(title_font)
            painter.setPen(palette.color(QPalette.ColorRole.WindowText))
            painter.drawText(
                QRectF(0, 0, self.width(), title_h),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                QFontMetricsF(title_font).elidedText(self._title, Qt.TextElideMode.ElideRight, self.width()),
            )
            painter.setFont(self.font())
        painter.drawImage(grid, self._cells_image())
        if cell >= MIN_CELL_FOR_GRID:
            painter.setPen(QPen(palette.color(QPalette.ColorRole.Mid), 1))
            for r in range(rows + 1):
                y = grid.top() + r * cell
                painter.drawLine(QPointF(grid.left(), y), QPointF(grid.right(), y))
            for c in range(cols + 1):
                x = grid.left() + c * cell
                painter.drawLine(QPointF(x, grid.top()), QPointF(x, grid.bottom()))
        else:
            painter.setPen(QPen(palette.color(QPalette.ColorRole.Mid), 1))
            painter.drawRect(grid)
        if with_index:
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
        self._paint_highlights(painter, cell)
        self._paint_legend(painter, grid, fm, text_color)
        painter.end()

    def _paint_highlights(self, painter: QPainter, cell: float) -> None:
        width = max(1.5, min(cell * 0.09, 4.0))
        for cells, color, pen_width, style in (
            (self._extra, colors.HIGHLIGHT_EXTRA, width * 0.8, Qt.PenStyle.DashLine),
            (self._reads, colors.HIGHLIGHT_READ, width, Qt.PenStyle.SolidLine),
            (self._writes, colors.HIGHLIGHT_WRITE, width * 1.3, Qt.PenStyle.SolidLine),
        ):
            if not cells:
                continue
            pen = QPen(QColor(color), pen_width, style)
            pen.setJoinStyle(Qt.PenJoinStyle.MiterJoin)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            inset = pen_width / 2
            for r, c in cells:
                painter.drawRect(self.cell_rect(r, c).adjusted(inset, inset, -inset, -inset))

    def _paint_legend(self, painter: QPainter, grid: QRectF, fm: QFontMetricsF, text_color: QColor) -> None:
        width = max(grid.width(), min(160.0, self.width() - 8.0))
        left = max(2.0, grid.center().x() - width / 2)
        bar = QRectF(left, grid.bottom() + 6, width, 7)
        gradient = QLinearGradient(bar.topLeft(), bar.topRight())
        for i in range(0, colors.LUT_SIZE, 32):
            r, g, b, _ = colors.LUT[i]
            gradient.setColorAt(i / (colors.LUT_SIZE - 1), QColor(int(r), int(g), int(b)))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(gradient)
        painter.drawRect(bar)
        painter.setPen(text_color)
        labels = QRectF(bar.left(), bar.bottom() + 1, bar.width(), fm.height())
        low, high = format_value(-self._scale), format_value(self._scale)
        if fm.horizontalAdvance(low + "0" + high) + 24 > bar.width():
            low, high = f"{-self._scale:.2g}".replace("-", "−"), f"{self._scale:.2g}"
        if fm.horizontalAdvance(low + "0" + high) + 24 > bar.width():
            painter.drawText(labels, Qt.AlignmentFlag.AlignHCenter, f"±{high}")
            return
        painter.drawText(labels, Qt.AlignmentFlag.AlignLeft, low)
        painter.drawText(labels, Qt.AlignmentFlag.AlignHCenter, "0")
        painter.drawText(labels, Qt.AlignmentFlag.AlignRight, high)

    # --- hover and editing --------------------------------------------------------------------

    def tooltip_text(self, row: int, col: int) -> str:
        if self._describe is not None:
            return self._describe(row, col)
        value = float(self._values[row, col])
        where = f"[{row + 1}, {col + 1}]"
        return f"{where} = {exact(value)}" if math.isfinite(value) else f"{where}: not computed yet"

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
        rect = self.cell_rect(row, col)
        editor.setGeometry(rect.adjusted(-10, 0, 10, 0).toRect().intersected(self.rect()))
        editor.setMinimumWidth(56)
        value = float(self._values[row, col])
        editor.setText(repr(value) if math.isfinite(value) else "")
        editor.selectAll()
        editor.setStyleSheet("")
        editor.setToolTip("Type a number and press Enter (Escape cancels)")
        self._editing = (row, col)
        editor.show()
        editor.setFocus()
        return editor

    def eventFilter(self, watched, event) -> bool:  # type: ignore[no-untyped-def]
        from PySide6.QtCore import QEvent

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
        text = self._editor.text().strip().replace("−", "-").replace(",", ".")
        try:
            value = float(text)
        except ValueError:
            value = math.nan
        if not math.isfinite(value):
            self._editor.setStyleSheet("QLineEdit { border: 2px solid #D55E00; }")
            self._editor.setToolTip("Not a finite number: type a value like 0.5 or -2")
            QToolTip.showText(
                self._editor.mapToGlobal(self._editor.rect().bottomLeft()), self._editor.toolTip()
            )
            return
        row, col = self._editing
        self._close_editor()
        self.edited.emit(row, col, value)

    def _close_editor(self) -> None:
        if self._editor is not None and self._editor.isVisible():
            self._editor.hide()
            self.setFocus()
        self._editing = None

    def changeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        from PySide6.QtCore import QEvent

        if event.type() == QEvent.Type.PaletteChange:
            self._image = None  # empty cells take the palette's base colour
        super().changeEvent(event)
