"""Convolution as a dense layer: the matrix M with o = M · vec(I), its weights tied.

One row per output element, one column per input cell of the zero-padded image (untick "Padding
columns" for the image's own cells), for the selected filter and channel: with several channels
o = Σ_c M_c · vec(I_c) + b and the view shows one block M_c. Every entry that holds W_mn has W_mn's
colour, and its label when the cell is large enough; zeros are blank. The colours are Okabe-Ito's
for filters of up to 7 weights and Paul Tol's muted set for 8 or 9, both safe for colour-blind
eyes; larger filters repeat colours, and the labels, the legend and the selection tell those apart.

Above the matrix, vec(I)ᵀ lines up with its columns; beside it, o and dL/do line up with its rows.
Selecting a weight (in the legend or the matrix, or by stepping to dL/dW_mn) fades every other
entry and writes out dL/dW_mn = Σ dL/do_row · I_col over the places W_mn sits, beside backprop's
value: a dense layer's gradient dL/dM = dL/do · vec(I)ᵀ, summed over the tied entries. Colouring by
dL/dM shows that outer product itself, the entries M does not hold faded.

The matrix is painted from its visible rows and columns only (``unroll`` works out which weight
sits where from the indices), so a 64x64 image's 4096 x 4900 matrix scrolls and zooms as freely
as the worked example's 4 x 9.
"""

from __future__ import annotations

import math
import sys

import numpy as np
from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QImage,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QSplitter,
    QToolButton,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from convstudio.engine.notation import Names, number
from convstudio.engine.unroll import Unrolled
from convstudio.session.session import Session
from convstudio.ui import colors
from convstudio.ui.matrix_view import format_value

#: Okabe & Ito's colour-blind-safe set without its black (zeros are blank, and dark themes are dark).
OKABE_ITO = ("#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7")
#: Paul Tol's muted set: nine categories that stay apart for colour-blind eyes.
TOL_MUTED = (
    "#CC6677",
    "#332288",
    "#DDCC77",
    "#117733",
    "#88CCEE",
    "#882255",
    "#44AA99",
    "#999933",
    "#AA4499",
)
MIN_ZOOM, MAX_ZOOM = 0.1, 64.0
ZOOM_STEP = 1.25
MIN_CELL_FOR_LABEL = 26.0
MIN_CELL_FOR_GRID = 6.0
FADE = 0.78  # how far the weights not selected fade towards the background
MAX_TERMS = 8  # terms written out in a sum before "…"


def tap_colors(count: int) -> list[QColor]:
    """One colour per weight of a filter, in row-major order."""
    palette = OKABE_ITO if count <= len(OKABE_ITO) else TOL_MUTED
    return [QColor(palette[i % len(palette)]) for i in range(count)]


def _rgba(color: QColor) -> np.ndarray:
    return np.array([color.red(), color.green(), color.blue(), 255], dtype=np.uint8)


def _blend(rgba: np.ndarray, toward: np.ndarray, amount: float) -> np.ndarray:
    mixed = rgba.astype(np.float64) * (1 - amount) + toward.astype(np.float64) * amount
    return np.round(mixed).astype(np.uint8)


class Strip:
    """A column of values beside the matrix (one per row) or above it (one per column)."""

    def __init__(self, title: str, values: np.ndarray, symbols: list[str]) -> None:
        self.title, self.values, self.symbols = title, np.asarray(values, dtype=np.float64), symbols
        finite = np.abs(self.values[np.isfinite(self.values)])
        self.scale = float(finite.max()) if finite.size and finite.max() > 0 else 1.0


