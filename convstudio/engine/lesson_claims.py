"""What a lesson's ``[expect]`` table states, checked against the engine, one claim a statement.

A ``[spec]`` lesson's statements are checked against the one-layer model (names W, o, dW, ...);
a ``[network]`` lesson's against the network and its trace (network_claims)."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from convstudio.engine import classifier_report, fit, network_claims
from convstudio.engine.lessons import Lesson
from convstudio.engine.model import run_iteration
from convstudio.engine.spec import Spec
from convstudio.engine.trace import Trace


@dataclass(frozen=True)
class Claim:
    """One statement of a lesson's [expect] table and whether the engine bears it out."""

    key: str
    holds: bool
    detail: str


def verify(lesson: Lesson) -> list[Claim]:
    """Check every statement of ``[expect]`` against the engine."""
    if lesson.form == "network":
        return _verify_network(lesson)
    claims = []
    for key, stated in lesson.expect.items():
        check = _CHECKS.get(key)
        if check is None:
            claims.append(Claim(key, False, f"unknown statement; known: {', '.join(_CHECKS)}"))
            continue
        holds, detail = check(lesson, stated)
        claims.append(Claim(key, holds, detail))
    return claims


def _verify_network(lesson: Lesson) -> list[Claim]:
    checker = network_claims.Checker(lesson.network, lesson.network_params, lesson.x, lesson.target)
    claims = []
    for key, stated in lesson.expect.items():
        if key == "trained":
            claims.append(Claim(key, *_trained(lesson, stated)))
            continue
        check = network_claims.CHECKS.get(key)
        if check is None:
            known = ", ".join([*network_claims.CHECKS, "trained"])
            claims.append(Claim(key, False, f"unknown statement; known: {known}"))
            continue
        claims.append(Claim(key, *check(checker, stated)))
    return claims


def _trained(lesson: Lesson, stated: Any) -> tuple[bool, str]:
    """``{iterations, test_accuracy}``: after that many mini-batches from the lesson's first weights
    the held-out images are classified at least that well."""
    if lesson.data is None or lesson.test is None:
        return False, "the lesson holds no data set with test images ([data] test)"
    params, state = classifier_report.trained(
        lesson.network, lesson.network_params, lesson.data, stated["iterations"]
    )
    accuracy = fit.accuracy(lesson.network, params, *lesson.test, state)
    detail = f"{accuracy:.1%} test accuracy after {stated['iterations']} iterations"
    return accuracy >= stated["test_accuracy"], detail


def _spec(lesson: Lesson) -> Spec:
    assert lesson.spec is not None  # a [spec] lesson always has one
    return lesson.spec


def _first(lesson: Lesson) -> Any:
    return run_iteration(_spec(lesson), lesson.params, lesson.x, lesson.target)


def _close(actual: np.ndarray, stated: Any, what: str) -> tuple[bool, str]:
    want = np.array(stated, dtype=np.float64)
    if want.size != actual.size:
        return False, f"{what}: {actual.size} value(s), the lesson states {want.size}"
    ok = bool(np.allclose(actual.ravel(), want.ravel(), rtol=1e-12, atol=1e-12))
    return ok, f"{what} = {actual.ravel().tolist()}"


def _tables(source: Callable[[Any], Mapping[str, np.ndarray]]) -> Callable[[Lesson, Any], tuple[bool, str]]:
    """A check of named tensors of the first iteration against stated numbers."""

    def check(lesson: Lesson, stated: Any) -> tuple[bool, str]:
        tensors = source(_first(lesson))
        results = [_close(np.asarray(tensors[name]), value, name) for name, value in stated.items()]
        return all(ok for ok, _ in results), "; ".join(detail for _, detail in results)

    return check


def _iterations_to_match(lesson: Lesson, stated: Any) -> tuple[bool, str]:
    """``{tensor, kernel, tolerance, iterations}``: the parameter first gets within tolerance of the
    kernel (largest difference) after exactly that many iterations."""
    model = lesson.model()
    want = np.array(stated["kernel"], dtype=np.float64).reshape(model.params[stated["tensor"]].shape)
    for done in range(stated["iterations"] + 1):
        gap = float(np.abs(model.params[stated["tensor"]] - want).max())
        if gap < stated["tolerance"]:
            ok = done == stated["iterations"]
            return ok, f"within {stated['tolerance']:g} after {done} iterations (gap {gap:.2e})"
        model.step()
    return (
        False,
        f"not within {stated['tolerance']:g} after {stated['iterations']} iterations (gap {gap:.2e})",
    )


def _iterations_to_full_accuracy(lesson: Lesson, stated: Any) -> tuple[bool, str]:
    """Training accuracy first reaches 100% after exactly ``stated`` iterations."""
    model = lesson.model()
    for done in range(stated + 1):
        if model.accuracy() == 1.0:
            return done == stated, f"100% training accuracy after {done} iterations"
        model.step()
    return False, f"accuracy {model.accuracy():.0%} after {stated} iterations"


def _count(test: Callable[[Any], np.ndarray], what: str) -> Callable[[Lesson, Any], tuple[bool, str]]:
    def check(lesson: Lesson, stated: Any) -> tuple[bool, str]:
        count = int(np.count_nonzero(test(_first(lesson))))
        return count == stated, f"{count} {what}"

    return check


def _terms(lesson: Lesson, stated: Any) -> tuple[bool, str]:
    """Terms in the sum of the first dL/dW element: one per output position, image and channel."""
    trace = Trace(_first(lesson))
    section = trace.section_for("dW")
    assert section is not None  # every network has a filter gradient
    count = trace.step(section.start).n_terms
    return count == stated, f"dL/dW11 sums {count} terms"


def _output_shape(lesson: Lesson, stated: Any) -> tuple[bool, str]:
    shape = _spec(lesson).conv_shape[2:]
    return list(shape) == list(stated), f"the output map is {shape[0]}x{shape[1]}"


_CHECKS: dict[str, Callable[[Lesson, Any], tuple[bool, str]]] = {
    "values": _tables(lambda it: it.values),
    "grads": _tables(lambda it: it.grads),
    "after_one_step": _tables(lambda it: it.new_params),
    "iterations_to_match": _iterations_to_match,
    "iterations_to_full_accuracy": _iterations_to_full_accuracy,
    "nonzero_output_grads": _count(lambda it: it.grads["do"], "nonzero dL/do"),
    "dead_outputs": _count(lambda it: it.values["o"] <= 0, "outputs at or below zero"),
    "grad_terms": _terms,
    "output_shape": _output_shape,
}
