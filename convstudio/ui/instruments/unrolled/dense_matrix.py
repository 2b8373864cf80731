"""The tied weight matrix M as a widget: its strips, geometry, zoom, hover and clicks."""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QFontMetricsF, QMouseEvent, QWheelEvent
from PySide6.QtWidgets import QToolTip, QWidget

from convstudio.engine.notation import exact
from convstudio.engine.unroll import Unrolled
from convstudio.ui.instruments.unrolled.dense_painting import MIN_CELL_FOR_LABEL, DensePainting, Strip
from convstudio.ui.instruments.unrolled.tap_colours import rgba_of, tap_colors

MIN_ZOOM, MAX_ZOOM = 0.1, 64.0
ZOOM_STEP = 1.25


class DenseMatrix(DensePainting, QWidget):
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
        self._colors = np.stack([rgba_of(c) for c in tap_colors(unrolled.n_taps)])
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
            where = self.tr("row {0}, column {1}").format(self.row_symbols[row], self.top.symbols[col])
            if tap < 0:
                text = self.tr("{0}: 0 (no weight meets this cell for this output)").format(where)
            else:
                text = f"{where}: {self.labels[tap]} = {exact(self.weights[tap])}"
            if self.grad is not None:
                dout, vec = self.grad
                product = exact(float(dout[row]) * float(vec[col]))  # Python floats: inf, no warning
                text += self.tr("\ndL/dM here = dL/d{0} · {1} = {2}").format(
                    self.row_symbols[row], self.top.symbols[col], product
                )
            return text
        if strip_y <= pos.y() < strip_y + self._top_height() and body.left() <= pos.x() < body.right():
            col = int((pos.x() - body.left()) // z)
            return f"{self.top.symbols[col]} = {exact(self.top.values[col])}"
        for strip, (x, sw) in zip(self.right, self.strip_boxes(), strict=True):
            if x <= pos.x() < x + sw and body.top() <= pos.y() < body.bottom():
                row = int((pos.y() - body.top()) // z)
                return f"{strip.symbols[row]} = {exact(strip.values[row])}"
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
