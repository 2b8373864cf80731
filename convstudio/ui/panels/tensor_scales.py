"""The colour scale of each tensor the panels show, one per tensor and iteration, so colours do
not jump as the cursor moves. They are kept with the iteration (``it.scales``): stepping back across
an update finds them again, and an iteration computed ahead brings them worked out already."""

from __future__ import annotations

from typing import Any

from convstudio.engine.colour_scale import tensor_scale


def scale(trace: Any, name: str, scales: dict[str, float]) -> float:
    """One colour scale per tensor and iteration, from all its values (and the parameters after the
    update), so colours do not jump: the largest magnitude, or 1 if none is finite and > 0."""
    found = scales.get(name)
    if found is None:
        found = scales[name] = tensor_scale(trace.values, trace.grads, trace.it.new_params, name)
    return found
