"""Finite differences, the student's own idea, agree with backprop and cost what we say."""

from __future__ import annotations

import numpy as np
import pytest

from convstudio.engine import gradcheck, lessons
from convstudio.engine.model import Spec, init_params


def test_nudging_w12_of_the_worked_example_gives_backprops_gradient():
    lesson = lessons.load("worked-example")
    n = gradcheck.nudge(lesson.spec, lesson.params, lesson.x, lesson.target, "W", (0, 0, 0, 1))
    assert n.backprop == -1.125
    assert n.numeric == pytest.approx(-1.125, abs=1e-9)
    assert n.agreeing_digits >= 8
    # the two reruns moved the loss each way, as a student would see
    assert n.loss_plus < 0.140625 < n.loss_minus


@pytest.mark.parametrize("name", lessons.available())
def test_every_parameter_of_every_lesson_checks_out(name):
    lesson = lessons.load(name)
    result = gradcheck.check(lesson.spec, lesson.params, lesson.x, lesson.target)
    assert len(result.nudges) == sum(v.size for v in lesson.params.values())
    assert result.forward_passes == 2 * len(result.nudges)
    assert result.backprop_passes == (1, 1)
    assert result.worst.rel_error < 1e-5, result.worst
    assert result.min_digits >= 5


def test_a_wrong_gradient_shows_as_few_agreeing_digits():
    n = gradcheck.Nudge("W", (0,), 1e-5, loss_plus=1.00002, loss_minus=1.0, backprop=1.5)
    assert n.numeric == pytest.approx(1.0)
    assert n.agreeing_digits == 0
    assert gradcheck.Nudge("W", (0,), 1e-5, 1.0, 1.0, 0.0).agreeing_digits == 15


def test_bad_nudges_are_refused():
    spec = Spec()
    params = init_params(spec)
    x, t = np.ones(spec.input_shape), np.ones(spec.target_shape)
    with pytest.raises(ValueError, match="there is no parameter V"):
        gradcheck.nudge(spec, params, x, t, "V", (0,))
    with pytest.raises(ValueError, match="outside it"):
        gradcheck.nudge(spec, params, x, t, "W", (0, 0, 2, 0))
    with pytest.raises(ValueError, match="positive"):
        gradcheck.nudge(spec, params, x, t, "W", (0, 0, 0, 0), eps=0)
