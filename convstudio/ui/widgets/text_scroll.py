"""A frameless scroll area around a panel's text, its viewport watched by the panel (to refit on resize)."""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QScrollArea, QWidget


def text_scroll(body: QWidget, watcher: QObject) -> QScrollArea:
    """``body`` in a frameless, resizable scroll area whose viewport's events ``watcher`` filters."""
    scroll = QScrollArea()
    scroll.setWidgetResizable(True)
    scroll.setFrameShape(QScrollArea.Shape.NoFrame)
    scroll.setWidget(body)
    scroll.viewport().installEventFilter(watcher)
    return scroll
