"""Which cells of which tensors the step at the cursor shows: slices, highlights, notes, hover text."""

from __future__ import annotations

import math
import weakref
from collections.abc import Callable, Hashable
from typing import Any

import numpy as np
from PySide6.QtCore import QCoreApplication

from convstudio.engine.cursor import Cursor
from convstudio.engine.notation import Names, exact, number
from convstudio.engine.spec import Spec
from convstudio.engine.steps import Step
from convstudio.engine.trace import Trace


def never_negative(spec: Spec, name: str) -> bool:
    """Whether tensor ``name`` cannot hold a negative value in this network: the loss, softmax
    probabilities, class numbers, and ReLU or sigmoid outputs (also once pooled)."""
    squashed = spec.activation in ("relu", "sigmoid")
    return name in ("L", "q", "y") or (squashed and name == "a") or (squashed and name == "p")


def note_for(step: Step, names: Names, terms: int) -> str:
    """What the step puts in its cell: the value, a running sum (``terms`` added), or old -> new."""
    symbol = names.symbol(step.tensor, step.index)
    if step.phase == "update":
        old = step.blocks[0].columns[0].values[0]
        return f"{symbol}: {number(old)} → {number(step.result)}"
    if terms and step.op == "sum":
        return QCoreApplication.translate("TensorSlices", "{0} so far: {1} ({2} of {3} terms)").format(
            symbol, number(step.partial(terms)), terms, step.n_terms
        )
    if terms:
        return QCoreApplication.translate("TensorSlices", "{0}: term {1} of {2}").format(
            symbol, terms, step.n_terms
        )
    return f"{symbol} = {number(step.result)}"


def reads_of(step: Step | None, cursor: Cursor) -> tuple[dict[str, np.ndarray], dict[str, np.ndarray]]:
    """Cells of the term being added (mid-step), with the whole step's cells as secondary."""
    if step is None:
        return {}, {}
    whole = _limited(step.reads())
    if cursor.adding:
        return step.reads(cursor.terms - 1), whole
    return whole, {}


def slice_at(trace: Trace, name: str, lead: tuple[int, ...], cursor: Cursor) -> np.ndarray | None:
    """The 2-D slice ``lead`` of ``name`` the learner sees at ``cursor``: NaN where not yet computed."""
    full = _source_of(trace, name).get(name)
    if full is None:
        return None
    full = np.asarray(full, dtype=np.float64)
    section = trace.section_for(name)
    rest = full.ndim - len(lead)
    part = full[lead].reshape(1, -1) if rest < 2 else full[lead]
    if section is None:
        return part
    # The cells are written in row-major order: those before the cursor hold their values.
    offset = int(np.ravel_multi_index((*lead, *(0,) * rest), full.shape)) if full.ndim else 0
    count = min(max(cursor.done - section.start, 0), section.size)
    positions = offset + np.arange(part.size).reshape(part.shape)
    if section.phase == "update":  # old weights until their update step has run
        new_part = trace.it.new_params[name][lead].reshape(part.shape)
        return np.where(positions < count, new_part, part)
    return np.where(positions < count, part, np.nan)


def has_slice(trace: Trace, name: str) -> bool:
    """Whether the iteration holds ``name`` (a view of the input gradient before it is asked for may not)."""
    return name in _source_of(trace, name)


def _source_of(trace: Trace, name: str) -> dict[str, np.ndarray]:
    return trace.grads if name.startswith("d") and name != "d" else trace.values  # type: ignore[return-value]


def describer(
    names: Names, name: str, lead: tuple[int, ...], ndim: int, shown: np.ndarray
) -> Callable[[int, int], str]:
    """Hover text for a cell: its 1-based symbol and exact value, as the equations write it."""
    rest = ndim - len(lead)

    def describe(row: int, col: int) -> str:
        value = float(shown[row, col])
        index = (*lead, row, col) if rest == 2 else (*lead, col) if rest == 1 else lead
        try:
            symbol = names.symbol(name, index)
        except (KeyError, ValueError, IndexError):
            symbol = f"{name}[{row + 1}, {col + 1}]"
        return (
            f"{symbol} = {exact(value)}"
            if math.isfinite(value)
            else QCoreApplication.translate("TensorSlices", "{0}: not computed yet").format(symbol)
        )

    return describe


def _limited(reads: dict[str, np.ndarray], most: int = 4096) -> dict[str, np.ndarray]:
    return {k: v[:most] for k, v in reads.items()}


def cells_in(index: np.ndarray | None, lead: tuple[int, ...]) -> list[tuple[int, int]]:
    """(row, col) in the view of the cells of ``index`` (k, ndim) that lie in the slice ``lead``."""
    if index is None or len(index) == 0:
        return []
    index = np.asarray(index)
    if index.ndim == 1:
        index = index.reshape(1, -1)
    tail = index[np.all(index[:, : len(lead)] == np.array(lead, dtype=index.dtype), axis=1), len(lead) :]
    if tail.shape[1] == 2:
        return [(int(r), int(c)) for r, c in tail]
    if tail.shape[1] == 1:
        return [(0, int(i)) for i in tail[:, 0]]
    return [(0, 0)] if len(tail) else []


def slice_key(trace: Any, name: str, lead: tuple[int, ...], cursor: Cursor) -> tuple[object, ...]:
    """What ``slice_at`` shows depends on: the tensor, the slice, and how many of its cells the
    steps before the cursor have written."""
    section = trace.section_for(name)
    count = None if section is None else min(max(cursor.done - section.start, 0), section.size)
    return (name, lead, count)


class KeptByTrace:
    """What was worked out for a slot (a matrix view, a strip box) from one trace under a key, kept
    while both stay: a step writes one tensor, and the views and boxes of the others (maps of 64x64
    cells on the largest network) need no slicing, padding and comparing again."""

    def __init__(self) -> None:
        self._kept: dict[Hashable, tuple[weakref.ref[Any], Hashable, Any]] = {}

    def get(self, slot: Hashable, trace: Any, key: Hashable) -> Any:
        """What ``put`` kept for ``slot`` from ``trace`` under ``key``, else None."""
        kept = self._kept.get(slot)
        return kept[2] if kept is not None and kept[0]() is trace and kept[1] == key else None

    def put(self, slot: Hashable, trace: Any, key: Hashable, value: Any) -> None:
        self._kept[slot] = (weakref.ref(trace), key, value)


def output_cards(spec: Spec) -> list[list[str]]:
    """A one-layer network's output cards: o, a, p, s (each with its gradient), the last beside
    the target and the loss L."""
    layers = ["o"] + (["a"] if spec.activation != "none" else [])
    layers += (["p"] if spec.pooling != "none" else []) + (["s"] if spec.head == "dense" else [])
    cards = [[name, "d" + name] for name in layers]
    if spec.loss == "cross_entropy":
        cards.append(["q", "y", "L"])
    else:
        cards[-1] += ["t", "L"]
    return cards
