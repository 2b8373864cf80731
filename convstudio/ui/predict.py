"""Predict mode: before a step shows its value, the student types what it will be.

Stepping forward (by element, or by term: then the running sum) first asks for the number the
step will produce; the panels keep that cell empty meanwhile. The question shows the step's formula
in symbols only: finding the factors in the panels (which show them, with 1-based indices) is half
of what the student practises. A miss shows the formula with its numbers as a hint; a second miss,
or "Show me", reveals the step. Bigger steps (layer, phase, iteration) move on without asking, and
nothing is asked twice: an element once revealed is not asked again when stepping back and forth.
The score per lesson (right first time / attempted) is kept in the settings.

The parsing and checking are plain functions (``parse_answer``, ``is_close``, ``question``).
"""

from __future__ import annotations

import ast
import math
import operator
from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from convstudio import settings
from convstudio.engine import lessons
from convstudio.engine.cursor import Cursor
from convstudio.engine.equations import equation
from convstudio.engine.notation import Names, number
from convstudio.engine.steps import Step
from convstudio.engine.trace import Trace
from convstudio.session.session import Session
from convstudio.ui import colors, theme

#: An answer within this fraction of the true value (or of the largest number that goes into it)
#: is right: three significant digits, what a student keeps when working by hand.
TOLERANCE = 1e-3
MAX_LENGTH = 200
#: A right answer in bluish green (Okabe-Ito), darker or lighter for a contrast of 4.5:1 or more;
#: a miss in the vermillion of the notes. A tick or a cross says it too, not the colour alone.
RIGHT_LIGHT = "#007A5A"
RIGHT_DARK = "#3FD0A4"
MAX_EXPONENT = 64

# --- reading an answer ---------------------------------------------------------------------------

_BINARY: dict[type, Callable[[float, float], float]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
}
_FUNCTIONS: dict[str, Callable[..., float]] = {
    "exp": math.exp,
    "log": math.log,
    "ln": math.log,
    "sqrt": math.sqrt,
    "tanh": math.tanh,
    "max": max,
    "min": min,
}
EXAMPLES = "−0.75, 3/4, 0.5*2 − 1 or exp(1)/(1 + exp(1))"


def parse_answer(text: str) -> float:
    """A number as a student types it: ``0.75``, ``−3/4``, ``1.5e-3``, ``2·(0.5 − 1)``, ``0.5^2``,
    ``exp(0.3)``. Read as arithmetic only (never evaluated as code); ValueError says what is wrong."""
    cleaned = text.strip()
    for typed, meant in (("−", "-"), ("–", "-"), ("·", "*"), ("×", "*"), ("÷", "/"), ("^", "**")):
        cleaned = cleaned.replace(typed, meant)
    if "," in cleaned and "." not in cleaned and "(" not in cleaned:
        cleaned = cleaned.replace(",", ".")  # a decimal comma: 0,75
    if not cleaned:
        raise ValueError(f"Type a number, like {EXAMPLES}.")
    if len(cleaned) > MAX_LENGTH:
        raise ValueError(f"That is too long for an answer (at most {MAX_LENGTH} characters).")
    try:
        tree = ast.parse(cleaned, mode="eval")
    except SyntaxError:
        raise ValueError(f"“{text.strip()}” is not a number I can read: try {EXAMPLES}.") from None
    try:
        value = _evaluate(tree.body)
    except ZeroDivisionError:
        raise ValueError("That divides by zero.") from None
    except OverflowError:
        raise ValueError("That number is too large.") from None
    if not math.isfinite(value):
        raise ValueError("That is not a finite number.")
    return value


def _evaluate(node: ast.expr) -> float:
    if isinstance(node, ast.Constant):
        if isinstance(node.value, bool) or not isinstance(node.value, (int, float)):
            raise ValueError(f"Only numbers, please: {node.value!r} is not one.")
        return float(node.value)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        value = _evaluate(node.operand)
        return -value if isinstance(node.op, ast.USub) else value
    if isinstance(node, ast.BinOp):
        left, right = _evaluate(node.left), _evaluate(node.right)
        if isinstance(node.op, ast.Pow):
            if abs(right) > MAX_EXPONENT:
                raise ValueError(f"Powers up to {MAX_EXPONENT}, please.")
            result = left**right
            if isinstance(result, complex):
                raise ValueError("That power has no real value.")
            return float(result)
        if type(node.op) in _BINARY:
            return _BINARY[type(node.op)](left, right)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and not node.keywords:
        function = _FUNCTIONS.get(node.func.id)
        if function is None:
            raise ValueError(f"{node.func.id}() is not available: use {', '.join(_FUNCTIONS)}.")
        args = [_evaluate(arg) for arg in node.args]
        try:
            return float(function(*args))
        except (TypeError, ValueError):
            raise ValueError(f"{node.func.id}() cannot take those arguments.") from None
    if isinstance(node, ast.Name):
        raise ValueError(f"{node.id} is a name, not a number: type its value (the panels show it).")
    raise ValueError(f"Only numbers and + − * / ^ ( ), please: try {EXAMPLES}.")


