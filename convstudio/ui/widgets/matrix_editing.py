"""How a matrix view answers the mouse: hover text, clicks, and the inline editor of a cell."""

from __future__ import annotations

import math

from PySide6.QtCore import QEvent, QRectF, Qt
from PySide6.QtGui import (
    QFont,
    QFontMetricsF,
    QMouseEvent,
)
from PySide6.QtWidgets import QLineEdit, QToolTip

from convstudio.engine.notation import MINUS, exact


class MatrixEditing:
    """The hover and editing half of ``MatrixView``: ``edited`` carries a checked new value out."""

    def tooltip_text(self, row: int, col: int) -> str:
        rows, (ph, pw) = self._values.shape[0], self._padding  # counted from the input's own first cell
        where = (
            self.tr("row {0}, column {1}").format(row + 1 - ph, col + 1 - pw)
            if rows > 1
            else self.tr("position {0}").format(col + 1 - pw)
        )
        value = float(self._values[row, col])
        if self._describe is not None:
            return f"{self._describe(row, col)}\n({where})"
        return (
            f"{where}: {exact(value)}"
            if math.isfinite(value)
            else self.tr("{0}: not computed yet").format(where)
        )

    def describe_cell(self, row: int, col: int) -> str:
        """The element's own name and value as its panel words it ("" when it has no describer)."""
        return "" if self._describe is None else self._describe(row, col).split("\n")[0].split(" = ")[0]

    def is_editable(self) -> bool:
        return self._editable

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        cell = self.cell_at(event.position())
        if cell != self._hover:
            self._hover = cell
            self.hovered.emit(cell)
            if cell is None:
                QToolTip.hideText()
            else:
                QToolTip.showText(event.globalPosition().toPoint(), self.tooltip_text(*cell), self)
        super().mouseMoveEvent(event)

    def leaveEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        if self._hover is not None:
            self._hover = None
            self.hovered.emit(None)
        super().leaveEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        cell = self.cell_at(event.position())
        if cell is not None and event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit(*cell)
        super().mousePressEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        cell = self.cell_at(event.position())
        if self._editable and cell is not None and not self.in_padding(*cell):  # padding stays zero
            self.open_editor(*cell)
        else:
            super().mouseDoubleClickEvent(event)

    def open_editor(self, row: int, col: int) -> QLineEdit:
        if self._editor is None:
            self._editor = QLineEdit(self)
            self._editor.setAlignment(Qt.AlignmentFlag.AlignCenter)
            self._editor.returnPressed.connect(self._commit)
            self._editor.installEventFilter(self)
        editor = self._editor
        # As large as the cell's numbers, over the cell and never over the row numbers at the left.
        cell = self._layout().cell
        font = QFont(self.font())
        font.setPointSizeF(max(self.font_size_for(cell) or 0.0, self.font().pointSizeF()))
        editor.setFont(font)
        rect = self.cell_rect(row, col)
        width = max(rect.width(), QFontMetricsF(font).horizontalAdvance("−0.000000") + 12)
        height = max(rect.height(), QFontMetricsF(font).height() + 8)
        grid = self._layout().grid
        left = min(max(rect.center().x() - width / 2, grid.left()), max(grid.left(), self.width() - width))
        top = rect.center().y() - height / 2
        editor.setGeometry(QRectF(left, top, width, height).toRect().intersected(self.rect()))
        value = float(self._values[row, col])
        editor.setText(repr(value) if math.isfinite(value) else "")
        editor.selectAll()
        editor.setStyleSheet("")
        editor.setToolTip(self.tr("Type a number and press Enter (Escape cancels)"))
        self._editing = (row, col)
        editor.show()
        editor.setFocus()
        return editor

    def editor(self) -> QLineEdit | None:
        """The inline editor while it is open."""
        return self._editor if self._editing is not None else None

    def eventFilter(self, watched, event) -> bool:  # type: ignore[no-untyped-def]
        if watched is self._editor:
            if event.type() == QEvent.Type.KeyPress and event.key() == Qt.Key.Key_Escape:
                self._close_editor()
                return True
            if event.type() == QEvent.Type.FocusOut:
                self._close_editor()
        return super().eventFilter(watched, event)

    def _commit(self) -> None:
        if self._editor is None or self._editing is None:
            return
        text = self._editor.text().strip().replace(MINUS, "-").replace(",", ".")
        try:
            value = float(text)
        except ValueError:
            value = math.nan
        row, col = self._editing
        problem = (
            self.tr("Not a finite number: type a value like 0.5 or -2") if not math.isfinite(value) else None
        )
        if problem is None and self._validator is not None:
            problem = self._validator(row, col, value)
        if problem is not None:  # say so beside the cell and keep the editor open
            self._editor.setStyleSheet("QLineEdit { border: 2px solid #D55E00; }")
            self._editor.setToolTip(problem)
            QToolTip.showText(
                self._editor.mapToGlobal(self._editor.rect().bottomLeft()), self._editor.toolTip()
            )
            return
        self._close_editor()
        self.edited.emit(row, col, value)

    def _close_editor(self) -> None:
        if self._editor is not None and self._editor.isVisible():
            self._editor.hide()
            self.setFocus()
        self._editing = None
