"""The confusion matrix as a table: true classes down, predicted classes across, each cell the number of
test images it counts, shaded by its share of its row; clicking a cell picks it."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableWidget, QTableWidgetItem, QWidget

from convstudio.ui.look.colors import text_color_for

#: The right answers' shade (Okabe-Ito blue) and the mistakes' (vermillion), at full share.
RIGHT, WRONG = (0, 114, 178), (213, 94, 0)


def shade(count: int, row_total: int, right: bool) -> tuple[int, int, int]:
    """A cell's colour: white for none, the full colour for every image of its row."""
    share = count / row_total if row_total else 0.0
    if not right:
        share = min(1.0, 3 * share)  # a few mistakes in a row of many still show
    full = np.array(RIGHT if right else WRONG, dtype=np.float64)
    mixed = 255 + share * (full - 255)
    return int(mixed[0]), int(mixed[1]), int(mixed[2])


class ConfusionTable(QTableWidget):
    """One row per true class and one column per predicted class; ``picked(true, guess)`` on a click."""

    picked = Signal(int, int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        for header in (self.horizontalHeader(), self.verticalHeader()):
            header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
            header.setMinimumSectionSize(18)
        self.cellClicked.connect(self.picked)
        self.setAccessibleName(self.tr("Confusion matrix: true class by row, predicted class by column"))

    def show_counts(self, counts: np.ndarray, names: list[str]) -> None:
        """Fill the table with ``counts`` (K, K) under the class ``names``."""
        k = len(names)
        if self.rowCount() != k:
            self.setRowCount(k)
            self.setColumnCount(k)
            self.setHorizontalHeaderLabels(names)
            self.setVerticalHeaderLabels(names)
        totals = counts.sum(axis=1)
        for row in range(k):
            for col in range(k):
                count = int(counts[row, col])
                item = self.item(row, col)
                if item is None:
                    item = QTableWidgetItem()
                    item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                    self.setItem(row, col, item)
                item.setText(str(count) if count else "")
                rgb = shade(count, int(totals[row]), row == col)
                item.setBackground(QBrush(QColor(*rgb)))
                item.setForeground(QBrush(QColor(text_color_for(rgb))))
                item.setToolTip(
                    self.tr("{0} test images of class {1} predicted as {2}").format(
                        count, names[row], names[col]
                    )
                )

    def counts(self) -> np.ndarray:
        """The numbers the cells show (K, K)."""
        k = self.rowCount()
        out = np.zeros((k, k), dtype=np.int64)
        for row in range(k):
            for col in range(k):
                text = self.item(row, col).text()
                out[row, col] = int(text) if text else 0
        return out
