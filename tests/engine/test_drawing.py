"""A drawing: the brush, the network's answer for it, and the batch with it put in."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from convstudio.engine import lessons
from convstudio.engine.drawing import INK, SPREAD, answer, as_input, brushed, placed
from convstudio.engine.model import forward


def test_a_touch_inks_the_cell_and_some_of_its_neighbours_and_stays_in_range():
    canvas = brushed(np.zeros((3, 3)), 1, 1)
    assert canvas[1, 1] == INK and canvas[0, 1] == canvas[1, 0] == SPREAD and canvas[0, 0] == 0
    again = brushed(canvas, 1, 1)
    assert again.max() == 1.0 and again[0, 1] == pytest.approx(2 * SPREAD)
    assert brushed(again, 1, 1, erase=True)[1, 1] == 0
    assert np.array_equal(brushed(canvas, 5, 5), canvas)  # off the grid: nothing


def test_the_answer_is_the_forward_pass_of_the_one_image():
    lesson = lessons.load("bars-classifier")
    spec = lesson.spec
    canvas = np.random.default_rng(0).uniform(0, 1, (spec.height, spec.width))
    got = answer(spec, lesson.params, canvas)
    x = lesson.x.copy()
    x[0] = as_input(spec, canvas)[0]
    q = forward(spec, lesson.params, x, lesson.target)["q"]
    np.testing.assert_allclose(got, q[0], rtol=1e-12)
    assert got.sum() == pytest.approx(1.0)


def test_a_regression_answer_is_the_predicted_map():
    lesson = lessons.load("worked-example")
    canvas = lesson.x[0, 0]
    assert answer(lesson.spec, lesson.params, canvas) == pytest.approx([0.625])


def test_three_channels_see_the_same_grey_map():
    lesson = lessons.load("rgb")
    spec = replace(lesson.spec)
    image = as_input(spec, np.ones((spec.height, spec.width)))
    assert image.shape == (1, spec.channels, spec.height, spec.width) and image.min() == 1


def test_placing_replaces_one_image_and_its_label_and_leaves_the_rest():
    lesson = lessons.load("bars-classifier")
    spec = lesson.spec
    canvas = np.ones((spec.height, spec.width))
    x, target = placed(spec, lesson.x, lesson.target, 1, canvas, 0)
    assert np.array_equal(x[1, 0], canvas) and target[1] == 0
    assert np.array_equal(x[0], lesson.x[0]) and np.array_equal(target[2:], lesson.target[2:])
    assert not np.array_equal(lesson.x[1, 0], canvas)  # the lesson's arrays are untouched
    with pytest.raises(ValueError, match="classes are 1 to 2, not 3"):
        placed(spec, lesson.x, lesson.target, 0, canvas, 2)
    with pytest.raises(ValueError, match="no image 99"):
        placed(spec, lesson.x, lesson.target, 98, canvas, 0)
    with pytest.raises(ValueError, match="is 2x2; the input is 6x6"):
        answer(spec, lesson.params, np.zeros((2, 2)))
