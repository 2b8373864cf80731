"""An instrument about one conv layer, in a frame that says so on a network without conv layers.

The instrument is built while the network has a conv layer (one-layer sessions always do) and
deleted at once when a network without one comes (its slots would read a layer that is not there);
it is built afresh when a conv layer comes back.
"""

from __future__ import annotations

from collections.abc import Callable

import shiboken6
from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from convstudio.engine.network_conv_layer import conv_layers
from convstudio.engine.network_trace import NetworkTrace
from convstudio.session.session import Session


def has_conv_layer(session: Session) -> bool:
    """Whether the session's network has a conv layer to show."""
    trace = session.trace
    return not isinstance(trace, NetworkTrace) or bool(conv_layers(trace))


class ConvLayersOnly(QWidget):
    """Holds the instrument ``make`` builds while the network has a conv layer; else a sentence."""

    def __init__(self, session: Session, make: Callable[[], QWidget], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session, self._make = session, make
        self.inner: QWidget | None = None
        self.note = QLabel(
            self.tr(
                "This instrument shows a conv layer; this network has none "
                "(a transposed convolution is not one)."
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
        fits = has_conv_layer(self.session)
        if not fits and self.inner is not None:
            inner, self.inner = self.inner, None
            self._layout.removeWidget(inner)
            shiboken6.delete(inner)  # now, not later: its slots must not run on this network
        if fits and self.inner is None:
            self.inner = self._make()
            self._layout.addWidget(self.inner, 1)
        self._layout.setContentsMargins(*((0,) * 4 if fits else (12,) * 4))
        self.note.setVisible(not fits)

    def sizeHint(self) -> QSize:
        """Room for the sentence only, without a conv layer: the main panels keep the window."""
        return QSize(280, 160) if self.inner is None else super().sizeHint()
