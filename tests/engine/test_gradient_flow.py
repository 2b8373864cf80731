"""Gradient norms per layer: a deep sigmoid stack's vanish toward the input, ReLU with He's
initialisation keeps them; the norms are iterate's gradients, iteration after iteration."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from convstudio.engine import gradient_flow as gf
from convstudio.engine import network as nw


def _stack(act, depth=8, width=16):
    layers = [{"type": "flatten"}]
    for _ in range(depth):
        layers += [{"type": "dense", "units": width}, {"type": act}]
    layers.append({"type": "dense", "units": 1})
    return {
        "input": {"channels": 1, "height": 4, "width": 4},
        "layers": layers,
        "loss": "mse",
        "optimizer": {"type": "sgd", "lr": 0.1},
    }


def _data(seed=0):
    rng = np.random.default_rng(seed)
    return rng.standard_normal((32, 1, 4, 4)), rng.standard_normal((32, 1))


def _dense_norms(net, f):
    return np.array([f.outputs[i] for i in sorted(f.outputs) if net["layers"][i]["type"] == "dense"])


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_a_deep_sigmoid_stack_passes_less_gradient_to_every_layer_nearer_the_input(seed):
    net = _stack("sigmoid")
    x, t = _data(seed)
    f, _ = gf.flow_of(net, nw.init_params(net, seed), x, t)
    by_layer = [f.outputs[i] for i in range(len(net["layers"]))]
    assert all(a < b for a, b in itertools.pairwise(by_layer)), by_layer
    dense = _dense_norms(net, f)
    assert dense[0] / dense[-1] < 1e-4
    assert f.weights["1.weight"] / f.weights["17.weight"] < 1e-3
    assert f.input == by_layer[0]  # flatten only reshapes the gradient


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_relu_with_he_initialisation_keeps_the_gradient_about_the_same_size(seed):
    net = _stack("relu")
    x, t = _data(seed)
    he = _dense_norms(net, gf.flow_of(net, gf.he_init(net, seed), x, t)[0])
    assert 0.1 < min(he / he[-1]) <= max(he / he[-1]) < 10
    default = _dense_norms(net, gf.flow_of(net, nw.init_params(net, seed), x, t)[0])
    assert default[0] / default[-1] < 0.01 < he[0] / he[-1]


def test_he_initialisation_draws_variance_two_over_fan_in():
    net = _stack("relu", depth=1, width=400)
    params = gf.he_init(net, 0)
    assert np.var(params["1.weight"]) == pytest.approx(2 / 16, rel=0.05)
    assert np.var(params["3.weight"]) == pytest.approx(2 / 400, rel=0.05)
    assert not params["1.bias"].any()
    np.testing.assert_array_equal(gf.he_init(net, 0)["3.weight"], params["3.weight"])


def test_a_run_keeps_one_norm_per_layer_per_iteration_from_iterates_gradients():
    net = {
        "input": {"channels": 1, "height": 5, "width": 5},
        "layers": [
            {"type": "conv", "filters": 2, "kernel": 3},
            {"type": "batch_norm"},
            {"type": "tanh"},
            {"type": "global_avg_pool"},
            {"type": "dense", "units": 2},
        ],
        "loss": "cross_entropy",
        "optimizer": {"type": "adam", "lr": 0.05},
    }
    rng = np.random.default_rng(0)
    x, labels = rng.standard_normal((4, 1, 5, 5)), np.array([0, 1, 1, 0])
    params = nw.init_params(net, 1)
    hist, last, state = gf.run(net, params, x, labels, 4)
    assert len(hist) == 4 and set(hist.outputs) == set(range(5))
    assert set(hist.weights) == {"0.weight", "1.weight", "4.weight"}
    p, s = params, None
    for k in range(4):
        result = nw.iterate(net, p, x, labels, s)
        assert hist.losses[k] == result.loss
        for key, g in result.grads.items():
            if key.endswith(".weight"):
                assert hist.weights[key][k] == pytest.approx(np.linalg.norm(g), rel=1e-12)
        assert hist.input[k] == pytest.approx(np.linalg.norm(result.grad_input), rel=1e-12)
        scores = result.output
        q = np.exp(scores - scores.max(axis=1, keepdims=True))
        q /= q.sum(axis=1, keepdims=True)
        dlast = (q - np.eye(2)[labels]) / 4
        assert hist.outputs[4][k] == pytest.approx(np.linalg.norm(dlast), rel=1e-12)
        p, s = result.new_params, result.new_state
    for key in params:
        np.testing.assert_array_equal(last[key], p[key])
    assert set(state) == set(s)
    with pytest.raises(ValueError, match="at least one iteration"):
        gf.run(net, params, x, labels, 0)
