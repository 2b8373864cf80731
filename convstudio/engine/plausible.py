"""Whether a file's text can be a lesson or a session, checked cheaply before a parser reads it whole:
how deeply it nests, how many lists and tables it holds, how long its numbers are. A parser's time
and memory grow with these (Python's TOML reader with the square of the depth), so a small file
could otherwise take minutes and gigabytes to refuse."""

from __future__ import annotations

import re

#: No lesson or session nests deeper: a network's tables, a tensor's four levels of lists.
MAX_DEPTH = 32
#: No number ConvStudio can use has more digits (the largest float is about 1.8e308).
MAX_DIGITS = 400

_TOML_STRING = re.compile(r'"""[\s\S]*?"""|\'\'\'[\s\S]*?\'\'\'|"[^"\\\n]*(?:\\.[^"\\\n]*)*"|\'[^\'\n]*\'')
_JSON_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"')
_JSON_KEY = re.compile(r'"([^"\\]{1,40})"\s*:')
_COMMENT = re.compile(r"#[^\n]*")
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_DOTTED = re.compile(r"[^\s=\[\]{},.]+(?:[ \t]*\.[ \t]*[^\s=\[\]{},.]+)+")
_DIGITS = re.compile(rf"\d[\d_]{{{MAX_DIGITS},}}")


class ImplausibleError(ValueError):
    """Text that cannot be a lesson or session; the message says what, in one line."""


def _bracket_depth(text: str, limit: int) -> int:
    """How deeply [ ] and { } nest in ``text`` (limit + 1 for anything deeper than ``limit``)."""
    brackets = _NOT_BRACKET.sub("", text)
    for depth in range(limit + 1):
        if not brackets:
            return depth
        inner = brackets.replace("[]", "").replace("{}", "")
        if inner == brackets:
            return depth  # unbalanced: the parser says where
        brackets = inner
    return limit + 1


def _long_number(code: str, original: str) -> None:
    found = _DIGITS.search(code)
    if found is None:
        return
    digits = len(found.group().replace("_", ""))
    start = code.rfind("\n", 0, found.start()) + 1
    key = code[start : found.start()].split("=")[0].strip(" \t[{,")
    where = f"line {code.count(chr(10), 0, found.start()) + 1}" + (f" ({key})" if key else "")
    if "\n" not in original.strip():  # JSON on one line: the key written last before the number
        at = original.find(found.group())
        keys = _JSON_KEY.findall(original, max(0, at - 200), max(at, 0))
        where = f"its {keys[-1]}" if keys else "it"
    raise ImplausibleError(
        f"{where} holds a number of {digits:,} digits; numbers must fit a float (at most about 1.8e308)"
    )


def check_toml(text: str) -> None:
    """Refuse TOML that nests deeper than MAX_DEPTH (dotted keys and [ ] { } together) or holds a
    number too long for a float."""
    code = _COMMENT.sub("", _TOML_STRING.sub('""', text))
    _long_number(code, text)
    if _depth(code) > MAX_DEPTH:
        where = "it"
        for number, line in enumerate(code.splitlines(), 1):  # only once refused: name the line
            if _depth(line) > MAX_DEPTH:
                key = line.split("=")[0].strip(" \t[{")[:40]
                where = f"line {number}" + (f" ({key})" if "=" in line and key else "")
                break
        raise ImplausibleError(f"{where} nests deeper than the {MAX_DEPTH} levels a lesson may have")


def _depth(code: str) -> int:
    """An upper bound of how deeply TOML nests: its longest dotted key plus its brackets' depth."""
    dots = max((m.group().count(".") for m in _DOTTED.finditer(code)), default=0)
    return dots + _bracket_depth(code, MAX_DEPTH)


def check_json(text: str, max_containers: int, max_values: int) -> None:
    """Refuse JSON nesting deeper than MAX_DEPTH, with more than ``max_containers`` lists and tables
    or more than ``max_values`` values, or with a number too long for a float."""
    code = _JSON_STRING.sub('""', text)
    _long_number(code, text)
    containers = code.count("[") + code.count("{")
    if containers > max_containers:
        raise ImplausibleError(
            f"it holds {containers:,} lists and tables; a session has at most {max_containers:,}"
        )
    values = code.count(",") + 1
    if values > max_values:
        raise ImplausibleError(f"it holds {values:,} values; a session has at most {max_values:,}")
    if _bracket_depth(code, MAX_DEPTH) > MAX_DEPTH:
        raise ImplausibleError(f"it nests deeper than the {MAX_DEPTH} levels a session may have")
