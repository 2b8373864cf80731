"""What a lesson file may lock, as a teacher fixes a lesson for a class: ``[locks]`` with
``editor = true`` (no network editor), ``instruments = true`` or a list of instrument keys
(those instruments hidden) and ``lesson = true`` (the lesson cannot be swapped for another)."""

from __future__ import annotations

from typing import Any, NamedTuple

KEYS = ("editor", "instruments", "lesson")


class Locks(NamedTuple):
    """What the window keeps from the student; ``instruments`` is ("*",) for every instrument."""

    editor: bool = False
    instruments: tuple[str, ...] = ()
    lesson: bool = False

    @property
    def any(self) -> bool:
        return self.editor or bool(self.instruments) or self.lesson

    def hides(self, instrument: str) -> bool:
        """Whether the instrument with this key is locked away."""
        return "*" in self.instruments or instrument in self.instruments


def parse(table: Any) -> Locks:
    """The ``[locks]`` table of a lesson; ValueError (one sentence) for anything else in it."""
    if not isinstance(table, dict):
        raise ValueError("[locks] must be a table")
    unknown = sorted(set(table) - set(KEYS))
    if unknown:
        raise ValueError(f"[locks] has unknown key(s) {', '.join(unknown)}; it may lock {', '.join(KEYS)}")
    for key in ("editor", "lesson"):
        if not isinstance(table.get(key, False), bool):
            raise ValueError(f"[locks] {key} must be true or false")
    instruments = table.get("instruments", False)
    if isinstance(instruments, bool):
        hidden: tuple[str, ...] = ("*",) if instruments else ()
    elif isinstance(instruments, list) and all(isinstance(k, str) and k for k in instruments):
        hidden = tuple(instruments)
    else:
        raise ValueError(
            '[locks] instruments must be true, false or a list of instrument keys ("nudge", ...)'
        )
    return Locks(table.get("editor", False), hidden, table.get("lesson", False))
