"""The convolution as a dense layer, as a student sees it: the worked example's 4 x 9 matrix with its
tied weights in their colours, dL/dW as a sum over the places a weight sits (equal to backprop),
the cursor followed, padding, channels and a batch, every lesson, and a 64x64 image."""

from __future__ import annotations

import time

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QPalette

from convstudio.engine import lessons, ops
from convstudio.engine.cursor import Cursor
from convstudio.engine.notation import number
from convstudio.engine.spec import Spec
from convstudio.engine.unroll import Unrolled
from convstudio.ui.instruments.unrolled.tap_colours import OKABE_ITO, TOL_MUTED, tap_colors
from convstudio.ui.instruments.unrolled.view import UnrolledView
from convstudio.ui.look import colors
from tests.ui.windows import open_window

# the worked example: o = M · vec(I)
M = np.array(
    [
        [0.5, -1, 0, 1, 0.5, 0, 0, 0, 0],
        [0, 0.5, -1, 0, 1, 0.5, 0, 0, 0],
        [0, 0, 0, 0.5, -1, 0, 1, 0.5, 0],
        [0, 0, 0, 0, 0.5, -1, 0, 1, 0.5],
    ]
)


@pytest.fixture
def window(qtbot):
    return open_window(qtbot, size=(1400, 900))


def open_view(window) -> UnrolledView:
    view = window.show_instrument("unrolled").panel
    assert isinstance(view, UnrolledView)
    return view


def pixel(view: UnrolledView, row: int, col: int) -> QColor:
    """The colour painted in an entry of M, away from its label, grid and outline."""
    image = view.matrix.grab().toImage()
    rect = view.matrix.entry_rect(row, col)
    return image.pixelColor(
        QPoint(int(rect.left() + rect.width() * 0.5), int(rect.top() + rect.height() * 0.86))
    )


def test_the_worked_example_as_a_four_by_nine_matrix(qtbot, window):
    view = open_view(window)
    m = view.matrix
    assert m.unrolled.shape == (4, 9)
    assert m.zoom >= 20  # fitted to the dock: the labels show
    _, taps = m.colours(np.arange(4), np.arange(9))
    np.testing.assert_array_equal(taps >= 0, M != 0)
    np.testing.assert_array_equal(np.where(taps >= 0, m.weights[taps], 0), M)
    assert m.labels == ["W11", "W12", "W21", "W22"]
    # vec(I)ᵀ above the columns, o = M · vec(I) and dL/do beside the rows
    np.testing.assert_array_equal(m.top.values, [1, 2, 0, 0, 1, 3, 2, 1, 0])
    assert [s.title for s in m.right] == ["o", "dL/do"]
    np.testing.assert_array_equal(m.right[0].values, M @ m.top.values)
    np.testing.assert_array_equal(m.right[0].values, [-1, 3.5, 1.5, -1.5])
    np.testing.assert_array_equal(m.right[1].values, np.full(4, -0.1875))
    # W11 is selected at first: its gradient is the sum of dL/dM over its four places
    assert view.tap == 0
    assert view.gradient_sum == view.backprop_value == -0.75
    text = view.equation.text()
    assert "sits in 4 places" in text
    assert "(−0.1875)·1 + (−0.1875)·2 + (−0.1875)·0 + (−0.1875)·1" in text
    assert "= <b>−0.75</b>; backprop's dL/dW<sub>11</sub> = <b>−0.75</b> (the same number)" in text
    assert "36 free weights" in view.text.text() and "dL/dM = dL/do · vec(I)ᵀ" in view.text.text()
    # the colours: every W_mn its own, zeros blank; selecting one fades the others
    view.select(None)
    base = view.palette().color(QPalette.ColorRole.Base)
    expected_colours = {(0, 0): OKABE_ITO[0], (1, 1): OKABE_ITO[0], (0, 1): OKABE_ITO[1],
                        (2, 7): OKABE_ITO[3], (0, 2): base.name(), (3, 0): base.name()}  # fmt: skip
    for (row, col), expected in expected_colours.items():
        assert pixel(view, row, col).name() == QColor(expected).name(), (row, col)
    view.select(0)
    assert pixel(view, 3, 4).name() == QColor(OKABE_ITO[0]).name()
    faded = pixel(view, 0, 1)
    assert faded.name() != QColor(OKABE_ITO[1]).name() and faded.name() != base.name()
    assert view.legend.labels == m.labels and view.legend.selected == 0
    np.testing.assert_array_equal(view.legend.values, [0.5, -1, 1, 0.5])


