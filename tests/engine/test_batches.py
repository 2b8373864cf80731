"""Mini-batches: every sample once an epoch, the same batch for the same seed and iteration
however it is reached, and a clear sentence for arguments that make no batches."""

from __future__ import annotations

import re

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from convstudio.engine.batches import Batches


def epoch_batches(batches: Batches, epoch: int) -> list[np.ndarray]:
    first = epoch * batches.per_epoch
    return [batches.batch(k).samples for k in range(first, first + batches.per_epoch)]


@given(
    size=st.integers(1, 60),
    batch_size=st.integers(1, 70),
    seed=st.integers(0, 2**32),
    epoch=st.integers(0, 5),
)
def test_every_sample_is_learnt_from_exactly_once_an_epoch(size, batch_size, seed, epoch):
    batches = Batches(size, batch_size, seed)
    pieces = epoch_batches(batches, epoch)
    np.testing.assert_array_equal(np.sort(np.concatenate(pieces)), np.arange(size))
    np.testing.assert_array_equal(np.concatenate(pieces), batches.order(epoch))
    # full batches, then the short rest, which is kept
    lengths = [len(piece) for piece in pieces]
    rest = size % batch_size
    assert lengths == [batch_size] * (size // batch_size) + ([rest] if rest else [])


def test_an_iteration_names_its_epoch_and_its_place_in_it():
    batches = Batches(10, 4, seed=3)
    assert batches.per_epoch == 3
    where = [(b.iteration, b.epoch, b.index, len(b.samples)) for b in map(batches.batch, range(7))]
    assert where == [
        (0, 0, 0, 4),
        (1, 0, 1, 4),
        (2, 0, 2, 2),
        (3, 1, 0, 4),
        (4, 1, 1, 4),
        (5, 1, 2, 2),
        (6, 2, 0, 4),
    ]
    assert batches.batch(5).samples.dtype == np.int64


def test_the_same_seed_and_iteration_give_the_same_batch_without_replaying_the_epochs_before():
    walked = Batches(50, 8, seed=11)
    trail = [walked.batch(k).samples for k in range(7 * walked.per_epoch)]
    jumped = Batches(50, 8, seed=11)  # a fresh one, asked out of order
    for k in (41, 3, 27, 0, 48, 13):
        np.testing.assert_array_equal(jumped.batch(k).samples, trail[k])


def test_epochs_and_seeds_shuffle_differently():
    batches = Batches(100, 10, seed=0)
    orders = [batches.order(epoch) for epoch in range(4)]
    assert all(not np.array_equal(orders[i], orders[j]) for i in range(4) for j in range(i))
    assert not np.array_equal(orders[0], Batches(100, 10, seed=1).order(0))
    assert not np.array_equal(orders[0], np.arange(100))


def test_batches_leave_the_global_generator_alone():
    np.random.seed(5)
    before = np.random.get_state()[1].copy()
    Batches(30, 7, seed=2).batch(12)
    np.testing.assert_array_equal(np.random.get_state()[1], before)


def test_a_batch_larger_than_the_set_is_the_whole_set_once_an_epoch():
    batches = Batches(5, 32, seed=4)
    assert batches.per_epoch == 1
    first, second = batches.batch(0), batches.batch(1)
    assert (first.epoch, first.index, second.epoch, second.index) == (0, 0, 1, 0)
    assert sorted(first.samples) == sorted(second.samples) == [0, 1, 2, 3, 4]


def test_batches_of_one_step_through_the_shuffled_order_sample_by_sample():
    batches = Batches(6, 1, seed=9)
    assert batches.per_epoch == 6
    samples = [int(batches.batch(k).samples[0]) for k in range(6, 12)]
    assert samples == batches.order(1).tolist()
    assert Batches(1, 1).batch(3).samples.tolist() == [0]


def test_numpy_integers_are_accepted():
    batches = Batches(np.int64(12), np.int32(5), np.uint8(2))
    assert (batches.size, batches.batch_size, batches.seed) == (12, 5, 2)
    assert type(batches.size) is int
    assert batches.batch(np.int64(3)).epoch == 1


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ((0, 4), "the training set's size must be a whole number of at least 1, got 0"),
        ((10.0, 4), "the training set's size must be a whole number of at least 1, got 10.0"),
        ((10, 0), "the batch size must be a whole number of at least 1, got 0"),
        ((10, -3), "the batch size must be a whole number of at least 1, got -3"),
        ((10, 2.5), "the batch size must be a whole number of at least 1, got 2.5"),
        ((10, True), "the batch size must be a whole number of at least 1, got True"),
        ((10, 4, -1), "the seed must be a whole number of at least 0, got -1"),
        ((10, 4, "0"), "the seed must be a whole number of at least 0, got '0'"),
    ],
)
def test_arguments_that_make_no_batches_say_what_they_must_be(arguments, message):
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        Batches(*arguments)


def test_a_negative_or_fractional_iteration_or_epoch_says_so():
    batches = Batches(10, 3)
    with pytest.raises(ValueError, match="the iteration must be a whole number of at least 0, got -1"):
        batches.batch(-1)
    with pytest.raises(ValueError, match=r"the iteration must be a whole number of at least 0, got 1\.5"):
        batches.batch(1.5)
    with pytest.raises(ValueError, match="the epoch must be a whole number of at least 0, got -2"):
        batches.order(-2)


def test_drop_last_keeps_only_full_batches_and_the_left_over_samples_wait_for_a_later_shuffle():
    batches = Batches(10, 4, seed=3, drop_last=True)
    assert batches.per_epoch == 2
    seen = [batches.batch(k) for k in range(6)]
    assert all(len(b.samples) == 4 for b in seen)
    assert [(b.epoch, b.index) for b in seen] == [(0, 0), (0, 1), (1, 0), (1, 1), (2, 0), (2, 1)]
    for epoch in range(3):  # each epoch: 8 different samples of its own shuffle, 2 left for later
        got = np.concatenate([seen[2 * epoch].samples, seen[2 * epoch + 1].samples])
        np.testing.assert_array_equal(got, batches.order(epoch)[:8])
    later = np.concatenate([batches.batch(k).samples for k in range(40)])  # 20 epochs
    assert set(later.tolist()) == set(range(10))  # a sample left over is not left out for good
    with pytest.raises(ValueError, match="a batch of 4 needs at least 4 samples, not 3"):
        Batches(3, 4, drop_last=True)
