"""The conv layer the one-layer instruments show: one layer's tensors, a deep layer's with the
network's names, and which of them each step of a deep iteration writes."""

from __future__ import annotations

import numpy as np
import pytest

from convstudio.engine import lessons
from convstudio.engine.model import run_iteration
from convstudio.engine.network_trace import NetworkTrace
from convstudio.engine.shown_conv_layer import ShownLayer, role
from convstudio.engine.trace import Trace


@pytest.fixture(scope="module")
def deep() -> NetworkTrace:
    lesson = lessons.load("two-conv-layers")
    return NetworkTrace.of(lesson.network, lesson.params, lesson.x, lesson.target, input_grad=True)


def test_a_deep_layer_is_its_recorded_tensors(deep):
    rec = deep.rec
    for index, below in ((0, "x"), (2, "1:out")):
        layer = ShownLayer.of_network(deep, index)
        assert layer.index == index and layer.b is None and not layer.bias
        assert layer.x is rec.values[below] and layer.w is rec.values[f"{index}.weight"]
        assert layer.o is rec.values[f"{index}:out"] and layer.grad_y is rec.grads[f"d{index}:out"]
        assert layer.grad_w is rec.grads[f"d{index}.weight"] and layer.grad_x is rec.grads["d" + below]
        assert (layer.batch, layer.channels, layer.filters, layer.kernel) == (1, 1, 1, (2, 2))
        assert layer.geometry().Ho == layer.o.shape[2]
    with pytest.raises(ValueError, match="layer 2 is not a conv layer"):
        ShownLayer.of_network(deep, 1)


def test_a_deep_layer_speaks_in_the_networks_names(deep):
    second = ShownLayer.of_network(deep, 2)
    assert second.names.symbol("dW", (0, 0, 0, 1)) == "dL/dW²12"
    assert second.names.symbol("I", (0, 0, 1, 2)) == "a¹23"
    assert second.names.symbol("dI", (0, 0, 0, 0)) == "dL/da¹11"
    assert second.names.symbol("do", (0, 0, 1, 1)) == "dL/do²22"
    assert [second.letter(k) for k in "IWo"] == ["a¹", "W²", "o²"] and second.input_is() == "a¹"
    assert second.named("dL/dW = I ⋆ dL/do") == "dL/dW² = a¹ ⋆ dL/do²"
    assert second.named("<b>o = M · vec(I)</b>: one per output o<sub>ij</sub>") == (
        "<b>o² = M · vec(a¹)</b>: one per output o²<sub>ij</sub>"
    )
    first = ShownLayer.of_network(deep, 0)
    assert first.input_is() is None and first.named("Input I, filter W") == "Input I, filter W¹"


def test_a_one_layer_trace_is_shown_as_it_is():
    lesson = lessons.load("worked-example")
    trace = Trace(run_iteration(lesson.spec, lesson.params, lesson.x, lesson.target, None))
    layer = ShownLayer.of_trace(trace)
    assert layer.index is None and layer.names is trace.names
    np.testing.assert_array_equal(layer.grad_w, trace.grads["dW"])
    assert layer.named("dL/dW = I ⋆ dL/do") == "dL/dW = I ⋆ dL/do" and layer.letter("W") == "W"
    assert role(trace, "dW", None) == (None, "dW")


def test_each_step_names_the_conv_layer_and_tensor_it_writes(deep):
    found = {}
    for sec in deep.sections:
        owner = deep.layer_of(sec.start)
        found[(sec.phase, sec.tensor)] = role(deep, sec.tensor, None if owner is None else owner.index)
    assert found == {
        ("forward", "0:out"): (0, "o"),
        ("forward", "1:out"): None,
        ("forward", "2:out"): (2, "o"),
        ("forward", "3:out"): None,
        ("forward", "4:out"): None,
        ("forward", "L"): None,
        ("backward", "d4:out"): None,
        ("backward", "d3:out"): None,
        ("backward", "d2:out"): (2, "do"),
        ("backward", "d2.weight"): (2, "dW"),
        ("backward", "d1:out"): (2, "dI"),
        ("backward", "d0:out"): (0, "do"),
        ("backward", "d0.weight"): (0, "dW"),
        ("backward", "dx"): (0, "dI"),
        ("update", "0.weight"): (0, "W"),
        ("update", "2.weight"): (2, "W"),
    }
