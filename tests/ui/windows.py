"""The main window as the GUI tests open it: offscreen, never reading the user's settings unless
asked, errors in the status bar rather than in dialogs that would wait for a click."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from convstudio.ui.main_window import MainWindow


def open_window(
    qtbot,  # type: ignore[no-untyped-def]
    lesson: str | None = "worked-example",
    size: tuple[int, int] = (1280, 800),
    restore: bool = False,
    active: bool = False,
) -> MainWindow:
    """A shown window on ``lesson`` (None: the one it opens with), its panels all built; ``active``
    waits until it is the active window, which keyboard shortcuts need."""
    w = MainWindow(restore_settings=restore)
    w._error_dialogs = False
    qtbot.addWidget(w)
    if lesson is not None:
        assert w.open_lesson(lesson)
    w.resize(*size)
    w.show()
    qtbot.waitExposed(w)
    w.finish_startup(now=True)
    if active:
        w.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is w)
    return w
