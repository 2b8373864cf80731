"""Stepping by layer or phase shows the whole result in the equation panel, not its last element."""

from __future__ import annotations

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
