"""Between the one-layer trace the window steps through and the scalar graph of its network: each
one-layer tensor's key in the graph, the nodes a step computes and the nodes it reads."""

from __future__ import annotations

import numpy as np

from convstudio.engine.scalar_graph import Node, ScalarGraph
from convstudio.engine.spec import Spec
from convstudio.engine.spec_network import param_keys, to_network
from convstudio.engine.steps import Step


def graph_keys(spec: Spec) -> dict[str, str]:
    """Each one-layer trace tensor (I, W, o, a, p, s, q, L) with its key in the network's graph."""
    keys = {"I": "x", "t": "t", "y": "y", "q": "q", "L": "L", "o": "0:out", **param_keys(spec)}
    for i, layer in enumerate(to_network(spec)["layers"]):
        kind = layer["type"]
        if kind in ("relu", "sigmoid", "tanh"):
            keys["a"] = f"{i}:out"
        elif kind.endswith("pool"):
            keys["p"] = f"{i}:out"
        elif kind == "dense":
            keys["s"] = f"{i}:out"
    return keys


def lit_nodes(graph: ScalarGraph, keys: dict[str, str], step: Step | None) -> tuple[set[int], set[int]]:
    """(nodes the step computes, nodes it reads); both empty before the first step."""
    if step is None:
        return set(), set()
    grad = step.phase == "backward"
    base = step.tensor[1:] if grad else step.tensor
    if base not in keys:
        return set(), set()
    key = ("d" if grad else "") + keys[base]
    writes = set(graph.nodes_for(step.phase, key, tuple(step.index)))
    nodes = graph.structure.nodes
    if step.phase == "forward":
        reads = {p for k in writes for p in nodes[k].parents} - writes
    elif grad:  # from the children (through a product, the sum it feeds) and their other factors
        children = _children(nodes, writes)
        products = {k for k in children if nodes[k].tensor is None}
        reads = children | _children(nodes, products) | {p for k in children for p in nodes[k].parents}
        reads -= writes
    else:
        reads = set()
    return writes, reads


def _children(nodes: tuple[Node, ...], of: set[int]) -> set[int]:
    return {k for k, node in enumerate(nodes) if of & set(node.parents)}


def node_owners(graph: ScalarGraph) -> np.ndarray:
    """For each node, the named node whose trace step computes it (itself when it is named)."""
    owners = np.arange(len(graph.structure.nodes))
    for first, *others in graph.structure.computes.values():
        owners[others] = first
    return owners
