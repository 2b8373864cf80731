"""The gradients as sliding sums: every position of every mode against the vectorised ops, the naive
loops and the element trace, over random strides, paddings, dilations, channels, filters and batches."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from convstudio.engine import correlation as cor
from convstudio.engine import correlation_text as cor_text
from convstudio.engine import ops
from convstudio.engine.notation import number
from convstudio.engine.trace import Trace
from tests.engine import reference as ref
from tests.engine.strategies import model_for, specs

WORKED_X = np.array([[[[1, 2, 0], [0, 1, 3], [2, 1, 0]]]], dtype=float)
WORKED_W = np.array([[[[0.5, -1], [1, 0.5]]]])
WORKED_DO = np.full((1, 1, 2, 2), -0.1875)


@st.composite
def layers(draw):
    """A random convolution layer that fits, its dL/do, and its settings as pairs."""
    N, C, F = draw(st.integers(1, 3)), draw(st.integers(1, 3)), draw(st.integers(1, 3))
    kh, kw = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    dh, dw = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    ph, pw = draw(st.integers(0, 2)), draw(st.integers(0, 2))
    sh, sw = draw(st.integers(1, 3)), draw(st.integers(1, 3))
    H = draw(st.integers(max(1, dh * (kh - 1) + 1 - 2 * ph), 8))
    W = draw(st.integers(max(1, dw * (kw - 1) + 1 - 2 * pw), 8))
    rng = np.random.default_rng(draw(st.integers(0, 2**16)))
    pairs = {"stride": (sh, sw), "padding": (ph, pw), "dilation": (dh, dw)}
    x = rng.standard_normal((N, C, H, W))
    w = rng.standard_normal((F, C, kh, kw))
    b = rng.standard_normal(F) if draw(st.booleans()) else None
    grad_y = rng.standard_normal(ops.conv2d_forward(x, w, **pairs).shape)
    return x, w, b, grad_y, pairs


def all_positions(shape):
    return [tuple(int(v) for v in p) for p in np.ndindex(*shape)]


@settings(max_examples=80, deadline=None)
@given(layers())
def test_the_sliding_sums_are_the_engines_gradients_and_outputs(case):
    x, w, b, grad_y, pairs = case
    c = cor.Correlation(x, w, grad_y, b, **pairs)
    grad_x, grad_w, _ = ops.conv2d_backward(x, w, grad_y, **pairs)
    np.testing.assert_allclose(c.grad_w(), grad_w, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(c.grad_x(), grad_x, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(c.output("o"), ops.conv2d_forward(x, w, b, **pairs), rtol=1e-12, atol=1e-12)
    # the true convolution is the cross-correlation with every filter turned half a turn
    conv = ops.conv2d_forward(x, w[:, :, ::-1, ::-1], b, **pairs)
    np.testing.assert_allclose(c.output("conv"), conv, rtol=1e-12, atol=1e-12)
    # and the naive loops agree with both gradients
    want_x, want_w, _ = ref.conv2d_grads(x, w, grad_y, **pairs)
    np.testing.assert_allclose(c.grad_w(), want_w, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(c.grad_x(), want_x, rtol=1e-12, atol=1e-12)


@settings(max_examples=60, deadline=None)
@given(layers())
def test_the_padding_gets_a_gradient_that_is_cropped_away(case):
    """The full convolution gives the gradient of every cell of the padded input; the padded input
    seen as an image without padding has exactly that gradient, border included."""
    x, w, _, grad_y, pairs = case
    c = cor.Correlation(x, w, grad_y, **pairs)
    unpadded = {**pairs, "padding": (0, 0)}
    want, _, _ = ops.conv2d_backward(c.x_pad, w, grad_y, **unpadded)
    np.testing.assert_allclose(c.grad_x_padded(), want, rtol=1e-12, atol=1e-12)
    ph, pw = pairs["padding"]
    assert c.grad_x().shape == x.shape
    np.testing.assert_array_equal(
        c.grad_x(), c.grad_x_padded()[:, :, ph : ph + x.shape[2], pw : pw + x.shape[3]]
    )


@settings(max_examples=40, deadline=None)
@given(layers())
def test_every_frame_adds_up_its_taps_to_its_position_of_the_map(case):
    x, w, b, grad_y, pairs = case
    c = cor.Correlation(x, w, grad_y, b, **pairs)
    g = c.g
    leads = {"dW": (c.F, g.C), "dI": (c.N, g.C), "o": (c.N, c.F), "conv": (c.N, c.F)}
    for mode in cor.MODES:
        for lead in all_positions(leads[mode])[:2]:
            lay = c.layout(mode, lead)
            totals = c.totals(mode, lead)
            assert totals.shape == lay.positions
            for position in all_positions(lay.positions):
                frame = c.frame(mode, lead, position)
                # each tap meets the grid cell at the filter's corner plus the tap's offset
                corner = np.array(position) * lay.step
                np.testing.assert_array_equal(frame.cells, corner + lay.taps)
                np.testing.assert_array_equal(frame.met, lay.grid[:, frame.cells[:, 0], frame.cells[:, 1]])
                # cells that hold no data (padding, inserted zeros) are zeros
                assert not frame.met[:, ~frame.real].any()
                assert frame.total == pytest.approx(totals[position], rel=1e-12, abs=1e-12)
                line = cor_text.equation(frame, c)[-1]
                assert line.endswith(" = " + number(frame.total))


@settings(max_examples=40, deadline=None)
@given(specs(), st.integers(0, 10_000))
def test_the_frames_are_the_traces_steps(spec, seed):
    """Built from a network's iteration, each dL/dW and forward frame has the terms of the trace's
    step for that element, in the same order and bit for bit; each dL/dI frame its sum."""
    it = model_for(spec, seed).run(input_grad=True)
    trace = Trace(it)
    v = it.values
    c = cor.Correlation.of_spec(spec, v["I"], v["W"], it.grads["do"], v.get("b"))
    np.testing.assert_allclose(c.grad_w(), it.grads["dW"], rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(c.grad_x(), it.grads["dI"], rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(c.output(), v["o"], rtol=1e-12, atol=1e-12)
    g = c.g
    for index in all_positions(v["W"].shape)[:6]:
        frame = c.frame("dW", index[:2], index[2:])
        step = trace.step(trace.find("dW", index))
        np.testing.assert_array_equal(frame.products().ravel(), step.products())
        # the input cells each dL/do value meets are the cells the step reads
        rows_cols = np.tile(frame.cells - [g.ph, g.pw], (c.N, 1))
        np.testing.assert_array_equal(step.reads()["I"][:, 2:], rows_cols)
    for index in all_positions(v["o"].shape)[:6]:
        frame = c.frame("o", index[:2], index[2:])
        step = trace.step(trace.find("o", index))
        products = step.products()[: frame.kernel.size]  # the bias is the step's last term
        np.testing.assert_array_equal(frame.products().ravel(), products)
        assert frame.total == pytest.approx(step.result, rel=1e-12, abs=1e-12)
    for index in all_positions(v["I"].shape)[:6]:
        n, ch, r, s = index
        frame = c.frame("dI", (n, ch), (r + g.ph, s + g.pw))
        step = trace.step(trace.find("dI", index))
        assert frame.total == pytest.approx(step.result, rel=1e-12, abs=1e-12)
        # the taps that meet a dL/do value (not a zero) are the step's terms
        assert sorted(frame.products()[:, frame.real].ravel()) == pytest.approx(sorted(step.products()))


def test_the_worked_example_reads_like_the_book():
    c = cor.Correlation(WORKED_X, WORKED_W, WORKED_DO)
    np.testing.assert_array_equal(c.grad_w()[0, 0], [[-0.75, -1.125], [-0.75, -0.9375]])
    lines = [cor_text.equation(c.frame("dW", (0, 0), p), c)[0] for p in all_positions((2, 2))]
    assert lines[0] == (
        "dL/dW11 = dL/do11·I11 + dL/do12·I12 + dL/do21·I21 + dL/do22·I22"
        " = (−0.1875)·1 + (−0.1875)·2 + (−0.1875)·0 + (−0.1875)·1 = −0.75"
    )
    assert lines[3].startswith("dL/dW22 = dL/do11·I22 + dL/do12·I23 + dL/do21·I32 + dL/do22·I33 = ")
    assert lines[3].endswith(" = −0.9375")
    # the full convolution: the flipped filter over dL/do in a border of zeros one cell wide
    assert c.dz_full.shape == (1, 1, 4, 4)
    assert cor_text.equation(c.frame("dI", (0, 0), (0, 0)), c) == [
        "dL/dI11 = 0·W22 + 0·W21 + 0·W12 + dL/do11·W11 = 0·0.5 + 0·1 + 0·(−1) + (−0.1875)·0.5 = −0.09375"
    ]
    assert cor_text.equation(c.frame("o", (0, 0), (0, 0)), c) == [
        "o11 = I11·W11 + I12·W12 + I21·W21 + I22·W22 = 1·0.5 + 2·(−1) + 0·1 + 1·0.5 = −1"
    ]
    assert cor_text.equation(c.frame("conv", (0, 0), (0, 0)), c) == [
        "(I∗W)11 = I11·W22 + I12·W21 + I21·W12 + I22·W11 = 1·0.5 + 2·1 + 0·(−1) + 1·0.5 = 3"
    ]
    np.testing.assert_array_equal(c.output("conv")[0, 0], [[3, 1.5], [-0.5, 2.5]])


def test_true_convolution_matches_its_textbook_definition():
    """(I ∗ K)[i, j] = Σ_uv I[u, v]·K[i - u, j - v] over the places the filter fits (no flip in
    sight), against the cross-correlation with the flipped filter."""
    rng = np.random.default_rng(5)
    x, k = rng.standard_normal((1, 1, 6, 5)), rng.standard_normal((1, 1, 3, 2))
    c = cor.Correlation(x, k, np.zeros((1, 1, 4, 4)))
    H, W = x.shape[2:]
    kh, kw = k.shape[2:]
    want = np.zeros((H - kh + 1, W - kw + 1))
    for i in range(want.shape[0]):
        for j in range(want.shape[1]):
            p, q = i + kh - 1, j + kw - 1  # the full convolution's index of this valid position
            want[i, j] = sum(
                x[0, 0, u, v] * k[0, 0, p - u, q - v]
                for u in range(H)
                for v in range(W)
                if 0 <= p - u < kh and 0 <= q - v < kw
            )
    np.testing.assert_allclose(c.output("conv")[0, 0], want, rtol=1e-12, atol=1e-12)


def test_stride_inserts_zeros_and_padding_and_dilation_widen_the_full_grid():
    """The stride-padding-dilation lesson's layer: 5x5, 2x2 filter, stride 2, padding 1, dilation 2."""
    rng = np.random.default_rng(0)
    x, w = rng.standard_normal((1, 1, 5, 5)), rng.standard_normal((1, 1, 2, 2))
    pairs = {"stride": 2, "padding": 1, "dilation": 2}
    grad_y = rng.standard_normal((1, 1, 3, 3))
    c = cor.Correlation(x, w, grad_y, **pairs)
    assert c.x_pad.shape == (1, 1, 7, 7) and c.extent == (3, 3)
    dz = c.dz[0, 0]
    assert dz.shape == (5, 5)
    np.testing.assert_array_equal(dz[::2, ::2], grad_y[0, 0])
    assert not dz[1::2].any() and not dz[:, 1::2].any()
    # dL/do slides over the padded input two cells at a time (the dilation), its values two apart
    frame = c.frame("dW", (0, 0), (1, 1))
    assert frame.origin == (2, 2)
    assert frame.cells.tolist() == [[2 + 2 * i, 2 + 2 * j] for i in range(3) for j in range(3)]
    # the padded input's last row and column are padding: the taps that meet them meet zeros
    assert frame.real.tolist() == [i < 2 and j < 2 for i in range(3) for j in range(3)]
    # the full grid: a border of 2 zeros (the 3x3 dilated filter less one), 7x7 positions
    assert c.dz_full.shape == (1, 1, 9, 9)
    np.testing.assert_array_equal(c.dz_full[0, 0, 2:7, 2:7], dz)
    assert c.totals("dI", (0, 0)).shape == (7, 7)
    spread = cor.spread(w[0, 0], 2, fill=np.nan)
    assert np.isnan(spread[1]).all() and np.isnan(spread[:, 1]).all()
    np.testing.assert_array_equal(spread[::2, ::2], w[0, 0])


