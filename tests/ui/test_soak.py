"""Random user actions for a while: no exception escapes, memory stays flat, the state stays sane.

The default run does 300 actions; `benchmarks/bench_soak.py` runs the full 10,000 and prints the
memory growth for the README.
"""

from __future__ import annotations

import numpy as np

from convstudio.ui.soak import resident_mb, soak


def test_three_hundred_random_actions(qtbot, tmp_path):
    from convstudio.ui.main_window import MainWindow

    window = MainWindow(restore_settings=False)
    window._error_dialogs = False
    qtbot.addWidget(window)
    window.open_lesson("worked-example")
    window.show()
    errors: list[BaseException] = []
    start = resident_mb()
    counts = soak(window, actions=300, seed=1, errors=errors, image_dir=tmp_path)
    assert errors == []
    assert sum(counts.values()) == 300
    assert len(counts) >= 10  # every kind of action was tried
    s = window.session
    assert all(np.isfinite(v).all() for v in s.params.values())
    assert 0 <= s.cursor.done <= len(s.trace)
    assert resident_mb() - start < 60  # the full run's bar is 20 MB over 10,000 actions
