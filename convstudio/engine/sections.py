"""The sections of one iteration: which tensors it writes, in which order, under which titles."""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np

from convstudio.engine.spec import Spec
from convstudio.engine.steps import Section


def predicted(spec: Spec) -> str:
    """The tensor the loss compares with the target: the last map (mse) or the scores."""
    layers = spec.layers()
    return layers[-2] if spec.loss == "mse" else layers[-3]


def sections(spec: Spec, values: Mapping[str, np.ndarray], grads: Mapping[str, np.ndarray]) -> list[Section]:
    """Every section of the iteration whose results are ``values`` and ``grads``, numbered from step 0."""
    rows: list[tuple[str, str, str, tuple[int, ...], str]] = []
    layers = spec.layers()
    pre_pool = "a" if spec.activation != "none" else "o"
    # forward
    rows.append(("forward", "conv", "o", spec.conv_shape, "Forward · convolution: o = I ⋆ W"))
    if spec.activation != "none":
        rows.append(("forward", "act", "a", spec.conv_shape, f"Forward · {spec.activation}"))
    if spec.pooling != "none":
        pool_name = {
            "max": "max pooling",
            "avg": "average pooling",
            "global_avg": "global average pooling",
        }
        rows.append(("forward", "pool", "p", spec.pooled_shape, f"Forward · {pool_name[spec.pooling]}"))
    if spec.head == "dense":
        rows.append(("forward", "dense", "s", spec.pred_shape, "Forward · dense layer: s = V·p + c"))
    if spec.loss == "cross_entropy":
        rows.append(("forward", "softmax", "q", values["q"].shape, "Forward · softmax"))
    loss_title = "mean squared error" if spec.loss == "mse" else "cross-entropy"
    rows.append(("forward", "loss", "L", (), f"Forward · loss ({loss_title})"))
    # backward
    pred = predicted(spec)
    rows.append(("backward", "loss", "d" + pred, values[pred].shape, f"Backward · dL/d{pred}"))
    if spec.head == "dense":
        feat = layers[layers.index("s") - 1]
        rows.append(("backward", "dense_w", "dV", values["V"].shape, "Backward · dL/dV"))
        if spec.bias:
            rows.append(("backward", "dense_b", "dc", values["c"].shape, "Backward · dL/dc"))
        rows.append(("backward", "dense_x", "d" + feat, values[feat].shape, f"Backward · dL/d{feat}"))
    if spec.pooling != "none":
        rows.append(
            (
                "backward",
                "pool",
                "d" + pre_pool,
                spec.conv_shape,
                f"Backward · through the pooling: dL/d{pre_pool}",
            )
        )
    if spec.activation != "none":
        rows.append(
            ("backward", "act", "do", spec.conv_shape, f"Backward · through the {spec.activation}: dL/do")
        )
    rows.append(("backward", "conv_w", "dW", values["W"].shape, "Backward · dL/dW = I ⋆ dL/do"))
    if spec.bias:
        rows.append(("backward", "conv_b", "db", values["b"].shape, "Backward · dL/db"))
    if "dI" in grads:
        rows.append(
            (
                "backward",
                "conv_x",
                "dI",
                values["I"].shape,
                "Backward · dL/dI = dL/do ∗ flipped W (full)",
            )
        )
    for name in spec.param_shapes():
        rows.append(
            (
                "update",
                "update",
                name,
                values[name].shape,
                f"Update · {name} ← {name} − η·dL/d{name}",
            )
        )
    start = 0
    out: list[Section] = []
    for phase, layer, tensor, shape, title in rows:
        out.append(Section(phase, layer, tensor, tuple(shape), start, title))
        start += math.prod(shape)
    return out
