"""A drawing on a network of any depth: its answer is the forward pass of that one image, and it goes
into the batch with its label."""

from __future__ import annotations

import numpy as np
import pytest

from convstudio.engine import lessons
from convstudio.engine import network as nw
from convstudio.engine.network_drawing import answer, as_input, n_classes, placed

CLASSIFIER = {
    "input": {"channels": 2, "height": 4, "width": 4},
    "layers": [
        {"type": "conv", "filters": 2, "kernel": 2},
        {"type": "batch_norm"},
        {"type": "relu"},
        {"type": "flatten"},
        {"type": "dense", "units": 3},
    ],
    "loss": "cross_entropy",
    "optimizer": {"type": "adam", "lr": 0.01},
}


def _softmax(z):
    e = np.exp(z - z.max())
    return e / e.sum()


def test_a_classifier_answers_with_the_softmax_of_its_scores_using_the_running_statistics():
    params = nw.init_params(CLASSIFIER, seed=3)
    rng = np.random.default_rng(1)
    x, labels = rng.uniform(0, 1, (4, 2, 4, 4)), np.array([0, 1, 2, 1])
    state = nw.iterate(CLASSIFIER, params, x, labels).new_state
    canvas = rng.uniform(0, 1, (4, 4))
    got = answer(CLASSIFIER, params, canvas, state)
    # every channel sees the same grey map, and batch norm normalises with the running statistics
    image = np.stack([canvas, canvas])[None]
    np.testing.assert_allclose(got, _softmax(nw.predict(CLASSIFIER, params, image, state)[0]), rtol=1e-12)
    assert got.sum() == pytest.approx(1.0) and got.shape == (3,)
    fresh = answer(CLASSIFIER, params, canvas)  # running mean 0, variance 1: another answer
    assert not np.allclose(fresh, got)


def test_a_deep_regression_answer_is_its_output_for_the_one_image():
    lesson = lessons.load("two-conv-layers")
    canvas = lesson.x[0, 0]
    got = answer(lesson.network, lesson.network_params, canvas)
    result = nw.iterate(lesson.network, lesson.network_params, lesson.x, lesson.target)
    np.testing.assert_allclose(got, result.output[0].reshape(-1), rtol=1e-12)


def test_the_drawing_goes_into_the_batch_with_its_label_and_bad_ones_are_refused():
    x, labels = np.zeros((3, 2, 4, 4)), np.array([0, 1, 2])
    new_x, new_labels = placed(CLASSIFIER, x, labels, 1, np.eye(4), 2)
    assert np.array_equal(new_x[1], as_input(CLASSIFIER, np.eye(4))[0]) and new_labels[1] == 2
    assert not x.any() and labels[1] == 1  # the old arrays untouched
    assert n_classes(CLASSIFIER) == 3
    with pytest.raises(ValueError, match="classes are 1 to 3, not 4"):
        placed(CLASSIFIER, x, labels, 0, np.eye(4), 3)
    with pytest.raises(ValueError, match="no image 4"):
        placed(CLASSIFIER, x, labels, 3, np.eye(4), 0)
    with pytest.raises(ValueError, match="the drawing is 3x3; the input is 4x4"):
        placed(CLASSIFIER, x, labels, 0, np.eye(3), 0)
    lesson = lessons.load("batch-norm")
    with pytest.raises(ValueError, match="only a classifier"):
        placed(lesson.network, lesson.x, lesson.target, 0, np.eye(3), 0)
