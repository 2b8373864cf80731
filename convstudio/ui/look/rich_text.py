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
#: A width this much wider than the widest line lays the text out in the same lines.
SLACK = 8


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
        self._own: tuple[float, QSizeF] | None = None  # the painted layout's width and size (reach)
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
            self._own = None
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
            self._own = None
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
            own = self._painted()
            if width == self.width() or own.width() + SLACK <= width <= self.width():
                # the width it paints at, or a little less that every line still fits: the same lines
                height = math.ceil(own.height())
            elif width < self.width() and self._fits_viewport(own):
                # A scroll area asks for the height at its width less a scroll bar's, to see whether
                # it needs the bar; the text fits it at the width it has, so it needs none, whatever
                # the answer: the painted height (a lower bound) spares a layout per step.
                return math.ceil(own.height())
            else:  # a width a layout is trying out: leave the painted layout alone
                height = math.ceil(self._measure(width, self._points).height())
            self._heights[width] = height
        return height

    def _fits_viewport(self, own: QSizeF) -> bool:
        viewport = self.parentWidget()
        return viewport is not None and own.height() <= viewport.height() and own.width() <= self.width()

    def _painted(self) -> QSizeF:
        """The size of the painted document at the widget's width (wider when a word sticks out),
        laid out once per text, size and width: the paint uses that layout."""
        width = self.width()
        if self.doc.textWidth() != width:
            self.doc.setTextWidth(width)
            self._own = None
        if self._own is None or self._own[0] != width:
            size = self.doc.size()
            self._own = (width, QSizeF(max(size.width(), reach(self.doc)), size.height()))
        return self._own[1]

    def _measure(self, width: int, points: float | None, html: str | None = None) -> QSizeF:
        """The size of the text (``html``, or the widget's own) laid out at ``width`` and ``points``,
        on the probe document (on the painted one when it is its text, size and width): wider than
        ``width`` when a word does not fit."""
        html = self._html if html is None else html
        font = self._font(points)
        if html == self._html and width == self.width() and self.doc.defaultFont() == font:
            return self._painted()  # the widget's own text at the width it paints at
        if self._probe_html != html:
            self._probe_html = html
            self._probe.setHtml(html)
        if self._probe.defaultFont() != font:
            self._probe.setDefaultFont(font)
        if self._probe.textWidth() != width:
            self._probe.setTextWidth(width)
        size = self._probe.size()
        return QSizeF(max(size.width(), reach(self._probe)), size.height())

    def resizeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        if event.size().width() < event.oldSize().width():
            self.updateGeometry()  # a word may stick out now: minimumSizeHint says so
        super().resizeEvent(event)

    def sizeHint(self) -> QSize:
        width = max(self.width(), 100)
        return QSize(width, self.heightForWidth(width))

    def minimumSizeHint(self) -> QSize:
        """As narrow as its widest word. While the text fits the width it has, that word is known
        to be narrower and is not measured (a layout at 1 px is the dearest of all); the widget
        asks again when it is made narrower."""
        key = (self._html, self._points)
        if key not in self._narrowest and self.width() > 1 and self._painted().width() <= self.width():
            return QSize(50, 20)
        return QSize(max(50, self.narrowest()), 20)

    def changeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        if event.type() == QEvent.Type.FontChange:
            self.doc.setDefaultFont(self._font())
            self._heights.clear()
            self._own = None
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
