"""The crossing view on a deep network: where the backward pass passes from a layer into the one
below, the tensor panel shows the one gradient under both names, and the equation panel says so."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtGui import QFont, QFontMetricsF
from PySide6.QtWidgets import QApplication, QLabel

from convstudio.engine.cursor import Cursor
from convstudio.ui.widgets.matrix_painting import NOTE_SCALE
from tests.ui.windows import open_window


def _after(w, tensor: str, k: int = 1) -> None:
    """Put the cursor just after the ``k``-th step that writes ``tensor``."""
    s = w.session
    s.go_to(Cursor(s.trace.section_for(tensor).start + k, 0))


def test_at_the_crossing_both_views_show_the_trace_s_dl_da1_and_the_equation_states_it(qtbot):
    w = open_window(qtbot, "two-conv-layers")
    s, panel = w.session, w.tensors
    card = panel.crossing_card
    _after(w, "d2.weight", 4)  # the last dL/dW² cell: no crossing yet
    assert panel._crossing is None and not card.isVisible()
    _after(w, "d1:out", 2)  # layer 3 (the second conv) has written dL/da¹11 and dL/da¹12
    assert panel.focus == 2 and card.isVisible()
    expected = s.trace.grads["d1:out"][0, 0]
    upper, lower = card.upper.values(), card.lower.values()
    np.testing.assert_array_equal(upper, lower)
    np.testing.assert_array_equal(upper[0, :2], expected[0, :2])
    assert np.isnan(upper[0, 2]) and np.isnan(upper[2, 2])  # not computed yet, in either view
    assert card.upper.title() == "dL/dI²" and card.lower.title() == "dL/da¹"
    assert card.upper.highlights()[1] == card.lower.highlights()[1] == [(0, 1)]  # the cell just written
    equation = card.equation.text()
    assert "0.515625" in equation and expected[0, 1] == 0.515625
    assert "I<sup>2</sup><sub>12</sub>" in equation and "a<sup>1</sup><sub>12</sub>" in equation
    crossing = "dL/dI<sup>2</sup><sub>12</sub> = dL/da<sup>1</sup><sub>12</sub> = 0.515625"
    assert crossing in w.equations.body.text()

    _after(w, "d0:out", 5)  # into layer 2 (the first ReLU): the crossing stays in view
    assert panel.focus == 1 and card.isVisible()
    np.testing.assert_array_equal(card.upper.values(), expected)
    np.testing.assert_array_equal(card.lower.values(), expected)
    assert "dL/da<sup>1</sup><sub>22</sub> = 0.515625" in card.equation.text()  # the cell it reads

    _after(w, "d0.weight")  # layer 1's filter gradient: past the crossing
    assert panel._crossing is None and not card.isVisible()
    assert "dL/dI" not in w.equations.body.text()


def test_the_crossing_follows_the_layer_in_focus_when_follow_is_off(qtbot):
    w = open_window(qtbot, "two-conv-layers")
    panel = w.tensors
    panel.follow.setChecked(False)
    _after(w, "d1:out", 3)
    assert panel.focus == 0 and not panel.crossing_card.isVisible()  # layer 1 is not at the crossing
    w.session.set_focus(2)
    assert panel.crossing_card.isVisible()
    np.testing.assert_array_equal(
        panel.crossing_card.lower.values()[0], w.session.trace.grads["d1:out"][0, 0, 0]
    )


def test_a_layer_without_parameters_has_no_parameters_column(qtbot):
    w = open_window(qtbot, "two-conv-layers")
    panel = w.tensors

    def headings() -> list[str]:
        return [
            label.text() for label in panel.groups_box.findChildren(QLabel, "column") if label.isVisible()
        ]

    assert "<b>Parameters</b>" in headings()  # layer 1, a conv
    w.session.set_focus(1)  # the ReLU
    assert "<b>Parameters</b>" not in headings() and "<b>Outputs</b>" in headings()


@pytest.mark.parametrize(("size", "projector"), [((1024, 768), True), ((1280, 800), False)])
def test_the_crossing_views_say_which_layer_each_name_belongs_to_in_full(qtbot, size, projector):
    app = QApplication.instance()
    font = app.font()
    w = open_window(qtbot, "two-conv-layers", size=size)
    try:
        w.set_projector(projector)
        _after(w, "d1:out", 2)
        card = w.tensors.crossing_card
        qtbot.waitUntil(card.isVisible)
        qtbot.wait(50)
        for view, note in ((card.upper, "layer 3's input"), (card.lower, "layer 2's output")):
            assert view.note() == note and view.note_below  # on a line of its own, under the name
            small = QFont(view.font())
            small.setPointSizeF(view.font().pointSizeF() * NOTE_SCALE)
            bold = QFont(view.font())
            bold.setBold(True)
            assert QFontMetricsF(small).horizontalAdvance(note) <= view.width(), note  # not cut short
            assert QFontMetricsF(bold).horizontalAdvance(view.title()) <= view.width()
            layout = view._layout()  # the grid starts below both lines
            assert layout.title_h >= QFontMetricsF(view.font()).height() * (1 + NOTE_SCALE)
    finally:
        w.set_projector(False)
        app.setFont(font)
