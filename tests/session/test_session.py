"""The live session: stepping across iterations, undoable edits, training, divergence."""

from __future__ import annotations

import numpy as np
import pytest

from convstudio.engine.model import Model, Spec
from convstudio.engine.trace import Cursor
from convstudio.session.session import Session

WORKED_X = np.array([[[[1, 2, 0], [0, 1, 3], [2, 1, 0]]]], dtype=float)
WORKED_W = np.array([[[[0.5, -1], [1, 0.5]]]])


@pytest.fixture
def session(qtbot):
    s = Session()
    s.open_lesson("worked-example", Spec(), WORKED_X, np.ones((1, 1)), {"W": WORKED_W}, {"forward": "look"})
    return s


@pytest.fixture(params=["event loop", "worker thread"])
def where(request, monkeypatch):
    """Quick iterations train on the event loop, slow ones on a thread: force each in turn."""
    if request.param == "worker thread":
        monkeypatch.setattr("convstudio.session.session.SLOW_ITERATION", 0.0)
    return request.param


def test_a_full_iteration_element_by_element(session):
    assert session.step is None and np.isnan(session.value("o")).all()
    texts = []
    for _ in range(len(session.trace)):
        assert session.move("element", +1)
        texts.append(session.step.tensor)
    assert texts[:4] == ["o"] * 4 and texts[-4:] == ["W"] * 4
    np.testing.assert_array_equal(session.value("W")[0, 0], [[0.575, -0.8875], [1.075, 0.59375]])
    assert session.losses == []
    # one more step begins iteration 2 from the updated weights
    assert session.move("element", +1)
    assert session.iteration == 1 and session.cursor == Cursor(0, 0)
    assert session.losses == [0.140625]
    np.testing.assert_array_equal(session.params["W"][0, 0], [[0.575, -0.8875], [1.075, 0.59375]])


def test_stepping_back_across_the_update_restores_the_weights_exactly(session):
    session.move("iteration", +1)
    session.move("element", +1)  # into iteration 2
    before = session.params["W"].copy()
    session.move("element", -1)  # back to the end of iteration 1
    assert session.iteration == 0 and session.cursor.done == len(session.trace)
    for _ in range(4):
        session.move("element", -1)  # undo the four updates, one by one
    np.testing.assert_array_equal(session.value("W"), WORKED_W)
    assert session.losses == []
    session.move("iteration", +1)
    session.move("element", +1)
    np.testing.assert_array_equal(session.params["W"], before)


def test_an_edit_is_undoable_and_restarts_the_iteration(session, qtbot):
    session.move("phase", +1)
    with qtbot.waitSignal(session.params_changed):
        assert session.edit("W", (0, 0, 0, 1), 2.0)
    assert session.cursor == Cursor(0, 0)
    assert session.params["W"][0, 0, 0, 1] == 2.0
    assert session.undo_stack.undoText() == "Set W12 to 2"
    session.undo_stack.undo()
    np.testing.assert_array_equal(session.params["W"], WORKED_W)
    session.undo_stack.redo()
    assert session.params["W"][0, 0, 0, 1] == 2.0


def test_an_impossible_spec_is_refused_with_the_reason(session, qtbot):
    with qtbot.waitSignal(session.failed) as blocker:
        assert not session.apply_spec(Spec(kernel=5))
    assert "a 5x5 filter does not fit a 3x3 image with padding 0" in blocker.args[0]
    assert session.spec == Spec() and session.undo_stack.count() == 1


def test_a_new_spec_keeps_what_fits(session):
    assert session.apply_spec(Spec(padding=1))
    np.testing.assert_array_equal(session.x, WORKED_X)
    np.testing.assert_array_equal(session.params["W"], WORKED_W)
    assert session.apply_spec(Spec(height=5, width=5, kernel=3))
    assert session.x.shape == (1, 1, 5, 5) and session.params["W"].shape == (1, 1, 3, 3)
    session.undo_stack.undo()
    assert session.spec == Spec(padding=1)


def test_training_runs_in_slices_and_matches_the_model(session, qtbot, where):
    with qtbot.waitSignal(session.training_finished, timeout=10_000) as blocker:
        session.train(50)
    assert blocker.args == ["done"]
    assert session.iteration == 50 and len(session.losses) == 50
    model = Model(Spec(), WORKED_X, [[1]], params={"W": WORKED_W})
    want = model.train(50)
    assert session.losses == want
    np.testing.assert_array_equal(session.params["W"], model.params["W"])
    # the whole path can be walked back, exactly
    session.move("element", -1)
    assert session.iteration == 49


def test_training_can_be_cancelled(session, qtbot, where):
    session.train(10_000_000)
    qtbot.wait(50)
    with qtbot.waitSignal(session.training_finished) as blocker:
        session.cancel_training()
    assert blocker.args == ["cancelled"]
    assert 0 < session.iteration < 10_000_000
    assert len(session.losses) == session.iteration


def test_divergence_stops_at_the_last_finite_state(session, qtbot, where):
    assert session.apply_spec(Spec(lr=5.0))
    messages = []
    session.failed.connect(messages.append)
    with qtbot.waitSignal(session.training_finished, timeout=10_000) as blocker:
        session.train(10_000)
    assert blocker.args == ["diverged"]
    assert "became" in messages[0] and "try 0.5 or smaller" in messages[0]
    assert all(np.isfinite(session.losses))
    assert np.isfinite(session.value("W")).all()
    assert session.cursor.done == len(session.trace)  # the end of the last finite iteration
    assert not session.move("element", +1)
    assert session.move("element", -1)  # stepping back works from there


def test_autoplay_steps_on_a_timer(session, qtbot):
    session.play(60)
    qtbot.waitUntil(lambda: session.cursor.done >= 5, timeout=2000)
    session.pause()
    assert not session.playing


def test_input_gradient_option_keeps_the_cursor_on_the_same_step(session):
    session.move("phase", +1)
    session.move("element", +1)
    tensor, index = session.step.tensor, session.step.index
    session.set_input_grad(True)
    assert (session.step.tensor, session.step.index) == (tensor, index)
    assert session.trace.section_for("dI") is not None
