"""What a ``[network]`` lesson's ``[expect]`` table states about gradient flow and symmetry: the
gradient norms of the first iteration, how the first layer's compares with the last layer's over
training, and how far two filters of one layer are apart iteration by iteration."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import numpy as np

from convstudio.engine.trace_record import record

if TYPE_CHECKING:
    from convstudio.engine.network_claims import Checker, Outcome

#: Stated norms and gaps hold when they agree this closely (written to 12 digits, or exactly 0).
TOLERANCE = 1e-12


def _norm(a: np.ndarray) -> float:
    return float(np.sqrt(np.sum(np.square(a, dtype=np.float64))))


def _close(actual: float, stated: Any) -> bool:
    return bool(np.isclose(actual, float(stated), rtol=TOLERANCE, atol=TOLERANCE))


def _grad_key(c: Checker, name: str) -> str | None:
    key = c.key(name)
    return key if key is not None and key in c.trace.grads else None


def gradient_norms(c: Checker, stated: Mapping[str, Any]) -> Outcome:
    """``{gradient: norm}``: the Frobenius norm of each named gradient in the first iteration."""
    results, details = [], []
    for name, value in stated.items():
        key = _grad_key(c, name)
        if key is None:
            results.append(False)
            details.append(f"{name}: no such gradient")
            continue
        norm = _norm(c.trace.grads[key])
        results.append(_close(norm, value))
        details.append(f"‖{name}‖ = {norm!r}")
    return all(results), "; ".join(details)


def norm_ratio(c: Checker, stated: Mapping[str, Any]) -> Outcome:
    """``{of, to, below and/or above, iterations = 1}``: ‖of‖ / ‖to‖ stays within the bounds in each
    of the first ``iterations`` iterations."""
    of, to = _grad_key(c, stated["of"]), _grad_key(c, stated["to"])
    if of is None or to is None:
        return False, f"norm_ratio: {stated['of']} or {stated['to']} is no gradient of this network"
    if "below" not in stated and "above" not in stated:
        return False, "norm_ratio: state a bound, below or above"
    below, above = float(stated.get("below", np.inf)), float(stated.get("above", -np.inf))
    params: Mapping[str, Any] = c.params
    state: Mapping[str, Any] | None = None
    ratios = []
    for _ in range(int(stated.get("iterations", 1))):
        rec = record(c.network, params, c.x, c.target, state)
        ratios.append(_norm(rec.grads[of]) / _norm(rec.grads[to]))
        params, state = rec.result.new_params, rec.result.new_state
    ok = bool(ratios) and all(above < r < below for r in ratios)
    shown = ", ".join(f"{r:.4g}" for r in ratios)
    return ok, f"‖{stated['of']}‖/‖{stated['to']}‖ = {shown}, between {above:g} and {below:g}?"


def filter_gaps(c: Checker, stated: Mapping[str, Any]) -> Outcome:
    """``{weight, filters = [f, g], gaps = [...]}``: the largest difference between filters f and g
    (1-based) of the weight at the start of each of the first len(gaps) iterations."""
    key = c.key(stated["weight"])
    if key is None or key not in c.params:
        return False, f"filter_gaps: {stated['weight']} is no weight of this network"
    f, g = (int(k) - 1 for k in stated["filters"])
    params: Mapping[str, Any] = c.params
    state: Mapping[str, Any] | None = None
    gaps = []
    for _ in stated["gaps"]:
        weight = np.asarray(params[key])
        gaps.append(float(np.abs(weight[f] - weight[g]).max()))
        rec = record(c.network, params, c.x, c.target, state)
        params, state = rec.result.new_params, rec.result.new_state
    ok = len(gaps) > 0 and all(_close(a, b) for a, b in zip(gaps, stated["gaps"], strict=True))
    return ok, f"filters {f + 1} and {g + 1} of {stated['weight']} differ by {gaps}"
