"""What start-up leaves out or does once, so the window paints sooner (benchmarks/bench_ui.py)."""

from __future__ import annotations

import subprocess
import sys

from convstudio.engine import lessons
from tests.ui.main_window.helpers import ROOT


def test_opening_a_bundled_lesson_builds_it_once(qtbot, window, monkeypatch):
    """The lesson panel keeps the lesson the window just read to open it (it built it again)."""
    built: list[str] = []
    real = lessons._build
    monkeypatch.setattr(lessons, "_build", lambda name, doc: built.append(name) or real(name, doc))
    assert window.open_lesson("edge-detector")
    window.lesson_panel.refresh()
    assert built == ["edge-detector"]
    intro = lessons.load("edge-detector").text["intro"].split()[:4]
    assert " ".join(intro) in " ".join(window.lesson_panel.text().split())


def test_the_qt_free_layers_are_imported_before_qt():
    """PySide6 reads the source of every module imported after it: the engine goes first, and
    imports no Qt on the way."""
    script = (
        "import sys\n"
        "from convstudio import app\n"
        "app.import_qt_free_first()\n"
        "print('PySide6' in sys.modules, all(name in sys.modules for name in app.QT_FREE_FIRST))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT)
    assert done.stdout.split() == ["False", "True"], done.stderr
