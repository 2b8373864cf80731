"""Every bundled lesson's one-layer Spec, as a network, trains exactly as run_iteration does."""

from __future__ import annotations

import numpy as np
import pytest

from convstudio.engine import lessons
from convstudio.engine import network as nw
from convstudio.engine.model import run_iteration
from convstudio.engine.spec_network import param_keys, to_network
from tests.engine.test_lessons import NAMES


@pytest.mark.parametrize("name", NAMES)
def test_network_iterate_reproduces_run_iteration_for_every_lesson(name):
    lesson = lessons.load(name)
    net = to_network(lesson.spec)
    assert nw.check(net) == []
    keys = param_keys(lesson.spec)
    params = {keys[k]: v for k, v in lesson.params.items()}
    assert set(params) == set(nw.param_shapes(net))
    velocity, state = None, None
    spec_params = lesson.params
    for _ in range(3):  # three, so that momentum's buffer is used
        it = run_iteration(lesson.spec, spec_params, lesson.x, lesson.target, velocity)
        result = nw.iterate(net, params, lesson.x, lesson.target, state)
        assert result.loss == pytest.approx(it.loss, rel=1e-12, abs=1e-15)
        for spec_name, key in keys.items():
            np.testing.assert_allclose(result.grads[key], it.grads["d" + spec_name], rtol=1e-12, atol=1e-15)
            np.testing.assert_allclose(
                result.new_params[key], it.new_params[spec_name], rtol=1e-12, atol=1e-15
            )
        spec_params, velocity = it.new_params, it.new_velocity
        params, state = result.new_params, result.new_state
