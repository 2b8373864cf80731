"""The terms of a step that read a convolution's zero padding, named as the cells outside the
input they stand for: in a 5x5 input, I04 is row 0 (the padding above row 1), column 4."""

from __future__ import annotations

from typing import Protocol

from convstudio.engine.steps import Step


class Naming(Protocol):
    def symbol(self, tensor: str, index: tuple[int, ...], fmt: str = "text") -> str: ...


def padding_cells(step: Step) -> list[tuple[str, tuple[int, ...]]]:
    """Each term's padded cell (tensor, index), in the order of the terms, once each."""
    seen: list[tuple[str, tuple[int, ...]]] = []
    for block in step.blocks:
        for col in block.columns:
            if col.pad is None or col.tensor is None:
                continue
            for row in range(len(col.values)):
                cell = (col.tensor, col.cell(row))
                if col.pad[row] and cell not in seen:
                    seen.append(cell)
    return seen


def padding_symbols(step: Step, names: Naming, fmt: str = "text") -> list[str]:
    """The symbols of the padded cells the step's zeros stand for: ``I04``, ``I06``, ``I26``."""
    return [names.symbol(tensor, index, fmt) for tensor, index in padding_cells(step)]
