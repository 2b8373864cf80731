"""The element trace: every step replays to the vectorised value, and reads what it says it reads."""

from __future__ import annotations

import dataclasses
import itertools
import math
import re

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from convstudio.engine.cursor import Cursor
from convstudio.engine.equations import equation
from convstudio.engine.hand_check import factor_digits, rounded
from convstudio.engine.model import Model, run_iteration
from convstudio.engine.notation import number as printed
from convstudio.engine.spec import Spec
from convstudio.engine.trace import Trace
from tests.engine.strategies import model_for, specs

WORKED_X = [[[[1, 2, 0], [0, 1, 3], [2, 1, 0]]]]
WORKED_W = [[[[0.5, -1], [1, 0.5]]]]


def worked_trace() -> Trace:
    return Trace(Model(Spec(), WORKED_X, [[1]], params={"W": WORKED_W}).run())


def check_step(trace: Trace, number: int) -> None:
    step = trace.step(number)
    assert step.number == number
    assert trace.find(step.tensor, step.index) == number
    # what the step says it computed is the vectorised value, and its terms give it again
    want = (
        trace.it.new_params[step.tensor]
        if step.phase == "update"
        else (trace.grads if step.phase == "backward" else trace.values)[step.tensor]
    )
    assert step.result == float(want[step.index])
    assert step.replay() == pytest.approx(step.result, rel=1e-12, abs=1e-12)
    # every factor's value is the value of the cell it names
    for block in step.blocks:
        for col in block.columns:
            if col.tensor is None or col.wrap:
                continue
            source = trace.grads if col.tensor.startswith("d") else trace.values
            if col.tensor.startswith("v"):
                source = {col.tensor: trace.it.velocity[col.tensor[1]]}
            for row, index in enumerate(col.index):
                if col.pad is not None and col.pad[row]:
                    assert col.values[row] == 0.0
                else:
                    assert col.values[row] == source[col.tensor][tuple(index)]


@settings(max_examples=60, deadline=None)
@given(specs(), st.integers(0, 10_000), st.booleans())
def test_every_step_replays_the_vectorised_result(spec, seed, input_grad):
    model = model_for(spec, seed)
    trace = Trace(model.run(input_grad=input_grad))
    for number in range(len(trace)):
        check_step(trace, number)
    # sections tile the trace and each writes a whole tensor once
    assert trace.sections[0].start == 0
    for before, after in zip(trace.sections, trace.sections[1:], strict=False):
        assert before.stop == after.start
    assert trace.sections[-1].stop == len(trace)
    assert ("dI" in {s.tensor for s in trace.sections}) == input_grad


def test_the_worked_example_replays_bit_for_bit():
    trace = worked_trace()
    assert [trace.step(i).replay() for i in range(len(trace))] == [
        trace.step(i).result for i in range(len(trace))
    ]


def test_the_worked_example_reads_like_the_book():
    trace = worked_trace()
    lines = [equation(step, trace.names) for step in trace.steps()]
    assert lines[0] == "o11 = I11·W11 + I12·W12 + I21·W21 + I22·W22 = 1·0.5 + 2·(−1) + 0·1 + 1·0.5 = −1"
    assert lines[4] == "p = 1/4·(o11 + o12 + o21 + o22) = 1/4·(−1 + 3.5 + 1.5 − 1.5) = 0.625"
    assert lines[5] == "L = (p − t)² = (0.625 − 1)² = 0.140625"
    assert lines[6] == "dL/dp = 2·(p − t) = 2·(0.625 − 1) = −0.75"
    assert lines[7] == "dL/do11 = 1/4·dL/dp = 1/4·(−0.75) = −0.1875"
    assert lines[11].startswith("dL/dW11 = dL/do11·I11 + dL/do12·I12 + dL/do21·I21 + dL/do22·I22 = ")
    assert lines[11].endswith(" = −0.75")
    assert lines[16] == "W12 ← W12 − η·dL/dW12 = −1 − 0.1·(−1.125) = −0.8875"
    latex = equation(trace.step(0), trace.names, "latex")
    assert latex.startswith(r"o_{11} = I_{11} \cdot W_{11}")
    html = equation(trace.step(11), trace.names, "html")
    assert html.startswith("dL/dW<sub>11</sub> = dL/do<sub>11</sub>·I<sub>11</sub>")


