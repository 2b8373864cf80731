"""The undo history keeps QUndoStack's meaning (index, clean state, limit, action text) without
letting Qt own Python commands, whose collection crashed Python."""

import gc
import weakref

from PySide6.QtCore import QObject

from convstudio.session.undo_history import UndoHistory


class Add:
    def __init__(self, log: list[int], n: int) -> None:
        self.log, self.n = log, n

    def text(self) -> str:
        return f"add {self.n}"

    def redo(self) -> None:
        self.log.append(self.n)

    def undo(self) -> None:
        assert self.log.pop() == self.n


def test_push_undo_redo_and_the_clean_state(qtbot):
    log: list[int] = []
    h = UndoHistory()
    seen: list[bool] = []
    h.cleanChanged.connect(seen.append)
    h.push(Add(log, 1))
    h.push(Add(log, 2))
    assert log == [1, 2] and h.count() == 2 and h.undoText() == "add 2" and seen == [False]
    h.setClean()
    assert h.isClean() and seen == [False, True]
    h.undo()
    assert log == [1] and not h.isClean() and h.redoText() == "add 2"
    h.push(Add(log, 3))  # the saved state (after "add 2") is now out of reach
    assert log == [1, 3] and h.count() == 2 and h.redoText() == ""
    h.undo()
    h.undo()
    h.undo()  # nothing left to undo: no change
    assert log == [] and not h.isClean() and h.index() == 0
    h.clear()
    assert h.count() == 0 and h.isClean() and seen[-1] is True


def test_the_limit_drops_the_oldest_command_and_the_saved_state_with_it(qtbot):
    log: list[int] = []
    h = UndoHistory(limit=2)
    for n in range(4):
        h.push(Add(log, n))
        if n == 0:
            h.setClean()
    assert h.count() == 2 and h.index() == 2 and not h.isClean()
    h.undo()
    h.undo()
    assert log == [0, 1] and not h.canUndo() and not h.isClean()


def test_the_actions_follow_what_can_be_undone(qtbot):
    log: list[int] = []
    h = UndoHistory()
    owner = QObject()
    undo, redo = h.createUndoAction(owner, "Undo"), h.createRedoAction(owner, "Redo")
    assert not undo.isEnabled() and undo.text() == "Undo"
    h.push(Add(log, 7))
    assert undo.isEnabled() and undo.text() == "Undo add 7" and not redo.isEnabled()
    undo.trigger()
    assert log == [] and redo.text() == "Redo add 7" and not undo.isEnabled()
    del owner, undo, redo
    gc.collect()
    h.push(Add(log, 8))  # the actions are gone; the history goes on
    assert log == [8]


def test_collecting_sessions_with_a_history_does_not_crash(qtbot):
    from convstudio.session.session import Session

    gone = []
    for _ in range(20):
        s = Session()
        s.self_cycle = s  # only the garbage collector frees it, in whatever order it picks
        for k in range(3):
            s.undo_stack.push(Add([], k))
        gone.append(weakref.ref(s))
        del s
    gc.collect()
    assert all(ref() is None for ref in gone)
