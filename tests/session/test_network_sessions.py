"""The one-layer window's session opens [network] lessons it can show exactly as their [spec]
twins, and refuses networks it cannot show yet with one sentence, keeping the user's state."""

from __future__ import annotations

import numpy as np

from convstudio.engine import lessons
from convstudio.engine.cursor import Cursor
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


def test_a_deep_lesson_is_refused_in_one_sentence_and_nothing_changes(qtbot):
    s = _worked_on(qtbot)
    before, depth = s.state(), s.undo_stack.count()
    messages, changes = [], []
    s.failed.connect(messages.append)
    s.params_changed.connect(lambda: changes.append("params"))
    s.lesson_changed.connect(changes.append)
    assert not _open(s, lessons.load("two-conv-layers"))
    assert len(messages) == 1 and "“two-conv-layers”" in messages[0] and "cannot be shown yet" in messages[0]
    assert changes == [] and s.undo_stack.count() == depth and s.lesson == "worked-example"
    _same(s, before)


def test_a_deep_session_file_is_refused_but_the_headless_engine_reads_it(qtbot, tmp_path):
    path = tmp_path / "deep.convstudio"
    sessionfile.save_state(path, _trained("batch-norm"))
    state, _ = sessionfile.load_state(path)  # the engine side has all of it
    assert state.spec is None and state.network["layers"][1]["type"] == "batch_norm"
    s = _worked_on(qtbot)
    before, depth = s.state(), s.undo_stack.count()
    messages = []
    s.failed.connect(messages.append)
    assert s.open_state(state, {}) is False
    assert messages == [
        "This session file holds a network (conv, batch_norm, global_avg_pool; sgd) that cannot be "
        "shown yet: the window shows one conv layer with at most an activation, a pooling and a dense "
        "head, and SGD."
    ]
    assert s.undo_stack.count() == depth and s.lesson == "worked-example"
    _same(s, before)


def test_a_session_of_the_window_saved_in_format_3_opens_again_as_it_was(qtbot, tmp_path):
    s = _worked_on(qtbot)
    path = tmp_path / "again.convstudio"
    sessionfile.save_state(path, s.state(), s.lesson_text)
    other = Session()
    state, text = sessionfile.load_state(path)
    assert other.open_state(state, text) is True
    _same(other, s)
