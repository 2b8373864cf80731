"""Command line and start-up: parse arguments, make the QApplication, show the main window.

``--version`` and ``--help`` answer without importing Qt. The window appears before its secondary
parts (pyqtgraph's loss curve) are built, so the first paint is not kept waiting on them.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from convstudio import __version__


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="convstudio",
        description="See how a convolutional network learns its filters, one multiply-add at a time.",
    )
    parser.add_argument("--version", action="version", version=f"ConvStudio {__version__}")
    parser.add_argument("--lesson", metavar="NAME", help="open this lesson (default: worked-example)")
    parser.add_argument("--open", metavar="FILE", help="open a session file (.convstudio) or an image")
    parser.add_argument(
        "--screenshot",
        metavar="PNG",
        help="run offscreen, take --steps element steps, save the window as PNG and exit",
    )
    parser.add_argument("--steps", type=int, default=0, metavar="N", help="element steps before --screenshot")
    parser.add_argument("--size", default="1280x800", metavar="WxH", help="window size for --screenshot")
    parser.add_argument("--dark", action="store_true", help="use a dark palette")
    parser.add_argument(
        "--export-derivation",
        metavar="MD",
        help="write the first iteration's derivation as Markdown (and a checking script) and exit",
    )
    args = parser.parse_args(argv)
    if args.steps < 0:
        parser.error("--steps must be 0 or more")
    return args


def fail(message: str) -> int:
    """One line on stderr, exit status 2: the command line's way of saying what went wrong."""
    print(f"error: {message}", file=sys.stderr)
    return 2


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.export_derivation:
        return export_derivation(args)
    if args.screenshot:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtWidgets import QApplication

    from convstudio.ui import theme
    from convstudio.ui.main_window import MainWindow

    QApplication.setApplicationName("ConvStudio")
    QApplication.setOrganizationName("ConvStudio")
    QApplication.setApplicationVersion(__version__)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    theme.apply(app, dark=args.dark)
    window = MainWindow(restore_settings=not args.screenshot)
    try:
        if args.open:
            window.open_path(Path(args.open), raise_errors=True)
        else:
            window.open_lesson(args.lesson or window.last_lesson(), raise_errors=True)
    except ValueError as error:
        return fail(str(error))
    if args.screenshot:
        return screenshot(app, window, args)
    window.show()
    window.finish_startup()
    from convstudio.session import autosave

    recovery = autosave.default_path()
    window.offer_recovery(recovery)
    window.start_autosave(recovery)
    return app.exec()


def screenshot(app: object, window: object, args: argparse.Namespace) -> int:
    """Take the steps, save the whole window, exit 0 (CI's smoke test of the built program)."""
    from PySide6.QtWidgets import QApplication

    assert isinstance(app, QApplication)
    try:
        width, height = (int(v) for v in args.size.lower().split("x"))
    except ValueError:
        return fail(f"--size must look like 1280x800, not {args.size}")
    window.resize(width, height)  # type: ignore[attr-defined]
    window.show()  # type: ignore[attr-defined]
    window.finish_startup(now=True)  # type: ignore[attr-defined]
    for _ in range(args.steps):
        window.session.move("element", 1)  # type: ignore[attr-defined]
    app.processEvents()
    if not window.grab().save(args.screenshot):  # type: ignore[attr-defined]
        return fail(f"cannot write {args.screenshot}")
    window.close()  # type: ignore[attr-defined]
    return 0


def export_derivation(args: argparse.Namespace) -> int:
    """Headless: the lesson's first iteration as Markdown with LaTeX, and a NumPy script beside it."""
    from convstudio.engine import lessons
    from convstudio.io import derivation

    try:
        lesson = lessons.load(args.lesson or "worked-example")
        written = derivation.write(lesson, Path(args.export_derivation))
    except (ValueError, OSError) as error:
        return fail(str(error))
    print("\n".join(str(p) for p in written))
    return 0
