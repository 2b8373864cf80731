"""The nudge experiment as a student uses it: opened from the Instruments menu, a weight clicked, ε
chosen (and mistyped), every parameter checked, lessons switched, and a network big enough that
one forward pass takes tens of milliseconds, with the window answering all along."""

from __future__ import annotations

import time

import numpy as np
import pytest
from PySide6.QtCore import Qt, QTimer

from convstudio.engine import gradcheck
from convstudio.engine.cursor import Cursor
from convstudio.engine.spec import Spec
from convstudio.ui.instruments.nudge import numbers, view
from tests.ui.windows import open_window


@pytest.fixture
def window(qtbot):
    return open_window(qtbot, size=(1400, 900))


def open_panel(qtbot, window) -> view.NudgePanel:
    dock = window.show_instrument("nudge")
    panel = dock.panel
    assert isinstance(panel, view.NudgePanel)
    assert window.instrument_actions["nudge"].isChecked()
    settle(qtbot, panel)
    return panel


def settle(qtbot, panel, timeout=10000):
    """Wait until the nudge and its whole sweep have come back from the worker."""
    qtbot.waitUntil(
        lambda: panel.result is not None and len(panel.sweep_results) == len(gradcheck.EPS_STEPS),
        timeout=timeout,
    )


def state(window):
    s = window.session
    return s.spec, s.params, s.x, s.target


def test_nudging_w11_of_the_worked_example(qtbot, window):
    panel = open_panel(qtbot, window)
    n = panel.result
    assert (n.tensor, n.index, n.eps) == ("W", (0, 0, 0, 0), 1e-5)
    assert n.backprop == -0.75
    # by hand: p = mean(o) = 0.625 moves by exactly eps (W11 meets 1 + 2 + 0 + 1 = 4 cells, /4),
    # and L = (p - 1)^2
    assert n.loss_plus == pytest.approx((0.625 + 1e-5 - 1) ** 2, abs=1e-15)
    assert n.loss_minus == pytest.approx((0.625 - 1e-5 - 1) ** 2, abs=1e-15)
    assert n.agreeing_digits >= 8
    spec, params, x, t = state(window)
    engine = gradcheck.nudge(spec, params, x, t, "W", (0, 0, 0, 0))
    assert (n.loss_plus, n.loss_minus) == (engine.loss_plus, engine.loss_minus)
    # the numbers on screen, the agreeing digits highlighted in both
    text = panel.readout.text()
    assert repr(n.loss_plus) in text and repr(n.loss_minus) in text
    slope, backprop = numbers.aligned(n.numeric, n.backprop)
    assert backprop == "-0.750000000000000" and slope.startswith("-0.75000000")
    shared = numbers.shared_prefix(slope, backprop)
    assert shared >= len("-0.75000000")
    highlighted = slope[:shared].replace("-", "−")
    assert f"<b>{highlighted}</b></span>{slope[shared:]}" in text
    assert f"<b>{highlighted}</b></span>{backprop[shared:]}" in text
    assert f"agree to <b>{n.agreeing_digits} significant digits" in panel.verdict.text()
    assert "2 forward passes over the data (1 image)" in panel.one_cost.text()
    assert "the other 3 from 1 forward + 1 backward pass" in panel.one_cost.text()
    assert panel.picker.highlights()[1] == [(0, 0)]  # W11 outlined in the grid
    # the sweep: a parabola's central slope is exact to rounding, the one-sided one off by eps
    # (until rounding takes over, at eps of 1e-8 and below)
    for m in panel.sweep_results[:4]:
        assert m.one_sided - m.backprop == pytest.approx(m.eps, rel=1e-6)
    by_eps = {m.eps: m for m in panel.sweep_results}
    assert by_eps[1e-1].abs_error < 1e-13 < by_eps[1e-12].abs_error
    x_shown, y_shown = panel._central.getOriginalDataset()
    np.testing.assert_array_equal(x_shown, gradcheck.EPS_STEPS)
    np.testing.assert_array_equal(y_shown, [max(m.abs_error, 1e-17) for m in panel.sweep_results])


