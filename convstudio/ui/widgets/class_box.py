"""A spin box of classes that shows each class by its name (the digit, the folder), its value the
class's number from 1."""

from __future__ import annotations

from PySide6.QtGui import QValidator
from PySide6.QtWidgets import QSpinBox, QWidget


class ClassBox(QSpinBox):
    """``value()`` is the class number from 1; the text is ``names[value - 1]`` where names are set."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.names: list[str] = []

    def set_names(self, names: list[str]) -> None:
        self.names = list(names)
        self.setRange(1, max(1, len(self.names)))
        self.lineEdit().setText(self.textFromValue(self.value()))

    def textFromValue(self, value: int) -> str:
        return self.names[value - 1] if 1 <= value <= len(self.names) else str(value)

    def valueFromText(self, text: str) -> int:
        text = text.strip()
        if text in self.names:
            return self.names.index(text) + 1
        return int(text) if text.isdigit() else self.value()

    def validate(self, text: str, pos: int) -> object:
        typed = text.strip()
        if typed in self.names:
            return QValidator.State.Acceptable, text, pos
        if any(name.startswith(typed) for name in self.names):
            return QValidator.State.Intermediate, text, pos
        return QValidator.State.Invalid, text, pos
