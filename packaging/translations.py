"""Refresh the translations: the .ts sources from the code (pyside6-lupdate), then the .qm files the
app loads (pyside6-lrelease). Run after changing a user-visible string, translate what is new in the
.ts files (Qt Linguist, or any editor), and run again:

    python packaging/translations.py

tests/test_translations.py fails while a .ts is behind the code, a message is untranslated or a .qm
is behind its .ts.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FOLDER = ROOT / "resources" / "translations"
#: The languages ConvStudio ships besides English (convstudio.ui.language.SHIPPED).
LANGUAGES = ("de", "es")


def tool(name: str) -> str:
    """A PySide6 tool beside this Python (a venv's bin/ or Scripts/), else by its name on PATH."""
    here = Path(sys.executable).parent
    for candidate in (here / name, here / f"{name}.exe"):
        if candidate.is_file():
            return str(candidate)
    return name


def sources() -> list[str]:
    """Every Python file of the package, relative to the checkout, in a stable order."""
    return sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "convstudio").rglob("*.py"))


def update(ts: Path, *, drop_obsolete: bool = True) -> None:
    """Bring ``ts`` up to date with the code: new messages unfinished, the translations kept."""
    # _tr(): a module's own helper, read as tr(), which outside a class has no context (QCoreApplication.
    # translate("", text) at run time); tests/test_translations.py checks that every _tr() is so.
    options = ["-locations", "none", "-silent", "-tr-function-alias", "tr+=_tr"]
    options += ["-no-obsolete"] if drop_obsolete else []
    subprocess.run([tool("pyside6-lupdate"), *options, *sources(), "-ts", str(ts)], cwd=ROOT, check=True)


def release(ts: Path, qm: Path) -> None:
    """Compile ``ts`` to ``qm``: what QTranslator loads."""
    subprocess.run([tool("pyside6-lrelease"), "-silent", str(ts), "-qm", str(qm)], cwd=ROOT, check=True)


def main() -> int:
    for language in LANGUAGES:
        ts = FOLDER / f"convstudio_{language}.ts"
        update(ts)
        release(ts, ts.with_suffix(".qm"))
        print(ts.relative_to(ROOT), "and", ts.with_suffix(".qm").name)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
