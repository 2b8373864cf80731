"""The gradient flow instrument: its curves are the engine's norms of the iterations run, it follows
training with coalesced redraws, and says its latest values in words."""

from __future__ import annotations

import numpy as np

from convstudio.engine import gradient_flow, lessons
from convstudio.engine.spec_network import param_keys, to_network
from convstudio.ui.instruments.gradient_flow import view as flow_view
from convstudio.ui.instruments.gradient_flow.view import GradientFlowView
from tests.ui.windows import open_window


def _view(qtbot, lesson):
    window = open_window(qtbot, lesson=lesson, size=(1280, 800))
    view = window.show_instrument("gradient_flow").panel
    assert isinstance(view, GradientFlowView)
    return window, view


def _train(qtbot, session, count):
    with qtbot.waitSignal(session.training_finished, timeout=30000):
        session.train(count)


def _expected(session, start_params, count):
    keys = param_keys(session.spec)
    params = {keys[k]: v for k, v in start_params.items()}
    history, _, _ = gradient_flow.run(to_network(session.spec), params, session.x, session.target, count)
    return history


def test_the_curves_are_the_engines_norms_of_each_iteration_run(qtbot):
    window, view = _view(qtbot, "relu-dead")
    s = window.session
    start = s.params
    assert all(len(x) == 0 for x, _ in view.data().values())
    assert view.empty.isVisible() and "No iteration" in view.plot.accessibleDescription()
    _train(qtbot, s, 3)  # few enough to compute on the GUI thread
    view.wait()
    expected = _expected(s, start, 3)
    data = view.data()
    assert set(data) == {"a0", "a1", "a2", "0.weight"}
    for i, values in expected.outputs.items():
        np.testing.assert_array_equal(data[f"a{i}"][0], [1, 2, 3])
        np.testing.assert_allclose(data[f"a{i}"][1], values, rtol=1e-12)
    np.testing.assert_allclose(data["0.weight"][1], expected.weights["0.weight"], rtol=1e-12)
    x, y = view.curves["0.weight"].getData()  # on the log scale pyqtgraph holds log10 of the norms
    np.testing.assert_array_equal(x, [1, 2, 3])
    assert view.plot.getPlotItem().ctrl.logYCheck.isChecked()
    np.testing.assert_allclose(10 ** np.asarray(y), expected.weights["0.weight"], rtol=1e-12)


def test_a_long_run_is_computed_in_a_job_and_followed_to_its_end(qtbot):
    window, view = _view(qtbot, "worked-example")
    s = window.session
    start = s.params
    count = 4 * flow_view.INLINE
    _train(qtbot, s, count)
    view._forget()  # every norm again: too many for the GUI thread
    assert view._job is not None and len(view.data()["a0"][0]) < count
    view.wait()
    expected = _expected(s, start, count)
    x, y = view.data()["0.weight"]
    assert len(x) == count
    np.testing.assert_allclose(y, expected.weights["0.weight"], rtol=1e-10)
    last = expected.outputs[0][-1]
    text = view.plot.accessibleDescription()
    assert text.startswith(f"Iteration {count}:") and f"layer 1 (conv) {last:.3g}" in text
    assert view.sentence.text() == text
    assert s.move("iteration", -1)  # back one iteration: its norms are no longer "run"
    view.redraw()
    assert len(view.data()["a0"][0]) == count - 1


def test_redraws_are_coalesced(qtbot):
    _, view = _view(qtbot, "worked-example")
    before = view.redraws
    for _ in range(200):
        view.schedule()
    qtbot.wait(3 * flow_view.REDRAW_MS)
    assert 1 <= view.redraws - before <= 2


def test_every_lesson_has_a_curve_per_layer_and_no_error(qtbot):
    window, view = _view(qtbot, "worked-example")
    s = window.session
    for name in lessons.available():
        assert window.open_lesson(name), name
        _train(qtbot, s, 2)
        view.wait()
        layers = len(to_network(s.spec)["layers"])
        assert sum(key.startswith("a") for key in view.curves) == layers, name
        assert all(len(x) == 2 for x, _ in view.data().values()), name
        assert all(np.all(np.isfinite(y)) for _, y in view.data().values()), name
        assert view.legend.items, name
