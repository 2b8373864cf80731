"""The scalar computation graph of a small network, as micrograd draws it.

Every input, weight, product, sum, activation and loss is a node with its value and gradient; a
shared weight is one node with an edge to every product it takes part in, so the sum over
positions in dL/dW is there to see. The graph's shape depends on the network and the batch size
only, so its layout stays put while values change. Values and gradients are the graph's own
(forward node by node, then the chain rule back), independent of the vectorised iteration.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from convstudio.engine import scalar_ops
from convstudio.engine.layer_params import built_layers, with_params
from convstudio.engine.network_check import Built
from convstudio.engine.network_names import NetworkNames
from convstudio.engine.network_trace import NetworkTrace
from convstudio.engine.trace_forward import transpose_taps

#: The most scalars the graph draws: beyond this, nodes and edges are too many to read.
MAX_NODES = 300


class GraphTooLargeError(ValueError):
    """A network (with its batch) whose scalar graph would have more than ``MAX_NODES`` nodes."""


@dataclass(frozen=True)
class Node:
    """One scalar: its operation, the nodes it is computed from, and the tensor cell it is (if any)."""

    op: str  # input, param, target, label, mul, add, relu, sigmoid, tanh, max, mean, var, normalise, ...
    parents: tuple[int, ...]
    tensor: str | None  # the trace's key ("x", "0.weight", "1:out", "L"); None for products and the like
    index: tuple[int, ...]
    layer: int | None  # the layer it belongs to (None: the input, the target and the loss)
    extra: float = 0.0  # ε of a batch norm, the class of a softmax, the classes of the loss


@dataclass
class _Builder:
    limit: int
    nodes: list[Node] = field(default_factory=list)
    cells: dict[str, np.ndarray] = field(default_factory=dict)
    computes: dict[tuple[str, tuple[int, ...]], tuple[int, ...]] = field(default_factory=dict)

    def add(
        self,
        op: str,
        parents: tuple[Any, ...] = (),
        tensor: str | None = None,
        index: tuple[int, ...] = (),
        layer: int | None = None,
        extra: float = 0.0,
    ) -> int:
        if len(self.nodes) >= self.limit:
            raise GraphTooLargeError(
                f"the scalar graph draws at most {self.limit} scalars, and this network with its batch "
                "needs more; use a smaller image, fewer filters or units, or a batch of one image"
            )
        self.nodes.append(Node(op, tuple(int(p) for p in parents), tensor, index, layer, extra))
        return len(self.nodes) - 1

    def leaves(self, op: str, tensor: str, shape: tuple[int, ...], layer: int | None) -> np.ndarray:
        ids = np.empty(shape, dtype=np.intp)
        for index in np.ndindex(*shape):
            ids[index] = self.add(op, (), tensor, index, layer)
        self.cells[tensor] = ids
        return ids

    def tensor(self, tensor: str, shape: tuple[int, ...]) -> np.ndarray:
        ids = np.full(shape, -1, dtype=np.intp)
        self.cells[tensor] = ids
        return ids

    def cell(self, ids: np.ndarray, tensor: str, index: tuple[int, ...], first: int, *others: int) -> None:
        """Record that ``first`` is ``tensor[index]`` and that its trace step computes ``others`` too."""
        ids[index] = first
        self.computes[(tensor, index)] = (first, *others)


def _weighted(b: _Builder, layer: Built, inp: np.ndarray, out: np.ndarray) -> None:
    """conv, conv_transpose and dense: each output a sum of products, plus the bias."""
    i, key = layer.index, f"{layer.index}:out"
    shapes = layer.kind.param_shapes(layer.cfg, layer.in_shape)
    w = b.leaves("param", f"{i}.weight", shapes["weight"], i)
    bias = b.leaves("param", f"{i}.bias", shapes["bias"], i) if "bias" in shapes else None
    for index in np.ndindex(*out.shape):
        pairs = _pairs(layer, inp, w, index)
        products = [b.add("mul", (a, v), None, (), i) for a, v in pairs]
        f = index[1]
        total = b.add("add", (*products, *(() if bias is None else (bias[f],))), key, index, i)
        b.cell(out, key, index, total, *products)


def _pairs(layer: Built, inp: np.ndarray, w: np.ndarray, index: tuple[int, ...]) -> list[tuple[int, int]]:
    """(input node, weight node) of every product an output cell sums, in the trace's order."""
    if layer.type == "dense":
        n, f = index
        return [(inp[n, k], w[f, k]) for k in range(inp.shape[1])]
    n, f, r, s = index
    C, H, W = layer.in_shape
    if layer.type == "conv_transpose":
        m, k, i, j = transpose_taps(
            r, s, layer.cfg["kernel"], layer.cfg["stride"], layer.cfg["padding"], (H, W)
        )
        return [(inp[n, c, i[t], j[t]], w[c, f, m[t], k[t]]) for c in range(C) for t in range(len(m))]
    (kh, kw), (sh, sw), (ph, pw), (dh, dw) = (
        layer.cfg[k] for k in ("kernel", "stride", "padding", "dilation")
    )
    out = []
    for c, m, k in np.ndindex(C, kh, kw):
        row, col = r * sh + m * dh - ph, s * sw + k * dw - pw
        if 0 <= row < H and 0 <= col < W:  # a product with the zero padding adds nothing: no node
            out.append((inp[n, c, row, col], w[f, c, m, k]))
    return out


