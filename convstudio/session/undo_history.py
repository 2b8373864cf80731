"""The undo history: Python commands in a Python list, with the few QUndoStack calls we use.

QUndoStack owns its commands in C++. A command subclassed in Python is then a C++ object whose
wrapper the garbage collector may free first; when the stack is later deleted with its parent it
destroys the command under the freed wrapper, and Python crashes. Here nothing Qt owns a command."""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction


class Command(Protocol):
    """What the history keeps: something that can be done again and undone, with its name."""

    def text(self) -> str: ...

    def redo(self) -> None: ...

    def undo(self) -> None: ...


class UndoHistory(QObject):
    """Commands done (``count``), a position among them (``index``) and the position saved."""

    cleanChanged = Signal(bool)
    indexChanged = Signal(int)

    def __init__(self, parent: QObject | None = None, limit: int = 0) -> None:
        super().__init__(parent)
        self._commands: list[Command] = []
        self._index = 0  # commands[:index] are done
        self._clean: int | None = 0  # the index saved; None when that state was dropped
        self._limit = limit

    def count(self) -> int:
        return len(self._commands)

    def index(self) -> int:
        return self._index

    def undoLimit(self) -> int:
        return self._limit

    def setUndoLimit(self, limit: int) -> None:
        self._limit = limit

    def canUndo(self) -> bool:
        return self._index > 0

    def canRedo(self) -> bool:
        return self._index < len(self._commands)

    def undoText(self) -> str:
        return self._commands[self._index - 1].text() if self.canUndo() else ""

    def redoText(self) -> str:
        return self._commands[self._index].text() if self.canRedo() else ""

    def isClean(self) -> bool:
        return self._clean == self._index

    def setClean(self) -> None:
        self._changed(lambda: setattr(self, "_clean", self._index))

    def push(self, command: Command) -> None:
        """Do ``command`` and keep it; what was undone before can no longer be redone."""

        def change() -> None:
            command.redo()
            if self._clean is not None and self._clean > self._index:
                self._clean = None  # the saved state was undone, and is now out of reach
            del self._commands[self._index :]
            self._commands.append(command)
            self._index += 1
            if self._limit and len(self._commands) > self._limit:
                drop = len(self._commands) - self._limit
                del self._commands[:drop]
                self._index -= drop
                if self._clean is not None:
                    self._clean = self._clean - drop if self._clean >= drop else None

        self._changed(change)

    def undo(self) -> None:
        if self.canUndo():
            self._changed(self._step_back)

    def redo(self) -> None:
        if self.canRedo():
            self._changed(self._step_forward)

    def clear(self) -> None:
        """Forget every command; what is shown now counts as saved."""

        def change() -> None:
            self._commands.clear()
            self._index, self._clean = 0, 0

        self._changed(change)

    def _step_back(self) -> None:
        self._index -= 1
        self._commands[self._index].undo()

    def _step_forward(self) -> None:
        self._commands[self._index].redo()
        self._index += 1

    def _changed(self, change) -> None:  # type: ignore[no-untyped-def]
        clean, index = self.isClean(), self._index
        change()
        if self._index != index or not self._commands:
            self.indexChanged.emit(self._index)
        if self.isClean() != clean:
            self.cleanChanged.emit(self.isClean())

    def createUndoAction(self, parent: QObject, prefix: str) -> QAction:
        """An action that undoes, named "``prefix`` <what it undoes>", enabled when there is one."""
        return self._action(parent, prefix, self.undo, self.canUndo, self.undoText)

    def createRedoAction(self, parent: QObject, prefix: str) -> QAction:
        return self._action(parent, prefix, self.redo, self.canRedo, self.redoText)

    def _action(self, parent, prefix, do, can, text) -> QAction:  # type: ignore[no-untyped-def]
        action = QAction(prefix, parent)

        def update() -> None:
            try:
                action.setEnabled(can())
                action.setText(f"{prefix} {text()}".strip())
            except RuntimeError:  # the window that held the action is gone; the history is not
                self.indexChanged.disconnect(update)

        action.triggered.connect(do)
        self.indexChanged.connect(update)
        update()
        return action
