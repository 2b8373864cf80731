"""Session files written by earlier releases still open, and hold the state they were saved with.

The fixtures are real sessions saved with ``sessionfile.save_state`` (format 2): a lesson opened,
a few iterations run, one edit (a weight, or an input cell after changing the network's momentum),
then more iterations. What the file stores (the lesson's input, labels and first weights, the edit)
must load bit for bit; replaying the engine from the loaded weights must give every later snapshot
and loss to 12 digits, so nothing in the file was lost or misread. (Not bit for bit: the release
that wrote them ran another NumPy, whose sums may round the last bit differently.)
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from convstudio.engine import lessons
from convstudio.engine.cursor import Cursor
from convstudio.engine.model import run_iteration
from convstudio.io import sessionfile

FIXTURES = Path(__file__).parent / "fixtures"
#: Each fixture: (format version, the edit (tensor, index, value), iterations run before it and in all).
SAVED = {
    "worked-example": (2, ("W", (0, 0, 0, 1), -0.25), 3, 5),
    "bars-classifier": (2, ("V", (1, 3), 0.5), 2, 5),
    "rgb": (2, ("I", (1, 2, 3, 0), 2.0), 1, 3),
}


@pytest.mark.parametrize("name", SAVED)
def test_a_session_saved_by_an_earlier_release_opens_with_its_state(name):
    version, (tensor, index, value), edited, iterations = SAVED[name]
    path = FIXTURES / f"{name}.convstudio"
    assert json.loads(path.read_text(encoding="utf-8"))["version"] == version
    state, texts = sessionfile.load_state(path)
    lesson = lessons.load(name)
    assert state.lesson == name and texts == lesson.text
    assert state.iteration == iterations and state.first == 0 and state.cursor == Cursor(3, 0)
    assert len(state.snapshots) == iterations + 1 and len(state.losses) == iterations
    expected_spec = lesson.spec.replace(momentum=0.5) if name == "rgb" else lesson.spec
    assert state.spec == expected_spec
    assert state.target.tobytes() == lesson.target.tobytes()
    if tensor == "I":
        assert state.x[index] == value
        x_before = state.x.copy()
        x_before[index] = lesson.x[index]
        assert x_before.tobytes() == lesson.x.tobytes()
    else:
        assert state.x.tobytes() == lesson.x.tobytes()
        x_before = state.x
    first = state.snapshots[0]
    assert all(first.params[k].tobytes() == lesson.params[k].tobytes() for k in lesson.params)
    for number in range(iterations):
        snap, after = state.snapshots[number], state.snapshots[number + 1]
        x = x_before if number < edited else state.x
        it = run_iteration(state.spec, snap.params, x, state.target, snap.velocity)
        assert it.loss == pytest.approx(state.losses[number], rel=1e-12, abs=0)
        new_params = dict(it.new_params)
        if number + 1 == edited and tensor != "I":
            assert after.params[tensor][index] == value != new_params[tensor][index]
            new_params[tensor] = new_params[tensor].copy()
            new_params[tensor][index] = value
        for saved, replayed in ((after.params, new_params), (after.velocity, it.new_velocity)):
            assert set(saved) == set(replayed)
            for k in saved:
                np.testing.assert_allclose(saved[k], replayed[k], rtol=1e-12, atol=1e-15, err_msg=k)
    assert bool(state.spec.momentum) == bool(state.snapshots[-1].velocity)
    assert np.isfinite(np.asarray(state.losses)).all()
