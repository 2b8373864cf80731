"""The network as a whole: the worked example by hand, bad specs, bad data, divergence."""

from __future__ import annotations

import numpy as np
import pytest

from convstudio.engine.model import (
    DivergenceError,
    Model,
    check_data,
    check_params,
    init_params,
    run_iteration,
)
from convstudio.engine.spec import Spec, SpecError
from tests.engine.reference import numeric_grad

WORKED_X = [[[[1, 2, 0], [0, 1, 3], [2, 1, 0]]]]
WORKED_W = [[[[0.5, -1], [1, 0.5]]]]


def test_the_worked_example_by_hand():
    model = Model(Spec(), WORKED_X, [[1]], params={"W": WORKED_W})
    it = model.step()
    np.testing.assert_array_equal(it.values["o"][0, 0], [[-1, 3.5], [1.5, -1.5]])
    assert it.values["p"][0, 0] == 0.625
    assert it.loss == 0.140625
    np.testing.assert_array_equal(it.grads["do"], np.full((1, 1, 2, 2), -0.1875))
    np.testing.assert_array_equal(it.grads["dW"][0, 0], [[-0.75, -1.125], [-0.75, -0.9375]])
    np.testing.assert_array_equal(model.params["W"][0, 0], [[0.575, -0.8875], [1.075, 0.59375]])
    assert model.iteration == 1


def test_the_worked_example_spec_is_the_default():
    spec = Spec()
    assert (spec.height, spec.width, spec.kernel, spec.padding, spec.bias) == (3, 3, (2, 2), (0, 0), False)
    assert (spec.activation, spec.pooling, spec.head, spec.loss, spec.lr) == (
        "none",
        "global_avg",
        "none",
        "mse",
        0.1,
    )
    assert spec.layers() == ["o", "p", "L"]


@pytest.mark.parametrize(
    "spec",
    [
        Spec(),
        Spec(activation="tanh", pooling="max", bias=True, batch=2, channels=2, filters=2, height=5, width=5),
        Spec(activation="sigmoid", pooling="avg", pool_size=2, pool_stride=1, height=6, width=6, kernel=3),
        Spec(activation="relu", pooling="none", head="dense", classes=3, loss="cross_entropy", bias=True),
        Spec(
            pooling="global_avg",
            filters=3,
            loss="cross_entropy",
            stride=2,
            padding=1,
            dilation=2,
            height=6,
            width=6,
        ),
        Spec(momentum=0.9, head="dense", classes=2, batch=3),
    ],
)
def test_backprop_matches_finite_differences_for_every_parameter(spec):
    rng = np.random.default_rng(7)
    x = rng.uniform(0.1, 1, spec.input_shape)
    target = (
        rng.integers(0, spec.n_classes, spec.batch)
        if spec.loss == "cross_entropy"
        else rng.standard_normal(spec.pred_shape)
    )
    params = init_params(spec, seed=3)
    for name in ("b", "c"):
        if name in params:
            params[name] = rng.standard_normal(params[name].shape) * 0.1
    it = run_iteration(spec, params, x, target)
    for name in params:
        work = {k: v.copy() for k, v in params.items()}

        def loss(work=work):
            return float(run_iteration(spec, work, x, target).loss)

        numeric = numeric_grad(loss, work[name], eps=1e-6)
        np.testing.assert_allclose(it.grads["d" + name], numeric, rtol=1e-5, atol=1e-7, err_msg=name)


def test_momentum_accumulates_the_gradient():
    spec = Spec(momentum=0.5)
    model = Model(spec, WORKED_X, [[1]], params={"W": WORKED_W})
    first = model.step()
    second = model.step()
    np.testing.assert_allclose(second.new_velocity["W"], 0.5 * first.grads["dW"] + second.grads["dW"])
    np.testing.assert_allclose(second.new_params["W"], first.new_params["W"] - 0.1 * second.new_velocity["W"])


