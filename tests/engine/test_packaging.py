"""The engine stands alone, and the installed package finds its resources."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_the_engine_imports_without_qt():
    # Qt is made unimportable, then every engine module is imported: none may need it.
    code = textwrap.dedent(
        """
        import importlib, pkgutil, sys
        class NoQt:
            def find_spec(self, name, path=None, target=None):
                if name.split(".")[0] in ("PySide6", "shiboken6", "pyqtgraph"):
                    raise ImportError("Qt is not allowed in the engine")
        sys.meta_path.insert(0, NoQt())
        import convstudio.engine
        for info in pkgutil.iter_modules(convstudio.engine.__path__):
            importlib.import_module("convstudio.engine." + info.name)
        print(sorted(m for m in sys.modules if m.split(".")[0] in ("PySide6", "shiboken6", "pyqtgraph")))
        """
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_a_built_wheel_carries_the_lessons_and_finds_them(tmp_path):
    subprocess.run(
        [sys.executable, "-m", "build", "--wheel", "--outdir", str(tmp_path / "dist"), str(ROOT)],
        check=True,
        capture_output=True,
    )
    (wheel,) = (tmp_path / "dist").glob("convstudio-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "convstudio/resources/lessons/worked-example.toml" in names
    assert "convstudio/engine/trace.py" in names
    # installed on its own, away from the checkout, it finds its resources inside itself
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--quiet", "--target", str(target), str(wheel)],
        check=True,
        capture_output=True,
    )
    code = (
        "import convstudio.paths as p; from convstudio.engine import lessons;"
        "print(p.resource_dir()); print(lessons.load('worked-example').title)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        env={"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=True,
    )
    where, title = out.stdout.strip().splitlines()
    assert Path(where) == target / "convstudio" / "resources"
    assert title == "The worked example"
