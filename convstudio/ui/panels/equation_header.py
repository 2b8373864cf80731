"""The equation panel's header: what is computed ("Backward · layer 3 (conv): dL/dW²") and where
("step 40 of 71"), beside the Copy button. Always on one line; when it does not fit (projector
mode at 1024 or 1280 pixels) the title first gives up the layer's type in brackets (the strip and
the tensor panel name it), as the toolbars give up words; then "step N of M" goes (the toolbar's
position says it too: a second line would take its height from the equation), and only then is the
title cut short with …. The full text stays in the tooltip and the accessible name."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QFontMetricsF
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from convstudio.ui.look.short_text import first_that_fits

#: A layer's type in brackets, as section titles name it: " (conv)".
_LAYER_TYPE = re.compile(r" \([^()]*\)")


class Elided(QLabel):
    """One line of plain text, cut short with … when narrow: it neither widens its panel (which
    would squeeze the others) nor wraps (which would change the room left for the equation).
    Shorter forms of the text (``show_as``) may stand in for it before it is cut."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self._full = ""
        self._forms: list[str] = [""]  # the full text and its shorter forms, longest first

    def sizeHint(self) -> QSize:
        return QSize(self.width_of(self._forms[0]), super().sizeHint().height())

    def minimumSizeHint(self) -> QSize:
        return QSize(20, super().minimumSizeHint().height())

    def width_of(self, text: str) -> int:
        """The width ``text`` takes, with the room _elide leaves beside it."""
        return math.ceil(QFontMetricsF(self.font()).horizontalAdvance(text)) + 4

    def setText(self, text: str) -> None:
        self._full = text
        self._forms = [text]
        self.setToolTip(text)
        self.updateGeometry()
        self._elide()

    def show_as(self, forms: Sequence[str]) -> None:
        """Show ``forms`` (longest first) instead, keeping the text, its tooltip and its size hint."""
        if list(forms) != self._forms:
            self._forms = list(forms)
            self.updateGeometry()
            self._elide()

    def text(self) -> str:
        return self._full

    def shown(self) -> str:
        """The text as it stands now: in full, shortened or cut."""
        return super().text()

    def resizeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().resizeEvent(event)
        self._elide()

    def _elide(self) -> None:
        super().setText(first_that_fits(self._forms, QFontMetricsF(self.font()), self.width() - 4))


class HeaderRow(QWidget):
    """The title, "where" and the Copy button, on one row: a second row would take its height from
    the equation, which projector mode most needs large."""

    def __init__(self, title: Elided, where: Elided, button: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title, self.where, self.button = title, where, button
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(0)
        row.addWidget(title)
        row.addWidget(where)
        row.addStretch(1)
        row.addWidget(button, 0, Qt.AlignmentFlag.AlignTop)
        self._where = self._short = ""

    def set_text(self, title: str, where: str) -> None:
        """Both texts in full (``where`` leads with " · ", as it follows the title)."""
        self._where = where
        full = title + where
        self._short = _LAYER_TYPE.sub("", title)
        self.title.setText(title)
        self.where.setText(where)
        for label in (self.title, self.where):
            label.setToolTip(full)
            label.setAccessibleName(full)
        self._fit()

    def resizeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().resizeEvent(event)
        self._fit()

    def changeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().changeEvent(event)
        if event.type() == event.Type.FontChange:
            self._fit()

    def _fit(self) -> None:
        """The title and "where" in full; else the title without the layer's type; else the title
        alone ("step N of M" is in the toolbar's position too), in full, shortened, or cut."""
        room = self.width() - self.button.sizeHint().width()
        full, short = self.title.text(), self._short
        titles = [full] if short == full else [full, short]
        tries = [(t, self._where) for t in titles] + [(t, "") for t in titles]
        fitting = next(
            (
                (t, w)
                for t, w in tries
                if self.title.width_of(t) + (self.where.width_of(w) if w else 0) <= room
            ),
            None,
        )
        title, where = fitting if fitting is not None else (short, "")
        self.title.show_as([title] if fitting is not None else titles)
        self.where.show_as([where])
        self.where.setVisible(bool(where))
