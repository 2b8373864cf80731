"""Gradient as correlation and convolution as a dense layer on a deep network, opened from the main
window: the layer picker lists the conv layers, follows the focus and the step, and each layer's
sums and matrix are checked against the engine's own ops and the session's gradients."""

from __future__ import annotations

import numpy as np
import pytest

from convstudio.engine import ops
from convstudio.engine.cursor import Cursor
from convstudio.ui.instruments.correlation.view import CorrelationView
from convstudio.ui.instruments.unrolled.view import UnrolledView
from tests.ui.windows import open_window


def _open(qtbot, key, lesson="two-conv-layers", size=(1280, 800)):
    window = open_window(qtbot, lesson=lesson, size=size)
    view = window.show_instrument(key).panel
    assert view is not None and view.isVisible()
    return window, view


def _conv(window, index):
    """Layer ``index``'s input, filters and dL/do, and the vectorised ops' results for them."""
    rec = window.session.trace.rec
    x = rec.values["x" if index == 0 else f"{index - 1}:out"]
    w, gy = rec.values[f"{index}.weight"], rec.grads[f"d{index}:out"]
    cfg = rec.layers[index].cfg
    conv = {k: cfg[k] for k in ("stride", "padding", "dilation")}
    grad_x, grad_w, _ = ops.conv2d_backward(x, w, gy, **conv)
    return {"x": x, "w": w, "gy": gy, "dW": grad_w, "dI": grad_x, "o": ops.conv2d_forward(x, w, None, **conv)}


def _walk_to_end(view):
    view.set_position(0, 0)
    while view.step_button.isEnabled():
        view.step_button.click()


def test_the_picker_lists_the_conv_layers_and_follows_the_focus(qtbot):
    window, view = _open(qtbot, "correlation")
    s = window.session
    assert isinstance(view, CorrelationView) and view.picker.isVisible()
    box = view.picker.box
    assert [box.itemData(i) for i in range(box.count())] == [0, 2]
    assert [box.itemText(i) for i in range(box.count())] == ["layer 1 (conv, W¹)", "layer 3 (conv, W²)"]
    s.set_focus(2)
    assert view.picker.index == 2
    s.set_focus(1)  # a ReLU: nothing to show, the layer stays
    assert view.picker.index == 2
    s.set_focus(0)
    assert view.picker.index == 0


@pytest.mark.parametrize("index", [0, 2])
def test_each_conv_layers_correlation_sums_are_the_sessions_gradients(qtbot, index):
    window, view = _open(qtbot, "correlation")
    s = window.session
    view.selectors.follow.setChecked(False)
    s.set_focus(index)
    e = _conv(window, index)
    view.set_mode("dW")
    _walk_to_end(view)
    grads = s.trace.rec.grads
    np.testing.assert_allclose(view.result_view.values(), grads[f"d{index}.weight"][0, 0], rtol=1e-12)
    np.testing.assert_allclose(view.result_view.values(), e["dW"][0, 0], rtol=1e-12)
    np.testing.assert_array_equal(view.grid_view.values(), e["x"][0, 0])  # no padding here
    np.testing.assert_array_equal(view.kernel_view.values(), e["gy"][0, 0])
    view.set_mode("dI")
    _walk_to_end(view)
    np.testing.assert_allclose(view.result_view.values(), e["dI"][0, 0], rtol=1e-12, atol=1e-15)
    view.set_mode("o")
    _walk_to_end(view)
    np.testing.assert_allclose(
        view.result_view.values(), s.trace.rec.values[f"{index}:out"][0, 0], rtol=1e-12
    )
    np.testing.assert_allclose(view.result_view.values(), e["o"][0, 0], rtol=1e-12)


def test_the_second_layers_equations_use_its_textbook_names(qtbot):
    window, view = _open(qtbot, "correlation")
    view.selectors.follow.setChecked(False)
    window.session.set_focus(2)
    view.set_mode("dW")
    view.set_position(0, 0)
    assert view.text()[0].startswith("dL/dW²11 = dL/do²11·a¹11 + dL/do²12·a¹12 + ")
    assert view.mode_box.currentText() == "dL/dW² = a¹ ⋆ dL/do²"
    assert "I² is a¹" in view.header.text()
    assert view.grid_view.title().startswith("Input a¹")
    view.set_mode("dI")
    assert view.text()[0].startswith("dL/da¹11 = ")
    window.session.set_focus(0)  # the first layer's input is the image itself
    view.set_mode("dW")
    view.set_position(0, 0)
    assert view.text()[0].startswith("dL/dW¹11 = dL/do¹11·I11 + ")
    assert view.grid_view.title().startswith("Input I")


