"""An instrument that works on one-layer networks only, in a frame that says so on a deep network.

The instrument is built while the network is a one-layer one and deleted at once when a deep
network comes (its slots would read a Spec the session no longer has); it is built afresh when a
one-layer network comes back. Attributes the frame lacks are the instrument's."""

from __future__ import annotations

from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from convstudio.session.session import Session


class OneLayerOnly(QWidget):
    """Holds the instrument ``make`` builds on a one-layer network; on a deep one, a sentence."""

    def __init__(self, session: Session, make: Callable[[], QWidget], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session, self._make = session, make
        self.inner: QWidget | None = None
        self.note = QLabel(
            self.tr(
                "This instrument works on networks with one conv layer; it cannot show this "
                "deeper network yet."
            )
        )
        self.note.setWordWrap(True)
        self.note.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self._layout = QVBoxLayout(self)
        self._layout.addWidget(self.note)
        # before the instrument connects its own slots, so that this one runs first
        session.spec_changed.connect(self._sync)
        self._sync()

    def _sync(self) -> None:
        deep = self.session.deep
        if deep and self.inner is not None:
            inner, self.inner = self.inner, None
            self._layout.removeWidget(inner)
            shiboken6.delete(inner)  # now, not later: its slots must not run on the deep network
        if not deep and self.inner is None:
            self.inner = self._make()
            self._layout.addWidget(self.inner, 1)
        self._layout.setContentsMargins(*((12,) * 4 if deep else (0,) * 4))
        self.note.setVisible(deep)

    def sizeHint(self) -> QSize:
        """Room for the sentence only, on a deep network: the main panels keep the window."""
        return QSize(280, 160) if self.inner is None else super().sizeHint()
