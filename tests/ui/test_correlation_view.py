"""The gradient-as-correlation instrument, opened from the main window as a student would: every
position of every mode stepped on the worked example and the stride-padding-dilation lesson, the
numbers it shows checked against the engine's vectorised ops, and the view following the cursor."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt

from convstudio.engine import ops
from convstudio.engine.cursor import Cursor
from convstudio.engine.notation import number
from convstudio.ui.instruments.correlation.view import CorrelationView
from tests.ui.windows import open_window

WORKED_DW = [[-0.75, -1.125], [-0.75, -0.9375]]


@pytest.fixture
def window(qtbot):
    return open_window(qtbot, lesson=None)


def open_view(window, lesson: str) -> CorrelationView:
    assert window.open_lesson(lesson)
    dock = window.show_instrument("correlation")
    view = dock.panel
    assert isinstance(view, CorrelationView)
    assert dock.isVisible() and window.instrument_actions["correlation"].isChecked()
    return view


def engine(window):
    """The layer's tensors and the vectorised ops' results for them."""
    s = window.session
    it = s.trace.it
    spec = s.spec
    conv = {"stride": spec.stride, "padding": spec.padding, "dilation": spec.dilation}
    x, w, b, gy = it.values["I"], it.values["W"], it.values.get("b"), it.grads["do"]
    grad_x, grad_w, _ = ops.conv2d_backward(x, w, gy, **conv)
    return {
        "x": x,
        "w": w,
        "gy": gy,
        "dW": grad_w,
        "dI": grad_x,
        "o": ops.conv2d_forward(x, w, b, **conv),
        "conv": ops.conv2d_forward(x, w[:, :, ::-1, ::-1], b, **conv),
        "conv_args": conv,
    }


def walk(view):
    """Every position of the current mode from the first, by the view's ▶ button; yields each
    while the view shows it."""
    view.set_position(0, 0)
    rows, cols = view.positions()
    seen = [view.position]
    yield view.position
    while view.step_button.isEnabled():
        view.step_button.click()
        seen.append(view.position)
        yield view.position
    assert seen == [(r, c) for r in range(rows) for c in range(cols)]
    assert not view.step(+1)  # the last position: no further


def walk_all(view):
    for _ in walk(view):
        pass


def check_result_view(view, values, position):
    """The map fills in row-major order up to the position, which is outlined as written."""
    shown = view.result_view.values()
    rows, cols = shown.shape
    done = np.arange(rows * cols).reshape(rows, cols) <= position[0] * cols + position[1]
    np.testing.assert_allclose(shown[done], np.asarray(values)[done], rtol=1e-12, atol=1e-12)
    assert np.isnan(shown[~done]).all()
    assert view.result_view.highlights()[1] == [position]


def test_the_worked_example_dw_slides_dl_do_over_the_input(qtbot, window):
    view = open_view(window, "worked-example")
    view.selectors.follow.setChecked(False)
    view.set_mode("dW")
    e = engine(window)
    np.testing.assert_array_equal(e["dW"][0, 0], WORKED_DW)
    trace = window.session.trace
    for m, k in walk(view):
        frame = view.frame()
        want = e["dW"][0, 0, m, k]
        assert frame.total == want == trace.grads["dW"][0, 0, m, k]  # dyadic numbers: exact
        # dL/do sits with its corner on I_(m+1)(k+1) and meets the 2x2 block there
        cells = {(m + i, k + j) for i in range(2) for j in range(2)}
        assert set(view.grid_view.highlights()[0]) == cells
        np.testing.assert_array_equal(view.grid_view.values(), e["x"][0, 0])
        np.testing.assert_array_equal(view.kernel_view.values(), e["gy"][0, 0])
        check_result_view(view, e["dW"][0, 0], (m, k))
        line = view.text()[0]
        assert line.startswith(f"dL/dW{m + 1}{k + 1} = dL/do11·I{m + 1}{k + 1} + ")
        assert line.endswith(f" = {number(want)}")
        assert f"{number(want, 'html')} here" in view.equation.text()  # and the engine agrees
    assert view.text() == [
        "dL/dW22 = dL/do11·I22 + dL/do12·I23 + dL/do21·I32 + dL/do22·I33"
        " = (−0.1875)·1 + (−0.1875)·3 + (−0.1875)·1 + (−0.1875)·0 = −0.9375"
    ]
    np.testing.assert_array_equal(view.result_view.values(), WORKED_DW)
    view.set_position(0, 0)
    assert view.text()[0] == (
        "dL/dW11 = dL/do11·I11 + dL/do12·I12 + dL/do21·I21 + dL/do22·I22"
        " = (−0.1875)·1 + (−0.1875)·2 + (−0.1875)·0 + (−0.1875)·1 = −0.75"
    )


def test_the_worked_example_di_is_a_full_convolution_with_the_flipped_filter(qtbot, window):
    view = open_view(window, "worked-example")
    view.selectors.follow.setChecked(False)
    view.set_mode("dI")
    e = engine(window)
    # the flipped filter, over dL/do in a border of one zero (the 2x2 filter less one)
    np.testing.assert_array_equal(view.kernel_view.values(), [[0.5, 1], [-1, 0.5]])
    grid = view.grid_view.values()
    assert grid.shape == (4, 4)
    np.testing.assert_array_equal(grid[1:3, 1:3], e["gy"][0, 0])
    assert not grid[0].any() and not grid[3].any() and not grid[:, 0].any() and not grid[:, 3].any()
    assert view.grid_view.outline() == (1, 1, 2, 2)
    for r, s in walk(view):
        assert view.frame().total == pytest.approx(e["dI"][0, 0, r, s], rel=1e-15, abs=0)
        assert set(view.grid_view.highlights()[0]) == {(r + i, s + j) for i in range(2) for j in range(2)}
        check_result_view(view, e["dI"][0, 0], (r, s))
        assert view.text()[0].endswith(f" = {number(e['dI'][0, 0, r, s])}")
    assert view.text()[0].startswith("dL/dI33 = dL/do22·W22 + 0·W21 + 0·W12 + 0·W11 = ")
    assert view.result_view.outline() is None  # no padding, nothing to crop


def test_forward_shows_cross_correlation_and_true_convolution_side_by_side(qtbot, window):
    view = open_view(window, "worked-example")
    view.selectors.follow.setChecked(False)
    view.set_mode("o")
    assert view.compare.isVisible() and not view.conv_view.isVisible()
    view.compare.setChecked(True)
    assert view.conv_view.isVisible() and view.flip_view.isVisible()
    e = engine(window)
    np.testing.assert_array_equal(view.flip_view.values(), [[0.5, 1], [-1, 0.5]])
    for i, j in walk(view):
        check_result_view(view, e["o"][0, 0], (i, j))
        shown = view.conv_view.values()
        assert shown[i, j] == e["conv"][0, 0, i, j]
        assert view.conv_view.highlights()[1] == [(i, j)]
        cross, true = view.text()
        assert cross.startswith(f"o{i + 1}{j + 1} = I{i + 1}{j + 1}·W11 + ")
        assert true.startswith(f"(I∗W){i + 1}{j + 1} = I{i + 1}{j + 1}·W22 + ")
        assert true.endswith(f" = {number(e['conv'][0, 0, i, j])}")
    np.testing.assert_array_equal(view.result_view.values(), [[-1, 3.5], [1.5, -1.5]])
    np.testing.assert_array_equal(view.conv_view.values(), [[3, 1.5], [-0.5, 2.5]])
    view.set_mode("dW")
    assert not view.compare.isVisible() and not view.conv_view.isVisible()


def test_stride_padding_dilation_every_position_of_every_mode(qtbot, window):
    """5x5 input, 2x2 filter, stride 2, padding 1, dilation 2: the padded input is 7x7, dL/do is
    3x3 and becomes 5x5 with zeros between, the full convolution's grid is 9x9."""
    view = open_view(window, "stride-padding-dilation")
    view.selectors.follow.setChecked(False)
    e = engine(window)
    view.set_mode("dW")
    assert view.grid_view.values().shape == (7, 7) and view.grid_view.outline() == (1, 1, 5, 5)
    dz = view.kernel_view.values()
    assert dz.shape == (5, 5)
    np.testing.assert_array_equal(dz[::2, ::2], e["gy"][0, 0])
    assert not dz[1::2].any() and not dz[:, 1::2].any()
    for m, k in walk(view):
        assert view.frame().total == pytest.approx(e["dW"][0, 0, m, k], rel=1e-12, abs=1e-15)
        # the corner moves two cells a position (the dilation); dL/do's values meet every other cell
        cells = {(2 * m + 2 * i, 2 * k + 2 * j) for i in range(3) for j in range(3)}
        assert set(view.grid_view.highlights()[0]) == cells
        footprint = {(2 * m + i, 2 * k + j) for i in range(5) for j in range(5)}
        assert set(view.grid_view.highlights()[2]) == footprint - cells  # the inserted zeros, dashed
        check_result_view(view, e["dW"][0, 0], (m, k))
        assert view.text()[0].endswith(f" = {number(e['dW'][0, 0, m, k])}")
    view.set_mode("dI")
    grid = view.grid_view.values()
    assert grid.shape == (9, 9) and view.grid_view.outline() == (2, 2, 5, 5)
    np.testing.assert_array_equal(grid[2:7:2, 2:7:2], e["gy"][0, 0])
    spread = view.kernel_view.values()  # the flipped filter, its taps two apart: holes between
    np.testing.assert_array_equal(spread[::2, ::2], e["w"][0, 0, ::-1, ::-1])
    assert np.isnan(spread[1]).all() and np.isnan(spread[:, 1]).all()
    # the gradient of the padded input, border included, is the gradient of that 7x7 image
    padded = np.pad(e["x"], ((0, 0), (0, 0), (1, 1), (1, 1)))
    unpadded = {**e["conv_args"], "padding": (0, 0)}
    want, _, _ = ops.conv2d_backward(padded, e["w"], e["gy"], **unpadded)
    np.testing.assert_allclose(want[0, 0, 1:6, 1:6], e["dI"][0, 0], rtol=1e-12, atol=1e-15)
    assert view.result_view.outline() == (1, 1, 5, 5)
    for r, s in walk(view):
        assert view.frame().total == pytest.approx(want[0, 0, r, s], rel=1e-12, abs=1e-15)
        check_result_view(view, want[0, 0], (r, s))
        on_padding = not (1 <= r <= 5 and 1 <= s <= 5)
        assert ("cropped away" in view.where.text()) == on_padding
        line = view.text()[0]
        assert line.startswith(f"dL/dpad[{r + 1},{s + 1}] = " if on_padding else f"dL/dI{r}{s} = ")
    assert np.abs(want[0, 0, 0]).max() > 0  # the padding did receive a gradient, cropped away
    view.set_mode("o")
    view.compare.setChecked(True)
    for i, j in walk(view):
        check_result_view(view, e["o"][0, 0], (i, j))
        assert view.conv_view.values()[i, j] == pytest.approx(e["conv"][0, 0, i, j], rel=1e-12)
        cells = {(2 * i + 2 * m, 2 * j + 2 * k) for m in range(2) for k in range(2)}
        assert set(view.grid_view.highlights()[0]) == cells


