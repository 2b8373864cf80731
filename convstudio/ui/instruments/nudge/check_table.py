"""The check's table: one row per nudged weight, the worst one marked."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor, QFont
from PySide6.QtWidgets import QWidget

from convstudio.engine.gradcheck import Nudge
from convstudio.engine.notation import exact, number
from convstudio.ui.instruments.nudge.numbers import minus
from convstudio.ui.instruments.nudge.subject import Subject

WORST_COLOR = QColor(213, 94, 0, 70)  # vermillion, light: the check's worst row


class CheckModel(QAbstractTableModel):
    """One row per nudged weight: backprop, finite differences, their difference and agreeing digits."""

    HEADERS = (
        QT_TRANSLATE_NOOP("CheckModel", "weight"),
        QT_TRANSLATE_NOOP("CheckModel", "digits"),
        QT_TRANSLATE_NOOP("CheckModel", "backprop dL/dw"),
        QT_TRANSLATE_NOOP("CheckModel", "slope (L₊ − L₋)/2ε"),
        QT_TRANSLATE_NOOP("CheckModel", "difference"),
    )

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[Nudge] = []
        self.names: Subject | None = None
        self.worst = -1
        self.stale = False

    def reset(self, names: Subject | None) -> None:
        self.beginResetModel()
        self.rows, self.names, self.worst, self.stale = [], names, -1, False
        self.endResetModel()

    def extend(self, nudges: list[Nudge]) -> None:
        if not nudges:
            return
        first = len(self.rows)
        self.beginInsertRows(QModelIndex(), first, first + len(nudges) - 1)
        self.rows.extend(nudges)
        self.endInsertRows()
        old = self.worst
        for i, n in enumerate(nudges, first):
            if self.worst < 0 or n.rel_error > self.rows[self.worst].rel_error:
                self.worst = i
        for row in {old, self.worst} - {-1}:
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.HEADERS) - 1))

    def set_stale(self, stale: bool) -> None:
        if stale != self.stale and self.rows:
            self.stale = stale
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.rows) - 1, len(self.HEADERS) - 1))

    def symbol(self, n: Nudge, grad: bool = False) -> str:
        name = ("d" if grad else "") + n.tensor
        return self.names.symbol(name, n.index) if self.names is not None else f"{name}{n.index}"

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> object:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.tr(self.HEADERS[section])
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> object:
        if not index.isValid():
            return None
        n = self.rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return self.symbol(n) + ("  ◀ worst" if index.row() == self.worst else "")
            if col == 1:
                return str(n.agreeing_digits)
            if col == 2:
                return number(n.backprop, digits=12)
            if col == 3:
                return number(n.numeric, digits=12)
            return minus(f"{n.abs_error:.2e}")
        if role == Qt.ItemDataRole.TextAlignmentRole and col > 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole and index.row() == self.worst:
            return WORST_COLOR
        if role == Qt.ItemDataRole.FontRole and index.row() == self.worst:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and self.stale:
            return QColor(128, 128, 128)
        if role == Qt.ItemDataRole.ToolTipRole:
            losses = f"L₊ = {exact(n.loss_plus)}, L₋ = {exact(n.loss_minus)}"
            difference = minus(f"{n.rel_error:.2e}")
            return self.tr(
                "{0} nudged by ±{1}: {2}\nslope {3}, backprop {4}, relative difference {5}"
            ).format(self.symbol(n), f"{n.eps:g}", losses, exact(n.numeric), exact(n.backprop), difference)
        return None