def test_clicks_and_the_cursor_choose_the_weight_and_the_row(qtbot, window):
    view = open_view(window)
    m = view.matrix
    qtbot.mouseClick(m, Qt.MouseButton.LeftButton, pos=m.entry_rect(2, 4).center().toPoint())  # W12
    assert view.tap == 1 and view.gradient_sum == view.backprop_value == -1.125
    qtbot.mouseClick(m, Qt.MouseButton.LeftButton, pos=m.entry_rect(2, 2).center().toPoint())  # a zero
    assert view.tap == 1
    legend = view.legend
    qtbot.mouseClick(legend, Qt.MouseButton.LeftButton, pos=legend.tap_rect(3).center().toPoint())  # W22
    assert view.tap == 3 and view.gradient_sum == -0.9375 and m.selected == 3
    s = window.session
    # adding dL/dW12 term by term: the third term is output o21's, the matrix's row 3
    start = s.trace.find("dW", (0, 0, 0, 1))
    s.go_to(Cursor(start, 3))
    assert view.tap == 1 and m.marked_row == 2
    assert (
        "Row o21 of M · vec(I) = W11·I21 + W12·I22 + W21·I31 + W22·I32 = <b>1.5</b>" in view.equation.text()
    )
    # the forward step o12 is row 2 of M times vec(I)
    s.go_to(Cursor(2, 0))
    assert m.marked_row == 1 and view.tap == 1
    assert (
        "Row o12 of M · vec(I) = W11·I12 + W12·I13 + W21·I22 + W22·I23 = <b>3.5</b>" in view.equation.text()
    )
    # the update of W22
    s.go_to(Cursor(len(s.trace), 0))
    assert view.tap == 3 and m.marked_row is None
    view.follow.setChecked(False)
    s.go_to(Cursor(start + 1, 0))
    assert view.tap == 3
    # new data: vec(I), o, dL/do and the sum follow it
    assert s.edit("I", (0, 0, 0, 1), 7.0)
    assert m.top.values[1] == 7
    np.testing.assert_array_equal(m.right[0].values, M @ m.top.values)
    assert view.gradient_sum == pytest.approx(s.trace.grads["dW"][0, 0, 1, 1], abs=1e-15)
    assert view.gradient_sum != -0.9375


def test_stride_padding_dilation_channels_and_a_batch(qtbot, window):
    view = open_view(window)
    assert window.open_lesson("stride-padding-dilation")
    m = view.matrix
    assert m.unrolled.shape == (9, 49) and view.padding_box.isVisibleTo(view)
    trace = window.session.trace
    for tap in range(4):
        view.select(tap)
        assert view.gradient_sum == pytest.approx(trace.grads["dW"][(0, 0, *divmod(tap, 2))], abs=1e-15)
    view.select(0)
    assert "sits in 9 places (5 of them on the padding, where it meets a 0)" in view.equation.text()
    view.select(None)
    padding = view.palette().color(QPalette.ColorRole.AlternateBase).name()
    assert pixel(view, 4, 0).name() == padding  # a padding column, no weight there
    assert pixel(view, 4, 8).name() != padding  # an image cell
    view.padding_box.setChecked(False)  # the image's own 25 cells: the taps on the padding are gone
    assert m.unrolled.shape == (9, 25)
    view.select(0)
    assert "sits in 4 places" in view.equation.text()
    assert view.gradient_sum == pytest.approx(trace.grads["dW"][0, 0, 0, 0], abs=1e-15)
    np.testing.assert_array_equal(m.right[0].values, trace.values["o"][0, 0].ravel())
    # three channels, two filters, two images
    assert window.open_lesson("rgb")
    assert [view.boxes[k].isVisibleTo(view) for k in ("filter", "channel", "image")] == [True] * 3
    trace = window.session.trace
    b = trace.values["b"]
    for f in range(2):
        for n in range(2):
            view.boxes["filter"].setValue(f + 1)
            view.boxes["image"].setValue(n + 1)
            parts = []
            for c in range(3):
                view.boxes["channel"].setValue(c + 1)
                assert [s.title for s in m.right] == [f"M{c + 1}·vec(I{c + 1})", "o", "dL/do"]
                parts.append(m.right[0].values)
                for tap in (0, 3):
                    view.select(tap)
                    expected = trace.grads["dW"][(f, c, *divmod(tap, 2))]
                    assert view.gradient_sum == pytest.approx(expected, rel=1e-12, abs=1e-15)
            # o = M1·vec(I1) + M2·vec(I2) + M3·vec(I3) + b
            np.testing.assert_allclose(np.sum(parts, axis=0) + b[f], m.right[1].values, rtol=1e-12)
            np.testing.assert_array_equal(m.right[1].values, trace.values["o"][n, f].ravel())
    assert "in each of the 2 images" in view.equation.text()
    # coloured by dL/dM: image 2's outer product of dL/do and vec(I), where weights sit
    view.colour_box.setCurrentIndex(1)
    rows, cols = np.arange(9), np.arange(16)
    rgba, taps = m.colours(rows, cols)
    dout, vec = trace.grads["do"][1, 1].ravel(), trace.values["I"][1, 2].ravel()
    outer = np.outer(dout, vec)
    expected = colors.diverging(outer, float(np.abs(dout).max() * np.abs(vec).max()))
    mine = (taps == view.tap)[..., None]
    np.testing.assert_array_equal(np.where(mine, rgba, 0), np.where(mine, expected, 0))


