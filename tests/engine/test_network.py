"""The network contract: check's sentences, init_params, iterate's results, state and bad data."""

from __future__ import annotations

import copy

import numpy as np
import pytest

from convstudio.engine import network as nw


def _net(layers, loss="mse", optimizer=None, **input_):
    return {
        "input": {"channels": 1, "height": 4, "width": 4, **input_},
        "layers": layers,
        "loss": loss,
        "optimizer": optimizer or {"type": "sgd", "lr": 0.1},
    }


CONV = {"type": "conv", "filters": 2, "kernel": 3, "padding": 1}
DIGITS = _net(
    [
        CONV,
        {"type": "batch_norm"},
        {"type": "relu"},
        {"type": "max_pool", "size": 2},
        {"type": "global_avg_pool"},
        {"type": "dense", "units": 3},
    ],
    loss="cross_entropy",
    optimizer={"type": "adam", "lr": 0.01},
)


@pytest.mark.parametrize(
    ("network", "sentence"),
    [
        (
            _net([CONV, {"type": "max_pool", "size": 2}, {"type": "conv", "filters": 1, "kernel": 3}]),
            "layer 3 (conv): a 3x3 filter does not fit the 2x2 maps that layer 2's pooling leaves; "
            "use padding 1 or a smaller filter",
        ),
        (
            _net([{"type": "conv", "filters": 1, "kernel": 5}]),
            "layer 1 (conv): a 5x5 filter does not fit the 4x4 input",
        ),
        (
            _net([{"type": "dense", "units": 2}]),
            "layer 1 (dense): takes features (N, in) but gets the 4x4 input",
        ),
        (
            _net([{"type": "global_avg_pool"}, {"type": "conv", "filters": 1, "kernel": 1}]),
            "layer 2 (conv): needs maps (N, C, H, W) but gets the 1 feature that layer 1's "
            "global average pooling",
        ),
        (
            _net([{"type": "global_avg_pool"}, {"type": "max_pool", "size": 1}]),
            "layer 2 (max_pool): needs maps",
        ),
        (
            _net([{"type": "conv_transpose", "filters": 1, "kernel": 2, "stride": 2, "output_padding": 2}]),
            "layer 1 (conv_transpose): output_padding 2 must be smaller than the stride 2",
        ),
        (
            _net([{"type": "conv", "filters": 1, "kernel": 2, "padding": -1}]),
            "layer 1 (conv): padding must be 0 or more",
        ),
        (
            _net([{"type": "conv", "filters": 0, "kernel": 2}]),
            "layer 1 (conv): filters must be a whole number of at least 1",
        ),
        (
            _net([{"type": "dense", "units": 0}]),
            "layer 1 (dense): units must be a whole number of at least 1",
        ),
        (_net([{"type": "conv", "kernel": 2}]), "layer 1 (conv): the field 'filters' is missing"),
        (_net([{"type": "conv", "filters": 1, "kernel": 2, "stirde": 1}]), "did you mean 'stride'?"),
        (
            _net([{"type": "max_pool", "size": 2, "padding": 1}]),
            "layer 1 (max_pool): it has an unknown field 'padding'",
        ),
        (
            _net([{"type": "conv_transpose", "filters": 1, "kernel": 1, "dilation": 2}]),
            "unknown field 'dilation'",
        ),
        (_net([{"type": "softmax"}]), "layer 1: unknown type 'softmax'"),
        (_net([{"type": "relu"}], loss="hinge"), "loss must be one of mse, cross_entropy"),
        (_net([{"type": "relu"}], loss="cross_entropy"), "the loss cross_entropy needs class scores (N, K)"),
        (
            _net([{"type": "relu"}], optimizer={"type": "rmsprop", "lr": 1}),
            "optimizer: unknown type 'rmsprop'",
        ),
        (_net([{"type": "relu"}], optimizer={"type": "sgd"}), "the sgd optimizer: the field 'lr' is missing"),
        (
            _net([{"type": "relu"}], optimizer={"type": "sgd", "lr": 1, "nesterov": True}),
            "unknown field 'nesterov'",
        ),
        (_net([{"type": "relu"}], optimizer={"type": "adam", "lr": 1, "betas": [0.9, 1.5]}), "betas must be"),
        (_net([{"type": "relu"}], depth=3), "input has an unknown field 'depth'"),
        (_net([{"type": "relu"}], height=0), "input: height must be a whole number of at least 1"),
        (dict(_net([{"type": "relu"}]), colour=True), "the network has an unknown field 'colour'"),
        (_net([]), "layers must be a list of at least one layer"),
    ],
)
def test_check_says_what_is_wrong_and_iterate_raises_it(network, sentence):
    problems = nw.check(network)
    assert any(p.startswith(sentence) or sentence in p for p in problems), problems
    with pytest.raises(nw.NetworkError) as raised:
        nw.iterate(network, {}, np.zeros((2, 1, 4, 4)), np.zeros((2, 1)))
    assert [s for _, s in raised.value.problems] == problems
    with pytest.raises(ValueError):
        nw.init_params(network)
    with pytest.raises(ValueError):
        nw.predict(network, {}, np.zeros((2, 1, 4, 4)))


