"""The input panel draws a convolution's padding: the zero border around the input, the taps that
land in it outlined like any other cell, and the equation naming those zeros."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt

from convstudio.engine import lessons
from convstudio.engine.cursor import Cursor
from convstudio.engine.spec import Spec
from tests.ui.windows import open_window

PADDED_DEEP = """
title = "Padded"
[network]
input = { channels = 1, height = 4, width = 4 }
layers = [
  { type = "conv", filters = 1, kernel = 2, bias = false }, { type = "relu" },
  { type = "conv", filters = 1, kernel = 3, padding = 1, bias = false }, { type = "global_avg_pool" },
]
loss = "mse"
optimizer = { type = "sgd", lr = 0.1 }
[data]
input = [[1, 2, 0, 1], [0, 1, 2, 0], [2, 0, 1, 1], [1, 1, 0, 2]]
target = 2
[weights]
"0.weight" = [[1, -1], [0.5, 0.5]]
"2.weight" = [[1, 0.5, 0], [-0.5, 1, 0.25], [0, 1, -1]]
[text]
intro = "A padded second layer."
forward = "Its window reads zeros around a¹."
backward = "dL/dW² adds the zeros' terms too."
update = "Both filters step."
"""


def test_o13_of_the_stride_padding_dilation_lesson_outlines_its_three_padding_taps(qtbot):
    w = open_window(qtbot, "stride-padding-dilation")
    s = w.session
    view = w.tensors.view("I")
    x = lessons.load("stride-padding-dilation").x[0, 0]
    assert view.padding() == (1, 1) and view.values().shape == (7, 7)
    np.testing.assert_array_equal(view.values()[1:6, 1:6], x)
    assert not view.values()[[0, 6], :].any() and not view.values()[:, [0, 6]].any()
    s.go_to(Cursor(3, 0))  # just after o13 = 0·W11 + 0·W12 + I24·W21 + 0·W22
    assert w.equations.text().startswith("o13 = 0·W11 + 0·W12 + I24·W21 + 0·W22")
    reads = view.highlights()[0]
    # row 0 and column 6 are the padding; I24 is the input's row 2, column 4 (1-based)
    assert sorted(reads) == [(0, 4), (0, 6), (2, 4), (2, 6)]
    assert all(view.in_padding(*cell) for cell in [(0, 4), (0, 6), (2, 6)]) and not view.in_padding(2, 4)
    assert view.values()[2, 4] == x[1, 3]
    html = w.equations.body.text()
    assert "The zeros are padding: I<sub>04</sub>, I<sub>06</sub>, I<sub>26</sub>" in html
    assert view.tooltip_text(0, 4).startswith("Padding: 0")
    assert view.tooltip_text(2, 4).startswith("I24 = ")


def test_an_edit_of_the_padded_input_changes_the_cell_under_the_pointer_and_the_border_is_not_editable(qtbot):
    w = open_window(qtbot, "stride-padding-dilation")
    card = w.tensors.cards["I"]
    assert card.full_index("I", 2, 4) == (0, 0, 1, 3)
    card._edited("I", 2, 4, 9.0)
    assert w.session.x[0, 0, 1, 3] == 9.0 and w.tensors.view("I").values()[2, 4] == 9.0
    view = w.tensors.view("I")
    qtbot.mouseDClick(view, Qt.MouseButton.LeftButton, pos=view.cell_rect(0, 0).center().toPoint())
    assert view.editor() is None or not view.editor().isVisible()  # the padding stays zero
    qtbot.mouseDClick(view, Qt.MouseButton.LeftButton, pos=view.cell_rect(1, 1).center().toPoint())
    assert view.editor() is not None and view.editor().isVisible()  # the input's own cells do not


def test_a_padded_conv_layer_of_a_deep_network_draws_the_padding_of_its_input(qtbot, tmp_path):
    path = tmp_path / "padded.toml"
    path.write_text(PADDED_DEEP, encoding="utf-8")
    w = open_window(qtbot, None)
    assert w.open_path(path, raise_errors=True)
    s, panel = w.session, w.tensors
    assert s.deep
    assert panel.view("x").padding() == (0, 0)  # the first conv has none
    s.go_to(Cursor(s.trace.section_for("2:out").start + 1, 0))  # o²11, a 3x3 window over the padded a¹
    assert panel.focus == 2
    view = panel.view("1:out")
    assert view.padding() == (1, 1) and view.values().shape == (5, 5)
    np.testing.assert_array_equal(view.values()[1:4, 1:4], s.trace.values["1:out"][0, 0])
    reads = sorted(view.highlights()[0])
    assert reads == [(r, c) for r in range(3) for c in range(3)]  # five of them in the padding
    assert sum(view.in_padding(*cell) for cell in reads) == 5
    assert panel.view("d1:out").padding() == (0, 0)  # the gradient has no border
    assert "The zeros are padding: a<sup>1</sup><sub>00</sub>" in w.equations.body.text()


def test_a_gradient_over_many_padding_cells_names_the_first_and_counts_the_rest(qtbot):
    w = open_window(qtbot, "worked-example")
    s = w.session
    assert s.apply_spec(Spec(height=8, width=8, kernel=3, padding=1))
    s.go_to(Cursor(s.trace.section_for("dW").start + 1, 0))  # dL/dW11: W11 met row 0 and column 0
    html = w.equations.body.text()
    assert "The zeros are padding: I<sub>00</sub>, I<sub>01</sub>" in html and "and 9 more" in html
    view = w.tensors.view("I")
    assert sum(view.in_padding(*cell) for cell in view.highlights()[0]) == 15  # 8 + 8, the corner once
