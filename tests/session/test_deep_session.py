"""A session on a deep network: stepping every way and back, undo and redo, reset, training,
and saving, each checked against ``network.iterate``."""

from __future__ import annotations

import numpy as np

from convstudio.engine import lessons
from convstudio.engine import network as nw
from convstudio.engine.cursor import Cursor
from convstudio.io import sessionfile
from convstudio.session.session import Session


def _deep(name: str = "two-conv-layers") -> Session:
    s = Session()
    lesson = lessons.load(name)
    assert s.start(lesson)
    return s


def _iterated(s: Session, count: int) -> tuple[dict[str, np.ndarray], list[float]]:
    """``count`` iterations of the session's network by ``network.iterate`` from its lesson's start."""
    lesson = lessons.load(s.lesson)
    params, state, losses = lesson.params, None, []
    for _ in range(count):
        result = nw.iterate(lesson.network, params, lesson.x, lesson.target, state)
        params, state = result.new_params, result.new_state
        losses.append(result.loss)
    return params, losses


def _same_params(a: dict[str, np.ndarray], b: dict[str, np.ndarray]) -> None:
    assert a.keys() == b.keys()
    for key in a:
        np.testing.assert_array_equal(a[key], b[key])


def test_stepping_element_by_element_through_two_iterations_equals_iterate(qtbot):
    for name in ("two-conv-layers", "batch-norm", "adam-vs-sgd", "transposed-conv"):
        s = _deep(name)
        total = len(s.trace)
        steps = 0
        while s.iteration < 2:
            assert s.move("element", +1)
            steps += 1
        params, losses = _iterated(s, 2)
        assert steps == 2 * (total + 1)  # each step of both iterations, and each crossing
        _same_params(s.params, params)
        assert list(s.losses) == losses


def test_moving_by_layer_and_phase_and_back_restores_the_weights_exactly(qtbot):
    s = _deep()
    start = s.params
    assert s.move("phase", +1) and s.step.tensor == "L"  # the forward pass, up to the loss
    layers = []
    while True:
        s.move("layer", +1)
        if s.step.phase != "backward":
            break
        layer = s.trace.layer_of(s.step.number)
        layers.append(None if layer is None else layer.index)
    # dL/dp² from the loss, then each layer's gradients (a conv's dL/dW after its dL/do), last first
    assert layers[0] is None and layers[1:] == sorted(layers[1:], reverse=True)
    assert set(layers[1:]) == {0, 1, 2, 3, 4}
    while s.iteration == 0:
        s.move("element", +1)
    _same_params(s.params, _iterated(s, 1)[0])
    s.move("element", -1)  # back across the update
    assert s.iteration == 0 and s.params is start and s.cursor == Cursor(len(s.trace), 0)
    while s.move("layer", -1):
        pass
    assert s.cursor == Cursor() and s.params is start


def test_an_edit_is_undone_and_redone_and_reset_goes_back_to_the_lesson(qtbot):
    s = _deep()
    lesson = lessons.load("two-conv-layers")
    for _ in range(3):
        s.move("iteration", +1)
    here = s.iteration
    assert s.edit("0.weight", (0, 0, 0, 1), 0.25)
    assert s.params["0.weight"][0, 0, 0, 1] == 0.25 and s.iteration == here > 0
    s.undo_stack.undo()
    assert s.iteration == here and s.params["0.weight"][0, 0, 0, 1] != 0.25
    s.undo_stack.redo()
    assert s.params["0.weight"][0, 0, 0, 1] == 0.25
    s.rewind()
    assert s.iteration == 0 and s.cursor == Cursor()
    _same_params(s.params, lesson.params)
    assert s.edit("x", (0, 0, 1, 1), 0.5) and s.x[0, 0, 1, 1] == 0.5


def test_training_a_deep_network_equals_iterate(qtbot):
    s = _deep("adam-vs-sgd")
    with qtbot.waitSignal(s.training_finished, timeout=20_000) as done:
        s.train(12)
    assert done.args == ["done"] and s.iteration == 12 and s.cursor == Cursor()
    params, losses = _iterated(s, 12)
    _same_params(s.params, params)
    np.testing.assert_array_equal(np.asarray(s.losses), losses)


def test_a_deep_session_saves_and_reopens_where_it_was(qtbot, tmp_path):
    s = _deep("batch-norm")
    for _ in range(2):
        s.move("iteration", +1)
    s.move("phase", +1)
    path = tmp_path / "deep.convstudio"
    sessionfile.save_state(path, s.state(), s.lesson_text)
    other = Session()
    state, text = sessionfile.load_state(path)
    assert other.open_state(state, text)
    assert other.deep and other.iteration == 2 and other.cursor == s.cursor
    _same_params(other.params, s.params)
    other.move("iteration", +1)
    s.move("iteration", +1)
    _same_params(other.params, s.params)  # the optimiser state and running statistics came back too
    assert list(other.losses) == list(s.losses)


def test_the_next_iteration_of_a_slow_deep_network_is_computed_ahead_and_then_used(monkeypatch):
    import threading

    from convstudio.session import training

    monkeypatch.setattr(training, "PREFETCH_SLOWER_THAN", 0.0)
    threads: list[str] = []
    real = training.timed_run

    def spy(*args, **kwargs):  # type: ignore[no-untyped-def]
        threads.append(threading.current_thread().name)
        return real(*args, **kwargs)

    monkeypatch.setattr(training, "timed_run", spy)
    s = _deep("adam-vs-sgd")  # Adam: its m, v and step travel with the snapshot
    s.go_to(Cursor(len(s.trace), 0))
    assert s._ahead is not None
    s._ahead.join()
    ran_here = threads.count("MainThread")
    assert s.move("element", +1) and s.iteration == 1
    assert threads.count("MainThread") == ran_here  # the worker's iteration, not run again
    params, _ = _iterated(s, 1)
    _same_params(s.params, params)
