"""The loss landscape on deep networks: any two parameters of any layers, picked from the list or
typed by their textbook names, the map through the current weights, the training path checked
against the engine run by hand, and a diverging run said in words."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from convstudio.engine import lessons
from convstudio.engine import network as nw
from convstudio.engine.network_landscape import NetworkPlane
from convstudio.ui.instruments.landscape.view import LandscapePanel
from tests.ui.test_landscape_panel import settle, train, value_at_current_point
from tests.ui.windows import open_window

W1_11, W1_12 = ("0.weight", (0, 0, 0, 0)), ("0.weight", (0, 0, 0, 1))


def open_panel(qtbot, lesson: str) -> tuple[object, LandscapePanel]:
    window = open_window(qtbot, lesson)
    panel = window.show_instrument("landscape").panel
    assert isinstance(panel, LandscapePanel)
    settle(qtbot, panel)
    return window, panel


def session_loss(s) -> float:
    return nw.iterate(s.network, s.params, s.x, s.target).loss


def type_pick(panel, axis: int, text: str) -> None:
    combo = (panel.pick_a, panel.pick_b)[axis]
    combo.setEditText(text)
    combo.lineEdit().editingFinished.emit()


def test_two_conv_layers_map_across_layers_and_the_path_of_training(qtbot):
    window, panel = open_panel(qtbot, "two-conv-layers")
    s = window.session
    assert panel.picks == (W1_11, W1_12)
    assert [panel.pick_a.itemText(i) for i in range(panel.pick_a.count())] == [
        "W¹11", "W¹12", "W¹21", "W¹22", "W²11", "W²12", "W²21", "W²22",
    ]  # fmt: skip
    assert panel.pick_a.currentText() == "W¹11"
    assert "(W¹22, W²22)" in panel.pick_a.toolTip()  # the cells one may type, by their names
    assert value_at_current_point(panel) == pytest.approx(session_loss(s), rel=1e-13)
    # any cell of the map is the loss of the whole network run with those two weights
    i, j = 5, 30
    moved = {k: v.copy() for k, v in s.params.items()}
    moved["0.weight"][0, 0, 0, 0] = panel.a_values[j]
    moved["0.weight"][0, 0, 0, 1] = panel.b_values[i]
    expected = nw.iterate(s.network, moved, s.x, s.target).loss
    assert panel.loss_grid[i, j] == pytest.approx(expected, rel=1e-12)
    # a layer-2 weight, typed as the trace names it, up the side
    type_pick(panel, 1, "W^2 2,1")
    settle(qtbot, panel)
    assert panel.picks == (W1_11, ("2.weight", (0, 0, 1, 0)))
    assert panel.pick_b.currentText() == "W²21"
    assert isinstance(panel.plane, NetworkPlane)
    assert value_at_current_point(panel) == pytest.approx(session_loss(s), rel=1e-13)
    assert "W<sup>2</sup><sub>21</sub> (up)" in panel.caption.text()
    # a typo: said in words, the pick kept
    type_pick(panel, 0, "W³11")
    assert panel.picks[0] == W1_11 and panel.pick_a.currentText() == "W¹11"
    assert panel.message.isVisible() and "not a weight of this network" in panel.message.text()
    # training: the path is the two weights at the start of every iteration, as the engine runs it
    assert train(qtbot, s, 5) == "done"
    settle(qtbot, panel)
    lesson = lessons.load("two-conv-layers")
    params, state = {k: v.copy() for k, v in lesson.network_params.items()}, None
    path = [(params["0.weight"][0, 0, 0, 0], params["2.weight"][0, 0, 1, 0])]
    for _ in range(5):
        result = nw.iterate(lesson.network, params, lesson.x, lesson.target, state)
        params, state = result.new_params, result.new_state
        path.append((params["0.weight"][0, 0, 0, 0], params["2.weight"][0, 0, 1, 0]))
    np.testing.assert_allclose(panel.path, path, rtol=1e-12)
    assert value_at_current_point(panel) == pytest.approx(session_loss(s), rel=1e-13)
    assert "iteration 6" in panel.caption.text()


def test_batch_norm_gamma_against_a_weight_and_a_diverging_run(qtbot):
    window, panel = open_panel(qtbot, "batch-norm")
    s = window.session
    assert "γ²" in [panel.pick_a.itemText(i) for i in range(panel.pick_a.count())]
    type_pick(panel, 1, "γ²")
    settle(qtbot, panel)
    assert panel.picks == (W1_11, ("1.weight", (0,)))
    assert value_at_current_point(panel) == pytest.approx(session_loss(s), rel=1e-12)
    i, j = 40, 7
    moved = {k: v.copy() for k, v in s.params.items()}
    moved["0.weight"][0, 0, 0, 0] = panel.a_values[j]
    moved["1.weight"][0] = panel.b_values[i]
    assert panel.loss_grid[i, j] == pytest.approx(nw.iterate(s.network, moved, s.x, s.target).loss, rel=1e-10)
    # a learning rate far too large: training diverges and the panel says so
    lesson = lessons.load("batch-norm")
    wild = {**lesson.network, "optimizer": {**lesson.network["optimizer"], "lr": 1e12}}
    assert s.start(dataclasses.replace(lesson, network=wild))
    settle(qtbot, panel)
    assert train(qtbot, s, 200) == "diverged"
    settle(qtbot, panel)
    assert panel.message.isVisible() and "diverged" in panel.message.text()
    assert np.isfinite(panel.path[-1]).all()
    assert window.open_lesson("worked-example")  # a one-layer network: the one-layer names again
    settle(qtbot, panel)
    assert panel.picks == (("W", (0, 0, 0, 0)), ("W", (0, 0, 0, 1)))
    assert value_at_current_point(panel) == pytest.approx(0.140625, rel=1e-14)
    assert "diverged" not in panel.message.text()
