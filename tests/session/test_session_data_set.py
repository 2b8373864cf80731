"""A session holding a data set larger than the batch trains each iteration on its own mini-batch."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from convstudio.engine.data_set import DataSet
from convstudio.engine.model import Model
from convstudio.engine.spec import Spec
from convstudio.session.session import Session

W = np.array([[[[0.5, -1], [1, 0.5]]]])


@pytest.fixture
def data() -> DataSet:
    rng = np.random.default_rng(4)
    return DataSet(rng.normal(size=(8, 1, 3, 3)), rng.normal(size=(8, 1)), batch_size=2, seed=3)


@pytest.fixture
def session(qtbot, data):
    s = Session()
    x, target = data.arrays(0)
    s.open_lesson("worked-example", Spec(batch=2), x, target, {"W": W}, {"forward": "look"})
    s.restore(replace(s.state(), data=data))
    return s


@pytest.mark.parametrize("thread", [False, True])
def test_each_iteration_trains_on_its_batch_as_the_engine_does(session, data, qtbot, monkeypatch, thread):
    if thread:  # quick iterations train on the event loop, slow ones on a worker: each in turn
        monkeypatch.setattr("convstudio.session.training.SLOW_ITERATION", 0.0)
    with qtbot.waitSignal(session.training_finished, timeout=10_000):
        session.train(9)  # more than an epoch of 4 batches
    params, losses = {"W": W}, []
    for iteration in range(9):
        model = Model(Spec(batch=2), *data.arrays(iteration), params=params)
        losses += model.train(1)
        params = model.params
    assert session.iteration == 9
    assert list(session.losses) == losses
    np.testing.assert_array_equal(session.params["W"], params["W"])


def test_stepping_back_shows_the_batch_that_iteration_used(session, data, qtbot):
    with qtbot.waitSignal(session.training_finished, timeout=10_000):
        session.train(5)
    np.testing.assert_array_equal(session.x, data.arrays(5)[0])
    session.move("element", -1)
    assert session.iteration == 4
    np.testing.assert_array_equal(session.x, data.arrays(4)[0])
    np.testing.assert_array_equal(session.target, data.arrays(4)[1])
    assert not np.array_equal(session.x, data.arrays(5)[0])
