"""The gradient-flow lessons in the window: each opens as a deep network, and the gradient flow
instrument plots the norms the lesson states, the sigmoid stack's first layer far below its last."""

from __future__ import annotations

import numpy as np
import pytest

from convstudio.engine import gradient_flow, lessons
from convstudio.engine import network as nw
from convstudio.ui.instruments.gradient_flow.view import GradientFlowView
from tests.ui.windows import open_window


def _train(qtbot, session, count):
    with qtbot.waitSignal(session.training_finished, timeout=60000):
        session.train(count)


@pytest.mark.parametrize(
    "name", ["vanishing-gradients", "vanishing-gradients-relu", "vanishing-gradients-init"]
)
def test_the_instrument_plots_the_norms_each_vanishing_lesson_states(qtbot, name):
    window = open_window(qtbot, lesson=name, size=(1280, 800))
    s = window.session
    assert s.deep and s.lesson == name
    view = window.show_instrument("gradient_flow").panel
    assert isinstance(view, GradientFlowView)
    lesson = lessons.load(name)
    _train(qtbot, s, 2)
    view.wait()
    data = view.data()
    expected, _, _ = gradient_flow.run(lesson.network, lesson.params, lesson.x, lesson.target, 2)
    stated = lesson.expect["gradient_norms"]
    for symbol, key in (("dL/dW¹", "0.weight"), ("dL/dW⁴", "6.weight")):
        np.testing.assert_allclose(data[key][1], expected.weights[key], rtol=1e-12)
        assert data[key][1][0] == pytest.approx(stated[symbol], rel=1e-12)
    ratio = data["0.weight"][1][0] / data["6.weight"][1][0]
    bounds = lesson.expect["norm_ratio"]
    assert bounds.get("above", 0) < ratio < bounds.get("below", np.inf)


def test_the_symmetry_lesson_keeps_its_filters_equal_in_the_window_until_reinitialised(qtbot):
    window = open_window(qtbot, lesson="symmetry", size=(1280, 800))
    s = window.session
    _train(qtbot, s, 5)
    w = s.params["0.weight"]
    assert s.iteration == 5 and np.array_equal(w[0], w[1])
    assert s.reinitialise(1)
    w = s.params["0.weight"]
    np.testing.assert_array_equal(w, nw.init_params(s.network, 1)["0.weight"])  # the lesson's random start
    assert not np.array_equal(w[0], w[1])
