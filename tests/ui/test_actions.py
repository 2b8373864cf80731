"""The window's actions: each tooltip names a key the action really has, and the menus hold them all."""

from __future__ import annotations

from PySide6.QtGui import QAction

from tests.ui.windows import open_window


def test_a_tooltip_names_the_first_key_and_only_a_real_one(qtbot):
    window = open_window(qtbot)
    tips = {}
    for action in window.findChildren(QAction):
        keys = [key for key in action.shortcuts() if not key.isEmpty()]
        if action.statusTip():  # the actions this window words itself (not the undo stack's)
            tips[action.statusTip()] = action.toolTip()
            assert "()" not in action.toolTip()
            if keys:
                assert action.toolTip() == f"{action.statusTip()} ({keys[0].toString()})"
    assert tips["Step forward"] == "Step forward (Right)" and tips["Quit ConvStudio"].startswith("Quit")


def test_every_action_with_a_key_is_in_a_menu_or_the_toolbar(qtbot):
    window = open_window(qtbot)
    placed = {id(a) for bar in (window.stepping_bar, window.lesson_bar) for a in bar.actions()}
    stack = [top.menu() for top in window.menuBar().actions()]
    while stack:
        menu = stack.pop()
        for action in menu.actions():
            placed.add(id(action))
            if action.menu() is not None:
                stack.append(action.menu())
    unplaced = [a.text() for a in window.actions() if a.shortcuts() and id(a) not in placed]
    assert unplaced == []
