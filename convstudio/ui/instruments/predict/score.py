"""Predict mode's score per lesson (right first time / attempted), kept in the settings."""

from __future__ import annotations

from typing import NamedTuple

from PySide6.QtCore import QCoreApplication

from convstudio import settings
from convstudio.engine import lessons
from convstudio.ui import language


class Score(NamedTuple):
    right: int = 0  # right at the first try
    attempted: int = 0

    def text(self) -> str:
        if not self.attempted:
            return QCoreApplication.translate("Score", "no predictions yet")
        share = round(100 * self.right / self.attempted)
        return QCoreApplication.translate("Score", "{0} of {1} right first time ({2}%)").format(
            self.right, self.attempted, share
        )


def load_score(lesson: str | None) -> Score:
    right, attempted = settings.score(lesson)
    return Score(min(right, attempted), attempted)


def save_score(lesson: str | None, score: Score) -> None:
    settings.write_score(lesson, score.right, score.attempted)


def title_of(lesson: str | None) -> str:
    if not lesson:
        return QCoreApplication.translate("Score", "your network")
    title = lessons.title(lesson, language.current())
    return f"“{title}”" if title else lesson
