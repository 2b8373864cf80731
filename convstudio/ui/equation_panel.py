"""The current step as an equation: symbolic and with its numbers, and the running sum mid-step.

Rich text (HTML subscripts) costs nothing per step; LaTeX is one copy away for a teacher's notes.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import QHBoxLayout, QLabel, QScrollArea, QToolButton, QVBoxLayout, QWidget

from convstudio.engine.trace import equation, number
from convstudio.session.session import Session

HINT = "Press → (or Step ▶) to compute the first element."


class EquationPanel(QWidget):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.zoom = 1.0
        self._text = ""
        self._latex = ""
        self.header = QLabel()
        self.header.setObjectName("equationHeader")
        self.body = QLabel()
        self.body.setTextFormat(Qt.TextFormat.RichText)
        self.body.setWordWrap(True)
        self.body.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.body.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.copy_button = QToolButton()
        self.copy_button.setText("Copy")
        self.copy_button.setToolTip("Copy the equation as text and as LaTeX")
        self.copy_button.clicked.connect(self.copy)
        copy_latex = QAction("Copy as LaTeX", self)
        copy_latex.triggered.connect(lambda: QGuiApplication.clipboard().setText(self._latex))
        copy_text = QAction("Copy as text", self)
        copy_text.triggered.connect(lambda: QGuiApplication.clipboard().setText(self._text))
        self.body.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.body.addActions([copy_text, copy_latex])
        top = QHBoxLayout()
        top.addWidget(self.header, 1)
        top.addWidget(self.copy_button)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(self.body)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addLayout(top)
        layout.addWidget(scroll, 1)
        self._apply_zoom()
        session.cursor_moved.connect(self.refresh)
        session.params_changed.connect(self.refresh)
        session.spec_changed.connect(self.refresh)
        self.refresh()

    def set_zoom(self, factor: float) -> None:
        self.zoom = min(max(factor, 0.6), 3.0)
        self._apply_zoom()

    def _apply_zoom(self) -> None:
        font = self.font()
        font.setPointSizeF(max(self.font().pointSizeF(), 9.0) * 1.3 * self.zoom)
        self.body.setFont(font)

    def text(self) -> str:
        """The equation in plain text (what Copy puts on the clipboard first)."""
        return self._text

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(f"{self._text}\n\n{self._latex}" if self._text else "")

    def refresh(self) -> None:
        s = self.session
        trace, cursor = s.trace, s.cursor
        step = trace.current(cursor)
        total = len(trace)
        if step is None:
            self.header.setText(f"<b>Iteration {s.iteration + 1}</b> · step 0 of {total}")
            self.body.setText(f"<p>{HINT}</p>")
            self._text = self._latex = ""
            return
        mid = cursor.terms > 0 and step.number == cursor.done
        terms = cursor.terms if mid else None
        self.header.setText(f"<b>{step.section.title}</b> · step {step.number + 1} of {total}")
        names = trace.names
        self._text = equation(step, names, "text", terms=terms)
        self._latex = equation(step, names, "latex", terms=terms)
        html = equation(step, names, "html", terms=terms)
        parts = html.split(" = ")
        body = self._layout(parts)
        if mid:
            body += (
                f"<p>Running sum after {cursor.terms} of {step.n_terms} terms: "
                f"<b>{number(step.partial(cursor.terms), 'html')}</b></p>"
            )
        self.body.setText(body)

    @staticmethod
    def _layout(parts: list[str]) -> str:
        """``lhs = symbolic = numbers = result`` on lines of their own, aligned on the equals sign."""
        if len(parts) < 3:
            return "<p>" + " = ".join(parts) + "</p>"
        lhs, rest = parts[0], parts[1:]
        rows = "".join(
            f"<tr><td align='right'>{lhs if i == 0 else ''}</td><td>&nbsp;=&nbsp;</td><td>{part}</td></tr>"
            for i, part in enumerate(rest)
        )
        return f"<table cellspacing='2'>{rows}</table>"
