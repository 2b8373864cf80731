"""A frameless scroll area around a panel's text that asks the panel to refit it on every resize."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QScrollArea, QWidget


class _Refit(QObject):
    """Calls ``refit`` whenever the viewport it filters is resized."""

    def __init__(self, refit: Callable[[], None], parent: QObject) -> None:
        super().__init__(parent)
        self._refit = refit

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self._refit()
        return False


def text_scroll(body: QWidget, refit: Callable[[], None]) -> QScrollArea:
    """``body`` in a frameless, resizable scroll area that calls ``refit`` when its viewport resizes."""
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QScrollArea.Shape.NoFrame)
    scroll.setWidget(body)
    scroll.viewport().installEventFilter(_Refit(refit, scroll))
    return scroll