def test_a_reach_shorter_than_the_padded_input_leaves_its_last_rows_without_gradient():
    """With stride 2 a 6-wide padded input has a last column no window reads: its gradient is 0."""
    x, w = np.ones((1, 1, 6, 6)), np.ones((1, 1, 3, 3))
    c = cor.Correlation(x, w, np.ones((1, 1, 2, 2)), stride=2)
    assert c.reach == (5, 5)
    dI = c.grad_x_padded()[0, 0]
    assert not dI[5].any() and not dI[:, 5].any()
    np.testing.assert_array_equal(dI, ops.conv2d_backward(x, w, np.ones((1, 1, 2, 2)), stride=2)[0][0, 0])


def test_a_batch_and_channels_sum_over_their_slices():
    rng = np.random.default_rng(3)
    x, w = rng.standard_normal((2, 3, 4, 4)), rng.standard_normal((2, 3, 2, 2))
    b = np.array([0.25, -0.5])
    grad_y = rng.standard_normal((2, 2, 3, 3))
    c = cor.Correlation(x, w, grad_y, b)
    frame = c.frame("dW", (1, 2), (0, 1))
    assert frame.kernel.shape == (2, 9)  # two images, nine dL/do values each
    lines = cor_text.equation(frame, c, shown=1)
    assert lines[0].startswith("image 2: dL/do2,2,1,1·I2,3,1,2 + ")
    assert lines[1].startswith("dL/dW2,3,1,2 = image 1 + image 2 = ")
    forward = c.frame("o", (0, 1), (2, 2))
    assert forward.bias == -0.5
    assert cor_text.equation(forward, c)[1].startswith("o1,2,3,3 = channel 1 + channel 2 + channel 3 + b2 = ")
    assert forward.total == pytest.approx(ops.conv2d_forward(x, w, b)[0, 1, 2, 2], rel=1e-12)
    back = c.frame("dI", (1, 0), (3, 3))
    assert cor_text.equation(back, c)[1].startswith("dL/dI2,1,4,4 = filter 1 + filter 2 = ")