def test_check_finds_every_problem_and_never_raises():
    network = _net(
        [
            {"type": "conv", "filters": 0, "kernel": 2},
            {"type": "global_avg_pool"},
            {"type": "conv", "filters": 1, "kernel": 1},
        ],
        loss="l1",
    )
    problems = nw.check(network)
    assert (
        len(problems) == 3
        and problems[1].startswith("layer 1 (conv)")
        and problems[2].startswith("layer 3 (conv)")
    )
    for odd in (
        None,
        3,
        "net",
        [],
        {"layers": [None, 1, "x"]},
        {"input": [], "layers": {}, "loss": 1, "optimizer": 2},
    ):
        assert nw.check(odd), odd
    assert nw.check(DIGITS) == []


def test_init_params_has_pytorchs_shapes_and_bounds_and_its_own_generator():
    network = _net(
        [
            CONV,
            {"type": "batch_norm"},
            {"type": "conv_transpose", "filters": 3, "kernel": 2, "stride": 2, "bias": False},
            {"type": "flatten"},
            {"type": "dense", "units": 5},
        ]
    )
    state = np.random.get_state()
    params = nw.init_params(network, seed=4)
    assert np.random.get_state()[1].tolist() == state[1].tolist()
    shapes = {k: v.shape for k, v in params.items()}
    assert shapes == {
        "0.weight": (2, 1, 3, 3),
        "0.bias": (2,),
        "1.weight": (2,),
        "1.bias": (2,),
        "2.weight": (2, 3, 2, 2),
        "4.weight": (5, 3 * 8 * 8),
        "4.bias": (5,),
    }
    assert np.abs(params["0.weight"]).max() <= 1 / 3 and np.abs(params["0.weight"]).max() > 0.2
    assert np.abs(params["2.weight"]).max() <= 1 / np.sqrt(3 * 4)
    np.testing.assert_array_equal(params["1.weight"], 1.0)
    np.testing.assert_array_equal(params["1.bias"], 0.0)
    again = nw.init_params(network, seed=4)
    assert all(np.array_equal(params[k], again[k]) for k in params)
    assert not np.array_equal(nw.init_params(network, seed=5)["0.weight"], params["0.weight"])
    assert all(v.dtype == np.float64 for v in params.values())


def _digits_data(n=6):
    rng = np.random.default_rng(1)
    return rng.standard_normal((n, 1, 4, 4)), rng.integers(0, 3, n)


def test_running_stats_follow_pytorch_and_predict_uses_them_without_changing_state():
    x, labels = _digits_data()
    params = nw.init_params(DIGITS)
    result = nw.iterate(DIGITS, params, x, labels)
    h = nw.layer_inputs(DIGITS, params, x)[1]  # batch norm's input
    count = h.shape[0] * h.shape[2] * h.shape[3]
    mean, var = h.mean(axis=(0, 2, 3)), h.var(axis=(0, 2, 3))
    np.testing.assert_allclose(result.new_state["1.running_mean"], 0.1 * mean, rtol=1e-12)
    np.testing.assert_allclose(
        result.new_state["1.running_var"], 0.9 + 0.1 * var * count / (count - 1), rtol=1e-12
    )
    frozen = {k: (np.array(v) if isinstance(v, np.ndarray) else v) for k, v in result.new_state.items()}
    for v in frozen.values():
        if isinstance(v, np.ndarray):
            v.setflags(write=False)
    before = copy.deepcopy(frozen)
    scores = nw.predict(DIGITS, result.new_params, x, frozen)
    assert scores.shape == (6, 3)
    assert all(np.array_equal(frozen[k], before[k]) for k in frozen)
    # predict normalises with the running statistics, so one image alone gives its own scores
    np.testing.assert_allclose(nw.predict(DIGITS, result.new_params, x[:1], frozen), scores[:1], rtol=1e-12)
    second = nw.iterate(DIGITS, result.new_params, x, labels, frozen)
    assert second.new_state["0.weight.step"] == 2
    assert second.loss < result.loss


