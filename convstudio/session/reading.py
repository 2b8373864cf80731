"""What the session's state holds, read without changing it: the network, the data, the weights of
the current iteration, the timeline's losses and the cursor."""

from __future__ import annotations

from typing import Any

import numpy as np

from convstudio.engine import timeline
from convstudio.engine.cursor import Cursor
from convstudio.engine.data_set import DataSet, batch_of
from convstudio.engine.spec import Spec
from convstudio.engine.timeline import Arrays, Losses, State


class Reading:
    """The session's read-only views of ``_state`` (the one live State)."""

    _state: State

    @property
    def spec(self) -> Spec:
        spec = self._state.spec
        assert spec is not None  # the session refuses a network no Spec describes
        return spec

    @property
    def deep(self) -> bool:
        """Whether the state holds a network no one-layer Spec describes (traced as a NetworkTrace)."""
        return self._state.spec is None

    @property
    def network(self) -> dict[str, Any]:
        """The network the session trains, as the network contract's plain data."""
        return self._state.the_network()

    @property
    def x(self) -> np.ndarray:
        """The current iteration's input: its mini-batch when the session holds a data set."""
        s = self._state
        return batch_of(s.data, s.x, s.target, s.iteration)[0]

    @property
    def target(self) -> np.ndarray:
        s = self._state
        return batch_of(s.data, s.x, s.target, s.iteration)[1]

    @property
    def params(self) -> Arrays:
        """Parameters at the start of the current iteration."""
        snap = self._state.snapshot(self._state.iteration)
        assert snap is not None
        return snap.params

    @property
    def optimizer_state(self) -> dict[str, Any]:
        """The network's state at the start of the current iteration: the optimiser's buffers and
        batch norm's running statistics, as ``network.iterate`` takes it (empty when fresh)."""
        snap = self._state.snapshot(self._state.iteration)
        assert snap is not None
        return dict(snap.opt_state)

    @property
    def data(self) -> DataSet | None:
        """The data set the iterations take their mini-batches from, if any."""
        return self._state.data

    @property
    def test_set(self) -> tuple[np.ndarray, np.ndarray] | None:
        """The images (N, C, H, W) and labels the session's lesson holds out from training, while
        the session learns that lesson's network from its training images; None otherwise."""
        from convstudio.engine import lessons

        name, data = self._state.lesson, self._state.data
        if data is None or name not in lessons.available(every=True):
            return None
        try:
            lesson = lessons.load(name)  # type: ignore[arg-type]
        except lessons.LessonError:
            return None
        if lesson.network != self.network or lesson.data is None or not _mostly(data, lesson.data):
            return None
        return lesson.test

    @property
    def iteration(self) -> int:
        return self._state.iteration

    @property
    def lesson(self) -> str | None:
        return self._state.lesson

    @property
    def seed(self) -> int:
        return self._state.seed

    @property
    def losses(self) -> Losses:
        """The loss of every past iteration, oldest first (a sequence of floats; O(1))."""
        return self._state.losses.truncated(self._state.iteration)

    @property
    def first_kept(self) -> int:
        """The earliest iteration whose weights are kept (stepping back stops there)."""
        return self._state.first

    def path(self, picks: tuple[tuple[str, tuple[int, ...]], ...], start: int = 0) -> np.ndarray:
        """The picked parameter cells at the start of iterations ``start`` to the current one."""
        return timeline.path(self._state, picks, start)

    @property
    def cursor(self) -> Cursor:
        return self._state.cursor


def _mostly(data: DataSet, lesson: DataSet) -> bool:
    """Whether ``data`` is still mostly the lesson's training images: a test image put in a
    mini-batch replaces one of them, a folder of one's own pictures replaces them all."""
    if data.images.shape != lesson.images.shape:
        return False
    same = np.all(data.images == lesson.images, axis=(1, 2, 3))
    return 2 * int(same.sum()) > len(same)
