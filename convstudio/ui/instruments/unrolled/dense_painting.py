"""How the tied weight matrix paints: only its visible entries, each in its weight's colour."""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QPainter, QPaintEvent, QPalette, QPen

from convstudio.engine.colour_scale import colour_scale
from convstudio.engine.unroll import outer_scale
from convstudio.ui.instruments.unrolled.tap_colours import FADE, blend, rgba_of
from convstudio.ui.look import colors
from convstudio.ui.widgets.matrix_view import format_value

MIN_CELL_FOR_LABEL = 26.0
MIN_CELL_FOR_GRID = 6.0


class Strip:
    """A column of values beside the matrix (one per row) or above it (one per column)."""

    def __init__(self, title: str, values: np.ndarray, symbols: list[str]) -> None:
        self.title, self.values, self.symbols = title, np.asarray(values, dtype=np.float64), symbols
        self.scale = colour_scale(self.values)


class DensePainting:
    """Paints the visible block of M, its grid, labels, strips, selection and marked row."""

    def visible_block(self, rect: QRectF) -> tuple[np.ndarray, np.ndarray, QRectF]:
        """The rows and columns of M to draw for a dirty rectangle, one per device pixel at most
        (zoomed out below one pixel per entry, entries are sampled), and where they go."""
        body, _, _ = self.frame()
        area = rect.intersected(body)
        rows, cols = self.unrolled.shape if self.unrolled is not None else (0, 0)
        if area.isEmpty() or not rows:
            return np.zeros(0, int), np.zeros(0, int), QRectF()
        z = self.zoom
        r0 = int((area.top() - body.top()) // z)
        r1 = min(rows, math.ceil((area.bottom() - body.top()) / z))
        c0 = int((area.left() - body.left()) // z)
        c1 = min(cols, math.ceil((area.right() - body.left()) / z))
        target = QRectF(body.left() + c0 * z, body.top() + r0 * z, (c1 - c0) * z, (r1 - r0) * z)
        if z >= 1:
            return np.arange(r0, r1), np.arange(c0, c1), target
        ys = np.arange(math.ceil(target.height()))
        xs = np.arange(math.ceil(target.width()))
        return (
            np.minimum(r0 + (ys / z).astype(int), r1 - 1),
            np.minimum(c0 + (xs / z).astype(int), c1 - 1),
            target,
        )

    def pixel_taps(self, rows: np.ndarray, cols: np.ndarray) -> np.ndarray:
        """Zoomed out, the tap each pixel shows (see Unrolled.sampled_taps)."""
        u = self.unrolled
        assert u is not None
        return u.sampled_taps(rows, cols, max(1, math.ceil(1 / self.zoom)), self.selected)

    def colours(self, rows: np.ndarray, cols: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(RGBA (len(rows), len(cols), 4), taps) of a block of entries as painted."""
        u = self.unrolled
        assert u is not None
        palette = self.palette()
        base = rgba_of(palette.color(QPalette.ColorRole.Base))
        padding = rgba_of(palette.color(QPalette.ColorRole.AlternateBase))
        if self.zoom < 1 and self.grad is None:
            taps = self.pixel_taps(rows, cols)
        else:
            taps = u.tap_at(rows[:, None], cols[None, :])
        empty = np.where(u.in_padding(cols)[None, :, None], padding, base)
        empty = np.broadcast_to(empty, (*taps.shape, 4))
        holds = taps >= 0
        if self.grad is not None:
            dout, vec = self.grad
            with np.errstate(over="ignore", invalid="ignore"):  # blown-up weights: inf, or NaN
                values = dout[rows][:, None] * vec[cols][None, :]
            rgba = colors.diverging(values, outer_scale(dout, vec))
            rgba = np.where(holds[..., None], rgba, blend(rgba, empty, 0.65))
            if self.selected is not None:
                others = holds & (taps != self.selected)
                rgba = np.where(others[..., None], blend(rgba, empty, 0.35), rgba)
            return np.ascontiguousarray(rgba), taps
        rgba = np.where(holds[..., None], self._colors[np.maximum(taps, 0)], empty)
        if self.selected is not None:
            others = holds & (taps != self.selected)
            rgba = np.where(others[..., None], blend(rgba, empty, FADE), rgba)
        return np.ascontiguousarray(rgba.astype(np.uint8)), taps

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        if self.unrolled is None:
            painter.end()
            return
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.Text)
        fm = QFontMetricsF(self.font())
        body, strip_y, right_x = self.frame()
        dirty = QRectF(event.rect())
        rows, cols, target = self.visible_block(dirty)
        z = self.zoom
        if len(rows) and len(cols):
            rgba, taps = self.colours(rows, cols)
            image = QImage(
                rgba.data, rgba.shape[1], rgba.shape[0], rgba.shape[1] * 4, QImage.Format.Format_RGBA8888
            )
            painter.drawImage(target, image)
            if z >= 1:
                self._paint_lines(painter, rows, cols, target, palette)
                self._paint_selection(painter, rows, cols, taps, target, text)
                self._paint_labels(painter, rows, cols, taps, rgba, target)
        self._paint_mark(painter, body, right_x)
        self._paint_strips(painter, body, strip_y, right_x, dirty, fm, text)
        painter.end()

    def _paint_lines(
        self, painter: QPainter, rows: np.ndarray, cols: np.ndarray, target: QRectF, palette: QPalette
    ) -> None:
        """A thin grid when cells are large; at every output row (a new i) and input row (a new r),
        a darker line: the blocks of the matrix (banded, the same band shifted each row)."""
        u = self.unrolled
        assert u is not None
        z = self.zoom
        g = u.geometry
        wc = u.in_shape[1]
        if z >= MIN_CELL_FOR_GRID:
            painter.setPen(QPen(palette.color(QPalette.ColorRole.Mid), 1))
            for r in range(len(rows) + 1):
                y = target.top() + r * z
                painter.drawLine(QPointF(target.left(), y), QPointF(target.right(), y))
            for c in range(len(cols) + 1):
                x = target.left() + c * z
                painter.drawLine(QPointF(x, target.top()), QPointF(x, target.bottom()))
        block = QColor(palette.color(QPalette.ColorRole.Text))
        block.setAlpha(110)
        painter.setPen(QPen(block, 1))
        for r in list(rows[rows % g.Wo == 0]) + ([rows[-1] + 1] if (rows[-1] + 1) % g.Wo == 0 else []):
            y = target.top() + (r - rows[0]) * z
            painter.drawLine(QPointF(target.left(), y), QPointF(target.right(), y))
        for c in list(cols[cols % wc == 0]) + ([cols[-1] + 1] if (cols[-1] + 1) % wc == 0 else []):
            x = target.left() + (c - cols[0]) * z
            painter.drawLine(QPointF(x, target.top()), QPointF(x, target.bottom()))

    def _paint_selection(
        self,
        painter: QPainter,
        rows: np.ndarray,
        cols: np.ndarray,
        taps: np.ndarray,
        target: QRectF,
        text: QColor,
    ) -> None:
        if self.selected is None or self.zoom < 10:  # smaller, an outline would hide the colour
            return
        width = max(1.5, min(self.zoom * 0.1, 3.0))
        painter.setPen(QPen(text, width))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        inset = width / 2
        z = self.zoom
        for r, c in zip(*np.nonzero(taps == self.selected), strict=True):
            rect = QRectF(target.left() + c * z, target.top() + r * z, z, z)
            painter.drawRect(rect.adjusted(inset, inset, -inset, -inset))

    def _paint_labels(
        self,
        painter: QPainter,
        rows: np.ndarray,
        cols: np.ndarray,
        taps: np.ndarray,
        rgba: np.ndarray,
        target: QRectF,
    ) -> None:
        z = self.zoom
        if z < MIN_CELL_FOR_LABEL or not self.labels:
            return
        font = QFont(self.font())
        font.setPointSizeF(min(z * 0.28, 11.0))
        widest = max(QFontMetricsF(font).horizontalAdvance(t) for t in self.labels)
        if widest > z * 0.92:
            font.setPointSizeF(font.pointSizeF() * z * 0.92 / widest)
        if font.pointSizeF() < 6.5:
            return
        painter.setFont(font)
        for r, c in zip(*np.nonzero(taps >= 0), strict=True):
            painter.setPen(QColor(colors.text_color_for(rgba[r, c])))
            rect = QRectF(target.left() + c * z, target.top() + r * z, z, z)
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, self.labels[taps[r, c]])
        painter.setFont(self.font())

    def _paint_mark(self, painter: QPainter, body: QRectF, right_x: float) -> None:
        """The row the current step works on, across the matrix and its strips."""
        if self.marked_row is None:
            return
        z = self.zoom
        y = body.top() + self.marked_row * z
        x, last = self.strip_boxes()[-1] if self.right else (right_x, 0.0)
        width = x + last - body.left()
        pen = QPen(QColor(colors.HIGHLIGHT_READ), 2.0 if z >= 4 else 1.0)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(QRectF(body.left() - 1, y - 1, width + 2, max(z, 1.0) + 2))

    def _paint_strips(
        self,
        painter: QPainter,
        body: QRectF,
        strip_y: float,
        right_x: float,
        dirty: QRectF,
        fm: QFontMetricsF,
        text: QColor,
    ) -> None:
        z = self.zoom
        painter.setPen(text)
        painter.drawText(
            QRectF(2, 0, body.left() + 200, fm.height() + 2), Qt.AlignmentFlag.AlignLeft, self.top.title
        )
        # vec(I)ᵀ: one cell per column of M, right above it
        self._paint_cells(
            painter,
            self.top,
            QPointF(body.left(), strip_y),
            horizontal=True,
            size=(z, self._top_height()),
            dirty=dirty,
        )
        for strip, (x, sw) in zip(self.right, self.strip_boxes(), strict=True):
            painter.setPen(text)
            title = QRectF(x, body.top() - fm.height() - 4, sw + 6, fm.height())
            painter.drawText(title, Qt.AlignmentFlag.AlignLeft, strip.title)
            self._paint_cells(
                painter, strip, QPointF(x, body.top()), horizontal=False, size=(sw, z), dirty=dirty
            )
        if z >= fm.height() * 0.8:  # row symbols at the left
            painter.setPen(self.palette().color(QPalette.ColorRole.PlaceholderText))
            r0 = max(0, int((dirty.top() - body.top()) // z))
            r1 = min(len(self.row_symbols), int((dirty.bottom() - body.top()) // z) + 1)
            for r in range(r0, r1):
                rect = QRectF(0, body.top() + r * z, body.left() - 4, z)
                painter.drawText(
                    rect, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, self.row_symbols[r]
                )

    def _paint_cells(
        self,
        painter: QPainter,
        strip: Strip,
        origin: QPointF,
        *,
        horizontal: bool,
        size: tuple[float, float],
        dirty: QRectF,
    ) -> None:
        n = len(strip.values)
        if not n:
            return
        w, h = size
        step = w if horizontal else h
        lo = (dirty.left() - origin.x()) if horizontal else (dirty.top() - origin.y())
        hi = (dirty.right() - origin.x()) if horizontal else (dirty.bottom() - origin.y())
        i0, i1 = max(0, int(lo // step)), min(n, math.ceil(hi / step) + 1)
        if i0 >= i1:
            return
        rgba = np.ascontiguousarray(colors.diverging(strip.values[i0:i1], strip.scale))
        count = i1 - i0
        shape = (1, count) if horizontal else (count, 1)
        image = QImage(rgba.data, shape[1], shape[0], shape[1] * 4, QImage.Format.Format_RGBA8888)
        rect = (
            QRectF(origin.x() + i0 * w, origin.y(), count * w, h)
            if horizontal
            else QRectF(origin.x(), origin.y() + i0 * h, w, count * h)
        )
        painter.drawImage(rect, image)
        painter.setPen(QPen(self.palette().color(QPalette.ColorRole.Mid), 1))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(rect)
        if min(w, h) < MIN_CELL_FOR_LABEL:
            return
        font = QFont(self.font())
        font.setPointSizeF(min(min(w, h) * 0.27, 10.0))
        painter.setFont(font)
        metrics = QFontMetricsF(font)
        for k in range(count):
            value = float(strip.values[i0 + k])
            label = format_value(value, 3)
            if metrics.horizontalAdvance(label) > w * 0.94:
                label = format_value(value, 2)
            if metrics.horizontalAdvance(label) > w * 0.94:
                continue
            cell = (
                QRectF(origin.x() + (i0 + k) * w, origin.y(), w, h)
                if horizontal
                else QRectF(origin.x(), origin.y() + (i0 + k) * h, w, h)
            )
            painter.setPen(QColor(colors.text_color_for(rgba[k])))
            painter.drawText(cell, Qt.AlignmentFlag.AlignCenter, label)
        painter.setFont(self.font())