def is_close(answer: float, truth: float, magnitude: float = 0.0, tolerance: float = TOLERANCE) -> bool:
    """Right if within ``tolerance`` of the truth, relatively, or of ``magnitude`` (the largest
    number that went into it): a sum that nearly cancels is only as exact as the terms it adds."""
    return answer == truth or abs(answer - truth) <= tolerance * max(abs(truth), abs(magnitude))


# --- what a step asks ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Question:
    """The value the next step forward by ``unit`` reveals, and where the cursor goes then."""

    iteration: int
    start: Cursor
    target: Cursor
    unit: str
    step: Step
    value: float
    magnitude: float
    terms: int | None  # a running sum after this many terms; None: the element's value


def question(trace: Trace, iteration: int, cursor: Cursor, unit: str) -> Question | None:
    """What stepping forward from ``cursor`` by ``unit`` would show, or None when it shows no new
    number: a unit bigger than an element, the end of the iteration, or the later terms of an
    element that is not a sum (a max, a softmax: its value shows with the first term)."""
    if unit not in ("term", "element") or cursor.done >= len(trace):
        return None
    step = trace.step(cursor.done)
    target = trace.move(cursor, unit, +1)
    terms = target.terms if target.done == cursor.done and target.terms > 0 else None
    if terms is not None and step.op != "sum":
        if cursor.terms > 0:
            return None
        terms = None
    value = step.partial(terms) if terms is not None else step.result
    return Question(iteration, cursor, target, unit, step, value, magnitude(step, terms), terms)


def magnitude(step: Step, terms: int | None = None) -> float:
    """The largest number a student combines to get the step's value (what rounding costs)."""
    if step.op == "sum":
        products = step.products()[: terms if terms is not None else step.n_terms]
        return abs(step.scale) * float(np.max(np.abs(products), initial=0.0))
    if step.op in ("diff", "sqdiff"):
        values = np.concatenate([c.values for b in step.blocks for c in b.columns])
        return abs(step.scale) * float(np.max(np.abs(values), initial=0.0))
    if step.op == "update":
        cols = step.blocks[0].columns
        return max(abs(float(cols[0].values[0])), abs(step.result - float(cols[0].values[0])))
    return 0.0


def _parts(line: str) -> list[str]:
    """``a = b = c`` split at its top-level equals signs (not inside a label like ``[y1 = 2]``)."""
    parts, depth, start = [], 0, 0
    for i, char in enumerate(line):
        depth += {"[": 1, "(": 1, "]": -1, ")": -1}.get(char, 0)
        if depth == 0 and line.startswith(" = ", i):
            parts.append(line[start:i])
            start = i + 3
    parts.append(line[start:])
    return parts


def prompt(q: Question, names: Names) -> str:
    """The question in rich text: the formula in symbols, no numbers."""
    label = names.symbol(q.step.tensor, q.step.index, "html")
    html = equation(q.step, names, "html", terms=q.terms)
    lines = []
    for line in html.split("<br>"):
        parts = _parts(line)
        lines.append(parts[0] if "←" in parts[0] else " = ".join(parts[:2]))
    formula = "<br>".join(lines) + " = ?"
    if q.terms is not None:
        what = f"the running sum of <b>{label}</b> after term {q.terms} of {q.step.n_terms}"
    else:
        what = f"<b>{label}</b>"
    return f"Predict {what}:<p style='margin-top:4px'>{formula}</p>"


def hint(q: Question, names: Names) -> str:
    """The formula with its numbers, but not the result: one line per equals sign."""
    lines = [_parts(line) for line in equation(q.step, names, "html", terms=q.terms).split("<br>")]
    lines[-1] = [*lines[-1][:-1], "?"]
    return "<br>".join(_stacked(parts) for parts in lines)


def answer_text(q: Question, names: Names) -> str:
    """The whole equation, result included (once the step is revealed)."""
    full = equation(q.step, names, "html", terms=q.terms)
    if q.terms is not None:
        full = full.rsplit(" (term", 1)[0]
    return "<br>".join(_stacked(_parts(line)) for line in full.split("<br>"))


