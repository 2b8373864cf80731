"""Names and values in messages: always one short line (a newline in a file name is shown as \\n)."""

from __future__ import annotations


def quoted(name: str) -> str:
    """``name`` as it is when it prints on one line, else in quotes with its escapes (as repr)."""
    return name if name.isprintable() and name.strip() == name and name else repr(name)


def brief(value: object, width: int = 40) -> str:
    """A value in a few characters: a long whole number by its digits, anything else cut short."""
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10**width:
        return f"a whole number of {len(str(abs(value)))} digits"
    shape = getattr(value, "shape", None)
    if isinstance(shape, tuple) and shape:
        return f"an array of shape {shape}"
    text = repr(value)
    return text if len(text) <= width else f"{text[: width - 3]}..."
