"""Where the session's iterations are computed: training runs on the event loop in slices while an
iteration is quick and on a worker once it is slow; while the learner steps through a slow
iteration the next one is computed ahead on a worker, so crossing into it does not wait."""

from __future__ import annotations

import math
import queue
import time

import numpy as np
from PySide6.QtCore import QTimer

from convstudio.engine import timeline
from convstudio.engine.colour_scale import iteration_scales
from convstudio.engine.cursor import Cursor
from convstudio.engine.data_set import batch_of
from convstudio.engine.model import DivergenceError, Iteration, run_iteration
from convstudio.engine.spec import Spec
from convstudio.engine.timeline import Snapshot
from convstudio.session import runs
from convstudio.session.ahead import Ahead
from convstudio.session.batching import batched
from convstudio.session.runs import (
    Model,
    Run,
    next_snapshot,
    same_start,
    shows_input_grad,
    started_from,
    timed_run,
    trace_of,
)
from convstudio.session.trainer import Trainer
from convstudio.session.workers import Job

#: How often the event loop runs or collects training iterations, in milliseconds.
TRAIN_POLL_MS = 15
#: Iterations quicker than this (seconds) run on the event loop, in slices of TRAIN_SLICE seconds;
#: slower ones run on a worker thread. Small networks train fastest without a thread to share with;
#: above a millisecond a slice plus the redraws it causes would keep a click waiting (the digits
#: lesson's 4 ms iterations on the loop: up to 60 ms, bench_digits_window.py).
SLOW_ITERATION = 0.001
TRAIN_SLICE = 0.010
#: Iterations slower than this (seconds) have the next one computed on a thread in advance.
PREFETCH_SLOWER_THAN = 0.02
#: Bytes of computed iterations kept beside the current one (the one before it and the one after).
NEAR_BUDGET = 512 * 1024 * 1024


def estimated_seconds(spec: Spec) -> float:
    """A rough time for one iteration, from its multiply-adds (forward, then two backward products)."""
    macs = 3 * math.prod(spec.conv_shape) * spec.channels * math.prod(spec.kernel)
    if spec.head == "dense":
        macs += 3 * spec.batch * spec.features * spec.classes
    return 5e-5 + macs * 1e-9


def iteration_bytes(it: Run) -> int:
    return sum(v.nbytes for v in it.values.values()) + sum(v.nbytes for v in it.grads.values())


def timed_iteration(
    spec: Spec, x: np.ndarray, target: np.ndarray, start: Snapshot, number: int, input_grad: bool,
    check: bool = True,
) -> tuple[Iteration, float]:  # fmt: skip
    """Iteration ``number`` from ``start``, and the seconds it took."""
    began = time.perf_counter()
    it = run_iteration(
        spec, start.params, x, target, start.velocity, number=number, input_grad=input_grad, check=check
    )
    return it, time.perf_counter() - began


def _compute_ahead(
    job: Job, model: Model, x: np.ndarray, target: np.ndarray, start: Snapshot, number: int, input_grad: bool
) -> tuple[Run, float]:
    """The next iteration and the seconds it took, with its colour scales worked out here too, so
    the step into it has nothing of its size left to do on the event loop."""
    it, seconds = timed_run(model, x, target, start, number, input_grad)
    if not job.cancelled:
        it.scales.update(iteration_scales(it.values, it.grads, it.new_params))
    return it, seconds


