"""The convolution as a dense layer: M · vec(I) is the convolution, and summing dL/dM over the places
a weight sits is backprop's dL/dW, for random networks with stride, padding, dilation and channels."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from convstudio.engine import lessons, ops, unroll
from tests.engine import block_matrix, reference
from tests.engine.strategies import specs

IMAGE = np.array([[1.0, 2, 0], [0, 1, 3], [2, 1, 0]])
W = np.array([[0.5, -1], [1, 0.5]])


def test_the_worked_example_as_a_four_by_nine_matrix():
    u = unroll.Unrolled(ops.conv_geometry((1, 3, 3), (2, 2)))
    M = u.matrix(W)
    # each row is the filter laid along one window: W11 W12 at the window's top row, W21 W22 below
    expected = np.array(
        [
            [0.5, -1, 0, 1, 0.5, 0, 0, 0, 0],
            [0, 0.5, -1, 0, 1, 0.5, 0, 0, 0],
            [0, 0, 0, 0.5, -1, 0, 1, 0.5, 0],
            [0, 0, 0, 0, 0.5, -1, 0, 1, 0.5],
        ]
    )
    np.testing.assert_array_equal(M, expected)
    np.testing.assert_array_equal(M @ u.vec(IMAGE), [-1, 3.5, 1.5, -1.5])
    np.testing.assert_array_equal(u.apply(W, IMAGE), [[-1, 3.5], [1.5, -1.5]])
    # W11 sits in four places, one per output; its gradient adds dL/dM over them
    rows, cols = u.occurrences(0)
    np.testing.assert_array_equal(rows, [0, 1, 2, 3])
    np.testing.assert_array_equal(cols, [0, 1, 3, 4])  # I11, I12, I21, I22
    do = np.full((2, 2), -0.1875)
    dM = u.grad_matrix(do, IMAGE)
    np.testing.assert_array_equal(dM, np.outer(do.ravel(), IMAGE.ravel()))
    np.testing.assert_array_equal(u.entries(0, do, IMAGE), dM[rows, cols])
    assert dM[rows, cols].sum() == -0.75
    np.testing.assert_array_equal(u.tied_sums(do, IMAGE), [[-0.75, -1.125], [-0.75, -0.9375]])


def test_the_tap_map_matches_the_pattern_and_the_padding_columns():
    g = ops.conv_geometry((1, 5, 5), (2, 2), stride=2, padding=1, dilation=2)
    padded, raw = unroll.Unrolled(g), unroll.Unrolled(g, padded=False)
    assert padded.shape == (9, 49) and raw.shape == (9, 25)
    rows, cols = np.indices(padded.shape)
    taps = padded.tap_at(rows, cols)
    assert (taps >= 0).sum() == 9 * 4  # every tap of every window lands on a padded cell
    r, c, t = padded.pattern
    np.testing.assert_array_equal(taps[r, c], t)
    # the stride-padding-dilation lesson: o11's window reads padded cells (0,0), (0,2), (2,0), (2,2)
    np.testing.assert_array_equal(np.flatnonzero(taps[0] >= 0), [0, 2, 14, 16])
    np.testing.assert_array_equal(taps[0, [0, 2, 14, 16]], [0, 1, 2, 3])
    assert padded.in_padding(np.array([0, 2, 14, 16])).tolist() == [True, True, True, False]
    # without the padding columns, the taps that read padding are gone and the rest move columns
    raw_taps = raw.tap_at(*np.indices(raw.shape))
    assert (raw_taps >= 0).sum() == sum(len(raw.occurrences(k)[0]) for k in range(4)) < 36
    np.testing.assert_array_equal(np.flatnonzero(raw_taps[0] >= 0), [6])  # only W22 meets I22
    for tap in range(4):
        rows, cols = raw.occurrences(tap)
        assert (raw.tap_at(rows, cols) == tap).all()
        r_img, s_img = raw.input_cell(cols)
        pr, pc = padded.occurrences(tap)
        keep = ~padded.in_padding(pc)
        np.testing.assert_array_equal(rows, pr[keep])
        np.testing.assert_array_equal(r_img, padded.input_cell(pc)[0][keep])
        np.testing.assert_array_equal(s_img, padded.input_cell(pc)[1][keep])


@settings(max_examples=60, deadline=None)
@given(spec=specs(max_size=7), seed=st.integers(0, 2**16), padded=st.booleans())
def test_the_block_matrix_is_the_convolution_and_its_tied_sums_are_backprop(spec, seed, padded):
    rng = np.random.default_rng(seed)
    g = spec.conv_geometry()
    x = rng.standard_normal(spec.input_shape)
    w = rng.standard_normal((spec.filters, spec.channels, *spec.kernel))
    conv = {"stride": spec.stride, "padding": spec.padding, "dilation": spec.dilation}
    M = block_matrix.dense_matrix(g, w, padded=padded)
    v = block_matrix.vectorise(g, x, padded=padded)
    y = ops.conv2d_forward(x, w, **conv)
    np.testing.assert_allclose((v @ M.T).reshape(y.shape), y, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(y, reference.conv2d(x, w, None, **conv), rtol=1e-12, atol=1e-12)
    # a free dense layer would learn dL/dM = sum over images of dL/do · vec(I)^T ...
    grad_y = rng.standard_normal(y.shape)
    dM = grad_y.reshape(spec.batch, -1).T @ v
    # ... and tying adds it up over every place a weight sits: backprop's dL/dW
    index = block_matrix.weight_index(g, spec.filters, padded=padded)
    assert index.shape == M.shape
    np.testing.assert_array_equal(M[index >= 0], w.ravel()[index[index >= 0]])
    assert (M[index < 0] == 0).all()
    tied = np.bincount(index[index >= 0], dM[index >= 0], w.size).reshape(w.shape)
    _, grad_w, _ = ops.conv2d_backward(x, w, grad_y, bias=False, **conv)
    np.testing.assert_allclose(tied, grad_w, rtol=1e-10, atol=1e-10)
    # one block at a time, through the sparse pattern, as the dense-layer view computes it
    for f in range(spec.filters):
        for c in range(spec.channels):
            u = unroll.Unrolled(g, padded)
            np.testing.assert_allclose(
                u.tied_sums(grad_y[:, f], x[:, c]), grad_w[f, c], rtol=1e-10, atol=1e-10
            )
            block = M[f * u.shape[0] : (f + 1) * u.shape[0], c * u.shape[1] : (c + 1) * u.shape[1]]
            np.testing.assert_array_equal(block, u.matrix(w[f, c]))
            part = u.apply(w[f, c], x[:, c])
            np.testing.assert_allclose(
                part, ops.conv2d_forward(x[:, c : c + 1], w[f : f + 1, c : c + 1], **conv)[:, 0]
            )
            for tap in range(u.n_taps):
                m, k = divmod(tap, g.kw)
                assert u.entries(tap, grad_y[:, f], x[:, c]).sum() == pytest.approx(
                    grad_w[f, c, m, k], rel=1e-10, abs=1e-10
                )


@pytest.mark.parametrize("name", lessons.available())
def test_every_lesson_unrolls_to_its_own_outputs_and_gradients(name):
    from convstudio.engine.model import backward, forward

    lesson = lessons.load(name)
    spec = lesson.spec
    values = forward(spec, lesson.params, lesson.x, lesson.target)
    grads = backward(spec, values)
    u = unroll.Unrolled(spec.conv_geometry())
    w, x, do = lesson.params["W"], lesson.x, grads["do"]
    for f in range(spec.filters):
        o = sum(u.apply(w[f, c], x[:, c]) for c in range(spec.channels))  # o_f = sum_c M_fc vec(I_c)
        o = o + (lesson.params["b"][f] if spec.bias else 0.0)
        np.testing.assert_allclose(o, values["o"][:, f], rtol=1e-12, atol=1e-12)
        for c in range(spec.channels):
            np.testing.assert_allclose(
                u.tied_sums(do[:, f], x[:, c]), grads["dW"][f, c], rtol=1e-12, atol=1e-15
            )


def test_a_big_image_costs_only_the_entries_looked_at():
    g = ops.conv_geometry((1, 64, 64), (7, 7), padding=3)
    u = unroll.Unrolled(g)
    assert u.shape == (4096, 4900)
    rows, cols, taps = u.pattern  # 49 places per output: 200,704 entries of 20 million
    assert len(rows) == 4096 * 49
    # a screenful of the matrix, as the view asks for it
    view_rows, view_cols = np.ogrid[2000:2400, 2100:2700]
    seen = u.tap_at(view_rows, view_cols)
    assert seen.shape == (400, 600)
    mask = (rows >= 2000) & (rows < 2400) & (cols >= 2100) & (cols < 2700)
    assert (seen >= 0).sum() == mask.sum()
    np.testing.assert_array_equal(seen[rows[mask] - 2000, cols[mask] - 2100], taps[mask])
    rng = np.random.default_rng(0)
    image, w = rng.standard_normal((64, 64)), rng.standard_normal((7, 7))
    expected = ops.conv2d_forward(image[None, None], w[None, None], padding=3)[0, 0]
    np.testing.assert_allclose(u.apply(w, image), expected, rtol=1e-12, atol=1e-12)


def test_mismatched_shapes_are_explained():
    u = unroll.Unrolled(ops.conv_geometry((1, 3, 3), (2, 2)))
    with pytest.raises(ValueError, match=r"filter slice must have shape \(2, 2\)"):
        u.matrix(np.ones((3, 3)))
    with pytest.raises(ValueError, match=r"image must end in shape \(3, 3\)"):
        u.vec(np.ones((4, 4)))
    with pytest.raises(ValueError, match=r"dL/do must have shape \(2, 2\)"):
        u.tied_sums(np.ones((3, 3)), IMAGE)
    with pytest.raises(ValueError, match="taps 0 to 3, not 4"):
        u.occurrences(4)
    g = ops.conv_geometry((2, 3, 3), (2, 2))
    with pytest.raises(ValueError, match=r"filters must have shape \(F, 2, 2, 2\)"):
        block_matrix.dense_matrix(g, np.ones((1, 1, 2, 2)))
    with pytest.raises(ValueError, match=r"images must have shape \(N, 2, 3, 3\)"):
        block_matrix.vectorise(g, np.ones((1, 1, 3, 3)))


def test_values_near_the_float_limit_overflow_to_inf_and_nan_quietly():
    """The same 3x3 case as the sliding sums' (worked out by hand there): huge inputs and dL/do make
    the products and the tied sums inf, inf - inf NaN, and no warning escapes."""
    u = unroll.Unrolled(ops.conv_geometry((1, 3, 3), (2, 2)))
    image = np.zeros((3, 3))
    image[0] = 1e308
    w = np.array([[2.0, -2.0], [1.0, 1.0]])
    do = np.array([[1e308, 1e308], [1.0, 1.0]])
    np.testing.assert_array_equal(u.apply(w, image), [[np.nan, np.nan], [0.0, 0.0]])
    np.testing.assert_array_equal(u.tied_sums(do, image), [[np.inf, np.inf], [0.0, 0.0]])
    dM = u.grad_matrix(do, image)
    np.testing.assert_array_equal(dM[:2, :3], np.inf)  # dL/do of the first row times the top row
    np.testing.assert_array_equal(dM[2:], np.outer([1.0, 1.0], image.ravel()))
    np.testing.assert_array_equal(u.entries(0, do, image), [np.inf, np.inf, 0.0, 0.0])
    nan = np.full((2, 2), -0.1875)
    nan[1, 1] = np.nan  # dL/do22: the last row of dL/dM, where every weight sits once
    assert np.isnan(u.tied_sums(nan, IMAGE)).all()
    dM = u.grad_matrix(nan, IMAGE)
    assert np.isnan(dM[3]).all()
    np.testing.assert_array_equal(dM[:3], np.outer(nan.ravel()[:3], IMAGE.ravel()))


@pytest.mark.parametrize("per", [1, 2, 3, 5])
@pytest.mark.parametrize("selected", [None, 0, 3])
def test_a_zoomed_out_pixel_shows_the_selected_weight_if_it_samples_it_else_the_largest_tap(per, selected):
    u = unroll.Unrolled(ops.conv_geometry((1, 9, 11), (2, 2), stride=(1, 2), padding=1))
    rows_max, cols_max = u.shape
    rows, cols = np.arange(0, rows_max, per), np.arange(0, cols_max, per)
    got = u.sampled_taps(rows, cols, per, selected)
    span = min(per, 3)
    for i, r0 in enumerate(rows):
        for j, c0 in enumerate(cols):
            seen = [
                int(
                    u.tap_at(min(r0 + a * per // span, rows_max - 1), min(c0 + b * per // span, cols_max - 1))
                )
                for a in range(span)
                for b in range(span)
            ]
            want = selected if selected in seen else max(seen)
            assert got[i, j] == want, (r0, c0, seen)
    if per == 1:
        np.testing.assert_array_equal(got, u.tap_at(rows[:, None], cols[None, :]))


def test_the_outer_products_scale_is_its_largest_finite_size():
    rng = np.random.default_rng(4)
    dout, vec = rng.normal(size=6), rng.normal(size=9)
    assert unroll.outer_scale(dout, vec) == pytest.approx(np.abs(np.outer(dout, vec)).max())
    assert unroll.outer_scale(np.zeros(3), vec) == 1.0  # nothing to scale: a unit scale, not zero
    assert unroll.outer_scale(np.array([1e200, np.inf]), np.array([1e200, -2.0])) == np.finfo(float).max
