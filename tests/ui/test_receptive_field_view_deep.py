"""The receptive field instrument on a deep network: any unit of any layer, the step's and the focused
layer's, drawn as a brute-force one-hot backward through the ops says."""

from __future__ import annotations

import numpy as np

from convstudio.engine import ops
from convstudio.ui.instruments.receptive.view import ReceptiveFieldView
from tests.ui.windows import open_window


def _view(qtbot):
    window = open_window(qtbot, lesson="two-conv-layers", size=(1280, 800))
    view = window.show_instrument("receptive").panel
    assert isinstance(view, ReceptiveFieldView)
    return window, view


def _one_hot_dx(session, layer, unit):
    """dL/dx of two-conv-layers (conv, relu, conv, relu, gap) for a one-hot gradient on ``unit`` of
    ``layer``, by the ops' own backward functions, written out layer by layer."""
    x, w1, w2 = session.x, session.params["0.weight"], session.params["2.weight"]
    o1 = ops.conv2d_forward(x, w1)
    a1 = np.maximum(o1, 0)
    o2 = ops.conv2d_forward(a1, w2)
    a2 = np.maximum(o2, 0)
    outs = [o1, a1, o2, a2, a2.mean(axis=(2, 3))]
    grad = np.zeros_like(outs[layer])
    grad[(0, *unit)] = 1.0
    backs = [
        lambda g: ops.conv2d_backward(x, w1, g)[0],
        lambda g: ops.relu_backward(o1, g),
        lambda g: ops.conv2d_backward(a1, w2, g)[0],
        lambda g: ops.relu_backward(o2, g),
        lambda g: ops.global_avg_pool_backward(a2, g),
    ]
    for k in range(layer, -1, -1):
        grad = backs[k](grad)
    return grad[0]


def _to(session, tensor, index):
    while session.step is None or (session.step.tensor, session.step.index) != (tensor, index):
        assert session.move("element", 1)


def test_it_opens_on_the_deep_network_with_a_layer_for_each_of_its_five(qtbot):
    _, view = _view(qtbot)
    assert view.layer_box.count() == 5
    assert "conv" in view.layer_box.itemText(2) and "pool" in view.layer_box.itemText(4).lower()


def test_following_a_second_layer_step_shows_the_cells_a_one_hot_backward_reaches(qtbot):
    window, view = _view(qtbot)
    session = window.session
    _to(session, "2:out", (0, 0, 0, 1))
    assert view.unit() == (2, (0, 0, 1), 0)
    dx = _one_hot_dx(session, 2, (0, 0, 1))
    np.testing.assert_allclose(view.input_view.values(), np.abs(dx).sum(axis=0), rtol=1e-12)
    reads, _, extra, _ = view.input_view.highlights()
    assert sorted(reads) == sorted(map(tuple, np.argwhere(np.abs(dx[0]) > 0)))
    # of the four a¹ cells it reads, a¹13 and a¹22 are stopped by the first ReLU: the other two's
    # 2x2 windows cover 7 of the 3x3 window's cells
    assert len(reads) == 7
    assert sorted(reads + extra) == [(r, c) for r in range(3) for c in range(1, 4)]  # the 3x3 window
    assert "o²12 (layer 3)" in view.summary.text() and "7 of the 16 input cells" in view.summary.text()
    assert "layer 3 (conv): r = 2 + (2 − 1)·1·1 = 3" in view.working.text()


def test_a_backward_step_shows_the_unit_whose_gradient_it_computes(qtbot):
    window, view = _view(qtbot)
    session = window.session
    _to(session, "d1:out", (0, 0, 1, 1))
    assert view.unit() == (1, (0, 1, 1), 0)
    dx = _one_hot_dx(session, 1, (0, 1, 1))
    np.testing.assert_allclose(view.input_view.values(), np.abs(dx).sum(axis=0), rtol=1e-12)


def test_the_focused_layer_is_shown_and_a_picked_unit_of_the_pooled_feature_sees_the_live_cells(qtbot):
    window, view = _view(qtbot)
    session = window.session
    assert session.step is None
    session.set_focus(4)
    assert view.unit() == (4, (0,), 0) and view.follow.isChecked()
    dx = _one_hot_dx(session, 4, (0,))
    np.testing.assert_allclose(view.input_view.values(), np.abs(dx).sum(axis=0), rtol=1e-12)
    assert view.boxes["row"].isHidden()
    view.layer_box.setCurrentIndex(0)  # picking stops following
    view.boxes["row"].setValue(3)
    assert not view.follow.isChecked() and view.unit() == (0, (0, 2, 0), 0)
    np.testing.assert_allclose(
        view.input_view.values(), np.abs(_one_hot_dx(session, 0, (0, 2, 0))).sum(axis=0)
    )
    session.move("element", 1)
    assert view.unit()[0] == 0  # no longer follows the step


def test_a_step_in_a_layer_that_writes_no_unit_follows_that_layer(qtbot):
    window, view = _view(qtbot)
    session = window.session
    _to(session, "d0.weight", (0, 0, 0, 0))
    assert view.unit()[0] == 0
