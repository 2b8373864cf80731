"""The equation panel's header: what is computed ("Backward · layer 3 (conv): dL/dW²") and where
("step 40 of 71"), beside the Copy button. On one line while it fits; when it does not (projector
mode at 1024 or 1280 pixels) the title first gives up the layer's type in brackets (the strip and
the tensor panel name it), as the toolbars give up words; then "step N of M" goes onto a line of its
own (which takes its height from the equation), and only then is the title cut short with …. The
full text stays in the tooltip and the accessible name."""

from __future__ import annotations

import re
from collections.abc import Sequence

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QGridLayout, QLabel, QWidget

#: A layer's type in brackets, as section titles name it: " (conv)".
_LAYER_TYPE = re.compile(r" \([^()]*\)")
#: What leads "where" when it follows the title on its line, and goes when it has a line of its own.
_LEAD = " ·"


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
        return self.fontMetrics().horizontalAdvance(text) + 4

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
        fitting = next((form for form in self._forms if self.width_of(form) <= self.width()), None)
        if fitting is None:
            elide = Qt.TextElideMode.ElideRight
            fitting = self.fontMetrics().elidedText(self._forms[-1], elide, self.width())
        super().setText(fitting)


class HeaderRow(QWidget):
    """The title, "where" and the Copy button: on one row while they fit, else on two."""

    def __init__(self, title: Elided, where: Elided, button: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title, self.where, self.button = title, where, button
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setSpacing(0)
        self.grid.setColumnStretch(2, 1)
        self._two: bool | None = None
        self._where = self._short = ""
        self._place(False)

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

    def two_lines(self) -> bool:
        return bool(self._two)

    def resizeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().resizeEvent(event)
        self._fit()

    def changeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().changeEvent(event)
        if event.type() == event.Type.FontChange:
            self._fit()

    def _fit(self) -> None:
        """Everything on one line; else the title without the layer's type; else two lines, the
        title in full or shortened (or cut); "where" on the second without its " · "."""
        room = self.width() - self.button.sizeHint().width() - self.where.width_of(self._where)
        full, short = self.title.text(), self._short
        forms = [full] if short == full else [full, short]
        one = next((form for form in forms if self.title.width_of(form) <= room), None)
        two = one is None
        self.title.show_as(forms if one is None else [one])
        self._place(two)
        # on a line of its own, "where" needs no " · " to set it off from the title
        self.where.show_as([self._where.removeprefix(_LEAD).lstrip() if two else self._where])

    def _place(self, two: bool) -> None:
        if two == self._two:
            return
        self._two = two
        for widget in (self.title, self.where, self.button):
            self.grid.removeWidget(widget)
        top = Qt.AlignmentFlag.AlignTop
        if two:
            self.grid.addWidget(self.title, 0, 0, 1, 3)
            self.grid.addWidget(self.where, 1, 0, 1, 3)
            self.grid.addWidget(self.button, 0, 3, 2, 1, top)
        else:
            self.grid.addWidget(self.title, 0, 0)
            self.grid.addWidget(self.where, 0, 1)
            self.grid.addWidget(self.button, 0, 3, 1, 1, top)