def test_clicking_a_weight_and_choosing_eps(qtbot, window):
    panel = open_panel(qtbot, window)
    picker = panel.picker
    qtbot.mouseClick(picker, Qt.MouseButton.LeftButton, pos=picker.cell_rect(0, 1).center().toPoint())
    assert panel.index == (0, 0, 0, 1)
    settle(qtbot, panel)
    assert panel.result.backprop == -1.125 and panel.result.index == (0, 0, 0, 1)
    assert "W<sub>12</sub> = −1, nudged by ±1e-5" in panel.headline.text()
    # a listed eps comes straight from the sweep: no new experiment
    panel.eps_box.setCurrentIndex(0)
    panel.eps_box.activated.emit(0)
    assert panel.eps == 0.1 and panel.result.eps == 0.1
    assert "nudged by ±1e-1" in panel.headline.text()
    # a typing slip is explained and changes nothing
    line = panel.eps_box.lineEdit()
    for bad, words in (("abc", "not a number"), ("0", "positive number"), ("5", "no larger than 1")):
        line.setText(bad)
        line.editingFinished.emit()
        assert panel.message.isVisible() and words in panel.message.text()
        assert "stays ε = 1e-1" in panel.message.text()
        assert panel.eps == 0.1 and panel.result.eps == 0.1
    # a value of one's own
    line.setText("2e-4")
    line.editingFinished.emit()
    assert not panel.message.isVisible()
    qtbot.waitUntil(lambda: panel.result is not None and panel.result.eps == 2e-4)
    spec, params, x, t = state(window)
    engine = gradcheck.nudge(spec, params, x, t, "W", (0, 0, 0, 1), eps=2e-4)
    assert panel.result.numeric == engine.numeric
    assert "nudged by ±0.0002" in panel.headline.text()
    # new data: W12 met I12 = 2 in o11; with 7 there, p and dL/dW12 change, and the panel follows
    assert window.session.edit("I", (0, 0, 0, 1), 7.0)
    spec, params, x, t = state(window)
    moved = gradcheck.gradients(spec, params, x, t)["dW"][0, 0, 0, 1]
    assert moved != -1.125
    qtbot.waitUntil(lambda: panel.result is not None and panel.result.backprop == moved, timeout=10000)
    assert panel.result.eps == 2e-4 and panel.result.agreeing_digits >= 8


def test_checking_every_parameter_of_the_worked_example(qtbot, window):
    panel = open_panel(qtbot, window)
    qtbot.mouseClick(panel.check_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not panel.checking, timeout=10000)
    model = panel.model
    assert [n.index for n in model.rows] == [(0, 0, 0, 0), (0, 0, 0, 1), (0, 0, 1, 0), (0, 0, 1, 1)]
    spec, params, x, t = state(window)
    grads = gradcheck.gradients(spec, params, x, t)
    engine = gradcheck.check(spec, params, x, t)
    for row, (n, e) in enumerate(zip(model.rows, engine.nudges, strict=True)):
        assert n.backprop == grads["dW"][n.index] == e.backprop
        assert n.numeric == e.numeric and n.agreeing_digits >= 8
        assert model.data(model.index(row, 1), Qt.ItemDataRole.DisplayRole) == str(e.agreeing_digits)
    worst = max(range(4), key=lambda i: model.rows[i].rel_error)
    assert model.worst == worst
    assert model.data(model.index(worst, 0), Qt.ItemDataRole.DisplayRole).endswith("◀ worst")
    assert model.data(model.index(worst, 0), Qt.ItemDataRole.BackgroundRole) is not None
    assert all(
        model.data(model.index(i, 0), Qt.ItemDataRole.BackgroundRole) is None for i in range(4) if i != worst
    )
    assert "4 of 4 agree to 8 or more" in panel.summary.text()
    cost = panel.cost.text()
    assert cost.startswith("Checking 4 weights took 8 forward passes over the data (1 image): ")
    assert "Backprop got all 4 from 1 forward + 1 backward pass: " in cost
    assert panel.check_seconds > 0 and panel.check_backprop_seconds > 0
    # a row of the table is a weight to nudge
    panel.table.clicked.emit(model.index(2, 1))
    assert panel.index == (0, 0, 1, 0)
    settle(qtbot, panel)
    assert panel.result.backprop == -0.75


