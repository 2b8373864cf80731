"""View ▸ Language: the system's language or one named, switched at once by rebuilding the window
over the same session, and remembered."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QApplication, QMainWindow, QMenu

from convstudio import settings
from convstudio.ui import language
from convstudio.ui.language import NAMES, SHIPPED, system_language

#: The window the last switch built: nothing else holds it (the app holds the one it made).
latest: list[QMainWindow] = []


def add(window: QMainWindow, menu: QMenu) -> QActionGroup:
    """View ▸ Language: the system's language or one named; choosing one switches at once."""
    sub = menu.addMenu(QCoreApplication.translate("Language", "&Language"))
    group = QActionGroup(window)
    group.setExclusive(True)
    remembered = settings.read_str("language")
    system = QCoreApplication.translate("Language", "System language ({0})").format(NAMES[system_language()])
    for code, label in (("", system), *NAMES.items()):
        act = QAction(label, window)
        act.setCheckable(True)
        act.setChecked(code == remembered or (code == "" and remembered not in SHIPPED))
        act.setData(code)
        act.triggered.connect(lambda _=False, c=code: switch(window, c))
        group.addAction(act)
        sub.addAction(act)
    window.language_group = group  # type: ignore[attr-defined]
    return group


def switch(window: QMainWindow, code: str) -> QMainWindow:
    """Remember ``code`` ("" for the system's), load its translations and rebuild the window in it;
    the session (network, weights, iterations, cursor, undo history) carries over untouched."""
    settings.write("language", code)
    app = QApplication.instance()
    assert app is not None
    code_shown = code if code in SHIPPED else system_language()
    if code_shown == language.current():
        return window
    language.install(app, code_shown)
    from convstudio.ui import rebuild

    new = rebuild.rebuilt(window)
    latest[:] = [new]
    return new
