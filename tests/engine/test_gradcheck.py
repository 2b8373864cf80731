"""Finite differences, the student's own idea, agree with backprop and cost what we say."""

from __future__ import annotations

import numpy as np
import pytest

from convstudio.engine import gradcheck, lessons
from convstudio.engine.model import init_params
from convstudio.engine.spec import Spec


def test_nudging_w12_of_the_worked_example_gives_backprops_gradient():
    lesson = lessons.load("worked-example")
    n = gradcheck.nudge(lesson.spec, lesson.params, lesson.x, lesson.target, "W", (0, 0, 0, 1))
    assert n.backprop == -1.125
    assert n.numeric == pytest.approx(-1.125, abs=1e-9)
    assert n.agreeing_digits >= 8
    # the two reruns moved the loss each way, as a student would see
    assert n.loss_plus < 0.140625 < n.loss_minus


@pytest.mark.parametrize("name", lessons.available())
def test_every_parameter_of_every_lesson_checks_out(name):
    lesson = lessons.load(name)
    result = gradcheck.check(lesson.spec, lesson.params, lesson.x, lesson.target)
    assert len(result.nudges) == sum(v.size for v in lesson.params.values())
    assert result.forward_passes == 2 * len(result.nudges)
    assert result.backprop_passes == (1, 1)
    assert result.worst.rel_error < 1e-5, result.worst
    assert result.min_digits >= 5


def test_a_wrong_gradient_shows_as_few_agreeing_digits():
    n = gradcheck.Nudge("W", (0,), 1e-5, loss_plus=1.00002, loss_minus=1.0, backprop=1.5)
    assert n.numeric == pytest.approx(1.0)
    assert n.agreeing_digits == 0
    assert gradcheck.Nudge("W", (0,), 1e-5, 1.0, 1.0, 0.0).agreeing_digits == 15


def test_bad_nudges_are_refused():
    spec = Spec()
    params = init_params(spec)
    x, t = np.ones(spec.input_shape), np.ones(spec.target_shape)
    with pytest.raises(ValueError, match="there is no parameter V"):
        gradcheck.nudge(spec, params, x, t, "V", (0,))
    with pytest.raises(ValueError, match="outside it"):
        gradcheck.nudge(spec, params, x, t, "W", (0, 0, 2, 0))
    with pytest.raises(ValueError, match="positive"):
        gradcheck.nudge(spec, params, x, t, "W", (0, 0, 0, 0), eps=0)


def test_the_worked_examples_w11_agrees_to_ten_digits_and_the_loss_is_a_parabola():
    lesson = lessons.load("worked-example")
    n = gradcheck.nudge(lesson.spec, lesson.params, lesson.x, lesson.target, "W", (0, 0, 0, 0))
    assert n.backprop == -0.75
    assert n.agreeing_digits >= 8
    # L is quadratic in W11 (p = mean of the outputs is linear in it; dp/dW11 = (1+2+0+1)/4 = 1),
    # so L(W11 + eps) = L - 0.75 eps + eps^2: the central slope has no truncation error at all,
    # while the one-sided slope is off by exactly eps.
    for m in gradcheck.sweep(
        lesson.spec, lesson.params, lesson.x, lesson.target, "W", (0, 0, 0, 0), (0.1, 0.01)
    ):
        assert m.loss == pytest.approx(0.140625, abs=1e-15)
        assert m.numeric == pytest.approx(-0.75, abs=1e-13)
        assert m.one_sided - m.backprop == pytest.approx(m.eps, rel=1e-9)


