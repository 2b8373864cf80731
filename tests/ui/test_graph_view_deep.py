"""The scalar graph instrument on a deep network: the session's network drawn node by node, its values
and gradients the trace's, the step's node lit, and a sentence for a network too large to draw."""

from __future__ import annotations

import numpy as np

from convstudio.engine.notation import number
from convstudio.ui.instruments.graph.view import GraphView
from tests.ui.windows import open_window


def _view(qtbot, lesson="two-conv-layers"):
    window = open_window(qtbot, lesson=lesson, size=(1280, 800))
    view = window.show_instrument("graph").panel
    assert isinstance(view, GraphView)
    return window, view


def _node(view, tensor, index):
    return view.graph_scene.nodes[view.graph.structure.node_of(tensor, index)]


def test_the_graph_is_the_sessions_network_with_one_node_per_shared_weight(qtbot):
    _, view = _view(qtbot)
    s = view.graph.structure
    assert [b.type for b in s.layers] == ["conv", "relu", "conv", "relu", "global_avg_pool"]
    assert s.cells["0.weight"].size == 4 and s.cells["2.weight"].size == 4
    names = [item.name for item in view.graph_scene.nodes if item.name.startswith("W")]
    assert sorted(names) == sorted(f"W{n}{i}{j}" for n in "¹²" for i in "12" for j in "12")
    w2 = _node(view, "2.weight", (0, 0, 0, 0))
    assert sum(e.parent_node == w2.node for e in view.graph_scene.edges) == 4  # o² has four cells


def test_every_node_value_and_gradient_is_the_sessions(qtbot):
    window, view = _view(qtbot)
    session = window.session
    trace = session.trace
    graph = view.graph
    for key, ids in graph.structure.cells.items():
        if key in trace.values:
            np.testing.assert_allclose(graph.value[ids], trace.values[key], rtol=1e-12, err_msg=key)
        if "d" + key in trace.grads:
            np.testing.assert_allclose(graph.grad[ids], trace.grads["d" + key], rtol=1e-12, atol=1e-15)
    assert graph.value[graph.structure.node_of("L", ())] == session.trace.values["L"] == 0.47265625
    while session.step is None or session.step.phase != "update":
        assert session.move("element", 1)
    dw1 = trace.grads["d0.weight"]
    for index in np.ndindex(*dw1.shape):
        assert _node(view, "0.weight", index).grad_text.endswith(number(float(dw1[index]), digits=4))
    a2 = _node(view, "3:out", (0, 0, 0, 1))
    assert a2.value_text == number(6.5, digits=4)


def test_stepping_lights_the_step_of_the_second_layer_and_what_it_reads(qtbot):
    window, view = _view(qtbot)
    session = window.session
    while session.step is None or (session.step.tensor, session.step.index) != ("2:out", (0, 0, 0, 1)):
        assert session.move("element", 1)
    o12 = _node(view, "2:out", (0, 0, 0, 1))
    assert o12.name == "o²12" and o12.state == "write"
    assert o12.value_text == number(6.5, digits=4)
    assert _node(view, "2.weight", (0, 0, 0, 0)).state == "read"
    assert _node(view, "1:out", (0, 0, 0, 1)).state == "read"  # a¹12 meets W²11
    assert _node(view, "1:out", (0, 0, 2, 2)).state == "plain"
    assert _node(view, "0.weight", (0, 0, 0, 0)).state == "plain"
    assert _node(view, "2:out", (0, 0, 1, 0)).value_text == ""  # not computed yet


def test_a_deep_network_too_large_shows_the_engines_sentence(qtbot):
    window, view = _view(qtbot)
    s = window.session
    network = dict(s.network, input={"channels": 1, "height": 8, "width": 8})
    x = np.ones((1, 1, 8, 8))
    params = dict(s.params)
    assert s.open_lesson("big", None, x, np.zeros((1, 1)), params, {}, network=network)
    assert view.graph is None and view.graph_scene.nodes == []
    assert "at most 300 scalars" in view.graph_scene.message.toPlainText()
    assert window.open_lesson("transposed-conv")
    assert view.graph is not None and len(view.graph_scene.nodes) <= 300
