"""The scalar graph instrument: one node per shared weight, the step's nodes lit, the trace's values
at the cursor, a step that only changes texts, and a sentence for a network too large to draw."""

from __future__ import annotations

from dataclasses import replace

import numpy as np
import pytest

from convstudio.engine.notation import number
from convstudio.ui.instruments.graph.items import EdgeItem, NodeItem
from convstudio.ui.instruments.graph.view import GraphView
from tests.ui.windows import open_window


def _view(qtbot, lesson="worked-example"):
    window = open_window(qtbot, lesson=lesson, size=(1280, 800))
    view = window.show_instrument("graph").panel
    assert isinstance(view, GraphView)
    return window, view


def _node(view, tensor, index):
    return view.graph_scene.nodes[view.graph.structure.node_of(tensor, index)]


def test_the_worked_example_has_four_weight_nodes_with_four_product_edges_each(qtbot):
    _, view = _view(qtbot)
    scene = view.graph_scene
    weights = [item for item in scene.nodes if item.name.startswith("W")]
    assert sorted(item.name for item in weights) == ["W11", "W12", "W21", "W22"]
    for item in weights:
        out = [e for e in scene.edges if e.parent_node == item.node]
        assert len(out) == 4
        assert all(scene.nodes[e.child_node].name == "×" for e in out)
    assert sum(isinstance(i, NodeItem) for i in scene.items()) == len(view.graph.structure.nodes)


def test_stepping_lights_the_node_of_the_step_and_its_inputs(qtbot):
    window, view = _view(qtbot)
    session = window.session
    session.move("element", 1)
    step = session.step
    assert (step.tensor, step.index) == ("o", (0, 0, 0, 0))
    o11 = _node(view, "0:out", (0, 0, 0, 0))
    assert o11.name == "o11" and o11.state == "write"
    w11, i11 = _node(view, "0.weight", (0, 0, 0, 0)), _node(view, "x", (0, 0, 0, 0))
    assert w11.state == "read" and i11.state == "read"  # through the lit products
    assert _node(view, "0.weight", (0, 0, 0, 0)).state == "read"
    assert _node(view, "0:out", (0, 0, 0, 1)).state == "plain"
    session.move("phase", 1)  # to the end of the forward pass
    session.move("element", 1)  # the first backward step: dL/dp
    assert session.step.phase == "backward"
    assert _node(view, "1:out", (0, 0)).state == "write"
    assert o11.state == "plain"
    while session.step.tensor != "dW":
        session.move("element", 1)
    assert w11.state == "write"  # dL/dW11 = Σ dL/do_ij · I_ij: every o and the I it met
    assert all(_node(view, "0:out", (0, 0, i, j)).state == "read" for i in (0, 1) for j in (0, 1))
    assert i11.state == "read" and _node(view, "x", (0, 0, 1, 1)).state == "read"
    assert _node(view, "x", (0, 0, 0, 2)).state == "plain"  # W11 never meets I13
    assert _node(view, "0.weight", (0, 0, 0, 1)).state == "plain"


def test_values_and_gradients_are_the_traces_at_the_cursor_and_blank_before(qtbot):
    window, view = _view(qtbot)
    session = window.session
    o12 = _node(view, "0:out", (0, 0, 0, 1))
    assert o12.value_text == "" and o12.grad_text == ""
    for _ in range(2):
        session.move("element", 1)
    assert o12.value_text == number(float(session.trace.values["o"][0, 0, 0, 1]), digits=4)
    assert _node(view, "0:out", (0, 0, 1, 0)).value_text == ""  # not computed yet
    w = session.trace.values["W"]
    assert _node(view, "0.weight", (0, 0, 0, 1)).value_text == number(float(w[0, 0, 0, 1]), digits=4)
    assert _node(view, "0.weight", (0, 0, 0, 1)).grad_text == ""
    while session.step is None or session.step.phase != "update":
        assert session.move("element", 1)
    dw = session.trace.grads["dW"]
    for index in np.ndindex(*dw.shape):
        item = _node(view, "0.weight", index)
        assert item.grad_text.endswith(number(float(dw[index]), digits=4))
    new = session.trace.it.new_params["W"]
    first = session.step.index
    assert _node(view, "0.weight", first).value_text == number(float(new[first]), digits=4)
    assert _node(view, "0.weight", (0, 0, 1, 1)).value_text == number(float(w[0, 0, 1, 1]), digits=4)


def test_a_step_changes_texts_and_colours_only_and_repaints_once(qtbot):
    window, view = _view(qtbot)
    session = window.session
    scene = view.graph_scene
    before = list(scene.items())
    qtbot.wait(50)
    for _ in range(3):
        painted = view.canvas.repaints
        session.move("element", 1)
        qtbot.waitUntil(lambda p=painted: view.canvas.repaints > p)
        qtbot.wait(30)
        assert view.canvas.repaints == painted + 1
    assert len(scene.items()) == len(before)
    assert set(map(id, scene.items())) == set(map(id, before))  # the same items, none rebuilt
    assert all(isinstance(i, NodeItem | EdgeItem) for i in before)


def test_a_network_too_large_shows_the_engines_sentence_instead(qtbot):
    window, view = _view(qtbot)
    session = window.session
    assert session.apply_spec(replace(session.spec, height=12, width=12))
    assert view.graph is None and view.graph_scene.nodes == []
    text = view.graph_scene.message.toPlainText()
    assert "at most 300 scalars" in text and "use a smaller image" in text
    assert session.apply_spec(replace(session.spec, height=3, width=3))
    assert view.graph is not None and view.graph_scene.message is None


@pytest.mark.parametrize("lesson", ["max-pooling", "relu-dead", "stride-padding-dilation"])
def test_every_step_of_a_lesson_that_fits_lights_a_node(qtbot, lesson):
    window, view = _view(qtbot, lesson)
    assert view.graph is not None
    session = window.session
    while session.move("element", 1) and session.trace.it.number == 0:
        assert any(item.state == "write" for item in view.graph_scene.nodes), session.step
