"""A lesson's locks in the window (engine/lesson_locks.py): the network editor, instruments or the
choice of lesson kept from the student while the lesson is open; any other lesson or a session
file opens unlocked."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication

from convstudio.engine.lesson_locks import Locks


def apply(window: Any, locks: Locks) -> None:
    """Show or hide what ``locks`` names; open docks of locked instruments close."""
    window.locks = locks
    window.act_network.setVisible(not locks.editor)
    window.act_network.setEnabled(not locks.editor)  # its shortcut too
    for key, act in window.instrument_actions.items():
        hidden = locks.hides(key)
        if hidden and act.isChecked():
            window.show_instrument(key, False)
        act.setVisible(not hidden)
        act.setEnabled(not hidden)
    fixed = locks.lesson
    window.lesson_picker.setEnabled(not fixed)
    window.act_open.setEnabled(not fixed)
    tip = QCoreApplication.translate("", "Your teacher has fixed this lesson") if fixed else ""
    window.lesson_picker.setToolTip(tip or QCoreApplication.translate("", "Open a lesson"))
