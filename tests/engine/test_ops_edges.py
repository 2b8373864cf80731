"""The ops at their edges: only real numbers, only whole-number geometry, no huge allocation, no
empty batch; each refusal a one-line ValueError that says why (a generated corpus of bad calls)."""

from __future__ import annotations

import itertools
import tracemalloc
from collections.abc import Callable
from typing import Any

import numpy as np
import pytest

from convstudio.engine import ops
from convstudio.engine.model import Model, check_data, check_params
from convstudio.engine.spec import Spec

X = np.arange(2 * 1 * 4 * 4, dtype=float).reshape(2, 1, 4, 4)
W = np.ones((3, 1, 2, 2))


def _not_real(shape: tuple[int, ...]) -> dict[str, np.ndarray]:
    """Arrays of every kind that is not real numbers, of one shape."""
    n = int(np.prod(shape))
    objects = np.empty(n, dtype=object)
    objects[:] = [None] + [1.0] * (n - 1)
    huge = np.empty(n, dtype=object)
    huge[:] = [10**400] + [1] * (n - 1)
    return {
        "complex": (np.ones(n) + 1j).reshape(shape),
        "complex, imaginary part zero": np.ones(n, dtype=complex).reshape(shape),
        "object holding None": objects.reshape(shape),
        "object holding a 400-digit int": huge.reshape(shape),
        "bool": np.ones(n, dtype=bool).reshape(shape),
        "text": np.full(n, "1").reshape(shape),
    }


# (name, the call with one array argument replaced, the shape that argument has)
CALLS: list[tuple[str, Callable[[Any], Any], tuple[int, ...]]] = [
    ("conv2d_forward x", lambda a: ops.conv2d_forward(a, W), X.shape),
    ("conv2d_forward w", lambda a: ops.conv2d_forward(X, a), W.shape),
    ("conv2d_forward b", lambda a: ops.conv2d_forward(X, W, a), (3,)),
    ("conv2d_backward grad_y", lambda a: ops.conv2d_backward(X, W, a), (2, 3, 3, 3)),
    ("max_pool2d_forward", lambda a: ops.max_pool2d_forward(a, size=2), X.shape),
    ("avg_pool2d_backward", lambda a: ops.avg_pool2d_backward(X, a, size=2), (2, 1, 2, 2)),
    ("global_avg_pool_forward", ops.global_avg_pool_forward, X.shape),
    ("linear_forward x", lambda a: ops.linear_forward(a, np.ones((2, 3))), (4, 3)),
    ("linear_backward grad_y", lambda a: ops.linear_backward(np.ones((4, 3)), np.ones((2, 3)), a), (4, 2)),
    ("relu_forward", ops.relu_forward, (2, 3)),
    ("relu_backward grad_y", lambda a: ops.relu_backward(np.ones((2, 3)), a), (2, 3)),
    ("sigmoid_forward", ops.sigmoid_forward, (2, 3)),
    ("tanh_backward x", lambda a: ops.tanh_backward(a, np.ones((2, 3))), (2, 3)),
    ("mse_loss pred", lambda a: ops.mse_loss(a, np.ones((2, 3))), (2, 3)),
    ("mse_loss target", lambda a: ops.mse_loss(np.ones((2, 3)), a), (2, 3)),
    ("softmax", ops.softmax, (2, 3)),
    ("softmax_cross_entropy logits", lambda a: ops.softmax_cross_entropy(a, np.array([0, 1])), (2, 3)),
]


def _one_line(error: pytest.ExceptionInfo[BaseException]) -> str:
    message = str(error.value)
    assert "\n" not in message and "array(" not in message and len(message) < 300, message
    return message


@pytest.mark.parametrize(("kind", "call"), list(itertools.product(_not_real((1,)), CALLS)), ids=str)
def test_every_op_refuses_what_is_not_real_numbers(kind, call):
    _, run, shape = call
    with pytest.raises(ValueError, match="real numbers") as caught:
        run(_not_real(shape)[kind])
    _one_line(caught)


BAD_PAIRS = [
    1.5,
    "22",
    "2",
    True,
    False,
    np.bool_(True),
    None,
    (1, 1.5),
    (1.0, 1.0),
    [1, 2, 3],
    (1,),
    "ab",
    (True, 1),
]


@pytest.mark.parametrize(
    ("argument", "value"), list(itertools.product(("stride", "padding", "dilation"), BAD_PAIRS)), ids=str
)
def test_geometry_takes_only_whole_numbers_or_pairs_of_them(argument, value):
    with pytest.raises(ValueError, match="whole number") as caught:
        ops.conv2d_forward(X, W, **{argument: value})
    _one_line(caught)
    with pytest.raises(ValueError, match="whole number"):
        ops.conv2d_backward(X, W, np.ones((2, 3, 3, 3)), **{argument: value})


