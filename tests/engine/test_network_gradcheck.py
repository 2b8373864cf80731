"""Finite differences agree with backprop for every parameter of every layer of random networks,
and a wrong gradient shows up."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from convstudio.engine import network as nw
from convstudio.engine import network_gradcheck as ngc
from tests.engine.networks import MAP_LAYERS, data_for, networks
from tests.engine.test_network_gradients import _far_from_kinks

TWO_CONV = {
    "input": {"channels": 1, "height": 5, "width": 5},
    "layers": [
        {"type": "conv", "filters": 2, "kernel": 2, "bias": True},
        {"type": "relu"},
        {"type": "conv", "filters": 1, "kernel": 2, "bias": False},
        {"type": "batch_norm"},
        {"type": "global_avg_pool"},
    ],
    "loss": "mse",
    "optimizer": {"type": "adam", "lr": 0.01},
}


def _two_conv_data(seed=3):
    rng = np.random.default_rng(seed)
    return nw.init_params(TWO_CONV, seed), rng.standard_normal((3, 1, 5, 5)), rng.standard_normal((3, 1))


@pytest.mark.parametrize("kind", MAP_LAYERS)
@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much]
)
@given(data=st.data())
def test_every_cell_of_every_layer_agrees_with_backprop(kind, data):
    net = data.draw(networks(kinds=[kind, "conv", "tanh"]))
    seed = data.draw(st.integers(0, 1000))
    x, target = data_for(net, seed)
    params = nw.init_params(net, seed)
    assume(_far_from_kinks(net, params, x))
    result = ngc.check(net, params, x, target)
    assert len(result.nudges) == ngc.count(net) == sum(v.size for v in params.values())
    assert {n.tensor for n in result.nudges} == set(params)
    for n in result.nudges:
        if n.abs_error > 1e-5 * max(abs(n.backprop), 1e-2):
            # A sharply curved loss (two batch norms over a near-constant map) leaves the central
            # difference its own error, eps² f‴/6: a tenth of the step must cut it a hundredfold.
            n = ngc.nudge(net, params, x, target, n.tensor, n.index, eps=n.eps / 10)
        assert n.abs_error <= 1e-5 * max(abs(n.backprop), 1e-2), n


def test_the_first_filter_of_two_conv_layers_and_batch_norm_check_out():
    params, x, target = _two_conv_data()
    result = ngc.check(TWO_CONV, params, x, target)
    keys = [n.tensor for n in result.nudges]
    assert keys.count("0.weight") == 8 and keys.count("0.bias") == 2
    assert keys.count("3.weight") == keys.count("3.bias") == 1
    assert result.min_digits >= 6
    assert result.forward_passes == 2 * ngc.count(TWO_CONV) == 2 * 20
    # the batch norm's β shifts every output by the same amount: the mse's slope is 2·mean(p - t)
    beta = next(n for n in result.nudges if n.tensor == "3.bias")
    out = nw.iterate(TWO_CONV, params, x, target).output
    assert beta.numeric == pytest.approx(2 * np.mean(out - target), rel=1e-7)


def test_a_wrong_gradient_shows_in_its_own_cell_only():
    params, x, target = _two_conv_data()
    grads = ngc.gradients(TWO_CONV, params, x, target)
    grads["0.weight"] = grads["0.weight"].copy()
    grads["0.weight"][1, 0, 0, 1] += 0.01
    found = list(ngc.nudges(TWO_CONV, params, x, target, keys=("0.weight",), grads=grads))
    bad = [n.index for n in found if n.agreeing_digits < 3]
    assert bad == [(1, 0, 0, 1)]


def test_a_sweep_shows_the_one_sided_slope_falling_behind():
    params, x, target = _two_conv_data()
    swept = list(ngc.sweep(TWO_CONV, params, x, target, "2.weight", (0, 1, 1, 0), (1e-2, 1e-4)))
    assert [n.eps for n in swept] == [1e-2, 1e-4]
    assert swept[0].loss == swept[1].loss == pytest.approx(ngc.loss(TWO_CONV, params, x, target))
    # central differences err as eps², one-sided as eps
    assert swept[1].abs_error < swept[0].abs_error
    assert abs(swept[1].one_sided - swept[1].backprop) > swept[1].abs_error


def test_bad_keys_indices_and_nudges_are_refused_with_a_reason():
    params, x, target = _two_conv_data()
    with pytest.raises(ValueError, match=r"no parameter 1\.weight"):
        ngc.nudge(TWO_CONV, params, x, target, "1.weight", (0,))
    with pytest.raises(ValueError, match="outside"):
        ngc.nudge(TWO_CONV, params, x, target, "0.bias", (2,))
    with pytest.raises(ValueError, match="positive"):
        ngc.nudge(TWO_CONV, params, x, target, "0.bias", (0,), eps=0.0)
    with pytest.raises(ValueError, match=r"must be 0\.weight"):
        ngc.check(TWO_CONV, {"0.weight": params["0.weight"]}, x, target)
    with pytest.raises(ValueError, match=r"no parameter 9\.bias"):
        ngc.count(TWO_CONV, ("9.bias",))
