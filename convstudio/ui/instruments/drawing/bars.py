"""The network's answer for a drawing as bars: one a class, its probability as a length and a number."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget

from convstudio.engine.notation import number
from convstudio.ui.look import colors


class AnswerBars(QWidget):
    """Class probabilities as horizontal bars, the most likely class in the write colour."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.values = np.zeros(0)
        self.names: list[str] = []  # what each class is called (ui.class_names)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)

    def set_values(self, values: np.ndarray, names: list[str] | None = None) -> None:
        """The probabilities of the classes called ``names`` (numbered from 1 without them)."""
        self.values = np.asarray(values, dtype=np.float64)
        self.names = list(names) if names is not None else [str(k + 1) for k in range(self.values.size)]
        best = int(np.argmax(self.values)) if self.values.size else -1
        parts = [
            self.tr("class {0}: {1:.0%}").format(self._name(k), float(v)) for k, v in enumerate(self.values)
        ]
        self.setAccessibleDescription(
            self.tr("most likely class {0}; ").format(self._name(best)) + ", ".join(parts) if parts else ""
        )
        self.updateGeometry()
        self.update()

    def _name(self, k: int) -> str:
        return self.names[k] if 0 <= k < len(self.names) else str(k + 1)

    def sizeHint(self) -> QSize:
        fm = QFontMetrics(self.font())
        return QSize(220, max(1, self.values.size) * (fm.height() + 4) + 4)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        fm = QFontMetrics(self.font())
        text = self.palette().color(QPalette.ColorRole.WindowText)
        widest = max(
            (self.tr("class {0}").format(self._name(k)) for k in range(self.values.size)),
            key=fm.horizontalAdvance,
            default="",
        )
        label_w = min(fm.horizontalAdvance(widest) + 8, self.width() // 2)
        value_w = fm.horizontalAdvance("100%") + 8
        room = max(10, self.width() - label_w - value_w)
        best = int(np.argmax(self.values)) if self.values.size else -1
        for k, value in enumerate(self.values):
            y = 2 + k * (fm.height() + 4)
            painter.setPen(text)
            painter.drawText(
                QRectF(0, y, label_w, fm.height()),
                Qt.AlignmentFlag.AlignVCenter,
                fm.elidedText(
                    self.tr("class {0}").format(self._name(k)), Qt.TextElideMode.ElideRight, label_w - 4
                ),
            )
            colour = QColor(colors.HIGHLIGHT_WRITE if k == best else "#0072B2")
            painter.fillRect(
                QRectF(label_w, y + 2, room * float(np.clip(value, 0, 1)), fm.height() - 4), colour
            )
            painter.drawText(
                QRectF(label_w + room + 4, y, value_w, fm.height()),
                Qt.AlignmentFlag.AlignVCenter,
                f"{100 * float(value):.0f}%",
            )
        painter.end()


def values_text(values: np.ndarray) -> str:
    """A network's predicted values (not a classifier's) as the equations print numbers."""
    return ", ".join(number(float(v), digits=4) for v in np.asarray(values).reshape(-1)[:16])
