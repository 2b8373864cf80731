"""The full soak: 10,000 random user actions on the main window, memory measured after a warm-up.

    python benchmarks/bench_soak.py [--actions 10000] [--warm-up 1000] [--seed 7]

Offscreen. The actions are those of `tests/ui/soak.py` (the CI test runs 300 of them): steps,
cursor jumps, edits, network changes, undo/redo, autoplay, training (some cancelled, some
diverging), lessons, images, sessions saved and reopened, broken files, the teaching instruments
opened and closed, autosaves meanwhile. Resident memory is read after the warm-up (caches, fonts and
the instruments' first builds are in place by then) and every 1,000 actions; the bar is a growth
of less than 20 MB. Prints a Markdown table for the README.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("LANG", "C.UTF-8")
ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--actions", type=int, default=10_000)
    parser.add_argument("--warm-up", type=int, default=1_000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--no-instruments", action="store_true", help="leave the instrument docks closed")
    args = parser.parse_args()

    from PySide6.QtWidgets import QApplication

    from convstudio.app import quiet_qt_messages
    from convstudio.ui.look import theme
    from convstudio.ui.main_window import MainWindow
    from tests.ui import soak as driver
    from tests.ui.soak import resident_mb, soak

    if args.no_instruments:
        driver.instruments = lambda: []  # type: ignore[assignment]

    app = QApplication.instance() or QApplication(sys.argv[:1])
    quiet_qt_messages()  # offscreen, every dock laid out says so: harmless, thousands of lines
    theme.apply(app)
    window = MainWindow(restore_settings=False)
    window._error_dialogs = False  # the messages still reach the status bar; dialogs would pile up
    window.resize(1280, 800)
    window.show()
    window.finish_startup(now=True)
    window.open_lesson("worked-example")
    folder = Path(tempfile.mkdtemp())
    errors: list[BaseException] = []
    explained: list[str] = []
    window.session.failed.connect(explained.append)
    counts: Counter[str] = Counter()
    seconds: Counter[str] = Counter()
    started = time.perf_counter()
    run = {"errors": errors, "image_dir": folder, "seconds": seconds}
    counts += soak(window, actions=args.warm_up, seed=args.seed, **run)
    gc.collect()
    base = resident_mb()
    samples = [(0, base)]
    done = 0
    while done < args.actions:
        batch = min(1_000, args.actions - done)
        counts += soak(window, actions=batch, seed=args.seed + 1 + done, **run)
        done += batch
        gc.collect()
        samples.append((done, resident_mb()))
        print(f"{done:6d} actions: resident {samples[-1][1]:.1f} MB", file=sys.stderr, flush=True)
    elapsed = time.perf_counter() - started
    growth = samples[-1][1] - base
    peak = max(mb for _, mb in samples) - base
    total = sum(counts.values())
    kinds = ", ".join(f"{k} {n}" for k, n in counts.most_common())
    slowest = max(seconds, key=lambda k: seconds[k] / counts[k])
    print("| what | measured | bar |")
    print("|---|---|---|")
    print(
        f"| {args.actions:,} random actions after {args.warm_up:,} to warm up | {len(errors)} exceptions; "
        f"{len(explained):,} refusals explained (bad edits, impossible networks, broken files, "
        f"divergence) | no exception escapes |"
    )
    print(
        f"| resident memory over those {args.actions:,} actions | {base:.0f} MB after the warm-up, "
        f"{growth:+.1f} MB at the end (highest {peak:+.1f} MB) | grows < 20 MB |"
    )
    print(
        f"| time | {elapsed:.0f} s for {total:,} actions, {elapsed / total * 1e3:.0f} ms an action with "
        f"its redraws; slowest kind: {slowest} ({seconds[slowest] / counts[slowest] * 1e3:.0f} ms) | |"
    )
    print(f"| instruments included | {', '.join(driver.instruments()) or 'none'} | |")
    print(f"\nActions: {kinds}.")
    if errors:
        import traceback

        kinds_of_error = Counter(
            f"{type(e).__name__}: {e} ({traceback.extract_tb(e.__traceback__)[-1].filename.split('/')[-1]})"
            for e in errors
        )
        for what, n in kinds_of_error.most_common():
            print(f"{n} x {what}", file=sys.stderr)
        traceback.print_exception(errors[0], file=sys.stderr)
    window.close()
    sys.exit(1 if errors or growth >= 20 else 0)


if __name__ == "__main__":
    main()