class DenseMatrix(QWidget):
    """The painted matrix: vec(I)ᵀ above, M's entries, o and dL/do on the right."""

    tap_clicked = Signal(int)  # a weight's entry was clicked: its tap m*kw + k
    zoom_requested = Signal(float)  # Ctrl + wheel: multiply the zoom by this

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMouseTracking(True)
        self.unrolled: Unrolled | None = None
        self.weights = np.zeros(0)  # the filter slice, flat by tap
        self.labels: list[str] = []  # "W11" per tap
        self.row_symbols: list[str] = []
        self.top = Strip("vec(I)ᵀ", np.zeros(0), [])
        self.right: list[Strip] = []
        self.grad: tuple[np.ndarray, np.ndarray] | None = None  # (dL/do (R,), vec(I) (C,)): colour by dL/dM
        self.selected: int | None = None
        self.marked_row: int | None = None
        self.zoom = 24.0
        self._colors: np.ndarray = np.zeros((0, 4), np.uint8)

    # --- data ------------------------------------------------------------------------------------

    def set_data(
        self,
        unrolled: Unrolled,
        weights: np.ndarray,
        labels: list[str],
        row_symbols: list[str],
        top: Strip,
        right: list[Strip],
    ) -> None:
        resized = (
            self.unrolled is None or unrolled.shape != self.unrolled.shape or len(right) != len(self.right)
        )
        self.unrolled, self.weights, self.labels = unrolled, np.asarray(weights).ravel(), labels
        self.row_symbols, self.top, self.right = row_symbols, top, right
        self._colors = np.stack([_rgba(c) for c in tap_colors(unrolled.n_taps)])
        if resized:
            self._resize()
        self.update()

    def set_grad(self, grad: tuple[np.ndarray, np.ndarray] | None) -> None:
        self.grad = grad
        self.update()

    def set_selected(self, tap: int | None) -> None:
        if tap != self.selected:
            self.selected = tap
            self.update()

    def set_marked_row(self, row: int | None) -> None:
        if row != self.marked_row:
            self.marked_row = row
            self.update()

    def set_zoom(self, zoom: float) -> None:
        zoom = min(max(float(zoom), MIN_ZOOM), MAX_ZOOM)
        if zoom != self.zoom:
            self.zoom = zoom
            self._resize()
            self.update()

    # --- geometry --------------------------------------------------------------------------------

    def _top_height(self, zoom: float | None = None) -> float:
        return max(self.zoom if zoom is None else zoom, 10.0)

    def strip_boxes(self, zoom: float | None = None) -> list[tuple[float, float]]:
        """(x, width) of each strip on the right: as wide as an entry, as its title, and as its
        numbers once entries show labels."""
        z = self.zoom if zoom is None else zoom
        fm = QFontMetricsF(self.font())
        x = self.frame(z)[2]
        out = []
        for strip in self.right:
            width = max(z, fm.horizontalAdvance(strip.title) + 4, 54.0 if z >= MIN_CELL_FOR_LABEL else 10.0)
            out.append((x, width))
            x += width + 6
        return out

    def frame(self, zoom: float | None = None) -> tuple[QRectF, float, float]:
        """(the matrix's rectangle, the top strip's y, the right strips' x), at this zoom or the current."""
        fm = QFontMetricsF(self.font())
        rows, cols = self.unrolled.shape if self.unrolled is not None else (1, 1)
        z = self.zoom if zoom is None else zoom
        label_w = fm.horizontalAdvance(max(self.row_symbols, key=len, default="o")) + 8
        left = label_w if z >= fm.height() * 0.8 else 6.0
        left = max(left, fm.horizontalAdvance("vec(I)ᵀ") + 8) if z >= fm.height() * 0.8 else left
        strip_y = fm.height() + 4
        top = strip_y + self._top_height(z) + 6
        body = QRectF(left, top, cols * z, rows * z)
        return body, strip_y, body.right() + 10

    def sizeHint(self) -> QSize:
        return self.size_at(self.zoom)

    def size_at(self, zoom: float) -> QSize:
        """The whole drawing's size at a zoom."""
        body, _, right_x = self.frame(zoom)
        x, width = self.strip_boxes(zoom)[-1] if self.right else (right_x, 0.0)
        return QSize(math.ceil(x + width + 4), math.ceil(body.bottom() + 6))

    def _resize(self) -> None:
        self.setMinimumSize(self.sizeHint())  # first: a smaller size must not be clamped by the old one
        self.resize(self.sizeHint())

    def entry_at(self, pos: QPointF) -> tuple[int, int] | None:
        """(row, col) of M under a point, or None."""
        body, _, _ = self.frame()
        if self.unrolled is None or not body.contains(pos):
            return None
        rows, cols = self.unrolled.shape
        row = min(int((pos.y() - body.top()) // self.zoom), rows - 1)
        col = min(int((pos.x() - body.left()) // self.zoom), cols - 1)
        return row, col

    def entry_rect(self, row: int, col: int) -> QRectF:
        body, _, _ = self.frame()
        return QRectF(body.left() + col * self.zoom, body.top() + row * self.zoom, self.zoom, self.zoom)

    # --- painting --------------------------------------------------------------------------------

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
        """Zoomed out, the tap each pixel shows: a pixel covers several entries, and shows the
        selected weight if it sits among a few evenly spread of them, else any weight there, so
        that the sparse bands do not vanish between samples."""
        u = self.unrolled
        assert u is not None
        per = max(1, math.ceil(1 / self.zoom))  # entries per pixel, each way
        span = min(per, 3)
        rows_max, cols_max = u.shape
        best = np.full((len(rows), len(cols)), -1)
        for a in range(span):
            r = np.minimum(rows + (a * per) // span, rows_max - 1)
            for b in range(span):
                c = np.minimum(cols + (b * per) // span, cols_max - 1)
                taps = u.tap_at(r[:, None], c[None, :])
                if self.selected is not None:
                    keep = best == self.selected
                    best = np.where(keep, best, np.where(taps == self.selected, taps, np.maximum(best, taps)))
                else:
                    best = np.maximum(best, taps)
        return best

    def colours(self, rows: np.ndarray, cols: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """(RGBA (len(rows), len(cols), 4), taps) of a block of entries as painted."""
        u = self.unrolled
        assert u is not None
        palette = self.palette()
        base = _rgba(palette.color(QPalette.ColorRole.Base))
        padding = _rgba(palette.color(QPalette.ColorRole.AlternateBase))
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
            rgba = np.where(holds[..., None], rgba, _blend(rgba, empty, 0.65))
            if self.selected is not None:
                others = holds & (taps != self.selected)
                rgba = np.where(others[..., None], _blend(rgba, empty, 0.35), rgba)
            return np.ascontiguousarray(rgba), taps
        rgba = np.where(holds[..., None], self._colors[np.maximum(taps, 0)], empty)
        if self.selected is not None:
            others = holds & (taps != self.selected)
            rgba = np.where(others[..., None], _blend(rgba, empty, FADE), rgba)
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

    # --- hover and clicks ------------------------------------------------------------------------

    def describe(self, pos: QPointF) -> str:
        """What is under the mouse, in words."""
        u = self.unrolled
        if u is None:
            return ""
        body, strip_y, _ = self.frame()
        z = self.zoom
        entry = self.entry_at(pos)
        if entry is not None:
            row, col = entry
            tap = int(u.tap_at(row, col))
            where = f"row {self.row_symbols[row]}, column {self.top.symbols[col]}"
            if tap < 0:
                text = f"{where}: 0 (no weight meets this cell for this output)"
            else:
                text = f"{where}: {self.labels[tap]} = {exact_text(self.weights[tap])}"
            if self.grad is not None:
                dout, vec = self.grad
                product = exact_text(float(dout[row]) * float(vec[col]))  # Python floats: inf, no warning
                text += f"\ndL/dM here = dL/d{self.row_symbols[row]} · {self.top.symbols[col]} = {product}"
            return text
        if strip_y <= pos.y() < strip_y + self._top_height() and body.left() <= pos.x() < body.right():
            col = int((pos.x() - body.left()) // z)
            return f"{self.top.symbols[col]} = {exact_text(self.top.values[col])}"
        for strip, (x, sw) in zip(self.right, self.strip_boxes(), strict=True):
            if x <= pos.x() < x + sw and body.top() <= pos.y() < body.bottom():
                row = int((pos.y() - body.top()) // z)
                return f"{strip.symbols[row]} = {exact_text(strip.values[row])}"
        return ""

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        text = self.describe(event.position())
        if text:
            QToolTip.showText(event.globalPosition().toPoint(), text, self)
        else:
            QToolTip.hideText()
        super().mouseMoveEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        entry = self.entry_at(event.position())
        if entry is not None and event.button() == Qt.MouseButton.LeftButton and self.unrolled is not None:
            tap = int(self.unrolled.tap_at(*entry))
            if tap >= 0:
                self.tap_clicked.emit(tap)
        super().mousePressEvent(event)

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            steps = event.angleDelta().y() / 120
            if steps:
                self.zoom_requested.emit(ZOOM_STEP**steps)
            event.accept()
            return
        super().wheelEvent(event)


def exact_text(value: float) -> str:
    return repr(float(value)).replace("-", "−")


def _factor(value: float) -> str:
    """A factor of a product as the equations print it: in brackets when negative, (−0.1875)·(−2)."""
    text = number(value, "html")
    return f"({text})" if value < 0 else text


def outer_scale(dout: np.ndarray, vec: np.ndarray) -> float:
    """The colour scale of dL/dM = dL/do · vec(I)ᵀ: its largest size, from the two vectors' largest
    finite sizes. Where that overflows, the largest float: only the inf entries reach the end colours."""
    top = [float(np.max(np.abs(v[np.isfinite(v)]), initial=0.0)) for v in (dout, vec)]
    return min(top[0] * top[1], sys.float_info.max) or 1.0  # Python floats overflow to inf quietly


class Legend(QWidget):
    """The filter slice laid out as a kernel, each weight in its colour with its label and value;
    click one to select it."""

    tap_clicked = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.shape = (1, 1)
        self.labels: list[str] = []
        self.values = np.zeros(1)
        self.selected: int | None = None
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)

    def set_filter(self, values: np.ndarray, labels: list[str], selected: int | None) -> None:
        shape = (int(values.shape[0]), int(values.shape[1]))
        resized = shape != self.shape
        self.shape, self.values, self.labels, self.selected = shape, values.ravel().copy(), labels, selected
        if resized:
            self.updateGeometry()
            self.setFixedSize(self.sizeHint())
        self.update()

    def cell(self) -> float:
        return max(26.0, min(54.0, 230.0 / max(self.shape)))

    def sizeHint(self) -> QSize:
        c = self.cell()
        return QSize(int(self.shape[1] * c + 2), int(self.shape[0] * c + 2))

    def tap_rect(self, tap: int) -> QRectF:
        c = self.cell()
        m, k = divmod(tap, self.shape[1])
        return QRectF(1 + k * c, 1 + m * c, c, c)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        palette = self.palette()
        base = palette.color(QPalette.ColorRole.Base)
        count = self.shape[0] * self.shape[1]
        swatches = tap_colors(count)
        c = self.cell()
        font = QFont(self.font())
        font.setPointSizeF(min(c * 0.22, 10.0))
        painter.setFont(font)
        metrics = QFontMetricsF(font)
        for tap in range(count):
            rect = self.tap_rect(tap)
            color = QColor(swatches[tap])
            if self.selected is not None and tap != self.selected:
                mixed = _blend(_rgba(color), _rgba(base), FADE)
                color = QColor(int(mixed[0]), int(mixed[1]), int(mixed[2]))
            painter.fillRect(rect.adjusted(1, 1, -1, -1), color)
            ink = QColor(colors.text_color_for((color.red(), color.green(), color.blue())))
            painter.setPen(ink)
            label = self.labels[tap] if tap < len(self.labels) else ""
            value = format_value(float(self.values[tap]), 3)
            two_lines = c >= 2.3 * metrics.height() and metrics.horizontalAdvance(value) < c - 4
            if two_lines:
                top = rect.adjusted(0, 2, 0, -c / 2)
                bottom = rect.adjusted(0, c / 2, 0, -2)
                painter.drawText(top, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom, label)
                painter.drawText(bottom, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, value)
            elif metrics.horizontalAdvance(label) < c - 2:
                painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, label)
        if self.selected is not None and self.selected < count:
            painter.setPen(QPen(palette.color(QPalette.ColorRole.Text), 2.5))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(self.tap_rect(self.selected).adjusted(1.5, 1.5, -1.5, -1.5))
        painter.end()

    def tap_at(self, pos: QPointF) -> int | None:
        c = self.cell()
        k, m = int((pos.x() - 1) // c), int((pos.y() - 1) // c)
        if 0 <= m < self.shape[0] and 0 <= k < self.shape[1]:
            return m * self.shape[1] + k
        return None

    def mousePressEvent(self, event: QMouseEvent) -> None:
        tap = self.tap_at(event.position())
        if tap is not None and event.button() == Qt.MouseButton.LeftButton:
            self.tap_clicked.emit(tap)
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        tap = self.tap_at(event.position())
        if tap is not None and tap < len(self.labels):
            text = f"{self.labels[tap]} = {exact_text(self.values[tap])}: click to see its places in M"
            QToolTip.showText(event.globalPosition().toPoint(), text, self)
        super().mouseMoveEvent(event)


class UnrolledView(QWidget):
    """The convolution of the selected filter and channel as one tied weight matrix."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.tap: int | None = 0
        self.filter = self.channel = self.image = 0
        self.padded = True
        self._shown_key: tuple[object, ...] = ()
        self.gradient_sum: float | None = None  # dL/dW of the selected weight, summed over its places
        self.backprop_value: float | None = None  # backprop's dL/dW of the same weight
        self._auto_fit = True  # until the learner zooms: fit the matrix to the view
        self._build()
        session.spec_changed.connect(self._spec_changed)
        session.data_changed.connect(self.refresh)
        session.params_changed.connect(self.refresh)
        session.loss_recorded.connect(self.refresh)
        session.cursor_moved.connect(self._follow)
        self._spec_changed()

    def sizeHint(self) -> QSize:
        return QSize(520, 780)

    # --- building --------------------------------------------------------------------------------

    def _build(self) -> None:
        self.boxes: dict[str, QSpinBox] = {}
        self.box_labels: dict[str, QLabel] = {}
        row1 = QHBoxLayout()
        for key, text in (("filter", "Filter"), ("channel", "Channel"), ("image", "Image")):
            label, box = QLabel(text), QSpinBox()
            box.setMinimum(1)
            box.setToolTip(f"Which {text.lower()} the matrix is for")
            box.valueChanged.connect(lambda v, key=key: self._choose(key, v - 1))
            label.setBuddy(box)
            row1.addWidget(label)
            row1.addWidget(box)
            self.boxes[key], self.box_labels[key] = box, label
        self.padding_box = QCheckBox("Padding columns")
        self.padding_box.setChecked(True)
        self.padding_box.setToolTip(
            "One column per cell of the zero-padded image (taps on the padding multiply a zero), "
            "or only the image's own cells (those taps are left out)"
        )
        self.padding_box.toggled.connect(self._padding_toggled)
        row1.addWidget(self.padding_box)
        row1.addStretch(1)
        self.follow = QCheckBox("Follow the step")
        self.follow.setChecked(True)
        self.follow.setToolTip("Show the row, filter and weight the current step works on")
        row1.addWidget(self.follow)
        row2 = QHBoxLayout()
        self.colour_box = QComboBox()
        self.colour_box.addItem("Colour: weights W", "weights")
        self.colour_box.addItem("Colour: dL/dM = dL/do · vec(I)ᵀ", "grad")
        self.colour_box.setToolTip(
            "Colour the entries by the weight they hold, or by the gradient a free dense layer would "
            "get: the outer product of dL/do and vec(I)"
        )
        self.colour_box.currentIndexChanged.connect(lambda _: self.refresh(force=True))
        row2.addWidget(self.colour_box)
        row2.addStretch(1)
        self.zoom_label = QLabel()
        self.zoom_label.setMinimumWidth(60)
        for text, tip, slot in (
            ("−", "Smaller entries (Ctrl + wheel)", lambda: self.set_zoom(self.matrix.zoom / ZOOM_STEP)),
            ("+", "Larger entries (Ctrl + wheel)", lambda: self.set_zoom(self.matrix.zoom * ZOOM_STEP)),
            ("Fit", "The whole matrix in view", self.fit),
        ):
            button = QToolButton()
            button.setText(text)
            button.setToolTip(tip)
            button.clicked.connect(slot)
            row2.addWidget(button)
        row2.addWidget(self.zoom_label)
        self.matrix = DenseMatrix()
        self.matrix.tap_clicked.connect(self.select)
        self.matrix.zoom_requested.connect(lambda f: self.set_zoom(self.matrix.zoom * f))
        self.scroll = QScrollArea()
        self.scroll.setWidget(self.matrix)
        self.scroll.setWidgetResizable(False)
        self.scroll.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.legend = Legend()
        self.legend.tap_clicked.connect(self.select)
        self.legend_title = QLabel()
        self.legend_title.setWordWrap(True)
        self.text = QLabel()
        self.text.setWordWrap(True)
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.equation = QLabel()
        self.equation.setWordWrap(True)
        self.equation.setTextFormat(Qt.TextFormat.RichText)
        self.equation.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.equation.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        legend_box = QVBoxLayout()
        legend_box.addWidget(self.legend_title)
        legend_box.addWidget(self.legend)
        legend_box.addStretch(1)
        words = QWidget()
        words_layout = QVBoxLayout(words)
        words_layout.setContentsMargins(0, 0, 0, 0)
        words_layout.addWidget(self.equation)
        words_layout.addWidget(self.text)
        words_layout.addStretch(1)
        words_scroll = QScrollArea()
        words_scroll.setWidgetResizable(True)
        words_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        words_scroll.setWidget(words)
        bottom = QWidget()
        bottom_layout = QHBoxLayout(bottom)
        bottom_layout.setContentsMargins(0, 0, 0, 0)
        bottom_layout.addLayout(legend_box)
        bottom_layout.addWidget(words_scroll, 1)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(self.scroll)
        split.addWidget(bottom)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(row1)
        layout.addLayout(row2)
        layout.addWidget(split, 1)

    # --- following the session -------------------------------------------------------------------

    def _spec_changed(self) -> None:
        spec = self.session.spec
        # The marked row was an output of the old network, which may have had more of them:
        # the new cursor marks its own once the matrix is rebuilt (_follow, below).
        self.matrix.set_marked_row(None)
        counts = {"filter": spec.filters, "channel": spec.channels, "image": spec.batch}
        for key, box in self.boxes.items():
            box.blockSignals(True)
            box.setMaximum(counts[key])
            box.setValue(min(getattr(self, key), counts[key] - 1) + 1)
            box.blockSignals(False)
            setattr(self, key, box.value() - 1)
            box.setVisible(counts[key] > 1)
            self.box_labels[key].setVisible(counts[key] > 1)
        self.padding_box.setVisible(spec.padding != (0, 0))
        taps = spec.kernel[0] * spec.kernel[1]
        if self.tap is not None and self.tap >= taps:
            self.tap = 0
        self._auto_fit = True
        self.refresh(force=True)
        self._follow()

    def _choose(self, key: str, value: int) -> None:
        setattr(self, key, value)
        self.refresh(force=True)

    def _padding_toggled(self, on: bool) -> None:
        self.padded = on
        self._auto_fit = True
        self.refresh(force=True)

    def _follow(self) -> None:
        """Show the filter, image, row and weight the current step works on."""
        if not self.follow.isChecked():
            return
        s = self.session
        step = s.step
        row = None
        choice: dict[str, int] = {}
        tap = self.tap
        kw = s.spec.kernel[1]
        if step is not None:
            tensor, index = step.tensor, step.index
            g = s.spec.conv_geometry()
            if tensor == "dW" or (tensor == "W" and step.phase == "update"):
                f, c, m, k = index
                choice = {"filter": f, "channel": c}
                tap = m * kw + k
                if tensor == "dW" and s.cursor.terms > 0 and step.number == s.cursor.done:
                    n, rest = divmod(s.cursor.terms - 1, g.Ho * g.Wo)  # the term being added
                    choice["image"] = n
                    row = rest
            elif tensor in ("o", "do"):
                n, f, i, j = index
                choice = {"image": n, "filter": f}
                row = i * g.Wo + j
        changed = False
        for key, value in choice.items():
            if getattr(self, key) != value:
                setattr(self, key, value)
                box = self.boxes[key]
                box.blockSignals(True)
                box.setValue(value + 1)
                box.blockSignals(False)
                changed = True
        if tap != self.tap:
            self.tap = tap
            changed = True
        self.matrix.set_marked_row(row)
        self.refresh(force=changed)
        if row is not None:
            self._reveal(row)

    def _reveal(self, row: int) -> None:
        """Scroll so that ``row`` (and the first weight on it) is in view."""
        u = self.matrix.unrolled
        if u is None:
            return
        cols = np.flatnonzero(u.tap_at(row, np.arange(u.shape[1])) >= 0)
        rect = self.matrix.entry_rect(row, int(cols[0]) if len(cols) else 0)
        self.scroll.ensureVisible(int(rect.center().x()), int(rect.center().y()), 60, 40)

    # --- choosing --------------------------------------------------------------------------------

    def select(self, tap: int | None) -> None:
        """Highlight every place weight ``tap`` (m*kw + k) sits, and write out its gradient."""
        self.tap = tap
        self.refresh(force=True)

    def set_zoom(self, zoom: float, *, fitted: bool = False) -> None:
        self.matrix.set_zoom(zoom)
        self._auto_fit = fitted
        self.zoom_label.setText(self._zoom_text())

    def _zoom_text(self) -> str:
        z = self.matrix.zoom
        return f"{z:.0f} px" if z >= 1 else f"1:{1 / z:.0f}"

    def fit(self) -> None:
        """A zoom that shows the whole matrix, within reason (entries of 1/10 px to 40 px)."""
        u = self.matrix.unrolled
        if u is None:
            return
        view = self.scroll.viewport().size()
        zoom = 40.0
        while zoom > MIN_ZOOM:
            size = self.matrix.size_at(zoom)
            if size.width() <= view.width() and size.height() <= view.height():
                break
            zoom = zoom - 1 if zoom > 2 else zoom * 0.9
        self.set_zoom(max(zoom, MIN_ZOOM), fitted=True)

    def showEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().showEvent(event)
        if self._auto_fit:
            self.fit()

    def resizeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().resizeEvent(event)
        if self._auto_fit and self.isVisible():
            self.fit()

    # --- drawing ---------------------------------------------------------------------------------

    def refresh(self, force: bool = False) -> None:
        s = self.session
        trace = s.trace
        key = (trace, self.filter, self.channel, self.image, self.padded, self.tap, self.matrix.marked_row,
               self.colour_box.currentData())  # fmt: skip
        if (
            not force
            and len(key) == len(self._shown_key)
            and all(a is b or a == b for a, b in zip(key, self._shown_key, strict=True))
        ):
            return
        self._shown_key = key
        spec = s.spec
        g = spec.conv_geometry()
        u = Unrolled(g, self.padded)
        names = trace.names
        f, c, n = self.filter, self.channel, self.image
        x = trace.values["I"]
        w = trace.values["W"][f, c]
        o = trace.values["o"][n, f].ravel()
        do = trace.grads["do"][n, f].ravel()
        vec = u.vec(x[n, c])
        kh, kw = spec.kernel
        labels = [
            f"W{m + 1}{k + 1}" if max(kh, kw) < 10 else f"W{m + 1},{k + 1}"
            for m in range(kh)
            for k in range(kw)
        ]
        out_cells = [divmod(r, g.Wo) for r in range(u.shape[0])]
        row_symbols = [
            f"o{i + 1}{j + 1}" if max(g.Ho, g.Wo) < 10 else f"o{i + 1},{j + 1}" for i, j in out_cells
        ]
        r_img, s_img = u.input_cell(np.arange(u.shape[1]))
        col_symbols = [
            "padding (0)" if pad else names.symbol("I", (n, c, int(r), int(q)))
            for r, q, pad in zip(r_img, s_img, u.in_padding(np.arange(u.shape[1])), strict=True)
        ]
        top = Strip("vec(I)ᵀ", vec, col_symbols)
        strips = []
        if spec.channels > 1 or spec.bias:
            strips.append(
                Strip(
                    f"M{c + 1}·vec(I{c + 1})" if spec.channels > 1 else "M·vec(I)",
                    u.apply(w, x[n, c]).ravel(),
                    [f"row {s}" for s in row_symbols],
                )
            )
        strips.append(Strip("o", o, [names.symbol("o", (n, f, i, j)) for i, j in out_cells]))
        strips.append(Strip("dL/do", do, [names.symbol("do", (n, f, i, j)) for i, j in out_cells]))
        self.matrix.set_data(u, w, labels, row_symbols, top, strips)
        self.matrix.set_grad((do, vec) if self.colour_box.currentData() == "grad" else None)
        self.matrix.set_selected(self.tap)
        self.legend.set_filter(w, labels, self.tap)
        self._write(u, names, labels)
        self.zoom_label.setText(self._zoom_text())

    def _write(self, u: Unrolled, names: Names, labels: list[str]) -> None:
        """The equations under the matrix: what M is, and the gradient of the selected weight."""
        s = self.session
        spec = s.spec
        g = u.geometry
        f, c, n = self.filter, self.channel, self.image
        rows, cols = u.shape
        image = f"{g.H}×{g.W} image"
        columns = (
            f"one per cell of the {image} in its zero padding ({g.Hp}×{g.Wp})"
            if self.padded and (g.ph or g.pw)
            else f"one per cell of the {image}"
        )
        where = []
        if spec.filters > 1:
            where.append(f"filter {f + 1}")
        if spec.channels > 1:
            where.append(f"channel {c + 1}")
        self.legend_title.setText("Filter" + (f" ({', '.join(where)})" if where else "") + ": click a weight")
        parts = [
            f"<p><b>o = M · vec(I)</b>: M has {rows} rows, one per output o<sub>ij</sub>, and {cols} "
            f"columns, {columns}. A dense layer would have {rows * cols:,} free weights here; the "
            f"convolution has {u.n_taps}, each tied to up to {rows} places.</p>"
        ]
        if spec.channels > 1:
            blocks = " + ".join(
                f"M<sub>{k + 1}</sub>·vec(I<sub>{k + 1}</sub>)" for k in range(min(spec.channels, 3))
            )
            bias = " + b" if spec.bias else ""
            parts.append(
                f"<p>With {spec.channels} channels, o = {blocks}{bias}: this is M<sub>{c + 1}</sub>.</p>"
            )
        elif spec.bias:
            parts.append("<p>With a bias, o = M · vec(I) + b.</p>")
        parts.append(
            "<p>Backprop through a dense layer gives <b>dL/dM = dL/do · vec(I)ᵀ</b>, a number for "
            "every entry. Tying keeps only the entries that hold a weight and adds them up per weight:"
            " dL/dW<sub>mn</sub> = Σ dL/dM over the places W<sub>mn</sub> sits.</p>"
        )
        if spec.batch > 1:
            parts.append(
                f"<p>The strips show image {n + 1}; dL/dW adds the same sum over all {spec.batch} images.</p>"
            )
        self.text.setText("".join(parts))
        self.equation.setText(self._gradient_equation(u, names, labels) + self._row_equation(u, labels))

    def _gradient_equation(self, u: Unrolled, names: Names, labels: list[str]) -> str:
        """dL/dW_mn as the sum of dL/dM over its places, term by term, beside backprop's value."""
        self.gradient_sum = self.backprop_value = None
        if self.tap is None:
            return ""
        s = self.session
        trace = s.trace
        f, c = self.filter, self.channel
        m, k = divmod(self.tap, u.geometry.kw)
        x, do = trace.values["I"], trace.grads["do"]
        rows, cols = u.occurrences(self.tap)
        g = u.geometry
        dw = names.symbol("dW", (f, c, m, k), "html")
        symbol = names.symbol("W", (f, c, m, k), "html")
        terms_sym, terms_num = [], []
        total = s.spec.batch * len(rows)
        r_img, s_img = u.input_cell(cols)
        pads = u.in_padding(cols)
        for n in range(min(s.spec.batch, MAX_TERMS)):
            dout = do[n, f].ravel()[rows]
            cells = u.vec(x[n, c])[cols]
            for t in range(min(len(rows), MAX_TERMS - len(terms_sym))):
                i, j = divmod(int(rows[t]), g.Wo)
                d_sym = names.symbol("do", (n, f, i, j), "html")
                i_sym = "0" if pads[t] else names.symbol("I", (n, c, int(r_img[t]), int(s_img[t])), "html")
                terms_sym.append(f"{d_sym}·{i_sym}")
                terms_num.append(f"{_factor(float(dout[t]))}·{_factor(float(cells[t]))}")
        with np.errstate(over="ignore", invalid="ignore"):
            value = float(np.sum(u.entries(self.tap, do[:, f], x[:, c])))
        more = f" + … ({total} terms)" if total > MAX_TERMS else ""
        backprop = float(trace.grads["dW"][f, c, m, k])
        self.gradient_sum, self.backprop_value = value, backprop
        if not (math.isfinite(value) and math.isfinite(backprop)):
            check = "past the largest number a float holds: the weights have blown up"
        elif value == backprop:
            check = "the same number"
        else:
            check = f"they differ by {abs(value - backprop):.1e}: the same terms, added in another order"
        on_padding = int(np.sum(pads))
        pad_note = f" ({on_padding} of them on the padding, where it meets a 0)" if on_padding else ""
        images = f"; the sum runs over them in each of the {s.spec.batch} images" if s.spec.batch > 1 else ""
        return (
            f"<p><b>{symbol}</b> ({labels[self.tap]} in M) sits in {len(rows)} places{pad_note}{images}:</p>"
            f"<p>{dw} = Σ dL/dM over them = {' + '.join(terms_sym)}{more}<br>"
            f"&nbsp;&nbsp;= {' + '.join(terms_num)}{more}<br>"
            f"&nbsp;&nbsp;= <b>{number(value, 'html')}</b>; "
            f"backprop's {dw} = <b>{number(backprop, 'html')}</b> ({check}).</p>"
        )

    def _row_equation(self, u: Unrolled, labels: list[str]) -> str:
        row = self.matrix.marked_row
        if row is None:
            return ""
        s = self.session
        trace = s.trace
        n, f, c = self.image, self.filter, self.channel
        cols = np.flatnonzero(u.tap_at(row, np.arange(u.shape[1])) >= 0)
        taps = u.tap_at(row, cols)
        w = trace.values["W"][f, c].ravel()
        vec = u.vec(trace.values["I"][n, c])
        symbols = self.matrix.top.symbols
        sym = " + ".join(
            f"{labels[t]}·{'0' if u.in_padding(col) else symbols[col]}"
            for t, col in zip(taps, cols, strict=True)
        )
        with np.errstate(over="ignore", invalid="ignore"):  # blown-up weights: inf, or NaN
            value = float(np.sum(w[taps] * vec[cols]))
        label = self.matrix.row_symbols[row]
        part = " (this channel's part)" if s.spec.channels > 1 or s.spec.bias else ""
        return f"<p>Row {label} of M · vec(I){part} = {sym} = <b>{number(value, 'html')}</b></p>"
