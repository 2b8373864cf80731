"""The status bar's equation line: the current step's equation in plain text, announced to screen readers."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtGui import QAccessible, QAccessibleEvent
from PySide6.QtWidgets import QLabel, QSizePolicy, QStatusBar

if TYPE_CHECKING:
    from convstudio.session.session import Session
    from convstudio.ui.panels.equation_panel import EquationPanel


class EquationStatus(QLabel):
    """Follows the equation panel; a name-change event tells the screen reader to read it again."""

    def __init__(self, session: Session, equations: EquationPanel, bar: QStatusBar) -> None:
        super().__init__(bar)
        self._equations = equations
        self.setTextFormat(self.textFormat().PlainText)
        self.setAccessibleDescription(self.tr("The current step's equation"))
        # a long equation is cut at the window's edge rather than widening the window
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        bar.addWidget(self, 1)
        signals = ("cursor_moved", "params_changed", "spec_changed")
        session.once_per_action(dict.fromkeys(signals, self.refresh), self)
        self.refresh()

    def refresh(self) -> None:
        # one line however many the equation has (an Adam update has six): the bar keeps its height
        text = "; ".join(line.strip() for line in self._equations.text().splitlines() if line.strip())
        if text == self.text():
            return
        self.setText(text)
        self.setAccessibleName(text or self.tr("No equation yet"))
        if QAccessible.isActive():
            QAccessible.updateAccessibility(QAccessibleEvent(self, QAccessible.Event.NameChanged))