@pytest.mark.parametrize("lesson", ["worked-example", "stride-padding-dilation"])
def test_the_view_follows_the_cursor_to_each_gradient_element(qtbot, window, lesson):
    view = open_view(window, lesson)
    s = window.session
    window.act_input_grad.trigger()  # View > Show dL/dI: the trace also computes dL/dI
    trace = s.trace
    assert trace.section_for("dI") is not None
    pad = s.spec.padding
    for tensor in ("o", "dW", "dI"):
        section = trace.section_for(tensor)
        for number_ in range(section.start, section.stop):
            s.go_to(Cursor(number_ + 1, 0))
            step = trace.step(number_)
            assert view.mode == tensor and view.mode_box.currentData() == tensor
            r, c = step.index[2:]
            # dL/dI's positions are the padded input's cells: the input's sit inside the padding
            assert view.position == ((r + pad[0], c + pad[1]) if tensor == "dI" else (r, c))
            assert view.frame().total == pytest.approx(step.result, rel=1e-12, abs=1e-15)
            assert view.text()[-1].endswith(f" = {number(step.result)}")
    # stepping from the keyboard moves it too
    s.go_to(Cursor(trace.section_for("dW").start, 0))
    qtbot.keyClick(window, Qt.Key.Key_Right)
    assert view.mode == "dW" and view.position == (0, 0)
    # with following off, the learner's own position stays
    view.selectors.follow.setChecked(False)
    view.set_position(1, 1)
    s.go_to(Cursor(trace.section_for("dW").start + 2, 0))
    assert view.position == (1, 1)


