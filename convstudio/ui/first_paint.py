"""What waits for the window's first paint: the start-up benchmark's stamp, and building what can wait."""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication


class ReportFirstPaint(QObject):
    """Prints when the window first paints, then quits: how the start-up benchmark times us."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            print("first-paint", time.time(), flush=True)
            watched.removeEventFilter(self)
            QTimer.singleShot(0, QApplication.quit)
        return False


class AfterFirstPaint(QObject):
    """Runs ``then`` once the window has painted for the first time (and the event loop is free)."""

    def __init__(self, then: Callable[[], None]) -> None:
        super().__init__()
        self.then = then

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self.then)
        return False
