"""The trace of any network: replaying every step reproduces network.iterate, steps read the cells
they name, names follow the textbooks, and every step type renders as an equation."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from convstudio.engine import network as nw
from convstudio.engine.cursor import Cursor
from convstudio.engine.equations import equation
from convstudio.engine.hand_check import factor_digits
from convstudio.engine.network_trace import NetworkTrace
from convstudio.engine.notation import number as printed
from convstudio.engine.update_math import UPDATES
from tests.engine.networks import data_for, networks

#: Ops whose replay does the vectorised arithmetic in the same order: equal to the bit.
EXACT = {"relu", "sigmoid", "tanh", "max", "diff", "normalise", "sgd", "adam"}


def traced(net, seed, *, second=False, input_grad=True):
    x, target = data_for(net, seed)
    params = nw.init_params(net, seed)
    state = None
    if second:  # a second iteration: momentum buffers and Adam's m and v already exist
        first = nw.iterate(net, params, x, target)
        params, state = first.new_params, first.new_state
    return NetworkTrace.of(net, params, x, target, state, input_grad=input_grad), params, x, target, state


def replayed(trace):
    """Every tensor the trace writes, rebuilt from its steps' terms alone."""
    out = {s.tensor: np.full(s.shape, np.nan) for s in trace.sections}
    state = {}
    for step in trace.steps():
        value = step.replay()
        if step.op in EXACT and not (
            step.op == "diff" and step.section.tensor != "L" and "q" in trace.values
        ):
            assert value == step.result, step.section.title
        else:
            assert value == pytest.approx(step.result, rel=1e-12, abs=1e-12), step.section.title
        out[step.tensor][step.index] = value
        if step.op in UPDATES:
            parts = UPDATES[step.op]([c.values[0] for c in step.blocks[0].columns], step.extra)
            keys = step.extra["state"]
            for key, name in zip(
                (keys,) if isinstance(keys, str) else keys,
                ("buffer",) if step.op == "sgd" else ("m", "v"),
                strict=True,
            ):
                if name in parts:
                    state.setdefault(key, np.zeros(step.section.shape))[step.index] = parts[name]
    return out, state


@settings(max_examples=40, deadline=None)
@given(networks(), st.integers(0, 10_000), st.booleans())
def test_replaying_every_step_reproduces_iterate(net, seed, second):
    trace, params, x, target, state = traced(net, seed, second=second)
    want = nw.iterate(net, params, x, target, state)
    got, new_state = replayed(trace)
    last = f"{len(net['layers']) - 1}:out"
    close = {"rtol": 1e-12, "atol": 1e-12}
    np.testing.assert_allclose(got[last], want.output, **close)
    assert got["L"][()] == pytest.approx(want.loss, rel=1e-12, abs=1e-12)
    for key in want.grads:
        np.testing.assert_allclose(got["d" + key], want.grads[key], **close)
        assert np.array_equal(got[key], want.new_params[key])  # the update replays to the bit
    np.testing.assert_allclose(got["dx"], want.grad_input, **close)
    for key, value in new_state.items():
        assert np.array_equal(value, want.new_state[key]), key
    assert set(new_state) == {k for k in want.new_state if k.endswith(("buffer", "exp_avg", "exp_avg_sq"))}


@settings(max_examples=25, deadline=None)
@given(networks(), st.integers(0, 10_000))
def test_every_factor_is_the_cell_it_names(net, seed):
    trace = traced(net, seed, second=True)[0]
    for step in trace.steps():
        assert trace.find(step.tensor, step.index) == step.number
        for block in step.blocks:
            for col in block.columns:
                if col.tensor is None or col.wrap:
                    continue
                array = (
                    trace.array(col.tensor) if col.tensor in trace.values or col.tensor[0] == "d" else None
                )
                for row, cell in enumerate(col.index):
                    if col.pad is not None and col.pad[row]:
                        assert col.values[row] == 0.0
                    elif array is None:
                        assert col.values[row] == 0.0  # optimiser state before its first step
                    else:
                        assert col.values[row] == array[tuple(cell)]


TWO_CONV = {
    "input": {"channels": 1, "height": 5, "width": 5},
    "layers": [
        {"type": "conv", "filters": 2, "kernel": 2},
        {"type": "relu"},
        {"type": "conv", "filters": 1, "kernel": 2},
        {"type": "batch_norm"},
        {"type": "global_avg_pool"},
    ],
    "loss": "mse",
    "optimizer": {"type": "sgd", "lr": 0.1, "momentum": 0.9, "weight_decay": 0.01},
}


def test_names_carry_the_layer_number_and_layer_2s_input_gradient_is_dl_da1():
    rng = np.random.default_rng(0)
    x, t = rng.standard_normal((2, 1, 5, 5)), rng.standard_normal((2, 1))
    trace = NetworkTrace.of(TWO_CONV, nw.init_params(TWO_CONV, 0), x, t)
    titles = [s.title for s in trace.sections]
    assert "Backward · layer 3 (conv): dL/da¹" in titles
    sec = trace.section_for("d1:out")
    step = trace.step(sec.start)
    assert {col.tensor for col in step.blocks[0].columns} == {"d2:out", "2.weight"}  # dL/do² and W²
    assert trace.names.symbol("0.weight", (1, 0, 0, 1)) == "W¹2,1,2"
    assert trace.names.symbol("d2:out", (1, 0, 0, 0)) == "dL/do²2,1,1"
    assert trace.names.symbol("3.weight", (0,), "html") == "γ<sup>3</sup>"
    assert trace.names.symbol("3.weight", (0,), "latex") == r"{\gamma}^{3}"
    assert "dx" not in {s.tensor for s in trace.sections}  # the image's gradient is optional
    # the bundled upright font misplaces a combining hat; HTML sets hatted symbols in its oblique
    assert trace.names.symbol("3:xhat", (0, 0, 0, 0), "html") == "<i>x̂</i><sup>3</sup><sub>1,1,1</sub>"
    update = trace.step(trace.section_for("0.weight").start)
    assert "x̂" in trace.names.symbol("3:xhat", (0, 0, 0, 0)) and "<i>" not in equation(update, trace.names)