def test_a_batch_with_channels_and_filters_picks_its_slices(qtbot, window):
    view = open_view(window, "rgb")
    view.selectors.follow.setChecked(False)
    s = window.session
    e = engine(window)
    assert all(box.isVisibleTo(view) for box in view.selectors.boxes.values())
    view.set_mode("dW")
    view.selectors.boxes["f"].setValue(2)
    view.selectors.boxes["c"].setValue(3)
    view.selectors.boxes["n"].setValue(2)  # draw the second image's share
    view.set_position(1, 0)
    frame = view.frame()
    assert frame.total == pytest.approx(e["dW"][1, 2, 1, 0], rel=1e-12)
    np.testing.assert_array_equal(view.grid_view.values(), e["x"][1, 2])  # image 2, channel 3
    np.testing.assert_array_equal(view.kernel_view.values(), e["gy"][1, 1])  # image 2, filter 2
    first, total = view.text()
    partials = frame.partials()
    assert first.startswith("image 2: dL/do2,2,1,1·I2,3,2,1 + ")
    assert first.endswith(f" = {number(partials[1])}")
    assert total == (
        f"dL/dW2,3,2,1 = image 1 + image 2 = {_factor(partials[0])} + {_factor(partials[1])}"
        f" = {number(frame.total)}"
    )
    view.selectors.boxes["n"].setValue(1)  # another image drawn: the same element, the same total
    assert view.text()[1] == total and view.text()[0].startswith("image 1: ")
    view.set_mode("dI")  # dL/dI adds up both filters
    for n, c in ((0, 0), (1, 2)):
        view.selectors.boxes["n"].setValue(n + 1)
        view.selectors.boxes["c"].setValue(c + 1)
        walk_all(view)
        np.testing.assert_allclose(view.result_view.values(), e["dI"][n, c], rtol=1e-12, atol=1e-15)
    view.set_mode("o")
    walk_all(view)
    f = view.selectors.value("f")
    np.testing.assert_allclose(view.result_view.values(), e["o"][1, f], rtol=1e-12, atol=1e-15)
    assert view.text()[-1].startswith(f"o2,{f + 1},3,3 = channel 1 + channel 2 + channel 3 + b{f + 1} = ")
    # adding dL/dW term by term: the view draws the image the term comes from (9 terms an image)
    view.selectors.follow.setChecked(True)
    start = s.trace.section_for("dW").start
    s.go_to(Cursor(start, 10))
    assert view.mode == "dW" and view.selectors.value("n") == 1
    s.go_to(Cursor(start, 3))
    assert view.selectors.value("n") == 0


