"""The colour scale of each tensor the panels show, one per tensor and iteration, so colours do
not jump as the cursor moves; kept for the last few iterations only."""

from __future__ import annotations

import weakref
from typing import Any

import numpy as np

from convstudio.engine.colour_scale import magnitude, scale_from


class IterationScales:
    """Colour scales by iteration (weakly held: a forgotten iteration takes its scales with it)."""

    def __init__(self) -> None:
        self._scales: list[tuple[weakref.ref[Any], dict[str, float]]] = []

    def of(self, it: Any) -> dict[str, float]:
        """The colour scales of iteration ``it`` (empty at first; ``scale`` fills them in)."""
        for ref, scales in self._scales:
            if ref() is it:
                return scales
        scales: dict[str, float] = {}
        kept = [(ref, old) for ref, old in self._scales[-2:] if ref() is not None]
        self._scales = [*kept, (weakref.ref(it), scales)]
        return scales


def scale(trace: Any, name: str, scales: dict[str, float]) -> float:
    """One colour scale per tensor and iteration, from all its values (and the parameters after the
    update), so colours do not jump: the largest magnitude, or 1 if none is finite and > 0."""
    found = scales.get(name)
    if found is None:
        source = trace.grads if name.startswith("d") else trace.values
        found = magnitude(np.asarray(source[name], dtype=np.float64))
        if name in trace.it.new_params:
            found = max(found, magnitude(trace.it.new_params[name]))
        found = scale_from(found)
        scales[name] = found
    return found
