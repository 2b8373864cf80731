"""The next iteration, computed on a worker while the learner reads the current one."""

from __future__ import annotations

from convstudio.engine.model import Iteration
from convstudio.engine.timeline import Snapshot
from convstudio.session.workers import Job


class Ahead:
    """The next iteration, computed on a worker while the learner reads this one."""

    def __init__(self, start: Snapshot, number: int) -> None:
        self.start, self.number = start, number
        self.job: Job | None = None

    def is_for(self, number: int, snap: Snapshot) -> bool:
        mine = self.start
        return self.number == number and mine.params is snap.params and mine.velocity is snap.velocity

    def join(self) -> None:
        if self.job is not None:
            self.job.join()

    def outcome(self) -> tuple[Iteration | None, BaseException | None, float]:
        """(the iteration or None, its DivergenceError or None, seconds), once joined."""
        if self.job is None or self.job.result is None:
            return None, self.job.error if self.job is not None else None, 0.0
        return self.job.result[0], None, self.job.result[1]
