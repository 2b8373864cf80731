"""The classifier's report counts every test image once, in the cell of its true and predicted class,
and the digits lesson holds out the same test images every time it is opened."""

from __future__ import annotations

import numpy as np
import pytest

from convstudio.engine import classifier_report, datasets, fit, lessons
from convstudio.engine import network as nw
from convstudio.engine.lesson_network import split
from convstudio.engine.lesson_values import LessonError

SMALL = {
    "input": {"channels": 1, "height": 4, "width": 4},
    "layers": [
        {"type": "conv", "filters": 2, "kernel": 2},
        {"type": "relu"},
        {"type": "flatten"},
        {"type": "dense", "units": 3},
    ],
    "loss": "cross_entropy",
    "optimizer": {"type": "sgd", "lr": 0.1},
}


def _naive_confusion(labels, predicted, k):
    counts = [[0] * k for _ in range(k)]
    for true, guess in zip(labels, predicted, strict=True):
        counts[true][guess] += 1
    return np.array(counts)


def test_the_report_agrees_with_a_loop_over_the_images():
    rng = np.random.default_rng(3)
    x = rng.uniform(0, 1, (40, 1, 4, 4))
    y = rng.integers(0, 3, 40)
    params = nw.init_params(SMALL, seed=1)
    report = classifier_report.measure(SMALL, params, None, (x[:25], y[:25]), (x[25:], y[25:]), 7)
    scores = nw.predict(SMALL, params, x)
    guesses = [int(np.argmax(row)) for row in scores]
    assert report.iteration == 7
    assert report.train_accuracy == pytest.approx(
        np.mean([g == t for g, t in zip(guesses[:25], y[:25], strict=True)])
    )
    assert report.test_accuracy == pytest.approx(
        np.mean([g == t for g, t in zip(guesses[25:], y[25:], strict=True)])
    )
    assert (report.confusion == _naive_confusion(y[25:], guesses[25:], 3)).all()
    assert report.confusion.sum() == 15
    for true in range(3):
        for guess in range(3):
            cell = report.cell(true, guess)
            expected = [i for i in range(15) if y[25 + i] == true and guesses[25 + i] == guess]
            assert cell.tolist() == expected
            assert len(cell) == report.confusion[true, guess]
    assert report.misclassified().tolist() == [i for i in range(15) if y[25 + i] != guesses[25 + i]]


def test_the_first_filters_are_the_first_conv_layers_weights():
    params = nw.init_params(SMALL, seed=0)
    assert classifier_report.first_filters(SMALL, params) is params["0.weight"]
    dense = {
        **SMALL,
        "input": {"channels": 1, "height": 1, "width": 4},
        "layers": [{"type": "flatten"}, {"type": "dense", "units": 3}],
    }
    assert classifier_report.first_filters(dense, nw.init_params(dense, seed=0)) is None


def test_the_digits_lesson_holds_out_a_fifth_of_the_digits_by_its_seed():
    lesson = lessons.load("digits")
    x, y = datasets.digits()
    train, test = datasets.split(y, 0.2, seed=0)
    assert lesson.data is not None and lesson.test is not None
    assert np.array_equal(lesson.data.images, x[train]) and np.array_equal(lesson.data.targets, y[train])
    assert np.array_equal(lesson.test[0], x[test]) and np.array_equal(lesson.test[1], y[test])
    assert lesson.data.batch_size == 32 and lesson.data.drop_last
    first_x, first_y = lesson.data.arrays(0)
    assert np.array_equal(lesson.x, first_x) and np.array_equal(lesson.target, first_y)


def test_training_the_digits_lesson_for_176_iterations_reaches_95_percent_on_the_test_images():
    lesson = lessons.load("digits")
    assert lesson.data is not None and lesson.test is not None
    before = fit.accuracy(lesson.network, lesson.network_params, *lesson.test)
    params, state = classifier_report.trained(lesson.network, lesson.network_params, lesson.data, 176)
    after = fit.accuracy(lesson.network, params, *lesson.test, state)
    assert before < 0.2 and after >= 0.95


@pytest.mark.parametrize(
    ("table", "words"),
    [
        ({"images": "blocks", "test": 0.2}, "needs dataset"),
        ({"dataset": "digits", "test": 1.5}, "between 0 and 1"),
        ({"dataset": "digits", "test": True}, "between 0 and 1"),
    ],
)
def test_a_test_share_the_lesson_cannot_hold_out_is_refused_in_a_sentence(table, words):
    network = lessons.load("digits").network
    with pytest.raises(LessonError, match=words):
        split(network, table)


def test_predicting_in_chunks_gives_each_images_class_as_one_pass_does():
    x = np.random.default_rng(5).uniform(0, 1, (2 * classifier_report.CHUNK + 7, 1, 4, 4))
    params = nw.init_params(SMALL, seed=2)
    whole = nw.predict(SMALL, params, x).argmax(axis=1)
    assert classifier_report.predicted(SMALL, params, x, None).tolist() == whole.tolist()