def _factor(value: float) -> str:
    text = number(float(value))
    return f"({text})" if value < 0 else text


def test_playing_slides_through_every_position_then_stops(qtbot, window):
    view = open_view(window, "stride-padding-dilation")
    view.selectors.follow.setChecked(False)
    view.set_mode("dW")
    view.speed.setValue(30)
    view.set_position(0, 0)
    view.play_button.click()
    assert view.playing and view.play_button.text() == "Pause"
    qtbot.waitUntil(lambda: not view.playing, timeout=3000)
    assert view.position == (1, 1) and view.play_button.text() == "Play"
    np.testing.assert_allclose(view.result_view.values(), engine(window)["dW"][0, 0], rtol=1e-12)
    view.play_button.click()  # from the end it starts again
    assert view.playing and view.position == (0, 0)
    view.play_button.click()
    assert not view.playing


def test_edits_and_a_new_network_reach_the_view(qtbot, window):
    view = open_view(window, "worked-example")
    view.selectors.follow.setChecked(False)
    view.set_mode("dW")
    s = window.session
    assert s.edit("I", (0, 0, 0, 0), 5.0)  # I11: 1 -> 5
    e = engine(window)
    assert view.frame().total == e["dW"][0, 0, 0, 0] != -0.75
    np.testing.assert_array_equal(view.grid_view.values(), e["x"][0, 0])
    assert s.apply_spec(
        s.spec.replace(height=5, width=5, filters=2, kernel=(3, 3), stride=(2, 2), padding=(1, 1))
    )
    e = engine(window)
    assert view.positions() == (3, 3)
    assert view.selectors.boxes["f"].isVisibleTo(view)
    view.selectors.boxes["f"].setValue(2)
    walk_all(view)
    np.testing.assert_allclose(view.result_view.values(), e["dW"][1, 0], rtol=1e-12, atol=1e-15)
    view.set_mode("dI")
    walk_all(view)
    np.testing.assert_allclose(view.result_view.values()[1:6, 1:6], e["dI"][0, 0], rtol=1e-12, atol=1e-15)
    with pytest.raises(ValueError, match="the mode must be one of dW, dI, o"):
        view.set_mode("conv")
    assert view.mode == "dI"  # the view keeps its state


