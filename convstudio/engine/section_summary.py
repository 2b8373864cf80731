"""A whole section of the trace at once, as stepping by layer or phase shows it: the tensor it wrote,
its formula as the layer computes it (dL/dW² = a¹ ⋆ dL/do²) and its matrices."""

from __future__ import annotations

import re
from typing import Any

import numpy as np

from convstudio.engine.network_trace import NetworkTrace
from convstudio.engine.notation import number
from convstudio.engine.steps import Section

#: The most 2-D slices a summary prints; the tensor panel shows every one.
MOST_SLICES = 4
#: The most rows or columns of one slice it prints.
MOST_SIDE = 8


def summary_value(trace: Any, section: Section) -> np.ndarray:
    """What the section wrote, complete: a gradient, a value, or the parameter after its update."""
    if section.phase == "update":
        new = trace.rec.result.new_params if isinstance(trace, NetworkTrace) else trace.it.new_params
        return np.asarray(new[section.tensor], dtype=np.float64)
    source = trace.grads if section.tensor.startswith("d") and section.tensor in trace.grads else trace.values
    return np.asarray(source[section.tensor], dtype=np.float64)


def formula(trace: Any, section: Section) -> str:
    """The section's left-hand side and formula in text: ``dL/dW² = a¹ ⋆ dL/do²``, ``W² ←``."""
    if not isinstance(trace, NetworkTrace):
        tail = section.title.split(" · ", 1)[-1].split(": ", 1)[-1]  # "Backward · dL/dW = I ⋆ dL/do"
        if " = " in tail:
            return tail
        name = section.tensor
        grad = name.startswith("d") and len(name) > 1
        return f"{name} ←" if section.phase == "update" else (f"dL/d{name[1:]}" if grad else name)
    names = trace.names
    if section.phase == "update":
        return f"{names.name(section.tensor)} ←"
    owner = trace.layer_of(section.start)
    lhs = f"dL/d{names.name(section.tensor)}" if section.phase == "backward" else names.name(section.tensor)
    if owner is None:
        return lhs
    i = owner.index
    inp = names.name(trace.rec.input_key(i))
    out = names.name(f"{i}:out")
    weight = names.name(f"{i}.weight") if f"{i}.weight" in trace.values else ""
    bias = f" + {names.name(f'{i}.bias')}" if f"{i}.bias" in trace.values else ""
    forms = {
        "conv": f"{inp} ⋆ {weight}{bias}",
        "conv_w": f"{inp} ⋆ dL/d{out}",
        "conv_b": f"Σ dL/d{out}",
        "conv_x": f"dL/d{out} ∗ {weight}",
        "dense": f"{weight}·{inp}{bias}",
    }
    if section.layer == "act":
        kind = owner.type
        forms["act"] = f"{kind}({inp})" if section.phase == "forward" else f"dL/d{out} ⊙ {kind}′({inp})"
    form = forms.get(section.layer)
    return f"{lhs} = {form}" if form else lhs


def _slices(value: np.ndarray) -> list[tuple[tuple[int, ...], np.ndarray]]:
    """The 2-D slices of ``value`` with their leading (1-based) indices, axes of size 1 dropped."""
    lead = [n for n in value.shape[:-2] if n > 1] if value.ndim > 2 else []
    if value.ndim <= 2:
        return [((), np.atleast_2d(value))]
    flat = value.reshape(-1, *value.shape[-2:])
    out = []
    for k, part in enumerate(flat):
        index = np.unravel_index(k, value.shape[:-2])
        shown = tuple(int(i) + 1 for i, n in zip(index, value.shape[:-2], strict=True) if n > 1)
        out.append((shown if lead else (), part))
    return out


def _brackets(rows: int) -> list[tuple[str, str]]:
    """The left and right bracket pieces of each row of a matrix ``rows`` high."""
    if rows == 1:
        return [("[", "]")]
    return [("⎡", "⎤"), *[("⎢", "⎥")] * (rows - 2), ("⎣", "⎦")]


