"""Putting an image in the current mini-batch: the trace steps through it, nothing trained is lost,
undo brings the batch back, and a session without a data set says why it cannot."""

from __future__ import annotations

import numpy as np

from convstudio.engine import lessons
from convstudio.engine.cursor import Cursor
from convstudio.session.session import Session


def _digits(qtbot, iterations: int) -> Session:
    s = Session()
    assert s.start(lessons.load("digits"))
    with qtbot.waitSignal(s.training_finished, timeout=60_000):
        s.train(iterations)
    return s


def test_the_image_goes_in_at_its_place_in_the_current_batch_and_training_carries_on(qtbot):
    s = _digits(qtbot, 3)
    image = np.full((1, 8, 8), 0.5)
    batch = s.data.batch(s.iteration).samples
    before_x, before_target, params = s.x.copy(), s.target.copy(), s.params
    assert s.put_in_batch(4, image, 7, "Step through it")
    np.testing.assert_array_equal(s.x[4], image)
    assert s.target[4] == 7
    others = [k for k in range(len(batch)) if k != 4]
    np.testing.assert_array_equal(s.x[others], before_x[others])
    np.testing.assert_array_equal(s.target[others], before_target[others])
    assert s.iteration == 3 and s.params is params and s.cursor == Cursor()
    np.testing.assert_array_equal(s.trace.values["x"][4], image)
    s.undo_stack.undo()
    np.testing.assert_array_equal(s.x, before_x)
    with qtbot.waitSignal(s.training_finished, timeout=60_000):
        s.train(2)
    assert s.iteration == 5


def test_without_a_data_set_or_at_a_place_outside_the_batch_it_says_why_and_changes_nothing(qtbot):
    s = Session()
    assert s.start(lessons.load("two-conv-layers"))
    messages: list[str] = []
    s.failed.connect(messages.append)
    assert not s.put_in_batch(0, np.zeros((1, 4, 4)), 0, "Step through it")
    assert "data set" in messages[-1]
    d = _digits(qtbot, 1)
    d.failed.connect(messages.append)
    x = d.x.copy()
    assert not d.put_in_batch(32, np.zeros((1, 8, 8)), 0, "Step through it")
    assert "no image 33 in a mini-batch of 32" in messages[-1]
    assert not d.put_in_batch(0, np.zeros((8, 8)), 0, "Step through it")
    assert "the image is (8, 8)" in messages[-1]
    np.testing.assert_array_equal(d.x, x)