def test_a_partial_sum_shows_the_running_total():
    trace = worked_trace()
    assert (
        equation(trace.step(0), trace.names, terms=2)
        == "o11 = I11·W11 + I12·W12 = 1·0.5 + 2·(−1) = −1.5 (term 2 of 4)"
    )


def test_a_long_sum_shows_its_first_terms_the_count_and_the_total():
    spec = Spec(height=28, width=28, batch=4, filters=2, kernel=3, padding=1)
    trace = Trace(model_for(spec, 0).run())
    step = trace.step(trace.section_for("dW").start)
    text = equation(step, trace.names, max_terms=3)
    assert step.n_terms == 4 * 28 * 28
    assert " + … = " in text and text.endswith(f"({4 * 28 * 28} terms)")
    assert text.split(" = ")[-1].startswith(f"{step.result:.6g}".replace("-", "−"))


def test_padding_shows_as_zero_factors():
    spec = Spec(kernel=2, padding=1)
    trace = Trace(Model(spec, WORKED_X, np.ones((1, 1)), params={"W": WORKED_W}).run())
    first = trace.step(0)
    assert (
        equation(first, trace.names)
        == "o11 = 0·W11 + 0·W12 + 0·W21 + I11·W22 = 0·0.5 + 0·(−1) + 0·1 + 1·0.5 = 0.5"
    )
    assert first.reads()["I"].tolist() == [[0, 0, -1, -1], [0, 0, -1, 0], [0, 0, 0, -1], [0, 0, 0, 0]]


def test_reads_of_one_term_are_its_factors():
    trace = worked_trace()
    step = trace.step(12)  # dL/dW12
    assert {k: v.tolist() for k, v in step.reads(term=1).items()} == {
        "do": [[0, 0, 0, 1]],
        "I": [[0, 0, 0, 2]],
    }


def test_moving_by_each_unit():
    trace = worked_trace()
    start = Cursor(0, 0)
    assert trace.move(start, "term", 1) == Cursor(0, 1)
    assert trace.move(Cursor(0, 3), "term", 1) == Cursor(1, 0)
    assert trace.move(Cursor(0, 2), "element", 1) == Cursor(1, 0)
    assert trace.move(start, "layer", 1) == Cursor(4, 0)
    assert trace.move(Cursor(4, 0), "layer", 1) == Cursor(5, 0)
    assert trace.move(start, "phase", 1) == Cursor(6, 0)
    assert trace.move(Cursor(6, 0), "phase", 1) == Cursor(15, 0)
    assert trace.move(start, "iteration", 1) == Cursor(19, 0)
    assert trace.move(Cursor(19, 0), "element", 1) == Cursor(19, 0)
    # back
    assert trace.move(Cursor(1, 0), "term", -1) == Cursor(0, 3)
    assert trace.move(Cursor(0, 2), "term", -1) == Cursor(0, 1)
    assert trace.move(Cursor(0, 2), "element", -1) == Cursor(0, 0)
    assert trace.move(Cursor(3, 0), "layer", -1) == Cursor(0, 0)
    assert trace.move(Cursor(4, 0), "layer", -1) == Cursor(0, 0)
    assert trace.move(Cursor(10, 0), "phase", -1) == Cursor(6, 0)
    assert trace.move(Cursor(0, 0), "element", -1) == Cursor(0, 0)


