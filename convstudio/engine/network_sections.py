"""The sections of a network's trace: which tensor each writes, in which order, for which layer."""

from __future__ import annotations

import math
from typing import NamedTuple

from convstudio.engine.network_names import NetworkNames
from convstudio.engine.steps import Section
from convstudio.engine.trace_record import Recorded

#: Each layer type's forward sections: (builder, what it writes).
_FORWARD = {
    "conv": [("conv", ":out")],
    "conv_transpose": [("conv_t", ":out")],
    "relu": [("act", ":out")],
    "sigmoid": [("act", ":out")],
    "tanh": [("act", ":out")],
    "max_pool": [("max_pool", ":out")],
    "avg_pool": [("avg_pool", ":out")],
    "global_avg_pool": [("gap", ":out")],
    "batch_norm": [("bn_mean", ":mean"), ("bn_var", ":var"), ("bn_norm", ":xhat"), ("bn_affine", ":out")],
    "flatten": [("flatten", ":out")],
    "dense": [("dense", ":out")],
}
#: Each layer type's backward sections: (builder, what it writes; "in" is the layer's input).
_BACKWARD = {
    "conv": [("conv_w", ".weight"), ("conv_b", ".bias"), ("conv_x", "in")],
    "conv_transpose": [("convt_w", ".weight"), ("convt_b", ".bias"), ("convt_x", "in")],
    "batch_norm": [("bn_gamma", ".weight"), ("bn_beta", ".bias"), ("bn_x", "in")],
    "dense": [("dense_w", ".weight"), ("dense_b", ".bias"), ("dense_x", "in")],
    "max_pool": [("max_pool", "in")],
    "avg_pool": [("avg_pool", "in")],
    "global_avg_pool": [("gap", "in")],
    "flatten": [("flatten", "in")],
    "relu": [("act", "in")],
    "sigmoid": [("act", "in")],
    "tanh": [("act", "in")],
}
_NOUN = {
    "conv": "convolution",
    "conv_t": "transposed convolution",
    "act": "activation",
    "max_pool": "max pooling",
    "avg_pool": "average pooling",
    "gap": "global average pooling",
    "bn_mean": "batch mean",
    "bn_var": "batch variance",
    "bn_norm": "normalised value",
    "bn_affine": "scale and shift",
    "flatten": "flatten",
    "dense": "dense layer",
}


class Laid(NamedTuple):
    """The sections and, for each, the index of the layer it belongs to (None: loss or update)."""

    sections: list[Section]
    owners: list[int | None]


def lay_out(rec: Recorded, names: NetworkNames, input_grad: bool) -> Laid:
    """Every section of the recorded iteration, numbered from step 0."""
    rows: list[tuple[str, str, str, str, int | None]] = []
    for layer in rec.layers:
        for builder, suffix in _FORWARD[layer.type]:
            key = f"{layer.index}{suffix}"
            title = f"Forward · layer {layer.index + 1} ({layer.type}): {_NOUN[builder]} {names.name(key)}"
            rows.append(("forward", builder, key, title, layer.index))
    last = f"{rec.layers[-1].index}:out"
    if rec.network["loss"] == "cross_entropy":
        rows.append(("forward", "softmax", "q", "Forward · softmax", None))
        rows.append(("forward", "loss", "L", "Forward · loss (cross-entropy)", None))
    else:
        rows.append(("forward", "loss", "L", "Forward · loss (mean squared error)", None))
    rows.append(("backward", "loss", "d" + last, f"Backward · dL/d{names.name(last)}", None))
    for layer in reversed(rec.layers):
        for builder, what in _BACKWARD[layer.type]:
            key = "d" + (rec.input_key(layer.index) if what == "in" else f"{layer.index}{what}")
            if key not in rec.grads or (key == "dx" and not input_grad):
                continue
            title = f"Backward · layer {layer.index + 1} ({layer.type}): dL/d{names.name(key)}"
            rows.append(("backward", builder, key, title, layer.index))
    kind = rec.optimizer["type"]
    for key in rec.result.new_params:
        rows.append(("update", kind, key, f"Update · {names.name(key)} ({kind})", None))
    start = 0
    sections: list[Section] = []
    owners: list[int | None] = []
    for phase, builder, key, title, owner in rows:
        source = rec.grads if phase == "backward" else rec.values
        shape = tuple(source[key].shape)
        sections.append(Section(phase, builder, key, shape, start, title))
        owners.append(owner)
        start += math.prod(shape)
    return Laid(sections, owners)