def test_a_gradient_on_the_padding_says_so():
    c = cor.Correlation(WORKED_X, WORKED_W, np.full((1, 1, 4, 4), 0.5), padding=1)
    line = cor_text.equation(c.frame("dI", (0, 0), (0, 2)), c)[0]
    assert line.startswith("dL/dpad[1,3] = ")
    assert "dL/dpad<sub>1,3</sub>" in cor_text.equation(c.frame("dI", (0, 0), (0, 2)), c, fmt="html")[0]


def test_long_sums_show_their_first_terms_and_the_count():
    x = np.ones((1, 1, 8, 8))
    c = cor.Correlation(x, np.ones((1, 1, 2, 2)), np.ones((1, 1, 7, 7)))
    line = cor_text.equation(c.frame("dW", (0, 0), (0, 0)), c, max_terms=5)[0]
    assert line.count("·") == 10 and "+ … (49 terms)" in line
    assert line.endswith(" = 49")


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda c: c.frame("dX", (0, 0), (0, 0)), "mode must be one of dW, dI, o, conv"),
        (lambda c: c.frame("dW", (0, 0), (2, 0)), "position (3, 1) is outside the 2x2 positions"),
        (
            lambda c: cor.Correlation(WORKED_X, WORKED_W, np.zeros((1, 1, 3, 3))),
            "must have shape (1, 1, 2, 2)",
        ),
        (lambda c: cor.Correlation(WORKED_X, np.ones((1, 2, 2, 2)), WORKED_DO), "the filters have 2 channel"),
        (lambda c: cor.Correlation(WORKED_X[0], WORKED_W, WORKED_DO), "(N, C, H, W)"),
        (lambda c: cor.Correlation(WORKED_X, np.ones((1, 1, 4, 4)), WORKED_DO), "does not fit a 3x3 image"),
    ],
)
def test_impossible_requests_say_what_is_wrong(call, message):
    c = cor.Correlation(WORKED_X, WORKED_W, WORKED_DO)
    with pytest.raises((ValueError, IndexError)) as caught:
        call(c)
    assert message in str(caught.value)


