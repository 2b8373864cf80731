"""Transposed convolution and batch norm agree with their naive loops and with finite differences."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from convstudio.engine import norm_ops, pool_tiles, transpose_ops
from tests.engine import reference as ref


@st.composite
def transposed(draw):
    rng = np.random.default_rng(draw(st.integers(0, 10_000)))
    N, C, F = draw(st.integers(1, 3)), draw(st.integers(1, 3)), draw(st.integers(1, 3))
    H, W = draw(st.integers(1, 5)), draw(st.integers(1, 5))
    kh, kw = draw(st.integers(1, 4)), draw(st.integers(1, 4))
    stride = (draw(st.integers(1, 3)), draw(st.integers(1, 3)))
    out_pad = (draw(st.integers(0, stride[0] - 1)), draw(st.integers(0, stride[1] - 1)))
    padding = (draw(st.integers(0, 1)), draw(st.integers(0, 1)))
    if (H - 1) * stride[0] - 2 * padding[0] + kh + out_pad[0] < 1:
        padding = (0, padding[1])
    if (W - 1) * stride[1] - 2 * padding[1] + kw + out_pad[1] < 1:
        padding = (padding[0], 0)
    x = rng.standard_normal((N, C, H, W))
    w = rng.standard_normal((C, F, kh, kw))
    b = rng.standard_normal(F) if draw(st.booleans()) else None
    return x, w, b, {"stride": stride, "padding": padding, "output_padding": out_pad}, rng


@settings(max_examples=80, deadline=None)
@given(case=transposed())
def test_conv_transpose_matches_its_naive_loop_forward_and_backward(case):
    x, w, b, geometry, rng = case
    y = transpose_ops.conv_transpose2d_forward(x, w, b, **geometry)
    np.testing.assert_allclose(y, ref.conv_transpose2d(x, w, b, **geometry), rtol=1e-12, atol=1e-12)
    grad_y = rng.standard_normal(y.shape)
    got = transpose_ops.conv_transpose2d_backward(x, w, grad_y, bias=b is not None, **geometry)
    want = ref.conv_transpose2d_grads(x, w, grad_y, geometry["stride"], geometry["padding"])
    np.testing.assert_allclose(got[0], want[0], rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(got[1], want[1], rtol=1e-12, atol=1e-12)
    if b is None:
        assert got[2] is None
    else:
        np.testing.assert_allclose(got[2], want[2], rtol=1e-12, atol=1e-12)


def test_conv_transpose_upsamples_a_single_one_into_the_filter():
    x = np.zeros((1, 1, 2, 2))
    x[0, 0, 1, 0] = 1.0
    w = np.arange(9.0).reshape(1, 1, 3, 3)
    y = transpose_ops.conv_transpose2d_forward(x, w, stride=2, output_padding=1)
    assert y.shape == (1, 1, 6, 6)  # (2-1)*2 + 3 + 1
    np.testing.assert_array_equal(y[0, 0, 2:5, 0:3], w[0, 0])
    assert y.sum() == w.sum()


def test_conv_transpose_refuses_what_does_not_fit():
    x, w = np.ones((1, 2, 3, 3)), np.ones((3, 1, 2, 2))
    with pytest.raises(ValueError, match="channel"):
        transpose_ops.conv_transpose2d_forward(x, w)
    with pytest.raises(ValueError, match="smaller than the stride"):
        transpose_ops.conv_transpose2d_forward(x, np.ones((2, 1, 2, 2)), stride=2, output_padding=2)
    with pytest.raises(ValueError, match="leaves no output"):
        transpose_ops.conv_transpose2d_forward(x, np.ones((2, 1, 2, 2)), padding=3)


@pytest.mark.parametrize("shape", [(4, 3), (3, 2, 2, 3), (1, 2, 3, 1)])
def test_batch_norm_matches_its_naive_loop_and_the_whole_jacobian(shape):
    rng = np.random.default_rng(sum(shape))
    x = rng.standard_normal(shape) * 3 + 1
    gamma, beta = rng.standard_normal(shape[1]), rng.standard_normal(shape[1])
    y, mean, var = norm_ops.batch_norm_forward(x, gamma, beta, eps=1e-3)
    want_y, want_mean, want_var = ref.batch_norm(x, gamma, beta, 1e-3)
    np.testing.assert_allclose(y, want_y, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(mean, want_mean, rtol=1e-12, atol=1e-14)
    np.testing.assert_allclose(var, want_var, rtol=1e-12)
    grad_y = rng.standard_normal(shape)
    got = norm_ops.batch_norm_backward(x, gamma, grad_y, eps=1e-3)
    for mine, theirs in zip(got, ref.batch_norm_grads(x, gamma, grad_y, 1e-3), strict=True):
        np.testing.assert_allclose(mine, theirs, rtol=1e-10, atol=1e-12)


def test_batch_norm_backward_agrees_with_finite_differences():
    rng = np.random.default_rng(3)
    x = rng.standard_normal((3, 2, 2, 2))
    gamma, beta, grad_y = rng.standard_normal(2), rng.standard_normal(2), rng.standard_normal(x.shape)

    def loss():
        return float(np.vdot(norm_ops.batch_norm_forward(x, gamma, beta)[0], grad_y))

    grad_x, grad_gamma, grad_beta = norm_ops.batch_norm_backward(x, gamma, grad_y)
    np.testing.assert_allclose(grad_x, ref.numeric_grad(loss, x), rtol=1e-6, atol=1e-8)
    np.testing.assert_allclose(grad_gamma, ref.numeric_grad(loss, gamma), rtol=1e-6, atol=1e-8)
    np.testing.assert_allclose(grad_beta, ref.numeric_grad(loss, beta), rtol=1e-6, atol=1e-8)


def test_batch_norm_refuses_one_value_per_channel_and_mismatched_gamma():
    with pytest.raises(ValueError, match="more than one value per channel"):
        norm_ops.batch_norm_forward(np.ones((1, 3, 1, 1)), np.ones(3), np.zeros(3))
    with pytest.raises(ValueError, match="gamma has 2"):
        norm_ops.batch_norm_forward(np.ones((4, 3)), np.ones(2), np.zeros(3))
    with pytest.raises(ValueError, match="maps or"):
        norm_ops.batch_norm_forward(np.ones((4, 3, 2)), np.ones(3), np.zeros(3))


def test_the_new_ops_leave_read_only_inputs_untouched():
    rng = np.random.default_rng(0)
    arrays = [rng.standard_normal(s) for s in ((2, 2, 3, 3), (2, 1, 2, 2), (2, 1, 6, 6), (2,), (2,))]
    copies = [a.copy() for a in arrays]
    for a in arrays:
        a.setflags(write=False)
    x, w, gy, gamma, beta = arrays
    transpose_ops.conv_transpose2d_forward(x, w, stride=2)
    transpose_ops.conv_transpose2d_backward(x, w, gy, stride=2)
    norm_ops.batch_norm_forward(x, gamma, beta)
    norm_ops.batch_norm_backward(x, gamma, x)
    for a, c in zip(arrays, copies, strict=True):
        np.testing.assert_array_equal(a, c)


@settings(max_examples=60, deadline=None)
@given(
    shape=st.tuples(st.integers(1, 3), st.integers(1, 3), st.integers(1, 7), st.integers(1, 7)),
    size=st.tuples(st.integers(1, 3), st.integers(1, 3)),
    seed=st.integers(0, 1000),
)
def test_tiled_max_pool_equals_the_general_one_ties_included(shape, size, seed):
    rng = np.random.default_rng(seed)
    x = rng.integers(-2, 3, shape).astype(float)  # small integers: many ties
    if size[0] > shape[2] or size[1] > shape[3]:
        return
    if seed % 2:
        x += rng.standard_normal(shape) * 1e-3  # and mostly no ties, the fast path
    y = pool_tiles.max_pool_tiles_forward(x, size)
    np.testing.assert_array_equal(y, ref.max_pool2d(x, size, size))
    grad_y = rng.standard_normal(y.shape)
    got = pool_tiles.max_pool_tiles_backward(x, size, y, grad_y)
    np.testing.assert_array_equal(got, ref.max_pool2d_grad(x, grad_y, size, size))
