"""Random user actions for a while: no exception escapes, memory stays flat, the state stays sane.

The default run does 300 actions of every kind; `benchmarks/bench_soak.py` runs the full 10,000
and prints the memory growth for the README.
"""

from __future__ import annotations

import numpy as np

from tests.ui.soak import instruments, resident_mb, soak

EVERY_KIND = {
    "step", "back", "jump", "edit", "undo", "redo", "spec", "train", "cancel", "play", "lesson", "reset",
    "image", "broken", "save", "bad_session", "reseed", "input_grad",
}  # fmt: skip


def test_three_hundred_random_actions_of_every_kind(qtbot, tmp_path):
    from convstudio.ui.main_window import MainWindow

    window = MainWindow(restore_settings=False)
    window._error_dialogs = False
    qtbot.addWidget(window)
    window.open_lesson("worked-example")
    window.show()
    errors: list[BaseException] = []
    failures: list[str] = []
    window.session.failed.connect(failures.append)
    start = resident_mb()
    counts = soak(window, actions=300, seed=1, errors=errors, image_dir=tmp_path)
    assert errors == []
    assert sum(counts.values()) == 300
    assert set(counts) == EVERY_KIND | ({"instrument"} if instruments() else set())
    assert any("cannot" in f or "must" in f for f in failures)  # bad input was tried, and explained
    assert any("Training diverged" in f or "loss of iteration 1 overflowed" in f for f in failures)
    s = window.session
    assert all(np.isfinite(v).all() for v in s.params.values())
    assert 0 <= s.cursor.done <= len(s.trace)
    assert np.isfinite(np.asarray(s.losses)).all()
    assert s.undo_stack.count() <= s.undo_stack.undoLimit()
    assert not (tmp_path / "autosave.convstudio").exists()  # discarded at the end, like a clean exit
    assert resident_mb() - start < 60  # the full run's bar is 20 MB over 10,000 actions
