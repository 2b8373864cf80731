"""The matrix view as a table for screen readers: one accessible cell per matrix element.

PySide6 (6.8-6.11) wraps no ``QAccessibleTableInterface`` (only the cell interface), so a Python
accessible cannot answer Qt's table queries; the view is exposed instead as an accessible with
the Table role whose children are Cell-role accessibles, each named by its tensor element,
position, value and what the current step does with it.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, QPoint, QRect
from PySide6.QtGui import QAccessible, QAccessibleInterface, QWindow
from PySide6.QtWidgets import QAccessibleWidget

from convstudio.engine.notation import exact

if TYPE_CHECKING:
    from convstudio.ui.widgets.matrix_view import MatrixView


def cell_text(view: MatrixView, row: int, col: int) -> str:
    """What a screen reader says for one cell: "W11, row 1, column 1, 0.5, written by this step"."""
    value = float(view.values()[row, col])
    name = view.describe_cell(row, col) or view.title()
    parts = [name] if name else []
    parts.append(QCoreApplication.translate("MatrixView", "row {0}, column {1}").format(row + 1, col + 1))
    parts.append(
        exact(value) if math.isfinite(value) else QCoreApplication.translate("MatrixView", "not computed yet")
    )
    reads, writes, extra, subject = view.highlights()
    cell = (row, col)
    for cells, words in (
        (writes, QCoreApplication.translate("MatrixView", "written by this step")),
        (reads, QCoreApplication.translate("MatrixView", "read by this step")),
        (subject, QCoreApplication.translate("MatrixView", "its gradient is computed by this step")),
        (extra, QCoreApplication.translate("MatrixView", "another term of this sum")),
    ):
        if cell in cells:
            parts.append(words)
    return ", ".join(parts)


class _Cell(QAccessibleInterface):
    """One element of the matrix, read live from the view."""

    def __init__(self, view: MatrixView, row: int, col: int) -> None:
        # The view, not its table: a cell that held the table would make a reference cycle whose
        # collection deletes an interface Qt's cache already deleted.
        super().__init__()
        self._view, self._row, self._col = view, row, col

    def isValid(self) -> bool:
        if not shiboken6.isValid(self._view):
            return False
        rows, cols = self._view.values().shape
        return self._row < rows and self._col < cols

    def object(self) -> QObject | None:
        return None

    def window(self) -> QWindow | None:
        table = self.parent()
        return None if table is None else table.window()

    def parent(self) -> QAccessibleInterface | None:
        return QAccessible.queryAccessibleInterface(self._view) if shiboken6.isValid(self._view) else None

    def child(self, index: int) -> QAccessibleInterface | None:
        return None

    def childCount(self) -> int:
        return 0

    def indexOfChild(self, child: QAccessibleInterface) -> int:
        return -1

    def childAt(self, x: int, y: int) -> QAccessibleInterface | None:
        return None

    def text(self, kind: QAccessible.Text) -> str:
        if not self.isValid():
            return ""
        view = self._view
        if kind == QAccessible.Text.Name:
            return cell_text(view, self._row, self._col)
        if kind == QAccessible.Text.Value:
            value = float(view.values()[self._row, self._col])
            return exact(value) if math.isfinite(value) else ""
        return ""

    def setText(self, kind: QAccessible.Text, text: str) -> None:
        pass  # edited through the view's own editor, which checks the value

    def rect(self) -> QRect:
        if not self.isValid():
            return QRect()
        view = self._view
        local = view.cell_rect(self._row, self._col).toRect()
        return QRect(view.mapToGlobal(local.topLeft()), local.size())

    def role(self) -> QAccessible.Role:
        return QAccessible.Role.Cell

    def state(self) -> QAccessible.State:
        state = QAccessible.State()
        state.readOnly = not self._view.is_editable() if self.isValid() else True
        return state


class _Table(QAccessibleWidget):
    """The view itself: the Table role, one child per cell in row-major order."""

    def __init__(self, view: MatrixView) -> None:
        super().__init__(view, QAccessible.Role.Table)
        self.view = view
        self._cells: dict[tuple[int, int], _Cell] = {}

    def _shape(self) -> tuple[int, int]:
        if not shiboken6.isValid(self.view):
            return 0, 0
        rows, cols = self.view.values().shape
        return rows, cols

    def childCount(self) -> int:
        rows, cols = self._shape()
        return rows * cols

    def child(self, index: int) -> QAccessibleInterface | None:
        rows, cols = self._shape()
        if not 0 <= index < rows * cols:
            return None
        key = divmod(index, cols)
        if key not in self._cells:
            self._cells[key] = _Cell(self.view, *key)
        return self._cells[key]

    def indexOfChild(self, child: QAccessibleInterface) -> int:
        _, cols = self._shape()
        if isinstance(child, _Cell) and child.isValid() and child._view is self.view:
            return child._row * cols + child._col
        return -1

    def childAt(self, x: int, y: int) -> QAccessibleInterface | None:
        cell = self.view.cell_at(self.view.mapFromGlobal(QPoint(x, y)).toPointF())
        return None if cell is None else self.child(cell[0] * self._shape()[1] + cell[1])

    def text(self, kind: QAccessible.Text) -> str:
        if kind == QAccessible.Text.Name:
            return self.view.accessibleName() or self.view.title()
        if kind == QAccessible.Text.Description:
            rows, cols = self._shape()
            size = QCoreApplication.translate("MatrixView", "{0} rows, {1} columns").format(rows, cols)
            own = self.view.accessibleDescription() or self.view.note()
            return f"{own}; {size}" if own else size
        return str(super().text(kind))


def _factory(key: str, obj: QObject) -> QAccessibleInterface | None:
    from convstudio.ui.widgets.matrix_view import MatrixView

    return _Table(obj) if isinstance(obj, MatrixView) else None


_installed = False


def install() -> None:
    """Let every matrix view answer as a table (once per process)."""
    global _installed
    if not _installed:
        QAccessible.installFactory(_factory)
        _installed = True
