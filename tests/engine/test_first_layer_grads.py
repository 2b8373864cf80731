"""A first layer's weight gradient without its input gradient (ops.conv2d_weight_grad, on both
routes), ReLU's backward as a product with its mask, and Result.grad_input computed when read:
each the same numbers as before, against the loops and finite differences."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings

from convstudio.engine import conv_plans, ops
from convstudio.engine import network as nw
from tests.engine import reference as ref
from tests.engine.test_ops import conv_cases


@settings(max_examples=60, deadline=None)
@given(conv_cases())
def test_the_weight_gradient_alone_matches_the_loops(case):
    x, w, b, kwargs, pairs = case
    y = ops.conv2d_forward(x, w, b, **kwargs)
    grad_y = np.random.default_rng(2).standard_normal(y.shape)
    grad_w, grad_b = ops.conv2d_weight_grad(x, w, grad_y, bias=b is not None, **kwargs)
    _, want_w, want_b = ref.conv2d_grads(x, w, grad_y, **pairs)
    np.testing.assert_allclose(grad_w, want_w, rtol=1e-12, atol=1e-12)
    if b is None:
        assert grad_b is None
    else:
        np.testing.assert_allclose(grad_b, want_b, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("seed", range(6))
def test_the_weight_gradient_alone_on_the_blocked_route(seed, monkeypatch):
    monkeypatch.setattr(conv_plans, "_TINY", -1)
    monkeypatch.setattr(conv_plans, "_SMALL", -1)
    monkeypatch.setattr(conv_plans, "_BLOCK", 40)
    ops._setup.cache_clear()
    rng = np.random.default_rng(seed)
    pairs = {"stride": (1, 2), "padding": (1, 0), "dilation": (1, 1)}
    x = rng.standard_normal((5 + seed, 2, 6, 7))
    w = rng.standard_normal((3, 2, 3, 2))
    try:
        assert ops._setup_of(x, w, *pairs.values())[1] is None
        grad_y = rng.standard_normal(ops.conv2d_forward(x, w, **pairs).shape)
        grad_w, grad_b = ops.conv2d_weight_grad(x, w, grad_y, **pairs)
        _, want_w, want_b = ops.conv2d_backward(x, w, grad_y, **pairs)
        np.testing.assert_allclose(grad_w, ref.conv2d_grads(x, w, grad_y, **pairs)[1], rtol=1e-12, atol=1e-12)
        np.testing.assert_array_equal(grad_w, want_w)
        np.testing.assert_array_equal(grad_b, want_b)
    finally:
        ops._setup.cache_clear()


def test_relu_backward_is_the_select_bit_for_bit_even_for_huge_and_negative_gradients():
    rng = np.random.default_rng(0)
    x = rng.standard_normal((4, 3, 9, 9))
    x[0, 0, 0, :3] = 0.0
    g = rng.standard_normal(x.shape)
    got = ops.relu_backward(x, g)
    want = np.where(x > 0, g, 0.0)
    np.testing.assert_array_equal(got, want)
    assert not np.signbit(got[x <= 0]).any()  # 0.0, never -0.0
    g[x <= 0] = np.inf  # a diverged run: inf where the mask is 0 still gives 0
    g[1, 1, 1, 1] = np.nan
    np.testing.assert_array_equal(ops.relu_backward(x, g), np.where(x > 0, g, 0.0))


NETWORK = {
    "input": {"channels": 2, "height": 6, "width": 6},
    "layers": [
        {"type": "conv", "filters": 3, "kernel": 3, "padding": 1},
        {"type": "relu"},
        {"type": "max_pool", "size": 2},
        {"type": "flatten"},
        {"type": "dense", "units": 4},
    ],
    "loss": "cross_entropy",
    "optimizer": {"type": "adam", "lr": 0.01},
}


@pytest.mark.parametrize("first", ["conv", "dense"])
def test_the_input_gradient_read_later_matches_finite_differences(first):
    network = NETWORK if first == "conv" else {**NETWORK, "layers": NETWORK["layers"][3:]}
    rng = np.random.default_rng(3)
    params = nw.init_params(network, seed=1)
    x = rng.standard_normal((3, 2, 6, 6))
    labels = np.array([0, 3, 1])
    result = nw.iterate(network, params, x, labels)
    grad = result.grad_input
    assert grad.shape == x.shape and result.grad_input is grad  # computed once, then kept
    eps = 1e-6
    for index in [(0, 0, 0, 0), (1, 1, 2, 3), (2, 0, 5, 4)]:
        up, down = x.copy(), x.copy()
        up[index] += eps
        down[index] -= eps
        slope = (
            nw.iterate(network, params, up, labels).loss - nw.iterate(network, params, down, labels).loss
        ) / (2 * eps)
        assert grad[index] == pytest.approx(slope, rel=1e-6, abs=1e-9)


def test_the_input_gradient_read_later_keeps_the_error_handling_of_the_iteration():
    params = {k: np.full_like(v, 1e200) for k, v in nw.init_params(NETWORK).items()}
    x = np.random.default_rng(0).standard_normal((2, 2, 6, 6))
    with np.errstate(all="ignore"):
        result = nw.iterate(NETWORK, params, x, np.array([0, 1]))
    grad = result.grad_input  # outside the errstate: no RuntimeWarning (pytest makes them errors)
    assert not np.isfinite(grad).all()
