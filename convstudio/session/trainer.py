"""The training worker: runs iterations from one snapshot on, on a worker thread, and hands each
finished one to the event loop through a bounded queue."""

from __future__ import annotations

import contextlib
import queue
import threading

import numpy as np

from convstudio.engine.data_set import DataSet, batch_of
from convstudio.engine.model import DivergenceError
from convstudio.engine.spec import Spec
from convstudio.engine.timeline import Snapshot
from convstudio.session.runs import Model, Run, cells, next_snapshot, timed_run
from convstudio.session.workers import Job


class Trainer:
    """Runs iterations from one snapshot on, handing each finished Iteration to the event loop, then
    computes the next one (not applied) for the panels to show.

    It reads only immutable inputs (arrays are never modified in place) and stops after the
    iteration in progress when asked, or at the first NaN/inf, which it hands over as the error."""

    def __init__(
        self,
        model: Model,
        x: np.ndarray,
        target: np.ndarray,
        start: Snapshot,
        number: int,
        count: int,
        *,
        input_grad: bool = False,
        first: Run | None = None,
        data: DataSet | None = None,
    ) -> None:
        self.model, self.x, self.target, self.data = model, x, target, data
        self.number, self.count, self.input_grad = number, count, input_grad
        # Bounded in count and, for big networks, in bytes: if the event loop falls behind, the
        # worker waits instead of piling up iterations.
        per = 8 * 4 * cells(model) if count else 1
        self.results: queue.Queue[Run | DivergenceError] = queue.Queue(
            maxsize=max(2, min(512, (64 << 20) // per))
        )
        self.ahead: Run | None = None
        self.seconds = 0.0  # how long the last iteration took
        self.finished = False  # nothing more will be handed over or computed
        self.job: Job | None = None  # the worker running the rest, once there is one
        self._halt = threading.Event()
        self._start = start
        self._first = first if first is not None and first.number == number else None
        self._done = 0

    @classmethod
    def idle(cls) -> Trainer:
        trainer = cls(Spec(), np.zeros(0), np.zeros(0), Snapshot({}, {}), 0, 0)
        trainer.finished = True
        return trainer

    def is_alive(self) -> bool:
        return self.job is not None and self.job.is_alive()

    def stop(self) -> None:
        self._halt.set()
        if self.job is not None:
            self.job.cancel()

    def step(self) -> bool:
        """Run the next iteration and hand it over; False when there is nothing more to run."""
        if self.finished or self._halted():
            self.finished = True
            return False
        if self._done >= self.count:  # what the panels show once training is done
            with contextlib.suppress(DivergenceError):  # the session shows where it blows up
                self.ahead = self._run(self.number + self._done)
            self.finished = True
            return False
        try:
            it = self._first if self._done == 0 and self._first else self._run(self.number + self._done)
        except DivergenceError as error:
            self.finished = True
            self._hand_over(error)
            return False
        self._start = next_snapshot(it)
        self._done += 1
        self._hand_over(it)
        return True

    def run(self, job: Job) -> None:
        """The worker's part: every iteration left (``job`` is the worker running it)."""
        self.job = job  # before the first hand-over: submit() may not have returned yet
        while self.step():
            pass

    def _halted(self) -> bool:
        return self._halt.is_set() or (self.job is not None and self.job.cancelled)

    def _run(self, number: int) -> Run:
        # dL/dI costs nothing extra (the backward pass computes it anyway): keep it when it is shown,
        # so the last iteration can be shown as it is.
        it, self.seconds = timed_run(
            self.model, *batch_of(self.data, self.x, self.target, number), self._start, number,
            self.input_grad,
        )  # fmt: skip
        return it

    def _hand_over(self, item: Run | DivergenceError) -> None:
        job = self.job
        if job is None or not job.on_own_thread():  # on the event loop, which makes room first
            self.results.put_nowait(item)
            return
        while not self._halted():
            try:
                self.results.put(item, timeout=0.05)
                return
            except queue.Full:
                continue
