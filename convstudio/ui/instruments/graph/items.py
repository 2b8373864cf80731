"""The scalar graph's items: a node as a small box with its name, value and gradient, and an edge."""

from __future__ import annotations

from PySide6.QtCore import QLineF, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QGraphicsItem, QGraphicsLineItem, QStyleOptionGraphicsItem, QWidget

from convstudio.ui.look.colors import HIGHLIGHT_READ, HIGHLIGHT_WRITE

WIDTH, HEIGHT = 116.0, 40.0
#: A node's look by state: (border colour, border width, fill).
LOOKS = {
    "plain": ("#7a7a7a", 1.0, "#ffffff"),
    "write": (HIGHLIGHT_WRITE, 3.0, "#fde6d6"),
    "read": (HIGHLIGHT_READ, 3.0, "#d8f2ea"),
}


class NodeItem(QGraphicsItem):
    """One scalar: its name and value on top, its gradient below (blank while unknown)."""

    def __init__(self, node: int, name: str, leaf: bool) -> None:
        super().__init__()
        self.node = node
        self.name = name
        self.leaf = leaf  # inputs and parameters: drawn with rounded corners
        self.value_text = ""
        self.grad_text = ""
        self.state = "plain"
        self.setCacheMode(QGraphicsItem.CacheMode.DeviceCoordinateCache)

    def boundingRect(self) -> QRectF:
        return QRectF(-WIDTH / 2 - 2, -HEIGHT / 2 - 2, WIDTH + 4, HEIGHT + 4)

    def set_texts(self, value: str, grad: str) -> bool:
        """Show these texts; whether anything changed."""
        if (value, grad) == (self.value_text, self.grad_text):
            return False
        self.value_text, self.grad_text = value, grad
        self.update()
        return True

    def set_state(self, state: str) -> None:
        if state != self.state:
            self.state = state
            self.setZValue(1 if state != "plain" else 0)
            self.update()

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        border, width, fill = LOOKS[self.state]
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(QColor(border), width))
        painter.setBrush(QColor(fill))
        box = QRectF(-WIDTH / 2, -HEIGHT / 2, WIDTH, HEIGHT)
        radius = 9.0 if self.leaf else 2.0
        painter.drawRoundedRect(box, radius, radius)
        font = QFont(painter.font())
        font.setPixelSize(15)
        font.setBold(True)
        painter.setFont(font)
        painter.setPen(QColor("#000000"))
        half = HEIGHT / 2
        top = QRectF(box.left() + 3, box.top() + 1, box.width() - 6, half)
        head = f"{self.name} = {self.value_text}" if self.value_text else self.name
        painter.drawText(top, Qt.AlignmentFlag.AlignCenter, head)
        font.setBold(False)
        font.setPixelSize(14)
        painter.setFont(font)
        painter.setPen(QColor("#4b2e83"))
        painter.drawText(top.translated(0, half - 2), Qt.AlignmentFlag.AlignCenter, self.grad_text)


class EdgeItem(QGraphicsLineItem):
    """From a parent's right side to a child's left side."""

    def __init__(self, parent: int, child: int, start: QPointF, end: QPointF) -> None:
        super().__init__(QLineF(start + QPointF(WIDTH / 2, 0), end - QPointF(WIDTH / 2, 0)))
        self.parent_node, self.child_node = parent, child
        self.lit = False
        self.setZValue(-1)
        self._pen(False)

    def _pen(self, lit: bool) -> None:
        pen = QPen(QColor(HIGHLIGHT_WRITE if lit else "#b8b8b8"), 2.0 if lit else 1.0)
        pen.setCosmetic(True)
        self.setPen(pen)

    def set_lit(self, lit: bool) -> None:
        if lit != self.lit:
            self.lit = lit
            self._pen(lit)