@pytest.mark.parametrize("name", lessons.available())
def test_every_lesson_sums_to_backprop(qtbot, window, name):
    view = open_view(window)
    assert window.open_lesson(name)
    spec = window.session.spec
    g = spec.conv_geometry()
    assert view.matrix.unrolled.shape == (g.Ho * g.Wo, g.Hp * g.Wp)
    trace = window.session.trace
    kh, kw = spec.kernel
    for tap in range(kh * kw):
        view.select(tap)
        expected = trace.grads["dW"][(view.filter, view.channel, *divmod(tap, kw))]
        assert view.gradient_sum == pytest.approx(expected, rel=1e-12, abs=1e-15)
    assert len({c.name() for c in tap_colors(kh * kw)}) == min(kh * kw, 9)


def test_big_images_are_painted_from_what_shows(qtbot, window):
    view = open_view(window)
    s = window.session
    assert s.apply_spec(Spec(height=28, width=28, kernel=(3, 3), padding=(1, 1), pooling="none"))
    m = view.matrix
    assert m.unrolled.shape == (784, 900)
    view.fit()
    assert m.zoom < 1  # the whole 784 x 900 matrix in the view, one pixel per several entries
    size = m.size()
    viewport = view.scroll.viewport().size()
    assert size.width() <= viewport.width() and size.height() <= viewport.height()
    started = time.perf_counter()
    image = m.grab().toImage()
    assert time.perf_counter() - started < 0.5
    # the band of the first output row: W11 at the corner, then the row sampled beside it
    assert image.pixelColor(m.entry_rect(0, 0).center().toPoint()).name() == QColor(TOL_MUTED[0]).name()
    # a 64x64 image with a 7x7 filter: a 4096 x 4900 matrix, 8 px per entry, scrolled to its middle
    assert s.apply_spec(Spec(height=64, width=64, kernel=(7, 7), padding=(3, 3), pooling="none"))
    assert m.unrolled.shape == (4096, 4900)
    view.set_zoom(8)
    assert m.width() > 39000 and m.height() > 32000
    # where W11 and W12 sit in output row 2000 (o33,17), by the engine
    u = Unrolled(ops.conv_geometry((1, 64, 64), (7, 7), padding=3))
    w11 = int(u.occurrences(0)[1][2000])
    assert u.tap_at(2000, w11) == 0 and u.tap_at(2000, w11 + 1) == 1
    view.scroll.horizontalScrollBar().setValue((w11 - 20) * 8)
    view.scroll.verticalScrollBar().setValue((2000 - 20) * 8)
    started = time.perf_counter()
    shot = view.scroll.viewport().grab().toImage()
    assert time.perf_counter() - started < 0.5
    rows, cols, _ = m.visible_block(m.visibleRegion().boundingRect().toRectF())
    assert 2000 in rows and w11 in cols
    assert len(rows) * len(cols) < 200 * 200  # a screenful of entries, not 20 million
    # painted there: W11 in its colour (it is selected), W12 beside it faded
    assert view.tap == 0
    corner = m.mapTo(view.scroll.viewport(), m.entry_rect(2000, w11).topLeft().toPoint())
    assert shot.pixelColor(corner + QPoint(4, 4)).name() == QColor(TOL_MUTED[0]).name()
    beside = shot.pixelColor(corner + QPoint(12, 4)).name()
    assert (
        beside != QColor(TOL_MUTED[1]).name()
        and beside != view.palette().color(QPalette.ColorRole.Base).name()
    )
    view.matrix.zoom_requested.emit(1.25)
    assert m.zoom == 10


