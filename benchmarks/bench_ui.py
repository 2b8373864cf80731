"""How the window keeps up: one element step, start-up, autoplay at 60 steps a second, training.

    python benchmarks/bench_ui.py            (offscreen; prints a Markdown table for the README)
    python benchmarks/bench_ui.py --startup-only [RUNS]   (just the start-up comparison, 7 runs each)

- step: cursor move -> every panel repainted (the event loop has painted everything), median and
  95th percentile over hundreds of steps, on the worked example and on 28x28 with 8 filters;
- start-up: process start to the first painted window, ConvStudio against a bare PySide6 +
  pyqtgraph window (an image and a curve) started the same way in the same run, median of 7 each,
  both 1280x800 on a 1920x1200 offscreen screen, from byte-compiled modules (``--startup-only
  [RUNS]`` runs just this);
- play: steps taken by autoplay at 60 a second in 3 seconds;
- training: iterations a second on the worked example, and the longest the event loop waited;
- deep networks (bench_ui_deep.py): the two-conv-layers lesson, the largest deep network and
  stepping into its next iteration;
- the largest network: training, stepping across an update both ways, autosave, saving, opening and
  switching to it, each with the longest wait of a 5 ms heartbeat timer (how long a click would wait).
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import textwrap
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

BARE = textwrap.dedent(
    """
    import time, sys
    import numpy as np
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication, QMainWindow, QSplitter
    import pyqtgraph as pg
    app = QApplication(sys.argv[:1])
    win = QMainWindow()
    split = QSplitter()
    image = pg.ImageView(); image.setImage(np.random.default_rng(0).random((28, 28)))
    plot = pg.PlotWidget(); plot.plot(np.arange(50), np.exp(-np.arange(50) / 10))
    split.addWidget(image); split.addWidget(plot)
    win.setCentralWidget(split); win.resize(1280, 800)
    class First(QObject):
        def eventFilter(self, obj, event):
            if event.type() == QEvent.Type.Paint:
                print("first-paint", time.time(), flush=True)
                app.quit()
            return False
    first = First(); win.installEventFilter(first)
    win.show()
    app.exec()
    """
)


def first_paint(command: list[str], env: dict[str, str]) -> float:
    """Seconds from starting the process to its first painted window."""
    start = time.time()
    out = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120, cwd=ROOT)
    for line in out.stdout.splitlines():
        if line.startswith("first-paint"):
            return float(line.split()[1]) - start
    raise RuntimeError(f"no first paint reported: {out.stderr[-2000:]}")


def startup(runs: int = 7) -> tuple[float, float]:
    """Medians of ``runs`` starts each, ConvStudio's and the bare window's, interleaved.

    Both start from byte-compiled modules, as installed: PySide6, pyqtgraph and NumPy come
    compiled in site-packages, and so does ConvStudio once pip has installed it (or in the
    bundle). A checkout run with PYTHONDONTWRITEBYTECODE=1 never caches its byte code and would
    compile every module of ConvStudio from source on each start (about 0.3 s here), which the
    bare window never does. One start of each first, untimed, warms the page cache for both."""
    import compileall
    import tempfile

    compileall.compile_dir(ROOT / "convstudio", quiet=1)
    data = tempfile.mkdtemp()  # no recovery file, no settings of a real user
    # A 1920x1200 offscreen screen: on the default 800x600 one ConvStudio fits itself to the
    # screen and would paint a smaller window than the bare one's 1280x800.
    screens = Path(data) / "screens.json"
    screens.write_text('{"screens": [{"name": "wide", "x": 0, "y": 0, "width": 1920, "height": 1200}]}')
    platform = f"offscreen:configfile={screens}"
    env = dict(os.environ, QT_QPA_PLATFORM=platform, CONVSTUDIO_REPORT_FIRST_PAINT="1")
    env.update(PYTHONPATH=str(ROOT), CONVSTUDIO_DATA_DIR=data, XDG_CONFIG_HOME=data)
    first_paint([sys.executable, "-m", "convstudio"], env)
    first_paint([sys.executable, "-c", BARE], env)
    ours, bare = [], []
    for _ in range(runs):  # interleaved, so both see the same machine
        ours.append(first_paint([sys.executable, "-m", "convstudio"], env))
        bare.append(first_paint([sys.executable, "-c", BARE], env))
    return statistics.median(ours), statistics.median(bare)


def largest():  # type: ignore[no-untyped-def]
    """The largest network the app allows (engine.model.LIMITS)."""
    from convstudio.engine.spec import Spec

    return Spec(height=64, width=64, channels=3, batch=64, filters=16, kernel=7, padding=3, bias=True,
                activation="relu", pooling="max", head="dense", classes=10, loss="cross_entropy")  # fmt: skip


def windows():  # type: ignore[no-untyped-def]
    """The application, themed, and a function that opens a shown 1280x800 window on a lesson."""
    from PySide6.QtWidgets import QApplication

    from convstudio.app import quiet_qt_messages
    from convstudio.engine.spec import Spec
    from convstudio.ui.look import theme
    from convstudio.ui.main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    quiet_qt_messages()  # offscreen, every dock laid out says so: harmless
    theme.apply(app)

    def window_for(lesson: str | None, spec: Spec | None = None) -> MainWindow:
        w = MainWindow(restore_settings=False)
        w._error_dialogs = False
        w.resize(1280, 800)
        w.show()
        w.finish_startup(now=True)
        w.open_lesson(lesson or "worked-example")
        if spec is not None:
            w.session.apply_spec(spec)
        for _ in range(5):
            app.processEvents()
        return w

    return app, window_for


def in_process() -> list[str]:
    import bench_ui_deep
    from PySide6.QtCore import QCoreApplication, QTimer

    from convstudio.engine.spec import Spec
    from convstudio.ui.look import theme
    from convstudio.ui.main_window import MainWindow

    app, window_for = windows()
    LARGEST = largest()
    rows = []

    def step_times(w: MainWindow, steps: int) -> tuple[list[float], list[float]]:
        """Wall-clock and CPU time of each step: on a shared machine the CPU time is the work done,
        the wall-clock time what a learner would wait."""
        times, cpu = [], []
        for _ in range(steps):
            start, start_cpu = time.perf_counter(), time.thread_time()
            if not w.session.move("element", 1):
                w.session.rewind()
            app.processEvents()  # every panel repaints here
            times.append(time.perf_counter() - start)
            cpu.append(time.thread_time() - start_cpu)
        return times, cpu

    mnist_like = Spec(height=28, width=28, filters=8, kernel=3, padding=1)
    for name, spec, steps, projector in (
        ("worked example (3x3, one 2x2 filter)", None, 400, False),
        ("worked example, projector mode at 1024x768", None, 400, True),
        ("28x28, 8 filters 3x3, pad 1", mnist_like, 400, False),
        ("the largest network (64x64x3, batch 64, 16 filters 7x7, dense)", LARGEST, 200, False),
    ):
        theme.set_projector(app, projector)
        w = window_for(None, spec)
        if projector:
            w.resize(1024, 768)
        step_times(w, 20)  # warm caches
        t, cpu = (sorted(v) for v in step_times(w, steps))
        median, p95 = statistics.median(t) * 1e3, t[int(0.95 * len(t)) - 1] * 1e3
        rows.append(
            f"| one element step, {name} | median {median:.2f} ms, 95th {p95:.2f} ms "
            f"(CPU {statistics.median(cpu) * 1e3:.2f} ms) | ≤ 8 ms, ≤ 16 ms |"
        )
        w.close()
        theme.set_projector(app, False)

    # autoplay at 60 steps a second for 3 seconds, through the real event loop
    w = window_for(None)
    s = w.session
    taken = [0]
    s.cursor_moved.connect(lambda: taken.__setitem__(0, taken[0] + 1))
    QTimer.singleShot(3000, s.pause)
    QTimer.singleShot(3050, app.quit)
    s.play(60, "element")
    app.exec()
    rows.append(f"| autoplay at 60 steps/s for 3 s | {taken[0]} steps (of 180) | keeps pace |")

    # training: iterations a second, and the longest wait of a 5 ms heartbeat timer
    s.rewind()
    gaps: list[float] = []
    last = [time.perf_counter()]

    def beat() -> None:
        now = time.perf_counter()
        gaps.append(now - last[0])
        last[0] = now

    heart = QTimer()
    heart.setInterval(5)
    heart.timeout.connect(beat)
    heart.start()
    count = 5000
    start = time.perf_counter()
    s.training_finished.connect(lambda _: app.quit())
    s.train(count)
    app.exec()
    elapsed = time.perf_counter() - start
    heart.stop()
    rate = count / elapsed
    rows.append(
        f"| training the worked example | {rate:,.0f} iterations/s; event loop never waited over "
        f"{max(gaps) * 1e3:.0f} ms | ≥ 1000/s, responsive |"
    )
    w.close()

    rows += largest_network(app, window_for(None, LARGEST))
    rows += bench_ui_deep.rows(app, window_for)
    QCoreApplication.processEvents()
    return rows


def largest_network(app, w) -> list[str]:  # type: ignore[no-untyped-def]
    """Everything that computes an iteration of the largest network, timed by the longest wait of a
    5 ms heartbeat timer (how long the event loop could not answer a click)."""
    import tempfile

    from PySide6.QtCore import QElapsedTimer, QEventLoop, QTimer

    from convstudio.session import autosave

    s = w.session
    gaps: list[tuple[float, float]] = []  # (when it ended, how long the event loop had waited)
    clock = QElapsedTimer()

    def beat() -> None:
        gaps.append((time.perf_counter(), clock.restart() / 1e3))

    heart = QTimer()
    heart.setInterval(5)
    heart.timeout.connect(beat)

    def idle(ms: int) -> None:
        loop = QEventLoop()
        QTimer.singleShot(ms, loop.quit)
        loop.exec()

    def waited(action, settle_ms: int = 300) -> tuple[float, float]:  # type: ignore[no-untyped-def]
        """(seconds the action took, the longest the event loop waited, in ms, until settle_ms after)."""
        gaps.clear()
        clock.start()
        heart.start()
        idle(20)
        start = time.perf_counter()
        action()
        took = time.perf_counter() - start
        idle(settle_ms)
        heart.stop()
        return took, max(g for _, g in gaps) * 1e3

    finished: list[float] = []

    def train() -> None:
        loop = QEventLoop()
        s.training_finished.connect(loop.quit)
        s.params_changed.connect(mark)  # emitted first when training ends, before the panels redraw
        s.train(4)
        loop.exec()
        s.training_finished.disconnect(loop.quit)
        s.params_changed.disconnect(mark)

    def mark() -> None:
        finished.append(time.perf_counter())

    rows = []
    _, floor = waited(lambda: idle(3000), settle_ms=0)
    rows.append(f"| the heartbeat with nothing to do (the machine's noise) | longest wait {floor:.0f} ms | |")
    took, _ = waited(train)
    during = max(g for when, g in gaps if when <= finished[0]) * 1e3
    end = max(g for when, g in gaps if when > finished[0]) * 1e3
    rows.append(
        f"| training the largest network, 4 iterations | {took / 4:.2f} s an iteration (on a thread); the "
        f"event loop waited ≤ {during:.0f} ms while training, {end:.0f} ms for the redraw at the end "
        "| ≤ 50 ms while training |"
    )
    s.go_to(type(s.cursor)(len(s.trace), 0))
    idle(int(3000 * s.expected_seconds()) + 200)  # the learner reads the update; the next one is computed
    took, gap = waited(lambda: s.move("element", 1))
    rows.append(
        f"| step into the next iteration, largest network, a moment after its update | {took * 1e3:.0f} ms "
        f"(computed ahead on a thread); event loop waited ≤ {gap:.0f} ms | ≤ 100 ms |"
    )
    took, gap = waited(lambda: s.move("element", -1))
    rows.append(f"| step back across the update, largest network | {took * 1e3:.0f} ms (kept) | ≤ 100 ms |")
    path = Path(tempfile.mkdtemp()) / "autosave.convstudio"
    saver = autosave.Autosaver(s, path)
    s.move("element", 1)
    took, gap = waited(saver.save_if_changed, settle_ms=100)
    saver.wait()
    rows.append(
        f"| autosave of the largest network ({path.stat().st_size / 1e6:.1f} MB) | event loop waited ≤ "
        f"{gap:.0f} ms (written on a thread) | ≤ 50 ms |"
    )
    took, _ = waited(lambda: w.save_session(path.with_name("saved.convstudio")), settle_ms=50)
    rows.append(f"| File > Save session, largest network | {took * 1e3:.0f} ms | a user action: waits |")
    took, _ = waited(lambda: w.open_path(path.with_name("saved.convstudio")))
    rows.append(
        f"| File > Open that session | {took:.2f} s (reads it, then computes its iteration) "
        "| a user action: waits |"
    )
    w.open_lesson("worked-example")
    idle(50)
    took, _ = waited(lambda: s.apply_spec(largest()))
    rows.append(
        f"| Edit > Network: switch to the largest | {took:.2f} s (computes its first iteration) "
        "| a user action: waits |"
    )
    saver.discard()
    w.close()
    return rows


def startup_row(runs: int = 7) -> str:
    ours, bare = startup(runs)
    return (
        f"| start to first painted window | ConvStudio {ours:.2f} s, bare PySide6 + pyqtgraph window "
        f"{bare:.2f} s: {ours / bare:.2f}x (median of {runs} each, interleaved) | ≤ 1.0x |"
    )


def main() -> None:
    if "--startup-only" in sys.argv:  # just the start-up comparison: quick to repeat on a busy machine
        rest = sys.argv[sys.argv.index("--startup-only") + 1 :]
        print(startup_row(int(rest[0]) if rest else 7), flush=True)
        return
    print("| what | measured | bar |")
    print("|---|---|---|")
    for row in in_process():
        print(row, flush=True)
    print(startup_row(), flush=True)


if __name__ == "__main__":
    main()
