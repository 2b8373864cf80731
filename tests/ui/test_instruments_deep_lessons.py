"""The receptive field, transposed convolution and scalar graph instruments follow every step of one
iteration of each deep lesson without an error, each showing something for every step."""

from __future__ import annotations

import pytest

from tests.ui.windows import open_window

DEEP = ("two-conv-layers", "batch-norm", "adam-vs-sgd", "transposed-conv")


@pytest.mark.parametrize("lesson", DEEP)
def test_every_step_of_a_deep_lesson_is_followed_by_the_three_instruments(qtbot, lesson):
    window = open_window(qtbot, lesson=lesson, size=(1280, 800))
    assert window.session.deep
    receptive = window.show_instrument("receptive").panel
    transposed = window.show_instrument("transposed").panel
    graph = window.show_instrument("graph").panel
    session = window.session
    seen_layers = set()
    while session.move("element", 1) and session.iteration == 0:
        layer, _, _ = receptive.unit()
        seen_layers.add(layer)
        assert receptive.summary.text()
        assert transposed.shown is not None and transposed.shown.largest_difference < 1e-12
        assert graph.graph is not None
        assert any(item.state == "write" for item in graph.graph_scene.nodes), session.step
    assert seen_layers == set(range(len(session.trace.layers)))
