"""The scalar graph's own values and chain rule agree with iterate; a shared weight is one node;
the layout depends on the network only; every trace step finds the nodes it computes."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from convstudio.engine import network as nw
from convstudio.engine.network_trace import NetworkTrace
from convstudio.engine.scalar_graph import MAX_NODES, GraphTooLargeError, scalar_graph, structure, too_large
from convstudio.engine.trace_record import record
from tests.engine.networks import data_for, networks
from tests.engine.reference import numeric_grad
from tests.engine.test_network_gradients import _far_from_kinks

SGD = {"type": "sgd", "lr": 0.1}
TINY = {
    "input": {"channels": 1, "height": 3, "width": 3},
    "layers": [{"type": "conv", "filters": 1, "kernel": 2, "bias": False}, {"type": "global_avg_pool"}],
    "loss": "mse",
    "optimizer": SGD,
}


def _tiny_data():
    return np.arange(9.0).reshape(1, 1, 3, 3) / 9, np.array([[0.5]])


def test_a_3x3_image_and_a_2x2_filter_give_each_weight_one_node_with_four_products():
    x, t = _tiny_data()
    graph = scalar_graph(TINY, nw.init_params(TINY), x, t)
    s = graph.structure
    weights = s.cells["0.weight"].ravel()
    assert len(weights) == 4 and len(set(weights)) == 4
    for w in weights:
        children = [k for k, node in enumerate(s.nodes) if w in node.parents]
        assert len(children) == 4 and all(s.nodes[k].op == "mul" for k in children)
    sums = s.cells["0:out"].ravel()
    assert all(len(s.nodes[k].parents) == 4 for k in sums)
    assert sum(node.op == "mul" for node in s.nodes) == 16
    # dL/dW11 is the sum over the four positions of dL/do times the input there
    labels = graph.labels()
    assert labels[weights[0]] == "W11" and labels[s.cells["x"][0, 0, 2, 2]] == "I33"


def _check_against_iterate(net, params, x, target):
    graph = scalar_graph(net, params, x, target)
    rec = record(net, params, x, target)
    s = graph.structure
    for tensor, ids in s.cells.items():
        if tensor in ("y",):
            continue
        np.testing.assert_allclose(
            graph.value[ids], rec.values[tensor], rtol=1e-10, atol=1e-12, err_msg=tensor
        )
        if "d" + tensor in rec.grads:
            np.testing.assert_allclose(
                graph.grad[ids], rec.grads["d" + tensor], rtol=1e-7, atol=1e-10, err_msg="d" + tensor
            )
    for key, g in rec.result.grads.items():
        np.testing.assert_allclose(graph.grad[s.cells[key]], g, rtol=1e-7, atol=1e-10, err_msg=key)
    np.testing.assert_allclose(graph.grad[s.cells["x"]], rec.result.grad_input, rtol=1e-7, atol=1e-10)
    return graph


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much]
)
@given(data=st.data())
def test_every_value_and_gradient_of_the_graph_is_iterates(data):
    net = data.draw(networks())
    seed = data.draw(st.integers(0, 1000))
    x, target = data_for(net, seed, batch=2)
    try:
        structure(net, 2)
    except GraphTooLargeError:
        assume(False)
    params = nw.init_params(net, seed)
    assume(_far_from_kinks(net, params, x))
    _check_against_iterate(net, params, x, target)


def test_the_gradients_equal_finite_differences_of_the_loss():
    net = {
        "input": {"channels": 1, "height": 3, "width": 3},
        "layers": [
            {"type": "conv", "filters": 1, "kernel": 2, "padding": 1, "stride": 2},
            {"type": "tanh"},
            {"type": "flatten"},
            {"type": "batch_norm"},
            {"type": "dense", "units": 2},
        ],
        "loss": "cross_entropy",
        "optimizer": SGD,
    }
    params = nw.init_params(net, 4)
    x = np.random.default_rng(0).standard_normal((2, 1, 3, 3))
    labels = np.array([1, 0])
    graph = _check_against_iterate(net, params, x, labels)
    for key, value in params.items():
        numeric = numeric_grad(lambda: nw.iterate(net, params, x, labels).loss, value)
        np.testing.assert_allclose(graph.grad[graph.structure.cells[key]], numeric, rtol=1e-5, atol=1e-8)


def test_the_layout_stays_put_from_one_iteration_to_the_next():
    x, t = _tiny_data()
    params = nw.init_params(TINY)
    first = scalar_graph(TINY, params, x, t)
    second = scalar_graph(TINY, nw.iterate(TINY, params, x, t).new_params, x, t)
    assert not np.allclose(first.value, second.value)
    np.testing.assert_array_equal(first.structure.layout(), second.structure.layout())
    np.testing.assert_array_equal(first.structure.edges, second.structure.edges)
    xy = first.structure.layout()
    s = first.structure
    # inputs and weights first, then products, sums, the pooled value, and the loss last
    assert xy[s.cells["x"][0, 0, 0, 0], 0] == xy[s.cells["0.weight"][0, 0, 0, 0], 0] == 0
    assert xy[s.node_of("L", ()), 0] == xy[:, 0].max()
    assert len({tuple(p) for p in xy}) == len(xy)  # no two nodes on one spot


@pytest.mark.parametrize("loss", ["mse", "cross_entropy"])
def test_every_trace_step_finds_the_nodes_it_computes(loss):
    net = {
        "input": {"channels": 1, "height": 3, "width": 3},
        "layers": [
            {"type": "conv", "filters": 2, "kernel": 2},
            {"type": "batch_norm"},
            {"type": "relu"},
            {"type": "max_pool", "size": 2},
            {"type": "flatten"},
            {"type": "dense", "units": 2},
        ],
        "loss": loss,
        "optimizer": {"type": "adam", "lr": 0.01},
    }
    x, target = data_for(net, 5, batch=2)
    params = nw.init_params(net, 5)
    graph = scalar_graph(net, params, x, target)
    trace = NetworkTrace.of(net, params, x, target, input_grad=True)
    seen = set()
    for number in range(len(trace)):
        step = trace.step(number)
        nodes = graph.step_nodes(trace, number)
        seen.update(nodes)
        if step.phase == "forward":
            assert graph.value[nodes[0]] == pytest.approx(step.result, rel=1e-9, abs=1e-12)
        elif step.phase == "backward":
            assert graph.grad[nodes[0]] == pytest.approx(step.result, rel=1e-7, abs=1e-10)
        else:
            assert graph.structure.nodes[nodes[0]].op == "param"
    leaves = {k for k, node in enumerate(graph.structure.nodes) if node.op in ("target", "label")}
    assert seen | leaves == set(range(len(graph.structure.nodes)))


def test_a_network_too_big_to_draw_is_refused_with_a_sentence():
    big = dict(TINY, input={"channels": 1, "height": 12, "width": 12})
    with pytest.raises(GraphTooLargeError, match=f"at most {MAX_NODES} scalars.*use a smaller image"):
        scalar_graph(big, nw.init_params(big), np.zeros((1, 1, 12, 12)), np.zeros((1, 1)))
    assert too_large(big, 1) and too_large(TINY, 1) is None
    with pytest.raises(ValueError, match=r"the target must have shape \(1, 1\)"):
        scalar_graph(TINY, nw.init_params(TINY), np.zeros((1, 1, 3, 3)), np.zeros((2, 1)))
