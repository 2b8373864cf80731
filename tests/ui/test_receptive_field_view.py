"""The receptive field instrument: it follows the step, takes a picked unit, and draws the engine's field."""

from __future__ import annotations

import numpy as np

from convstudio.engine.receptive_field import gradient_field
from convstudio.engine.spec_network import param_keys, to_network
from convstudio.ui.instruments.receptive.view import ReceptiveFieldView
from tests.ui.windows import open_window


def _view(qtbot, lesson):
    window = open_window(qtbot, size=(1280, 800))
    window.open_lesson(lesson, raise_errors=True)
    view = window.show_instrument("receptive").panel
    assert isinstance(view, ReceptiveFieldView)
    return window, view


def _field(session, layer, unit, image=0):
    keys = param_keys(session.spec)
    params = {keys[k]: v for k, v in session.params.items()}
    return gradient_field(to_network(session.spec), params, session.x, layer, unit, image=image)


def test_following_the_step_shows_the_field_of_the_element_it_computes(qtbot):
    window, view = _view(qtbot, "stride-padding-dilation")
    session = window.session
    for _ in range(3):
        session.move("element", 1)
    assert session.step.tensor == "o" and session.step.index == (0, 0, 0, 2)
    assert view.unit() == (0, (0, 0, 2), 0)
    expected = _field(session, 0, (0, 0, 2))
    np.testing.assert_array_equal(view.input_view.values(), expected.magnitude)
    reads, _, extra, _ = view.input_view.highlights()
    assert reads == [(1, 3)]  # the one tap that does not land in the padding or a dilation hole
    assert sorted(extra) == [(0, 3), (0, 4), (1, 4)]  # the rest of the arithmetic's window
    assert "1 of the 25 input cells" in view.summary.text()
    assert "r = 1 + (2 − 1)·2·1 = 3" in view.working.text()


def test_picking_a_unit_stops_following_and_a_dense_unit_has_one_box(qtbot):
    window, view = _view(qtbot, "bars-classifier")
    session = window.session
    session.move("element", 1)
    dense = next(k for k in range(view.layer_box.count()) if "dense" in view.layer_box.itemText(k))
    view.layer_box.setCurrentIndex(dense)
    assert not view.follow.isChecked()
    assert view.boxes["row"].isHidden() and not view.boxes["channel"].isHidden()
    view.boxes["channel"].setValue(2)
    layer, unit, image = view.unit()
    assert (layer, unit) == (dense, (1,))
    expected = _field(session, dense, (1,), image)
    np.testing.assert_allclose(view.input_view.values(), expected.magnitude)
    assert expected.support.all() == bool(np.all(view.input_view.values() > 0))
    session.move("element", 1)
    assert view.unit()[0] == dense  # no longer follows the step
    view.follow.setChecked(True)
    assert view.unit()[0] == 0  # the conv element the step computes
