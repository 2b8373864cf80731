"""The loss landscape: a batched grid equals one forward pass per point, on any network."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from convstudio.engine import gradcheck, landscape, lessons
from convstudio.engine.landscape import Plane, cells, parse_cell
from convstudio.engine.model import init_params
from convstudio.engine.spec import Spec
from tests.engine.strategies import model_for, specs

W11 = ("W", (0, 0, 0, 0))


def all_cells(spec: Spec) -> list[tuple[str, tuple[int, ...]]]:
    return [
        (name, tuple(int(i) for i in index))
        for name, shape in spec.param_shapes().items()
        for index in np.ndindex(*shape)
    ]


def loop_grid(spec, params, x, target, picks, a_values, b_values) -> np.ndarray:
    """The plain way: set the two cells, run the data through the network, once per point."""
    out = np.empty((len(b_values), len(a_values)))
    for i, b in enumerate(b_values):
        for j, a in enumerate(a_values):
            moved = {name: value.copy() for name, value in params.items()}
            moved[picks[0][0]][picks[0][1]] = a
            moved[picks[1][0]][picks[1][1]] = b
            out[i, j] = gradcheck.loss(spec, moved, x, target)
    return out


@settings(max_examples=60, deadline=None)
@given(spec=specs(max_size=5), seed=st.integers(0, 2**16), data=st.data())
def test_the_batched_grid_equals_a_forward_pass_per_point(spec, seed, data):
    model = model_for(spec, seed)
    cells = all_cells(spec)
    if len(cells) < 2:
        return
    first = data.draw(st.integers(0, len(cells) - 1))
    second = data.draw(st.integers(0, len(cells) - 2))
    picks = [cells[first], cells[second + (second >= first)]]
    plane = Plane(spec, model.params, model.x, model.target, picks)
    a_values = plane.origin[0] + np.array([-1.5, -0.25, 0.0, 0.7])
    b_values = plane.origin[1] + np.array([-0.6, 0.0, 1.1])
    got = plane.grid(a_values, b_values)
    want = loop_grid(spec, model.params, model.x, model.target, picks, a_values, b_values)
    assert got.shape == (3, 4)
    np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-12)
    # the grid passes through the parameters themselves: there it is the network's loss
    assert got[1, 2] == pytest.approx(model.loss(), rel=1e-13, abs=1e-15)


def test_the_worked_example_is_a_parabola_in_its_weights():
    lesson = lessons.load("worked-example")
    image = lesson.x[0, 0]
    # p = mean over the 2x2 outputs of sum_k W_k * (window value k): the mean window value
    # of each weight, from the 3x3 input by hand
    mean_window = np.array(
        [
            [np.mean([image[i + m, j + k] for i in range(2) for j in range(2)]) for k in range(2)]
            for m in range(2)
        ]
    )
    w = lesson.params["W"][0, 0]
    t = float(lesson.target.ravel()[0])
    a_values = np.linspace(-2.0, 2.0, 9)
    b_values = np.linspace(-3.0, 1.0, 7)
    got = landscape.grid(
        lesson.spec,
        lesson.params,
        lesson.x,
        lesson.target,
        [("W", (0, 0, 0, 0)), ("W", (0, 0, 0, 1))],
        a_values,
        b_values,
    )
    rest = w[1, 0] * mean_window[1, 0] + w[1, 1] * mean_window[1, 1]
    p = a_values[None, :] * mean_window[0, 0] + b_values[:, None] * mean_window[0, 1] + rest
    np.testing.assert_allclose(got, (p - t) ** 2, rtol=1e-14, atol=1e-15)
    assert mean_window[0, 0] == 1.0  # dp/dW11, as the gradient-check lesson says


@pytest.mark.parametrize("name", lessons.available())
def test_every_lesson_with_each_kind_of_pick(name):
    """Filter weights of two filters, a bias, dense weights and a dense bias, mixed."""
    lesson = lessons.load(name)
    spec = lesson.spec
    shapes = spec.param_shapes()
    chosen = [("W", (0, 0, 0, 0)), ("W", (spec.filters - 1, spec.channels - 1, 1, 1))]
    chosen += [(tensor, (0,) * len(shapes[tensor])) for tensor in ("b", "V", "c") if tensor in shapes]
    if "V" in shapes:
        chosen.append(("V", (shapes["V"][0] - 1, shapes["V"][1] - 1)))
    a_values, b_values = np.linspace(-1.0, 1.0, 3), np.linspace(-0.5, 2.0, 3)
    for first in range(len(chosen)):
        for second in range(first + 1, len(chosen)):
            picks = [chosen[first], chosen[second]]
            got = landscape.grid(spec, lesson.params, lesson.x, lesson.target, picks, a_values, b_values)
            want = loop_grid(spec, lesson.params, lesson.x, lesson.target, picks, a_values, b_values)
            np.testing.assert_allclose(got, want, rtol=1e-12, atol=1e-12, err_msg=str(picks))


def test_chunks_of_a_large_grid_give_the_same_numbers(monkeypatch):
    lesson = lessons.load("bars-classifier")
    picks = [("W", (1, 0, 2, 2)), ("V", (0, 5))]
    axis = np.linspace(-1.0, 1.0, 13)
    whole = landscape.grid(lesson.spec, lesson.params, lesson.x, lesson.target, picks, axis, axis)
    monkeypatch.setattr(landscape, "CHUNK_FLOATS", 100)  # a few points at a time
    chunked = landscape.grid(lesson.spec, lesson.params, lesson.x, lesson.target, picks, axis, axis)
    np.testing.assert_allclose(chunked, whole, rtol=1e-14, atol=0)  # BLAS may round a batch's last bit


def test_huge_weights_give_inf_or_nan_as_the_forward_pass_does_and_no_warning():
    # pytest turns NumPy's overflow warnings into errors: none may escape
    for name in ("worked-example", "bars-classifier", "rgb"):
        lesson = lessons.load(name)
        picks = [("W", (0, 0, 0, 0)), ("W", (0, 0, 0, 1))]
        a_values, b_values = np.array([0.0, 1e200, 1e308]), np.array([0.0, -1e308])
        got = landscape.grid(lesson.spec, lesson.params, lesson.x, lesson.target, picks, a_values, b_values)
        want = loop_grid(lesson.spec, lesson.params, lesson.x, lesson.target, picks, a_values, b_values)
        np.testing.assert_allclose(got, want, rtol=1e-12, equal_nan=True)
        assert np.isfinite(got[0, 0]) and not np.isfinite(got).all()


def test_bad_picks_are_refused_with_reasons():
    spec = Spec()
    params, x, t = init_params(spec), np.ones(spec.input_shape), np.ones(spec.target_shape)
    with pytest.raises(ValueError, match="two different weights"):
        Plane(spec, params, x, t, [("W", (0, 0, 0, 0)), ("W", (0, 0, 0, 0))])
    with pytest.raises(ValueError, match="there is no parameter V"):
        Plane(spec, params, x, t, [("W", (0, 0, 0, 0)), ("V", (0, 0))])
    with pytest.raises(ValueError, match="outside it"):
        Plane(spec, params, x, t, [("W", (0, 0, 0, 0)), ("W", (0, 0, 2, 0))])
    with pytest.raises(ValueError, match="two weights, not 1"):
        Plane(spec, params, x, t, [("W", (0, 0, 0, 0))])
    plane = Plane(spec, params, x, t, [("W", (0, 0, 0, 0)), ("W", (0, 0, 1, 1))])
    with pytest.raises(ValueError, match="one shape"):
        plane.points(np.zeros(3), np.zeros(2))


def test_a_plane_through_weights_near_the_float_limit_is_inf_or_nan_where_the_network_is():
    # the other weights already blown up (a diverging run), and an input as large: still no warning
    for name in ("worked-example", "bars-classifier", "max-pooling"):
        lesson = lessons.load(name)
        params = {key: value.copy() for key, value in lesson.params.items()}
        params["W"].flat[-1] = 1.7e308
        x = lesson.x.copy()
        x.flat[0] = -1e308
        picks = [("W", (0, 0, 0, 0)), ("W", (0, 0, 0, 1))]
        a_values, b_values = np.array([-1.7e308, 0.0, 1.0]), np.array([0.0, 1e308])
        got = landscape.grid(lesson.spec, params, x, lesson.target, picks, a_values, b_values)
        want = loop_grid(lesson.spec, params, x, lesson.target, picks, a_values, b_values)
        # Past the limit the order of the additions decides between inf and NaN (inf - inf): the
        # map overflows exactly where the network does, and agrees where it does not.
        finite = np.isfinite(want)
        np.testing.assert_array_equal(np.isfinite(got), finite)
        np.testing.assert_allclose(got[finite], want[finite], rtol=1e-12)
        assert not finite.all()


def test_a_symbol_names_its_cell_for_every_parameter():
    for spec in (
        Spec(),
        Spec(filters=2, channels=3, bias=True, height=4, width=4),
        Spec(height=6, width=6, filters=2, kernel=3, pooling="max", head="dense", classes=3, bias=True),
        Spec(height=12, width=12, filters=1, kernel=1, pooling="none", head="dense", classes=2),
    ):
        for symbol, cell in cells(spec, 10_000):
            assert parse_cell(spec, symbol) == cell, symbol
    spec = Spec(height=12, width=12, kernel=1, pooling="none", head="dense")
    assert parse_cell(spec, "V2,144") == ("V", (1, 143))
    assert parse_cell(spec, " W 1 1 ") == W11
