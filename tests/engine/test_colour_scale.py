"""The colour scale every matrix view, map and strip is drawn on: one definition, checked here."""

from __future__ import annotations

import sys

import numpy as np

from convstudio.engine.colour_scale import (
    colour_scale,
    finite_magnitude,
    magnitude,
    product_scale,
    scale_from,
)


def test_magnitude_is_the_largest_size_with_nan_left_out_and_inf_kept():
    assert magnitude(np.array([[0.5, -3.0], [2.0, np.nan]])) == 3.0
    assert magnitude(np.full((2, 2), np.nan)) == 0.0
    assert magnitude(np.zeros(0)) == 0.0
    assert magnitude(np.array([1.0, -np.inf])) == np.inf


def test_finite_magnitude_leaves_overflowed_entries_out():
    assert finite_magnitude(np.array([np.inf, -7.0, np.nan, 2.0])) == 7.0
    assert finite_magnitude(np.array([np.inf, np.nan])) == 0.0


def test_a_scale_is_the_largest_finite_size_or_one():
    assert colour_scale(np.array([-0.25, 0.125])) == 0.25
    assert colour_scale(np.array([1.0, -4.0]), np.array([[9.0, np.inf]])) == 9.0  # shared by both
    assert colour_scale(np.zeros((3, 3))) == 1.0  # nothing to scale: a unit scale, not zero
    assert colour_scale(np.array([np.nan, np.inf])) == 1.0
    assert [scale_from(v) for v in (2.5, 0.0, -1.0, np.inf, np.nan)] == [2.5, 1.0, 1.0, 1.0, 1.0]


def test_the_outer_products_scale_is_its_largest_entry_without_forming_it():
    rng = np.random.default_rng(3)
    a, b = rng.normal(size=7), rng.normal(size=5)
    assert product_scale(a, b) == np.abs(np.outer(a, b)).max()
    assert product_scale(np.array([1e200]), np.array([-1e200])) == sys.float_info.max
