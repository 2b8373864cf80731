"""Random small networks (and their data) for property tests."""

from __future__ import annotations

import numpy as np
from hypothesis import assume
from hypothesis import strategies as st

from convstudio.engine.model import Model
from convstudio.engine.spec import ACTIVATIONS, POOLINGS, Spec


@st.composite
def specs(draw, max_size: int = 6) -> Spec:
    """A random network that can be built."""
    spec = Spec(
        height=draw(st.integers(2, max_size)),
        width=draw(st.integers(2, max_size)),
        channels=draw(st.integers(1, 3)),
        batch=draw(st.integers(1, 3)),
        filters=draw(st.integers(1, 3)),
        kernel=(draw(st.integers(1, 3)), draw(st.integers(1, 3))),
        stride=(draw(st.integers(1, 2)), draw(st.integers(1, 2))),
        padding=(draw(st.integers(0, 2)), draw(st.integers(0, 2))),
        dilation=(draw(st.integers(1, 2)), draw(st.integers(1, 2))),
        bias=draw(st.booleans()),
        activation=draw(st.sampled_from(ACTIVATIONS)),
        pooling=draw(st.sampled_from(POOLINGS)),
        pool_size=(draw(st.integers(1, 2)), draw(st.integers(1, 2))),
        pool_stride=draw(st.one_of(st.none(), st.tuples(st.integers(1, 2), st.integers(1, 2)))),
        head=draw(st.sampled_from(["none", "dense"])),
        classes=draw(st.integers(2, 3)),
        loss=draw(st.sampled_from(["mse", "cross_entropy"])),
        lr=draw(st.sampled_from([0.01, 0.1, 0.5])),
        momentum=draw(st.sampled_from([0.0, 0.0, 0.9])),
    )
    assume(not spec.problems())
    return spec


def model_for(spec: Spec, seed: int) -> Model:
    """A model with random data, targets or labels, and random nonzero biases."""
    rng = np.random.default_rng(seed)
    x = np.round(rng.standard_normal(spec.input_shape), 2)
    if spec.loss == "cross_entropy":
        target = rng.integers(0, spec.n_classes, spec.batch)
    else:
        target = rng.standard_normal(spec.pred_shape)
    model = Model(spec, x, target, seed=seed)
    for name in ("b", "c"):
        if name in model.params:
            model.params[name] = rng.standard_normal(model.params[name].shape)
    return model
