"""Predict mode's score per lesson (right first time / attempted), kept in the settings."""

from __future__ import annotations

from typing import NamedTuple

from convstudio import settings
from convstudio.engine import lessons


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


def title_of(lesson: str | None) -> str:
    if not lesson:
        return "your network"
    title = lessons.title(lesson)
    return f"“{title}”" if title else lesson
