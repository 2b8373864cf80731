"""A unit's receptive field by gradient agrees with the layers' arithmetic and with finite differences."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from convstudio.engine import network as nw
from convstudio.engine.receptive_field import FORMULA, FORMULA_LATEX, gradient_field, theoretical_field

SGD = {"type": "sgd", "lr": 0.1}


def _net(layers, channels=1, height=9, width=9):
    return {
        "input": {"channels": channels, "height": height, "width": width},
        "layers": layers,
        "loss": "mse",
        "optimizer": SGD,
    }


def _positive(net, seed):
    """Positive weights: every path's product is positive, so no two paths cancel."""
    return {k: np.abs(v) + 0.1 for k, v in nw.init_params(net, seed).items()}


def _pair(draw, low, high):
    return draw(st.one_of(st.integers(low, high), st.lists(st.integers(low, high), min_size=2, max_size=2)))


@st.composite
def _stacks(draw, plain=False):
    """A buildable stack of windows (conv, pools, transposed conv), cellwise layers and maybe a head;
    ``plain``: convolutions and pools only, without padding or dilation, none striding past its window."""
    kinds = ["conv", "avg_pool"] if plain else ["conv", "avg_pool", "conv_transpose", "sigmoid", "batch_norm"]
    net = _net([], draw(st.integers(1, 2)), draw(st.integers(4, 9)), draw(st.integers(4, 9)))
    for kind in draw(st.lists(st.sampled_from(kinds), min_size=1, max_size=4)):
        if kind == "conv":
            layer = {"type": "conv", "filters": draw(st.integers(1, 2)), "kernel": _pair(draw, 1, 3)}
            layer["stride"] = _pair(draw, 1, 2)
            if not plain:
                layer["padding"], layer["dilation"] = _pair(draw, 0, 2), _pair(draw, 1, 2)
        elif kind == "avg_pool":
            layer = {"type": "avg_pool", "size": _pair(draw, 1, 3), "stride": _pair(draw, 1, 2)}
        elif kind == "conv_transpose":
            stride = draw(st.integers(1, 2))
            layer = {"type": kind, "filters": 1, "kernel": _pair(draw, 1, 3), "stride": stride}
            layer["padding"] = draw(st.integers(0, 1))
        else:
            layer = {"type": kind}
        net["layers"].append(layer)
        if nw.check(net) or (plain and _skips(layer)):
            net["layers"].pop()
    if not net["layers"]:
        net["layers"].append({"type": "avg_pool", "size": 1})
    if not plain and draw(st.booleans()):
        net["layers"].append({"type": draw(st.sampled_from(["flatten", "global_avg_pool"]))})
        if draw(st.booleans()):
            net["layers"].append({"type": "sigmoid"})
        if draw(st.booleans()):
            net["layers"].append({"type": "dense", "units": 2})
    assert not nw.check(net), nw.check(net)
    return net


def _skips(layer):
    window = np.broadcast_to(layer.get("kernel", layer.get("size")), 2)
    return bool((np.broadcast_to(layer["stride"], 2) > window).any())


def _unit(draw, net):
    layer = draw(st.integers(0, len(net["layers"]) - 1))
    # two images: batch norm over maps of 1x1 needs more than one value per channel
    shape = nw.layer_inputs(net, nw.init_params(net), np.zeros((2, *net["input"].values())))[layer + 1].shape
    return layer, tuple(draw(st.integers(0, n - 1)) for n in shape[1:])


_SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_SETTINGS
@given(data=st.data())
def test_the_gradient_reaches_exactly_the_cells_some_path_joins_to_the_unit(data):
    net = data.draw(_stacks())
    layer, unit = _unit(data.draw, net)
    params = _positive(net, data.draw(st.integers(0, 100)))
    x = np.random.default_rng(1).uniform(0.5, 1.5, (2, *net["input"].values()))
    field = gradient_field(net, params, x, layer, unit, image=1)
    theory = theoretical_field(net, layer, unit)
    np.testing.assert_array_equal(field.support, theory.mask())
    window = theory.window_mask()
    if window is not None:  # padding and dilation only ever leave cells out of the window
        assert not (field.support & ~window).any()


@_SETTINGS
@given(data=st.data())
def test_without_padding_or_dilation_the_field_is_the_window_of_the_arithmetic(data):
    net = data.draw(_stacks(plain=True))
    layer, unit = _unit(data.draw, net)
    field = gradient_field(net, _positive(net, 0), np.ones((2, *net["input"].values())), layer, unit)
    theory = theoretical_field(net, layer, unit)
    np.testing.assert_array_equal(field.support, theory.window_mask())
    assert field.support.sum(axis=0).max() == theory.rows.size
    assert field.support.sum(axis=1).max() == theory.cols.size


