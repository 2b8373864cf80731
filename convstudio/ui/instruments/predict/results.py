"""Predict mode's results as a student hands them in: each question, the answers typed, whether
it was right, the value and the time taken, as CSV (one row a question, the score at the end)."""

from __future__ import annotations

import csv
import io
import time
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from PySide6.QtCore import QCoreApplication

from convstudio.engine.equations import equation
from convstudio.engine.notation import Names, number
from convstudio.engine.prediction import Question
from convstudio.io import atomic
from convstudio.ui.instruments.predict.words import _parts

#: The columns of the CSV, in order.
COLUMNS = (
    "asked at",
    "lesson",
    "iteration",
    "step",
    "question",
    "formula",
    "answers",
    "value",
    "result",
    "seconds",
)


def _tr(text: str) -> str:
    return QCoreApplication.translate("", text)


@dataclass
class Asked:
    """A question while it is open: what it asks, when, and the answers typed so far."""

    lesson: str
    iteration: int
    step: int
    symbol: str
    formula: str
    value: float
    asked_at: datetime
    began: float  # time.monotonic() when it was asked
    answers: list[str] = field(default_factory=list)


class Results:
    """Every question of this run of predict mode, closed or open."""

    def __init__(self) -> None:
        self.rows: list[list[str]] = []
        self.open: Asked | None = None

    def ask(self, q: Question, names: Names, lesson: str) -> None:
        """A new question is on the screen."""
        parts = _parts(equation(q.step, names, "text", terms=q.terms))
        formula = parts[0] if "←" in parts[0] else " = ".join(parts[:2])  # in symbols, as asked
        self.open = Asked(
            lesson,
            q.iteration + 1,
            q.step.number + 1,
            names.symbol(q.step.tensor, q.step.index, "text"),
            formula,
            q.value,
            datetime.now().astimezone(),
            time.monotonic(),
        )

    def answered(self, text: str) -> None:
        """The student typed ``text`` and pressed Enter."""
        if self.open is not None:
            self.open.answers.append(text.strip())

    def close(self, result: str) -> None:
        """The question ends: ``result`` is "right", "right on the second try", "wrong" or "shown"."""
        asked, self.open = self.open, None
        if asked is None:
            return
        self.rows.append(
            [
                asked.asked_at.isoformat(timespec="seconds"),
                asked.lesson,
                str(asked.iteration),
                str(asked.step),
                asked.symbol,
                asked.formula,
                " | ".join(asked.answers),
                number(asked.value, digits=12),
                result,
                f"{time.monotonic() - asked.began:.1f}",
            ]
        )

    @property
    def right_first_time(self) -> int:
        return sum(row[8] == "right" for row in self.rows)

    def csv_text(self) -> str:
        """The rows under a header, then the score, as CSV text."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(COLUMNS)
        writer.writerows(self.rows)
        writer.writerow([])
        writer.writerow(
            [QCoreApplication.translate("", "score"), f"{self.right_first_time} / {len(self.rows)}"]
        )
        return out.getvalue()

    def write(self, path: Path) -> Path:
        """The CSV at ``path`` in one step (OSError says why not); UTF-8 with a byte order mark, so
        that a spreadsheet reads the minus signs and subscripts."""
        return atomic.write_bytes(Path(path), self.csv_text().encode("utf-8-sig"))
