"""Every traced tensor belongs to the layer whose output (or weights) it is, in both traces."""

from __future__ import annotations

import pytest

from convstudio.engine import lessons
from convstudio.engine.layer_owners import network_owner, one_layer_outputs, one_layer_owner
from convstudio.engine.model import run_iteration
from convstudio.engine.network_check import check_network
from convstudio.engine.spec_network import param_keys, to_network
from convstudio.engine.trace import Trace
from tests.engine.test_lessons import NAMES


@pytest.mark.parametrize("name", NAMES)
def test_each_one_layer_section_belongs_to_the_layer_of_its_shape(name):
    lesson = lessons.load(name)
    spec = lesson.spec
    built = check_network(to_network(spec)).layers
    keys = param_keys(spec)
    trace = Trace(run_iteration(spec, lesson.params, lesson.x, lesson.target, None))
    owned = 0
    for sec in trace.sections:
        owner = one_layer_owner(spec, sec.tensor)
        base = sec.tensor[1:] if sec.tensor.startswith("d") and len(sec.tensor) == 2 else sec.tensor
        if base in ("L", "q"):
            assert owner is None
            continue
        assert owner is not None, sec.tensor
        if base in keys:  # a parameter: the layer its network key names
            assert owner == network_owner(keys[base])
        elif base == "I":
            assert owner == 0
        else:
            assert sec.shape[1:] == tuple(built[owner].out_shape), sec.tensor
        owned += 1
    assert owned >= 3


def test_outputs_follow_the_network_and_flatten_passes_the_pooled_maps_on():
    spec = lessons.load("bars-classifier").spec
    kinds = [layer["type"] for layer in to_network(spec)["layers"]]
    assert kinds[-2:] == ["flatten", "dense"]
    outputs = one_layer_outputs(spec)
    assert outputs[0] == "o" and outputs[-1] == "s" and outputs[-2] == outputs[-3] == "p"
    assert one_layer_owner(spec, "p") == kinds.index("max_pool")


@pytest.mark.parametrize(
    ("key", "owner"),
    [("0:out", 0), ("d3:out", 3), ("12.weight", 12), ("d1.bias", 1), ("x", None), ("dx", None), ("L", None)],
)
def test_deep_trace_keys_name_their_layer(key, owner):
    assert network_owner(key) == owner
