"""A drawing pad on a grid of the input's size: the mouse or a pen inks cells, the right button or
Shift erases; from the keyboard, the arrows move a cell cursor and Space inks (Delete erases)."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent, QMouseEvent, QPainter, QPaintEvent, QPen, QTabletEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from convstudio.engine.drawing import brushed
from convstudio.ui.look import colors

_MOVES = {
    Qt.Key.Key_Left: (0, -1),
    Qt.Key.Key_Right: (0, 1),
    Qt.Key.Key_Up: (-1, 0),
    Qt.Key.Key_Down: (1, 0),
}


class DrawingPad(QWidget):
    """Cells from white (0) to black (1); ``changed`` after every stroke's touch."""

    changed = Signal()

    def __init__(self, rows: int, cols: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.canvas = np.zeros((rows, cols))
        self.cursor = (rows // 2, cols // 2)
        self._last: tuple[int, int] | None = None
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMouseTracking(False)
        self.setAccessibleName(self.tr("Drawing pad"))
        self._describe()

    def set_canvas(self, canvas: np.ndarray) -> None:
        self.canvas = np.clip(np.array(canvas, dtype=np.float64), 0.0, 1.0)
        rows, cols = self.canvas.shape
        self.cursor = (min(self.cursor[0], rows - 1), min(self.cursor[1], cols - 1))
        self._describe()
        self.update()
        self.changed.emit()

    def clear(self) -> None:
        self.set_canvas(np.zeros_like(self.canvas))

    def sizeHint(self) -> QSize:
        rows, cols = self.canvas.shape
        side = max(12, min(40, 320 // max(rows, cols)))
        return QSize(cols * side + 2, rows * side + 2)

    def minimumSizeHint(self) -> QSize:
        rows, cols = self.canvas.shape
        return QSize(cols * 6 + 2, rows * 6 + 2)

    # --- geometry ------------------------------------------------------------------------------

    def _grid(self) -> tuple[float, float, float]:
        """Cell side and the grid's top-left corner: square cells, centred."""
        rows, cols = self.canvas.shape
        side = max(1.0, min((self.width() - 2) / cols, (self.height() - 2) / rows))
        left = (self.width() - side * cols) / 2
        top = (self.height() - side * rows) / 2
        return side, left, top

    def cell_at(self, point: QPointF) -> tuple[int, int] | None:
        side, left, top = self._grid()
        row, col = int((point.y() - top) // side), int((point.x() - left) // side)
        rows, cols = self.canvas.shape
        return (row, col) if 0 <= row < rows and 0 <= col < cols else None

    def cell_rect(self, row: int, col: int) -> QRectF:
        side, left, top = self._grid()
        return QRectF(left + col * side, top + row * side, side, side)

    # --- painting ------------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        rows, cols = self.canvas.shape
        for r in range(rows):
            for c in range(cols):
                level = round(255 * (1.0 - self.canvas[r, c]))
                painter.fillRect(self.cell_rect(r, c), QColor(level, level, level))
        painter.setPen(QPen(QColor("#b0b0b0"), 1))
        side, left, top = self._grid()
        for r in range(rows + 1):
            painter.drawLine(QPointF(left, top + r * side), QPointF(left + cols * side, top + r * side))
        for c in range(cols + 1):
            painter.drawLine(QPointF(left + c * side, top), QPointF(left + c * side, top + rows * side))
        if self.hasFocus():
            painter.setPen(QPen(QColor(colors.HIGHLIGHT_WRITE), 3))
            painter.drawRect(self.cell_rect(*self.cursor).adjusted(1.5, 1.5, -1.5, -1.5))
        painter.end()

    # --- drawing -------------------------------------------------------------------------------

    def touch(self, row: int, col: int, erase: bool = False) -> None:
        """One touch of the brush at (row, col)."""
        self.canvas = brushed(self.canvas, row, col, erase)
        self.cursor = (row, col)
        self._describe()
        self.update()
        self.changed.emit()

    def _stroke(self, point: QPointF, erase: bool) -> None:
        cell = self.cell_at(point)
        if cell is not None and cell != self._last:
            self._last = cell
            self.touch(*cell, erase)

    @staticmethod
    def _erasing(buttons: Qt.MouseButton, modifiers: Qt.KeyboardModifier) -> bool:
        return bool(buttons & Qt.MouseButton.RightButton) or bool(
            modifiers & Qt.KeyboardModifier.ShiftModifier
        )

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._last = None
        self._stroke(event.position(), self._erasing(event.buttons(), event.modifiers()))

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if event.buttons() & (Qt.MouseButton.LeftButton | Qt.MouseButton.RightButton):
            self._stroke(event.position(), self._erasing(event.buttons(), event.modifiers()))

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self._last = None

    def tabletEvent(self, event: QTabletEvent) -> None:
        """A pen draws as the mouse does; its eraser end erases."""
        if event.type() == QEvent.Type.TabletRelease:
            self._last = None
        elif event.pressure() > 0:
            erase = event.pointerType() == event.pointerType().Eraser
            self._stroke(event.position(), erase)
        event.accept()

    # --- keyboard ------------------------------------------------------------------------------

    def event(self, event: QEvent) -> bool:
        """While the pad has the focus the arrows move its cell cursor, not the trace."""
        if event.type() == QEvent.Type.ShortcutOverride and event.key() in (*_MOVES, Qt.Key.Key_Space):  # type: ignore[attr-defined]
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = Qt.Key(event.key())
        rows, cols = self.canvas.shape
        if key in _MOVES:
            dr, dc = _MOVES[key]
            self.cursor = (
                min(max(self.cursor[0] + dr, 0), rows - 1),
                min(max(self.cursor[1] + dc, 0), cols - 1),
            )
            self._describe()
            self.update()
        elif key == Qt.Key.Key_Space:
            self.touch(*self.cursor)
        elif key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.touch(*self.cursor, erase=True)
        else:
            super().keyPressEvent(event)

    def _describe(self) -> None:
        row, col = self.cursor
        self.setAccessibleDescription(
            self.tr("row {0}, column {1}, ink {2:.0%}").format(row + 1, col + 1, float(self.canvas[row, col]))
        )
