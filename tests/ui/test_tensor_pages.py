"""The tensor panel keeps each layer's cards while the network stays the same: following the step
back into a layer shows its cards again, with the values of the step, and a changed network gets
new ones."""

from __future__ import annotations

import numpy as np

from convstudio.engine.cursor import Cursor
from tests.ui.windows import open_window


def test_a_layer_shown_again_has_the_same_cards_with_the_values_of_the_step(qtbot):
    w = open_window(qtbot, "two-conv-layers")
    s, panel = w.session, w.tensors
    first = panel.view("x")
    s.go_to(Cursor(s.trace.section_for("2:out").start + 1, 0))  # the focus follows into layer 3
    assert panel.focus == 2 and "x" not in {n for c in panel.cards.values() for n in c.views}
    s.go_to(Cursor(s.trace.section_for("0:out").start + 2, 0))  # back in layer 1
    assert panel.focus == 0
    again = panel.view("x")
    assert again is first and again.isVisible()
    out = panel.view("0:out").values()
    expected = s.trace.values["0:out"][0, 0]
    np.testing.assert_array_equal(out[0, :2], expected[0, :2])  # the two cells written so far
    assert np.isnan(out[0, 2])


def test_a_changed_network_gets_new_cards(qtbot):
    w = open_window(qtbot, "two-conv-layers")
    s, panel = w.session, w.tensors
    first = panel.view("x")
    network = dict(s.network, layers=[*s.network["layers"][:-1]])
    network["layers"][0] = dict(network["layers"][0], padding=1)
    assert s.apply_network(network, len(s.x))
    assert panel.view("x") is not first
    assert panel.view("x").isVisible()
