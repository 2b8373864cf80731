"""The terms of a step that read a convolution's zero padding, named as the cells outside the
input they stand for: in a 5x5 input, I04 is row 0 (the padding above row 1), column 4."""

from __future__ import annotations

from typing import Protocol

import numpy as np

from convstudio.engine.steps import Step


class Naming(Protocol):
    def symbol(self, tensor: str, index: tuple[int, ...], fmt: str = "text") -> str: ...


def padding_cells(step: Step) -> list[tuple[str, tuple[int, ...]]]:
    """Each term's padded cell (tensor, index), in the order of the terms, once each."""
    seen: dict[tuple[str, tuple[int, ...]], None] = {}
    for block in step.blocks:
        for col in block.columns:
            if col.pad is None or col.tensor is None:
                continue
            rows = np.flatnonzero(col.pad)  # vectorised: a step over a large map has thousands of terms
            for cell in np.asarray(col.index)[rows].tolist():
                seen.setdefault((col.tensor, tuple(cell)), None)
    return list(seen)


def padding_symbols(
    step: Step, names: Naming, fmt: str = "text", most: int | None = None
) -> tuple[list[str], int]:
    """The symbols of the first ``most`` padded cells the step's zeros stand for (``I04``, ``I06``,
    ``I26``), and how many there are in all."""
    cells = padding_cells(step)
    shown = cells if most is None else cells[:most]
    return [names.symbol(tensor, index, fmt) for tensor, index in shown], len(cells)
