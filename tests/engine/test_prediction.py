"""Predict mode's answers: read as arithmetic only, never as code, and checked with a tolerance
relative to the truth or to what goes into it."""

from __future__ import annotations

import pytest

from convstudio.engine import prediction

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
