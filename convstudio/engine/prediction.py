"""Predict mode's arithmetic: what stepping forward asks the student for, how a typed answer is
read (as arithmetic, never as code) and when it counts as right."""

from __future__ import annotations

import ast
import math
import operator
import re
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from convstudio.engine.cursor import Cursor
from convstudio.engine.steps import Step
from convstudio.engine.trace import Trace

#: An answer within this fraction of the true value (or of the largest number that goes into it)
#: is right: three significant digits, what a student keeps when working by hand.
TOLERANCE = 1e-3
MAX_LENGTH = 200
MAX_EXPONENT = 64

# --- reading an answer ---------------------------------------------------------------------------

_BINARY: dict[type, Callable[[float, float], float]] = {
    ast.Add: operator.add,
    ast.Sub: operator.sub,
    ast.Mult: operator.mul,
    ast.Div: operator.truediv,
}
_FUNCTIONS: dict[str, Callable[..., float]] = {
    "exp": math.exp,
    "log": math.log,
    "ln": math.log,
    "sqrt": math.sqrt,
    "tanh": math.tanh,
    "max": max,
    "min": min,
}
EXAMPLES = "−0.75, 3/4, 0.5*2 − 1 or exp(1)/(1 + exp(1))"


def parse_answer(text: str, *, decimal_comma: bool = False) -> float:
    """A number as a student types it: ``0.75``, ``−3/4``, ``1.5e-3``, ``2·(0.5 − 1)``, ``0.5^2``,
    ``exp(0.3)``. Read as arithmetic only (never evaluated as code); ValueError says what is wrong.

    With ``decimal_comma`` (a locale that writes 0,75) a comma between digits is the decimal point
    everywhere, ``exp(0,3)`` included, and a semicolon separates a function's arguments."""
    cleaned = text.strip()
    for typed, meant in (("−", "-"), ("–", "-"), ("·", "*"), ("×", "*"), ("÷", "/"), ("^", "**")):
        cleaned = cleaned.replace(typed, meant)
    if decimal_comma:
        cleaned = re.sub(r"(?<=\d),(?=\d)", ".", cleaned).replace(";", ",")
    elif "," in cleaned and "." not in cleaned and "(" not in cleaned:
        cleaned = cleaned.replace(",", ".")  # a lone decimal comma: 0,75
    if not cleaned:
        raise ValueError(f"Type a number, like {EXAMPLES}.")
    if len(cleaned) > MAX_LENGTH:
        raise ValueError(f"That is too long for an answer (at most {MAX_LENGTH} characters).")
    try:
        tree = ast.parse(cleaned, mode="eval")
    except SyntaxError:
        raise ValueError(f"“{text.strip()}” is not a number I can read: try {EXAMPLES}.") from None
    try:
        value = _evaluate(tree.body)
    except ZeroDivisionError:
        raise ValueError("That divides by zero.") from None
    except OverflowError:
        raise ValueError("That number is too large.") from None
    if not math.isfinite(value):
        raise ValueError("That is not a finite number.")
    return value


def _evaluate(node: ast.expr) -> float:
    if isinstance(node, ast.Constant):
        if isinstance(node.value, bool) or not isinstance(node.value, (int, float)):
            raise ValueError(f"Only numbers, please: {node.value!r} is not one.")
        return float(node.value)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        value = _evaluate(node.operand)
        return -value if isinstance(node.op, ast.USub) else value
    if isinstance(node, ast.BinOp):
        left, right = _evaluate(node.left), _evaluate(node.right)
        if isinstance(node.op, ast.Pow):
            if abs(right) > MAX_EXPONENT:
                raise ValueError(f"Powers up to {MAX_EXPONENT}, please.")
            result = left**right
            if isinstance(result, complex):
                raise ValueError("That power has no real value.")
            return float(result)
        if type(node.op) in _BINARY:
            return _BINARY[type(node.op)](left, right)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and not node.keywords:
        function = _FUNCTIONS.get(node.func.id)
        if function is None:
            raise ValueError(f"{node.func.id}() is not available: use {', '.join(_FUNCTIONS)}.")
        args = [_evaluate(arg) for arg in node.args]
        try:
            return float(function(*args))
        except (TypeError, ValueError):
            raise ValueError(f"{node.func.id}() cannot take those arguments.") from None
    if isinstance(node, ast.Name):
        raise ValueError(f"{node.id} is a name, not a number: type its value (the panels show it).")
    raise ValueError(f"Only numbers and + − * / ^ ( ), please: try {EXAMPLES}.")


def is_close(answer: float, truth: float, magnitude: float = 0.0, tolerance: float = TOLERANCE) -> bool:
    """Right if within ``tolerance`` of the truth, relatively, or of ``magnitude`` (the largest
    number that went into it): a sum that nearly cancels is only as exact as the terms it adds."""
    return answer == truth or abs(answer - truth) <= tolerance * max(abs(truth), abs(magnitude))


# --- what a step asks ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Question:
    """The value the next step forward by ``unit`` reveals, and where the cursor goes then."""

    iteration: int
    start: Cursor
    target: Cursor
    unit: str
    step: Step
    value: float
    magnitude: float
    terms: int | None  # a running sum after this many terms; None: the element's value


def question(trace: Trace, iteration: int, cursor: Cursor, unit: str) -> Question | None:
    """What stepping forward from ``cursor`` by ``unit`` would show, or None when it shows no new
    number: a unit bigger than an element, the end of the iteration, or the later terms of an
    element that is not a sum (a max, a softmax: its value shows with the first term)."""
    if unit not in ("term", "element") or cursor.done >= len(trace):
        return None
    step = trace.step(cursor.done)
    target = trace.move(cursor, unit, +1)
    terms = target.terms if target.done == cursor.done and target.terms > 0 else None
    if terms is not None and step.op != "sum":
        if cursor.terms > 0:
            return None
        terms = None
    value = step.partial(terms) if terms is not None else step.result
    return Question(iteration, cursor, target, unit, step, value, magnitude(step, terms), terms)


def magnitude(step: Step, terms: int | None = None) -> float:
    """The largest number a student combines to get the step's value (what rounding costs)."""
    if step.op == "sum":
        products = step.products()[: terms if terms is not None else step.n_terms]
        return abs(step.scale) * float(np.max(np.abs(products), initial=0.0))
    if step.op in ("diff", "sqdiff"):
        values = np.concatenate([c.values for b in step.blocks for c in b.columns])
        return abs(step.scale) * float(np.max(np.abs(values), initial=0.0))
    if step.op in ("update", "sgd", "adam"):  # every optimiser's step: the old parameter comes first
        old = float(step.blocks[0].columns[0].values[0])
        return max(abs(old), abs(step.result - old))
    if step.op == "normalise":  # (x − μ)/√(σ² + ε) cancels like a sum of x and −μ
        x, mean, var = (float(c.values[0]) for c in step.blocks[0].columns)
        return max(abs(x), abs(mean)) / math.sqrt(var + float(step.extra["eps"]))
    return 0.0