def _batch_norm(b: _Builder, layer: Built, inp: np.ndarray, out: np.ndarray) -> None:
    i, eps = layer.index, float(layer.cfg["eps"])
    C = layer.in_shape[0]
    gamma, beta = b.leaves("param", f"{i}.weight", (C,), i), b.leaves("param", f"{i}.bias", (C,), i)
    mean, var, xhat = (
        b.tensor(f"{i}:mean", (C,)),
        b.tensor(f"{i}:var", (C,)),
        b.tensor(f"{i}:xhat", inp.shape),
    )
    for c in range(C):
        cells = tuple(inp[:, c].ravel())
        b.cell(mean, f"{i}:mean", (c,), b.add("mean", cells, f"{i}:mean", (c,), i))
        b.cell(var, f"{i}:var", (c,), b.add("var", (*cells, mean[c]), f"{i}:var", (c,), i))
    for index in np.ndindex(*inp.shape):
        c = index[1]
        norm = b.add("normalise", (inp[index], mean[c], var[c]), f"{i}:xhat", index, i, eps)
        b.cell(xhat, f"{i}:xhat", index, norm)
        scaled = b.add("mul", (norm, gamma[c]), None, (), i)
        b.cell(out, f"{i}:out", index, b.add("add", (scaled, beta[c]), f"{i}:out", index, i), scaled)


def _layer(b: _Builder, layer: Built, inp: np.ndarray) -> np.ndarray:
    i, key = layer.index, f"{layer.index}:out"
    if layer.type == "flatten":
        out = inp.reshape(inp.shape[0], -1)
        b.cells[key] = out
        for index in np.ndindex(*out.shape):
            b.computes[(key, index)] = (int(out[index]),)
        return out
    out = b.tensor(key, (inp.shape[0], *layer.out_shape))
    if layer.type in ("conv", "conv_transpose", "dense"):
        _weighted(b, layer, inp, out)
    elif layer.type == "batch_norm":
        _batch_norm(b, layer, inp, out)
    elif layer.type in ("relu", "sigmoid", "tanh"):
        for index in np.ndindex(*out.shape):
            b.cell(out, key, index, b.add(layer.type, (inp[index],), key, index, i))
    elif layer.type == "global_avg_pool":
        for n, c in np.ndindex(*out.shape):
            b.cell(out, key, (n, c), b.add("mean", tuple(inp[n, c].ravel()), key, (n, c), i))
    else:
        (ph, pw), (sh, sw) = layer.cfg["size"], layer.cfg["stride"]
        op = "max" if layer.type == "max_pool" else "mean"
        for n, c, r, s in np.ndindex(*out.shape):
            window = tuple(inp[n, c, r * sh : r * sh + ph, s * sw : s * sw + pw].ravel())
            b.cell(out, key, (n, c, r, s), b.add(op, window, key, (n, c, r, s), i))
    return out


def _loss(b: _Builder, loss: str, last: np.ndarray) -> None:
    if loss == "mse":
        target = b.leaves("target", "t", last.shape, None)
        subs = [b.add("sub", (last[index], target[index])) for index in np.ndindex(*last.shape)]
        squares = [b.add("square", (s,)) for s in subs]
        b.cells["L"] = np.array(b.add("mean", tuple(squares), "L", ()))
        b.computes[("L", ())] = (int(b.cells["L"]), *squares, *subs)
        return
    N, K = last.shape
    labels = b.leaves("label", "y", (N,), None)
    q = b.tensor("q", (N, K))
    for n, k in np.ndindex(N, K):
        b.cell(q, "q", (n, k), b.add("softmax", tuple(last[n]), "q", (n, k), None, float(k)))
    b.cells["L"] = np.array(b.add("nll", (*q.ravel(), *labels), "L", (), None, float(K)))
    b.computes[("L", ())] = (int(b.cells["L"]),)


@dataclass(frozen=True)
class Structure:
    """The graph of a network for a batch size: its nodes, which node each cell is, and the layout."""

    nodes: tuple[Node, ...]
    cells: dict[str, np.ndarray]
    computes: dict[tuple[str, tuple[int, ...]], tuple[int, ...]]
    layers: list[Built]
    batch: int
    loss: str

    @property
    def edges(self) -> np.ndarray:
        """(E, 2): (parent, child) for every edge, children in order."""
        pairs = [(p, k) for k, node in enumerate(self.nodes) for p in node.parents]
        return np.array(pairs, dtype=np.intp).reshape(-1, 2)

    def layout(self) -> np.ndarray:
        """(nodes, 2): each node's (column, row), from the graph's shape alone. A node's column is
        one past its deepest parent's; a parameter or target sits one column before its first use."""
        depth = np.zeros(len(self.nodes), dtype=np.intp)
        for k, node in enumerate(self.nodes):
            if node.parents:
                depth[k] = 1 + max(depth[p] for p in node.parents)
        children: dict[int, list[int]] = {}
        for parent, child in self.edges:
            children.setdefault(int(parent), []).append(int(child))
        for k, node in enumerate(self.nodes):
            if node.op in ("param", "target", "label") and k in children:
                depth[k] = max(min(depth[c] for c in children[k]) - 1, 0)
        xy = np.zeros((len(self.nodes), 2))
        for column in np.unique(depth):
            members = np.flatnonzero(depth == column)
            xy[members, 0] = column
            xy[members, 1] = np.arange(len(members)) - (len(members) - 1) / 2
        return xy

    def node_of(self, tensor: str, index: tuple[int, ...]) -> int:
        """The node that is ``tensor[index]``."""
        return int(self.cells[tensor][index])


