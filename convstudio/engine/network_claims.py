"""What a ``[network]`` lesson's ``[expect]`` table states, checked against ``network.iterate``
and the trace of its first iteration; tensors are named by the trace's keys ("0:out", "d1:out",
"0.weight") or its symbols ("o¹", "dL/da¹", "W¹")."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from convstudio.engine import flow_claims, lesson_network
from convstudio.engine import network as nw
from convstudio.engine.lesson_values import LessonError
from convstudio.engine.network_trace import NetworkTrace

Outcome = tuple[bool, str]
#: Stated numbers hold when they agree this closely (the lessons write them to 12 digits or exactly).
TOLERANCE = 1e-12


def _close(actual: Any, stated: Any, what: str) -> Outcome:
    actual, want = np.asarray(actual, dtype=np.float64), np.array(stated, dtype=np.float64)
    if want.size != actual.size:
        return False, f"{what}: {actual.size} value(s), the lesson states {want.size}"
    ok = bool(np.allclose(actual.ravel(), want.ravel(), rtol=TOLERANCE, atol=TOLERANCE))
    return ok, f"{what} = {actual.ravel().tolist()}"


def _all(results: list[Outcome]) -> Outcome:
    return all(ok for ok, _ in results), "; ".join(detail for _, detail in results)


class Checker:
    """The first iteration of a lesson's network, traced, and the names its statements may use."""

    def __init__(self, network: Mapping[str, Any], params: Mapping[str, np.ndarray], x: Any, target: Any):
        self.network, self.params, self.x, self.target = network, params, x, target
        self.trace = NetworkTrace.of(network, params, x, target)
        self.result = self.trace.rec.result
        names = self.trace.names
        self.keys: dict[str, str] = {}
        for key in self.trace.values:
            if key in names.symbols:
                self.keys.setdefault(names.name(key), key)
        for key in self.trace.grads:
            self.keys.setdefault("dL/d" + names.name(key[1:]), key)

    def key(self, name: str) -> str | None:
        """The trace key a statement's name stands for (None: no such tensor)."""
        if name in self.trace.values or name in self.trace.grads:
            return name
        return self.keys.get(name)

    def tensors(self, stated: Any, source: Callable[[str], np.ndarray | None]) -> Outcome:
        results = []
        for name, value in stated.items():
            key = self.key(name)
            array = None if key is None else source(key)
            if array is None:
                results.append((False, f"{name}: no such tensor; the trace has {', '.join(self.keys)}"))
            else:
                results.append(_close(array, value, name))
        return _all(results)


def _values(c: Checker, stated: Any) -> Outcome:
    return c.tensors(stated, lambda key: c.trace.values.get(key))


def _grads(c: Checker, stated: Any) -> Outcome:
    return c.tensors(stated, lambda key: c.trace.grads.get(key))


def _after_one_step(c: Checker, stated: Any) -> Outcome:
    return c.tensors(stated, lambda key: c.result.new_params.get(key))


def _step_sizes(c: Checker, stated: Any) -> Outcome:
    """How far the first update moves each weight: new − old."""
    return c.tensors(
        stated, lambda key: c.result.new_params[key] - c.params[key] if key in c.params else None
    )


def _shapes(c: Checker, stated: Any) -> Outcome:
    results = []
    for name, shape in stated.items():
        key = c.key(name)
        actual = None if key is None else list(np.shape(c.trace.array(key)))
        results.append((actual == list(shape), f"{name} has shape {actual}"))
    return _all(results)


def _losses(c: Checker, stated: Any) -> Outcome:
    """The loss of each of the first len(stated) iterations."""
    params, state, losses = c.params, None, []
    for _ in stated:
        result = nw.iterate(c.network, params, c.x, c.target, state)
        losses.append(result.loss)
        params, state = result.new_params, result.new_state
    return _close(losses, stated, "the losses")


def _crossing(c: Checker, stated: Any) -> Outcome:
    """For each layer k (1-based, k ≥ 2): k's input gradient, computed from its own input and
    output gradient, is dL/d(output of layer k − 1); and backpropagating from it alone gives every
    parameter gradient of the layers below exactly."""
    rec, results = c.trace.rec, []
    for k in stated:
        if not 2 <= k <= len(rec.layers):
            results.append((False, f"layer {k}: the crossing needs a layer from 2 to {len(rec.layers)}"))
            continue
        layer = rec.layers[k - 1]
        own = {n: rec.values[f"{k - 1}.{n}"] for n in ("weight", "bias") if f"{k - 1}.{n}" in rec.values}
        _, cache = layer.kind.forward(layer.cfg, own, rec.values[rec.input_key(k - 1)], None)
        grad, _ = layer.kind.backward(
            layer.cfg, own, rec.values[rec.input_key(k - 1)], cache, rec.grads[f"d{k - 1}:out"]
        )
        results.append(_close(grad, rec.grads[f"d{k - 2}:out"], f"layer {k}'s input gradient"))
        below: dict[str, np.ndarray] = {}
        for low in reversed(rec.layers[: k - 1]):
            p = {
                n: rec.values[f"{low.index}.{n}"]
                for n in ("weight", "bias")
                if f"{low.index}.{n}" in rec.values
            }
            inp = rec.values[rec.input_key(low.index)]
            _, cache = low.kind.forward(low.cfg, p, inp, None)
            grad, pgrads = low.kind.backward(low.cfg, p, inp, cache, grad)
            below.update({f"{low.index}.{n}": g for n, g in pgrads.items()})
        same = all(np.array_equal(g, c.result.grads[key]) for key, g in below.items())
        results.append((same, f"from it alone: {', '.join(below) or 'no parameters'} exactly"))
    return _all(results)


def _with_optimizer(c: Checker, stated: Any) -> Outcome:
    """The same start trained by another optimiser: its statements checked as for the lesson."""
    network = {**c.network, "optimizer": stated["optimizer"]}
    other = Checker(network, c.params, c.x, c.target)
    rest = {k: v for k, v in stated.items() if k != "optimizer"}
    return verify_statements(other, rest)


def _with_weights(c: Checker, stated: Any) -> Outcome:
    """The same network and data from other first weights (a ``[weights]`` table: numbers, a seed,
    an init): its statements checked as for the lesson."""
    try:
        params = lesson_network.weights(c.network, stated["weights"])
    except LessonError as error:
        return False, f"with_weights: {error}"
    other = Checker(c.network, params, c.x, c.target)
    return verify_statements(other, {k: v for k, v in stated.items() if k != "weights"})


CHECKS: dict[str, Callable[[Checker, Any], Outcome]] = {
    "values": _values,
    "grads": _grads,
    "after_one_step": _after_one_step,
    "step_sizes": _step_sizes,
    "shapes": _shapes,
    "losses": _losses,
    "crossing": _crossing,
    "with_optimizer": _with_optimizer,
    "with_weights": _with_weights,
    "gradient_norms": flow_claims.gradient_norms,
    "norm_ratio": flow_claims.norm_ratio,
    "filter_gaps": flow_claims.filter_gaps,
}


def verify_statements(c: Checker, stated: Mapping[str, Any]) -> Outcome:
    results = []
    for key, value in stated.items():
        check = CHECKS.get(key)
        results.append(
            (False, f"{key}: unknown statement; known: {', '.join(CHECKS)}")
            if check is None
            else check(c, value)
        )
    return _all(results)
