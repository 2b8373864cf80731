"""Predict mode: before a step shows its value, the student types what it will be.

Stepping forward (by element, or by term: then the running sum) first asks for the number the
step will produce; the panels keep that cell empty meanwhile. The question shows the step's formula
in symbols only: finding the factors in the panels (which show them, with 1-based indices) is half
of what the student practises. A miss shows the formula with its numbers as a hint; a second miss,
or "Show me", reveals the step. Bigger steps (layer, phase, iteration) move on without asking, and
nothing is asked twice: an element once revealed is not asked again when stepping back and forth.
The score per lesson (right first time / attempted) is kept in the settings.

What a step asks and how an answer is read and checked live in ``convstudio.engine.prediction``.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QEvent, QLocale, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from convstudio.engine import lessons
from convstudio.engine.cursor import Cursor
from convstudio.engine.notation import number
from convstudio.engine.prediction import EXAMPLES, Question, is_close, parse_answer, question
from convstudio.session.session import Session
from convstudio.ui.instruments.predict.results import Results
from convstudio.ui.instruments.predict.score import Score, load_score, save_score, title_of
from convstudio.ui.instruments.predict.words import answer_text, hint, prompt
from convstudio.ui.look import colors, theme

#: A right answer in bluish green (Okabe-Ito), darker or lighter for a contrast of 4.5:1 or more;
#: a miss in the vermillion of the notes. A tick or a cross says it too, not the colour alone.
RIGHT_LIGHT = "#007A5A"
RIGHT_DARK = "#3FD0A4"


class AnswerField(QLineEdit):
    """The answer box. Empty, it lets ← and → through to the window, so the arrows still step
    (and → with a question open says what to do instead of skipping it)."""

    def event(self, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.ShortcutOverride
            and isinstance(event, QKeyEvent)
            and not self.text()
            and event.key() in (Qt.Key.Key_Left, Qt.Key.Key_Right)
            and event.modifiers() == Qt.KeyboardModifier.NoModifier
        ):
            event.ignore()
            return False
        return super().event(event)


class PredictPanel(QWidget):
    """The question, the answer box, the feedback and the score of the current lesson."""

    def __init__(self, session: Session, unit: Callable[[], str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._unit = unit
        self.active = False
        self.question: Question | None = None
        self.misses = 0
        self._furthest: dict[int, Cursor] = {}  # per iteration, the furthest cursor already shown
        self.prompt = QLabel()
        self.prompt.setTextFormat(Qt.TextFormat.RichText)
        self.prompt.setWordWrap(True)
        self.answer = AnswerField()
        self.answer.setPlaceholderText(self.tr("your prediction"))
        self.answer.setToolTip(
            self.tr(
                "Type a number or simple arithmetic ({0}), then Enter. Within 0.1% counts as right."
            ).format(EXAMPLES)
        )
        self.answer.returnPressed.connect(self.check)
        self.check_button = QPushButton(self.tr("Check"))
        self.check_button.setToolTip(self.tr("Check your prediction (Enter)"))
        self.check_button.clicked.connect(self.check)
        self.show_button = QPushButton(self.tr("Show me"))
        self.show_button.setToolTip(self.tr("Reveal the step (counts as not right)"))
        self.show_button.clicked.connect(self.show_me)
        self.feedback = QLabel()
        self.feedback.setTextFormat(Qt.TextFormat.RichText)
        self.feedback.setWordWrap(True)
        self.feedback.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.feedback.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.score_label = QLabel()
        self.score_label.setWordWrap(True)
        self.reset_button = QPushButton(self.tr("Reset score"))
        self.reset_button.setToolTip(self.tr("Start this lesson's score again"))
        self.reset_button.clicked.connect(self.reset_score)
        self.results = Results()
        self.save_button = QPushButton(self.tr("Save results…"))
        self.save_button.setToolTip(
            self.tr("Every question, your answers, whether they were right and the time, as a CSV file")
        )
        self.save_button.clicked.connect(self._ask_where)
        row = QHBoxLayout()
        row.addWidget(self.answer, 1)
        row.addWidget(self.check_button)
        row.addWidget(self.show_button)
        bottom = QHBoxLayout()
        bottom.addWidget(self.score_label, 1)
        bottom.addWidget(self.save_button)
        bottom.addWidget(self.reset_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addWidget(self.prompt)
        layout.addLayout(row)
        layout.addWidget(self.feedback, 1)
        layout.addLayout(bottom)
        self._apply_zoom()
        session.cursor_moved.connect(self._cursor_moved)
        session.data_changed.connect(self._restarted)
        session.spec_changed.connect(self._restarted)
        session.lesson_changed.connect(self._show_score)
        session.playing_changed.connect(self._playing_changed)
        self._cursor_moved()
        self._idle()
        self._show_score()

    def _apply_zoom(self) -> None:
        """The question, the answer and the feedback a little larger than the window's text."""
        font = self.font()
        font.setPointSizeF(max(font.pointSizeF(), 9.0) * 1.2)
        for label in (self.prompt, self.feedback, self.answer):
            label.setFont(font)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.FontChange:  # projector mode: follow the window's text
            self._apply_zoom()
        super().changeEvent(event)

    # --- what the window calls --------------------------------------------------------------

    def set_active(self, on: bool) -> None:
        self.active = on
        if on:
            self.session.pause()
        self._close_question()
        self._idle()

    def intercept(self, unit: str | None = None) -> bool:
        """Called before stepping forward: True if a question stands in the way (asked now, or
        still open), False if the step may go ahead (mode off, nothing new to show)."""
        if not self.active:
            return False
        if self.question is not None:
            self._say(self.tr("Type your prediction and press Enter, or press <i>Show me</i>."), good=None)
            self.answer.setFocus()
            return True
        s = self.session
        q = question(s.trace, s.iteration, s.cursor, unit or self._unit())
        if q is None or q.target <= self._furthest.get(q.iteration, Cursor(0, 0)):
            return False
        self.question, self.misses = q, 0
        self.results.ask(q, s.trace.names, (s.lesson and lessons.title(s.lesson)) or s.lesson or "")
        self.prompt.setText(prompt(q, s.trace.names))
        self.feedback.clear()
        self.answer.clear()
        self.answer.setEnabled(True)
        self.check_button.setEnabled(True)
        self.show_button.setEnabled(True)
        self.answer.setFocus()
        return True

    # --- answering --------------------------------------------------------------------------

    def check(self) -> None:
        q = self.question
        if q is None:
            return  # nothing asked: the prompt says to press →
        text = self.answer.text()
        try:
            value = parse_answer(text, decimal_comma=QLocale().decimalPoint() == ",")
        except ValueError as error:
            self._say(str(error), good=None)
            return
        names = self.session.trace.names
        you = self.tr("you said {0}").format(number(value, "html"))
        self.results.answered(text)
        if is_close(value, q.value, q.magnitude):
            self._count(right=self.misses == 0)
            self.results.close("right" if self.misses == 0 else "right on the second try")
            right = (
                self.tr("✓ Right ({0}):<br>{1}")
                if self.misses == 0
                else self.tr("✓ Right on the second try ({0}):<br>{1}")
            )
            self._reveal(right.format(you, answer_text(q, names)), good=True)
        elif self.misses == 0:
            self.misses = 1
            self._say(
                self.tr("✗ Not quite ({0}). Here are the numbers:<br>{1}").format(you, hint(q, names)),
                good=False,
            )
            self.answer.selectAll()
        else:
            self._count(right=False)
            self.results.close("wrong")
            self._reveal(
                self.tr("✗ Not quite ({0}). The step:<br>{1}").format(you, answer_text(q, names)), good=False
            )

    def show_me(self) -> None:
        q = self.question
        if q is None:
            return
        self._count(right=False)
        self.results.close("shown")
        self._reveal(self.tr("The step:<br>{0}").format(answer_text(q, self.session.trace.names)), good=None)

    def save_results(self, path: str | Path) -> bool:
        """This run's questions and answers as CSV at ``path``; False (and why, below) if it cannot be."""
        try:
            written = self.results.write(Path(path))
        except OSError as error:
            reason = error.strerror or str(error)
            self._say(self.tr("The results could not be saved: {0}").format(reason), good=False)
            return False
        self._say(
            self.tr("Saved {0} question(s) to {1}.").format(len(self.results.rows), written.name), good=None
        )
        return True

    def _ask_where(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Save predict results"), "predict-results.csv", self.tr("CSV files (*.csv)")
        )
        if path:
            self.save_results(path)

    def _reveal(self, message: str, *, good: bool | None) -> None:
        q = self.question
        assert q is not None
        self._close_question()
        self.session.move(q.unit, +1)
        self._idle()
        self._say(message + self.tr("<p>Press → for the next step.</p>"), good=good)

    # --- the score --------------------------------------------------------------------------

    def score(self) -> Score:
        return load_score(self.session.lesson)

    def _count(self, *, right: bool) -> None:
        old = self.score()
        save_score(self.session.lesson, Score(old.right + int(right), old.attempted + 1))
        self._show_score()

    def reset_score(self) -> None:
        save_score(self.session.lesson, Score())
        self._show_score()

    def _show_score(self, *_: object) -> None:
        self.score_label.setText(
            self.tr("Score for {0}: {1}").format(title_of(self.session.lesson), self.score().text())
        )

    # --- following the session --------------------------------------------------------------

    def _cursor_moved(self) -> None:
        s = self.session
        if s.cursor > self._furthest.get(s.iteration, Cursor(0, 0)):
            self._furthest[s.iteration] = s.cursor
        q = self.question
        if q is not None and (q.iteration, q.start) != (s.iteration, s.cursor):
            self._close_question()  # the learner moved elsewhere: this question no longer stands
            self._idle()

    def _restarted(self) -> None:
        """New data, weights or network: every element is new again."""
        self._furthest.clear()
        self._cursor_moved()
        if self.question is not None:
            self._close_question()
            self._idle()

    def _playing_changed(self, playing: bool) -> None:
        if playing and self.active:
            self.session.pause()
            self.intercept()

    # --- showing ----------------------------------------------------------------------------

    def _close_question(self) -> None:
        self.results.close(
            "not answered"
        )  # the mode turned off or the lesson changed (no-op after an answer)
        self.question = None
        self.misses = 0
        self.answer.clear()

    def _idle(self) -> None:
        waiting = self.question is None
        if waiting:
            self.prompt.setText(
                self.tr("Press → to predict the next step.")
                if self.active
                else self.tr("Predict mode is off (Ctrl+P).")
            )
        self.check_button.setEnabled(not waiting)
        self.show_button.setEnabled(not waiting)

    def _say(self, message: str, *, good: bool | None) -> None:
        if good is None:
            self.feedback.setText(message)
            return
        dark = theme.is_dark(self.palette())
        if good:
            color = RIGHT_DARK if dark else RIGHT_LIGHT
        else:
            color = colors.NOTE_DARK if dark else colors.NOTE_LIGHT
        head, _, rest = message.partition("<br>")
        self.feedback.setText(f"<span style='color:{color}'><b>{head}</b></span><br>{rest}")


__all__ = ["AnswerField", "PredictPanel"]