def test_a_closed_instrument_catches_up_when_it_opens_again(qtbot, window):
    view = open_view(window, "worked-example")
    s = window.session
    before = view.text()
    window.show_instrument("correlation", False)
    assert not view.isVisible()
    start = s.trace.section_for("dW").start
    s.go_to(Cursor(start + 3, 0))  # dL/dW21 done while the dock was closed
    assert view.text() == before  # nothing was drawn meanwhile
    window.show_instrument("correlation")
    assert view.mode == "dW" and view.position == (1, 0)
    assert view.text()[0].endswith(" = −0.75") and view.text()[0].startswith("dL/dW21 = ")
    np.testing.assert_array_equal(view.result_view.values()[:2].ravel()[:3], [-0.75, -1.125, -0.75])


def blow_up(window):
    """The worked example with W11 and I12 near the float limit, as a diverging run leaves them:
    o11 = 1.7e308 + 1.7e308 overflows, o12 = −1.7e308 · 1.7e308 too, and their mean is inf − inf."""
    s = window.session
    assert s.edit("W", (0, 0, 0, 0), 1.7e308) and s.edit("I", (0, 0, 0, 1), -1.7e308)


def test_blown_up_weights_show_inf_and_nan_as_they_are(qtbot, window):
    view = open_view(window, "worked-example")
    blow_up(window)
    view.selectors.follow.setChecked(False)
    view.set_mode("o")
    view.compare.setChecked(True)
    view.set_position(0, 0)
    assert view.frame().total == np.inf and view.result_view.values()[0, 0] == np.inf
    forward, convolution = view.text()[:2]
    assert forward.endswith("= 1·1.7e308 + (−1.7e308)·(−1) + 0·1 + 1·0.5 = inf")
    assert convolution.endswith("= 0")  # 0.5 − 1.7e308 + 0 + 1.7e308, added in that order
    view.set_mode("dW")
    frame = view.frame()
    assert np.isnan(frame.total) and np.isnan(window.session.trace.grads["do"]).all()
    assert view.text()[0].endswith("= nan")
    for mode in ("dW", "dI", "o"):  # every position paints: NaN blank, inf the end colours
        view.set_mode(mode)
        for _ in walk(view):
            view.grab()


def test_the_header_names_each_mode_and_what_the_layers_settings_change(qtbot, window):
    view = open_view(window, "worked-example")
    s = window.session
    assert s.apply_spec(
        s.spec.replace(height=7, width=7, batch=2, filters=2, channels=3, stride=2, padding=1, dilation=2)
    )
    want = {
        "dW": "Stride 2 puts zeros between the dL/do values; dilation 2 moves it 2 cells a position; "
        "values that meet the padding meet zeros; the sum runs over the 2 images too.",
        "dI": "Stride 2 puts zeros between the dL/do values; dilation 2 spreads the taps; positions outside "
        "the frame are the padding's gradients, cropped away; the sum runs over the 2 filters too.",
        "o": "Stride 2 moves the filter 2 cells a position; dilation 2 spreads its taps; taps on the padding "
        "meet zeros; the sum runs over the 3 channels too.",
    }
    for mode, notes in want.items():
        view.set_mode(mode)
        assert view._header(view.corr).endswith(" " + notes), mode
    assert s.apply_spec(s.spec.replace(batch=1, filters=1, channels=1, stride=1, padding=0, dilation=1))
    view.set_mode("dW")
    assert view._header(view.corr).endswith("add up to one dL/dW<sub>mn</sub>.")  # nothing to add
