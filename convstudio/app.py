"""Command line and start-up: parse arguments, make the QApplication, show the main window.

``--version`` and ``--help`` answer without importing Qt. The window appears before its secondary
parts (pyqtgraph's loss curve) are built, so the first paint is not kept waiting on them.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from convstudio import __version__
from convstudio.cli import parse_args


def fail(message: str) -> int:
    """One line on stderr, exit status 2: the command line's way of saying what went wrong."""
    print(f"error: {message}", file=sys.stderr)
    return 2


@contextlib.contextmanager
def held_stderr() -> Iterator[None]:
    """What the libraries say on stderr while a file opens (libpng writes "libpng error: ..."
    itself, past Qt's message handler) is held back: if the file is refused, the one line that says
    why is ours; if not, it is printed after all."""
    sys.stderr.flush()
    saved = os.dup(2)
    with tempfile.TemporaryFile() as held:
        os.dup2(held.fileno(), 2)
        refused = True
        try:
            yield
            refused = False
        finally:
            sys.stderr.flush()
            os.dup2(saved, 2)
            os.close(saved)
            if not refused:
                held.seek(0)
                sys.stderr.write(held.read().decode(errors="replace"))


#: What the offscreen platform says each time a dock is laid out: true, harmless, and thousands of
#: lines over a session or a run of screenshots.
HARMLESS = "This plugin does not support propagateSizeHints()"


def quiet_qt_messages() -> None:
    """Drop exactly Qt's HARMLESS warning; every other message goes on as before (to the handler
    that was installed, or formatted and written to stderr as Qt's own handler would)."""
    from PySide6.QtCore import QtMsgType, qFormatLogMessage, qInstallMessageHandler

    before = None

    def handler(mode, context, message) -> None:  # type: ignore[no-untyped-def]
        if mode == QtMsgType.QtWarningMsg and message == HARMLESS:
            return
        if before is not None:
            before(mode, context, message)
        else:
            sys.stderr.write(qFormatLogMessage(mode, context, message) + "\n")
            sys.stderr.flush()

    before = qInstallMessageHandler(handler)


def _remembered_theme(args: argparse.Namespace) -> str:
    """The theme View ▸ Theme chose last, unless the command line names one or takes a screenshot."""
    if args.dark or args.screenshot:
        return ""
    from convstudio import settings

    return settings.read_str("theme")


def platform_problem() -> str | None:
    """Why Qt could not open a window here (it would abort, with a message of its own), or None."""
    from PySide6.QtCore import QLibraryInfo

    from convstudio import libraries

    return libraries.xcb_problem(Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath)))


#: The window's layers that never import Qt (the engine with NumPy, the session's edits), imported
#: before PySide6 is: once it is, PySide6 reads the source of every module imported after it (to
#: see whether it uses PySide6's ``__feature__`` switches), about a third more for each of them.
QT_FREE_FIRST = (
    "numpy.random",
    "convstudio.libraries",
    "convstudio.engine.lessons",
    "convstudio.engine.trace",
    "convstudio.engine.network_run",
    "convstudio.engine.equations",
    "convstudio.session.edits",
    "convstudio.session.runs",
    "convstudio.session.reading",
)


def import_qt_free_first() -> None:
    import importlib

    for name in QT_FREE_FIRST:
        importlib.import_module(name)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.export_derivation:
        return export_derivation(args)
    if args.export_pytorch:
        return export_pytorch(args)
    if args.headless:  # no Qt: a terminal, a script, a machine without a screen
        from convstudio import headless

        return headless.main(args)
    if args.screenshot:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    import_qt_free_first()
    try:
        from PySide6.QtWidgets import QApplication
    except ImportError as error:  # on Linux: a system library Qt loads is missing, e.g. libGL.so.1
        return fail(f"{error} (the README, For students, lists the system packages ConvStudio needs)")
    problem = platform_problem()
    if problem:
        return fail(problem)
    quiet_qt_messages()

    from convstudio.ui import language
    from convstudio.ui.look import theme
    from convstudio.ui.main_window import MainWindow

    QApplication.setApplicationName("ConvStudio")
    QApplication.setOrganizationName("ConvStudio")
    QApplication.setApplicationVersion(__version__)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    # A screenshot speaks the system's language (LANG=de_DE.UTF-8), never the one remembered.
    language.install(app, language.chosen(remembered=not args.screenshot))
    theme.apply(app, dark=args.dark, projector=args.projector, name=args.theme or _remembered_theme(args))
    # Slight hinting, as Debian's and Ubuntu's font settings ask for, but set here rather than read
    # from the system's fontconfig: the bundled font then draws the same glyphs on every machine,
    # a bare one included, and so do the screenshots.
    font = app.font()
    font.setHintingPreference(font.HintingPreference.PreferVerticalHinting)
    app.setFont(font)
    window = MainWindow(restore_settings=not args.screenshot)
    refused: list[str] = []  # why the session would not open it (a network the window cannot show)
    window.session.failed.connect(refused.append)
    try:
        with held_stderr():
            if args.open:
                opened = window.open_path(Path(args.open), raise_errors=True)
            else:
                opened = window.open_lesson(args.lesson or window.last_lesson(), raise_errors=True)
    except ValueError as error:
        return fail(str(error))
    window.session.failed.disconnect(refused.append)
    if not opened and (args.open or args.lesson):
        return fail(refused[0] if refused else f"{args.open or args.lesson} could not be opened")
    if args.screenshot:  # first: a dock opened next takes its share of this width
        window.resize(*args.size)
    if args.instrument:
        problem = open_instruments(window, args.instrument)
        if problem:
            return fail(problem)
    if args.screenshot:
        return screenshot(app, window, args)
    fit_to_screen(window)
    window.show()
    window.finish_startup()
    from convstudio.session import autosave

    recovery = autosave.default_path()
    window.offer_recovery(recovery)
    window.start_autosave(recovery)
    return app.exec()


