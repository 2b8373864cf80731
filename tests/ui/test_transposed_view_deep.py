"""The transposed convolution instrument on deep networks: a conv_transpose layer's forward is the
trace's output of that layer and a convolution's input gradient with its weights; a conv layer of a
network without one shows its input gradient rebuilt as a transposed convolution."""

from __future__ import annotations

import numpy as np

from convstudio.engine import ops
from convstudio.ui.instruments.transposed.view import TransposedView
from tests.ui.windows import open_window


def _view(qtbot, lesson):
    window = open_window(qtbot, lesson=lesson, size=(1280, 800))
    view = window.show_instrument("transposed").panel
    assert isinstance(view, TransposedView)
    return window, view


def _to(session, tensor, index):
    while session.step is None or (session.step.tensor, session.step.index) != (tensor, index):
        assert session.move("element", 1)


def _stamped(x, w, stride):
    """A transposed convolution by loops: every input cell adds its value times W where it lands."""
    N, C, H, W = x.shape
    F, kh, kw = w.shape[1:]
    out = np.zeros((N, F, (H - 1) * stride + kh, (W - 1) * stride + kw))
    taps = np.zeros(out.shape[2:], dtype=int)
    for n, c, i, j in np.ndindex(N, C, H, W):
        out[n, :, i * stride : i * stride + kh, j * stride : j * stride + kw] += x[n, c, i, j] * w[c]
        if n == 0 and c == 0:
            taps[i * stride : i * stride + kh, j * stride : j * stride + kw] += 1
    return out, taps


def test_the_layers_forward_is_the_traces_output_and_a_convs_input_gradient(qtbot):
    window, view = _view(qtbot, "transposed-conv")
    s = window.session
    assert view.what is not None and view.what.layer == 0
    out = s.trace.values["0:out"]
    np.testing.assert_array_equal(view.output.values(), out[0, 0])
    x, w = s.trace.values["x"], s.trace.values["0.weight"]
    conv_grad, _, _ = ops.conv2d_backward(np.zeros(out.shape), w, x, stride=2)
    np.testing.assert_allclose(view.grad_input.values(), conv_grad[0, 0], atol=1e-15)
    stamped, taps = _stamped(x, w, 2)
    np.testing.assert_allclose(view.output.values(), stamped[0, 0], atol=1e-15)
    np.testing.assert_array_equal(view.taps.values(), taps)
    assert taps.min() == 1 and taps.max() == 4  # kernel 3 over stride 2: the checkerboard
    np.testing.assert_array_equal(view.grad_o.values(), x[0, 0])
    text = view.summary.text()
    assert "Layer 1 (conv_transpose) computes o¹ from I" in text
    assert "largest difference is 0" in text and "From 1 to 4 taps" in text
    assert "(3 − 1)·2 − 2·0 + 3 + 0 = 7" in view.working.text()


def test_following_a_forward_step_of_the_layer_stamps_a_cell_that_reaches_it(qtbot):
    window, view = _view(qtbot, "transposed-conv")
    s = window.session
    _to(s, "0:out", (0, 0, 1, 4))
    cell, channel, target = view.choice(view.shown)
    assert target == (1, 4) and channel == 0
    assert cell == (0, 0, 0, 1)  # input cell (1, 2) stamps rows 1-3, columns 3-5
    assert view.output.highlights()[1] == [(1, 4)]
    assert sorted(view.grad_o.highlights()[2]) == [(0, 1), (0, 2)]
    expected = np.zeros((7, 7))
    expected[0:3, 2:5] = s.trace.values["x"][0, 0, 0, 1] * s.trace.values["0.weight"][0, 0]
    np.testing.assert_array_equal(view.stamp.values(), expected)
    _to(s, "0:out", (0, 0, 2, 2))
    assert view.choice(view.shown)[2] == (2, 2)


def test_a_conv_layers_input_gradient_is_the_transposed_convolution_of_its_output_gradient(qtbot):
    window, view = _view(qtbot, "two-conv-layers")
    s = window.session
    _to(s, "d1:out", (0, 0, 2, 2))  # dL/da¹33, layer 3's input gradient
    what = view.what
    assert what is not None and what.conv == 2 and what.layer is None
    assert what.backward.from_trace
    grad = s.trace.grads["d1:out"]
    np.testing.assert_allclose(view.output.values(), grad[0, 0], atol=1e-15)
    np.testing.assert_array_equal(view.grad_input.values(), grad[0, 0])
    stamped, _ = _stamped(s.trace.grads["d2:out"], s.trace.values["2.weight"].swapaxes(0, 1), 1)
    np.testing.assert_allclose(view.output.values(), stamped[0, 0], atol=1e-15)
    assert view.choice(view.shown)[2] == (2, 2)
    assert "Layer 3 (conv)" in view.summary.text()
    _to(s, "d0.weight", (0, 0, 0, 0))  # layer 1: its input gradient dL/dI
    assert view.what.conv == 0
    np.testing.assert_allclose(view.output.values(), s.trace.grads["dx"][0, 0], atol=1e-15)


def test_a_network_without_a_convolution_says_so(qtbot):
    window, view = _view(qtbot, "two-conv-layers")
    s = window.session
    network = {
        "input": {"channels": 1, "height": 2, "width": 2},
        "layers": [{"type": "flatten"}, {"type": "dense", "units": 1}],
        "loss": "mse",
        "optimizer": {"type": "sgd", "lr": 0.1},
    }
    x, target = np.ones((1, 1, 2, 2)), np.zeros((1, 1))
    assert s.open_lesson("dense", None, x, target, None, {}, network=network)
    assert view.what is None and view.grids.isHidden()
    assert "no conv or conv_transpose layer" in view.summary.text()
    assert window.open_lesson("transposed-conv")
    assert view.what is not None and not view.grids.isHidden()