def matrix_html(part: np.ndarray) -> str:
    """One 2-D slice as an HTML table in brackets, four significant digits a number."""
    rows = part[:MOST_SIDE, :MOST_SIDE]
    more = "&nbsp;…" if part.shape[1] > MOST_SIDE else ""
    cells = "".join(
        f"<tr><td>{left}</td>"
        + "".join(f"<td align='right'>&nbsp;{number(float(v), 'html', 4)}&nbsp;</td>" for v in row)
        + f"<td>{more}</td><td>{right}</td></tr>"
        for row, (left, right) in zip(rows, _brackets(len(rows)), strict=True)
    )
    below = "<tr><td></td><td>⋮</td></tr>" if part.shape[0] > MOST_SIDE else ""
    return f"<table cellspacing='0' cellpadding='0'>{cells}{below}</table>"


def summary_html(trace: Any, section: Section) -> str:
    """The section's formula, then ``=`` and its matrices (the first few slices of a large tensor)."""
    value = summary_value(trace, section)
    head = formula(trace, section)
    parts = _slices(value)
    tables = []
    for index, part in parts[:MOST_SLICES]:
        label = f"[{','.join(map(str, index))}] " if index else ""
        tables.append(f"<td valign='middle'>{label}</td><td>{matrix_html(part)}</td>")
    more = f"<td valign='middle'>… {len(parts) - MOST_SLICES}</td>" if len(parts) > MOST_SLICES else ""
    relation = "" if head.endswith("←") else " ="
    return (
        f"<table><tr><td valign='middle' style='white-space:nowrap'>{head}{relation}&nbsp;</td>"
        f"{''.join(tables)}{more}</tr></table>"
    )


_SUPERSCRIPTS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
_LATEX_SIGNS = {
    "⋆": r"\star",
    "∗": "*",
    "⊙": r"\odot",
    "Σ": r"\sum",
    "←": r"\leftarrow",
    "·": r" \cdot ",
    "−": "-",
}
_GRAD = re.compile(r"dL/d([^\s()]+)")
_WORD = re.compile(r"\b([a-z]{2,})(′?)\(")  # relu(, relu′(: a function's name, upright


def _latex_formula(head: str) -> str:
    """The text formula in LaTeX: ``dL/dW²`` as a partial derivative of ``W^{2}``, ``⋆`` as ``\\star``."""
    out = _GRAD.sub(lambda m: rf"\frac{{\partial L}}{{\partial {m.group(1)}}}", head)
    out = re.sub(r"[⁰¹²³⁴⁵⁶⁷⁸⁹]+", lambda m: f"^{{{m.group(0).translate(_SUPERSCRIPTS)}}}", out)
    out = _WORD.sub(r"\\operatorname{\1}\2(", out).replace("′", "'")
    for sign, latex in _LATEX_SIGNS.items():
        out = out.replace(sign, latex)
    return out


def matrix_text(part: np.ndarray, fmt: str = "text") -> str:
    """One 2-D slice with the numbers the panel shows: ``[[1, −2.5], [0, 3.25]]`` in text, a
    ``bmatrix`` in LaTeX; rows and columns past MOST_SIDE as an ellipsis, as on screen."""
    wide, tall = part.shape[1] > MOST_SIDE, part.shape[0] > MOST_SIDE
    rows = [[number(float(v), fmt, 4) for v in row] for row in part[:MOST_SIDE, :MOST_SIDE]]
    if fmt == "latex":
        lines = [" & ".join(row + ([r"\cdots"] if wide else [])) for row in rows]
        lines += [r"\vdots"] if tall else []
        return r"\begin{bmatrix} " + r" \\ ".join(lines) + r" \end{bmatrix}"
    lines = ["[" + ", ".join(row + (["…"] if wide else [])) + "]" for row in rows]
    return "[" + ", ".join(lines + (["…"] if tall else [])) + "]"


def summary_text(trace: Any, section: Section, fmt: str = "text") -> str:
    """The summary ``summary_html`` shows, in plain text or LaTeX (what Copy puts on the clipboard)."""
    head = formula(trace, section)
    parts = _slices(summary_value(trace, section))
    tables = []
    for index, part in parts[:MOST_SLICES]:
        label = f"[{','.join(map(str, index))}] " if index else ""
        tables.append(label + matrix_text(part, fmt))
    more = [f"… {len(parts) - MOST_SLICES}"] if len(parts) > MOST_SLICES else []
    if fmt == "latex":
        head, more = _latex_formula(head), [rf"\dots\ {len(parts) - MOST_SLICES}"] if more else []
    relation = "" if head.endswith(("←", r"\leftarrow")) else " ="
    return f"{head}{relation} " + " ".join(tables + more)
