"""A highlighted cell's number stays clear of its border, the inline editor is readable and leaves
the row numbers in view, and colour-bar labels keep apart at projector sizes."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtGui import QFont, QFontMetricsF

from convstudio.ui.look import theme
from convstudio.ui.widgets.matrix_view import MatrixView, highlight_pen

DW = np.array([[-0.75, -1.125], [-0.75, -0.9375]])  # the worked example's dL/dW


@pytest.fixture
def view(qtbot, qapp):
    theme.apply(qapp)
    view = MatrixView()
    qtbot.addWidget(view)
    yield view
    theme.set_projector(qapp, False)


@pytest.mark.parametrize("side", [70, 90, 120, 160, 200, 260])
@pytest.mark.parametrize("projector", [False, True])
def test_the_written_cells_number_clears_its_border(qapp, view, side, projector):
    theme.set_projector(qapp, projector)
    view.setFont(qapp.font())
    view.resize(side, side)
    view.set_matrix(DW)
    view.set_highlights(writes=[(1, 1)])
    cell = view._layout().cell
    size = view.font_size_for(cell)
    if size is None:
        return  # no numbers at this size
    font = QFont(view.font())
    font.setPointSizeF(size)
    text = view._cell_text(1, 1)
    assert text in ("−0.9375", "−0.938")
    border = highlight_pen("writes", cell).widthF()
    assert QFontMetricsF(font).horizontalAdvance(text) + 2 * border + 2 <= cell


@pytest.mark.parametrize("projector", [False, True])
def test_the_inline_editor_is_as_large_as_the_numbers_and_leaves_the_row_numbers(qapp, view, projector):
    theme.set_projector(qapp, projector)
    view.setFont(qapp.font())
    view.resize(160, 160)
    view.set_matrix(DW)
    view.set_editable(True)
    view.show()
    editor = view.open_editor(1, 0)
    layout = view._layout()
    assert editor.font().pointSizeF() >= view.font().pointSizeF()
    assert editor.font().pointSizeF() >= (view.font_size_for(layout.cell) or 0)
    assert editor.geometry().left() >= layout.grid.left() - 1  # the row number "2" stays in view
    assert QFontMetricsF(editor.font()).horizontalAdvance(editor.text()) < editor.width()


@pytest.mark.parametrize("width", [120, 160, 200, 260, 400])
def test_colour_bar_labels_keep_two_spaces_apart_in_projector_mode(qapp, view, width):
    theme.set_projector(qapp, True)
    view.setFont(qapp.font())
    view.set_matrix(np.array([[-1.075, 0.5], [1.075, 0.0]]))
    fm = QFontMetricsF(view.font())
    texts = view.legend_texts(float(width), fm)
    gap = fm.horizontalAdvance("  ")
    if len(texts) == 3:
        low, zero, high = (fm.horizontalAdvance(t) for t in texts)
        assert low + gap <= width / 2 - zero / 2 and high + gap <= width / 2 - zero / 2
    else:
        assert texts[0].startswith("±") and fm.horizontalAdvance(texts[0]) <= width
    if width >= 260:
        assert texts == ("−1.075", "0", "1.075")


def test_a_tensor_that_is_never_negative_gets_a_colour_bar_from_zero(view):
    view.resize(200, 160)
    view.set_matrix(np.array([[0.140625]]), signed=False)
    fm = QFontMetricsF(view.font())
    assert view.legend_texts(200.0, fm) == ("0", "", "0.1406")
    view.set_matrix(np.array([[0.140625]]))
    assert view.legend_texts(200.0, fm) == ("−0.1406", "0", "0.1406")


def test_the_loss_and_a_relus_outputs_are_never_negative_and_a_plain_convolution_may_be(qtbot):
    from convstudio.engine.model import Spec
    from convstudio.ui.panels.tensor_panel import never_negative
    from tests.ui.windows import open_window

    assert never_negative(Spec(), "L") and not never_negative(Spec(), "p") and not never_negative(Spec(), "o")
    relu = Spec(activation="relu", pooling="max")
    assert never_negative(relu, "a") and never_negative(relu, "p") and not never_negative(relu, "dp")
    window = open_window(qtbot)
    window.session.move("phase", +1)  # the forward pass done: L is known
    loss = window.tensors.view("L")
    fm = QFontMetricsF(loss.font())
    assert loss.legend_texts(loss._layout().legend.width(), fm)[0] == "0"


def test_short_titles_keep_the_symbol_and_nothing_that_is_not_one():
    from convstudio.ui.look.short_text import short_titles

    assert short_titles("Output o = I ⋆ W") == ["Output o", "o"]
    assert short_titles("Pooled p") == ["p"]
    assert short_titles("dL/dp") == []
    assert short_titles("layer 3's input") == []  # its last word is no symbol


def test_a_narrow_views_title_gives_up_its_name_before_it_is_cut(qapp, view):
    """The worked example's "Pooled p" read "Pooled…" at 1024x768 in projector mode."""
    view.set_matrix(np.array([[0.625]]))
    view.set_title("Pooled p", "p11 = 0.625")
    bold = QFont(view.font())
    bold.setBold(True)
    metrics = QFontMetricsF(bold)
    view.resize(int(metrics.horizontalAdvance("Pooled p")) + 60, 120)
    assert view.painted_title() == "Pooled p"
    view.resize(int(metrics.horizontalAdvance("Pooled p")) - 4, 120)
    assert view.painted_title() == "p"
    assert view.title() == "Pooled p"  # what hover and the accessible table give
