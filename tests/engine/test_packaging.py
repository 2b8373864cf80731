"""The engine stands alone and the installed package finds its resources (the student executable's
build: test_bundle.py)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
import tomllib
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"


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
    assert "convstudio/resources/data/digits.npz" in names
    assert "convstudio/engine/trace.py" in names
    assert not [n for n in names if "/screenshots/" in n]  # the README's pictures stay out
    # installed on its own, away from the checkout, it finds its resources inside itself
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--quiet", "--target", str(target), str(wheel)],
        check=True,
        capture_output=True,
    )
    code = (
        "import convstudio.paths as p; from convstudio.engine import datasets, lessons;"
        "print(p.resource_dir()); print(lessons.load('worked-example').title);"
        "print(datasets.digits()[0].shape)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=tmp_path,
        env={"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=True,
    )
    where, title, digits = out.stdout.strip().splitlines()
    assert Path(where) == target / "convstudio" / "resources"
    assert title == "The worked example"
    assert digits == "(1797, 1, 8, 8)"


def test_every_resource_folder_the_wheel_carries_is_named_as_a_package():
    # setuptools copies an unnamed data folder anyway, with a warning that a later version may not
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
    excluded = {pattern.split("/")[0] for pattern in config["exclude-package-data"]["convstudio.resources"]}
    folders = {p.name for p in (ROOT / "resources").iterdir() if p.is_dir()} - excluded
    assert "data" in folders
    named = {name.removeprefix("convstudio.resources.") for name in config["packages"]}
    missing = ", ".join(f"convstudio.resources.{name}" for name in sorted(folders - named))
    assert not missing, f"pyproject.toml's [tool.setuptools] packages lack {missing}"
