"""The bundled handwritten digits are the UCI set, load as the lessons need them, split by seed
into stratified train and test parts, and can be learnt."""

from __future__ import annotations

import hashlib

import numpy as np
import pytest

from convstudio import paths
from convstudio.engine import datasets, ops
from convstudio.engine.batches import Batches

DIGITS = paths.resource("data", "digits.npz")
#: Facts of the data set, counted once from scikit-learn's digits.csv.gz (the UCI test set).
SHA256 = "56691635b5c95f315ed55907c4fe83309809b3b822ee0b8d68e84bba3ffd4ca3"
PER_DIGIT = [178, 182, 177, 183, 181, 182, 181, 179, 174, 180]
PIXEL_SUM = 561718
#: The first image's top two rows, a zero, as in the csv's first line.
FIRST_ROWS = [[0, 0, 5, 13, 9, 1, 0, 0], [0, 0, 13, 15, 10, 15, 5, 0]]


def test_the_digits_file_is_the_uci_set_unchanged():
    assert hashlib.sha256(DIGITS.read_bytes()).hexdigest() == SHA256
    with np.load(DIGITS, allow_pickle=False) as archive:
        assert sorted(archive.files) == ["images", "labels"]
        images, labels = archive["images"], archive["labels"]
    assert images.shape == (1797, 8, 8) and labels.shape == (1797,)
    assert images.dtype == np.uint8 and labels.dtype == np.uint8
    assert (images.min(), images.max()) == (0, 16)
    assert np.bincount(labels, minlength=11).tolist() == [*PER_DIGIT, 0]
    assert int(images.sum(dtype=np.int64)) == PIXEL_SUM
    assert images[0, :2].tolist() == FIRST_ROWS and labels[0] == 0


def test_digits_are_float_images_in_zero_to_one_with_int_labels():
    images, labels = datasets.digits()
    assert images.shape == (1797, 1, 8, 8) and images.dtype == np.float64
    assert labels.shape == (1797,) and labels.dtype == np.int64
    assert (images.min(), images.max()) == (0.0, 1.0)
    np.testing.assert_array_equal(images[0, 0, :2] * 16, FIRST_ROWS)
    assert np.bincount(labels).tolist() == PER_DIGIT
    images[:] = -1.0  # each call hands out its own arrays
    assert datasets.digits()[0].min() == 0.0


@pytest.mark.parametrize("content", [None, b"not a zip at all", "wrong shape", "pickled"])
def test_missing_or_damaged_digits_say_so_in_a_sentence(monkeypatch, tmp_path, content):
    (tmp_path / "data").mkdir()
    target = tmp_path / "data" / "digits.npz"
    if content == "wrong shape":
        np.savez(target, images=np.zeros((3, 8, 7), np.uint8), labels=np.zeros(3, np.uint8))
    elif content == "pickled":
        np.savez(target, images=np.array([{"a": 1}], dtype=object), labels=np.zeros(1, np.uint8))
    elif content is not None:
        target.write_bytes(content)
    monkeypatch.setattr(paths, "resource_dir", lambda: tmp_path)
    with pytest.raises(
        ValueError, match=r"the bundled digits \(.*digits\.npz\) are .*; reinstall ConvStudio"
    ):
        datasets.digits()


def test_the_split_shares_out_every_sample_once_and_keeps_each_class_share():
    labels = datasets.digits()[1]
    train, test = datasets.split(labels, 0.2, seed=0)
    assert len(test) == 359 and len(train) == 1797 - 359  # round(0.2 * 1797)
    np.testing.assert_array_equal(np.sort(np.concatenate([train, test])), np.arange(1797))
    assert np.all(np.diff(train) > 0) and np.all(np.diff(test) > 0)
    expected = 359 * np.array(PER_DIGIT) / 1797
    assert np.all(np.abs(np.bincount(labels[test]) - expected) < 1)
    assert train.dtype.kind == test.dtype.kind == "i"


