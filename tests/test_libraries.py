"""The check of the libraries Qt's xcb platform loads: one line and the apt command instead of Qt's
abort, and the same ldd reading the bundle's build uses."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from convstudio import libraries

ROOT = Path(__file__).resolve().parents[1]
LINUX = sys.platform.startswith("linux")


def test_each_library_is_named_by_its_debian_package():
    assert libraries.package("libxcb-cursor.so.0") == "libxcb-cursor0"
    assert libraries.package("libxkbcommon-x11.so.0") == "libxkbcommon-x11-0"
    assert libraries.package("libxcb-render-util.so.0") == "libxcb-render-util0"
    assert libraries.package("libdbus-1.so.3") == "libdbus-1-3"
    assert libraries.package("libGL.so.1") == "libgl1"
    assert libraries.package("libglib-2.0.so.0") == "libglib2.0-0"


@pytest.mark.skipif(not LINUX, reason="Qt's xcb platform exists on Linux only")
def test_a_plugin_whose_libraries_are_missing_is_named_with_the_fix(tmp_path):
    # Qt's xcb plugin alone, away from the Qt libraries it links to: ldd finds them missing.
    spec = importlib.util.find_spec("PySide6")  # finds the package without loading Qt
    assert spec is not None and spec.submodule_search_locations
    plugin = Path(spec.submodule_search_locations[0]) / "Qt" / "plugins" / "platforms" / "libqxcb.so"
    (tmp_path / "platforms").mkdir()
    shutil.copy(plugin, tmp_path / "platforms")
    env = {"PATH": os.environ["PATH"], "DISPLAY": ":0", "QT_QPA_PLATFORM": "xcb"}
    problem = libraries.xcb_problem(tmp_path, env)
    assert problem is not None and "libQt6XcbQpa.so.6" in problem
    assert "sudo apt install " in problem and "\n" not in problem
    assert libraries.xcb_problem(tmp_path, {**env, "QT_QPA_PLATFORM": "offscreen"}) is None
    assert libraries.xcb_problem(tmp_path, {"PATH": os.environ["PATH"], "WAYLAND_DISPLAY": "w0"}) is None


@pytest.mark.skipif(not LINUX, reason="Qt's xcb platform exists on Linux only")
def test_a_missing_xcb_library_gives_one_line_not_qts_abort():
    # The machine may have every library: the check is told one is missing, as on a bare desktop.
    code = (
        "import sys, convstudio.libraries as l\n"
        "l.missing = lambda *a, **k: ['libxcb-cursor.so.0']\n"
        "from convstudio.app import main\n"
        "sys.exit(main([]))\n"
    )
    env = dict(os.environ, QT_QPA_PLATFORM="xcb", DISPLAY=":0", LANG="C.UTF-8")
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 2, done.stderr
    assert done.stderr == (
        "error: a window needs libxcb-cursor.so.0, which this system lacks; install it with: "
        "sudo apt install libxcb-cursor0\n"
    )