@settings(max_examples=30, deadline=None)
@given(specs(max_size=4), st.integers(0, 1000), st.sampled_from(["term", "element", "layer", "phase"]))
def test_forward_then_back_returns_home(spec, seed, unit):
    trace = Trace(model_for(spec, seed).run())
    path = [Cursor(0, 0)]
    while path[-1] != Cursor(len(trace), 0):
        nxt = trace.move(path[-1], unit, 1)
        assert nxt > path[-1]
        path.append(nxt)
    for want in reversed(path[:-1]):
        assert trace.move(path[-1], unit, -1) == want
        path.pop()


def test_values_fill_in_as_the_cursor_moves():
    trace = worked_trace()
    o = trace.value_at("o", Cursor(2, 0))
    assert o[0, 0, 0].tolist() == [-1.0, 3.5] and np.isnan(o[0, 0, 1]).all()
    assert np.isnan(trace.value_at("dW", Cursor(6, 0))).all()
    w = trace.value_at("W", Cursor(17, 0))
    assert w[0, 0].tolist() == [[0.575, -0.8875], [1.0, 0.5]]
    assert trace.value_at("I", Cursor(0, 0)).tolist() == WORKED_X
    assert trace.current(Cursor(0, 0)) is None
    assert trace.current(Cursor(0, 2)).number == 0
    assert trace.current(Cursor(5, 0)).number == 4


def test_momentum_update_shows_both_lines():
    spec = Spec(momentum=0.9)
    model = Model(spec, WORKED_X, [[1]], params={"W": WORKED_W})
    model.step()
    trace = Trace(model.run())
    step = trace.step(trace.section_for("W").start)
    first, second = equation(step, trace.names).split("\n")
    assert first.startswith("vW11 ← μ·vW11 + dL/dW11 = 0.9·(−0.75) + ")
    assert second.startswith("W11 ← W11 − η·vW11 = 0.575 − 0.1·")
    assert step.replay() == pytest.approx(step.result)


# --- a diverging learning rate, partial values of every kind of step, the step cache ---------


def huge_trace(spec: Spec, size: float, seed: int = 0) -> Trace:
    """The iteration a diverging learning rate leads to: weights near ``size``, signs mixed."""
    model = model_for(spec, seed)
    rng = np.random.default_rng(seed)
    params = {k: size * rng.choice([-1.0, 0.5, 1.0], v.shape) for k, v in model.params.items()}
    velocity = {k: np.full(v.shape, size) for k, v in params.items()} if spec.momentum else None
    return Trace(run_iteration(spec, params, model.x, model.target, velocity, check=False, input_grad=True))


DIVERGING = [
    Spec(height=4, width=4, kernel=2, padding=1, bias=True),
    Spec(height=4, width=4, batch=2, filters=2, activation="relu", pooling="max", head="dense",
         loss="cross_entropy", bias=True),
    Spec(height=4, width=4, channels=2, activation="sigmoid", pooling="avg", momentum=0.9),
    Spec(height=3, width=3, activation="tanh", pooling="none", head="dense", bias=True),
]  # fmt: skip


@pytest.mark.parametrize("size", [1e200, 1.5e308])
@pytest.mark.parametrize("spec", DIVERGING, ids=["conv", "dense-ce", "sigmoid-momentum", "tanh-dense"])
def test_huge_weights_give_inf_and_nan_not_warnings(spec, size):
    """Products of 1e200-sized factors overflow to inf, inf times a padding zero is NaN and the log of a
    probability of 0 is -inf: the honest answers, as the vectorised iteration gives them. Every step
    replays, sums partially and prints without a RuntimeWarning (pytest turns those into errors)."""
    trace = huge_trace(spec, size)
    overflowed = 0
    for i in range(len(trace)):
        step = trace.step(i)
        again, result = step.replay(), step.result
        if math.isfinite(result) and math.isfinite(again):
            assert again == pytest.approx(result, rel=1e-9), (i, step.tensor)
        elif math.isfinite(result) or math.isfinite(again):  # a sum overflowed in one order only
            assert abs(result if math.isfinite(result) else again) > 1e300, (i, step.tensor, again, result)
        overflowed += not math.isfinite(result)
        for terms in range(step.n_terms + 1):
            step.partial(terms)
        for fmt in ("text", "html", "latex"):
            assert equation(step, trace.names, fmt)
            equation(step, trace.names, fmt, terms=max(step.n_terms - 1, 1))
    assert overflowed > 0 or size < 1e300  # the case is real: near the float limit elements overflow