def test_too_large_and_too_small_a_nudge_both_lose_digits():
    lesson = lessons.load("bars-classifier")  # softmax cross-entropy: not a parabola in the weight
    args = (lesson.spec, lesson.params, lesson.x, lesson.target, "W", (0, 0, 1, 1))
    by_eps = {n.eps: n for n in gradcheck.sweep(*args)}
    assert tuple(by_eps) == gradcheck.EPS_STEPS
    best = min(by_eps.values(), key=lambda n: n.abs_error)
    assert 1e-7 <= best.eps <= 1e-3  # the bottom of the V sits in the middle
    truncation, rounding = by_eps[1e-1], by_eps[1e-12]
    assert truncation.abs_error > 1e4 * best.abs_error
    assert rounding.abs_error > 1e4 * best.abs_error
    assert truncation.agreeing_digits < best.agreeing_digits - 4
    assert rounding.agreeing_digits < best.agreeing_digits - 4
    # the one-sided slope's truncation error falls only as eps: ten times smaller per decade
    ratio = abs(by_eps[1e-2].one_sided - best.backprop) / abs(by_eps[1e-3].one_sided - best.backprop)
    assert 8 < ratio < 12
    # the central one's falls as eps^2: a hundred times per decade
    ratio = by_eps[1e-2].abs_error / by_eps[1e-3].abs_error
    assert 80 < ratio < 120


def test_nudges_come_one_at_a_time_and_the_check_is_timed(monkeypatch):
    lesson = lessons.load("rgb")
    spec, params = lesson.spec, lesson.params
    assert gradcheck.count(spec) == 2 * 3 * 2 * 2 + 2 == sum(v.size for v in params.values())
    assert gradcheck.count(spec, ("b",)) == 2
    calls = []
    real_loss = gradcheck.loss

    def counting(*args):
        calls.append(1)
        return real_loss(*args)

    monkeypatch.setattr(gradcheck, "loss", counting)
    stream = gradcheck.nudges(spec, params, lesson.x, lesson.target, tensors=("W", "b"))
    first = [next(stream) for _ in range(3)]
    monkeypatch.undo()
    assert len(calls) == 6  # two forward passes for each of the three weights asked for, no more
    assert [n.index for n in first] == [(0, 0, 0, 0), (0, 0, 0, 1), (0, 0, 1, 0)]
    result = gradcheck.check(spec, params, lesson.x, lesson.target, tensors=("b",))
    assert [n.tensor for n in result.nudges] == ["b", "b"]
    assert result.seconds > 0 and result.backprop_seconds > 0
    grads, forward_s, backward_s = gradcheck.timed_gradients(spec, params, lesson.x, lesson.target)
    assert forward_s > 0 and backward_s > 0
    np.testing.assert_array_equal(grads["db"], [n.backprop for n in result.nudges])


def test_an_overflowing_loss_agrees_to_no_digits():
    n = gradcheck.Nudge("W", (0,), 1e-5, loss_plus=np.inf, loss_minus=1.0, backprop=2.0)
    assert n.agreeing_digits == 0 and n.rel_error == np.inf
    nan = gradcheck.Nudge("W", (1,), 1e-5, loss_plus=np.nan, loss_minus=np.nan, backprop=2.0)
    ok = gradcheck.Nudge("W", (2,), 1e-5, 1.00002, 1.0, 1.0)
    assert gradcheck.Check((ok, nan), 1).worst is nan
    assert np.isnan(ok.one_sided)


def test_bad_sweeps_and_checks_are_refused():
    spec = Spec()
    params = init_params(spec)
    x, t = np.ones(spec.input_shape), np.ones(spec.target_shape)
    with pytest.raises(ValueError, match=r"positive number like 1e-5, not -0\.1"):
        next(gradcheck.sweep(spec, params, x, t, "W", (0, 0, 0, 0), (1e-3, -0.1)))
    with pytest.raises(ValueError, match="there is no parameter V"):
        next(gradcheck.nudges(spec, params, x, t, tensors=("W", "V")))