def test_the_gradient_field_equals_finite_differences_of_the_unit():
    net = _net(
        [
            {"type": "conv", "filters": 2, "kernel": 3, "stride": 2, "padding": 1},
            {"type": "tanh"},
            {"type": "conv", "filters": 1, "kernel": 2, "dilation": [1, 2]},
        ],
        channels=2,
        height=7,
        width=8,
    )
    params = nw.init_params(net, 3)
    x = np.random.default_rng(0).standard_normal((1, 2, 7, 8))
    layer, unit = 2, (0, 1, 0)

    def value(x):
        return nw.layer_inputs(net, params, x)[layer + 1][(0, *unit)]

    numeric = np.zeros_like(x)
    h = 1e-6
    for cell in np.ndindex(x.shape):
        up, down = x.copy(), x.copy()
        up[cell] += h
        down[cell] -= h
        numeric[cell] = (value(up) - value(down)) / (2 * h)
    field = gradient_field(net, params, x, layer, unit)
    np.testing.assert_allclose(field.grad, numeric[0], atol=1e-8)
    assert field.support.sum() == (numeric[0] != 0).any(axis=0).sum() > 4


def test_the_arithmetic_grows_the_window_by_the_jump_and_writes_out_its_numbers():
    net = _net(
        [
            {"type": "conv", "filters": 1, "kernel": 3, "stride": 2, "padding": 1},
            {"type": "relu"},
            {"type": "conv", "filters": 1, "kernel": 3, "padding": 1},
        ]
    )
    theory = theoretical_field(net, 2, (0, 2, 0))
    assert (theory.rows.size, theory.rows.jump, theory.rows.first, theory.rows.last) == (7, 2, 1, 7)
    assert (theory.cols.first, theory.cols.last) == (-3, 3)
    assert theory.cols.clipped() == (0, 3)
    lines = theory.working()
    assert "layer 1 (conv): r = 1 + (3 − 1)·1·1 = 3, j = 1·2 = 2, start = 0 − 1·1 = −1" in lines[0]
    assert "layer 3 (conv): r = 3 + (3 − 1)·1·2 = 7, j = 2·1 = 2, start = −1 − 1·2 = −3" in lines[1]
    assert "rows 2 to 8 of 9" in lines[2]
    assert "cols 1 to 4 of 9" in lines[-1]
    assert theory.working_latex()[1] == (
        r"r_{3} = 3 + (3 - 1)\cdot 1\cdot 2 = 7,\ j_{3} = 2\cdot 1 = 2,\ "
        r"\mathrm{start}_{3} = -1 - 1\cdot 2 = -3"
    )
    assert len(FORMULA) == len(FORMULA_LATEX) and r"j_{l-1}\,s_l" in FORMULA_LATEX[2]


def test_the_effective_field_is_strongest_at_the_centre_of_the_window():
    net = _net([{"type": "conv", "filters": 1, "kernel": 3, "bias": False}] * 3)
    params = {f"{i}.weight": np.ones((1, 1, 3, 3)) for i in range(3)}
    field = gradient_field(net, params, np.zeros((1, 1, 9, 9)), 2, (0, 1, 1))
    share = field.share
    assert share.argmax() == np.ravel_multi_index((4, 4), share.shape)
    assert share[4, 4] > share[4, 2] > share[4, 1] > 0 and share.sum() == pytest.approx(1.0)
    assert field.support.sum() == 49


def test_batch_norm_keeps_a_unit_to_its_window_and_a_dense_unit_sees_everything():
    net = _net(
        [
            {"type": "conv", "filters": 2, "kernel": 2},
            {"type": "batch_norm"},
            {"type": "flatten"},
            {"type": "dense", "units": 3},
        ]
    )
    params = nw.init_params(net)
    x = np.random.default_rng(0).standard_normal((3, 1, 9, 9))
    assert gradient_field(net, params, x, 1, (1, 4, 4), image=2).support.sum() == 4
    flat = gradient_field(net, params, x, 2, (1 * 64 + 3 * 8 + 5,))
    assert flat.support.sum() == 4 and flat.support[3:5, 5:7].all()
    assert gradient_field(net, params, x, 3, (0,)).support.all()
    assert theoretical_field(net, 3, (0,)).window_mask() is None


def test_a_unit_outside_the_layer_is_refused_with_a_sentence():
    net = _net([{"type": "conv", "filters": 1, "kernel": 3}])
    with pytest.raises(ValueError, match=r"layer 1 \(conv\) gives 1x7x7 values per image"):
        theoretical_field(net, 0, (0, 7, 0))
    with pytest.raises(ValueError, match="there is no layer 2"):
        gradient_field(net, nw.init_params(net), np.zeros((1, 1, 9, 9)), 1, (0, 0, 0))


def test_the_padding_of_a_middle_layer_joins_no_input_cell():
    # The first layer never reads row 4 (floor mode); the second layer's padding stands where
    # the arithmetic's window would reach it.
    net = _net(
        [
            {"type": "conv", "filters": 1, "kernel": 2, "stride": 2},
            {"type": "conv", "filters": 1, "kernel": 3, "padding": 1},
        ],
        height=5,
        width=5,
    )
    field = gradient_field(net, _positive(net, 0), np.ones((1, 1, 5, 5)), 1, (0, 1, 1))
    theory = theoretical_field(net, 1, (0, 1, 1))
    assert theory.rows.clipped() == (0, 4)
    np.testing.assert_array_equal(theory.rows.cells, [0, 1, 2, 3])
    np.testing.assert_array_equal(field.support, theory.mask())
    assert not field.support[4].any() and field.support[:4, :4].all()
