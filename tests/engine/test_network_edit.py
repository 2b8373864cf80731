"""Editing a network as plain data: every new layer, moving and removing, and problems by layer."""

from __future__ import annotations

import pytest

from convstudio.engine import layers, network_edit
from convstudio.engine.network_check import check_network

NET = {
    "input": {"channels": 1, "height": 6, "width": 6},
    "layers": [{"type": "conv", "filters": 2, "kernel": 3}, {"type": "relu"}, {"type": "global_avg_pool"}],
    "loss": "mse",
    "optimizer": {"type": "sgd", "lr": 0.1},
}


def test_a_new_layer_of_every_type_of_the_contract_builds_in_place():
    assert set(network_edit.NEW_LAYER) == set(layers.TYPES)
    for kind, kind_of in layers.TYPES.items():
        # on maps before the pooling, on the features after it, or in the pooling's place
        start = network_edit.removed(NET, 2) if kind == "global_avg_pool" else NET
        at = 1 if kind_of.needs_maps else len(start["layers"])
        net = network_edit.inserted(start, at, network_edit.new_layer(kind))
        assert net["layers"][at]["type"] == kind
        assert check_network(net).problems == [], kind


def test_editing_never_changes_the_network_it_was_given():
    before = repr(NET)
    network_edit.moved(network_edit.removed(network_edit.inserted(NET, 0, {"type": "tanh"}), 1), 0, 1)
    network_edit.with_optimizer(NET, "adam")
    assert repr(NET) == before


def test_moving_a_layer_swaps_it_with_its_neighbour_and_stops_at_the_ends():
    types = lambda net: [layer["type"] for layer in net["layers"]]  # noqa: E731
    assert types(network_edit.moved(NET, 1, -1)) == ["relu", "conv", "global_avg_pool"]
    assert types(network_edit.moved(NET, 1, +1)) == ["conv", "global_avg_pool", "relu"]
    assert types(network_edit.moved(NET, 0, -1)) == types(NET)
    assert types(network_edit.removed(NET, 1)) == ["conv", "global_avg_pool"]


def test_the_review_gives_each_layer_its_shape_and_files_each_problem_under_its_layer():
    fine = network_edit.review(NET)
    assert fine.shapes == [(2, 4, 4), (2, 4, 4), (2,)] and fine.problems == []
    broken = network_edit.inserted(NET, 3, {"type": "conv", "filters": 1, "kernel": 2})
    review = network_edit.review(broken)
    assert list(review.by_layer) == [3] and review.by_layer[3][0].startswith("layer 4 (conv): ")
    assert review.shapes[3] is None and review.shapes[:3] == fine.shapes
    too_big = {**NET, "layers": [*NET["layers"][:1], {"type": "conv", "filters": 1, "kernel": 9}]}
    assert review.problems and network_edit.review(too_big).by_layer[1][0].startswith("layer 2 (conv): ")


def test_the_window_limits_count_as_problems_under_the_layer_they_name():
    many = {**NET, "layers": [{"type": "relu"}] * 9}
    assert any("up to 8 layers" in p for p in network_edit.review(many).general)
    assert any("batches of up to" in p for p in network_edit.review(NET, batch=10_000).general)
    wide = network_edit.review({**NET, "layers": [{"type": "conv", "filters": 99, "kernel": 3}]})
    assert wide.by_layer[0][0].startswith("layer 1 (conv): the window shows filters up to")
    assert wide.shapes == [(99, 4, 4)]  # it can be built, so its shape is known


def test_another_optimiser_keeps_the_learning_rate_and_takes_its_own_fields():
    adam = network_edit.with_optimizer(NET, "adam")["optimizer"]
    assert adam == {"type": "adam", "lr": 0.1, "betas": [0.9, 0.999], "eps": 1e-8, "weight_decay": 0.0}
    assert check_network({**NET, "optimizer": adam}).problems == []
    with pytest.raises(ValueError, match="unknown layer type 'lstm'"):
        network_edit.new_layer("lstm")


def test_the_same_network_written_two_ways_is_the_same_and_a_changed_field_is_not():
    written_out = network_edit.inserted(network_edit.removed(NET, 0), 0, network_edit.new_layer("conv"))
    written_out["layers"][0].update(filters=2, kernel=[3, 3], bias=True)
    written_out["optimizer"] = {"type": "sgd", "lr": 0.1, "momentum": 0.0, "weight_decay": 0.0}
    assert network_edit.same(NET, written_out)
    written_out["layers"][0]["padding"] = 1
    assert not network_edit.same(NET, written_out)
    assert not network_edit.same(NET, {**NET, "loss": "cross_entropy"})
