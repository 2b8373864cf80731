"""Shorter forms of a line of text that does not fit, and the first of them that does: a matrix
view's title and note, the equation panel's header. Each gives up what something else on screen
says too (a name the symbol stands for, a number's last digits) before it is cut short with …."""

from __future__ import annotations

import re
from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontMetricsF

from convstudio.engine.notation import MINUS, number

#: A number in a note: a true minus or a hyphen, digits, a decimal point, digits.
_NUMBER = re.compile(rf"[{MINUS}-]?\d+\.\d+")


def first_that_fits(forms: Sequence[str], metrics: QFontMetricsF, width: float) -> str:
    """The first of ``forms`` (longest first) no wider than ``width``, else the last cut short."""
    fitting = next((form for form in forms if metrics.horizontalAdvance(form) <= width), None)
    if fitting is None:
        fitting = metrics.elidedText(forms[-1], Qt.TextElideMode.ElideRight, width)
    return fitting


def short_titles(title: str) -> list[str]:
    """Shorter forms of a view's title: "Output o = I ⋆ W" -> "Output o", then "o"; "Pooled p" ->
    "p". Only a symbol, a last word of at most 3 letters, is kept alone ("layer 3's input" is not)."""
    name = title.split(" = ", 1)[0]
    symbol = name.rsplit(" ", 1)[-1]
    forms = [name] if name != title else []
    return [*forms, symbol] if symbol != name and len(symbol) <= 3 else forms


def short_note(note: str) -> str:
    """A note without the symbol it starts with: "W11: 0.5 → 0.6" -> "0.5 → 0.6", "o11 = 2" -> "= 2"."""
    for mark, keep in ((": ", ""), (" = ", "= ")):
        if mark in note:
            return keep + note.split(mark, 1)[1]
    return note


def rounded_note(note: str, digits: int = 3) -> str:
    """A note's numbers to ``digits`` significant digits, the least a cell shows: "= −0.171875" ->
    "= −0.172" (the equation and the status bar give them in full)."""
    return _NUMBER.sub(lambda m: number(float(m.group(0).replace(MINUS, "-")), digits=digits), note)