@pytest.mark.parametrize("value", BAD_PAIRS)
def test_pool_sizes_and_strides_take_only_whole_numbers(value):
    with pytest.raises(ValueError, match="whole number"):
        ops.max_pool2d_forward(X, size=value)
    if value is not None:  # no stride: the window's size
        with pytest.raises(ValueError, match="whole number"):
            ops.avg_pool2d_forward(X, size=2, stride=value)


def test_numpy_integers_and_pairs_still_work():
    want = ops.conv2d_forward(X, W, stride=2, padding=1)
    for stride, padding in (
        (np.int64(2), np.int32(1)),
        ((2, 2), [1, 1]),
        ((np.int8(2), 2), (1, np.uint8(1))),
    ):
        np.testing.assert_array_equal(ops.conv2d_forward(X, W, stride=stride, padding=padding), want)


@pytest.mark.parametrize(
    "geometry",
    [
        {"padding": 100_000},
        {"padding": (0, 10**9)},
        {"padding": 10**30},
        {"padding": 9000, "dilation": 1},
        {"padding": 20_000, "stride": 7},
    ],
    ids=str,
)
def test_a_padding_that_would_need_gigabytes_is_refused_before_allocating(geometry):
    one = np.ones((1, 1, 1, 1))
    tracemalloc.start()
    try:
        for run in (
            lambda: ops.conv2d_forward(one, one, **geometry),
            lambda: ops.conv2d_backward(one, one, np.ones((1, 1, 1, 1)), **geometry),
        ):
            with pytest.raises(ValueError, match="GiB") as caught:
                run()
            _one_line(caught)
        assert tracemalloc.get_traced_memory()[1] < 10_000_000
    finally:
        tracemalloc.stop()


def test_large_pooling_windows_are_refused_before_allocating():
    huge_view = np.broadcast_to(np.zeros(1), (1, 1, 40_000, 40_000))  # no memory behind it
    with pytest.raises(ValueError, match="GiB") as caught:
        ops.max_pool2d_forward(huge_view, size=100, stride=1)
    _one_line(caught)


@pytest.mark.parametrize("n", [0])
@pytest.mark.parametrize("k", [0, 1, 3])
def test_an_empty_batch_is_a_value_error_in_both_losses(n, k):
    with pytest.raises(ValueError, match="empty") as caught:
        ops.mse_loss(np.zeros((n, k)), np.zeros((n, k)))
    _one_line(caught)
    with pytest.raises(ValueError, match="empty"):
        ops.softmax_cross_entropy(np.zeros((n, k)), np.zeros(n, dtype=int))
    with pytest.raises(ValueError, match="empty"):
        ops.softmax_cross_entropy(np.zeros((3, 0)), np.zeros(3, dtype=int))


def test_labels_must_be_integers_not_bools():
    with pytest.raises(ValueError, match="integer class id"):
        ops.softmax_cross_entropy(np.zeros((2, 2)), np.array([True, False]))


def test_accuracy_refuses_a_network_without_class_labels():
    spec = Spec()
    model = Model(spec, np.ones(spec.input_shape), np.ones(spec.target_shape), {"W": np.ones((1, 1, 2, 2))})
    with pytest.raises(ValueError, match="cross-entropy"):
        model.accuracy()


@pytest.mark.parametrize("kind", _not_real((1,)))
def test_the_network_contract_takes_only_real_numbers(kind):
    spec = Spec()
    with pytest.raises(ValueError, match="real numbers"):
        check_data(spec, _not_real(spec.input_shape)[kind], np.ones((1, 1)))
    with pytest.raises(ValueError, match="real numbers"):
        check_data(spec, np.ones(spec.input_shape), _not_real((1, 1))[kind])
    with pytest.raises(ValueError, match="real numbers"):
        check_params(spec, {"W": _not_real((1, 1, 2, 2))[kind]})


@pytest.mark.parametrize(
    "labels", [[0.5, 1], [10**40, 0], [-1, 0], [2, 0], [np.nan, 0], [None, 0], [True, 0]], ids=str
)
def test_bad_labels_say_what_is_allowed_on_one_line(labels):
    spec = Spec(filters=2, batch=2, loss="cross_entropy")
    with pytest.raises(ValueError, match="class numbers from 0 to 1") as caught:
        check_data(spec, np.zeros(spec.input_shape), np.array(labels, dtype=object))
    _one_line(caught)
