"""Mini-batches and epochs: which training samples iteration k learns from.

An epoch is one pass over the training set in an order shuffled by the seed, cut into batches of
``batch_size``; when the size does not divide the set, the last batch of each epoch is shorter and
kept, so every sample is learnt from exactly once an epoch; or, with ``drop_last`` (a network whose
batch size is fixed, as the window's is), left out: those samples wait for another epoch's
shuffle. Each epoch's order comes from its own generator seeded with (seed, epoch): any
iteration's batch is found at once, without replaying the epochs before it, and NumPy's global
generator is never touched.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


def _whole(value: object, what: str, least: int) -> int:
    """``value`` as an int, or a ValueError saying what ``what`` must be."""
    if isinstance(value, bool) or not isinstance(value, int | np.integer) or value < least:
        raise ValueError(f"{what} must be a whole number of at least {least}, got {value!r}")
    return int(value)


@dataclass(frozen=True, eq=False)
class Batch:
    """One iteration's mini-batch: its place in the epochs and the samples it holds."""

    iteration: int
    epoch: int
    #: the batch's place in its epoch, from 0
    index: int
    #: positions in the training set (0 to size - 1), in the epoch's shuffled order
    samples: np.ndarray


@dataclass(frozen=True)
class Batches:
    """The mini-batches of a training set of ``size`` samples, epoch after epoch, shuffled by ``seed``."""

    size: int
    batch_size: int
    seed: int = 0
    drop_last: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "size", _whole(self.size, "the training set's size", 1))
        object.__setattr__(self, "batch_size", _whole(self.batch_size, "the batch size", 1))
        object.__setattr__(self, "seed", _whole(self.seed, "the seed", 0))
        if self.drop_last and self.batch_size > self.size:
            raise ValueError(
                f"a batch of {self.batch_size} needs at least {self.batch_size} samples, not {self.size}"
            )

    @property
    def per_epoch(self) -> int:
        """Batches in an epoch: the last short one included (one when the batch outsizes the set),
        or with ``drop_last`` only the full ones."""
        if self.drop_last:
            return self.size // self.batch_size
        return -(-self.size // self.batch_size)

    def order(self, epoch: int) -> np.ndarray:
        """The epoch's shuffled order: every position 0 to size - 1 once, int64 (size,)."""
        epoch = _whole(epoch, "the epoch", 0)
        return np.random.default_rng([self.seed, epoch]).permutation(self.size)

    def batch(self, iteration: int) -> Batch:
        """The mini-batch iteration ``iteration`` (from 0) learns from."""
        iteration = _whole(iteration, "the iteration", 0)
        epoch, index = divmod(iteration, self.per_epoch)
        start = index * self.batch_size
        samples = self.order(epoch)[start : start + self.batch_size]
        return Batch(iteration=iteration, epoch=epoch, index=index, samples=samples)
