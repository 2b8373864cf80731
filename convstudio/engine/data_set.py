"""A session's data set: N images with their targets, larger than a batch, and the mini-batch each
iteration learns from.

Which batch an iteration used follows from its number and the seed (``engine/batches.Batches``), so
stepping back to an older iteration finds its batch again with nothing stored per iteration.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from convstudio.engine.batches import Batch, Batches

#: the most images a session's data set holds: enough for a class's own folders, small enough to save
MAX_IMAGES = 2000
#: the most numbers its images may hold (16 MB as float64): a session file saves them bit for bit
MAX_VALUES = 2_000_000


#: the longest class name kept (an image folder's subfolder)
MAX_NAME = 80


@dataclass(frozen=True, eq=False)
class DataSet:
    """``images`` (N, C, H, W) float64 and ``targets`` (N, ...) learnt from ``batch_size`` at a time."""

    images: np.ndarray
    targets: np.ndarray
    batch_size: int
    seed: int = 0
    #: every batch full (the window's networks fix their batch size); see ``engine.batches``
    drop_last: bool = False
    #: what each class is called (the digits, an image folder's subfolders); () numbers them from 1
    class_names: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        images = np.array(self.images, dtype=np.float64)
        targets = np.array(self.targets)
        if images.ndim != 4 or len(targets) != len(images):
            raise ValueError(
                "a data set is images (N, C, H, W) with one target per image, "
                f"not {images.shape} and {targets.shape}"
            )
        if not 1 <= len(images) <= MAX_IMAGES:
            raise ValueError(f"a data set holds 1 to {MAX_IMAGES} images, not {len(images)}")
        if images.size > MAX_VALUES:
            c, h, w = images.shape[1:]
            raise ValueError(
                f"{len(images):,} images of {c}x{h}x{w} hold {images.size:,} numbers; a data set holds up "
                f"to {MAX_VALUES:,} so that a session file can keep it: use fewer images or a smaller input"
            )
        names = tuple(self.class_names)
        if not all(isinstance(n, str) and 0 < len(n) <= MAX_NAME for n in names):
            raise ValueError(f"a class name is a text of 1 to {MAX_NAME} characters")
        object.__setattr__(self, "class_names", names)
        images.setflags(write=False)
        targets.setflags(write=False)
        object.__setattr__(self, "images", images)
        object.__setattr__(self, "targets", targets)
        # Batches checks the batch size and seed and says what they must be.
        batches = Batches(len(images), self.batch_size, self.seed, self.drop_last)
        object.__setattr__(self, "batch_size", batches.batch_size)

    @property
    def batches(self) -> Batches:
        """The data set's mini-batches, epoch after epoch."""
        return Batches(len(self.images), self.batch_size, self.seed, self.drop_last)

    def batch(self, iteration: int) -> Batch:
        """Where iteration ``iteration`` (from 0) stands in the epochs, and its samples."""
        return self.batches.batch(iteration)

    def arrays(self, iteration: int) -> tuple[np.ndarray, np.ndarray]:
        """The ``(x, target)`` iteration ``iteration`` (from 0) trains on, in the batch's order."""
        samples = self.batch(iteration).samples
        return self.images[samples], self.targets[samples]


def batch_of(
    data: DataSet | None, x: np.ndarray, target: np.ndarray, iteration: int
) -> tuple[np.ndarray, np.ndarray]:
    """What iteration ``iteration`` trains on: its mini-batch of ``data``, or ``x`` and ``target``
    themselves when there is no data set."""
    return (x, target) if data is None else data.arrays(iteration)
