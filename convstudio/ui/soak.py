"""A random student: drives the main window with seeded random actions (the soak test and its
benchmark use it). Any exception that reaches Qt's event loop is collected, not swallowed."""

from __future__ import annotations

import random
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication

from convstudio.engine import lessons


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


def soak(
    window,  # type: ignore[no-untyped-def]
    *,
    actions: int,
    seed: int,
    errors: list[BaseException],
    image_dir: Path,
    progress: Callable[[int], None] | None = None,
) -> Counter[str]:
    """Run ``actions`` random actions on ``window``; returns how many of each kind ran."""
    from PySide6.QtGui import QColor, QImage

    rng = random.Random(seed)
    s = window.session
    names = lessons.available()
    image = QImage(12, 9, QImage.Format.Format_RGB888)
    image.fill(QColor(90, 160, 220))
    png = image_dir / "soak.png"
    image.save(str(png))
    broken = image_dir / "broken.png"
    broken.write_bytes(bytes(rng.randrange(256) for _ in range(300)))

    def edit() -> None:
        w = s.params["W"]
        index = tuple(rng.randrange(n) for n in w.shape)
        s.edit("W", index, round(rng.uniform(-2, 2), 2))

    def spec_change() -> None:
        spec = s.spec
        choice = rng.choice(["filters", "padding", "stride", "activation", "pooling", "lr", "kernel"])
        changes = {
            "filters": {"filters": rng.randint(1, 3)},
            "padding": {"padding": rng.randint(0, 2)},
            "stride": {"stride": rng.randint(0, 2)},  # 0 is impossible: refused with a message
            "activation": {"activation": rng.choice(["none", "relu", "sigmoid", "tanh"])},
            "pooling": {"pooling": rng.choice(["none", "max", "avg", "global_avg"])},
            "lr": {"lr": rng.choice([0.01, 0.1, 1.0, 1e6])},
            "kernel": {"kernel": rng.randint(1, 5)},
        }[choice]
        s.apply_spec(spec.replace(**changes))

    def train() -> None:
        s.train(rng.randint(1, 30))
        while s.training:
            QCoreApplication.processEvents()

    def play() -> None:
        s.play(60, rng.choice(["term", "element"]))
        for _ in range(rng.randint(1, 5)):
            s._play_tick()  # what the timer does, without waiting for it
        s.pause()

    moves = ["term", "element", "layer", "phase", "iteration"]
    table: dict[str, Callable[[], object]] = {
        "step": lambda: s.move(rng.choice(moves), rng.choice([1, 1, 1, -1])),
        "back": lambda: s.move(rng.choice(moves), -1),
        "edit": edit,
        "undo": s.undo_stack.undo,
        "redo": s.undo_stack.redo,
        "spec": spec_change,
        "train": train,
        "play": play,
        "lesson": lambda: window.open_lesson(rng.choice(names)),
        "reset": s.rewind,
        "image": lambda: window.load_image(png),
        "broken": lambda: window.load_image(broken),
        "reseed": lambda: s.reinitialise(rng.randrange(1000)),
        "input_grad": lambda: window.tensors.set_input_grad(not s.input_grad),
    }
    weights = {"step": 30, "back": 10, "edit": 6, "undo": 6, "redo": 4, "spec": 6, "train": 3, "play": 4,
               "lesson": 3, "reset": 2, "image": 2, "broken": 1, "reseed": 2, "input_grad": 2}  # fmt: skip
    kinds = list(weights)
    counts: Counter[str] = Counter()
    hook = sys.excepthook
    sys.excepthook = lambda kind, value, tb: errors.append(value)
    try:
        for i in range(actions):
            kind = rng.choices(kinds, [weights[k] for k in kinds])[0]
            try:
                table[kind]()
            except Exception as error:
                errors.append(error)
            counts[kind] += 1
            QCoreApplication.processEvents()
            if progress is not None and i % 100 == 0:
                progress(i)
    finally:
        sys.excepthook = hook
    return counts
