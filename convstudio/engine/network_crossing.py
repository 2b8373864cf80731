"""Where the backward pass crosses into the layer below: layer k's input gradient dL/dI^k is layer
k−1's output gradient (dL/dI² = dL/da¹), one tensor under two names."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from convstudio.engine.network_trace import NetworkTrace
from convstudio.engine.notation import number, symbol_text

#: The layer types with an input of their own to name: I^k, as a convolution reads it.
_WITH_INPUT = ("conv", "conv_transpose", "dense", "batch_norm")
_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


@dataclass(frozen=True)
class Crossing:
    """The gradient ``tensor`` ("d1:out") as layer ``upper``'s input gradient and as layer
    ``lower``'s output gradient (layer indices, ``lower = upper − 1``)."""

    tensor: str
    upper: int
    lower: int
    number: int | None  # the upper layer's number in the trace's names (the 2 of I²)

    def input_name(self, fmt: str = "text") -> str:
        """The upper layer's input without indices: ``I²``, ``I<sup>2</sup>``, ``{I}^{2}``."""
        if self.number is None:
            return "I"
        if fmt == "latex":
            return f"{{I}}^{{{self.number}}}"
        if fmt == "html":
            return f"I<sup>{self.number}</sup>"
        return "I" + str(self.number).translate(_SUPERSCRIPT)


def crossing_at(trace: NetworkTrace, number_: int) -> Crossing | None:
    """The crossing step ``number_`` is at: it writes the input gradient of a layer with an input of
    its own (a conv, dense or batch norm layer above another layer), or it is one of the steps that
    follow in the layer below, which work from that gradient. None anywhere else."""
    if not 0 <= number_ < len(trace) or trace.section_of(number_).phase != "backward":
        return None
    owner = trace.layer_of(number_)
    if owner is None:
        return None
    layers = trace.layers
    section = trace.section_of(number_)
    if section.tensor == f"d{owner.index - 1}:out" and owner.index >= 1 and owner.type in _WITH_INPUT:
        upper = owner.index
    elif owner.index + 1 < len(layers) and layers[owner.index + 1].type in _WITH_INPUT:
        upper = owner.index + 1  # the layer below works through its backward sections after the crossing
    else:
        return None
    return Crossing(f"d{upper - 1}:out", upper, upper - 1, trace.names.symbols[f"{upper}:out"].number)


def crossing_cell(trace: NetworkTrace, crossing: Crossing, number_: int) -> tuple[int, ...] | None:
    """The cell of the crossing gradient the step writes or reads first (None: it reads none)."""
    step = trace.step(number_)
    if step.tensor == crossing.tensor:
        return step.index
    read = step.reads().get(crossing.tensor)
    return None if read is None or len(read) == 0 else tuple(int(v) for v in np.asarray(read)[0])


def crossing_equation(
    trace: NetworkTrace, crossing: Crossing, cell: tuple[int, ...] | None, fmt: str = "text"
) -> str:
    """``dL/dI²12 = dL/da¹12 = 0.515625`` for a cell, ``dL/dI² = dL/da¹`` for the whole tensor."""
    names = trace.names
    if cell is None:
        upper = symbol_text(crossing.input_name(fmt), "", True, fmt)
        return f"{upper} = {symbol_text(names.name(crossing.tensor, fmt), '', True, fmt)}"
    sub = names.subscript(crossing.tensor, cell)
    upper = symbol_text(crossing.input_name(fmt), sub, True, fmt)
    value = number(float(trace.grads[crossing.tensor][cell]), fmt)
    return f"{upper} = {names.symbol(crossing.tensor, cell, fmt)} = {value}"