def test_a_diverging_learning_rate_raises_and_keeps_the_last_finite_state():
    model = Model(Spec(lr=50.0), WORKED_X, [[1]], params={"W": WORKED_W})
    with pytest.raises(DivergenceError) as caught:
        model.train(1000)
    error = caught.value
    assert error.iteration > 0 and not np.isfinite(error.value)
    assert f"iteration {error.iteration + 1}:" in str(error) and "try 5 or smaller" in str(error)
    assert model.iteration == error.iteration
    assert all(np.isfinite(v).all() for v in model.params.values())


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        (Spec(kernel=5), "a 5x5 filter does not fit a 3x3 image with padding 0"),
        (Spec(stride=0), "stride must be from 1 to 4, not 0"),
        (Spec(height=65), "height must be from 1 to 64, not 65"),
        (Spec(activation="swish"), "activation must be one of none, relu, sigmoid, tanh"),
        (Spec(lr=float("nan")), "the learning rate must be a positive number"),
        (Spec(lr=-1), "the learning rate must be a positive number"),
        (Spec(momentum=1.0), "momentum must be from 0 up to"),
        (
            Spec(pooling="max", pool_size=3),
            "a 3x3 pooling window does not fit the 2x2 output of the convolution",
        ),
        (Spec(loss="cross_entropy"), "cross-entropy without a dense head needs at least 2 filters"),
        (Spec(loss="cross_entropy", pooling="none", filters=2), "cross-entropy needs one score per class"),
    ],
)
def test_impossible_specs_are_explained(spec, message):
    problems = spec.problems()
    assert any(message in p for p in problems), problems
    with pytest.raises(SpecError) as caught:
        spec.validate()
    assert message in str(caught.value)


def test_spec_round_trips_through_plain_data_and_refuses_typos():
    spec = Spec(kernel=(2, 3), stride=2, pool_stride=(1, 2), activation="relu", lr=0.05)
    assert Spec.from_dict(spec.to_dict()) == spec
    with pytest.raises(SpecError, match="unknown network setting"):
        Spec.from_dict({"kernal": 3})
    with pytest.raises(SpecError, match="bias has the wrong type"):
        Spec.from_dict({"bias": "yes"})
    with pytest.raises(SpecError, match="kernel has the wrong type"):
        Spec.from_dict({"kernel": [1, 2, 3]})


def test_bad_data_and_parameters_say_what_is_wrong():
    spec = Spec()
    with pytest.raises(ValueError, match=r"the input must have shape \(1, 1, 3, 3\)"):
        check_data(spec, np.zeros((1, 1, 4, 4)), [[1]])
    with pytest.raises(ValueError, match="NaN"):
        check_data(spec, np.full((1, 1, 3, 3), np.nan), [[1]])
    with pytest.raises(ValueError, match=r"W must have shape \(1, 1, 2, 2\)"):
        check_params(spec, {"W": np.zeros((1, 1, 3, 3))})
    with pytest.raises(ValueError, match="missing W"):
        check_params(spec, {})
    ce = Spec(filters=2, loss="cross_entropy")
    with pytest.raises(ValueError, match="class numbers from 0 to 1"):
        check_data(ce, np.zeros(ce.input_shape), [2])


def test_initialisation_is_seeded():
    spec = Spec(filters=4, kernel=3, height=6, width=6, head="dense", bias=True)
    a, b, c = init_params(spec, 1), init_params(spec, 1), init_params(spec, 2)
    assert all(np.array_equal(a[k], b[k]) for k in a)
    assert not np.array_equal(a["W"], c["W"])
    assert np.abs(a["W"]).max() <= 1 / 3 and not a["b"].any()


def test_accuracy_counts_the_highest_score():
    spec = Spec(filters=2, loss="cross_entropy", batch=2)
    model = Model(
        spec,
        np.ones(spec.input_shape),
        [0, 1],
        params={"W": np.array([[[[1, 1], [1, 1]]], [[[0, 0], [0, 0]]]])},
    )
    assert model.accuracy() == 0.5


def test_a_loss_too_large_to_compute_names_the_value_not_the_learning_rate():
    x = np.array([[[[1, 2, 0], [0, 1, 3], [2, 1, 0]]]], dtype=float)
    params = {"W": np.array([[[[0.5, -1], [1, 0.5]]]])}
    with pytest.raises(DivergenceError) as caught:
        run_iteration(Spec(), params, x, np.array([[1e300]]))
    message = str(caught.value)
    assert message.startswith("The loss of iteration 1 overflowed: the target t has a value of 1e+300")
    assert "learning rate" not in message and "Make the target t smaller" in message
    assert caught.value.cause == ("the target t", 1e300)
