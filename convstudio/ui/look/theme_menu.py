"""View ▸ Theme: light, dark or high contrast as one exclusive choice, remembered in the settings."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction, QActionGroup, QPalette
from PySide6.QtWidgets import QApplication, QMainWindow, QMenu

from convstudio import settings
from convstudio.ui.look import theme


def current(app: QApplication) -> str:
    """Which of theme.THEMES the application's palette is."""
    if app.palette().color(QPalette.ColorRole.Window).name() == "#000000":
        return "high-contrast"
    return "dark" if theme.is_dark(app.palette()) else "light"


def choose(window: QMainWindow, name: str) -> None:
    """Apply and remember one theme; the Dark palette tick follows."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    theme.set_theme(app, name)
    settings.write("theme", name)
    settings.write("dark", name == "dark")
    window.act_dark.setChecked(name == "dark")  # type: ignore[attr-defined]


def add(window: QMainWindow, menu: QMenu) -> QActionGroup:
    """The Theme submenu of ``menu``; its ticks follow the palette each time it opens."""
    sub = menu.addMenu(QCoreApplication.translate("ThemeMenu", "&Theme"))
    group = QActionGroup(window)
    group.setExclusive(True)
    labels = {
        "light": QCoreApplication.translate("ThemeMenu", "&Light"),
        "dark": QCoreApplication.translate("ThemeMenu", "&Dark"),
        "high-contrast": QCoreApplication.translate("ThemeMenu", "&High contrast"),
    }
    for name in theme.THEMES:
        act = QAction(labels[name], window)
        act.setCheckable(True)
        act.setData(name)
        act.triggered.connect(lambda _=False, n=name: choose(window, n))
        group.addAction(act)
        sub.addAction(act)

    def sync() -> None:
        app = QApplication.instance()
        assert isinstance(app, QApplication)
        name = current(app)
        for act in group.actions():
            act.setChecked(act.data() == name)

    sub.aboutToShow.connect(sync)
    window.theme_group = group  # type: ignore[attr-defined]
    return group
