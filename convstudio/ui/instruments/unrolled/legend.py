"""The unrolled view's legend: the filter slice as a kernel, each weight in its colour."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QMouseEvent, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from convstudio.engine.notation import exact
from convstudio.ui.instruments.unrolled.tap_colours import FADE, blend, rgba_of, tap_colors
from convstudio.ui.look import colors
from convstudio.ui.widgets.matrix_view import format_value


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
                mixed = blend(rgba_of(color), rgba_of(base), FADE)
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
            text = self.tr("{0} = {1}: click to see its places in M").format(
                self.labels[tap], exact(self.values[tap])
            )
            QToolTip.showText(event.globalPosition().toPoint(), text, self)
        super().mouseMoveEvent(event)
