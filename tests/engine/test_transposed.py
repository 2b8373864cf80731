"""A transposed convolution is a convolution's input gradient: the same numbers, cell for cell, and
its kernel taps pile up unevenly exactly when the kernel size is not a multiple of the stride."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from convstudio.engine import network as nw
from convstudio.engine import transposed


def _naive(x, w, b, stride, padding, output_padding):
    """y[n, f, i·s + m − p, j·s + k − p] += x[n, c, i, j] · w[c, f, m, k], as the textbooks draw it."""
    N, C, H, W = x.shape
    _, F, kh, kw = w.shape
    (sh, sw), (ph, pw), (oh, ow) = stride, padding, output_padding
    Ho, Wo = (H - 1) * sh - 2 * ph + kh + oh, (W - 1) * sw - 2 * pw + kw + ow
    y = np.zeros((N, F, Ho, Wo)) + (0 if b is None else b.reshape(1, -1, 1, 1))
    for n, c, i, j, f, m, k in np.ndindex(N, C, H, W, F, kh, kw):
        r, s = i * sh + m - ph, j * sw + k - pw
        if 0 <= r < Ho and 0 <= s < Wo:
            y[n, f, r, s] += x[n, c, i, j] * w[c, f, m, k]
    return y


@st.composite
def _cases(draw):
    stride = (draw(st.integers(1, 3)), draw(st.integers(1, 3)))
    kernel = (draw(st.integers(1, 4)), draw(st.integers(1, 4)))
    padding = (draw(st.integers(0, 1)), draw(st.integers(0, 1)))
    output_padding = (draw(st.integers(0, stride[0] - 1)), draw(st.integers(0, stride[1] - 1)))
    hw = (draw(st.integers(2, 4)), draw(st.integers(2, 4)))
    C, F = draw(st.integers(1, 2)), draw(st.integers(1, 2))
    rng = np.random.default_rng(draw(st.integers(0, 1000)))
    x = rng.standard_normal((draw(st.integers(1, 2)), C, *hw))
    w = rng.standard_normal((C, F, *kernel))
    b = rng.standard_normal(F) if draw(st.booleans()) else None
    return x, w, b, stride, padding, output_padding


@settings(max_examples=80, deadline=None)
@given(case=_cases())
def test_the_forward_is_the_convolutions_input_gradient_cell_for_cell(case):
    x, w, b, stride, padding, output_padding = case
    sizes = [
        (n - 1) * s - 2 * p + k + o
        for n, s, p, k, o in zip(x.shape[2:], stride, padding, w.shape[2:], output_padding, strict=True)
    ]
    if min(sizes) < 1:
        return
    v = transposed.view(x, w, b, stride=stride, padding=padding, output_padding=output_padding)
    np.testing.assert_array_equal(v.forward, v.conv_grad)
    np.testing.assert_allclose(v.forward, _naive(x, w, b, stride, padding, output_padding), atol=1e-12)
    np.testing.assert_allclose(v.stamped(), v.forward, atol=1e-12)


def _taps_loop(hw, kernel, stride, padding, out_hw):
    counts = np.zeros(out_hw, dtype=int)
    for i, j, m, k in np.ndindex(*hw, *kernel):
        r, s = i * stride[0] + m - padding[0], j * stride[1] + k - padding[1]
        if 0 <= r < out_hw[0] and 0 <= s < out_hw[1]:
            counts[r, s] += 1
    return counts


@settings(max_examples=80, deadline=None)
@given(
    k=st.integers(1, 6),
    s=st.integers(1, 4),
    p=st.integers(0, 2),
    h=st.integers(5, 8),
    op=st.integers(0, 3),
)
def test_the_taps_are_even_away_from_the_border_exactly_when_the_stride_divides_the_kernel(k, s, p, h, op):
    op = min(op, s - 1)
    out = (h - 1) * s - 2 * p + k + op
    if out < 1:
        return
    counts = transposed.tap_counts((h, h), k, s, p, op)
    np.testing.assert_array_equal(counts, _taps_loop((h, h), (k, k), (s, s), (p, p), (out, out)))
    rows, cols = transposed.interior((h, h), k, s, p, op)
    inside = counts[rows, cols]
    if inside.shape[0] < s:  # fewer rows than one period of the stride: no pattern to see
        return
    assert (np.unique(inside).size == 1) == (k % s == 0)
    if k % s == 0:
        assert inside[0, 0] == (k // s) ** 2
    else:
        assert {inside.min(), inside.max()} == {(k // s) ** 2, (k // s + 1) ** 2}


def test_a_3x3_kernel_at_stride_2_draws_the_checkerboard():
    counts = transposed.tap_counts((4, 4), 3, 2, 1, 1)
    np.testing.assert_array_equal(counts[1:7, 1:7][:2, :2], [[4, 2], [2, 1]])
    assert counts.shape == (8, 8)


def test_the_output_size_is_written_out_with_the_numbers():
    x, w = np.ones((1, 1, 3, 4)), np.ones((1, 1, 3, 2))
    v = transposed.view(x, w, stride=(2, 3), padding=(1, 0), output_padding=(1, 2))
    assert v.forward.shape[2:] == (6, 13)
    assert v.size_working() == [
        "rows: (H − 1)·s − 2p + k + output_padding = (3 − 1)·2 − 2·1 + 3 + 1 = 6",
        "cols: (H − 1)·s − 2p + k + output_padding = (4 − 1)·3 − 2·0 + 2 + 2 = 13",
    ]
    assert v.size_latex()[0] == r"(3 - 1)\cdot 2 - 2\cdot 1 + 3 + 1 = 6"


def test_a_network_layer_is_viewed_on_the_input_it_gets():
    net = {
        "input": {"channels": 1, "height": 4, "width": 4},
        "layers": [
            {"type": "conv", "filters": 2, "kernel": 2},
            {
                "type": "conv_transpose",
                "filters": 1,
                "kernel": 3,
                "stride": 2,
                "padding": 1,
                "output_padding": 1,
            },
        ],
        "loss": "mse",
        "optimizer": {"type": "sgd", "lr": 0.1},
    }
    params = nw.init_params(net, 2)
    x = np.random.default_rng(0).standard_normal((2, 1, 4, 4))
    v = transposed.of_layer(net, params, x, 1)
    np.testing.assert_array_equal(v.forward, nw.predict(net, params, x))
    np.testing.assert_array_equal(v.conv_grad, v.forward)
    assert v.taps.shape == (6, 6)
    with pytest.raises(ValueError, match="layer 1 is a conv layer, not a conv_transpose layer"):
        transposed.of_layer(net, params, x, 0)


def test_a_diverged_iterations_stamp_is_infinite_without_a_warning():
    x, w = np.full((1, 1, 2, 2), 1e200), np.full((1, 1, 3, 3), 1e200)
    shape = (1, 1, 3, 3)
    v = transposed.TransposedView(x, w, None, (1, 1), (1, 1), (0, 0), np.zeros(shape), np.zeros(shape))
    stamp = v.stamp(0, 0, 0, 0)
    assert np.isposinf(stamp[0, :2, :2]).all() and (stamp[0, 2, :] == 0).all()
