"""The window's docks: an instrument's (it scrolls rather than widening the window past the screen)
and the network strip's."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QDockWidget, QMainWindow, QScrollArea, QWidget


class InstrumentDock(QDockWidget):
    """An instrument in a dock, inside a scroll area: on a small screen or a projector's large text
    the dock scrolls rather than widening the window past the screen or drawing widgets over each
    other. ``panel`` is the instrument itself (None while a one-layer instrument waits out a deep
    network); ``frame`` is what the dock holds."""

    def __init__(self, title: str, panel: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.frame = panel
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(_AtLeast(panel))
        self.setWidget(scroll)

    @property
    def panel(self) -> QWidget | None:
        inner: QWidget | None = getattr(self.frame, "inner", self.frame)
        return inner


class _AtLeast(QWidget):
    """Gives its one child all its room, and asks the scroll area for the child's minimum size only.
    A scroll area around a widget whose text wraps sizes it to its preferred height for the width,
    which for a plot is far more than it needs: the dock scrolled with room to spare."""

    def __init__(self, child: QWidget) -> None:
        super().__init__()
        self.child = child
        child.setParent(self)

    def sizeHint(self) -> QSize:
        return self.child.sizeHint()

    def minimumSizeHint(self) -> QSize:
        return self.child.minimumSizeHint().expandedTo(self.child.minimumSize())

    def resizeEvent(self, event: QResizeEvent) -> None:
        self.child.setGeometry(self.rect())

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LayoutRequest:  # the child's minimum may have changed
            self.updateGeometry()
        return super().event(event)


class NetworkDock(QDockWidget):
    """The network strip in a dock across the top of ``window`` (View ▸ Network strip hides it)."""

    def __init__(self, strip: QWidget, window: QMainWindow) -> None:
        super().__init__(QCoreApplication.translate("MainWindow", "Network"), window)
        self.setObjectName("network")  # the window's saved state knows it by this name
        self.setWidget(strip)
        self.setAllowedAreas(Qt.DockWidgetArea.TopDockWidgetArea | Qt.DockWidgetArea.BottomDockWidgetArea)
        self.toggleViewAction().setText(QCoreApplication.translate("MainWindow", "&Network strip"))
        # No title bar: the strip names itself, and the rows it would take belong to the images.
        self.setTitleBarWidget(QWidget(self))
        self.setFeatures(QDockWidget.DockWidgetFeature.NoDockWidgetFeatures)
        window.addDockWidget(Qt.DockWidgetArea.TopDockWidgetArea, self)
