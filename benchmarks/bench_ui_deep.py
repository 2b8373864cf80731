"""How the window keeps up with deep networks: one element step on the two-conv-layers lesson and
on the largest deep network the window accepts, stepping into that network's next iteration, and how
long that iteration takes to be computed ahead, while the learner steps and while they only read.

Run by bench_ui.py (its rows join that table); on its own:

    python benchmarks/bench_ui_deep.py

A step is timed from the cursor move until the event loop has painted everything it changed: every
panel, the network strip and the crossing and optimiser cards. The strip's paints are counted, to
show it took part (it repaints only when a box's picture, the lit box or the flow changes).
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from bench_trace import DEEP  # noqa: E402  (the heaviest network engine/window_limits.py accepts)

BATCH = 64


class PaintCount:
    """Paint events of one widget class, counted by an application-wide event filter."""

    def __init__(self, app: Any, class_name: str) -> None:
        from PySide6.QtCore import QEvent, QObject

        count = self

        class Filter(QObject):
            def eventFilter(self, obj: Any, event: Any) -> bool:
                if event.type() == QEvent.Type.Paint and type(obj).__name__ == class_name:
                    count.n += 1
                return False

        self.n = 0
        self.filter = Filter()
        app.installEventFilter(self.filter)


def step_row(app: Any, w: Any, name: str, steps: int) -> str:
    """Median and 95th percentile of one element step, every change painted, as a table row."""
    s = w.session

    def one() -> tuple[float, float]:
        start, start_cpu = time.perf_counter(), time.thread_time()
        if not s.move("element", 1):
            s.go_to(type(s.cursor)(0, 0))  # back to the iteration's first step, not a new iteration
        app.processEvents()  # every panel and the strip paint here
        return time.perf_counter() - start, time.thread_time() - start_cpu

    for _ in range(20):  # warm caches
        one()
    wall, cpu = (sorted(v) for v in zip(*(one() for _ in range(steps)), strict=True))
    median, p95 = statistics.median(wall) * 1e3, wall[int(0.95 * len(wall)) - 1] * 1e3
    strip = PaintCount(app, "NetworkStrip")  # after the timing: a filter sees every event
    counted = 50
    for _ in range(counted):
        one()
    app.removeEventFilter(strip.filter)
    return (
        f"| one element step, {name} | median {median:.2f} ms, 95th {p95:.2f} ms "
        f"(CPU {statistics.median(cpu) * 1e3:.2f} ms; the strip painted on {strip.n} of {counted} "
        "steps) | ≤ 8 ms, ≤ 16 ms |"
    )


def idle(ms: int) -> None:
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def wait_ahead(s: Any) -> float:
    """Seconds until the session's next iteration, computed ahead on a worker, is ready."""
    start = time.perf_counter()
    while s._ahead is not None and s._ahead.job is not None and s._ahead.job.result is None:
        idle(100)  # the learner reads; the worker computes the next iteration
        if time.perf_counter() - start > 600:
            raise RuntimeError("the next iteration was not computed ahead within 10 minutes")
    return time.perf_counter() - start


def next_iteration_row(w: Any) -> str:
    """Step from the last step of an iteration into the next, once it has been computed ahead."""
    from PySide6.QtWidgets import QApplication

    s = w.session
    s.go_to(type(s.cursor)(len(s.trace), 0))
    idle(50)
    wait_ahead(s)
    before = s.iteration
    start = time.perf_counter()
    s.move("element", 1)
    QApplication.processEvents()
    took = time.perf_counter() - start
    assert s.iteration == before + 1, "the step did not enter the next iteration"
    return (
        "| step into the next iteration, largest deep network (computed ahead on a thread) "
        f"| {took * 1e3:.0f} ms, every panel painted | ≤ 100 ms |"
    )


def ahead_row(app: Any, w: Any) -> str:
    """How long the next iteration takes to be computed ahead: while the learner steps without a
    pause (each step timed as in step_row), and while the learner only reads."""
    from PySide6.QtWidgets import QApplication

    s = w.session

    def cross() -> Any:  # into the next iteration, computed ahead: the one after it starts on a worker
        s.go_to(type(s.cursor)(len(s.trace), 0))
        wait_ahead(s)
        s.move("element", 1)
        QApplication.processEvents()
        assert s._ahead is not None and s._ahead.job is not None, "nothing is computed ahead"
        return s._ahead.job

    job = cross()
    s.go_to(type(s.cursor)(0, 0))
    start, steps = time.perf_counter(), []
    while job.result is None and job.is_alive():
        began = time.perf_counter()
        if not s.move("element", 1):
            s.go_to(type(s.cursor)(0, 0))
        app.processEvents()
        steps.append(time.perf_counter() - began)
    stepping = time.perf_counter() - start
    job.join()
    own = job.result[1]
    job = cross()
    idle_for = wait_ahead(s)
    steps.sort()
    return (
        f"| the next iteration computed ahead, largest deep network | {stepping:.1f} s while the learner "
        f"steps without a pause ({len(steps)} steps: median {statistics.median(steps) * 1e3:.2f} ms, 95th "
        f"{steps[int(0.95 * len(steps)) - 1] * 1e3:.2f} ms; the iteration itself {own:.1f} s), "
        f"{idle_for:.1f} s while the learner only reads | |"
    )


def rows(app: Any, window_for: Callable[[str | None], Any]) -> list[str]:
    """The deep rows of bench_ui's table; ``window_for(lesson)`` opens a shown window on a lesson."""
    out = []
    w = window_for("two-conv-layers")
    assert w.session.deep
    out.append(step_row(app, w, "`two-conv-layers` lesson", 400))
    w.close()
    w = window_for("two-conv-layers")
    start = time.perf_counter()
    if not w.session.apply_network(DEEP, BATCH):
        raise RuntimeError("the window refused the largest deep network")
    app.processEvents()
    opened = time.perf_counter() - start
    name = (
        f"the largest deep network (64x3x64x64, 4 conv 16 7x7 pad 3, 2 batch norms, MSE, Adam; "
        f"{len(w.session.trace):,} steps; its first iteration {opened:.0f} s)"
    )
    out.append(step_row(app, w, name + ", while its next iteration is computed", 200))
    wait_ahead(w.session)
    out.append(step_row(app, w, "the same, once its next iteration is ready", 200))
    out.append(next_iteration_row(w))
    out.append(ahead_row(app, w))
    w.close()
    return out


def main() -> None:
    from bench_ui import windows

    app, window_for = windows()
    print("| what | measured | bar |")
    print("|---|---|---|")
    for row in rows(app, window_for):
        print(row, flush=True)


if __name__ == "__main__":
    main()
