"""The exported derivation states the worked example's numbers, and its script checks them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from convstudio.engine import lessons
from convstudio.io import derivation

ROOT = Path(__file__).resolve().parents[2]


def test_the_worked_example_derivation_and_its_script(tmp_path):
    written = derivation.write(lessons.load("worked-example"), tmp_path / "worked.md")
    assert [p.name for p in written] == ["worked.md", "worked_check.py"]
    text = written[0].read_text(encoding="utf-8")
    for needle in (
        r"o_{11} = I_{11} \cdot W_{11} + I_{12} \cdot W_{12} + I_{21} \cdot W_{21} + I_{22} \cdot W_{22}",
        "= -1\n",
        "= 0.625\n",
        "L = 0.140625",
        r"\frac{\partial L}{\partial W_{11}}",
        "= -0.75\n",
        "= -1.125\n",
        "= -0.8875\n",
    ):
        assert needle in text, needle
    assert text.count("$$") == 2 * 19  # 4 o, p, L, dL/dp, 4 dL/do, 4 dL/dW, 4 updates: every step
    out = subprocess.run([sys.executable, str(written[1])], capture_output=True, text=True, check=True)
    assert "every number of the derivation checks out" in out.stdout


def test_the_script_catches_a_wrong_number(tmp_path):
    _, script = derivation.write(lessons.load("worked-example"), tmp_path / "w.md")
    script.write_text(script.read_text().replace('"L": 0.140625', '"L": 0.15'))
    out = subprocess.run([sys.executable, str(script)], capture_output=True, text=True)
    assert out.returncode != 0 and "AssertionError: L" in out.stderr


def test_long_sections_are_cut_and_counted(tmp_path):
    (md,) = derivation.write(lessons.load("bars-classifier"), tmp_path / "bars.md")
    text = md.read_text(encoding="utf-8")
    assert "more elements of this section" in text
    assert "## Backward" in text and "## Update" in text


def test_the_command_line_writes_it_and_reports_errors(tmp_path):
    out = tmp_path / "d.md"
    run = [sys.executable, "-m", "convstudio"]
    ok = subprocess.run(
        [*run, "--lesson", "worked-example", "--export-derivation", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert ok.returncode == 0, ok.stderr
    assert "W_{12}" in out.read_text(encoding="utf-8")
    bad = subprocess.run(
        [*run, "--lesson", "nope", "--export-derivation", str(out)], cwd=ROOT, capture_output=True, text=True
    )
    assert bad.returncode == 2
    assert bad.stderr.startswith('error: there is no lesson "nope"') and len(bad.stderr.splitlines()) == 1


@pytest.mark.parametrize("name", lessons.available())
def test_every_lesson_exports(tmp_path, name):
    written = derivation.write(lessons.load(name), tmp_path / f"{name}.md")
    assert written[0].stat().st_size > 500
