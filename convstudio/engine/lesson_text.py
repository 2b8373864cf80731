"""A lesson's words per language: ``[text]`` holds them in English, and a table per language
(``[text.de]``, ``[text.es]``) translates any of its phase texts, its title and its summary; what a
language's table leaves out reads in English."""

from __future__ import annotations

import re
from typing import Any

from convstudio.engine.lesson_values import LessonError

PHASE_TEXTS = ("intro", "forward", "backward", "update")
#: What a language's table may translate.
TRANSLATED = ("title", "summary", *PHASE_TEXTS)
#: A language as Qt and the locale name it: "de", "es", "pt_BR".
_LANGUAGE = re.compile(r"[a-z]{2,3}(_[A-Z]{2})?")


def split(table: dict[str, Any]) -> tuple[dict[str, str], dict[str, dict[str, str]]]:
    """``[text]`` as its English phase texts and each language's translations, checked."""
    english: dict[str, str] = {}
    translations: dict[str, dict[str, str]] = {}
    for key, value in table.items():
        if isinstance(value, dict) and key not in PHASE_TEXTS:
            if not _LANGUAGE.fullmatch(key):
                raise LessonError(f"[text.{key}] must be named by a language, as [text.de] or [text.es] are")
            unknown = sorted(set(value) - set(TRANSLATED))
            if unknown or not all(isinstance(v, str) for v in value.values()):
                raise LessonError(f"[text.{key}] holds texts for {', '.join(TRANSLATED)} only")
            translations[key] = dict(value)
        elif key in PHASE_TEXTS and isinstance(value, str):
            english[key] = value
        else:
            raise LessonError(
                f"[text] holds texts for {', '.join(PHASE_TEXTS)} and a table per language only"
            )
    return english, translations


def translated(doc: dict[str, Any], key: str) -> dict[str, str]:
    """The lesson's ``key`` (title or summary) in each language its file translates it to (for the
    catalogue, which reads every file's head: no checks)."""
    table = doc.get("text")
    if not isinstance(table, dict):
        return {}
    return {
        language: value[key]
        for language, value in table.items()
        if isinstance(value, dict) and isinstance(value.get(key), str)
    }
