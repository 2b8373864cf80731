"""A network's iteration as the session runs it: the same numbers as ``network.iterate``, the next
snapshot carrying the optimiser's state, and NaN or inf reported as a DivergenceError."""

from __future__ import annotations

import numpy as np
import pytest

from convstudio.engine import lessons
from convstudio.engine import network as nw
from convstudio.engine.model import DivergenceError
from convstudio.engine.network_run import IterationTrace, run_network_iteration
from convstudio.engine.timeline import Snapshot


def test_two_iterations_from_snapshots_equal_iterate_and_the_trace_knows_its_iteration():
    lesson = lessons.load("adam-vs-sgd")
    snap = Snapshot(lesson.params, {}, {})
    state = None
    params = lesson.params
    for number in range(2):
        it = run_network_iteration(lesson.network, snap, lesson.x, lesson.target, number)
        result = nw.iterate(lesson.network, params, lesson.x, lesson.target, state)
        assert it.loss == result.loss and it.number == number and it.started_from(snap)
        for key, value in result.new_params.items():
            np.testing.assert_array_equal(it.new_params[key], value)
        snap, params, state = it.next_snapshot(), result.new_params, result.new_state
        assert snap.opt_state.keys() == result.new_state.keys()
    trace = IterationTrace(it)
    assert trace.it is it and trace.step(len(trace) - 1).result == it.new_params["0.weight"].ravel()[-1]


def test_a_learning_rate_that_blows_the_weights_up_is_a_divergence_error_unless_unchecked():
    lesson = lessons.load("two-conv-layers")
    network = {**lesson.network, "optimizer": {"type": "sgd", "lr": 1e308}}
    snap = Snapshot(lesson.params, {}, {})
    with pytest.raises(DivergenceError, match="iteration 1: the weight"):
        run_network_iteration(network, snap, lesson.x, lesson.target)
    it = run_network_iteration(network, snap, lesson.x, lesson.target, check=False)
    assert not all(np.isfinite(v).all() for v in it.new_params.values())
