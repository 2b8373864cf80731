"""Every bundled lesson's one-layer Spec, as a network, trains exactly as run_iteration does."""

from __future__ import annotations

import numpy as np
import pytest

from convstudio.engine import lessons
from convstudio.engine import network as nw
from convstudio.engine.model import run_iteration
from convstudio.engine.spec import Spec
from convstudio.engine.spec_network import from_network, param_keys, to_network
from tests.engine.test_lessons import NAMES


@pytest.mark.parametrize("name", NAMES)
def test_network_iterate_reproduces_run_iteration_for_every_lesson(name):
    lesson = lessons.load(name)
    net = to_network(lesson.spec)
    assert nw.check(net) == []
    keys = param_keys(lesson.spec)
    params = {keys[k]: v for k, v in lesson.params.items()}
    assert set(params) == set(nw.param_shapes(net))
    velocity, state = None, None
    spec_params = lesson.params
    for _ in range(3):  # three, so that momentum's buffer is used
        it = run_iteration(lesson.spec, spec_params, lesson.x, lesson.target, velocity)
        result = nw.iterate(net, params, lesson.x, lesson.target, state)
        assert result.loss == pytest.approx(it.loss, rel=1e-12, abs=1e-15)
        for spec_name, key in keys.items():
            np.testing.assert_allclose(result.grads[key], it.grads["d" + spec_name], rtol=1e-12, atol=1e-15)
            np.testing.assert_allclose(
                result.new_params[key], it.new_params[spec_name], rtol=1e-12, atol=1e-15
            )
        spec_params, velocity = it.new_params, it.new_velocity
        params, state = result.new_params, result.new_state


@pytest.mark.parametrize("name", NAMES)
def test_from_network_gives_back_every_lessons_spec(name):
    spec = lessons.load(name).spec
    assert from_network(to_network(spec), spec.batch) == spec


def _one_layer(**changes):
    net = to_network(Spec(activation="relu", head="dense", bias=True))
    net.update(changes)
    return net


def _layers(*extra):
    net = _one_layer()
    net["layers"] = [*net["layers"][:2], *extra, *net["layers"][2:]]
    return net


CONV = {"type": "conv", "filters": 1, "kernel": 1, "bias": True}


@pytest.mark.parametrize(
    "network",
    [
        _layers(CONV),  # a second conv layer
        _layers({"type": "batch_norm"}),
        _one_layer(optimizer={"type": "adam", "lr": 0.01}),
        _one_layer(optimizer={"type": "sgd", "lr": 0.1, "weight_decay": 0.01}),
        _one_layer(input={"channels": 1, "height": 65, "width": 3}),  # beyond the window's limits
        _one_layer(
            layers=[{"type": "conv_transpose", "filters": 1, "kernel": 2}, {"type": "global_avg_pool"}]
        ),
        _one_layer(layers=[{**CONV, "kernel": 5}, {"type": "global_avg_pool"}]),  # impossible
        _one_layer(layers=[CONV, {"type": "global_avg_pool"}, {"type": "dense", "units": 2, "bias": False}]),
        _one_layer(layers=[CONV, {"type": "relu"}, {"type": "relu"}]),
    ],
    ids=[
        "two-conv",
        "batch-norm",
        "adam",
        "decay",
        "too-tall",
        "transpose",
        "impossible",
        "bias",
        "two-relu",
    ],
)
def test_from_network_is_none_for_what_the_one_layer_window_cannot_show(network):
    assert from_network(network) is None


def test_from_network_reads_a_head_and_pooling_written_by_hand():
    net = {
        "input": {"channels": 2, "height": 6, "width": 6},
        "layers": [
            {"type": "conv", "filters": 3, "kernel": 3, "padding": 1},
            {"type": "tanh"},
            {"type": "avg_pool", "size": 2, "stride": 1},
            {"type": "flatten"},
            {"type": "dense", "units": 4},
        ],
        "loss": "cross_entropy",
        "optimizer": {"type": "sgd", "lr": 0.5, "momentum": 0.9},
    }
    assert from_network(net, batch=5) == Spec(
        height=6, width=6, channels=2, batch=5, filters=3, kernel=3, padding=1, bias=True,
        activation="tanh", pooling="avg", pool_size=2, pool_stride=1, head="dense", classes=4,
        loss="cross_entropy", lr=0.5, momentum=0.9,
    )  # fmt: skip
