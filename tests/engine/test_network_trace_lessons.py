"""Every lesson's one-layer network, traced as a network, keeps the one-layer trace's names and numbers."""

from __future__ import annotations

import numpy as np
import pytest

from convstudio.engine import lessons
from convstudio.engine.model import run_iteration
from convstudio.engine.network_trace import NetworkTrace
from convstudio.engine.spec_network import param_keys, to_network
from convstudio.engine.trace import Trace
from tests.engine.test_lessons import NAMES


def _keys(net, spec):
    """Each one-layer tensor's name and its key in the network's trace."""
    keys = {"I": "x", "t": "t", "y": "y", "q": "q", "L": "L", **param_keys(spec)}
    types = [layer["type"] for layer in net["layers"]]
    keys["o"] = "0:out"
    for i, kind in enumerate(types):
        if kind in ("relu", "sigmoid", "tanh"):
            keys["a"] = f"{i}:out"
        elif kind.endswith("pool"):
            keys["p"] = f"{i}:out"
        elif kind == "dense":
            keys["s"] = f"{i}:out"
    return keys


@pytest.mark.parametrize("name", NAMES)
def test_a_lessons_network_trace_names_and_computes_what_its_one_layer_trace_does(name):
    lesson = lessons.load(name)
    spec, net = lesson.spec, to_network(lesson.spec)
    keys = _keys(net, spec)
    old = Trace(run_iteration(spec, lesson.params, lesson.x, lesson.target, None))
    params = {param_keys(spec)[k]: v for k, v in lesson.params.items()}
    new = NetworkTrace.of(net, params, lesson.x, lesson.target)
    compared = 0
    for sec in old.sections:
        base = sec.tensor[1:] if sec.tensor.startswith("d") and len(sec.tensor) == 2 else sec.tensor
        if base not in keys or sec.tensor == "dI":
            continue
        key = ("d" if base != sec.tensor else "") + keys[base]
        twin = new.section_for(key)
        if twin is None:  # e.g. dL/dp of a dense head goes through the flatten layer first
            continue
        assert twin.phase == sec.phase and twin.shape == sec.shape
        for local in {0, sec.size // 2, sec.size - 1}:
            a, b = old.step(sec.start + local), new.step(twin.start + local)
            for fmt in ("text", "html", "latex"):
                assert new.names.symbol(key, b.index, fmt) == old.names.symbol(sec.tensor, a.index, fmt)
            assert b.result == pytest.approx(a.result, rel=1e-12, abs=1e-15)
            if sec.phase == "forward" and sec.layer in ("conv", "act", "pool", "softmax", "loss"):
                assert b.n_terms == a.n_terms
            compared += 1
    assert compared >= 6
    for tensor in keys:
        if tensor not in ("t", "y") and f"{tensor}" in old.values and keys[tensor] in new.values:
            np.testing.assert_allclose(new.values[keys[tensor]], old.values[tensor], rtol=1e-12, atol=1e-15)