def open_instruments(window: object, keys: list[str]) -> str | None:
    """Open the instruments named (every one for "all"); what went wrong, or None. CI opens them all
    in the built program, whose analysis cannot see these modules imported by name."""
    from convstudio.ui.instruments.registry import INSTRUMENTS

    known = [instrument.key for instrument in INSTRUMENTS]
    for key in keys:
        if key not in (*known, "all"):
            return f"there is no instrument {key!r}; choose from {', '.join(known)} or all"
    for key in known if "all" in keys else keys:
        try:
            window.show_instrument(key)  # type: ignore[attr-defined]
        except ImportError as error:  # a module missing from a broken install or bundle
            return f"the {key} instrument cannot be loaded: {error}"
    return None


#: The longest a screenshot waits for the open instruments to finish their work.
SETTLE_SECONDS = 10.0


def wait_until(app: object, done: Callable[[], bool], seconds: float = SETTLE_SECONDS) -> None:
    """Run the event loop until ``done()`` or ``seconds`` have passed."""
    import time

    deadline = time.monotonic() + seconds
    while True:
        app.processEvents()  # type: ignore[attr-defined]
        if done() or time.monotonic() > deadline:
            return
        time.sleep(0.005)


def screenshot(app: object, window: object, args: argparse.Namespace) -> int:
    """Take the steps, save the whole window, exit 0 (CI's smoke test of the built program)."""
    from PySide6.QtWidgets import QApplication

    assert isinstance(app, QApplication)
    window.resize(*args.size)  # type: ignore[attr-defined]
    window.show()  # type: ignore[attr-defined]
    window.finish_startup(now=True)  # type: ignore[attr-defined]
    session = window.session  # type: ignore[attr-defined]
    if args.train:
        session.train(args.train)
        wait_until(app, lambda: not session.training, SETTLE_SECONDS * 30)
        if session.training:
            session.cancel_training()
            return fail(f"training {args.train} iterations took longer than {SETTLE_SECONDS * 30:.0f} s")
        wait_until(app, lambda: False, 0.2)  # the panels redraw on timers of a few tens of ms
    for _ in range(args.steps):
        session.move("element", 1)
    # The nudge experiment and the loss landscape work on threads and in slices: the picture waits
    # for what they show, so that two screenshots of the same state are the same picture.
    docks = window.docks.values()  # type: ignore[attr-defined]
    wait_until(app, lambda: not any(getattr(d.panel, "working", False) for d in docks if d.isVisible()))
    wait_until(app, lambda: False, 0.2)  # what they showed last is laid out (a caption's new height)
    saved = window.grab().save(args.screenshot)  # type: ignore[attr-defined]
    window.close()  # type: ignore[attr-defined]  # also when saving failed: no window is left open
    return 0 if saved else fail(f"cannot write {args.screenshot}")


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


def export_pytorch(args: argparse.Namespace) -> int:
    """Headless: the lesson's first iteration as a script that rebuilds it in PyTorch and checks it."""
    from convstudio.engine import lessons
    from convstudio.io import pytorch_script

    try:
        lesson = lessons.load(args.lesson or "worked-example")
        written = pytorch_script.write_lesson(lesson, Path(args.export_pytorch))
    except (ValueError, OSError) as error:
        return fail(str(error))
    print(written)
    return 0


#: Room for the title bar and frame the window manager adds around the window.
FRAME_ALLOWANCE = 40


def fit_to_screen(window: Any) -> None:
    """Shrink the window (its default or remembered size) to the screen's free area, so that a
    1024x768 screen shows all of it: the panels scroll or shrink rather than run off the screen."""
    from PySide6.QtGui import QGuiApplication

    screen = window.screen() or QGuiApplication.primaryScreen()
    if screen is None:
        return
    free = screen.availableGeometry()
    width = min(window.width(), free.width())
    height = min(window.height(), free.height() - FRAME_ALLOWANCE)
    if (width, height) != (window.width(), window.height()):
        window.resize(width, height)
        window.move(free.topLeft())