def _stacked(parts: list[str]) -> str:
    """``lhs = a = b`` as ``lhs = a``, then ``= b`` on a line of its own, indented."""
    return parts[0] + "".join(
        f" = {part}" if i == 0 else f"<br>&nbsp;&nbsp;&nbsp;= {part}" for i, part in enumerate(parts[1:])
    )


# --- the score -----------------------------------------------------------------------------------


class Score(NamedTuple):
    right: int = 0  # right at the first try
    attempted: int = 0

    def text(self) -> str:
        if not self.attempted:
            return "no predictions yet"
        share = round(100 * self.right / self.attempted)
        return f"{self.right} of {self.attempted} right first time ({share}%)"


def load_score(lesson: str | None) -> Score:
    right, attempted = settings.score(lesson)
    return Score(min(right, attempted), attempted)


def save_score(lesson: str | None, score: Score) -> None:
    settings.write_score(lesson, score.right, score.attempted)


def _title(lesson: str | None) -> str:
    if not lesson:
        return "your network"
    title = lessons.title(lesson)
    return f"“{title}”" if title else lesson


# --- the panel -----------------------------------------------------------------------------------


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
        self.answer.setPlaceholderText("your prediction")
        self.answer.setToolTip(
            f"Type a number or simple arithmetic ({EXAMPLES}), then Enter. Within 0.1% counts as right."
        )
        self.answer.returnPressed.connect(self.check)
        self.check_button = QPushButton("Check")
        self.check_button.setToolTip("Check your prediction (Enter)")
        self.check_button.clicked.connect(self.check)
        self.show_button = QPushButton("Show me")
        self.show_button.setToolTip("Reveal the step (counts as not right)")
        self.show_button.clicked.connect(self.show_me)
        self.feedback = QLabel()
        self.feedback.setTextFormat(Qt.TextFormat.RichText)
        self.feedback.setWordWrap(True)
        self.feedback.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.feedback.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.score_label = QLabel()
        self.score_label.setWordWrap(True)
        self.reset_button = QPushButton("Reset score")
        self.reset_button.setToolTip("Start this lesson's score again")
        self.reset_button.clicked.connect(self.reset_score)
        row = QHBoxLayout()
        row.addWidget(self.answer, 1)
        row.addWidget(self.check_button)
        row.addWidget(self.show_button)
        bottom = QHBoxLayout()
        bottom.addWidget(self.score_label, 1)
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
            self._say("Type your prediction and press Enter, or press <i>Show me</i>.", good=None)
            self.answer.setFocus()
            return True
        s = self.session
        q = question(s.trace, s.iteration, s.cursor, unit or self._unit())
        if q is None or q.target <= self._furthest.get(q.iteration, Cursor(0, 0)):
            return False
        self.question, self.misses = q, 0
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
            value = parse_answer(text)
        except ValueError as error:
            self._say(str(error), good=None)
            return
        names = self.session.trace.names
        you = f"you said {number(value, 'html')}"
        if is_close(value, q.value, q.magnitude):
            self._count(right=self.misses == 0)
            when = "" if self.misses == 0 else " on the second try"
            self._reveal(f"✓ Right{when} ({you}):<br>{answer_text(q, names)}", good=True)
        elif self.misses == 0:
            self.misses = 1
            self._say(f"✗ Not quite ({you}). Here are the numbers:<br>{hint(q, names)}", good=False)
            self.answer.selectAll()
        else:
            self._count(right=False)
            self._reveal(f"✗ Not quite ({you}). The step:<br>{answer_text(q, names)}", good=False)

    def show_me(self) -> None:
        q = self.question
        if q is None:
            return
        self._count(right=False)
        self._reveal(f"The step:<br>{answer_text(q, self.session.trace.names)}", good=None)

    def _reveal(self, message: str, *, good: bool | None) -> None:
        q = self.question
        assert q is not None
        self._close_question()
        self.session.move(q.unit, +1)
        self._idle()
        self._say(message + "<p>Press → for the next step.</p>", good=good)

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
        self.score_label.setText(f"Score for {_title(self.session.lesson)}: {self.score().text()}")

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
        self.question = None
        self.misses = 0
        self.answer.clear()

    def _idle(self) -> None:
        waiting = self.question is None
        if waiting:
            self.prompt.setText(
                "Press → to predict the next step." if self.active else "Predict mode is off (Ctrl+P)."
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


__all__ = [
    "AnswerField",
    "PredictPanel",
    "Question",
    "Score",
    "answer_text",
    "hint",
    "is_close",
    "load_score",
    "magnitude",
    "parse_answer",
    "prompt",
    "question",
    "save_score",
]
