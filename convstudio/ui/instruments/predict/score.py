"""Predict mode's score per lesson (right first time / attempted), kept in the settings."""

from __future__ import annotations

from typing import NamedTuple

from PySide6.QtCore import QSettings

from convstudio.engine import lessons


class Score(NamedTuple):
    right: int = 0  # right at the first try
    attempted: int = 0

    def text(self) -> str:
        if not self.attempted:
            return "no predictions yet"
        share = round(100 * self.right / self.attempted)
        return f"{self.right} of {self.attempted} right first time ({share}%)"


def _key(lesson: str | None) -> str:
    return f"predict/{lesson or 'own-network'}"


def load_score(lesson: str | None) -> Score:
    settings = QSettings()
    values = []
    for name in ("right", "attempted"):
        raw = settings.value(f"{_key(lesson)}/{name}", 0)
        values.append(int(raw) if str(raw).isdigit() else 0)
    right, attempted = values
    return Score(min(right, attempted), attempted)


def save_score(lesson: str | None, score: Score) -> None:
    settings = QSettings()
    settings.setValue(f"{_key(lesson)}/right", score.right)
    settings.setValue(f"{_key(lesson)}/attempted", score.attempted)


def title_of(lesson: str | None) -> str:
    if not lesson:
        return "your network"
    title = lessons.title(lesson)
    return f"“{title}”" if title else lesson
