"""Rich text laid out once per change and painted from that layout, at a size picked to fill its space.

The equations and the lesson text use it. A QLabel lays its text out again to paint it, and trying
sizes on the live widget relayouts the window (and flips scroll bars) at every try; here sizes are
tried on a probe document, and the widget takes only the one that fits.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QEvent, QRectF, QSize
from PySide6.QtGui import QAbstractTextDocumentLayout, QFont, QPainter, QTextDocument
from PySide6.QtWidgets import QSizePolicy, QWidget

MARGIN = 2


class RichText(QWidget):
    """HTML in the widget's palette, at the widget's font or at a point size of its own."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc = QTextDocument(self)
        self.doc.setDocumentMargin(MARGIN)
        self._probe = QTextDocument(self)
        self._probe.setDocumentMargin(MARGIN)
        self._probe_html: str | None = None
        self._points: float | None = None  # None: the widget's own font size
        self._heights: dict[int, int] = {}  # height for width, as layouts ask for it again and again
        self.doc.setDefaultFont(self._font())
        policy = QSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)
        self._html = ""

    def setText(self, html: str) -> None:
        if html != self._html:
            self._html = html
            self.doc.setHtml(html)
            self._heights.clear()
            self.updateGeometry()
            self.update()

    def text(self) -> str:
        return self._html

    def point_size(self) -> float:
        return self.doc.defaultFont().pointSizeF()

    def set_point_size(self, points: float | None) -> None:
        """Draw at ``points`` (None: at the widget's font size)."""
        if points != self._points:
            self._points = points
            self.doc.setDefaultFont(self._font())
            self._heights.clear()
            self.updateGeometry()
            self.update()

    def _font(self, points: float | None = None) -> QFont:
        font = QFont(self.font())
        size = points if points is not None else self._points
        if size is not None:
            font.setPointSizeF(size)
        return font

    def fit(self, width: int, height: int, smallest: float, largest: float) -> float:
        """The largest size from ``smallest`` to ``largest`` at which the text fits ``width`` x
        ``height`` (``smallest`` if none does), in whole half points: few sizes, so the glyphs
        drawn at them stay in Qt's cache. Tried on a probe document."""
        sizes = [smallest + 0.5 * i for i in range(int((largest - smallest) / 0.5) + 1)]
        low, high = 0, len(sizes) - 1  # sizes[low] is taken when nothing larger fits
        while low < high:
            middle = (low + high + 1) // 2
            if self._measure(width, sizes[middle]) <= height:
                low = middle
            else:
                high = middle - 1
        return sizes[low]

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        height = self._heights.get(width)
        if height is None:
            if width == self.width():  # the width it paints at: lay out the document itself
                if self.doc.textWidth() != width:
                    self.doc.setTextWidth(width)
                height = math.ceil(self.doc.size().height())
            else:  # a width a layout is trying out: leave the painted layout alone
                height = math.ceil(self._measure(width, self._points))
            self._heights[width] = height
        return height

    def _measure(self, width: int, points: float | None) -> float:
        """The text's height at ``width`` and ``points``, on the probe document."""
        if self._probe_html != self._html:
            self._probe_html = self._html
            self._probe.setHtml(self._html)
        font = self._font(points)
        if self._probe.defaultFont() != font:
            self._probe.setDefaultFont(font)
        if self._probe.textWidth() != width:
            self._probe.setTextWidth(width)
        return self._probe.size().height()

    def sizeHint(self) -> QSize:
        width = max(self.width(), 100)
        return QSize(width, self.heightForWidth(width))

    def minimumSizeHint(self) -> QSize:
        return QSize(50, 20)

    def changeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        if event.type() == QEvent.Type.FontChange:
            self.doc.setDefaultFont(self._font())
            self._heights.clear()
            self.updateGeometry()
        super().changeEvent(event)

    def paintEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        if self.doc.textWidth() != self.width():
            self.doc.setTextWidth(self.width())
        painter = QPainter(self)
        context = QAbstractTextDocumentLayout.PaintContext()
        context.palette = self.palette()  # the text colour of the light or dark palette
        context.clip = QRectF(event.rect())
        self.doc.documentLayout().draw(painter, context)
        painter.end()
