"""Applying an edited network: one undoable edit that keeps what still fits (input, target, each
unchanged layer's weights), stays one-layer while a Spec describes the network, refuses what the
window cannot show."""

from __future__ import annotations

import copy

import numpy as np

from convstudio.engine import lessons
from convstudio.engine import network as nw
from convstudio.engine.spec_network import to_network
from convstudio.session.session import Session


def _session(name: str) -> Session:
    s = Session()
    assert s.start(lessons.load(name))
    return s


def test_a_changed_layer_gets_seeded_weights_and_the_others_keep_theirs(qtbot):
    s = _session("two-conv-layers")
    before, x, target = s.network, s.x, s.target
    net = copy.deepcopy(before)
    net["layers"][2]["filters"] = 2  # the second conv: its weights change shape
    net["layers"].append({"type": "dense", "units": 1})
    assert s.apply_network(net, 1)
    assert s.network == net and s.deep and s.iteration == 0
    np.testing.assert_array_equal(s.params["0.weight"], lessons.load("two-conv-layers").params["0.weight"])
    fresh = nw.init_params(net, s.seed)
    np.testing.assert_array_equal(s.params["2.weight"], fresh["2.weight"])
    np.testing.assert_array_equal(s.x, x)
    assert s.target.shape == (1, 1) and np.array_equal(s.target, target)  # still fits, so it stays
    s.undo_stack.undo()
    assert s.network == before


def test_a_new_input_shape_gets_seeded_images_and_a_target_of_the_new_output(qtbot):
    s = _session("two-conv-layers")
    net = copy.deepcopy(s.network)
    net["input"]["height"] = 6
    net["layers"][-1] = {"type": "flatten"}
    assert s.apply_network(net, 2)
    assert s.x.shape == (2, 1, 6, 4) and s.x.min() >= 0 and s.x.max() <= 1
    assert s.target.shape == (2, 4 * 2) and np.all(s.target == 1)
    again = _session("two-conv-layers")
    assert again.apply_network(net, 2)
    np.testing.assert_array_equal(again.x, s.x)  # by seed


def test_a_network_the_window_cannot_show_is_refused_with_its_reason_and_nothing_changes(qtbot):
    s = _session("two-conv-layers")
    before = s.network
    net = copy.deepcopy(before)
    net["layers"][2]["kernel"] = 5
    with qtbot.waitSignal(s.failed) as failed:
        assert not s.apply_network(net, 1)
    assert "layer 3 (conv)" in failed.args[0] and s.network == before and not s.undo_stack.canUndo()


def test_a_one_layer_session_stays_one_while_a_spec_describes_the_network(qtbot):
    s = _session("worked-example")
    spec = s.spec
    assert s.apply_network(to_network(spec.replace(filters=2)), spec.batch)
    assert not s.deep and s.spec == spec.replace(filters=2)
    deeper = to_network(spec)
    deeper["layers"].insert(1, {"type": "tanh"})
    deeper["layers"].insert(2, {"type": "conv", "filters": 1, "kernel": 1})
    assert s.apply_network(deeper, spec.batch)
    assert s.deep and s.network == deeper
    s.undo_stack.undo()
    assert s.spec == spec.replace(filters=2)


def test_a_layer_moved_in_the_editor_keeps_its_weights_at_its_new_place(qtbot):
    s = _session("two-conv-layers")
    old = s.params
    net = copy.deepcopy(s.network)
    net["layers"].insert(1, net["layers"].pop(2))  # conv, conv, relu, relu, global_avg_pool
    assert not np.array_equal(old["2.weight"], nw.init_params(net, s.seed)["1.weight"])
    assert s.apply_network(net, 1, origins=[0, 2, 1, 3, 4])
    np.testing.assert_array_equal(s.params["1.weight"], old["2.weight"])
    np.testing.assert_array_equal(s.params["0.weight"], old["0.weight"])
    s.undo_stack.undo()
    assert s.apply_network(net, 1)  # without origins, the layer at index 1 was a ReLU: fresh weights
    np.testing.assert_array_equal(s.params["1.weight"], nw.init_params(net, s.seed)["1.weight"])
