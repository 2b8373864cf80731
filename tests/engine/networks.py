"""Random small networks of every layer type (and their data) for property tests."""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st

from convstudio.engine import network as nw

MAP_LAYERS = ["conv", "conv_transpose", "relu", "sigmoid", "tanh", "max_pool", "avg_pool", "batch_norm"]
FEATURE_LAYERS = ["relu", "sigmoid", "tanh", "batch_norm", "dense", "flatten"]


def _pair(draw, low, high):
    return draw(st.one_of(st.integers(low, high), st.lists(st.integers(low, high), min_size=2, max_size=2)))


def _layer(draw, kind):
    if kind == "conv":
        return {
            "type": "conv",
            "filters": draw(st.integers(1, 3)),
            "kernel": _pair(draw, 1, 3),
            "stride": _pair(draw, 1, 2),
            "padding": _pair(draw, 0, 1),
            "dilation": _pair(draw, 1, 2),
            "bias": draw(st.booleans()),
        }
    if kind == "conv_transpose":
        stride = draw(st.integers(1, 2))
        return {
            "type": "conv_transpose",
            "filters": draw(st.integers(1, 3)),
            "kernel": _pair(draw, 1, 3),
            "stride": stride,
            "padding": draw(st.integers(0, 1)),
            "output_padding": draw(st.integers(0, stride - 1)),
            "bias": draw(st.booleans()),
        }
    if kind in ("max_pool", "avg_pool"):
        layer = {"type": kind, "size": _pair(draw, 1, 2)}
        if draw(st.booleans()):
            layer["stride"] = _pair(draw, 1, 2)
        return layer
    if kind == "batch_norm":
        return {"type": "batch_norm", "eps": draw(st.sampled_from([1e-5, 1e-3])), "momentum": 0.1}
    if kind == "dense":
        return {"type": "dense", "units": draw(st.integers(1, 4)), "bias": draw(st.booleans())}
    return {"type": kind}


def _optimizer(draw):
    if draw(st.booleans()):
        return {
            "type": "sgd",
            "lr": draw(st.sampled_from([0.01, 0.1])),
            "momentum": draw(st.sampled_from([0.0, 0.9])),
            "weight_decay": draw(st.sampled_from([0.0, 0.01])),
        }
    return {
        "type": "adam",
        "lr": draw(st.sampled_from([0.001, 0.01])),
        "betas": [draw(st.sampled_from([0.9, 0.5])), 0.999],
        "eps": 1e-8,
        "weight_decay": draw(st.sampled_from([0.0, 0.01])),
    }


@st.composite
def networks(draw, kinds=None):
    """A random network that can be built; ``kinds`` limits the layer types of its maps part."""
    net = {
        "input": {
            "channels": draw(st.integers(1, 2)),
            "height": draw(st.integers(3, 6)),
            "width": draw(st.integers(3, 6)),
        },
        "layers": [],
        "loss": "mse",
        "optimizer": _optimizer(draw),
    }
    for kind in draw(st.lists(st.sampled_from(kinds or MAP_LAYERS), min_size=1, max_size=4)):
        _append_if_fits(net, _layer(draw, kind))
    if draw(st.booleans()):
        _append_if_fits(net, {"type": draw(st.sampled_from(["global_avg_pool", "flatten"]))})
        for kind in draw(st.lists(st.sampled_from(FEATURE_LAYERS), max_size=3)):
            _append_if_fits(net, _layer(draw, kind))
        net["loss"] = draw(st.sampled_from(["mse", "cross_entropy"]))
    if not net["layers"]:
        net["layers"].append({"type": "relu"})
    return net


def _append_if_fits(net, layer):
    net["layers"].append(layer)
    if nw.check(net):
        net["layers"].pop()


def data_for(net, seed, batch=None):
    """Seeded input and a target (or labels) that fit the network."""
    rng = np.random.default_rng(seed)
    n = batch or int(rng.integers(2, 4))
    shape = (n, net["input"]["channels"], net["input"]["height"], net["input"]["width"])
    x = rng.standard_normal(shape)
    params = nw.init_params(net, seed)
    out = nw.predict(net, params, x)
    if net["loss"] == "cross_entropy":
        return x, rng.integers(0, out.shape[1], n)
    return x, rng.standard_normal(out.shape)
