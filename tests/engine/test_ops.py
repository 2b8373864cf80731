"""The vectorised ops against naive loops and finite differences, over random shapes and settings."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from convstudio.engine import conv_plans, ops
from tests.engine import reference as ref


@st.composite
def conv_cases(draw):
    """A random convolution that fits: shapes, channels, batch, stride, padding, dilation."""
    N, C, F = draw(st.integers(1, 3)), draw(st.integers(1, 3)), draw(st.integers(1, 3))
    kh, kw = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    dh, dw = draw(st.integers(1, 2)), draw(st.integers(1, 2))
    ph, pw = draw(st.integers(0, 2)), draw(st.integers(0, 2))
    sh, sw = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    H = draw(st.integers(max(1, dh * (kh - 1) + 1 - 2 * ph), 7))
    W = draw(st.integers(max(1, dw * (kw - 1) + 1 - 2 * pw), 7))
    seed = draw(st.integers(0, 2**16))
    rng = np.random.default_rng(seed)
    as_pairs = draw(st.booleans())
    kwargs = {
        "stride": (sh, sw) if as_pairs or sh != sw else sh,
        "padding": (ph, pw) if as_pairs or ph != pw else ph,
        "dilation": (dh, dw) if as_pairs or dh != dw else dh,
    }
    pairs = {"stride": (sh, sw), "padding": (ph, pw), "dilation": (dh, dw)}
    x = rng.standard_normal((N, C, H, W))
    w = rng.standard_normal((F, C, kh, kw))
    b = rng.standard_normal(F) if draw(st.booleans()) else None
    return x, w, b, kwargs, pairs


@settings(max_examples=80, deadline=None)
@given(conv_cases())
def test_conv2d_matches_the_loops(case):
    x, w, b, kwargs, pairs = case
    y = ops.conv2d_forward(x, w, b, **kwargs)
    np.testing.assert_allclose(y, ref.conv2d(x, w, b, **pairs), rtol=1e-12, atol=1e-12)
    grad_y = np.random.default_rng(1).standard_normal(y.shape)
    grad_x, grad_w, grad_b = ops.conv2d_backward(x, w, grad_y, bias=b is not None, **kwargs)
    want_x, want_w, want_b = ref.conv2d_grads(x, w, grad_y, **pairs)
    np.testing.assert_allclose(grad_x, want_x, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(grad_w, want_w, rtol=1e-12, atol=1e-12)
    if b is None:
        assert grad_b is None
    else:
        np.testing.assert_allclose(grad_b, want_b, rtol=1e-12, atol=1e-12)


@settings(max_examples=30, deadline=None)
@given(conv_cases())
def test_conv2d_gradients_match_finite_differences(case):
    x, w, b, kwargs, _ = case
    x, w = x.copy(), w.copy()
    probe = np.random.default_rng(2).standard_normal(ops.conv2d_forward(x, w, b, **kwargs).shape)

    def loss():
        return float(np.sum(ops.conv2d_forward(x, w, b, **kwargs) * probe))

    grad_x, grad_w, _ = ops.conv2d_backward(x, w, probe, **kwargs)
    np.testing.assert_allclose(grad_w, ref.numeric_grad(loss, w), rtol=1e-6, atol=1e-7)
    np.testing.assert_allclose(grad_x, ref.numeric_grad(loss, x), rtol=1e-6, atol=1e-7)


@st.composite
def pool_cases(draw):
    ph, pw = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    stride = draw(st.one_of(st.none(), st.tuples(st.integers(1, 3), st.integers(1, 3))))
    H, W = draw(st.integers(ph, 7)), draw(st.integers(pw, 7))
    N, C = draw(st.integers(1, 2)), draw(st.integers(1, 3))
    rng = np.random.default_rng(draw(st.integers(0, 2**16)))
    # Rounded values make ties, which must go to the first maximum in the window.
    x = np.round(rng.standard_normal((N, C, H, W)), draw(st.sampled_from([0, 1, 8])))
    size = (ph, pw) if ph != pw or draw(st.booleans()) else ph
    return x, size, (ph, pw), stride if stride is not None else (ph, pw), stride


@settings(max_examples=80, deadline=None)
@given(pool_cases())
def test_pooling_matches_the_loops(case):
    x, size, size_pair, stride_pair, stride = case
    y_max = ops.max_pool2d_forward(x, size=size, stride=stride)
    np.testing.assert_array_equal(y_max, ref.max_pool2d(x, size_pair, stride_pair))
    y_avg = ops.avg_pool2d_forward(x, size=size, stride=stride)
    np.testing.assert_allclose(y_avg, ref.avg_pool2d(x, size_pair, stride_pair), rtol=1e-12, atol=1e-14)
    g = np.random.default_rng(3).standard_normal(y_max.shape)
    np.testing.assert_allclose(
        ops.max_pool2d_backward(x, g, size=size, stride=stride),
        ref.max_pool2d_grad(x, g, size_pair, stride_pair),
        rtol=1e-12,
        atol=1e-14,
    )
    np.testing.assert_allclose(
        ops.avg_pool2d_backward(x, g, size=size, stride=stride),
        ref.avg_pool2d_grad(x, g, size_pair, stride_pair),
        rtol=1e-12,
        atol=1e-14,
    )


def test_max_pool_tie_goes_to_the_first_maximum():
    x = np.array([[[[2.0, 2.0], [1.0, 2.0]]]])
    grad = ops.max_pool2d_backward(x, np.array([[[[5.0]]]]), size=2)
    np.testing.assert_array_equal(grad, [[[[5.0, 0.0], [0.0, 0.0]]]])


def test_global_average_pool_and_its_gradient():
    x = np.arange(24.0).reshape(2, 3, 2, 2)
    np.testing.assert_allclose(ops.global_avg_pool_forward(x), x.reshape(2, 3, 4).mean(axis=2))
    g = np.arange(6.0).reshape(2, 3)
    np.testing.assert_allclose(ops.global_avg_pool_backward(x, g), np.repeat(g / 4, 4).reshape(x.shape))


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 4), st.integers(1, 5), st.integers(1, 4), st.booleans(), st.integers(0, 999))
def test_linear_matches_the_loops_and_finite_differences(N, n_in, n_out, with_bias, seed):
    rng = np.random.default_rng(seed)
    x, w = rng.standard_normal((N, n_in)), rng.standard_normal((n_out, n_in))
    b = rng.standard_normal(n_out) if with_bias else None
    y = ops.linear_forward(x, w, b)
    np.testing.assert_allclose(y, ref.linear(x, w, b), rtol=1e-12, atol=1e-12)
    probe = rng.standard_normal(y.shape)
    grad_x, grad_w, grad_b = ops.linear_backward(x, w, probe, bias=with_bias)

    def loss():
        return float(np.sum(ops.linear_forward(x, w, b) * probe))

    np.testing.assert_allclose(grad_x, ref.numeric_grad(loss, x), rtol=1e-6, atol=1e-8)
    np.testing.assert_allclose(grad_w, ref.numeric_grad(loss, w), rtol=1e-6, atol=1e-8)
    if with_bias:
        np.testing.assert_allclose(grad_b, ref.numeric_grad(loss, b), rtol=1e-6, atol=1e-8)
    else:
        assert grad_b is None


@pytest.mark.parametrize("name", ["relu", "sigmoid", "tanh"])
def test_activation_gradients_match_finite_differences(name):
    forward, backward = getattr(ops, f"{name}_forward"), getattr(ops, f"{name}_backward")
    x = np.array([-3.0, -0.7, -0.1, 0.2, 0.9, 4.0, 40.0, -40.0]).reshape(2, 4)
    probe = np.linspace(-1, 2, 8).reshape(2, 4)

    def loss():
        return float(np.sum(forward(x) * probe))

    np.testing.assert_allclose(backward(x, probe), ref.numeric_grad(loss, x), rtol=1e-6, atol=1e-9)


def test_relu_has_no_gradient_at_or_below_zero():
    x = np.array([-1.0, 0.0, 2.0])
    np.testing.assert_array_equal(ops.relu_backward(x, np.ones(3)), [0.0, 0.0, 1.0])


def test_sigmoid_does_not_overflow():
    with np.errstate(over="raise", invalid="raise", divide="raise"):
        s = ops.sigmoid_forward(np.array([-1000.0, 0.0, 1000.0]))
    np.testing.assert_allclose(s, [0.0, 0.5, 1.0])


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 4), st.integers(1, 5), st.integers(0, 999))
def test_losses_match_the_loops_and_finite_differences(N, K, seed):
    rng = np.random.default_rng(seed)
    pred, target = rng.standard_normal((N, K)), rng.standard_normal((N, K))
    labels = rng.integers(0, K, N)
    loss, grad = ops.mse_loss(pred, target)
    assert loss == pytest.approx(ref.mse(pred, target), rel=1e-12)
    np.testing.assert_allclose(grad, ref.numeric_grad(lambda: ops.mse_loss(pred, target)[0], pred), atol=1e-8)
    loss, grad = ops.softmax_cross_entropy(pred, labels)
    assert loss == pytest.approx(ref.softmax_cross_entropy(pred, labels), rel=1e-12)
    numeric = ref.numeric_grad(lambda: ops.softmax_cross_entropy(pred, labels)[0], pred)
    np.testing.assert_allclose(grad, numeric, atol=1e-8)


def test_cross_entropy_is_stable_for_huge_scores():
    loss, grad = ops.softmax_cross_entropy(np.array([[1000.0, 0.0]]), np.array([1]))
    assert loss == pytest.approx(1000.0)
    np.testing.assert_allclose(grad, [[1.0, -1.0]])


def test_inputs_are_not_modified_and_may_be_read_only_views():
    rng = np.random.default_rng(0)
    base = rng.standard_normal((2, 2, 9, 9))
    x = base[:, :, ::2, ::2]  # non-contiguous view
    w = rng.standard_normal((3, 2, 2, 2))
    for a in (base, w):
        a.setflags(write=False)
    before_x, before_w = x.copy(), w.copy()
    y = ops.conv2d_forward(x, w, padding=1)
    ops.conv2d_backward(x, w, np.ones_like(y), padding=1)
    ops.max_pool2d_backward(x, np.ones((2, 2, 2, 2)), size=2)
    ops.avg_pool2d_backward(x, np.ones((2, 2, 2, 2)), size=2)
    ops.relu_backward(x, np.ones_like(x))
    np.testing.assert_array_equal(x, before_x)
    np.testing.assert_array_equal(w, before_w)
    np.testing.assert_allclose(y, ref.conv2d(before_x, before_w, padding=(1, 1)), rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda: ops.conv2d_forward(np.ones((1, 1, 3, 3)), np.ones((1, 1, 5, 5))),
            "a 5x5 filter does not fit a 3x3 image with padding 0",
        ),
        (
            lambda: ops.conv2d_forward(np.ones((1, 1, 3, 3)), np.ones((1, 1, 2, 2)), stride=0),
            "stride must be at least 1",
        ),
        (
            lambda: ops.conv2d_forward(np.ones((1, 1, 3, 3)), np.ones((1, 1, 2, 2)), padding=-1),
            "padding must be at least 0",
        ),
        (
            lambda: ops.conv2d_forward(np.ones((1, 1, 5, 5)), np.ones((1, 1, 3, 3)), dilation=3),
            "dilated to 7x7",
        ),
        (
            lambda: ops.conv2d_forward(np.ones((1, 2, 3, 3)), np.ones((1, 1, 2, 2))),
            "the filters have 1 channel(s) but the image has 2",
        ),
        (lambda: ops.conv2d_forward(np.ones((3, 3)), np.ones((1, 1, 2, 2))), "shape (N, C, H, W)"),
        (lambda: ops.max_pool2d_forward(np.ones((1, 1, 2, 2)), size=3), "a 3x3 pooling window does not fit"),
        (lambda: ops.linear_forward(np.ones((1, 3)), np.ones((2, 4))), "takes 4 input(s) but got 3"),
        (lambda: ops.mse_loss(np.ones((1, 2)), np.ones((1, 3))), "the target must have"),
        (lambda: ops.softmax_cross_entropy(np.ones((2, 3)), np.array([0, 3])), "class ids from 0 to 2"),
    ],
)
def test_impossible_settings_say_what_to_change(call, message):
    with pytest.raises(ValueError, match=None) as caught:
        call()
    assert message in str(caught.value)


@pytest.mark.parametrize("seed", range(12))
def test_the_blocked_path_for_large_batches_matches_the_loops(seed, monkeypatch):
    """Large batches take another route (im2col in blocks of images); force it on small cases,
    with blocks of a few images so that the last block is partial, and check it the same way."""
    monkeypatch.setattr(conv_plans, "_TINY", -1)
    monkeypatch.setattr(conv_plans, "_SMALL", -1)
    monkeypatch.setattr(conv_plans, "_BLOCK", 40)
    ops._setup.cache_clear()
    rng = np.random.default_rng(seed)
    N, C, F, kh, kw = (int(v) for v in rng.integers(1, 4, 5))
    N += 3
    (sh, sw), (ph, pw), (dh, dw) = rng.integers(1, 3, 2), rng.integers(0, 3, 2), rng.integers(1, 3, 2)
    H = int(rng.integers(max(1, dh * (kh - 1) + 1 - 2 * ph), 8))
    W = int(rng.integers(max(1, dw * (kw - 1) + 1 - 2 * pw), 8))
    pairs = {"stride": (sh, sw), "padding": (ph, pw), "dilation": (dh, dw)}
    x = rng.standard_normal((N, C, H, W))[..., ::-1]  # a non-contiguous view
    w = rng.standard_normal((F, C, kh, kw))
    try:
        assert ops._setup_of(x, w, *pairs.values())[1] is None  # the blocked route
        y = ops.conv2d_forward(x, w, **pairs)
        np.testing.assert_allclose(y, ref.conv2d(x, w, None, **pairs), rtol=1e-12, atol=1e-12)
        grad_y = rng.standard_normal(y.shape)
        grad_x, grad_w, _ = ops.conv2d_backward(x, w, grad_y, **pairs)
        want_x, want_w, _ = ref.conv2d_grads(x, w, grad_y, **pairs)
        np.testing.assert_allclose(grad_x, want_x, rtol=1e-12, atol=1e-12)
        np.testing.assert_allclose(grad_w, want_w, rtol=1e-12, atol=1e-12)
    finally:
        ops._setup.cache_clear()  # plans made under the patched limits must not outlive this test


@pytest.mark.parametrize("seed", range(12))
def test_the_strided_layout_adds_up_like_the_index_plan(seed, monkeypatch):
    """Middle-sized batches copy their windows through strided views and scatter gradients through
    a skewed buffer; force that route on small cases and compare it with the index plan bit for
    bit (it adds each pixel's shares in the same order) and with the loops."""
    rng = np.random.default_rng(100 + seed)
    N, C, F, kh, kw = (int(v) for v in rng.integers(1, 4, 5))
    (sh, sw), (ph, pw), (dh, dw) = rng.integers(1, 3, 2), rng.integers(0, 3, 2), rng.integers(1, 3, 2)
    H = int(rng.integers(max(1, dh * (kh - 1) + 1 - 2 * ph), 9))
    W = int(rng.integers(max(1, dw * (kw - 1) + 1 - 2 * pw), 9))
    pairs = {"stride": (sh, sw), "padding": (ph, pw), "dilation": (dh, dw)}
    x = rng.standard_normal((N, C, H, W))[..., ::-1]  # a non-contiguous view
    w = rng.standard_normal((F, C, kh, kw))
    results = []
    try:
        for tiny in (conv_plans._SMALL, -1):  # the index plan, then the strided layout
            monkeypatch.setattr(conv_plans, "_TINY", tiny)
            ops._setup.cache_clear()
            assert isinstance(ops._setup_of(x, w, *pairs.values())[1], np.ndarray) == (tiny > 0)
            y = ops.conv2d_forward(x, w, **pairs)
            grad_y = np.random.default_rng(seed).standard_normal(y.shape)
            results.append((y, *ops.conv2d_backward(x, w, grad_y, **pairs)))
    finally:
        ops._setup.cache_clear()  # layouts made under the patched limits must not outlive this test
    for planned, laid_out in zip(*results, strict=True):
        np.testing.assert_array_equal(laid_out, planned)
    y, grad_x, grad_w, _ = results[1]
    np.testing.assert_allclose(y, ref.conv2d(x, w, None, **pairs), rtol=1e-12, atol=1e-12)
    want_x, want_w, _ = ref.conv2d_grads(x, w, grad_y, **pairs)
    np.testing.assert_allclose(grad_x, want_x, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(grad_w, want_w, rtol=1e-12, atol=1e-12)
