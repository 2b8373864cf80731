"""Number text: the one formatter that cells, equations, hover text and exports print with."""

from __future__ import annotations

from convstudio.engine.notation import MINUS, exact, number


def test_numbers_get_significant_digits_or_fixed_decimals_and_a_real_minus():
    assert number(-0.75) == f"{MINUS}0.75"
    assert number(-1.23456e-7, digits=3) == f"{MINUS}1.23e{MINUS}7"
    assert number(0.0) == number(-0.0) == "0"
    assert number(-0.3249, digits=2, decimals=2) == f"{MINUS}0.32"
    assert number(12.5, decimals=0) == "12"  # round half to even, as Python formats
    assert number(-0.4, decimals=0) == "0"  # no "−0" in a cell
    assert "-" not in number(-2.5e-9) + number(-2.5e-9, decimals=12)


def test_exact_text_reads_back_to_the_same_float():
    for value in (0.1, -1 / 3, 1e-5, -2.5e300):
        text = exact(value)
        assert float(text.replace(MINUS, "-")) == value
        assert "-" not in text
