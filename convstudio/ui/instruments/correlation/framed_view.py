"""A matrix view that also outlines a block of cells: the frame the sliding sum works in."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from convstudio.ui.look import colors
from convstudio.ui.widgets.matrix_view import MatrixView

#: More cells than this are outlined as one block rather than cell by cell (thousands of small
#: outlines cost a big map tens of milliseconds a repaint and hide the numbers anyway).
MOST_OUTLINED = 256


class FramedView(MatrixView):
    """A matrix view that can also outline a block of cells: the image inside its padding, or
    dL/do inside its border of zeros; and the window a large filter covers, as one block."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._outline: tuple[int, int, int, int] | None = None
        self._window: tuple[int, int, int, int] | None = None

    def set_outline(self, block: tuple[int, int, int, int] | None) -> None:
        """(top, left, rows, cols) of the block to outline, or None."""
        if block != self._outline:
            self._outline = block
            self.update()

    def outline(self) -> tuple[int, int, int, int] | None:
        return self._outline

    def set_window(self, block: tuple[int, int, int, int] | None) -> None:
        """(top, left, rows, cols) of a block drawn in the read colour, or None."""
        if block != self._window:
            self._window = block
            self.update()

    def window(self) -> tuple[int, int, int, int] | None:
        return self._window

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self._outline is None and self._window is None:
            return
        painter = QPainter(self)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        for block, color, width in (
            (self._outline, self.palette().color(QPalette.ColorRole.WindowText), 2.0),
            (self._window, QColor(colors.HIGHLIGHT_READ), 3.0),
        ):
            if block is not None:
                top, left, rows, cols = block
                first, last = self.cell_rect(top, left), self.cell_rect(top + rows - 1, left + cols - 1)
                painter.setPen(QPen(color, width))
                painter.drawRect(QRectF(first.topLeft(), last.bottomRight()))
        painter.end()


def new_view(framed: bool = False) -> MatrixView:
    view = FramedView() if framed else MatrixView()
    view.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
    view.setMinimumSize(110, 110)
    return view
