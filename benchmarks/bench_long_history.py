"""A long run, then a short history: the crash sequence of ordinary use, timed and weighed.

    python benchmarks/bench_long_history.py [ITERATIONS]     (offscreen; default 100000)

Trains the worked example for ITERATIONS iterations, re-initialises the weights, steps two
iterations and grabs the window (what File > Save screenshot does); then does the same with a
history of 1,999,999 losses followed by a 3-iteration one. Prints the time from the last action to
the grabbed picture and the process's peak resident memory: both stay small only if the loss
curve's range and ticks follow the short history.
"""

from __future__ import annotations

import dataclasses
import os
import resource
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def settle(app, seconds: float) -> None:  # type: ignore[no-untyped-def]
    """Let the window's coalescing timers fire and the panels repaint."""
    end = time.perf_counter() + seconds
    while time.perf_counter() < end:
        app.processEvents()


def repaint_seconds(app, window) -> float:  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    settle(app, 0.1)  # the loss panel redraws at most every 33 ms
    window.grab()
    return time.perf_counter() - start - 0.1


def main() -> None:
    iterations = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    import numpy as np
    from PySide6.QtWidgets import QApplication

    from convstudio.engine.timeline import Losses
    from convstudio.ui.look import theme
    from convstudio.ui.main_window import MainWindow

    app = QApplication(sys.argv[:1])
    theme.apply(app)
    window = MainWindow(restore_settings=False)
    window._error_dialogs = False
    window.open_lesson("worked-example")
    window.resize(1280, 800)
    window.show()
    window.finish_startup(now=True)
    session = window.session
    start = time.perf_counter()
    session.train(iterations)
    while session.training:
        app.processEvents()
    trained = time.perf_counter() - start
    settle(app, 0.2)
    window.grab()
    session.reinitialise(session.seed + 1)
    for _ in range(2):
        session.move("iteration", +1)
    first = repaint_seconds(app, window)
    state = session.state()
    session.restore(dataclasses.replace(state, iteration=1_999_999, first=1_999_999,
                                        losses=Losses(np.linspace(1.0, 0.1, 1_999_999))))  # fmt: skip
    settle(app, 0.2)
    window.grab()
    session.restore(dataclasses.replace(state, iteration=3, first=3, losses=Losses([0.5, 0.25, 0.125])))
    second = repaint_seconds(app, window)
    print(f"| what | figure |\n|---|---|\n| trained | {iterations} iterations in {trained:.1f} s |")
    print(f"| re-initialise, 2 iterations, grab | {first * 1000:.0f} ms |")
    print(f"| 1,999,999 iterations, then 3, grab | {second * 1000:.0f} ms |")
    print(f"| peak memory | {peak_mb():.0f} MB |")


if __name__ == "__main__":
    main()
