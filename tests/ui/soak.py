"""A random student: drives the main window with seeded random actions (the soak test and its
benchmark use it). Any exception that reaches Qt's event loop is collected, not swallowed.

The actions are what a class does in an afternoon: steps of every size both ways, cursor jumps,
edits (some impossible), network changes (some impossible, some with a learning rate that blows
up), undo and redo, autoplay on its timer, training (some cancelled half-way), lessons, images (some
broken), sessions saved and opened again (and a broken one), new weights, the input gradient, the
teaching instruments opened and closed, and autosaves written meanwhile.
"""

from __future__ import annotations

import importlib.util
import random
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent

from convstudio.engine import lessons
from convstudio.engine.cursor import UNITS, Cursor


def resident_mb() -> float:
    """Resident memory of this process in MB (Linux /proc; elsewhere peak RSS from resource)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as f:
            pages = int(f.read().split()[1])
        import os

        return pages * os.sysconf("SC_PAGE_SIZE") / 1e6
    except OSError:
        import resource

        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return peak / (1e6 if sys.platform == "darwin" else 1e3)


def instruments() -> list[str]:
    """The keys of the teaching instruments whose modules are installed."""
    from convstudio.ui.instruments.registry import INSTRUMENTS

    return [i.key for i in INSTRUMENTS if importlib.util.find_spec(i.module) is not None]


def _settle() -> None:
    """What the event loop does between two clicks: events, then the deletions asked for
    (``processEvents`` alone leaves every ``deleteLater`` waiting, and the widgets pile up)."""
    QCoreApplication.processEvents()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def _events_for(seconds: float) -> None:
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        _settle()
        time.sleep(0.001)


def soak(
    window,  # type: ignore[no-untyped-def]
    *,
    actions: int,
    seed: int,
    errors: list[BaseException],
    image_dir: Path,
    progress: Callable[[int], None] | None = None,
    seconds: Counter[str] | None = None,
) -> Counter[str]:
    """Run ``actions`` random actions on ``window``; returns how many of each kind ran (and adds
    the time each kind took, its redraws included, to ``seconds``)."""
    from PySide6.QtGui import QColor, QImage

    rng = random.Random(seed)
    s = window.session
    names = lessons.available()
    keys = instruments()
    image = QImage(12, 9, QImage.Format.Format_RGB888)
    image.fill(QColor(90, 160, 220))
    png = image_dir / "soak.png"
    image.save(str(png))
    broken = image_dir / "broken.png"
    broken.write_bytes(bytes(rng.randrange(256) for _ in range(300)))
    saved = image_dir / "soak.convstudio"
    bad_session = image_dir / "bad.convstudio"
    bad_session.write_bytes(b'{"format": "convstudio-session", "version": 2, "spec": {"kernel": "big"')
    window.start_autosave(image_dir / "autosave.convstudio", interval_ms=200)

    def edit() -> None:
        tensor = rng.choice(["W", "W", "W", "I", "t"])
        values = {"W": s.params["W"], "I": s.x, "t": s.target}[tensor]
        index = tuple(rng.randrange(n) for n in values.shape)
        value = rng.choice([round(rng.uniform(-2, 2), 2), 0.0, float("nan"), 1e300])  # some refused
        s.edit("y" if tensor == "t" and s.spec.loss == "cross_entropy" else tensor, index, value)

    def spec_change() -> None:
        spec = s.spec
        choice = rng.choice(
            ["filters", "padding", "stride", "activation", "pooling", "lr", "kernel", "size", "batch",
             "head", "momentum", "dilation", "bias"]
        )  # fmt: skip
        changes = {
            "filters": {"filters": rng.randint(1, 3)},
            "padding": {"padding": rng.randint(0, 2)},
            "stride": {"stride": rng.randint(0, 2)},  # 0 is impossible: refused with a message
            "activation": {"activation": rng.choice(["none", "relu", "sigmoid", "tanh"])},
            "pooling": {"pooling": rng.choice(["none", "max", "avg", "global_avg"])},
            "lr": {"lr": rng.choice([0.01, 0.1, 1.0, 1000.0, 1e6])},  # the last ones blow up
            "kernel": {"kernel": rng.randint(1, 5)},
            "size": {"height": rng.randint(2, 8), "width": rng.randint(2, 8)},
            "batch": {"batch": rng.randint(1, 3)},
            "head": rng.choice(
                [{"head": "dense", "loss": "cross_entropy", "classes": 3}, {"head": "none", "loss": "mse"}]
            ),
            "momentum": {"momentum": rng.choice([0.0, 0.5, 0.9, 1.5])},  # 1.5 is refused
            "dilation": {"dilation": rng.randint(1, 2)},
            "bias": {"bias": not spec.bias},
        }[choice]
        s.apply_spec(spec.replace(**changes))

    def train() -> None:
        s.train(rng.randint(1, 30))
        while s.training:
            QCoreApplication.processEvents()

    def train_and_cancel() -> None:
        s.train(10_000_000)
        _events_for(rng.uniform(0.001, 0.02))
        s.cancel_training()

    def play() -> None:
        s.play(60, rng.choice(["term", "element"]))
        for _ in range(rng.randint(1, 5)):
            s._play_tick()  # what the timer does, without waiting for it
        if rng.random() < 0.2:
            _events_for(0.05)  # and the timer itself, for a few ticks
        s.pause()

    def jump() -> None:
        trace = s.trace
        s.go_to(Cursor(rng.randrange(len(trace) + 2), rng.randrange(3)))

    def save_and_open() -> None:
        if window.save_session(saved):
            window.open_path(saved)

    def instrument() -> None:
        if keys:
            window.show_instrument(rng.choice(keys), rng.random() < 0.4)

    table: dict[str, Callable[[], object]] = {
        "step": lambda: s.move(rng.choice(UNITS), rng.choice([1, 1, 1, -1])),
        "back": lambda: s.move(rng.choice(UNITS), -1),
        "jump": jump,
        "edit": edit,
        "undo": s.undo_stack.undo,
        "redo": s.undo_stack.redo,
        "spec": spec_change,
        "train": train,
        "cancel": train_and_cancel,
        "play": play,
        "lesson": lambda: window.open_lesson(rng.choice(names)),
        "reset": s.rewind,
        "image": lambda: window.load_image(png),
        "broken": lambda: window.load_image(broken),
        "save": save_and_open,
        "bad_session": lambda: window.open_path(bad_session),
        "reseed": lambda: s.reinitialise(rng.randrange(1000)),
        "input_grad": lambda: window.tensors.set_input_grad(not s.input_grad),
        "instrument": instrument,
    }
    weights = {"step": 30, "back": 10, "jump": 4, "edit": 6, "undo": 6, "redo": 4, "spec": 6, "train": 3,
               "cancel": 1, "play": 4, "lesson": 3, "reset": 2, "image": 2, "broken": 1, "save": 1,
               "bad_session": 1, "reseed": 2, "input_grad": 2, "instrument": 3 if keys else 0}  # fmt: skip
    kinds = [k for k in weights if weights[k]]
    counts: Counter[str] = Counter()
    hook = sys.excepthook
    sys.excepthook = lambda kind, value, tb: errors.append(value)
    try:
        for i in range(actions):
            kind = rng.choices(kinds, [weights[k] for k in kinds])[0]
            started = time.perf_counter()
            try:
                table[kind]()
            except Exception as error:
                errors.append(error)
            counts[kind] += 1
            _settle()
            if seconds is not None:
                seconds[kind] += time.perf_counter() - started
            if progress is not None and i % 100 == 0:
                progress(i)
    finally:
        sys.excepthook = hook
        if window.autosaver is not None:  # a clean exit; the next run starts its own
            window.autosaver.discard()
            window.autosaver.deleteLater()
            window.autosaver = None
    return counts
