"""The lint and type checks the project keeps clean, run where CI runs the tests."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run(*command: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", *command], cwd=ROOT, capture_output=True, text=True)


def test_ruff_finds_nothing_to_fix():
    lint = run("ruff", "check", "--no-cache", ".")
    assert lint.returncode == 0, lint.stdout + lint.stderr
    layout = run("ruff", "format", "--check", "--no-cache", ".")
    assert layout.returncode == 0, layout.stdout + layout.stderr


def test_the_engine_type_checks_strictly(tmp_path):
    types = run("mypy", "--cache-dir", str(tmp_path))  # [tool.mypy] in pyproject.toml: strict, the engine
    assert types.returncode == 0, types.stdout + types.stderr


def test_every_import_follows_the_layers():
    """app > ui > session > io > engine; the engine imports no Qt; panels and instruments apart."""
    contracts = subprocess.run(
        [str(Path(sys.executable).with_name("lint-imports")), "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert contracts.returncode == 0, contracts.stdout + contracts.stderr
    assert "0 broken" in contracts.stdout
