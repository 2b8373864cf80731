"""iterate's gradients agree with finite differences for every parameter and the input, over
random networks of every layer type."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from convstudio.engine import network as nw
from tests.engine.networks import MAP_LAYERS, data_for, networks
from tests.engine.reference import numeric_grad


def _loss(net, params, x, target):
    return nw.iterate(net, params, x, target).loss


def _far_from_kinks(net, params, x, margin=1e-4):
    """Max-pool ties and ReLU's corner make a finite difference meaningless; keep away from them."""
    for layer, h in zip(net["layers"], nw.layer_inputs(net, params, x), strict=False):
        if layer["type"] == "relu" and np.min(np.abs(h)) < margin:
            return False
        if layer["type"] == "max_pool":
            size = layer["size"] if isinstance(layer["size"], list) else [layer["size"]] * 2
            stride = layer.get("stride", size)
            stride = stride if isinstance(stride, list) else [stride] * 2
            if size[0] * size[1] == 1:
                continue
            windows = np.lib.stride_tricks.sliding_window_view(h, size, axis=(2, 3))
            windows = windows[:, :, :: stride[0], :: stride[1]].reshape(*h.shape[:2], -1, size[0] * size[1])
            top = np.sort(windows, axis=-1)
            if np.min(top[..., -1] - top[..., -2]) < margin:
                return False
    return True


@pytest.mark.parametrize("kind", MAP_LAYERS)
@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much]
)
@given(data=st.data())
def test_every_gradient_matches_finite_differences(kind, data):
    net = data.draw(networks(kinds=[kind, "conv", "tanh"]))
    seed = data.draw(st.integers(0, 1000))
    x, target = data_for(net, seed)
    params = nw.init_params(net, seed)
    assume(_far_from_kinks(net, params, x))
    result = nw.iterate(net, params, x, target)
    for name, value in params.items():
        numeric = numeric_grad(lambda: _loss(net, params, x, target), value)
        np.testing.assert_allclose(result.grads[name], numeric, rtol=1e-5, atol=1e-7, err_msg=name)
    numeric_x = numeric_grad(lambda: _loss(net, params, x, target), x)
    np.testing.assert_allclose(result.grad_input, numeric_x, rtol=1e-5, atol=1e-7)
