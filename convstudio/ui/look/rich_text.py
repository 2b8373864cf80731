"""Rich text laid out once per change and painted from that layout, at a size picked to fill its space.

The equations and the lesson text use it. A QLabel lays its text out again to paint it, and trying
sizes on the live widget relayouts the window (and flips scroll bars) at every try; here sizes are
tried on a probe document, and the widget takes only the one that fits.

Lines break between words only, never inside one: Qt's default breaks a word that does not fit
anywhere, which split numbers ("−0.18" / "75") and symbols (o₁ / ₂) in a narrow panel. A size
fits when the text is short enough and its widest word narrow enough; when even the smallest does
not, the widget asks for the widest word's width (its scroll area then scrolls sideways).
"""

from __future__ import annotations

import math

from PySide6.QtCore import QEvent, QRectF, QSize, QSizeF
from PySide6.QtGui import QAbstractTextDocumentLayout, QFont, QPainter, QTextDocument, QTextOption
from PySide6.QtWidgets import QSizePolicy, QWidget

MARGIN = 2


class RichText(QWidget):
    """HTML in the widget's palette, at the widget's font or at a point size of its own."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.doc = QTextDocument(self)
        self._probe = QTextDocument(self)
        for doc in (self.doc, self._probe):
            doc.setDocumentMargin(MARGIN)
            option = doc.defaultTextOption()
            option.setWrapMode(QTextOption.WrapMode.WordWrap)  # not WrapAtWordBoundaryOrAnywhere
            doc.setDefaultTextOption(option)
        self._probe_html: str | None = None
        self._narrowest: dict[tuple[str, float | None], int] = {}  # the widest word's width
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
            if self.fits(width, height, sizes[middle]):
                low = middle
            else:
                high = middle - 1
        return sizes[low]

    def fits(self, width: int, height: int, points: float | None = None) -> bool:
        """Whether the text at ``points`` (None: the size it has) fits ``width`` x ``height``: no
        taller, and no word sticking out on the right."""
        size = self._measure(width, self._points if points is None else points)
        return size.height() <= height and size.width() <= width

    def narrowest(self, points: float | None = None, html: str | None = None) -> int:
        """The least width a text needs (``html``, or the widget's own): its widest word, which never
        breaks, at ``points`` (None: the size the widget has)."""
        key = (self._html if html is None else html, self._points if points is None else points)
        width = self._narrowest.get(key)
        if width is None:
            if len(self._narrowest) > 32:
                self._narrowest.clear()
            width = self._narrowest[key] = math.ceil(self._measure(1, key[1], key[0]).width())
        return width

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
                height = math.ceil(self._measure(width, self._points).height())
            self._heights[width] = height
        return height

    def _measure(self, width: int, points: float | None, html: str | None = None) -> QSizeF:
        """The size of the text (``html``, or the widget's own) laid out at ``width`` and ``points``,
        on the probe document: wider than ``width`` when a word does not fit."""
        html = self._html if html is None else html
        if self._probe_html != html:
            self._probe_html = html
            self._probe.setHtml(html)
        font = self._font(points)
        if self._probe.defaultFont() != font:
            self._probe.setDefaultFont(font)
        if self._probe.textWidth() != width:
            self._probe.setTextWidth(width)
        size = self._probe.size()
        return QSizeF(max(size.width(), reach(self._probe)), size.height())

    def sizeHint(self) -> QSize:
        width = max(self.width(), 100)
        return QSize(width, self.heightForWidth(width))

    def minimumSizeHint(self) -> QSize:
        return QSize(max(50, self.narrowest()), 20)

    def changeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        if event.type() == QEvent.Type.FontChange:
            self.doc.setDefaultFont(self._font())
            self._heights.clear()
            self._narrowest.clear()
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


def reach(doc: QTextDocument) -> float:
    """How far right the text of a laid-out document reaches, margin included. Qt sizes a table
    column by its widest word, but measures a word ending in a subscript without the subscript:
    such a word sticks out of its column, and of the document, which its size does not show."""
    layout = doc.documentLayout()
    right = 0.0
    block = doc.begin()
    while block.isValid():
        lines = block.layout()
        if block.length() > 1:  # an empty block (after a table, say) may sit anywhere
            left = layout.blockBoundingRect(block).x()
            for i in range(lines.lineCount()):
                line = lines.lineAt(i)
                right = max(right, left + line.x() + line.naturalTextWidth())
        block = block.next()
    return right + doc.documentMargin()