def test_the_split_is_fixed_by_its_seed():
    labels = np.arange(40) % 3
    first = datasets.split(labels, 0.25, seed=7)
    again = datasets.split(labels.copy(), 0.25, seed=7)
    other = datasets.split(labels, 0.25, seed=8)
    np.testing.assert_array_equal(first[1], again[1])
    assert not np.array_equal(first[1], other[1])


def test_the_split_leaves_the_global_generator_alone():
    np.random.seed(3)
    before = np.random.get_state()[1].copy()
    datasets.split(np.arange(30) % 2, 0.5, seed=1)
    np.testing.assert_array_equal(np.random.get_state()[1], before)


def test_the_test_part_has_the_rounded_total_shared_by_largest_remainders():
    # 3 classes of 5, half for testing: round(7.5) = 8 test samples, 8/3 a class: 2 each and the two
    # samples left over to the first two classes (rounding each class alone would give 6 or 9)
    labels = np.repeat([0, 1, 2], 5)
    train, test = datasets.split(labels, 0.5, seed=0)
    assert np.bincount(labels[test]).tolist() == [3, 3, 2] and len(train) == 7
    # 9 of class 0 and 1 of class 1, a tenth for testing: the one test sample is a 0
    labels = np.array([0] * 9 + [1])
    train, test = datasets.split(labels, 0.1, seed=0)
    assert labels[test].tolist() == [0] and 9 in train


@pytest.mark.parametrize(
    ("labels", "fraction", "seed", "message"),
    [
        (np.arange(10), 0.0, 0, "leaves no test or no training sample"),
        (np.arange(10), 1.0, 0, "leaves no test or no training sample"),
        (np.arange(10), 0.01, 0, "leaves no test or no training sample"),
        (np.arange(10), float("nan"), 0, "leaves no test or no training sample"),
        (np.arange(1), 0.5, 0, "leaves no test or no training sample"),
        (np.arange(10), "half", 0, "the test fraction must be a number between 0 and 1"),
        (np.arange(10), True, 0, "the test fraction must be a number between 0 and 1"),
        (np.arange(10), 0.5, -1, "the seed must be a whole number of at least 0"),
        (np.arange(10), 0.5, 1.5, "the seed must be a whole number of at least 0"),
        (np.zeros((2, 5), int), 0.5, 0, "the labels must be a 1-d array of integer class ids"),
        (np.linspace(0, 1, 10), 0.5, 0, "the labels must be a 1-d array of integer class ids"),
    ],
)
def test_a_split_that_cannot_be_made_says_why(labels, fraction, seed, message):
    with pytest.raises(ValueError, match=message):
        datasets.split(labels, fraction, seed)


def softmax_regression_accuracy(epochs: int) -> tuple[float, float]:
    """Train and test accuracy of a linear softmax classifier of the 64 pixels, plain SGD."""
    images, labels = datasets.digits()
    features = images.reshape(len(images), -1)
    train, test = datasets.split(labels, 0.2, seed=0)
    w, b = np.zeros((10, 64)), np.zeros(10)
    batches = Batches(len(train), 32, seed=0)
    for k in range(epochs * batches.per_epoch):
        rows = train[batches.batch(k).samples]
        _, grad = ops.softmax_cross_entropy(ops.linear_forward(features[rows], w, b), labels[rows])
        _, grad_w, grad_b = ops.linear_backward(features[rows], w, grad)
        assert grad_b is not None
        w, b = w - 0.5 * grad_w, b - 0.5 * grad_b

    def accuracy(rows: np.ndarray) -> float:
        return float(np.mean(ops.linear_forward(features[rows], w, b).argmax(axis=1) == labels[rows]))

    return accuracy(train), accuracy(test)


def test_the_digits_can_be_learnt_far_above_chance():
    train_accuracy, test_accuracy = softmax_regression_accuracy(epochs=20)
    # chance is 10%; 20 epochs of softmax regression reach about 98% train and 94% test accuracy
    assert train_accuracy > 0.95 and test_accuracy > 0.9
