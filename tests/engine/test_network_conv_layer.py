"""Any conv layer of a network slides like the one-layer convolution: I ⋆ dL/do is that layer's dL/dW,
and the full convolution with the flipped filters is the gradient reaching the layer below."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from convstudio.engine import network as nw
from convstudio.engine.network_conv_layer import ConvLayer, conv_layers
from convstudio.engine.network_trace import NetworkTrace
from tests.engine.networks import data_for, networks

TWO_CONV = {
    "input": {"channels": 2, "height": 6, "width": 6},
    "layers": [
        {"type": "conv", "filters": 3, "kernel": 3, "padding": 1, "bias": True},
        {"type": "relu"},
        {"type": "max_pool", "size": 2},
        {"type": "conv", "filters": 2, "kernel": 2, "stride": 1, "dilation": 2, "bias": False},
        {"type": "tanh"},
        {"type": "global_avg_pool"},
        {"type": "dense", "units": 3},
    ],
    "loss": "cross_entropy",
    "optimizer": {"type": "sgd", "lr": 0.1, "momentum": 0.9},
}


def test_the_second_conv_layers_input_gradient_is_the_gradient_of_the_first_layers_pooled_maps():
    rng = np.random.default_rng(0)
    x, labels = rng.standard_normal((2, 2, 6, 6)), np.array([0, 2])
    params = nw.init_params(TWO_CONV, 1)
    trace = NetworkTrace.of(TWO_CONV, params, x, labels)
    assert conv_layers(trace) == [0, 3]
    result = nw.iterate(TWO_CONV, params, x, labels)
    second = ConvLayer.of(trace, 3)
    inputs = nw.layer_inputs(TWO_CONV, params, x)
    np.testing.assert_array_equal(second.x, inputs[3])
    assert second.b is None and second.grad_b is None
    cor = second.correlation()
    np.testing.assert_allclose(cor.grad_w(), result.grads["3.weight"], rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(cor.grad_x(), trace.grads["d2:out"], rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(cor.output(), trace.values["3:out"], rtol=1e-12, atol=1e-15)
    first = ConvLayer.of(trace, 0)
    cor = first.correlation()
    np.testing.assert_allclose(cor.grad_w(), result.grads["0.weight"], rtol=1e-12, atol=1e-15)
    np.testing.assert_allclose(cor.grad_x(), result.grad_input, rtol=1e-12, atol=1e-15)
    assert first.grad_b is not None
    np.testing.assert_allclose(first.grad_y.sum(axis=(0, 2, 3)), result.grads["0.bias"], rtol=1e-12)


def test_the_unrolled_matrix_of_a_deep_layer_gives_its_output_and_its_gradient():
    rng = np.random.default_rng(4)
    x, labels = rng.standard_normal((2, 2, 6, 6)), np.array([1, 1])
    params = nw.init_params(TWO_CONV, 2)
    layer = ConvLayer.run(TWO_CONV, params, x, labels, 3)
    u = layer.unrolled()
    for f in range(layer.w.shape[0]):
        out = sum(u.apply(layer.w[f, c], layer.x[:, c]) for c in range(layer.w.shape[1]))
        np.testing.assert_allclose(out, nw.layer_inputs(TWO_CONV, params, x)[4][:, f], rtol=1e-12)
        for c in range(layer.w.shape[1]):
            tied = u.tied_sums(layer.grad_y[:, f], layer.x[:, c])
            np.testing.assert_allclose(tied, layer.grad_w[f, c], rtol=1e-12, atol=1e-15)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_every_conv_layer_of_random_networks_slides_to_backprops_gradients(data):
    net = data.draw(networks(kinds=["conv", "conv", "relu", "avg_pool", "batch_norm", "conv_transpose"]))
    seed = data.draw(st.integers(0, 1000))
    x, target = data_for(net, seed)
    params = nw.init_params(net, seed)
    trace = NetworkTrace.of(net, params, x, target)
    result = nw.iterate(net, params, x, target)
    for i in conv_layers(trace):
        layer = ConvLayer.of(trace, i)
        cor = layer.correlation()
        np.testing.assert_allclose(cor.grad_w(), result.grads[f"{i}.weight"], rtol=1e-10, atol=1e-13)
        below = result.grad_input if i == 0 else trace.grads[f"d{i - 1}:out"]
        np.testing.assert_allclose(cor.grad_x(), below, rtol=1e-10, atol=1e-13)


def test_a_layer_that_is_not_a_conv_layer_is_refused_with_the_ones_that_are():
    rng = np.random.default_rng(0)
    trace = NetworkTrace.of(TWO_CONV, nw.init_params(TWO_CONV), rng.standard_normal((2, 2, 6, 6)), [0, 1])
    with pytest.raises(ValueError, match=r"layer 2 is not a conv layer .* layer 1, layer 4"):
        ConvLayer.of(trace, 1)
    with pytest.raises(ValueError, match="layer 9 is not"):
        ConvLayer.of(trace.rec, 8)
