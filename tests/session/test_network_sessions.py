"""The window's session opens [network] lessons a Spec describes exactly as their [spec] twins, and
every other network (deep lessons, deep session files) as a NetworkTrace."""

from __future__ import annotations

import numpy as np

from convstudio.engine import lessons
from convstudio.engine.cursor import Cursor
from convstudio.engine.network_trace import NetworkTrace
from convstudio.io import sessionfile
from convstudio.session.session import Session
from tests.engine.test_network_lessons import BARS_TWIN, TEXT, WORKED_TWIN
from tests.io.test_session_network import _trained


def _open(session, lesson):
    return session.open_lesson(
        lesson.name, lesson.spec, lesson.x, lesson.target, lesson.params, lesson.text, lesson.seed
    )


def _worked_on(qtbot):
    """A session with a lesson opened, three iterations run and a weight edited."""
    s = Session()
    assert _open(s, lessons.load("worked-example"))
    for _ in range(3):
        s.move("iteration", +1)
    assert s.edit("W", (0, 0, 0, 1), 0.25)
    s.go_to(Cursor(2, 0))
    return s


def _same(a, b):
    """Two sessions' states (or a session's and a state) hold the same network, data and history."""
    a, b = (x.state() if isinstance(x, Session) else x for x in (a, b))
    assert a.spec == b.spec and a.iteration == b.iteration and a.cursor == b.cursor
    assert a.x.tobytes() == b.x.tobytes() and np.asarray(a.losses).tolist() == np.asarray(b.losses).tolist()
    assert len(a.snapshots) == len(b.snapshots)
    for x, y in zip(a.snapshots, b.snapshots, strict=True):
        assert {k: v.tobytes() for k, v in x.params.items()} == {k: v.tobytes() for k, v in y.params.items()}


def test_a_one_layer_network_lesson_trains_in_the_window_as_its_spec_twin(qtbot, tmp_path):
    for twin, name in ((WORKED_TWIN, "worked-example"), (BARS_TWIN, "bars-classifier")):
        path = tmp_path / f"{name}.toml"
        path.write_text(twin + TEXT, encoding="utf-8")
        network_session, spec_session = Session(), Session()
        assert _open(network_session, lessons.load_file(path))
        assert _open(spec_session, lessons.load(name))
        for _ in range(3):
            for s in (network_session, spec_session):
                s.move("iteration", +1)
        _same(network_session, spec_session)
        symbols = [x.trace.names.symbol("dW", (0, 0, 0, 0)) for x in (network_session, spec_session)]
        assert symbols[0] == symbols[1] and symbols[0].startswith("dL/dW1")
        for s in (network_session, spec_session):
            s.go_to(Cursor(5, 0))
        assert network_session.step.result == spec_session.step.result


def test_a_deep_lesson_opens_as_the_bottom_of_the_undo_stack_and_traces_its_network(qtbot):
    s = _worked_on(qtbot)
    messages, changes = [], []
    s.failed.connect(messages.append)
    s.lesson_changed.connect(changes.append)
    lesson = lessons.load("two-conv-layers")
    assert s.start(lesson)
    assert messages == [] and changes == ["two-conv-layers"] and s.undo_stack.count() == 0
    assert s.deep and isinstance(s.trace, NetworkTrace) and s.network == lesson.network
    assert s.trace.names.symbol("d1:out", (0, 0, 0, 0)).startswith("dL/da¹")


def test_a_deep_session_file_opens_as_it_was_saved(qtbot, tmp_path):
    path = tmp_path / "deep.convstudio"
    sessionfile.save_state(path, _trained("batch-norm"))
    state, _ = sessionfile.load_state(path)
    assert state.spec is None and state.network["layers"][1]["type"] == "batch_norm"
    s = _worked_on(qtbot)
    messages = []
    s.failed.connect(messages.append)
    assert s.open_state(state, {}) is True
    assert messages == [] and s.deep and s.undo_stack.count() == 0
    _same(s, state)
    assert s.trace.it.number == state.iteration


def test_a_session_of_the_window_saved_in_format_3_opens_again_as_it_was(qtbot, tmp_path):
    s = _worked_on(qtbot)
    path = tmp_path / "again.convstudio"
    sessionfile.save_state(path, s.state(), s.lesson_text)
    other = Session()
    state, text = sessionfile.load_state(path)
    assert other.open_state(state, text) is True
    _same(other, s)
