"""A crash mid-training loses at most the autosave interval: the next start offers the saved work."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QCoreApplication, QTimer

from convstudio.io import sessionfile
from convstudio.ui.main_window import MainWindow

ROOT = Path(__file__).resolve().parents[2]

TRAINING_FOREVER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from PySide6.QtWidgets import QApplication
    from convstudio.ui.main_window import MainWindow
    app = QApplication([])
    window = MainWindow(restore_settings=False)
    window.open_lesson("edge-detector")
    window.start_autosave(Path(sys.argv[1]), interval_ms=200)
    window.show()
    window.session.train(10_000_000)
    print("training", flush=True)
    app.exec()
    """
)


def test_a_killed_process_leaves_a_session_that_the_next_start_restores(qtbot, tmp_path):
    recovery = tmp_path / "autosave.convstudio"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT))
    child = subprocess.Popen(
        [sys.executable, "-c", TRAINING_FOREVER, str(recovery)], env=env, stdout=subprocess.PIPE, text=True
    )
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == "training"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:  # wait for a save after some training
            if recovery.exists() and sessionfile.load_state(recovery)[0].iteration >= 20:
                break
            time.sleep(0.05)
        time.sleep(0.5)  # more saves come while training goes on
        child.send_signal(signal.SIGKILL)
        killed_at = time.time()
        child.wait(timeout=10)
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
        child.stdout.close()
    assert child.returncode == -signal.SIGKILL
    saved, _ = sessionfile.load_state(recovery)  # never half-written, even killed mid-save
    assert saved.iteration >= 20
    assert killed_at - recovery.stat().st_mtime < 0.2 + 1.0  # at most the interval (plus a save's time)

    window = MainWindow(restore_settings=False)
    window._error_dialogs = False
    qtbot.addWidget(window)
    assert window.offer_recovery(recovery, ask=False)
    s = window.session
    assert s.lesson == "edge-detector"
    assert s.iteration == saved.iteration
    np.testing.assert_array_equal(s.params["W"], saved.snapshots[0].params["W"])
    assert len(s.losses) == saved.iteration  # every loss so far, for the curve
    assert s.move("element", 1)  # and the student carries on from there


def test_a_clean_close_leaves_nothing_to_recover(qtbot, tmp_path):
    recovery = tmp_path / "autosave.convstudio"
    window = MainWindow(restore_settings=False)
    qtbot.addWidget(window)
    window.open_lesson("worked-example")
    window.start_autosave(recovery, interval_ms=50)
    window.session.move("iteration", 1)
    window.session.move("element", 1)
    qtbot.waitUntil(recovery.exists, timeout=3000)
    window.close()
    assert not recovery.exists()
    assert not window.offer_recovery(recovery, ask=False)


@pytest.fixture
def start_up(qapp, monkeypatch, tmp_path):
    """The real start-up, ``convstudio.app.main([])``, in this process, with the recovery file in a
    temporary data folder; a timer answers the restore offer and then closes the window."""
    from PySide6.QtWidgets import QApplication, QMessageBox

    from convstudio import app
    from convstudio.ui.look import theme

    monkeypatch.setattr(theme, "apply", lambda *args, **kwargs: None)  # the tests' look stays
    monkeypatch.setenv("CONVSTUDIO_DATA_DIR", str(tmp_path / "data"))
    font, names = qapp.font(), (qapp.applicationName(), qapp.organizationName())
    seen: dict[str, object] = {}

    def run(answer, then):
        data = tmp_path / "data"

        def ours(w) -> bool:  # other tests' windows may still be about
            return isinstance(w, MainWindow) and w.autosaver is not None and w.autosaver.path.parent == data

        def poll() -> None:
            box = QApplication.activeModalWidget()
            if isinstance(box, QMessageBox) and "offer" not in seen:
                seen["offer"] = box.text()
                box.button(answer).click()
            windows = [w for w in QApplication.topLevelWidgets() if ours(w) and w.isVisible()]
            if windows and "checked" not in seen:
                seen["checked"] = then(windows[0])
                windows[0].close()
                QCoreApplication.exit(0)  # at once (quit() would post an event a later loop could get)
            else:
                QTimer.singleShot(20, poll)

        give_up.timeout.connect(lambda: QCoreApplication.exit(3))  # a failure, not a hang
        give_up.start(30_000)
        QTimer.singleShot(0, poll)
        seen["status"] = app.main([])
        give_up.stop()
        return seen

    give_up = QTimer()
    give_up.setSingleShot(True)
    qapp.setQuitOnLastWindowClosed(False)
    yield run
    give_up.stop()
    qapp.setQuitOnLastWindowClosed(True)
    qapp.setFont(font)
    qapp.setApplicationName(names[0])
    qapp.setOrganizationName(names[1])


def _left_behind(tmp_path: Path):
    """What a crash leaves: the autosave of an edge-detector session six iterations in."""
    from convstudio.engine import lessons
    from convstudio.session.autosave import Autosaver, default_path
    from convstudio.session.session import Session

    session = Session()
    lesson = lessons.load("edge-detector")
    session.open_lesson(lesson.name, lesson.spec, lesson.x, lesson.target, lesson.params, lesson.text)
    for _ in range(6):
        session.move("iteration", +1)
        session.move("element", +1)
    session.move("element", +1)
    assert Autosaver(session, default_path()).save()
    return session


def test_the_next_start_offers_the_autosave_and_restores_it(start_up, tmp_path):
    from PySide6.QtWidgets import QMessageBox

    (tmp_path / "data").mkdir()
    crashed = _left_behind(tmp_path)
    recovery = tmp_path / "data" / "autosave.convstudio"
    assert recovery.exists()

    def check(window):
        s = window.session
        return (s.lesson, s.iteration, list(s.losses), s.params["W"].tobytes(), s.cursor)

    seen = start_up(QMessageBox.StandardButton.Yes, check)
    assert seen["status"] == 0
    assert "did not close properly" in seen["offer"]
    lesson, iteration, losses, w, cursor = seen["checked"]
    assert (lesson, iteration, cursor) == ("edge-detector", 6, crashed.cursor)
    assert losses == list(crashed.losses) and len(losses) == 6
    assert w == crashed.params["W"].tobytes()
    assert not recovery.exists()  # closed cleanly this time


def test_declining_the_offer_starts_afresh(start_up, tmp_path):
    from PySide6.QtWidgets import QMessageBox

    (tmp_path / "data").mkdir()
    _left_behind(tmp_path)
    seen = start_up(
        QMessageBox.StandardButton.No, lambda window: (window.session.lesson, window.session.iteration)
    )
    assert "did not close properly" in seen["offer"]
    assert seen["checked"] == ("worked-example", 0)


def test_no_offer_without_a_recovery_file(start_up, tmp_path):
    seen = start_up(None, lambda window: window.session.lesson)
    assert "offer" not in seen and seen["checked"] == "worked-example" and seen["status"] == 0
