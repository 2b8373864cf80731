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
    np.testing.assert_array_equal(s.params["W"], saved.timeline[saved.iteration].params["W"])
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