def test_switching_the_layer_changes_what_is_shown(qtbot):
    window, view = _open(qtbot, "correlation")
    view.selectors.follow.setChecked(False)
    view.set_mode("dW")
    shown = {}
    for index in (0, 2):
        view.picker.set_layer(index)
        shown[index] = view.grid_view.values().copy()
        np.testing.assert_array_equal(shown[index], _conv(window, index)["x"][0, 0])
    assert shown[0].shape == (4, 4) and shown[2].shape == (3, 3)


def test_following_the_step_goes_to_the_layer_and_element_it_computes(qtbot):
    window, view = _open(qtbot, "correlation")
    s = window.session
    trace = s.trace
    for tensor, index, mode in (("2:out", 2, "o"), ("d2.weight", 2, "dW"), ("d0.weight", 0, "dW")):
        section = trace.section_for(tensor)
        last = section.stop - 1
        s.go_to(Cursor(last + 1, 0))
        step = trace.step(last)
        assert view.picker.index == index and view.mode == mode
        assert view.position == step.index[2:]
        assert view.frame().total == pytest.approx(step.result, rel=1e-12)
    s.go_to(Cursor(trace.section_for("d1:out").stop, 0))  # layer 3's input gradient, dL/da¹
    assert view.picker.index == 2 and view.mode == "dI"
    s.go_to(Cursor(trace.section_for("3:out").stop, 0))  # a ReLU: the view stays where it was
    assert view.picker.index == 2 and view.mode == "dI"


@pytest.mark.parametrize("index", [0, 2])
def test_the_unrolled_matrix_times_the_input_is_the_layers_output(qtbot, index):
    window, view = _open(qtbot, "unrolled")
    assert isinstance(view, UnrolledView) and view.picker.isVisible()
    view.follow.setChecked(False)
    window.session.set_focus(index)
    rec = window.session.trace.rec
    m = view.matrix
    dense = m.unrolled.matrix(m.weights.reshape(view.layer.kernel))
    e = _conv(window, index)
    np.testing.assert_array_equal(m.top.values, e["x"][0, 0].ravel())  # no padding: vec(I) itself
    np.testing.assert_allclose(dense @ m.top.values, e["o"][0, 0].ravel(), rtol=1e-12)
    np.testing.assert_allclose(dense @ m.top.values, rec.values[f"{index}:out"][0, 0].ravel(), rtol=1e-12)
    assert m.top.title == ("vec(I)ᵀ" if index == 0 else "vec(a¹)ᵀ")
    name = "W¹" if index == 0 else "W²"
    assert m.labels == [f"{name}11", f"{name}12", f"{name}21", f"{name}22"]
    for tap in range(4):  # the tied sums of dL/dM are backprop's dL/dW of this layer
        view.select(tap)
        want = rec.grads[f"d{index}.weight"][0, 0].ravel()[tap]
        assert view.backprop_value == want
        assert view.gradient_sum == pytest.approx(want, rel=1e-12, abs=1e-15)
    assert f"dL/dW<sup>{1 if index == 0 else 2}</sup><sub>22</sub>" in view.equation.text()


def test_the_unrolled_view_follows_the_step_into_each_conv_layer(qtbot):
    window, view = _open(qtbot, "unrolled")
    s = window.session
    trace = s.trace
    for tensor, index in (("2:out", 2), ("0:out", 0), ("d2.weight", 2)):
        section = trace.section_for(tensor)
        s.go_to(Cursor(section.start + 1, 0))
        assert view.picker.index == index
        np.testing.assert_array_equal(view.matrix.top.values, _conv(window, index)["x"][0, 0].ravel())
    s.go_to(Cursor(trace.section_for("0:out").start + 2, 0))  # o¹12: row 2 of layer 1's M
    assert view.picker.index == 0 and view.matrix.marked_row == 1
    assert "Row o¹12 of M · vec(I)" in view.equation.text()


@pytest.mark.parametrize("key", ["correlation", "unrolled"])
def test_one_layer_sessions_have_no_picker_and_a_network_without_conv_layers_a_sentence(qtbot, key):
    window, view = _open(qtbot, key, lesson="worked-example")
    assert not view.picker.isVisible() and view.picker.index is None
    assert view.layer.index is None and view.layer.letter("W") == "W"
    assert window.open_lesson("transposed-conv")
    dock = window.docks[key]
    assert dock.panel is None and dock.frame.note.isVisibleTo(dock)
    assert "this network has none" in dock.frame.note.text()
    assert window.open_lesson("two-conv-layers")
    view = dock.panel  # built afresh: Qt shows a widget added to a shown frame on its next event
    assert view is not None and view.picker.index == 0
    qtbot.waitUntil(lambda: view.picker.isVisible())
    assert window.open_lesson("worked-example")  # back on one layer: the one-layer view again
    view = dock.panel
    assert not view.picker.isVisibleTo(dock) and view.layer.index is None
    np.testing.assert_array_equal(view.layer.w, window.session.trace.values["W"])