def test_weights_near_the_float_limit_nudge_quietly_and_nan_is_refused():
    lesson = lessons.load("worked-example")
    params = {name: value.copy() for name, value in lesson.params.items()}
    params["W"][0, 0, 0, 0] = 1e308  # o12 = 2 · 1e308 overflows: every loss is inf
    data = (lesson.spec, params, lesson.x, lesson.target)
    n = gradcheck.nudge(*data, "W", (0, 0, 0, 1))
    assert n.loss_plus == n.loss_minus == np.inf
    assert np.isnan(n.numeric) and n.agreeing_digits == 0 and n.rel_error == np.inf
    swept = list(gradcheck.sweep(*data, "W", (0, 0, 1, 1), (1e-3, 1e-6)))
    assert [m.agreeing_digits for m in swept] == [0, 0] and np.isnan(swept[0].one_sided)
    check = gradcheck.check(*data)
    assert len(check.nudges) == 4 and check.min_digits == 0
    params["W"][0, 0, 0, 0] = np.nan
    with pytest.raises(ValueError, match="W holds NaN or infinite values"):
        gradcheck.nudge(*data, "W", (0, 0, 0, 1))


@pytest.mark.parametrize(("name", "exact"), [("worked-example", True), ("bars-classifier", False)])
def test_a_parabolas_central_slope_is_exact_for_every_eps_and_softmax_curves_it(name, exact):
    lesson = lessons.load(name)
    nudges = list(gradcheck.sweep(lesson.spec, lesson.params, lesson.x, lesson.target, "W", (0, 0, 0, 0)))
    assert gradcheck.chord_is_exact(nudges) is exact
    largest = max(nudges, key=lambda n: n.eps)
    if exact:  # the chord of a parabola: rounding only, even at eps = 0.1
        assert largest.abs_error < 1e-12
    else:
        assert largest.abs_error > 1e-8 * abs(largest.backprop)
    assert not gradcheck.chord_is_exact([])


def test_timed_backprop_gives_backprops_gradients_and_a_time():
    lesson = lessons.load("worked-example")
    grads, seconds = gradcheck.timed_backprop(lesson.spec, lesson.params, lesson.x, lesson.target)
    expected = gradcheck.gradients(lesson.spec, lesson.params, lesson.x, lesson.target)
    assert grads.keys() == expected.keys()
    for name in grads:
        np.testing.assert_array_equal(grads[name], expected[name])
    assert 0 < seconds < gradcheck.QUICK  # a tiny network: timed three times, the quickest kept


def test_timed_nudges_are_the_check_row_by_row_each_with_its_cost():
    spec = Spec(filters=2, kernel=2, bias=True)
    params = init_params(spec, seed=3)
    x = np.random.default_rng(0).uniform(0, 1, spec.input_shape)
    target = np.ones(spec.pred_shape)
    rows = list(gradcheck.timed(gradcheck.nudges(spec, params, x, target, tensors=("b",))))
    assert [n for n, _ in rows] == list(gradcheck.nudges(spec, params, x, target, tensors=("b",)))
    assert len(rows) == 2 and all(seconds > 0 for _, seconds in rows)
    stream = gradcheck.timed(gradcheck.nudges(spec, params, x, target))
    first, _ = next(stream)  # lazily: one weight at a time, so a caller can stop at any weight
    assert first.tensor == "W" and first.index == (0, 0, 0, 0)


def test_digits_of_two_tiny_gradients_are_counted_against_the_floor_and_said_so():
    from convstudio.engine.gradcheck import TINY, Nudge

    n = Nudge("W", (0, 0, 0, 0), 1e-4, 1.0, 1.0 - 2e-21, 1.1e-16)  # slope 1e-17, backprop 1.1e-16
    assert n.tiny and n.rel_error > 0.5  # relative to each other they differ entirely
    assert n.compared_error == pytest.approx(n.abs_error / TINY)
    assert n.agreeing_digits == 7  # 1e-16 against 1e-8
    big = Nudge("W", (0, 0, 0, 0), 1e-4, 1.0 + 2e-4, 1.0, 1.0)
    assert not big.tiny and big.compared_error == big.rel_error
