"""The gradient-flow and symmetry lessons: their statements checked against independent
computations (finite differences, plain iterations), false ones reported, and He's start as read."""

from __future__ import annotations

import re

import numpy as np
import pytest

from convstudio.engine import gradient_flow, lesson_claims, lessons
from convstudio.engine import network as nw

VANISHING = ["vanishing-gradients", "vanishing-gradients-relu", "vanishing-gradients-init"]


def _fd_grad(network, params, x, target, key, eps=1e-6):
    """dL/d(params[key]) by central differences, one cell at a time (no backprop)."""
    grad = np.zeros_like(params[key])
    for index in np.ndindex(grad.shape):
        losses = []
        for sign in (+1, -1):
            nudged = {k: v.copy() for k, v in params.items()}
            nudged[key][index] += sign * eps
            out = nw.predict(network, nudged, x)
            losses.append(float(np.mean((out - target) ** 2)))
        grad[index] = (losses[0] - losses[1]) / (2 * eps)
    return grad


@pytest.mark.parametrize("name", VANISHING)
def test_the_stated_gradient_norms_are_those_finite_differences_measure(name):
    lesson = lessons.load(name)
    stated = lesson.expect["gradient_norms"]
    for symbol, key in (("dL/dW¹", "0.weight"), ("dL/dW⁴", "6.weight")):
        fd = _fd_grad(lesson.network, lesson.params, lesson.x, lesson.target, key)
        assert np.linalg.norm(fd) == pytest.approx(stated[symbol], rel=1e-5)


def test_the_three_stacks_differ_only_in_activation_and_start_and_the_ratio_orders_them():
    loaded = [lessons.load(name) for name in VANISHING]
    sigmoid, relu, he = loaded
    assert all(np.array_equal(lesson.x, sigmoid.x) for lesson in loaded)
    assert all(np.array_equal(lesson.target, sigmoid.target) for lesson in loaded)
    as_relu = [
        {**layer, "type": "relu"} if layer["type"] == "sigmoid" else layer
        for layer in sigmoid.network["layers"]
    ]
    assert relu.network == he.network == {**sigmoid.network, "layers": as_relu}
    for key, value in he.params.items():
        np.testing.assert_array_equal(value, gradient_flow.he_init(he.network, 0)[key])
    ratios = []
    for lesson in loaded:
        flow, _ = gradient_flow.flow_of(lesson.network, lesson.params, lesson.x, lesson.target)
        ratios.append(flow.weights["0.weight"] / flow.weights["6.weight"])
    assert ratios[0] < 0.002 < 0.1 < ratios[1] < 0.5 < ratios[2]  # vanishing, then less, then not


def test_equal_filters_stay_bit_for_bit_equal_and_the_random_start_is_the_windows_seed_one():
    lesson = lessons.load("symmetry")
    params, state = lesson.params, None
    for _ in range(20):
        w = params["0.weight"]
        assert np.array_equal(w[0], w[1]) and np.array_equal(
            params["2.weight"][0, 0], params["2.weight"][0, 1]
        )
        result = nw.iterate(lesson.network, params, lesson.x, lesson.target, state)
        params, state = result.new_params, result.new_state
    assert not np.array_equal(params["0.weight"], lesson.params["0.weight"])  # it did learn
    stated = lesson.expect["with_weights"]
    assert stated["weights"] == {"seed": 1}
    params = nw.init_params(lesson.network, 1)  # Edit ▸ Re-initialise weights, seed 1
    gaps = []
    for _ in stated["filter_gaps"]["gaps"]:
        gaps.append(float(np.abs(params["0.weight"][0] - params["0.weight"][1]).max()))
        params = nw.iterate(lesson.network, params, lesson.x, lesson.target).new_params
    np.testing.assert_allclose(gaps, stated["filter_gaps"]["gaps"], rtol=1e-12)
    assert min(gaps) > 0.4


def _with_expect(tmp_path, name, expect):
    text = (lessons.lesson_dir() / f"{name}.toml").read_text(encoding="utf-8")
    path = tmp_path / f"{name}.toml"
    path.write_text(text.split("[expect]")[0] + "[expect]\n" + expect + "\n", encoding="utf-8")
    return lesson_claims.verify(lessons.load_file(path))


def test_false_flow_statements_are_reported(tmp_path):
    wrong = _with_expect(
        tmp_path,
        "vanishing-gradients",
        "\n".join(
            [
                'gradient_norms = { "dL/dW¹" = 0.0010566, "dL/dQ⁹" = 1 }',
                'norm_ratio = { of = "dL/dW¹", to = "dL/dW⁴", above = 0.002 }',
                'filter_gaps = { weight = "W¹", filters = [1, 2], gaps = [0] }',
                'with_weights = { weights = { init = "xavier" }, values = { L = 0 } }',
            ]
        ),
    )
    details = {c.key: (c.holds, c.detail) for c in wrong}
    assert not any(holds for holds, _ in details.values())
    assert "dL/dQ⁹: no such gradient" in details["gradient_norms"][1]
    assert "0.0009048" in details["norm_ratio"][1]
    assert "init must be one of default, he" in details["with_weights"][1]
    held = _with_expect(tmp_path, "symmetry", 'norm_ratio = { of = "dL/dW¹", to = "dL/dW²", below = 100 }')
    assert [c.holds for c in held] == [True]
    unbounded = _with_expect(tmp_path, "symmetry", 'norm_ratio = { of = "dL/dW¹", to = "dL/dW²" }')
    assert not unbounded[0].holds and "state a bound" in unbounded[0].detail


def test_a_lesson_naming_an_unknown_initialisation_is_refused(tmp_path):
    text = (lessons.lesson_dir() / "vanishing-gradients-init.toml").read_text(encoding="utf-8")
    path = tmp_path / "bad.toml"
    path.write_text(text.replace('init = "he"', 'init = "xavier"'), encoding="utf-8")
    with pytest.raises(lessons.LessonError, match=r"\[weights\] init must be one of default, he, not"):
        lessons.load_file(path)


@pytest.mark.parametrize("name", VANISHING)
def test_each_vanishing_lesson_says_its_norms_and_ratio_with_their_numbers(name):
    lesson = lessons.load(name)
    backward = lesson.text["backward"]
    for symbol, norm in lesson.expect["gradient_norms"].items():
        assert f"‖{symbol}‖ = {norm:.4g}" in backward
    flow, _ = gradient_flow.flow_of(lesson.network, lesson.params, lesson.x, lesson.target)
    ratio = flow.weights["0.weight"] / flow.weights["6.weight"]
    said = [float(n) for n in re.findall(r"\d+\.\d+", backward)]
    assert any(abs(n - ratio) <= 0.05 * ratio for n in said), (ratio, said)  # "0.0009", "0.26", "1.17"


def test_the_symmetry_lesson_says_the_shared_gradient_and_the_step_with_their_numbers():
    lesson = lessons.load("symmetry")
    result = nw.iterate(lesson.network, lesson.params, lesson.x, lesson.target)
    said = lesson.text["backward"] + lesson.text["update"]
    for value in (*result.grads["0.weight"][0].ravel(), *result.new_params["0.weight"][0].ravel()):
        assert f"{value:.4f}".replace("-", "−") in said
