"""The nudge experiment on deep networks: any parameter of any layer picked by its textbook name,
its slope set beside backprop's gradient, the step followed across layers, every parameter of
every layer checked (and cancelled), and one-layer lessons back as before."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from PySide6.QtCore import Qt

from convstudio.engine import gradcheck, lessons, network_gradcheck
from convstudio.engine import network as nw
from convstudio.engine.cursor import Cursor
from convstudio.ui.instruments.nudge import view
from tests.ui.windows import open_window


def open_panel(qtbot, lesson: str) -> tuple[object, view.NudgePanel]:
    window = open_window(qtbot, lesson, size=(1400, 900))
    panel = window.show_instrument("nudge").panel
    assert isinstance(panel, view.NudgePanel)
    settle(qtbot, panel)
    return window, panel


def settle(qtbot, panel, timeout=10000):
    """Wait until the nudge and its whole sweep have come back from the worker."""
    qtbot.waitUntil(
        lambda: panel.result is not None and len(panel.sweep_results) == len(gradcheck.EPS_STEPS),
        timeout=timeout,
    )


def grads_of(session) -> dict[str, np.ndarray]:
    return nw.iterate(session.network, session.params, session.x, session.target).grads


def pick(panel, key: str) -> None:
    """Choose ``key`` in the parameter box as a click would."""
    i = panel.tensor_box.findData(key)
    assert i >= 0
    panel.tensor_box.setCurrentIndex(i)
    panel.tensor_box.activated.emit(i)


def test_a_layer_one_weight_of_two_conv_layers_nudged_against_backprop(qtbot):
    window, panel = open_panel(qtbot, "two-conv-layers")
    s = window.session
    box = [
        (panel.tensor_box.itemData(i), panel.tensor_box.itemText(i)) for i in range(panel.tensor_box.count())
    ]
    assert box == [("0.weight", "W¹ · layer 1 (conv) weight"), ("2.weight", "W² · layer 3 (conv) weight")]
    n = panel.result
    assert (n.tensor, n.index) == ("0.weight", (0, 0, 0, 0))
    # the slope of two reruns of the whole network, against backprop's dL/dW¹11
    assert n.backprop == grads_of(s)["0.weight"][0, 0, 0, 0] == pytest.approx(2.40625, abs=1e-12)
    engine = network_gradcheck.nudge(s.network, s.params, s.x, s.target, "0.weight", (0, 0, 0, 0))
    assert (n.loss_plus, n.loss_minus) == (engine.loss_plus, engine.loss_minus)
    assert n.numeric == pytest.approx(n.backprop, rel=1e-8) and n.agreeing_digits >= 8
    assert "W<sup>1</sup><sub>11</sub> = 1, nudged by ±1e-5" in panel.headline.text()
    assert "backprop dL/dW<sup>1</sup><sub>11</sub>" in panel.readout.text()
    assert "the other 7 from 1 forward + 1 backward pass" in panel.one_cost.text()
    # a cell clicked in the grid: W¹22, named in words as well
    panel.picker.clicked.emit(1, 1)
    assert panel.index == (0, 0, 1, 1)
    assert panel.picker.highlights()[1] == [(1, 1)]
    assert panel.subject.describe("0.weight", (0, 0, 1, 1)) == "W¹22 (layer 1 conv weight [0,0,1,1])"
    settle(qtbot, panel)
    assert panel.result.backprop == grads_of(s)["0.weight"][0, 0, 1, 1]
    # layer 2's weights
    pick(panel, "2.weight")
    assert (panel.tensor, panel.index) == ("2.weight", (0, 0, 0, 0))
    settle(qtbot, panel)
    assert panel.result.backprop == grads_of(s)["2.weight"][0, 0, 0, 0]
    assert panel.result.agreeing_digits >= 8
    assert "W<sup>2</sup><sub>11</sub>" in panel.headline.text()
    # Follow the step: the backward step computing dL/dW¹21 picks that weight
    start = s.trace.find("d0.weight", (0, 0, 1, 0))
    s.go_to(Cursor(start + 1, 0))
    assert (panel.tensor, panel.index) == ("0.weight", (0, 0, 1, 0))
    assert panel.tensor_box.currentData() == "0.weight"
    settle(qtbot, panel)
    assert panel.result.backprop == s.trace.grads["d0.weight"][0, 0, 1, 0]


def test_every_parameter_of_every_layer_checked_then_a_whole_iteration_later_stale(qtbot):
    window, panel = open_panel(qtbot, "two-conv-layers")
    s = window.session
    items = [panel.check_which.itemText(i) for i in range(panel.check_which.count())]
    assert items == ["Every parameter (8 weights)", "W¹ only (4)", "W² only (4)"]
    qtbot.mouseClick(panel.check_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not panel.checking, timeout=10000)
    rows = panel.model.rows
    assert [(n.tensor, n.index) for n in rows] == [
        (key, tuple(int(i) for i in cell))
        for key in ("0.weight", "2.weight")
        for cell in np.ndindex(1, 1, 2, 2)
    ]
    grads = grads_of(s)
    for n in rows:
        assert n.backprop == grads[n.tensor][n.index] and n.agreeing_digits >= 8
    model = panel.model
    assert model.data(model.index(4, 0), Qt.ItemDataRole.DisplayRole).startswith("W²11")
    assert "8 of 8 agree to 8 or more" in panel.summary.text()
    assert panel.cost.text().startswith("Checking 8 weights took 16 forward passes over the data (1 image)")
    # a row is a weight to nudge
    panel.table.clicked.emit(model.index(6, 0))
    assert (panel.tensor, panel.index) == ("2.weight", (0, 0, 1, 0))
    settle(qtbot, panel)
    # the next iteration's weights: the experiment starts over, the table is stale
    s.go_to(Cursor(len(s.trace), 0))
    assert s.move("element", +1) and s.iteration == 1
    new = grads_of(s)[panel.tensor][panel.index]
    qtbot.waitUntil(lambda: panel.result is not None and panel.result.backprop == new, timeout=10000)
    assert panel.model.stale and "press Check again" in panel.summary.text()


def test_batch_norm_gamma_and_beta_nudged_and_a_big_deep_check_cancelled(qtbot):
    window, panel = open_panel(qtbot, "batch-norm")
    s = window.session
    keys = [panel.tensor_box.itemData(i) for i in range(panel.tensor_box.count())]
    assert keys == ["0.weight", "1.weight", "1.bias"]
    assert panel.tensor_box.itemText(1) == "γ² · layer 2 (batch_norm) γ (scale)"
    for key in ("1.weight", "1.bias"):
        pick(panel, key)
        settle(qtbot, panel)
        n = panel.result
        assert (n.tensor, n.index) == (key, (0,))
        assert n.backprop == grads_of(s)[key][0]
        # batch norm with the batch's statistics, rerun for each nudge: the slope still agrees
        assert n.agreeing_digits >= 7 or n.tiny
    assert "2 images" in panel.one_cost.text()
    # a deep network with hundreds of cells: the check shows its progress and stops when cancelled
    lesson = lessons.load("two-conv-layers")
    net = {
        **lesson.network,
        "input": {"channels": 1, "height": 24, "width": 24},
        "layers": [
            {"type": "conv", "filters": 8, "kernel": 3, "bias": True},
            {"type": "relu"},
            {"type": "conv", "filters": 8, "kernel": 3, "bias": True},
            {"type": "global_avg_pool"},
        ],
    }
    x = np.random.default_rng(1).normal(size=(4, 1, 24, 24))
    big = dataclasses.replace(
        lesson, network=net, x=x, target=np.zeros((4, 8)), params=nw.init_params(net), network_params={}
    )
    assert s.start(big) and s.deep
    total = 8 * 9 + 8 + 8 * 8 * 9 + 8
    qtbot.waitUntil(lambda: panel.result is not None, timeout=20000)
    assert panel.check_which.itemText(0) == f"Every parameter ({total:,} weights)"
    qtbot.mouseClick(panel.check_button, Qt.MouseButton.LeftButton)
    assert panel.checking and panel.progress.maximum() == total
    qtbot.waitUntil(lambda: len(panel.model.rows) >= 3, timeout=20000)
    qtbot.mouseClick(panel.cancel_button, Qt.MouseButton.LeftButton)
    done = len(panel.model.rows)
    assert not panel.checking and not panel.progress.isVisible() and 3 <= done < total
    assert panel.summary.text().startswith(f"Cancelled after {done:,} of {total:,} weights.")
    qtbot.wait(50)
    assert len(panel.model.rows) == done
    grads = grads_of(s)
    for n in panel.model.rows:
        assert n.backprop == grads[n.tensor][n.index]


def test_back_to_a_one_layer_lesson_the_panel_is_the_one_layer_one(qtbot):
    window, panel = open_panel(qtbot, "two-conv-layers")
    assert window.open_lesson("worked-example")
    settle(qtbot, panel)
    assert [panel.tensor_box.itemData(i) for i in range(panel.tensor_box.count())] == ["W"]
    assert (panel.result.tensor, panel.result.index) == ("W", (0, 0, 0, 0))
    assert panel.result.backprop == -0.75
    assert window.open_lesson("batch-norm")
    settle(qtbot, panel)
    assert panel.result.tensor == "0.weight"
    assert panel.result.backprop == grads_of(window.session)["0.weight"][0, 0, 0, 0]


@pytest.mark.parametrize("size", [(1280, 800), (1024, 768)])
def test_the_sweep_caption_sits_below_its_plot_and_scrolls_only_on_a_small_screen(qtbot, size):
    window = open_window(qtbot, "two-conv-layers", size=size)
    for _ in range(40):
        window.session.move("element", +1)
    panel = window.show_instrument("nudge").panel
    settle(qtbot, panel)
    qtbot.wait(50)
    # both in the sweep tab's coordinates: the caption scrolls rather than being drawn over the plot
    assert panel.sweep_caption.geometry().top() >= panel.plot_slot.geometry().bottom()
    assert panel.sweep_caption.height() >= panel.sweep_caption.heightForWidth(panel.sweep_caption.width())
    scroll = panel.tabs.widget(0)
    fits = scroll.widget().height() <= scroll.viewport().height()
    assert fits == (size == (1280, 800))
