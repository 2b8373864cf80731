"""Autosave writes on a thread, never keeps the event loop waiting, and a clean exit leaves nothing."""

from __future__ import annotations

import threading
import time

import numpy as np
import pytest

from convstudio.engine.spec import Spec
from convstudio.io import sessionfile
from convstudio.session import autosave
from convstudio.session.session import Session

WORKED_X = np.array([[[[1, 2, 0], [0, 1, 3], [2, 1, 0]]]], dtype=float)


@pytest.fixture
def session(qtbot):
    s = Session()
    s.open_lesson("worked-example", Spec(), WORKED_X, np.ones((1, 1)), {"W": np.ones((1, 1, 2, 2))}, {})
    for _ in range(4):
        s.move("iteration", +1)
        s.move("element", +1)
    s.move("element", -1)  # back into iteration 4: iteration 5 stays in the timeline
    return s


def test_the_autosave_holds_the_current_weights_and_every_loss_before_them(session, tmp_path):
    saver = autosave.Autosaver(session, tmp_path / "a.convstudio")
    assert saver.save() and saver.saves == 1
    saved, _ = sessionfile.load_state(tmp_path / "a.convstudio")
    assert saved.iteration == saved.first == 3 and len(saved.snapshots) == 1
    assert list(saved.losses) == list(session.losses) and len(saved.losses) == 3
    assert saved.snapshots[0].params["W"].tobytes() == session.params["W"].tobytes()
    assert saved.cursor == session.cursor


def test_a_slow_write_runs_on_a_thread_and_a_clean_exit_waits_for_it(session, tmp_path, monkeypatch):
    path = tmp_path / "a.convstudio"
    real = sessionfile.save_state
    writers = []

    def slow(*args, **kwargs):
        writers.append(threading.current_thread().name)
        time.sleep(0.3)
        real(*args, **kwargs)

    monkeypatch.setattr(sessionfile, "save_state", slow)
    saver = autosave.Autosaver(session, path, interval_ms=10)
    session.move("element", +1)
    session.move("element", +1)  # into iteration 5: changed
    started = time.perf_counter()
    saver.save_if_changed()
    assert time.perf_counter() - started < 0.05  # the event loop went on
    assert saver.busy
    while not writers and time.perf_counter() - started < 1:  # the thread may not have run yet
        time.sleep(0.001)
    assert writers == ["ConvStudio autosave"]
    saver.save_if_changed()  # one write at a time
    assert len(writers) == 1
    saver.discard()  # waits for the write, then deletes what it wrote
    assert not saver.busy and not path.exists()
    saver.save_if_changed()
    saver.wait()
    assert not path.exists()  # nothing is written after a clean exit


def test_a_failed_write_is_kept_quiet_and_retried(session, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the folder should be")
    saver = autosave.Autosaver(session, blocker / "a.convstudio")
    assert not saver.save()
    assert saver.last_error and saver.saves == 0
    saver.path = tmp_path / "a.convstudio"  # the disk came back
    saver.save_if_changed()  # still marked changed
    saver.wait()
    assert saver.saves == 1 and saver.path.exists()


def test_saves_come_every_interval_while_training(session, qtbot, tmp_path):
    path = tmp_path / "a.convstudio"
    saver = autosave.Autosaver(session, path, interval_ms=40)
    saver.start()
    session.train(10_000_000)
    qtbot.waitUntil(lambda: saver.saves >= 3, timeout=10_000)
    session.cancel_training()
    saver.wait()
    saved, _ = sessionfile.load_state(path)
    assert 0 < saved.iteration <= session.iteration + 1
    assert list(saved.losses) == list(session.state().losses)[: saved.iteration]
