"""The landscape map's geometry: its grid through the current point, the view around the path,
the path clipped to the view, and the colour bar's labels."""

from __future__ import annotations

import numpy as np

from convstudio.engine.landscape_map import MIN_HALF, clip_path, fit_range, grid_axis, loss_labels


def test_the_grid_passes_through_the_origin_and_fit_range_leaves_off_blown_up_points():
    axis = grid_axis(-1.0, 1.0, 0.3, 41)
    assert len(axis) == 41 and 0.3 in axis
    assert axis[0] <= -1.0 + 0.025 and axis[-1] >= 1.0 - 0.025
    np.testing.assert_array_equal(grid_axis(0.0, 1.0, 1e19, 5), np.linspace(0.0, 1.0, 5))
    path = np.array([[0.0, 0.0], [1.0, 1.0], [-3.0, -3.0], [50.0, 50.0]])
    x0, x1, y0, y1 = fit_range(path, np.array([1.0, 0.5, 5.0, 500.0]), (50.0, 50.0))
    assert x0 < -3.0 and 1.0 < x1 < 50.0 and y0 < -3.0 and 1.0 < y1 < 50.0
    x0, x1, _, _ = fit_range(path[:1], np.array([1.0]), (0.0, 0.0))
    assert (x0, x1) == (-MIN_HALF, MIN_HALF)


def test_clipping_keeps_huge_coordinates_away_and_finds_the_exits():
    path = np.array(
        [[0.0, 0.0], [2.0, 0.0], [np.nan, np.nan], [0.5, 0.5], [0.5, -1e300], [1e6, -1e6], [-1e6, 1e6]]
    )
    pieces, where, direction = clip_path(path, (-1.0, 1.0, -1.0, 1.0))
    # the last segment crosses the square on its diagonal
    np.testing.assert_allclose(pieces, [[0, 0], [1, 0], [0.5, 0.5], [0.5, -1], [1, -1], [-1, 1]], atol=1e-9)
    np.testing.assert_allclose(where, [[1, 0], [0.5, -1], [-1, 1]], atol=1e-9)
    np.testing.assert_allclose(direction, [[1, 0], [0, -1], [-(0.5**0.5), 0.5**0.5]], atol=1e-12)
    # both ends so far away that where the segment crosses is lost in rounding: left out, quietly
    far = np.array([[1.7e308, -1.7e308], [-1.7e308, 1.7e308]])
    assert [len(part) for part in clip_path(far, (-1.0, 1.0, -1.0, 1.0))] == [0, 0, 0]
    # one end near: the crossing is exact however far the other end is
    pieces, where, _ = clip_path(np.array([[0.0, 0.0], [1.7e308, 1.7e308]]), (-1.0, 1.0, -1.0, 1.0))
    np.testing.assert_array_equal(where, [[1.0, 1.0]])


def test_colour_bar_labels_tell_ticks_apart():
    assert loss_labels([587000.0, 587500.0], 500.0, False) == ["5.87e5", "5.875e5"]
    assert loss_labels([0.0, 0.5, 1.0], 0.5, False) == ["0", "0.5", "1"]
    assert loss_labels([-2.0, 0.0], 1.0, True) == ["0.01", "1"]
    # losses that differ in their 13th digit read as differences from a round base
    base = 5.38882465467e25
    assert loss_labels([base + 8e12, base + 9e12], 1e12, False, base) == ["8e12", "9e12"]
