"""The live session: stepping across iterations, undoable edits, training, divergence, long sessions
and slow networks."""

from __future__ import annotations

import threading
import time

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from convstudio.engine.cursor import Cursor
from convstudio.engine.model import Model
from convstudio.engine.spec import Spec
from convstudio.engine.timeline import Losses
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
        monkeypatch.setattr("convstudio.session.training.SLOW_ITERATION", 0.0)
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
    assert session.spec == Spec() and session.undo_stack.count() == 0


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
    qtbot.waitUntil(lambda: session.iteration > 1, timeout=10_000)
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
    assert "Training diverged in iteration" in messages[0] and "became infinite" in messages[0]
    assert "The learning rate 5 is too large; try 0.5 or smaller" in messages[0]
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


# --- long sessions, slow networks ------------------------------------------------------------


@pytest.fixture
def on_which_thread(monkeypatch):
    """Records the thread of every iteration the session runs (the event loop's is MainThread)."""
    from convstudio.session import training as module

    threads: list[str] = []
    real = module.run_iteration

    def spy(*args, **kwargs):
        threads.append(threading.current_thread().name)
        return real(*args, **kwargs)

    monkeypatch.setattr(module, "run_iteration", spy)
    return threads


def _slow(session, monkeypatch, seconds=1.0):
    """Make the session believe an iteration of its network takes ``seconds``."""
    monkeypatch.setattr("convstudio.session.training.estimated_seconds", lambda spec: seconds)
    session._timing = None


def test_a_slow_network_never_runs_an_iteration_on_the_event_loop_while_training(
    session, qtbot, monkeypatch, on_which_thread
):
    session._trace = None  # nothing measured yet: the estimate decides
    _slow(session, monkeypatch)
    with qtbot.waitSignal(session.training_finished, timeout=10_000) as blocker:
        session.train(5)
    assert blocker.args == ["done"]
    assert on_which_thread and "MainThread" not in on_which_thread
    assert session.iteration == 5 and session.cursor == Cursor()
    model = Model(Spec(), WORKED_X, [[1]], params={"W": WORKED_W})
    assert session.losses == model.train(5)
    # the next iteration, shown at once, was computed on the worker too
    np.testing.assert_array_equal(session.trace.it.values["W"], model.params["W"])
    assert session.trace.it.loss == model.loss()
    assert "MainThread" not in on_which_thread


def test_a_quick_network_trains_on_the_event_loop_without_a_thread(
    session, qtbot, on_which_thread, monkeypatch
):
    monkeypatch.setattr("convstudio.session.training.SLOW_ITERATION", 0.05)  # a busy machine stays below
    assert len(session.trace) > 0  # built and measured: some microseconds
    assert session.expected_seconds() < 0.05
    with qtbot.waitSignal(session.training_finished, timeout=10_000):
        session.train(20)
    assert set(on_which_thread) == {"MainThread"}
    assert not session._worker.is_alive()


def test_the_next_slow_iteration_is_computed_ahead_on_a_thread(session, monkeypatch, on_which_thread):
    monkeypatch.setattr("convstudio.session.training.PREFETCH_SLOWER_THAN", 0.0)
    session._trace = None
    assert len(session.trace) > 0  # the current iteration, then the next one on a thread
    assert on_which_thread == ["MainThread", "ConvStudio next iteration"]
    session._ahead.join()
    session.move("iteration", +1)
    assert session.move("element", +1)  # into iteration 2: computed already
    assert session.iteration == 1
    assert on_which_thread.count("MainThread") == 1
    session.move("element", -1)  # back across the update: kept, not recomputed
    session.move("element", -1)
    assert session.iteration == 0
    assert on_which_thread.count("MainThread") == 1
    model = Model(Spec(), WORKED_X, [[1]], params={"W": WORKED_W})
    model.step()
    session.move("iteration", +1)
    session.move("element", +1)
    np.testing.assert_array_equal(session.params["W"], model.params["W"])


def test_a_long_session_keeps_every_loss_and_recent_weights_within_bounds(session, qtbot, monkeypatch):
    monkeypatch.setattr("convstudio.engine.timeline.TIMELINE_SNAPSHOTS", 50)
    with qtbot.waitSignal(session.training_finished, timeout=20_000):
        session.train(3000)
    assert session.iteration == 3000 and len(session.losses) == 3000
    state = session.state()
    assert len(state.snapshots) == 50 and state.first == 2951 == session.first_kept  # 2951 to 3000
    model = Model(Spec(), WORKED_X, [[1]], params={"W": WORKED_W})
    assert session.losses == model.train(3000)
    assert np.asarray(session.losses).base is not None  # a view, not a copy
    path = session.path((("W", (0, 0, 0, 0)),), start=2900)
    assert path.shape == (101, 1) and np.isnan(path[:51]).all() and np.isfinite(path[51:]).all()
    messages, refused = [], []
    session.failed.connect(messages.append)
    session.move_refused.connect(refused.append)
    for _ in range(200):
        if session.iteration == 2951 and session.cursor == Cursor():
            break
        session.move("iteration", -1)
    assert not session.move("element", -1)
    assert messages == []  # a routine limit, not an error
    assert "Iteration 2951 is too far back" in refused[0] and "last 50 iterations" in refused[0]
    assert session.rewind()  # the first weights were dropped: a fresh start from them, undoable
    assert session.iteration == 0 and session.losses == [] and session.cursor == Cursor()
    np.testing.assert_array_equal(session.params["W"], WORKED_W)
    session.undo_stack.undo()
    assert session.iteration == 2951 and len(session.losses) == 2951


