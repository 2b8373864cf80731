"""SGD and Adam step by step, with the numbers worked out by hand from PyTorch's formulas."""

from __future__ import annotations

import math

import numpy as np
import pytest

from convstudio.engine import optim


def test_plain_sgd_steps_against_the_gradient_and_keeps_no_state():
    p, g = {"0.weight": np.array([1.0, -2.0])}, {"0.weight": np.array([0.5, 0.25])}
    new, state = optim.sgd_step(p, g, {}, lr=0.1)
    np.testing.assert_allclose(new["0.weight"], [0.95, -2.025])
    assert state == {}


def test_sgd_momentum_buffer_starts_as_the_gradient_then_accumulates_with_weight_decay():
    p, g = {"w": np.array([2.0])}, {"w": np.array([1.0])}
    p1, s1 = optim.sgd_step(p, g, {}, lr=0.1, momentum=0.9, weight_decay=0.5)
    # g = 1 + 0.5*2 = 2; buf = 2 (no damping on the first step); p = 2 - 0.2
    assert s1["w.momentum_buffer"].item() == pytest.approx(2.0)
    assert p1["w"].item() == pytest.approx(1.8)
    p2, s2 = optim.sgd_step(p1, g, s1, lr=0.1, momentum=0.9, weight_decay=0.5)
    # g = 1 + 0.5*1.8 = 1.9; buf = 0.9*2 + 1.9 = 3.7; p = 1.8 - 0.37
    assert s2["w.momentum_buffer"].item() == pytest.approx(3.7)
    assert p2["w"].item() == pytest.approx(1.43)


def test_adam_bias_corrections_make_the_first_step_lr_in_the_gradients_direction():
    p, g = {"w": np.array([1.0, 1.0])}, {"w": np.array([0.3, -4.0])}
    p1, s1 = optim.adam_step(p, g, {}, lr=0.01, eps=0.0)
    np.testing.assert_allclose(p1["w"], [0.99, 1.01])
    assert s1["w.step"] == 1
    np.testing.assert_allclose(s1["w.exp_avg"], 0.1 * g["w"])
    np.testing.assert_allclose(s1["w.exp_avg_sq"], 0.001 * g["w"] ** 2)


def test_adam_second_step_follows_the_formula_with_a_per_parameter_step_count():
    b1, b2, lr, eps, wd = 0.9, 0.999, 0.1, 1e-8, 0.1
    p, state = {"w": np.array([1.0])}, {}
    grads = [np.array([0.5]), np.array([-1.0])]
    m = v = 0.0
    want = 1.0
    for t, g in enumerate(grads, start=1):
        p, state = optim.adam_step(p, {"w": g}, state, lr=lr, betas=(b1, b2), eps=eps, weight_decay=wd)
        gd = g.item() + wd * want
        m, v = b1 * m + (1 - b1) * gd, b2 * v + (1 - b2) * gd * gd
        want -= (lr / (1 - b1**t)) * m / (math.sqrt(v) / math.sqrt(1 - b2**t) + eps)
        assert p["w"].item() == pytest.approx(want, rel=1e-14)
        assert state["w.step"] == t


def test_steps_work_from_read_only_state_and_leave_their_inputs_alone():
    p = {"w": np.array([1.0, 2.0])}
    g = {"w": np.array([0.1, 0.2])}
    _, state = optim.adam_step(p, g, {}, lr=0.1)
    for value in [*p.values(), *g.values(), *(v for v in state.values() if isinstance(v, np.ndarray))]:
        value.setflags(write=False)
    before = {k: np.copy(v) for k, v in state.items()}
    _, new_state = optim.step({"type": "adam", "lr": 0.1}, p, g, state)
    assert new_state["w.step"] == 2
    for k, v in before.items():
        np.testing.assert_array_equal(state[k], v)
    np.testing.assert_array_equal(p["w"], [1.0, 2.0])
    _, sgd_state = optim.step({"type": "sgd", "lr": 0.1, "momentum": 0.5}, p, g, {})
    sgd_state["w.momentum_buffer"].setflags(write=False)
    optim.step({"type": "sgd", "lr": 0.1, "momentum": 0.5}, p, g, sgd_state)
