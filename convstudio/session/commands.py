"""Undoable edits. Each command swaps the whole session state: redo and undo call one method.
Plain Python objects, kept by ``undo_history.UndoHistory``: nothing Qt owns them."""

from __future__ import annotations

import weakref
from typing import Protocol

from convstudio.engine.timeline import State


class Restorable(Protocol):
    """What a command needs of the session: its state, to read and to restore."""

    lesson_text: dict[str, str]

    def state(self) -> State: ...

    def restore(self, state: State, *, lesson_text: dict[str, str] | None = None) -> None: ...


class ReplaceState:
    """Replace the session's state (an edited cell, a new spec, a lesson, an image, new weights)."""

    def __init__(
        self,
        session: Restorable,
        new: State,
        text: str,
        *,
        lesson_text: dict[str, str] | None = None,
    ) -> None:
        self._text = text
        # Not the session itself: the session keeps its history, the history its commands, and a
        # command holding the session would make a cycle only the garbage collector breaks.
        self._session = weakref.ref(session)
        self._old, self._new = session.state(), new
        self._old_text, self._new_text = dict(session.lesson_text), lesson_text

    def text(self) -> str:
        return self._text

    def redo(self) -> None:
        session = self._session()
        if session is not None:
            session.restore(self._new, lesson_text=self._new_text)

    def undo(self) -> None:
        session = self._session()
        if session is not None:
            session.restore(self._old, lesson_text=self._old_text)
