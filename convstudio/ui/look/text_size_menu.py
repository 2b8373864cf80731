"""View ▸ Text size: every font of the window larger or smaller, one exclusive choice, remembered."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QApplication, QMainWindow, QMenu

from convstudio import settings
from convstudio.ui.look import theme


def _tr(text: str) -> str:
    return QCoreApplication.translate("", text)


def _app() -> QApplication:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    return app


def choose(factor: float) -> None:
    """Apply and remember one text size."""
    theme.set_text_size(_app(), factor)
    settings.write("text_size", factor)


def remembered() -> float:
    """The text size the settings keep, or 1.0 if it is not one of theme.TEXT_SIZES."""
    factor = settings.read_float("text_size")
    return factor if any(abs(factor - size) < 1e-6 for size in theme.TEXT_SIZES) else 1.0


def add(window: QMainWindow, menu: QMenu) -> QActionGroup:
    """The Text size submenu of ``menu``, with the remembered size applied."""
    sub = menu.addMenu(_tr("Te&xt size"))
    sub.setToolTipsVisible(True)
    group = QActionGroup(window)
    group.setExclusive(True)
    for factor in theme.TEXT_SIZES:
        act = QAction(_tr("{0} %").format(round(factor * 100)), window)
        act.setCheckable(True)
        act.setData(factor)
        act.triggered.connect(lambda _=False, f=factor: choose(f))
        group.addAction(act)
        sub.addAction(act)

    def sync() -> None:
        size = theme.text_size(_app())
        for act in group.actions():
            act.setChecked(abs(float(act.data()) - size) < 1e-6)

    sub.aboutToShow.connect(sync)
    theme.set_text_size(_app(), remembered())
    sync()
    window.text_size_group = group  # type: ignore[attr-defined]
    return group
