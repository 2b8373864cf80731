"""Predict mode's answers: read as arithmetic only, never as code, and checked with a tolerance
relative to the truth or to what goes into it."""

from __future__ import annotations

import numpy as np
import pytest

from convstudio.engine import network as nw
from convstudio.engine import prediction
from convstudio.engine.network_trace import NetworkTrace

# --- reading and checking answers ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("0.75", 0.75),
        ("-3/4", -0.75),
        ("−0.1875", -0.1875),
        ("  7/2 ", 3.5),
        ("1.5e-3", 0.0015),
        ("2·(0.5 − 1)", -1.0),
        ("3 × 0.5 ÷ 2", 0.75),
        ("0.5^2", 0.25),
        ("0,75", 0.75),
        ("1/(1 + exp(-0))", 0.5),
        ("max(0, -1.5)", 0.0),
        ("sqrt(2)**2", 2.0000000000000004),
    ],
)
def test_answers_are_read_as_numbers_fractions_and_arithmetic(typed, value):
    assert prediction.parse_answer(typed) == value


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("0,75", 0.75),
        ("−3,5/7", -0.5),
        ("exp(0,5)", 1.6487212707001282),
        ("2·(0,5 − 1)", -1.0),
        ("max(0,5; 1,25)", 1.25),
        ("1,5e-3", 0.0015),
    ],
)
def test_where_the_locale_writes_a_decimal_comma_it_is_read_everywhere(typed, value):
    assert prediction.parse_answer(typed, decimal_comma=True) == value


def test_without_a_decimal_comma_a_comma_inside_a_call_separates_arguments():
    assert prediction.parse_answer("max(0,5)") == 5.0
    assert prediction.parse_answer("max(0,5; 0)", decimal_comma=True) == 0.5


@pytest.mark.parametrize(
    ("typed", "says"),
    [
        ("", "Type a number"),
        ("W11", "W11 is a name, not a number"),
        ("__import__('os').system('false')", "Only numbers and"),
        ("open('x')", "open() is not available"),
        ("1/0", "divides by zero"),
        ("2**1000", "Powers up to 64"),
        ("1e300*1e300", "not a finite number"),
        ("exp(1000)", "too large"),
        ("log(-1)", "log() cannot take those arguments"),
        ("(-8)**(1/3)", "no real value"),
        ("'3'", "Only numbers, please"),
        ("True", "Only numbers, please"),
        ("(1, 2)", "Only numbers and"),
        ("3 +", "is not a number I can read"),
        ("1" * 201, "too long"),
    ],
)
def test_anything_else_is_refused_with_a_reason(typed, says):
    with pytest.raises(ValueError, match=None) as error:
        prediction.parse_answer(typed)
    assert says in str(error.value)


def test_the_tolerance_is_relative_or_relative_to_what_goes_in():
    assert prediction.is_close(-0.7505, -0.75)  # 0.07 % off
    assert not prediction.is_close(-0.752, -0.75)  # 0.27 % off
    assert prediction.is_close(0.0, 0.0) and not prediction.is_close(1e-9, 0.0)
    # 2·(p − t) with p = 0.999993: the student's 0 is as good as the six digits shown allow
    assert not prediction.is_close(0.0, -1.38e-5)
    assert prediction.is_close(0.0, -1.38e-5, magnitude=2.0)
    assert not prediction.is_close(0.01, -1.38e-5, magnitude=2.0)


# --- deep networks: every step kind, checked with what goes into it ----------------------------

DEEP = {
    "input": {"channels": 1, "height": 3, "width": 3},
    "layers": [
        {"type": "conv", "filters": 1, "kernel": 2, "bias": False},
        {"type": "batch_norm"},
        {"type": "global_avg_pool"},
    ],
    "loss": "mse",
}


def _first_step(network, x, target, phase, layer):
    params = nw.init_params(network, seed=0)
    trace = NetworkTrace.of(network, params, x, target)
    section = next(s for s in trace.sections if s.phase == phase and s.layer == layer)
    return trace.step(section.start)


@pytest.mark.parametrize(
    "optimizer", [{"type": "sgd", "lr": 0.1, "momentum": 0.9}, {"type": "adam", "lr": 0.1}]
)
def test_an_update_that_lands_near_zero_is_as_exact_as_the_old_parameter_and_the_step(optimizer):
    x = np.arange(18.0).reshape(2, 1, 3, 3) / 10
    step = _first_step(
        {**DEEP, "optimizer": optimizer}, x, np.array([[1.0], [-1.0]]), "update", optimizer["type"]
    )
    old = float(step.blocks[0].columns[0].values[0])
    assert step.op == optimizer["type"]
    assert prediction.magnitude(step) == pytest.approx(max(abs(old), abs(step.result - old)))
    # a student's hand calculation, off by 0.05 % of the old weight, of an update landing near 0
    assert prediction.is_close(5e-4 * old, 0.0, prediction.magnitude(step))


def test_a_normalised_value_near_zero_is_as_exact_as_x_and_the_mean_it_subtracts():
    x = np.arange(18.0).reshape(2, 1, 3, 3) / 10
    step = _first_step(
        {**DEEP, "optimizer": {"type": "sgd", "lr": 0.1}}, x, np.zeros((2, 1)), "forward", "bn_norm"
    )
    x_value, mean, var = (float(c.values[0]) for c in step.blocks[0].columns)
    assert prediction.magnitude(step) == pytest.approx(max(abs(x_value), abs(mean)) / np.sqrt(var + 1e-5))
    assert prediction.magnitude(step) > abs(step.result)