def steps_of(trace: Trace, op: str) -> list:
    return [s for s in trace.steps() if s.op == op]


def test_partial_values_of_every_kind_of_step():
    """``partial(k)`` is what the first k terms give, computed here from the trace's tensors alone."""
    mse = Trace(model_for(Spec(height=4, width=4, filters=2, activation="relu", pooling="max"), 3).run())
    ce = Trace(
        model_for(Spec(height=3, width=3, batch=3, head="dense", classes=3, loss="cross_entropy"), 4).run()
    )
    seen = set()
    for trace in (mse, ce):
        v = trace.values
        for step in trace.steps():
            seen.add(step.op)
            n = step.n_terms
            assert step.partial(n) == step.result and step.partial(n + 5) == step.result
            for k in range(1, n):
                if step.op == "sum":
                    want = step.scale * sum(float(p) for p in step.products()[:k])
                elif step.op == "max":  # the largest of the window's first k cells
                    cells = [tuple(i) for i in step.reads()["a"][:k]]
                    want = max(float(v["a"][c]) for c in cells)
                elif step.op == "sqdiff":  # the mean's first k squared differences, in row-major order
                    pred, target = v["p"].ravel(), v["t"].ravel()
                    want = sum((pred[:k] - target[:k]) ** 2) / pred.size
                elif step.op == "neglog":  # minus the mean's first k log-probabilities of the labels
                    q, y = v["q"], v["y"]
                    want = -sum(math.log(q[i, y[i]]) for i in range(k)) / len(y)
                elif step.op == "softmax":  # e^s over the first k terms of the denominator
                    i, j = step.index
                    s = v["s"][i]
                    want = math.exp(s[j]) / sum(math.exp(s[m]) for m in range(k))
                else:
                    raise AssertionError(f"{step.op} has one term, not {n}")
                assert step.partial(k) == pytest.approx(want, rel=1e-12), (step.op, step.number, k)
                # the number the equation prints for k terms is this value
                text = equation(step, trace.names, terms=k)
                assert f" = {printed(step.partial(k))} (" in text, text
            assert (
                step.partial(0) == 0.0
                if step.op in ("sum", "sqdiff", "neglog")
                else math.isnan(step.partial(0))
            )
    assert {"sum", "max", "sqdiff", "neglog", "softmax", "relu", "diff", "update"} <= seen


def test_the_running_value_of_a_max_only_grows_and_of_a_softmax_only_falls():
    trace = Trace(model_for(Spec(height=4, width=4, pooling="max", pool_size=2, head="dense", classes=3,
                                 loss="cross_entropy"), 5).run())  # fmt: skip
    for op, order in (("max", 1), ("softmax", -1)):
        for step in steps_of(trace, op):
            running = [step.partial(k) for k in range(1, step.n_terms + 1)]
            assert all(order * (b - a) >= 0 for a, b in itertools.pairwise(running)), op


def test_the_last_steps_built_are_kept_not_rebuilt():
    """Every panel asks for the cursor's step: it is built once, and equal to a fresh build."""
    spec = Spec(height=6, width=6, batch=2, filters=2, kernel=3)
    model = model_for(spec, 1)
    trace = Trace(model.run())
    dw = trace.section_for("dW").start
    first = trace.current(Cursor(dw + 1, 0))
    assert trace.current(Cursor(dw + 1, 0)) is first and trace.step(dw) is first
    assert trace.current(Cursor(dw, 3)) is first  # the same step in progress, term by term
    other = trace.step(dw + 1)
    assert trace.step(dw) is first and trace.step(dw + 1) is other  # two are kept
    trace.step(0)
    assert trace.step(dw) is not first  # the oldest made room
    fresh = Trace(model.run()).step(dw)
    assert (first.number, first.index, first.op, first.result) == (
        fresh.number,
        fresh.index,
        fresh.op,
        fresh.result,
    )
    np.testing.assert_array_equal(first.products(), fresh.products())