def test_a_new_network_drops_the_row_of_the_old_one(qtbot, window):
    """The row a step marks belongs to its network: a smaller network, another lesson and undoing
    a change each mark their own row (or none) and write its equation, never the old row's."""
    view = open_view(window)
    s = window.session
    m = view.matrix
    assert s.apply_spec(s.spec.replace(height=6, width=6))  # 25 outputs
    s.go_to(Cursor(s.trace.find("o", (0, 0, 4, 4)) + 1, 0))  # o55 computed: the last row of 25
    assert m.marked_row == 24 and "Row o55 of M · vec(I)" in view.equation.text()
    assert s.apply_spec(s.spec.replace(height=3, width=3))  # 4 outputs, the cursor back at the start
    assert m.unrolled.shape == (4, 9) and m.marked_row is None
    assert "Row " not in view.equation.text()
    s.undo_stack.undo()  # the 6x6 network again, its cursor on o55
    assert m.unrolled.shape == (25, 36) and m.marked_row == 24
    expected = float(s.trace.values["o"][0, 0, 4, 4])
    row = f"Row o55 of M · vec(I) = W11·I55 + W12·I56 + W21·I65 + W22·I66 = <b>{number(expected, 'html')}</b>"
    assert row in view.equation.text()
    # not following the step: the old row goes with its network all the same
    view.follow.setChecked(False)
    assert window.open_lesson("stride-padding-dilation")  # a 3x3 output: 9 rows
    assert m.unrolled.shape == (9, 49) and m.marked_row is None
    view.follow.setChecked(True)
    s.go_to(Cursor(s.trace.find("o", (0, 0, 2, 2)) + 1, 0))
    assert m.marked_row == 8 and "Row o33 of M · vec(I)" in view.equation.text()
    assert window.open_lesson("worked-example")
    assert m.unrolled.shape == (4, 9) and m.marked_row is None
    m.grab()  # and it paints


def test_blown_up_weights_show_inf_and_nan_as_they_are(qtbot, window):
    view = open_view(window)
    s = window.session
    # W11 and I12 near the float limit, as a diverging run leaves them: o11 overflows to inf,
    # o12 to −inf, and dL/do, from their mean, is NaN everywhere
    assert s.edit("W", (0, 0, 0, 0), 1.7e308) and s.edit("I", (0, 0, 0, 1), -1.7e308)
    view.select(0)
    assert np.isnan(view.gradient_sum) and np.isnan(view.backprop_value)
    text = view.equation.text()
    assert "= <b>nan</b>; backprop's" in text and "the weights have blown up" in text
    assert "nan·(−1.7·10<sup>308</sup>)" in text  # a negative factor in brackets
    s.go_to(Cursor(1, 0))  # o11
    row = "Row o11 of M · vec(I) = W11·I11 + W12·I12 + W21·I21 + W22·I22 = <b>inf</b>"
    assert row in view.equation.text()
    view.colour_box.setCurrentIndex(1)  # dL/dM = NaN · vec(I)ᵀ: painted, not raised
    rgba, _ = view.matrix.colours(np.arange(4), np.arange(9))
    assert rgba.shape == (4, 9, 4)
    view.matrix.grab()
    assert "= nan" in view.matrix.describe(view.matrix.entry_rect(0, 0).center())
