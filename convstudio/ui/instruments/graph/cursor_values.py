"""Each graph node's value and gradient as the learner sees them at the cursor: NaN (blank) where
the trace has not computed them yet, the parameters new once their update step has run."""

from __future__ import annotations

import numpy as np

from convstudio.engine.cursor import Cursor
from convstudio.engine.scalar_graph import ScalarGraph
from convstudio.engine.trace import Trace
from convstudio.ui.instruments.graph.step_nodes import node_owners

#: Data, not computed: no gradient is shown for them unless the trace computes one (dL/dI).
_DATA = ("input", "target", "label")


def at_cursor(
    graph: ScalarGraph, trace: Trace, cursor: Cursor, keys: dict[str, str]
) -> tuple[np.ndarray, np.ndarray]:
    """(values, gradients), one per node."""
    s = graph.structure
    n = len(s.nodes)
    named = np.zeros(n, dtype=bool)
    values, grads = np.full(n, np.nan), np.full(n, np.nan)
    backward_begun = cursor.done > trace.phase_bounds("backward")[0]
    for name, key in keys.items():
        if key not in s.cells or name not in trace.values:
            continue
        ids = s.cells[key]
        named[ids] = True
        values[ids] = trace.value_at(name, cursor)
        if "d" + name in trace.grads:
            grads[ids] = trace.value_at("d" + name, cursor)
        elif backward_begun and s.nodes[int(ids.flat[0])].op not in _DATA:
            grads[ids] = graph.grad[ids]
    owners = node_owners(graph)
    anonymous = ~named
    known = ~np.isnan(values[owners])
    values[anonymous] = np.where(known, graph.value, np.nan)[anonymous]
    grad_known = ~np.isnan(grads[owners])
    grads[anonymous] = np.where(grad_known, graph.grad, np.nan)[anonymous]
    return values, grads
