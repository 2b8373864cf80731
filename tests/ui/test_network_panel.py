"""The network strip: lit where the step works, values flow forward, gradients back, clicks jump."""

from __future__ import annotations

import math

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt

from convstudio.ui.panels.network_panel import NetworkPanel
from tests.ui.windows import open_window


def _panel(qtbot, name):
    window = open_window(qtbot, size=(1280, 800))
    window.open_lesson(name, raise_errors=True)
    panel = window.network_dock.widget()
    assert isinstance(panel, NetworkPanel)
    return window.session, panel


def _titles(panel):
    return [box.title for box in panel.strip.boxes]


def test_the_strip_holds_the_input_every_layer_and_the_loss(qtbot):
    _, panel = _panel(qtbot, "bars-classifier")
    assert _titles(panel) == ["input", "conv", "ReLU", "max pool", "flatten", "dense", "loss"]
    assert [box.shape for box in panel.strip.boxes[:-1]] == ["1×6×6", "2×4×4", "2×4×4", "2×2×2", "8", "2"]
    assert panel.strip.lit is None  # no step yet


def test_the_lit_box_follows_the_step_forward_then_back(qtbot):
    session, panel = _panel(qtbot, "bars-classifier")
    seen = []
    for _ in range(9):
        session.move("layer", 1)
        seen.append((panel.strip.boxes[panel.strip.lit].title, panel.strip.flow))
    assert seen[:6] == [
        ("conv", "forward"),
        ("ReLU", "forward"),
        ("max pool", "forward"),
        ("dense", "forward"),
        ("loss", "forward"),
        ("loss", "forward"),
    ]
    assert seen[6] == ("dense", "backward")  # dL/ds: the gradient arrives at the head's output
    assert all(flow == "backward" for _, flow in seen[6:])


def test_pictures_fill_as_the_pass_computes_them(qtbot):
    session, panel = _panel(qtbot, "worked-example")
    conv = panel.strip.boxes[1]
    assert np.isnan(conv.picture).all()  # nothing computed yet
    session.move("element", 1)
    conv = panel.strip.boxes[1]
    assert np.isfinite(conv.picture).sum() == 1  # o11 only
    assert conv.picture[0, 0] == pytest.approx(-1.0)
    session.move("phase", 1)  # the whole forward pass
    assert "L = 0.1406" in panel.strip.boxes[-1].shape
    session.move("element", 1)  # the first backward step: dL/dp
    assert panel.strip.flow == "backward"
    assert np.isnan(panel.strip.boxes[1].picture).all()  # dL/do not computed yet


def test_clicking_a_layer_moves_the_cursor_to_its_first_step_of_the_phase(qtbot):
    session, panel = _panel(qtbot, "bars-classifier")
    panel.strip.repaint()
    rect = panel.strip._layout()[3]  # max pool
    qtbot.mouseClick(
        panel.strip, Qt.MouseButton.LeftButton, pos=QPoint(int(rect.center().x()), int(rect.center().y()))
    )
    assert session.step.tensor == "p" and session.step.index == (0, 0, 0, 0)
    assert panel.strip.focused == 2
    session.move("phase", 1)  # to the end of the forward pass
    session.move("element", 1)  # the first backward step
    panel.go_to_layer(0)
    assert session.step.phase == "backward" and session.step.tensor in ("do", "dW")


def test_one_step_paints_the_strip_once_and_a_screen_reader_hears_where(qtbot):
    session, panel = _panel(qtbot, "worked-example")
    qtbot.wait(20)
    before = panel.strip.paints
    session.move("element", 1)
    qtbot.wait(50)
    assert panel.strip.paints == before + 1
    assert "layer 1, conv" in panel.strip.accessibleDescription()
    assert "current step works here" in panel.strip.accessibleDescription()
    assert panel.strip.accessibleName()
    assert math.isnan(float(np.asarray(session.value("L"))))  # the loss box waits for the forward