class Training:
    """The session's training and computing ahead (a part of :class:`Session`, kept apart)."""

    def _init_training(self) -> None:
        self._near: list[tuple[Snapshot, Run]] = []  # computed iterations beside the current
        self._ahead: Ahead | None = None
        self._timing: tuple[Model, float] | None = None  # how long an iteration of this model took
        self._train_timer = QTimer(self)
        self._train_timer.setInterval(TRAIN_POLL_MS)
        self._train_timer.timeout.connect(self._train_slice)
        self._train_left = 0
        self._train_total = 0
        self._train_capped = False
        self._last_run: Run | None = None  # the last iteration training finished
        self._worker = Trainer.idle()

    def expected_seconds(self) -> float:
        """How long one iteration of the current network takes: as last measured, else estimated."""
        model = self._model()
        if self._timing is not None and self._timing[0] == model:
            return self._timing[1]
        return runs.estimated_seconds(model, len(self._state.x))

    def _model(self) -> Model:
        """What the state trains: its Spec, or its network when it has none."""
        s = self._state
        return s.spec if s.spec is not None else s.the_network()

    @property
    def training(self) -> bool:
        return self._train_timer.isActive()

    def train(self, iterations: int) -> None:
        """Run whole iterations from the current one's beginning, without keeping the event loop
        waiting: quick ones in slices of a few milliseconds on it, slow ones on a worker thread (NumPy
        releases the interpreter lock in its heavy loops), chosen by how long an iteration of this
        network took (or is estimated to take) before any runs. Done: the cursor is at the start of
        the next iteration, computed on the worker too. Cancelled or diverged: at the end of the
        last iteration that ran, whose numbers are at hand, so stopping is immediate."""
        if self.training or iterations <= 0:
            return
        self.pause()
        s = self._state
        room = timeline.MAX_ITERATIONS - 1 - s.iteration
        if room <= 0:
            self.failed.emit(timeline.full_message())
            return
        self._train_capped = iterations > room
        iterations = min(int(iterations), room)
        del s.snapshots[s.iteration - s.first + 1 :]
        s.losses = s.losses.truncated(s.iteration)
        snap = s.snapshots[-1]
        current = self._trace.it if self._trace is not None and not self._broken else None
        self._train_left = self._train_total = iterations
        self._last_run = None
        self._worker = Trainer(
            self._model(),
            s.x,
            s.target,
            snap,
            s.iteration,
            iterations,
            input_grad=self._input_grad,
            first=current,
            data=s.data,
        )
        if self.expected_seconds() > SLOW_ITERATION:
            self._start_worker(self._worker)  # the window stays responsive while NumPy works
        self.training_progress.emit(0, self._train_total)
        self._train_timer.start()

    @batched
    def cancel_training(self) -> None:
        if self.training:
            self._train_timer.stop()
            self._worker.stop()
            self._collect()  # keep what finished before the stop
            self._finish_training("cancelled")

    @batched
    def _train_slice(self) -> None:
        worker = self._worker
        if not worker.is_alive() and not worker.finished:  # quick iterations: a slice of them here
            deadline = time.perf_counter() + TRAIN_SLICE
            while time.perf_counter() < deadline and not worker.results.full() and worker.step():
                if worker.seconds > 4 * SLOW_ITERATION:  # slower than foreseen: the rest on a thread
                    self._start_worker(worker)
                    break
        reason = self._collect()
        if not reason and self._train_left == 0 and worker.finished:
            reason = "done"
        if reason:
            self._train_timer.stop()
            worker.stop()
            self._finish_training(reason)

    def _collect(self) -> str:
        """Move the worker's finished iterations into the timeline; "diverged" if it hit NaN/inf."""
        s = self._state
        reason = ""
        losses: list[float] = []
        while self._train_left > 0:
            try:
                item = self._worker.results.get_nowait()
            except queue.Empty:
                break
            if isinstance(item, DivergenceError):
                self.failed.emit(str(item))
                reason = "diverged"
                break
            losses.append(item.loss)
            s.snapshots.append(next_snapshot(item))
            self._last_run = item
            self._train_left -= 1
        if losses:
            s.losses = s.losses.extend(losses)
            s.iteration += len(losses)
            if self._worker.seconds:
                self._timing = (self._model(), self._worker.seconds)
            timeline.trim(s)
            self.training_progress.emit(self._train_total - self._train_left, self._train_total)
            self._batch.changed("loss_recorded")
        return reason

    def _finish_training(self, reason: str) -> None:
        s, last = self._state, self._last_run
        ran = self._train_total - self._train_left
        s.cursor = Cursor()
        if ran == 0 and reason != "diverged":
            pass  # nothing ran: the trace of the current iteration still holds
        elif reason == "done":
            self._forget_computed()
            ahead = self._worker.ahead
            if ahead is not None and self._fits(ahead, s.iteration, 0):
                self._trace = trace_of(ahead, self._input_grad)
        elif ran > 0:  # stop at the end of the last iteration that ran (for "diverged": the last finite one)
            self._forget_computed()
            s.iteration -= 1
            if last is not None and self._fits(last, s.iteration, 1):
                self._trace = trace_of(last, self._input_grad)
            s.cursor = Cursor(len(self.trace), 0)
        self._prefetch()
        self._batch.changed("params_changed")
        self._batch.changed("loss_recorded")
        self._batch.changed("cursor_moved")
        if reason == "done" and self._train_capped:
            self.failed.emit(timeline.full_message())
        self.training_finished.emit(reason)

    def _start_worker(self, trainer: Trainer) -> None:
        trainer.job = self.jobs.submit(trainer.run, name="ConvStudio training")

    def _fits(self, it: Run, number: int, after: int) -> bool:
        """Whether ``it`` is iteration ``number`` of this state as the panels show it: it started
        from that snapshot (``after`` 0) or led to the next one (``after`` 1), with dL/dI if shown."""
        s = self._state
        snap = s.snapshot(number + after)
        if snap is None or it.number != number or not shows_input_grad(it, self._input_grad):
            return False
        if after:
            return it.new_params is snap.params
        start = s.snapshot(number)
        return start is not None and started_from(it, start)

    def _iteration(self, number: int, *, check: bool = True) -> Run:
        """Iteration ``number`` of this state: kept from a step ago, computed ahead, or run now."""
        s = self._state
        snap = s.snapshot(number)
        assert snap is not None
        for kept, it in self._near:
            if same_start(kept, snap) and it.number == number:
                return it
        ahead, self._ahead = self._ahead, None
        if ahead is not None and ahead.is_for(number, snap):
            ahead.join()  # the rest of its time: never longer than running it again
            result, error, seconds = ahead.outcome()
            if seconds:
                self._timing = (self._model(), seconds)
            if result is not None:
                self._near.append((snap, result))
                return result
            if check and error is not None:
                raise error
        it, seconds = timed_run(
            self._model(), *batch_of(s.data, s.x, s.target, number), snap, number, self._input_grad, check
        )
        self._timing = (self._model(), seconds)
        self._near.append((snap, it))
        return it

    def _prefetch(self) -> None:
        """Start computing the next iteration on a worker while the learner steps through this one,
        if an iteration takes long enough to be noticed."""
        s, trace = self._state, self._trace
        if trace is None or self._broken or self.expected_seconds() < PREFETCH_SLOWER_THAN:
            return
        number = s.iteration + 1
        if number >= timeline.MAX_ITERATIONS:
            return
        snap = s.snapshot(number) or next_snapshot(trace.it)
        if any(kept.params is snap.params and it.number == number for kept, it in self._near):
            return
        if self._ahead is None or not self._ahead.is_for(number, snap):
            self._ahead = Ahead(snap, number)
            self._ahead.job = self.jobs.submit(
                _compute_ahead, self._model(), *batch_of(s.data, s.x, s.target, number), snap, number,
                self._input_grad,
                name="ConvStudio next iteration", errors=(DivergenceError,),
            )  # fmt: skip

    def _remember_current(self) -> None:
        trace, snap = self._trace, self._state.snapshot(self._state.iteration)
        if trace is None or self._broken or snap is None:
            return
        if not any(it is trace.it for _, it in self._near):
            self._near.append((snap, trace.it))

    def _keep_near(self) -> None:
        """Keep computed iterations only next to the current one, and within the budget."""
        here = self._state.iteration
        near = [(snap, it) for snap, it in self._near if abs(it.number - here) <= 1]
        near.sort(key=lambda pair: (abs(pair[1].number - here), -pair[1].number))
        kept, used = [], 0
        for snap, it in near:
            used += iteration_bytes(it)
            if it.number == here or used <= NEAR_BUDGET:
                kept.append((snap, it))
        self._near = kept