def test_a_session_stops_at_the_most_iterations_it_keeps(session, qtbot, monkeypatch):
    monkeypatch.setattr("convstudio.engine.timeline.MAX_ITERATIONS", 40)
    messages = []
    session.failed.connect(messages.append)
    with qtbot.waitSignal(session.training_finished, timeout=10_000) as blocker:
        session.train(100)
    assert blocker.args == ["done"] and session.iteration == 39
    assert "holds 40 iterations, the most ConvStudio keeps" in messages[-1]
    session.move("iteration", +1)
    assert not session.move("element", +1)
    assert session.iteration == 39 and len(messages) == 2
    session.train(5)
    assert not session.training and len(messages) == 3


def test_cancelling_stops_at_the_end_of_the_last_iteration_that_ran(session, qtbot, monkeypatch, where):
    if where == "worker thread":
        _slow(session, monkeypatch)
    session.train(10_000_000)
    qtbot.waitUntil(lambda: session.iteration >= 5, timeout=10_000)
    session.cancel_training()
    n = session.iteration
    assert session.cursor == Cursor(len(session.trace), 0)  # the update of iteration n + 1 shown
    model = Model(Spec(), WORKED_X, [[1]], params={"W": WORKED_W})
    assert session.losses == model.train(n)
    np.testing.assert_array_equal(session.params["W"], model.params["W"])
    model.step()
    np.testing.assert_array_equal(session.value("W"), model.params["W"])  # its new weights
    assert session.move("element", +1) and session.iteration == n + 1
    np.testing.assert_array_equal(session.params["W"], model.params["W"])


def test_training_with_the_input_gradient_shown_keeps_it_in_the_last_trace(session, qtbot):
    session.set_input_grad(True)
    with qtbot.waitSignal(session.training_finished, timeout=10_000):
        session.train(3)
    assert session.trace.section_for("dI") is not None


def test_losses_are_views_that_never_change():
    a = Losses([1.0, 2.0])
    b = a.append(3.0)  # written in place, past the end of a
    c = a.append(4.0)  # a is no longer the longest view: a copy
    d = b.truncated(1).extend([5.0, 6.0])
    assert a == [1.0, 2.0] and b == [1.0, 2.0, 3.0] and c == [1.0, 2.0, 4.0] and d == [1.0, 5.0, 6.0]
    assert b[-1] == 3.0 and b[1:] == [2.0, 3.0] and len(Losses()) == 0 and not Losses()
    with pytest.raises(ValueError):
        np.asarray(b)[0] = 9.0  # read-only
    big = Losses()
    for i in range(1000):
        big = big.append(float(i))
    assert big == [float(i) for i in range(1000)]
    with pytest.raises(IndexError):
        big[1000]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 40), st.lists(st.floats(-9, 9), max_size=5)), max_size=30))
def test_losses_behave_like_lists_however_they_are_shared(operations):
    views = [(Losses(), [])]
    for pick, values in operations:
        view, expected = views[pick % len(views)]
        cut = pick % (len(expected) + 1)
        views.append((view.truncated(cut).extend(values), expected[:cut] + values))
    for view, expected in views:
        assert view == expected


def test_an_iteration_slower_than_foreseen_moves_training_to_a_thread(session, qtbot, monkeypatch):
    from convstudio.session import training as module

    threads: list[str] = []
    real = module.run_iteration

    def slow(*args, **kwargs):
        threads.append(threading.current_thread().name)
        time.sleep(0.03)
        return real(*args, **kwargs)

    session._trace = None
    monkeypatch.setattr(module, "estimated_seconds", lambda spec: 0.0)
    monkeypatch.setattr(module, "run_iteration", slow)
    with qtbot.waitSignal(session.training_finished, timeout=10_000):
        session.train(6)
    assert threads[0] == "MainThread" and "MainThread" not in threads[1:]
    assert threads.count("ConvStudio training") == 6  # five more, and the next one to show
    model = Model(Spec(), WORKED_X, [[1]], params={"W": WORKED_W})
    assert session.losses == model.train(6)


def test_a_label_edit_must_be_a_class_number(qtbot):
    s = Session()
    spec = Spec(filters=3, loss="cross_entropy", batch=2)
    assert s.apply_spec(spec)
    messages = []
    s.failed.connect(messages.append)
    for bad in (0.5, 3.0, -1.0, 1e300):
        assert not s.edit("y", (0,), bad)
    assert messages == [f"a label is a class number from 0 to 2, not {v:g}" for v in (0.5, 3.0, -1.0, 1e300)]
    assert s.edit("y", (1,), 2.0) and s.target.tolist() == [0, 2]


def test_undo_brings_back_a_cursor_that_fits_the_trace_shown(session):
    session.set_input_grad(True)  # the trace grows a dL/dI section
    session.go_to(Cursor(len(session.trace), 0))
    longer = len(session.trace)
    assert session.edit("W", (0, 0, 0, 0), 2.0)
    session.set_input_grad(False)
    session.undo_stack.undo()  # the state from before the edit, its cursor at the end of a longer trace
    assert len(session.trace) < longer
    assert session.cursor == Cursor(len(session.trace), 0)
    assert session.step is not None and session.step.tensor == "W"
