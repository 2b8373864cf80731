"""The Markdown both derivations, one-layer and network, write alike: the note naming the checking
script, a tensor as LaTeX matrices, and the trace section by section as display equations."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from convstudio.engine.equations import equation
from convstudio.engine.network_trace import NetworkTrace
from convstudio.engine.notation import number
from convstudio.engine.steps import Section
from convstudio.engine.trace import Trace

#: A section's tensor, its values and the section, as Markdown lines.
Listed = Callable[[str, np.ndarray, Section], list[str]]


def script_note(script_name: str) -> list[str]:
    """The lines naming the checking script beside the derivation; none without a name."""
    if not script_name:
        return []
    return [
        "",
        f"`{script_name}` beside this file recomputes the iteration with plain NumPy and checks "
        f"every number: `python {script_name}`.",
    ]


def tensor_latex(
    label: str, array: np.ndarray, shown: tuple[bool, ...], grad: bool, *, max_listed: int
) -> list[str]:
    """``array`` as LaTeX matrices, one per 2-D slice, labelled with the slice's 1-based indices
    along the axes ``shown`` keeps; ``grad`` writes each label as ∂L/∂label. Past ``max_listed``
    values, one line saying the script holds them."""
    if array.size > max_listed:
        shape = "×".join(map(str, array.shape))
        return [f"${label}$: {array.size} values ({shape}), too many to list; the script holds them.", ""]
    lead = max(array.ndim - 2, 0)
    out = []
    for index in np.ndindex(*array.shape[:lead]):
        keep = [str(i + 1) for i, on in zip(index, shown[:lead], strict=True) if on]
        sub = label + (f"_{{{','.join(keep)},:,:}}" if keep else "")
        if grad:
            sub = rf"\frac{{\partial L}}{{\partial {sub}}}"
        cells = array[index]
        if cells.size == 1:
            body = number(float(cells.reshape(-1)[0]), "latex")
        else:
            rows = cells.reshape(1, -1) if cells.ndim <= 1 else cells
            lines = [" & ".join(number(float(v), "latex") for v in row) for row in rows]
            body = r"\begin{pmatrix} " + r" \\ ".join(lines) + r" \end{pmatrix}"
        out += ["$$", f"{sub} = {body}", "$$", ""]
    return out


def section_lines(
    trace: Trace | NetworkTrace,
    values_of: Callable[[Section], np.ndarray],
    listed: Listed,
    *,
    per_section: int,
    max_listed: int,
) -> list[str]:
    """Every section under its phase's heading: its first ``per_section`` steps as equations, then
    the values of the rest (by ``listed``) or, past ``max_listed``, their sums."""
    lines: list[str] = []
    phase = None
    for section in trace.sections:
        if section.phase != phase:
            phase = section.phase
            lines += ["", f"## {phase.capitalize()}"]
        lines += ["", f"### {section.title}", ""]
        shown = min(section.size, per_section)
        for step_number in range(section.start, section.start + shown):
            lines += ["$$", equation(trace.step(step_number), trace.names, "latex"), "$$", ""]
        if section.size > shown:
            lines += _rest(section, shown, values_of(section), listed, max_listed)
    return lines


def _rest(section: Section, shown: int, values: np.ndarray, listed: Listed, max_listed: int) -> list[str]:
    """The values of a long section's elements that were not written out, or their sums."""
    left = section.size - shown
    if section.size <= max_listed:
        return [
            f"*… and {left} more elements of this section; all {section.size} values:*",
            "",
            *listed(section.tensor, values, section),
        ]
    return [
        f"*… and {left} more elements of this section. All {section.size} of them add up to* "
        f"${number(float(values.sum()), 'latex')}$, *their absolute values to* "
        f"${number(float(np.abs(values).sum()), 'latex')}$.",
        "",
    ]
