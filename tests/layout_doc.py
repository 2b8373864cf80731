"""The package's layout, one line a file: its path and the first paragraph of its docstring.

python -m tests.layout_doc > LAYOUT.md      (tests/test_layout_doc.py checks it is current)
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "convstudio"
LAYERS = ("app", "ui", "session", "io", "engine")  # each imports only those after it


def summary(path: Path) -> str:
    """The first paragraph of the module's docstring, on one line ("" when it has none)."""
    doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")))
    return " ".join(doc.strip().split("\n\n")[0].split()) if doc else ""


def folder_summary(folder: Path) -> str:
    init = folder / "__init__.py"
    return summary(init) if init.exists() else ""


def lines() -> list[str]:
    out = [
        "# ConvStudio's layout",
        "",
        "One line a file: its path and the first paragraph of its docstring. Layers, top to bottom: the app",
        "(`app.py`, `cli.py`, `headless.py`, `__main__.py`), `ui`, `session`, `io`, `engine`; each imports",
        "only those below it (the import-linter contracts in `pyproject.toml`, run by the tests).",
        "Regenerate with `python -m tests.layout_doc > LAYOUT.md`.",
        "",
    ]
    for folder in sorted({p.parent for p in PACKAGE.rglob("*.py")}, key=lambda p: p.parts):
        rel = folder.relative_to(ROOT).as_posix()
        about = folder_summary(folder)
        out.append(f"## `{rel}/`" + (f": {about}" if about else ""))
        out.append("")
        for path in sorted(folder.glob("*.py")):
            if path.name == "__init__.py":
                continue
            out.append(f"- `{path.name}`: {summary(path)}")
        out.append("")
    return out


if __name__ == "__main__":
    print("\n".join(lines()).rstrip())
