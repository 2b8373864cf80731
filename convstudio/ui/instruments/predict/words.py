"""Predict mode's words: the question in symbols, the hint with its numbers, the revealed step."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from convstudio.engine.equations import equation
from convstudio.engine.notation import Names
from convstudio.engine.prediction import Question


def _parts(line: str) -> list[str]:
    """``a = b = c`` split at its top-level equals signs (not inside brackets or parentheses)."""
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
        what = QCoreApplication.translate(
            "PredictWords", "Predict the running sum of <b>{0}</b> after term {1} of {2}:"
        )
        head = what.format(label, q.terms, q.step.n_terms)
    else:
        head = QCoreApplication.translate("PredictWords", "Predict <b>{0}</b>:").format(label)
    return f"{head}<p style='margin-top:4px'>{formula}</p>"


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
