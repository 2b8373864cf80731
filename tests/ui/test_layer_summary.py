"""Stepping by layer or phase shows the whole result in the equation panel, not its last element."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from tests.ui.windows import open_window


def test_a_step_by_layer_shows_dl_dw2_whole_and_a_step_by_element_its_element_again(qtbot):
    w = open_window(qtbot, "two-conv-layers")
    s = w.session
    while s.step is None or s.step.tensor != "d2.weight":
        assert s.move("layer", +1)
    html = w.equations.body.text()
    assert "dL/dW² = a¹ ⋆ dL/do² =" in html
    for shown in ("1.203", "2.234", "1.375"):  # every cell, not only dL/dW²22
        assert shown in html
    assert w.equations.header.text() == s.step.section.title
    assert s.move("element", +1)  # dL/da¹11
    assert "dL/dW² = a¹" not in w.equations.body.text() and "0.34375" in w.equations.text()


def test_a_step_by_phase_shows_the_phase_s_last_layers_and_going_back_by_element_does_not(qtbot):
    w = open_window(qtbot, "two-conv-layers")
    s = w.session
    assert s.move("phase", +1) and s.move("phase", +1)  # the forward pass, then the backward pass
    html = w.equations.body.text()
    for shown in ("dL/da¹ = dL/do² ∗ W²", "dL/do¹ = dL/da¹ ⊙ relu′(o¹)", "dL/dW¹ = I ⋆ dL/do¹", "2.406"):
        assert shown in html
    assert "backward" in w.equations.header.text()
    assert s.move("element", -1)
    assert "dL/dW¹ = I ⋆" not in w.equations.body.text()


def test_copy_after_a_step_by_layer_copies_the_summary_shown_with_its_numbers(qtbot):
    w = open_window(qtbot, "two-conv-layers")
    s = w.session
    while s.step is None or s.step.tensor != "d2.weight":
        assert s.move("layer", +1)
    QGuiApplication.clipboard().clear()
    qtbot.mouseClick(w.equations.copy_button, Qt.MouseButton.LeftButton)
    copied = QGuiApplication.clipboard().text()
    text, latex = copied.split("\n\n")
    assert text == "dL/dW² = a¹ ⋆ dL/do² = [[1.203, 2.234], [0, 1.375]]"  # every cell, as shown
    assert latex.startswith(
        r"\frac{\partial L}{\partial W^{2}} = a^{1} \star \frac{\partial L}{\partial o^{2}} ="
    )
    assert r"\begin{bmatrix} 1.203 & 2.234 \\ 0 & 1.375 \end{bmatrix}" in latex
    assert "dL/dW²22" not in copied  # not the last element's equation
    assert w.equation_line.text() == text  # the status bar's line (and screen readers) follow
    assert s.move("element", +1)  # dL/da¹11: its own equation again
    qtbot.mouseClick(w.equations.copy_button, Qt.MouseButton.LeftButton)
    assert QGuiApplication.clipboard().text().startswith("dL/da¹11 = ")


def test_copy_after_a_step_by_phase_copies_each_layer_the_panel_shows(qtbot):
    w = open_window(qtbot, "two-conv-layers")
    s = w.session
    assert s.move("phase", +1) and s.move("phase", +1)  # through the backward pass
    w.equations.copy()
    lines = QGuiApplication.clipboard().text().split("\n\n")[0].splitlines()
    assert [line.split(" = ")[0] for line in lines] == ["dL/da¹", "dL/do¹", "dL/dW¹"]
    assert lines[-1] == "dL/dW¹ = I ⋆ dL/do¹ = [[2.406, 0.3438], [1.031, 2.234]]"
    shown = set(re.findall(r"−?[\d.]+", w.equations.body.text().replace("&nbsp;", " ")))
    for line in lines:  # the numbers of each, as the panel prints them
        copied = re.findall(r"−?[\d.]+", line.split(" = ")[-1])
        assert len(copied) == (9 if "¹ = dL" in line else 4)
        assert set(copied) <= shown, set(copied) - shown
