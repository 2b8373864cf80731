"""The loss over two cells of any layers of a network is iterate's loss at every grid point, and the
cells are named and typed as the trace names them."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from convstudio.engine import network as nw
from convstudio.engine import network_landscape as nl
from tests.engine.networks import data_for, networks

DEEP = {
    "input": {"channels": 1, "height": 5, "width": 5},
    "layers": [
        {"type": "conv", "filters": 2, "kernel": 2},
        {"type": "relu"},
        {"type": "conv_transpose", "filters": 1, "kernel": 2, "stride": 2, "bias": False},
        {"type": "batch_norm"},
        {"type": "max_pool", "size": 2},
        {"type": "flatten"},
        {"type": "dense", "units": 3},
    ],
    "loss": "cross_entropy",
    "optimizer": {"type": "sgd", "lr": 0.1},
}


def _looped(net, params, x, target, picks, a_values, b_values):
    """The grid the slow way: iterate once per point."""
    out = np.empty((len(b_values), len(a_values)))
    for i, b in enumerate(b_values):
        for j, a in enumerate(a_values):
            moved = {k: v.copy() for k, v in params.items()}
            moved[picks[0][0]][picks[0][1]] = a
            moved[picks[1][0]][picks[1][1]] = b
            out[i, j] = nw.iterate(net, moved, x, target).loss
    return out


def _deep_data(seed=0):
    rng = np.random.default_rng(seed)
    return nw.init_params(DEEP, seed), rng.standard_normal((3, 1, 5, 5)), np.array([0, 2, 1])


@pytest.mark.parametrize(
    "picks",
    [
        [("0.weight", (1, 0, 0, 1)), ("6.weight", (2, 3))],  # the first filter and the head
        [("3.weight", (0,)), ("3.bias", (0,))],  # batch norm's γ and β
        [("2.weight", (1, 0, 1, 1)), ("0.bias", (0,))],  # a transposed convolution above a conv
        [("0.weight", (0, 0, 0, 0)), ("0.weight", (1, 0, 1, 0))],  # two filters of one layer
    ],
)
def test_the_grid_is_iterates_loss_at_every_point(picks):
    params, x, labels = _deep_data()
    a0, b0 = (params[k][i] for k, i in picks)
    a_values, b_values = a0 + np.linspace(-1, 1, 4), b0 + np.linspace(-2, 0.5, 3)
    got = nl.grid(DEEP, params, x, labels, picks, a_values, b_values)
    np.testing.assert_allclose(got, _looped(DEEP, params, x, labels, picks, a_values, b_values), rtol=1e-10)
    plane = nl.NetworkPlane(DEEP, params, x, labels, picks)
    assert plane.origin == (a0, b0)
    assert plane.points(np.array(a0), np.array(b0)) == pytest.approx(plane.loss, rel=1e-12)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_random_networks_and_random_picks_agree_with_iterate(data):
    net = data.draw(networks())
    seed = data.draw(st.integers(0, 1000))
    x, target = data_for(net, seed)
    params = nw.init_params(net, seed)
    every = [pick for _, pick in nl.cells(net, limit=10_000)]
    if len(every) < 2:
        assert nl.default_picks(net) is None
        return
    picks = data.draw(st.lists(st.sampled_from(every), min_size=2, max_size=2, unique=True))
    a_values = params[picks[0][0]][picks[0][1]] + np.array([-0.7, 0.0, 0.4])
    b_values = params[picks[1][0]][picks[1][1]] + np.array([-0.3, 0.9])
    got = nl.grid(net, params, x, target, picks, a_values, b_values)
    want = _looped(net, params, x, target, picks, a_values, b_values)
    np.testing.assert_allclose(got, want, rtol=1e-9, atol=1e-12)


def test_chunks_of_grid_points_give_the_same_map(monkeypatch):
    params, x, labels = _deep_data(1)
    picks = [("0.weight", (0, 0, 1, 1)), ("3.weight", (0,))]
    values = np.linspace(-1, 1, 5)
    whole = nl.grid(DEEP, params, x, labels, picks, values, values)
    monkeypatch.setattr(nl, "CHUNK_FLOATS", 1)
    np.testing.assert_array_equal(nl.grid(DEEP, params, x, labels, picks, values, values), whole)


def test_cells_are_named_as_the_trace_names_them_and_parse_back():
    listed = nl.cells(DEEP)
    symbols = [symbol for symbol, _ in listed]
    assert symbols[:3] == ["W¹1,1,1", "W¹1,1,2", "W¹1,2,1"]
    assert "γ³" in symbols and "β³" in symbols and "W⁴3,16" in symbols
    for symbol, pick in listed:
        assert nl.parse_cell(DEEP, symbol) == pick
    assert nl.parse_cell(DEEP, " W^1 2,1,2 ") == ("0.weight", (1, 0, 0, 1))
    assert nl.parse_cell(DEEP, "b¹2") == ("0.bias", (1,))
    assert nl.default_picks(DEEP) == (("0.weight", (0, 0, 0, 0)), ("0.weight", (0, 0, 0, 1)))


def test_one_layer_networks_keep_their_one_layer_names():
    net = {
        "input": {"channels": 1, "height": 3, "width": 3},
        "layers": [{"type": "conv", "filters": 1, "kernel": 2, "bias": False}, {"type": "global_avg_pool"}],
        "loss": "mse",
        "optimizer": {"type": "sgd", "lr": 0.1},
    }
    assert [s for s, _ in nl.cells(net)] == ["W11", "W12", "W21", "W22"]
    assert nl.parse_cell(net, "W21") == ("0.weight", (0, 0, 1, 0))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Q12", "is not a weight of this network: write e.g. W¹, b¹, W², γ³, β³, W⁴, b⁴"),
        ("W¹1,1", "takes 3 index"),
        ("W¹3,1,1", "outside W¹, which ends at W¹2,2,2"),
        ("γ³x", "is not a weight"),
        ("", "nothing is not a weight"),
    ],
)
def test_a_mistyped_cell_says_what_would_fit(text, message):
    with pytest.raises(ValueError, match=message):
        nl.parse_cell(DEEP, text)


def test_bad_picks_and_data_are_refused():
    params, x, labels = _deep_data()
    with pytest.raises(ValueError, match="two different"):
        nl.NetworkPlane(DEEP, params, x, labels, [("0.bias", (0,)), ("0.bias", (0,))])
    with pytest.raises(ValueError, match=r"no parameter 1\.weight"):
        nl.NetworkPlane(DEEP, params, x, labels, [("1.weight", (0,)), ("0.bias", (0,))])
    with pytest.raises(ValueError, match="labels"):
        nl.NetworkPlane(DEEP, params, x, np.array([0, 5, 1]), [("3.bias", (0,)), ("0.bias", (0,))])