def test_inputs_are_not_modified():
    rng = np.random.default_rng(9)
    x, w, gy = (
        rng.standard_normal((2, 2, 5, 5)),
        rng.standard_normal((2, 2, 2, 2)),
        rng.standard_normal((2, 2, 3, 3)),
    )
    for a in (x, w, gy):
        a.setflags(write=False)
    c = cor.Correlation(x, w, gy, stride=2, padding=1, dilation=2)
    c.grad_w(), c.grad_x(), c.output("conv")
    assert c.totals("dW", (0, 0)).flags.writeable is False  # the remembered maps cannot be changed


def test_values_near_the_float_limit_overflow_to_inf_and_nan_quietly():
    """Weights a diverging learning rate blew up: products past 1.8e308 are inf, inf - inf is NaN,
    and no warning escapes (pytest makes every warning an error). The values are worked out by hand."""
    x = np.zeros((1, 1, 3, 3))
    x[0, 0, 0, :] = 1e308  # the top row
    w = np.array([[[[2.0, -2.0], [1.0, 1.0]]]])
    grad_y = np.array([[[[1e308, 1e308], [1.0, 1.0]]]])
    corr = cor.Correlation(x, w, grad_y)
    # o11 = 2e308 - 2e308 + 0 + 0: inf - inf; the second row of o meets only zeros
    np.testing.assert_array_equal(corr.output()[0, 0], [[np.nan, np.nan], [0.0, 0.0]])
    # dL/dW11 = dL/do11 · 1e308 + dL/do12 · 1e308 + 0 + 0 overflows; W21 and W22 meet zeros only
    np.testing.assert_array_equal(corr.grad_w()[0, 0], [[np.inf, np.inf], [0.0, 0.0]])
    # dL/dI = dL/do ∗ W, cell by cell: dI12 = 1e308 · (−2) + 1e308 · 2 = −inf + inf
    want = [[np.inf, np.nan, -np.inf], [1e308, np.inf, 1e308], [1.0, 2.0, 1.0]]
    np.testing.assert_array_equal(corr.grad_x()[0, 0], want)
    frame = corr.frame("dI", (0, 0), (0, 1))
    np.testing.assert_array_equal(frame.products(), [[0.0, 0.0, -np.inf, np.inf]])
    assert np.isnan(frame.total) and np.isnan(frame.partials()).all()
    assert cor_text.equation(frame, corr)[0].endswith("1e308·(−2) + 1e308·2 = nan")
    # where the passes stay finite they agree with the engine's
    with np.errstate(over="ignore", invalid="ignore"):
        grad_x = ops.conv2d_backward(x, w, grad_y)[0]
    finite = np.isfinite(grad_x)
    assert finite.sum() == 5
    np.testing.assert_array_equal(corr.grad_x()[finite], grad_x[finite])


def test_nan_in_the_output_gradient_reaches_only_the_sums_that_read_it():
    grad_y = WORKED_DO.copy()
    grad_y[0, 0, 1, 1] = np.nan  # dL/do22
    corr = cor.Correlation(WORKED_X, WORKED_W, grad_y)
    assert np.isnan(corr.grad_w()).all()  # every dL/dW_mn adds a term of every dL/do
    dx = corr.grad_x()[0, 0]
    reads = np.zeros((3, 3), bool)
    reads[1:, 1:] = True  # dL/do22's window: input rows and columns 2 and 3
    assert np.isnan(dx[reads]).all() and np.isfinite(dx[~reads]).all()
    want = ops.conv2d_backward(WORKED_X, WORKED_W, WORKED_DO)[0][0, 0]
    np.testing.assert_array_equal(dx[~reads], want[~reads])
    np.testing.assert_array_equal(corr.output(), ops.conv2d_forward(WORKED_X, WORKED_W))
