"""The optimiser's state beside a deep network's weights: Adam's m, v and each weight's step, or
SGD's momentum buffer, each cell old until its weight's update step has run, then new."""

from __future__ import annotations

import numpy as np

from convstudio.engine.cursor import Cursor
from convstudio.ui.panels.optimiser_card import update_section
from tests.ui.windows import open_window


def test_adams_state_is_shown_weight_by_weight_as_the_update_runs(qtbot):
    window = open_window(qtbot, "adam-vs-sgd")
    s, panel = window.session, window.tensors
    trace = s.trace
    section = update_section(trace, "0.weight")
    assert section is not None
    new_state, new_params = trace.rec.result.new_state, trace.rec.result.new_params
    card = panel.optimiser
    for done in range(section.start + 1, section.stop + 1):  # the update under way
        s.go_to(Cursor(done, 0))
        assert set(card.views) == {"exp_avg", "exp_avg_sq", "step"}
        moved = done - section.start
        m = card.views["exp_avg"].values().reshape(-1)
        v = card.views["exp_avg_sq"].values().reshape(-1)
        step = card.views["step"].values().reshape(-1)
        np.testing.assert_array_equal(m[:moved], new_state["0.weight.exp_avg"].reshape(-1)[:moved])
        np.testing.assert_array_equal(m[moved:], 0.0)  # Adam starts from zero
        np.testing.assert_array_equal(v[:moved], new_state["0.weight.exp_avg_sq"].reshape(-1)[:moved])
        moved_by = (trace.values["0.weight"] - new_params["0.weight"]).reshape(-1)
        np.testing.assert_array_equal(step[:moved], moved_by[:moved])
        assert np.isnan(step[moved:]).all()
    s.go_to(Cursor(section.start + 2, 0))  # the step that updates W12 is shown: outlined in m, v, step
    assert all(view.highlights()[1] == [(0, 1)] for view in card.views.values())
    assert card.isVisible() and "m (W)" in card.views["exp_avg"].title()


def test_momentum_shows_its_buffer_and_plain_sgd_shows_nothing(qtbot):
    window = open_window(qtbot, "two-conv-layers")
    s = window.session
    assert s.network["optimizer"].get("momentum", 0.0) == 0.0
    assert not window.tensors.optimiser.isVisible()  # plain SGD keeps no state
    network = {**s.network, "optimizer": {"type": "sgd", "lr": 0.01, "momentum": 0.9}}
    assert s.apply_network(network, s.x.shape[0], None)
    s.go_to(Cursor(len(s.trace), 0))
    card = window.tensors.optimiser
    assert set(card.views) == {"momentum_buffer", "step"} and card.isVisible()
    buf = card.views["momentum_buffer"].values()
    key = f"{window.tensors.focus}.weight"
    lead = window.tensors.cards[key].lead.get(key, ())
    np.testing.assert_array_equal(buf, s.trace.rec.result.new_state[f"{key}.momentum_buffer"][lead])


def test_the_state_shows_during_the_update_only(qtbot):
    window = open_window(qtbot, "adam-vs-sgd")
    s, card = window.session, window.tensors.optimiser
    section = update_section(s.trace, "0.weight")
    s.go_to(Cursor(section.start, 0))  # the last backward step is shown
    assert not card.isVisible()
    s.go_to(Cursor(section.start + 1, 0))
    assert card.isVisible()


def test_each_layer_shows_its_own_weights_state(qtbot):
    window = open_window(qtbot, "two-conv-layers")
    s, panel = window.session, window.tensors
    assert s.apply_network({**s.network, "optimizer": {"type": "adam", "lr": 0.01}}, s.x.shape[0], None)
    trace = s.trace
    for key in ("2.weight", "0.weight"):  # back and forth between the two conv layers
        section = update_section(trace, key)
        s.go_to(Cursor(section.stop, 0))
        assert panel.optimiser.isVisible() and panel.optimiser.key == key
        np.testing.assert_array_equal(
            panel.optimiser.views["exp_avg"].values(),
            trace.rec.result.new_state[f"{key}.exp_avg"][panel.cards[key].lead.get(key, ())],
        )