def test_another_lesson_the_step_followed_and_new_weights(qtbot, window):
    panel = open_panel(qtbot, window)
    s = window.session
    assert window.open_lesson("rgb")
    assert [panel.tensor_box.itemData(i) for i in range(panel.tensor_box.count())] == ["W", "b"]
    assert panel.channel_box.isVisibleTo(panel) and panel.filter_box.isVisibleTo(panel)
    settle(qtbot, panel)
    spec, params, x, t = state(window)
    assert panel.result.backprop == gradcheck.gradients(spec, params, x, t)["dW"][0, 0, 0, 0]
    # stepping to dL/dW of filter 2, channel 3, row 2, column 1 nudges that weight
    start = s.trace.find("dW", (1, 2, 1, 0))
    s.go_to(Cursor(start + 1, 0))
    assert (panel.tensor, panel.index) == ("W", (1, 2, 1, 0))
    assert (panel.filter_box.value(), panel.channel_box.value()) == (2, 3)
    settle(qtbot, panel)
    assert panel.result.backprop == s.trace.grads["dW"][1, 2, 1, 0]
    assert panel.result.agreeing_digits >= 8
    # check the biases only
    panel.check_which.setCurrentIndex(panel.check_which.findData("b"))
    assert panel.check_which.currentText() == "b only (2)"
    qtbot.mouseClick(panel.check_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not panel.checking, timeout=10000)
    assert [n.tensor for n in panel.model.rows] == ["b", "b"]
    np.testing.assert_array_equal([n.backprop for n in panel.model.rows], s.trace.grads["db"])
    assert "2 images" in panel.cost.text()
    # a whole iteration later the weights differ: the experiment starts over, the table is stale
    s.go_to(Cursor(len(s.trace), 0))  # the last step: the update of b2, which the panel follows
    assert (panel.tensor, panel.index) == ("b", (1,))
    old = s.trace.grads["db"][1]
    assert s.move("element", +1) and s.iteration == 1
    spec, params, x, t = state(window)
    new = gradcheck.gradients(spec, params, x, t)["db"][1]
    assert new != old
    qtbot.waitUntil(lambda: panel.result is not None and panel.result.backprop == new, timeout=10000)
    assert panel.result.tensor == "b" and panel.result.index == (1,)
    assert panel.model.stale and "press Check again" in panel.summary.text()
    # and back to the worked example
    assert window.open_lesson("worked-example")
    settle(qtbot, panel)
    assert panel.tensor_box.count() == 1 and panel.result.index == (0, 0, 0, 0)
    assert panel.result.backprop == -0.75 and not panel.model.rows


def test_a_big_network_keeps_the_window_answering_and_cancels(qtbot, window):
    panel = open_panel(qtbot, window)
    s = window.session
    big = Spec(height=64, width=64, channels=3, batch=8, filters=16, kernel=(7, 7), pooling="none")
    assert s.apply_spec(big)
    qtbot.waitUntil(lambda: panel.result is not None, timeout=60000)
    assert panel.result.agreeing_digits >= 5
    spec, params, x, t = state(window)
    started = time.perf_counter()
    gradcheck.loss(spec, params, x, t)
    one_pass = time.perf_counter() - started
    assert 2 * 2352 * one_pass > 10  # the whole check: many seconds of forward passes, worth cancelling
    qtbot.mouseClick(panel.check_button, Qt.MouseButton.LeftButton)
    assert panel.checking and panel.progress.maximum() == 2352
    ticks: list[float] = []
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(lambda: ticks.append(time.perf_counter()))
    timer.start()
    qtbot.waitUntil(lambda: len(panel.model.rows) >= 3, timeout=20000)
    qtbot.wait(300)
    timer.stop()
    gaps = np.diff(ticks)
    # The nudges run on worker threads: the event loop keeps ticking (~0.02 s apart on an idle
    # machine). The bound only catches work done on the event loop, with room for a busy CI machine.
    assert len(ticks) > 10 and gaps.max() < 1.0, f"the event loop waited {gaps.max():.3f} s"
    assert "Checked" in panel.summary.text() and "forward passes" in panel.summary.text()
    qtbot.mouseClick(panel.cancel_button, Qt.MouseButton.LeftButton)
    assert not panel.checking and not panel.progress.isVisible()
    done = len(panel.model.rows)
    assert 3 <= done < 2352
    assert panel.summary.text().startswith(f"Cancelled after {done:,} of 2,352 weights.")
    assert panel.cost.text().startswith(f"Checking {done:,} weights took {2 * done:,} forward passes")
    qtbot.wait(50)
    assert len(panel.model.rows) == done  # nothing arrives after the cancel
    for n in panel.model.rows:
        assert n.backprop == s.trace.grads["dW"][n.index]
        assert n.agreeing_digits >= 5
    window.show_instrument("nudge", False)  # a closed instrument stops its experiment
    assert not panel._jobs


