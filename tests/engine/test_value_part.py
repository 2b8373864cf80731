"""``value_part`` is ``value_at(...)[lead]`` for every tensor, every part and cursors in every
phase, in the one-layer trace and the network trace; it only avoids masking the whole batch."""

from __future__ import annotations

import itertools

import numpy as np

from convstudio.engine import network as nw
from convstudio.engine.cursor import Cursor
from convstudio.engine.model import Model
from convstudio.engine.network_trace import NetworkTrace
from convstudio.engine.spec import Spec
from convstudio.engine.trace import Trace
from tests.engine.test_network_trace import TWO_CONV


def _leads(shape):
    yield ()
    for depth in range(1, min(len(shape), 2) + 1):
        yield from itertools.product(*(range(n) for n in shape[:depth]))


def _check(trace):
    tensors = {s.tensor for s in trace.sections} | set(trace.values)
    cursors = [Cursor(done, 0) for done in np.linspace(0, trace.total, 9).astype(int)]
    cursors += [Cursor(s.start + s.size // 2, 0) for s in trace.sections]
    checked = 0
    for tensor in sorted(tensors):
        full = trace.array(tensor)
        for cursor in cursors:
            whole = trace.value_at(tensor, cursor)
            for lead in _leads(full.shape):
                np.testing.assert_array_equal(trace.value_part(tensor, cursor, lead), whole[lead])
                checked += 1
    return checked


def test_one_layer_trace():
    spec = Spec(batch=2, channels=2, filters=3, height=5, width=5, kernel=2, activation="relu",
                pooling="max", head="dense", classes=2, loss="cross_entropy")  # fmt: skip
    x = np.random.default_rng(0).standard_normal((2, 2, 5, 5))
    trace = Trace(Model(spec, x, [0, 1], seed=3).run())
    assert _check(trace) > 500


def test_network_trace():
    rng = np.random.default_rng(0)
    x, t = rng.standard_normal((2, 1, 5, 5)), rng.standard_normal((2, 1))
    trace = NetworkTrace.of(TWO_CONV, nw.init_params(TWO_CONV, 0), x, t, input_grad=True)
    assert _check(trace) > 500