def test_a_cross_entropy_gradient_names_the_label_without_an_equals_sign():
    """dL/ds = 1/N·(q − δ(y, k)): a label written "[y1 = 1]" was split at its " = " into two
    rows by the equation panel, and LaTeX and HTML printed it as plain text."""
    spec = Spec(height=3, width=3, batch=2, head="dense", classes=3, loss="cross_entropy")
    trace = Trace(model_for(spec, 4).run())
    steps = [s for s in trace.steps() if s.phase == "backward" and s.tensor == "ds"]
    assert len(steps) == 6
    labels = trace.values["y"]
    for step in steps:
        n, k = step.index
        text, html, latex = (equation(step, trace.names, fmt) for fmt in ("text", "html", "latex"))
        assert f"δ(y{n + 1},{k + 1})" in text
        assert f"δ(y<sub>{n + 1}</sub>,{k + 1})" in html
        assert rf"\delta(y_{{{n + 1}}},{k + 1})" in latex
        for line in (text, html, latex):
            assert line.count(" = ") == 3  # lhs = symbols = numbers = result, nothing more
            assert "[" not in line
        delta = float(labels[n] == k)
        assert step.result == pytest.approx((trace.values["q"][n, k] - delta) / 2, abs=1e-15)


def iteration_of_worked_example(number: int) -> Trace:
    params = {"W": np.array(WORKED_W, dtype=np.float64)}
    for _ in range(number - 1):
        params = Model(Spec(), WORKED_X, [[1]], params=params).run().new_params
    return Trace(Model(Spec(), WORKED_X, [[1]], params=params).run())


def test_the_loss_of_iteration_3_checks_by_hand_to_the_digits_shown():
    """p printed as 0.990098 gave (p − 1)² = 9.80496e-05 by hand against the stated 9.80564e-05."""
    trace = iteration_of_worked_example(3)
    step = trace.step(trace.find("L", ()))
    text = equation(step, trace.names)
    p_shown, result_shown = re.fullmatch(r"L = \(p − t\)² = \(([0-9.]+) − 1\)² = (\S+)", text).groups()
    assert result_shown == "9.80564e−5"
    assert f"{float(p_shown):.6g}" == "0.990098" and len(p_shown) > len("0.990098")
    assert f"{(float(p_shown) - 1) ** 2:.6g}" == "9.80564e-05"


@settings(max_examples=30, deadline=None)
@given(spec=specs(), seed=st.integers(0, 10_000))
def test_every_fully_shown_step_recomputes_from_its_printed_factors(spec, seed):
    """Rounded to the digits printed, the factors give the printed result again."""
    trace = Trace(model_for(spec, seed).run())
    for step in itertools.islice(trace.steps(), 200):
        if step.n_terms > 8 or not math.isfinite(step.result):
            continue
        digits = factor_digits(step)
        assert 6 <= digits <= 17
        blocks = tuple(
            dataclasses.replace(b, columns=tuple(dataclasses.replace(c, values=rounded(c.values, digits))
                                                 for c in b.columns))
            for b in step.blocks
        )  # fmt: skip
        extra = {k: float(f"{v:.{digits}g}") if k in ("lr", "momentum") else v for k, v in step.extra.items()}
        again = dataclasses.replace(step, blocks=blocks, extra=extra).replay()
        assert f"{again:.6g}" == f"{step.result:.6g}"
        text = equation(step, trace.names)
        for c in (c for b in step.blocks for c in b.columns if c.tensor is not None and len(c.values)):
            assert printed(abs(float(c.values[0])), "text", digits) in text or c.pad is not None