def test_a_one_layer_network_keeps_the_one_layer_names():
    net = {
        "input": {"channels": 1, "height": 4, "width": 4},
        "layers": [
            {"type": "conv", "filters": 1, "kernel": 2},
            {"type": "relu"},
            {"type": "max_pool", "size": 2},
            {"type": "flatten"},
            {"type": "dense", "units": 2},
        ],
        "loss": "cross_entropy",
        "optimizer": {"type": "sgd", "lr": 0.1},
    }
    x = np.arange(16.0).reshape(1, 1, 4, 4) / 16
    trace = NetworkTrace.of(net, nw.init_params(net, 0), x, np.array([1]))
    names = trace.names
    assert [names.symbol(k, (0, 0, 1, 0)) for k in ("0.weight", "0:out", "1:out", "2:out")] == [
        "W21",
        "o21",
        "a21",
        "p21",
    ]
    assert [names.symbol(k, (0, 1)) for k in ("4.weight", "4:out", "q")] == ["V12", "s2", "q2"]
    assert names.symbol("d0.bias", (0,)) == "dL/db"


def test_every_step_type_renders_with_its_numbers():
    rng = np.random.default_rng(3)
    net = {
        "input": {"channels": 2, "height": 5, "width": 5},
        "layers": [
            {"type": "conv", "filters": 2, "kernel": 3, "padding": 1},
            {"type": "batch_norm"},
            {"type": "tanh"},
            {"type": "conv_transpose", "filters": 2, "kernel": 3, "stride": 2},
            {"type": "sigmoid"},
            {"type": "avg_pool", "size": 2},
            {"type": "max_pool", "size": 2},
            {"type": "global_avg_pool"},
            {"type": "dense", "units": 3},
        ],
        "loss": "cross_entropy",
        "optimizer": {"type": "adam", "lr": 0.01, "weight_decay": 0.01},
    }
    x = rng.standard_normal((2, 2, 5, 5))
    trace = NetworkTrace.of(net, nw.init_params(net, 1), x, np.array([0, 2]), input_grad=True)
    ops = set()
    for sec in trace.sections:
        step = trace.step(sec.start + sec.size // 2)
        ops.add(step.op)
        for fmt in ("text", "html", "latex"):
            text = equation(step, trace.names, fmt, max_terms=10**6)
            assert text.endswith(printed(step.result, fmt)) or "terms" in text
        text = equation(step, trace.names, "text", max_terms=10**6)
        digits = factor_digits(step)  # every term shown: as many digits as a check by hand needs
        for value in step.blocks[0].columns[0].values[:3]:
            assert printed(abs(float(value)), "text", digits) in text  # the first factor's numbers
    assert ops >= {
        "sum",
        "max",
        "tanh",
        "sigmoid",
        "normalise",
        "sqdiff",
        "softmax",
        "neglog",
        "diff",
        "adam",
    }


def test_the_cursor_moves_through_layers_and_value_at_hides_what_is_not_computed():
    rng = np.random.default_rng(0)
    x, t = rng.standard_normal((2, 1, 5, 5)), rng.standard_normal((2, 1))
    trace = NetworkTrace.of(TWO_CONV, nw.init_params(TWO_CONV, 0), x, t)
    cursor = trace.move(Cursor(), "layer", +1)
    first = trace.sections[0]
    assert cursor == Cursor(first.stop, 0)
    assert trace.current(cursor).number == first.stop - 1
    assert not np.isnan(trace.value_at("0:out", cursor)).any()
    assert np.isnan(trace.value_at("1:out", cursor)).all()
    end = Cursor(trace.n_steps, 0)
    np.testing.assert_array_equal(
        trace.value_at("0.weight", end),
        nw.iterate(TWO_CONV, nw.init_params(TWO_CONV, 0), x, t).new_params["0.weight"],
    )
    assert trace.layer_of(first.start).type == "conv"
    with pytest.raises(IndexError):
        trace.step(trace.n_steps)


def test_opening_a_trace_builds_no_step_and_a_step_is_built_alone(monkeypatch):
    from convstudio.engine import network_trace

    built = []

    def counted(builder):
        def build(*args):
            built.append(args[2].tensor)
            return builder(*args)

        return build

    table = {name: counted(builder) for name, builder in network_trace.FORWARD.items()}
    monkeypatch.setattr(network_trace, "FORWARD", table)
    rng = np.random.default_rng(0)
    x, t = rng.standard_normal((2, 1, 5, 5)), rng.standard_normal((2, 1))
    trace = NetworkTrace.of(TWO_CONV, nw.init_params(TWO_CONV, 0), x, t)
    assert built == []
    sec = trace.section_for("2:out")
    trace.step(sec.start + 1)
    assert built == ["2:out"]
