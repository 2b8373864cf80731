"""The lesson's teaching text for the current phase: what to look at, what to notice."""

from __future__ import annotations

import html
import re

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QScrollArea, QVBoxLayout, QWidget

from convstudio.session.session import Session

GENERIC = {
    "intro": "Step through one training iteration: the forward pass, backprop, then the update.",
    "forward": "Each output element is a sum of products of the window's cells and the filter's weights.",
    "backward": "Each gradient element adds up how every place a value was used changed the loss.",
    "update": "Each weight takes a step against its gradient: W ← W − η·dL/dW.",
}


def render(text: str) -> str:
    """Plain lesson text to rich text: paragraphs, and *emphasis* in italics; everything escaped."""
    paragraphs = [" ".join(p.split()) for p in text.strip().split("\n\n") if p.strip()]
    out = []
    for p in paragraphs:
        escaped = html.escape(p)
        out.append("<p>" + re.sub(r"\*([^*]+)\*", r"<i>\1</i>", escaped) + "</p>")
    return "".join(out)


class LessonPanel(QWidget):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.zoom = 1.0
        self.title = QLabel()
        self.title.setWordWrap(True)
        self.body = QLabel()
        self.body.setWordWrap(True)
        self.body.setTextFormat(Qt.TextFormat.RichText)
        self.body.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(self.body)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addWidget(self.title)
        layout.addWidget(scroll, 1)
        self._shown: tuple[str | None, str, int] | None = None
        session.cursor_moved.connect(self.refresh)
        session.lesson_changed.connect(self.refresh)
        session.params_changed.connect(self.refresh)
        self.refresh()

    def phase(self) -> str:
        step = self.session.trace.current(self.session.cursor)
        return "intro" if step is None else step.section.phase

    def set_zoom(self, factor: float) -> None:
        self.zoom = min(max(factor, 0.6), 3.0)
        font = self.body.font()
        font.setPointSizeF(max(self.font().pointSizeF(), 9.0) * 1.1 * self.zoom)
        self.body.setFont(font)

    def refresh(self) -> None:
        phase = self.phase()
        key = (self.session.lesson, phase, id(self.session.lesson_text))
        if key == self._shown:
            return  # the text changes only with the phase or the lesson
        self._shown = key
        texts = self.session.lesson_text
        text = texts.get(phase) or GENERIC[phase]
        words = {"intro": "Start", "forward": "Forward pass", "backward": "Backprop", "update": "Update"}
        self.title.setText(f"<b>{words[phase]}</b>")
        self.body.setText(render(text))

    def text(self) -> str:
        return self.body.text()