def test_the_numbers_as_printed():
    assert numbers.aligned(-0.750000000012, -0.75) == ("-0.750000000012000", "-0.750000000000000")
    assert numbers.aligned(3.2e-9, 3.25e-9) == ("3.20000000000000e-9", "3.25000000000000e-9")
    assert numbers.shared_prefix("-0.750000000012000", "-0.750000000000000") == 13
    assert numbers.shared_prefix("-0.0512", "-0.0498") == 0  # "-0.0" is no agreeing digit
    assert numbers.shared_prefix("0.999999", "1.000000") == 0
    assert numbers.parse_eps(" ε = 1e−3 ") == 1e-3
    assert numbers.duration(0.00042) == "0.42 ms" and numbers.duration(125) == "2 min 5 s"
    assert numbers.cost_text(1, 1, 0.0001, None) == (
        "Checking 1 weight took 2 forward passes over the data (1 image): 0.1 ms."
    )


def test_blown_up_weights_say_no_digits_agree_and_plot_nothing_false(qtbot, window):
    panel = open_panel(qtbot, window)
    s = window.session
    assert s.edit("W", (0, 0, 0, 1), 1.7e308)  # as a diverging run leaves it: every loss is inf
    qtbot.waitUntil(lambda: panel.result is not None and panel.result.loss_plus == np.inf, timeout=10000)
    settle(qtbot, panel)
    n = panel.result
    assert n.index == (0, 0, 0, 0) and n.loss_plus == n.loss_minus == np.inf
    assert panel.error == "" and not panel.message.isVisible()
    assert "agree to <b>0 significant digits</b> (relative difference inf)" in panel.verdict.text()
    assert "inf" in panel.readout.text() and "nan" in panel.readout.text()
    x_shown, _ = panel._central.getOriginalDataset()
    assert x_shown is None or len(x_shown) == 0  # no slope is finite: no point pretends to be one
    panel.check_all()
    qtbot.waitUntil(lambda: not panel.checking, timeout=10000)
    assert len(panel.model.rows) == 4 and "agrees to 0 digits" in panel.summary.text()


def test_the_sweep_caption_explains_an_exact_central_slope_and_names_a_curved_lesson(qtbot, window):
    """On the worked example the loss is a parabola in each weight: the caption said a large ε
    "measures a chord (the error falls as ε²)" beside a plot whose central error stays at rounding."""
    panel = open_panel(qtbot, window)
    caption = panel.sweep_caption.text()
    assert "parabola" in caption and "exact for every ε" in caption and "falls as ε²" not in caption
    assert "Telling horizontal from vertical bars" in caption
    assert window.open_lesson("bars-classifier")
    settle(qtbot, panel)
    assert not gradcheck.chord_is_exact(panel.sweep_results)
    caption = panel.sweep_caption.text()
    assert "measures a chord" in caption and "parabola" not in caption


def test_the_words_for_a_tiny_gradient_agree_with_its_digits():
    from convstudio.engine.gradcheck import Nudge
    from convstudio.ui.instruments.nudge.readout import difference_words

    n = Nudge("W", (0, 0, 0, 0), 1e-4, 1.0, 1.0 - 2e-21, 1.1e-16)
    words = difference_words(n)
    assert words.startswith("both below 1e\u221208") and "relative difference" not in words
    assert f"{n.compared_error:.1e}".replace("-", "\u2212") in words


def test_on_a_short_dock_the_sweep_caption_keeps_the_height_its_wrapped_text_needs(qtbot):
    """A caption longer than the room left (a window 800 high, the German toolbar on two rows) was
    drawn over the plot: the layout asked the wrapped label only for a guess."""
    window = open_window(qtbot, size=(1280, 700))
    panel = open_panel(qtbot, window)
    qtbot.waitUntil(lambda: panel.sweep_caption.width() > 0)
    caption = panel.sweep_caption
    assert caption.minimumHeight() >= caption.heightForWidth(caption.width()) > 0
