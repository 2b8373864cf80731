"""Editing a network as plain data: a new layer of each type with fields that fit, moving and
removing layers, and every problem of the result by the layer it belongs to."""

from __future__ import annotations

import copy
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from convstudio.engine import layers
from convstudio.engine.network_check import check_network
from convstudio.engine.window_limits import window_problems_by_place

#: The fields a layer added by the editor starts with: small, and fitting most inputs.
NEW_LAYER: dict[str, dict[str, Any]] = {
    "conv": {"filters": 1, "kernel": [2, 2], "stride": 1, "padding": 0, "dilation": 1, "bias": True},
    "conv_transpose": {
        "filters": 1,
        "kernel": [2, 2],
        "stride": 1,
        "padding": 0,
        "output_padding": 0,
        "bias": True,
    },
    "relu": {},
    "sigmoid": {},
    "tanh": {},
    "max_pool": {"size": [2, 2], "stride": [2, 2]},
    "avg_pool": {"size": [2, 2], "stride": [2, 2]},
    "global_avg_pool": {},
    "batch_norm": {"eps": 1e-5, "momentum": 0.1},
    "flatten": {},
    "dense": {"units": 2, "bias": True},
}
#: The optimisers' fields as the editor starts them (the contract's defaults, lr as SGD's lessons use).
NEW_OPTIMIZER: dict[str, dict[str, Any]] = {
    "sgd": {"type": "sgd", "lr": 0.1, "momentum": 0.0, "weight_decay": 0.0},
    "adam": {"type": "adam", "lr": 0.01, "betas": [0.9, 0.999], "eps": 1e-8, "weight_decay": 0.0},
}


@dataclass(frozen=True)
class Review:
    """A network as the editor shows it: each layer's output shape (None where it cannot be
    built), the problems of each layer by its 0-based index, and those of the whole network."""

    shapes: list[layers.Shape | None]
    by_layer: dict[int, list[str]] = field(default_factory=dict)
    general: list[str] = field(default_factory=list)

    @property
    def problems(self) -> list[str]:
        """Every problem, layers first in their order."""
        return [p for i in sorted(self.by_layer) for p in self.by_layer[i]] + self.general


def new_layer(kind: str) -> dict[str, Any]:
    """A layer of type ``kind`` with the editor's starting fields."""
    if kind not in NEW_LAYER:
        raise ValueError(f"unknown layer type {kind!r}; the types are {', '.join(NEW_LAYER)}")
    return {"type": kind, **copy.deepcopy(NEW_LAYER[kind])}


def with_optimizer(network: Mapping[str, Any], kind: str) -> dict[str, Any]:
    """``network`` with an optimiser of type ``kind``; the learning rate and weight decay carry over."""
    old = network.get("optimizer", {})
    new = copy.deepcopy(NEW_OPTIMIZER[kind])
    if isinstance(old, Mapping) and old.get("type") != kind:
        for name in ("lr", "weight_decay"):
            if name in old:
                new[name] = old[name]
    elif isinstance(old, Mapping):
        new = copy.deepcopy(dict(old))
    return {**copy.deepcopy(dict(network)), "optimizer": new}


def inserted(network: Mapping[str, Any], index: int, layer: Mapping[str, Any]) -> dict[str, Any]:
    """``network`` with ``layer`` put at ``index`` (0-based) of its layers."""
    out = copy.deepcopy(dict(network))
    out["layers"].insert(index, copy.deepcopy(dict(layer)))
    return out


def removed(network: Mapping[str, Any], index: int) -> dict[str, Any]:
    """``network`` without its layer ``index``."""
    out = copy.deepcopy(dict(network))
    del out["layers"][index]
    return out


def moved(network: Mapping[str, Any], index: int, by: int) -> dict[str, Any]:
    """``network`` with layer ``index`` moved ``by`` places (-1 up, +1 down), kept within the list."""
    out = copy.deepcopy(dict(network))
    rows = out["layers"]
    to = min(max(index + by, 0), len(rows) - 1)
    rows.insert(to, rows.pop(index))
    return out


def same(a: Mapping[str, Any], b: Mapping[str, Any]) -> bool:
    """Whether two networks that can be built are the same network, defaults and pairs written
    any way (``{"kernel": 2}`` and ``{"kernel": [2, 2], "stride": 1}`` are)."""
    ca, cb = check_network(a), check_network(b)
    if ca.problems or cb.problems:
        return False
    built = [[(layer.type, layer.cfg) for layer in c.layers] for c in (ca, cb)]
    return (
        built[0] == built[1]
        and ca.optimizer == cb.optimizer
        and a["input"] == b["input"]
        and a["loss"] == b["loss"]
    )


def review(network: Mapping[str, Any], batch: int = 1) -> Review:
    """What the editor says of ``network`` trained ``batch`` images at a time: the network's own
    problems and the window's limits, each under the layer it names."""
    checked = check_network(network)
    count = len(network.get("layers", []) or [])
    shapes: list[layers.Shape | None] = [None] * count
    for built in checked.layers:
        if all(built.out_shape) and built.out_shape:
            shapes[built.index] = built.out_shape
    by_layer: dict[int, list[str]] = {}
    general: list[str] = []
    for where, sentence in window_problems_by_place(network, batch):
        if isinstance(where, int):
            by_layer.setdefault(where, []).append(sentence)
        else:
            general.append(sentence)
    return Review(shapes, by_layer, general)
