"""How tensors are named and numbers printed: ``W11``, ``dL/do12``, ``−0.75``.

Display indices are 1-based, as in the textbooks; code indices are 0-based. Every equation,
cell and export prints a number through :func:`number`, so the minus sign lives here alone.
"""

from __future__ import annotations

from convstudio.engine.spec import Spec

#: The typographic minus sign every printed number uses (never the hyphen).
MINUS = "\u2212"


def shown_indices(index: tuple[int, ...], shown: tuple[bool, ...]) -> list[int]:
    """The 1-based indices of ``index`` along the axes ``shown`` keeps."""
    return [int(i) + 1 for i, keep in zip(index, shown, strict=True) if keep]


def subscript_text(indices: list[int]) -> str:
    """Up to two one-digit indices run together (``W12``); otherwise commas keep them apart."""
    if len(indices) <= 2 and all(i < 10 for i in indices):
        return "".join(map(str, indices))
    return ",".join(map(str, indices))


class Names:
    """How tensors are written for this spec: 1-based indices, leaving out dimensions of size 1
    that the student never sees (the batch when N=1, the channel when C=1, the filter when F=1)."""

    def __init__(self, spec: Spec) -> None:
        n, c, f = spec.batch > 1, spec.channels > 1, spec.filters > 1
        mapdims = (n, f, True, True)
        self.shown: dict[str, tuple[bool, ...]] = {
            "I": (n, c, True, True),
            "W": (f, c, True, True),
            "b": (f,),
            "o": mapdims,
            "a": mapdims,
            "p": (n, f) if spec.pooling == "global_avg" else mapdims,
            "V": (True, True),
            "c": (True,),
            "s": (n, True),
            "q": (n, True),
            "y": (n,),
            "L": (),
        }
        pred = spec.layers()[-2] if spec.loss == "mse" else "s"
        self.shown["t"] = self.shown[pred]

    def indices(self, tensor: str, index: tuple[int, ...]) -> list[int]:
        """The 1-based indices shown for a cell of tensor (or of its gradient "d"+tensor)."""
        return shown_indices(index, self.shown[_base(tensor)])

    def subscript(self, tensor: str, index: tuple[int, ...]) -> str:
        return subscript_text(self.indices(tensor, index))

    def symbol(self, tensor: str, index: tuple[int, ...], fmt: str = "text") -> str:
        """``W11`` / ``W_{11}`` / ``W<sub>11</sub>``; gradients as dL/dW11 in the same style, on
        screen as in the panels' titles (LaTeX, for print, writes the partial derivative)."""
        sub = self.subscript(tensor, index)
        base = _base(tensor)
        name = {"q": "q", "L": "L"}.get(base, base)
        latex = None
        if tensor.startswith("v") and len(tensor) == 2:  # momentum buffer of a parameter
            name = "v" + tensor[1]
            latex = f"v^{{{tensor[1]}}}"
        return symbol_text(name, sub, is_grad(tensor), fmt, latex)


def symbol_text(name: str, sub: str, grad: bool, fmt: str, latex_name: str | None = None) -> str:
    """A named cell in one of the three formats: ``W11``, ``W<sub>11</sub>``, ``W_{11}``; a
    gradient as dL/dW11 on screen and as the partial derivative in LaTeX (for print)."""
    if fmt == "latex":
        name = latex_name or name
        core = f"{name}_{{{sub}}}" if sub else name
        return rf"\frac{{\partial L}}{{\partial {core}}}" if grad else core
    if fmt == "html":
        core = f"{name}<sub>{sub}</sub>" if sub else name
        return f"dL/d{core}" if grad else core
    return f"dL/d{name}{sub}" if grad else f"{name}{sub}"


def is_grad(tensor: str) -> bool:
    return len(tensor) == 2 and tensor[0] == "d"


def _base(tensor: str) -> str:
    return tensor[1] if len(tensor) == 2 and tensor[0] in "dv" else tensor


def number(value: float, fmt: str = "text", digits: int = 6, decimals: int | None = None) -> str:
    """A value as the equations print it: up to ``digits`` significant digits (or exactly
    ``decimals`` decimals, as a crowded cell prints them), a real minus sign."""
    if value == 0:
        return "0"
    text = f"{value:.{digits}g}" if decimals is None else f"{value:.{decimals}f}"
    if decimals == 0 and float(text) == 0:
        return "0"
    if "e" in text:
        mant, exp = text.split("e")
        exp_value = int(exp)
        if fmt == "latex":
            text = rf"{mant} \times 10^{{{exp_value}}}"
        elif fmt == "html":
            text = f"{mant}·10<sup>{exp_value}</sup>"
        else:
            text = f"{mant}e{exp_value}"
    if fmt != "latex":
        text = text.replace("-", MINUS)
    return text


def exact(value: float) -> str:
    """The shortest text that reads back to the same float, with a real minus sign (hover, tooltips)."""
    return repr(float(value)).replace("-", MINUS)


def factor(value: float, fmt: str = "text", digits: int = 6) -> str:
    """A number as a factor of a product: in parentheses when negative, ``2·(−0.5)``."""
    text = number(value, fmt, digits)
    return f"({text})" if value < 0 else text
