"""The network strip: every layer as a box (type, output shape, a small picture), arrows between them,
the loss at the end; the box the current step works in is lit, and a click focuses a layer."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFontMetrics,
    QImage,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPalette,
    QPen,
    QPixmap,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from convstudio.ui.look import colors
from convstudio.ui.widgets.matrix_patch import changed_cells

GAP = 22  # room for an arrow between two boxes
#: The side of a box's picture, in text lines, beside the title and the shape: two lines while
#: every box fits with its words in full, then one, then none (a projector's large text at 1024).
PICTURES = (2, 1, 0)


@dataclass(frozen=True)
class Box:
    """One box of the strip: a layer (or the loss, ``index`` None), its words and its picture."""

    index: int | None
    title: str
    shape: str
    picture: np.ndarray | None = None  # 2-d values, NaN where not computed yet
    describe: str = ""  # what a screen reader says of it


class NetworkStrip(QWidget):
    """Boxes left to right; ``lit`` is the box the current step works in, ``flow`` which way its value
    moves ("forward", "backward", or "" for neither: an update, or no step yet)."""

    box_clicked = Signal(int)  # a layer's index (the loss box is not a layer and emits nothing)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.boxes: tuple[Box, ...] = ()
        self.lit: int | None = None  # a position in ``boxes``
        self.focused: int | None = None  # a layer index
        self.flow = ""
        self.paints = 0
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self._rects: list[QRectF] = []
        self._side = 0.0  # the picture's side in the layout now
        self._images: dict[int, QPixmap] = {}  # each box's picture, kept while its values stay
        self._made: dict[int, tuple[np.ndarray, float | None, QImage]] = {}  # what each was made of

    def show_boxes(self, boxes: tuple[Box, ...], lit: int | None, flow: str) -> None:
        """Show ``boxes`` with the one at position ``lit`` lit; repaints only what changed."""
        old = self.boxes
        kept = [k < len(old) and _same_picture(box.picture, old[k].picture) for k, box in enumerate(boxes)]
        words_kept = (
            len(boxes) == len(old)
            and lit == self.lit
            and flow == self.flow
            and all(_same_words(a, b) for a, b in zip(boxes, old, strict=True))
        )
        if (
            words_kept
            and all(kept)
            and all(a.describe == b.describe for a, b in zip(boxes, old, strict=True))
        ):
            return
        self._images = {k: image for k, image in self._images.items() if k < len(kept) and kept[k]}
        self.boxes, self.lit, self.flow = boxes, lit, flow
        lit_box = boxes[lit] if lit is not None else None
        self.setAccessibleDescription(lit_box.describe if lit_box is not None else "")
        if words_kept and len(self._rects) == len(boxes):  # a step wrote an element: its box only
            for k, same in enumerate(kept):
                if not same:
                    self.update(self._rects[k].toAlignedRect().adjusted(-2, -2, 2, 2))
            return
        self._rects = []
        self.updateGeometry()
        self.update()

    def set_focused(self, index: int | None) -> None:
        if index != self.focused:
            self.focused = index
            self.update()

    # --- size and layout ---------------------------------------------------------------------

    def _metrics(self, lines: int = PICTURES[0]) -> tuple[list[int], int, int]:
        """Each box's width (as wide as its own words) with a picture ``lines`` text lines high, the
        box height and the picture side for the current font: a wide title ("global avg pool")
        widens its own box only, not every box."""
        fm = QFontMetrics(self.font())
        side = lines * fm.height()
        room = side + 6 if side else 0
        widths = [
            max(fm.horizontalAdvance(b.title), fm.horizontalAdvance(b.shape)) + room + 12 for b in self.boxes
        ]
        return widths, PICTURES[0] * fm.height() + 10, side

    def sizeHint(self) -> QSize:
        widths, height, _ = self._metrics()
        count = max(len(self.boxes), 1)
        return QSize(sum(widths) + (count - 1) * GAP + 8, height + 8)

    def minimumSizeHint(self) -> QSize:
        return QSize(120, self.sizeHint().height())

    def _layout(self) -> list[QRectF]:
        if len(self._rects) == len(self.boxes):
            return self._rects
        count = len(self.boxes)
        room = self.width() - 8 - (count - 1) * GAP
        for lines in PICTURES:  # smaller pictures before shorter words
            widths, height, side = self._metrics(lines)
            if sum(widths) <= room:
                break
        self._side = float(side)
        if sum(widths) > room:  # too narrow for every word: every box gives up the same share
            widths = [max(40, w * room // sum(widths)) for w in widths]
        x = max(4, (self.width() - (sum(widths) + (count - 1) * GAP)) // 2)
        self._rects = []
        for width in widths:
            self._rects.append(QRectF(x, 4, width, height))
            x += width + GAP
        return self._rects

    def resizeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        self._rects = []
        super().resizeEvent(event)

    # --- painting ----------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:
        self.paints += 1
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.WindowText)
        lit_pen = QPen(QColor(colors.HIGHLIGHT_WRITE), 3)
        rects = self._layout()
        side = self._side
        fm = QFontMetrics(self.font())
        area = QRectF(event.rect())
        for k, (box, rect) in enumerate(zip(self.boxes, rects, strict=True)):
            if not rect.adjusted(-GAP, -2, 2, 2).intersects(area):  # a box a step left as it was
                continue
            if k:
                self._arrow(painter, rects[k - 1], rect, k, text)
            painter.setBrush(palette.base())
            painter.setPen(lit_pen if k == self.lit else QPen(text, 1))
            painter.drawRoundedRect(rect, 6, 6)
            if box.index is not None and box.index == self.focused:
                painter.setPen(QPen(QColor(colors.HIGHLIGHT_READ), 2, Qt.PenStyle.DashLine))
                painter.drawRoundedRect(rect.adjusted(3, 3, -3, -3), 4, 4)
            painter.setPen(text)
            picture = QRectF(rect.left() + 6, rect.center().y() - side / 2, side, side)
            if side:
                self._picture(painter, k, box.picture, picture, text)
            left = picture.right() + 6 if side else rect.left() + 6
            line = QRectF(left, rect.top() + 5, rect.right() - 4 - left, fm.height())
            painter.drawText(
                line,
                Qt.AlignmentFlag.AlignCenter,
                fm.elidedText(box.title, Qt.TextElideMode.ElideRight, int(line.width())),
            )
            line.moveTop(line.bottom())
            painter.drawText(
                line,
                Qt.AlignmentFlag.AlignCenter,
                fm.elidedText(box.shape, Qt.TextElideMode.ElideRight, int(line.width())),
            )
        if self.hasFocus() and rects:
            painter.setPen(QPen(palette.color(QPalette.ColorRole.Highlight), 1, Qt.PenStyle.DotLine))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(self.rect().adjusted(1, 1, -2, -2))
        painter.end()

    def _arrow(self, painter: QPainter, left: QRectF, right: QRectF, k: int, text: QColor) -> None:
        """The arrow into box ``k``: lit when the step's value flows along it (forward: into the lit
        box; backward: out of the lit box, towards the input, drawn pointing left)."""
        forward, backward = self.flow == "forward", self.flow == "backward"
        lit = self.lit is not None and ((forward and k == self.lit) or (backward and k == self.lit + 1))
        color = QColor(colors.HIGHLIGHT_WRITE) if lit else text
        painter.setPen(QPen(color, 3 if lit else 1.5))
        painter.setBrush(color)
        y = left.center().y()
        a, b = QPointF(left.right() + 3, y), QPointF(right.left() - 3, y)
        if backward and lit:
            a, b = b, a
        painter.drawLine(a, b)
        direction = 1 if b.x() > a.x() else -1
        head = QPainterPath(b)
        head.lineTo(b.x() - 7 * direction, y - 4)
        head.lineTo(b.x() - 7 * direction, y + 4)
        head.closeSubpath()
        painter.fillPath(head, color)

    def _picture(
        self, painter: QPainter, k: int, values: np.ndarray | None, rect: QRectF, text: QColor
    ) -> None:
        if values is None or values.size == 0:
            return
        pixmap = self._images.get(k)
        if pixmap is None:
            pixmap = self._images[k] = self._pixmap(k, values)
        w, h = pixmap.width(), pixmap.height()
        fit = min(rect.width() / w, rect.height() / h)
        target = QRectF(0, 0, w * fit, h * fit)
        target.moveCenter(rect.center())
        painter.drawPixmap(target, pixmap, QRectF(pixmap.rect()))
        painter.setPen(QPen(text, 0.5))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(target)

    def _pixmap(self, k: int, values: np.ndarray) -> QPixmap:
        """Box ``k``'s picture, coloured to its own largest magnitude; a step that wrote a cell or
        two below that magnitude recolours those pixels only."""
        grid = np.atleast_2d(np.asarray(values, dtype=np.float64))
        image = self._patched(k, grid)
        if image is None:
            finite = grid[np.isfinite(grid)]
            scale = float(np.max(np.abs(finite))) if finite.size else None
            rgba = colors.diverging(grid, 1.0 if scale is None else scale)
            empty = self.palette().color(QPalette.ColorRole.Base)
            rgba[~np.isfinite(grid)] = (empty.red(), empty.green(), empty.blue(), 255)  # not computed yet
            # Blue, green, red, 255 in memory is Qt's RGB32, as the matrix views paint their cells.
            bgra = np.ascontiguousarray(rgba[..., [2, 1, 0, 3]])
            h, w = grid.shape
            image = QImage(bgra.data, w, h, 4 * w, QImage.Format.Format_RGB32).copy()
            self._made[k] = (grid, scale, image)
        return QPixmap.fromImage(image)

    def _patched(self, k: int, grid: np.ndarray) -> QImage | None:
        made = self._made.get(k)
        if made is None or made[1] is None:
            return None
        old, scale, image = made
        cells = changed_cells(old, grid)
        if cells is None:
            return None
        new, was = (np.array([a[cell] for cell in cells]) for a in (grid, old))
        if np.any(np.abs(new[np.isfinite(new)]) > scale) or np.any(np.abs(was[np.isfinite(was)]) >= scale):
            return None  # the largest magnitude, and so every colour, changes
        empty = self.palette().color(QPalette.ColorRole.Base)
        for (row, col), (r, g, b, _), value in zip(cells, colors.diverging(new, scale), new, strict=True):
            colour = QColor(int(r), int(g), int(b)) if np.isfinite(value) else empty
            image.setPixel(col, row, colour.rgb())
        self._made[k] = (grid, scale, image)
        return image

    def event(self, event: QEvent) -> bool:
        """A box's tooltip: its words in full, which a window too narrow for them cuts short."""
        if event.type() == QEvent.Type.ToolTip:
            k = self.box_at(event.pos().x(), event.pos().y())  # type: ignore[attr-defined]
            if k is None:
                QToolTip.hideText()
            else:
                box = self.boxes[k]
                QToolTip.showText(event.globalPos(), f"{box.title}\n{box.shape}", self)  # type: ignore[attr-defined]
            return True
        return super().event(event)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.PaletteChange:  # a new theme: "not computed" takes its colour
            self._images.clear()
            self._made.clear()
        super().changeEvent(event)

    # --- input -------------------------------------------------------------------------------

    def box_at(self, x: float, y: float) -> int | None:
        """The position in ``boxes`` of the box under (x, y)."""
        for k, rect in enumerate(self._layout()):
            if rect.contains(QPointF(x, y)):
                return k
        return None

    def mousePressEvent(self, event: QMouseEvent) -> None:
        k = self.box_at(event.position().x(), event.position().y())
        if k is not None and self.boxes[k].index is not None:
            self.box_clicked.emit(self.boxes[k].index)
        super().mousePressEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """Home/End and +/- move the focus between layers (Left and Right stay the window's steps)."""
        layers = [b.index for b in self.boxes if b.index is not None]
        if not layers:
            return super().keyPressEvent(event)
        now = layers.index(self.focused) if self.focused in layers else -1
        moves = {
            Qt.Key.Key_Plus: now + 1,
            Qt.Key.Key_Minus: now - 1,
            Qt.Key.Key_Home: 0,
            Qt.Key.Key_End: len(layers) - 1,
        }
        target = moves.get(Qt.Key(event.key()))
        if target is None:
            return super().keyPressEvent(event)
        self.box_clicked.emit(layers[max(0, min(target, len(layers) - 1))])
        return None


def _same_words(a: Box, b: Box) -> bool:
    return (a.index, a.title, a.shape) == (b.index, b.title, b.shape)


def _same_picture(a: np.ndarray | None, b: np.ndarray | None) -> bool:
    if a is b:  # the panel keeps a box's very array while its values stay
        return True
    if a is None or b is None:
        return False
    return a.shape == b.shape and bool(np.array_equal(a, b, equal_nan=True))