def structure(network: Any, batch: int, *, limit: int = MAX_NODES) -> Structure:
    """The scalar graph of ``network`` for ``batch`` images, or GraphTooLargeError with a sentence."""
    layers = built_layers(network)
    b = _Builder(limit)
    current = b.leaves("input", "x", (batch, *layers[0].in_shape), None)
    for layer in layers:
        current = _layer(b, layer, current)
    _loss(b, network["loss"], current)
    return Structure(tuple(b.nodes), b.cells, b.computes, layers, batch, network["loss"])


def too_large(network: Any, batch: int) -> str | None:
    """Why the graph of ``network`` for ``batch`` images cannot be drawn, or None if it can."""
    try:
        structure(network, batch)
    except GraphTooLargeError as error:
        return str(error)
    return None


@dataclass(frozen=True)
class ScalarGraph:
    """A structure with the values and gradients of one iteration."""

    structure: Structure
    value: np.ndarray  # (nodes,)
    grad: np.ndarray  # (nodes,): dL/d(node)

    def nodes_for(self, phase: str, tensor: str, index: tuple[int, ...]) -> tuple[int, ...]:
        """The nodes a trace step computes: forward, the cell and its products (or the squares
        and differences of the loss); backward, the node whose gradient it writes; update, the
        parameter's node."""
        if phase == "forward":
            return self.structure.computes[(tensor, index)]
        return (self.structure.node_of(tensor[1:] if phase == "backward" else tensor, index),)

    def step_nodes(self, trace: NetworkTrace, number: int) -> tuple[int, ...]:
        """The nodes step ``number`` of ``trace`` computes (the trace of this graph's iteration)."""
        sec = trace.section_of(number)
        index = tuple(int(i) for i in np.unravel_index(number - sec.start, sec.shape)) if sec.shape else ()
        return self.nodes_for(sec.phase, sec.tensor, index)

    def labels(self) -> list[str]:
        """Each node's name as the trace writes it (W11, o12, L), or its operation's sign."""
        s = self.structure
        names = NetworkNames(s.layers, s.batch, s.loss, [])
        return [
            names.symbol(node.tensor, node.index) if node.tensor else _SIGN.get(node.op, node.op)
            for node in s.nodes
        ]


_SIGN = {"mul": "×", "add": "+", "sub": "−", "square": "²"}


def evaluate(shape: Structure, params: Mapping[str, Any], x: Any, target: Any) -> ScalarGraph:
    """Values forward, node by node, then every gradient by the chain rule from dL/dL = 1."""
    data = {
        "x": np.asarray(x, dtype=np.float64),
        **{k: np.asarray(v, dtype=np.float64) for k, v in params.items()},
    }
    data["t" if shape.loss == "mse" else "y"] = np.asarray(target, dtype=np.float64)
    nodes = shape.nodes
    value = np.zeros(len(nodes))
    for k, node in enumerate(nodes):
        if node.op in scalar_ops.LEAVES:
            assert node.tensor is not None
            value[k] = data[node.tensor][node.index]
        else:
            value[k] = scalar_ops.value(node.op, value[list(node.parents)], node.extra)
    grad = np.zeros(len(nodes))
    grad[shape.node_of("L", ())] = 1.0
    for k in range(len(nodes) - 1, -1, -1):
        node = nodes[k]
        if node.parents and grad[k] != 0.0:
            share = scalar_ops.local(node.op, value[list(node.parents)], value[k], node.extra)
            np.add.at(grad, list(node.parents), grad[k] * share)
    return ScalarGraph(shape, value, grad)


def scalar_graph(network: Any, params: Mapping[str, Any], x: Any, target: Any) -> ScalarGraph:
    """The graph of one iteration of ``network`` on the batch ``x``, with its values and gradients."""
    with_params(network, params)  # every parameter there, of its shape, or a sentence saying which
    x = np.asarray(x, dtype=np.float64)
    layers = built_layers(network)
    if x.ndim != 4 or x.shape[1:] != layers[0].in_shape:
        raise ValueError(
            f"the input must have shape (N, {', '.join(map(str, layers[0].in_shape))}), not {x.shape}"
        )
    shape = structure(network, int(x.shape[0]))
    want = (shape.cells["t"] if network["loss"] == "mse" else shape.cells["y"]).shape
    if np.shape(target) != want:
        raise ValueError(f"the target must have shape {want}, not {np.shape(target)}")
    return evaluate(shape, params, x, target)
