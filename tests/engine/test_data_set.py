"""A session's data set hands each iteration the mini-batch engine/batches.py names for it."""

from __future__ import annotations

import numpy as np
import pytest

from convstudio.engine import fit as fitting
from convstudio.engine import network as net
from convstudio.engine.batches import Batches
from convstudio.engine.data_set import MAX_IMAGES, DataSet

NETWORK = {
    "input": {"channels": 1, "height": 4, "width": 4},
    "layers": [
        {"type": "conv", "filters": 2, "kernel": 3},
        {"type": "flatten"},
        {"type": "dense", "units": 3},
    ],
    "loss": "cross_entropy",
    "optimizer": {"type": "sgd", "lr": 0.1, "momentum": 0.9, "weight_decay": 0.0},
}


def _data(n: int = 10) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(3)
    return rng.normal(size=(n, 1, 4, 4)), np.arange(n) % 3


def test_each_iterations_batch_is_the_one_batches_names() -> None:
    images, labels = _data()
    data = DataSet(images, labels, batch_size=4, seed=7)
    reference = Batches(10, 4, 7)
    for iteration in range(9):
        x, target = data.arrays(iteration)
        samples = reference.batch(iteration).samples
        np.testing.assert_array_equal(x, images[samples])
        np.testing.assert_array_equal(target, labels[samples])
    assert data.batch(4).epoch == 1 and data.batch(4).index == 1 and data.batches.per_epoch == 3


def test_an_older_iteration_finds_its_own_batch_again() -> None:
    images, labels = _data()
    data = DataSet(images, labels, batch_size=4, seed=1)
    before = data.arrays(2)
    data.arrays(8)  # going on does not change what an earlier iteration used
    after = data.arrays(2)
    np.testing.assert_array_equal(before[0], after[0])
    assert not np.array_equal(data.arrays(0)[0], data.arrays(1)[0])


def test_training_over_the_batches_equals_fit_bit_for_bit() -> None:
    images, labels = _data()
    data = DataSet(images, labels, batch_size=4, seed=5)
    params = net.init_params(NETWORK, seed=2)
    state = None
    for iteration in range(7):
        x, target = data.arrays(iteration)
        result = net.iterate(NETWORK, params, x, target, state)
        params, state = result.new_params, result.new_state
    fitted = fitting.fit(
        NETWORK, net.init_params(NETWORK, seed=2), images, labels, iterations=7, batch_size=4, seed=5
    )
    assert params.keys() == fitted.params.keys()
    for key in params:
        assert np.array_equal(params[key], fitted.params[key]), key


def test_the_data_set_cannot_be_changed_through_its_arrays() -> None:
    images, labels = _data()
    data = DataSet(images, labels, batch_size=4)
    images[0] = 99.0
    assert data.images[0, 0, 0, 0] != 99.0
    with pytest.raises(ValueError):
        data.images[0, 0, 0, 0] = 1.0


@pytest.mark.parametrize(
    ("images", "labels", "batch_size", "words"),
    [
        (np.zeros((3, 4, 4)), np.zeros(3), 2, "(N, C, H, W)"),
        (np.zeros((3, 1, 4, 4)), np.zeros(2), 2, "one target per image"),
        (np.zeros((MAX_IMAGES + 1, 1, 1, 1)), np.zeros(MAX_IMAGES + 1), 2, f"1 to {MAX_IMAGES}"),
        (np.zeros((3, 1, 4, 4)), np.zeros(3), 0, "batch size"),
    ],
)
def test_a_data_set_that_cannot_be_says_why(
    images: np.ndarray, labels: np.ndarray, batch_size: int, words: str
) -> None:
    with pytest.raises(ValueError, match=words.replace("(", r"\(").replace(")", r"\)")):
        DataSet(images, labels, batch_size=batch_size)