def test_iterate_modifies_nothing_it_is_given_and_returns_the_contracts_result():
    x, labels = _digits_data()
    params = nw.init_params(DIGITS)
    for v in (*params.values(), x, labels):
        v.setflags(write=False)
    network = copy.deepcopy(DIGITS)
    saved = {k: v.copy() for k, v in params.items()}
    result = nw.iterate(network, params, x, labels)
    assert network == DIGITS
    assert all(np.array_equal(params[k], saved[k]) for k in params)
    assert isinstance(result.loss, float)
    assert result.grads.keys() == result.new_params.keys() == params.keys()
    assert result.grad_input.shape == x.shape and result.output.shape == (6, 3)
    assert all(v.dtype == np.float64 for v in (*result.grads.values(), *result.new_params.values()))


def test_a_layer_without_bias_has_no_bias_key():
    network = _net([{"type": "conv", "filters": 1, "kernel": 2, "bias": False}, {"type": "global_avg_pool"}])
    params = nw.init_params(network)
    assert set(params) == {"0.weight"}
    result = nw.iterate(network, params, np.ones((1, 1, 4, 4)), np.zeros((1, 1)))
    assert set(result.grads) == set(result.new_params) == {"0.weight"}


@pytest.mark.parametrize(
    ("x", "target", "message"),
    [
        (np.zeros((6, 1, 5, 4)), None, "the input must have shape"),
        (np.zeros((6, 4, 4)), None, "the input must have shape"),
        (None, np.array([0, 1, 2, 0, 1, 3]), "class numbers from 0 to 2"),
        (None, np.array([0, 1, 2, 0, 1, -1]), "class numbers from 0 to 2"),
        (None, np.array([0.0, 1, 2, 0, 1, 1]), "whole class number"),
        (None, np.array([0, 1, 2]), "6 whole class number"),
    ],
)
def test_data_that_does_not_fit_is_refused(x, target, message):
    good_x, good_labels = _digits_data()
    params = nw.init_params(DIGITS)
    with pytest.raises(ValueError, match=message):
        nw.iterate(DIGITS, params, good_x if x is None else x, good_labels if target is None else target)


def test_mse_needs_a_target_of_exactly_the_output_shape_and_params_must_fit():
    network = _net([CONV])
    params = nw.init_params(network)
    with pytest.raises(ValueError, match="the output's shape"):
        nw.iterate(network, params, np.zeros((2, 1, 4, 4)), np.zeros((2, 32)))
    with pytest.raises(ValueError, match=r"'0\.bias' .* is missing"):
        nw.iterate(network, {"0.weight": params["0.weight"]}, np.zeros((2, 1, 4, 4)), np.zeros((2, 2, 4, 4)))
    with pytest.raises(ValueError, match="must have shape"):
        nw.iterate(
            network, dict(params, **{"0.bias": np.zeros(3)}), np.zeros((2, 1, 4, 4)), np.zeros((2, 2, 4, 4))
        )
    with pytest.raises(ValueError, match="belong to no layer"):
        nw.iterate(network, dict(params, extra=np.zeros(1)), np.zeros((2, 1, 4, 4)), np.zeros((2, 2, 4, 4)))
    with pytest.raises(ValueError, match="does not use"):
        nw.iterate(network, params, np.zeros((2, 1, 4, 4)), np.zeros((2, 2, 4, 4)), {"0.weight.exp_avg": 0})


def test_batch_norm_refuses_a_single_value_per_channel_in_training():
    network = _net([{"type": "global_avg_pool"}, {"type": "batch_norm"}])
    with pytest.raises(ValueError, match=r"layer 2 \(batch_norm\): training needs more than one value"):
        nw.iterate(network, nw.init_params(network), np.ones((1, 1, 4, 4)), np.zeros((1, 1)))
    assert nw.predict(network, nw.init_params(network), np.ones((1, 1, 4, 4))).shape == (1, 1)
