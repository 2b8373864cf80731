"""File > Export > PyTorch script: the window's current iteration (weights, data, momentum) as the
script; a diverged iteration or a path that cannot be written is explained and writes nothing."""

from __future__ import annotations

import numpy as np
import pytest

from convstudio.ui import export
from tests.io.test_pytorch_script_text import data_of
from tests.ui.windows import open_window


@pytest.fixture
def window(qtbot):
    return open_window(qtbot, "bars-classifier")


def test_the_script_holds_the_current_iteration_with_its_momentum(window, tmp_path):
    s = window.session
    assert s.apply_spec(s.spec.replace(momentum=0.9))
    for _ in range(3):
        assert s.move("iteration", +1)
    assert s.edit("I", (0, 0, 1, 1), 0.5)  # an edit of the input: the export has it too
    it = s.trace.it
    assert it.number >= 2 and it.velocity
    assert export.pytorch(window, tmp_path / "now.py")
    assert window.statusBar().currentMessage() == "Exported now.py"
    text = (tmp_path / "now.py").read_text(encoding="utf-8")
    compile(text, "now.py", "exec")
    data = data_of(text)
    assert data["iteration"] == it.number + 1 and data["title"] == "Telling horizontal from vertical bars"
    assert data["x"][0][0][1][1] == 0.5 and np.array_equal(data["x"], s.x)
    assert np.array_equal(data["target"], s.target)
    for name, key in (("W", "0.weight"), ("b", "0.bias"), ("V", "4.weight"), ("c", "4.bias")):
        assert np.array_equal(data["params"][key], it.params[name]), name
        assert np.array_equal(data["state"][key + ".momentum_buffer"], it.velocity[name]), name
        np.testing.assert_allclose(data["expected"]["new_params"][key], it.new_params[name], rtol=1e-12)
    assert data["expected"]["loss"] == pytest.approx(it.loss, rel=1e-13)


def test_a_diverged_iteration_or_an_unwritable_path_is_explained(qtbot, tmp_path):
    window = open_window(qtbot)
    s = window.session
    assert s.edit("W", (0, 0, 0, 0), 1e200)
    assert not export.pytorch(window, tmp_path / "diverged.py")
    assert "diverged" in window.statusBar().currentMessage()
    assert s.undo_stack.undo() is None and np.isfinite(s.trace.it.loss)
    blocker = tmp_path / "blocker"
    blocker.write_text("a file, not a folder", encoding="utf-8")
    assert not export.pytorch(window, blocker / "x.py")
    message = window.statusBar().currentMessage()
    assert message.startswith("The PyTorch script could not be written:") and "blocker" in message
    assert sorted(p.name for p in tmp_path.iterdir()) == ["blocker"]
