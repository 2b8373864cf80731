"""Exports of a deep session from the window, at a later iteration (Adam's state, batch norm's
running statistics): the derivation and its script, the panels, the PyTorch script's numbers."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest
from PySide6.QtGui import QImage

from convstudio.ui import export
from tests.io.test_pytorch_script_text import data_of
from tests.ui.windows import open_window


@pytest.mark.parametrize("lesson", ["adam-vs-sgd", "batch-norm", "two-conv-layers"])
def test_a_deep_sessions_later_iteration_exports_with_its_state(qtbot, tmp_path, lesson):
    window = open_window(qtbot, lesson)
    s = window.session
    s.move("iteration", +1)
    s.move("iteration", +1)
    s.move("element", +1)  # into iteration 3: its weights and the optimiser's state are two updates on
    assert s.iteration == 2 and s.deep
    assert export.derivation(window, tmp_path / "deep.md")
    text = (tmp_path / "deep.md").read_text(encoding="utf-8")
    assert "training iteration 3" in text
    for section in s.trace.sections:
        assert section.title in text
    run = subprocess.run([sys.executable, str(tmp_path / "deep_check.py")], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert export.panels(window, tmp_path / "panels.png")
    assert not QImage(str(tmp_path / "panels.png")).isNull()
    assert export.pytorch(window, tmp_path / "check.py")
    script = (tmp_path / "check.py").read_text(encoding="utf-8")
    data = data_of(script)
    assert data["iteration"] == 3
    expected = data["expected"]
    assert expected["loss"] == pytest.approx(s.trace.it.loss, rel=1e-15, abs=0)
    for key, value in s.trace.rec.result.grads.items():
        np.testing.assert_allclose(np.asarray(expected["grads"][key]), value, rtol=1e-15, atol=0)
    if s.network["optimizer"]["type"] == "adam" or any("running" in k for k in s.trace.rec.state):
        assert data["state"]  # the state the iteration started from is in the script


@pytest.mark.parametrize("lesson", ["adam-vs-sgd", "batch-norm"])
def test_pytorch_agrees_with_a_deep_sessions_later_iteration(qtbot, tmp_path, lesson):
    pytest.importorskip("torch")
    window = open_window(qtbot, lesson)
    s = window.session
    s.move("iteration", +1)
    s.move("iteration", +1)
    assert export.pytorch(window, tmp_path / "check.py")
    run = subprocess.run(
        [sys.executable, "check.py"], cwd=tmp_path, capture_output=True, text=True, timeout=600
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert "PyTorch computes the numbers ConvStudio shows" in run.stdout
