"""The crossing: which steps of a network's backward pass are at a layer boundary, and its equation
states the one gradient under both names with the value the naive loop gives."""

from __future__ import annotations

import numpy as np

from convstudio.engine import lessons
from convstudio.engine import network as nw
from convstudio.engine.network_crossing import crossing_at, crossing_cell, crossing_equation
from convstudio.engine.network_trace import NetworkTrace

CONV_CONV = {
    "input": {"channels": 1, "height": 4, "width": 4},
    "layers": [
        {"type": "conv", "filters": 2, "kernel": 2, "bias": True},
        {"type": "conv", "filters": 1, "kernel": 2, "bias": False},
        {"type": "global_avg_pool"},
    ],
    "loss": "mse",
    "optimizer": {"type": "sgd", "lr": 0.1},
}


def _crossed(trace: NetworkTrace) -> dict[str, str | None]:
    """Each section's tensor with the gradient of the crossing its steps are at (None: at none)."""
    out = {}
    for section in trace.sections:
        found = {crossing_at(trace, n) for n in range(section.start, section.stop)}
        assert len(found) == 1  # a section is at a crossing all through or not at all
        crossing = found.pop()
        out[section.tensor] = None if crossing is None else crossing.tensor
    return out


def test_two_conv_layers_crosses_at_dl_da1_from_the_second_conv_into_the_first_relu():
    lesson = lessons.load("two-conv-layers")
    trace = NetworkTrace.of(lesson.network, lesson.params, lesson.x, lesson.target)
    crossed = _crossed(trace)
    assert {k: v for k, v in crossed.items() if v} == {"d1:out": "d1:out", "d0:out": "d1:out"}
    first = trace.section_for("d1:out").start
    crossing = crossing_at(trace, first + 1)
    assert crossing is not None and (crossing.upper, crossing.lower, crossing.input_name()) == (2, 1, "I²")
    assert crossing_cell(trace, crossing, first + 1) == (0, 0, 0, 1)
    assert crossing_equation(trace, crossing, (0, 0, 0, 1)) == "dL/dI²12 = dL/da¹12 = 0.515625"
    assert crossing_equation(trace, crossing, None, "latex").startswith(
        r"\frac{\partial L}{\partial {I}^{2}}"
    )
    relu_step = trace.section_for("d0:out").start + 4  # dL/do¹22 reads dL/da¹22
    assert crossing_cell(trace, crossing, relu_step) == (0, 0, 1, 1)


def test_a_conv_over_a_conv_keeps_the_crossing_through_the_lower_conv_s_own_gradients():
    rng = np.random.default_rng(3)
    params = nw.init_params(CONV_CONV, 1)
    x, target = rng.standard_normal((1, 1, 4, 4)), np.array([[0.5]])
    trace = NetworkTrace.of(CONV_CONV, params, x, target)
    crossed = _crossed(trace)
    assert {k for k, v in crossed.items() if v} == {"d0:out", "d0.weight", "d0.bias"}
    # the value the equation states is the full convolution of dL/do² with W², as a naive loop has it
    d_out, w = trace.grads["d1:out"][0, 0], params["1.weight"][0]
    naive = np.zeros((2, 3, 3))
    for c in range(2):
        for i in range(2):
            for j in range(2):
                naive[c, i : i + 2, j : j + 2] += d_out[i, j] * w[c]
    np.testing.assert_allclose(trace.grads["d0:out"][0], naive, rtol=1e-12, atol=1e-15)
    crossing = crossing_at(trace, trace.section_for("d0.bias").start)
    assert crossing is not None and crossing.input_name() == "I²"
    text = crossing_equation(trace, crossing, (0, 1, 2, 0))
    assert text.startswith("dL/dI²2,3,1 = dL/do¹2,3,1 = ") and float(
        text.split(" = ")[-1].replace("−", "-")
    ) == (float(f"{naive[1, 2, 0]:.6g}"))
