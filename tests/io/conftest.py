"""A trained session for the file tests: history, momentum, a cursor mid-iteration, awkward floats."""

from __future__ import annotations

import numpy as np
import pytest

from convstudio.engine.cursor import Cursor
from convstudio.engine.spec import Spec


@pytest.fixture
def trained(qapp):
    """A session with history, momentum, a cursor mid-iteration and awkward floats."""
    from convstudio.session.session import Session

    s = Session()
    spec = Spec(height=4, width=4, filters=2, bias=True, momentum=0.5, lr=0.05)
    x = np.random.default_rng(3).standard_normal(spec.input_shape)
    x[0, 0, 0, :3] = [5e-324, -0.0, 1 / 3]  # a subnormal, a negative zero, a repeating fraction
    s.restore(s.fresh_state(spec, x, np.ones(spec.target_shape)))
    for _ in range(3):
        s.move("iteration", +1)
        s.move("element", +1)
    s.move("element", -1)  # back into iteration 3: iteration 4 stays in the timeline
    s.go_to(Cursor(5, 0))
    yield s
    s.deleteLater()
