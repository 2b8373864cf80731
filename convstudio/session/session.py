"""The one live state: spec, data, parameters, the timeline of iterations, the trace and the cursor.

Stepping is data: each iteration's trace is built from the vectorised engine once, and moving the
cursor only changes which of its steps the panels show. The timeline keeps the parameters at the
start of every iteration, so stepping back across an update restores the weights exactly, and
stepping forward again reuses what was computed. Edits go through the undo stack (commands.py).
"""

from __future__ import annotations

import math
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace

import numpy as np
from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoStack

from convstudio.engine.model import (
    DivergenceError,
    Spec,
    check_data,
    check_params,
    init_params,
    run_iteration,
)
from convstudio.engine.trace import Cursor, Step, Trace

Arrays = dict[str, np.ndarray]

#: Bytes of parameter snapshots the timeline may hold; older snapshots are dropped (their loss stays).
TIMELINE_BUDGET = 64 * 1024 * 1024
#: How often the event loop runs or collects training iterations, in milliseconds.
TRAIN_POLL_MS = 15
#: Iterations quicker than this (seconds) run on the event loop, in slices of TRAIN_SLICE seconds;
#: slower ones run on a worker thread. Small networks train fastest without a thread to share with.
SLOW_ITERATION = 0.004
TRAIN_SLICE = 0.010


@dataclass
class Snapshot:
    """The state at the start of one iteration; ``loss`` is that iteration's loss once it ran."""

    params: Arrays | None  # None once dropped to respect the budget
    velocity: Arrays
    loss: float | None = None


@dataclass
class State:
    """Everything an undoable command may replace at once."""

    spec: Spec
    x: np.ndarray
    target: np.ndarray
    timeline: list[Snapshot]
    iteration: int
    cursor: Cursor = Cursor(0, 0)  # noqa: RUF009 - an immutable NamedTuple
    lesson: str | None = None
    seed: int = 0
    extras: dict[str, object] = field(default_factory=dict)


class Session(QObject):
    """The state every panel views. Signals are past tense; panels redraw what they name."""

    spec_changed = Signal()  # the network changed (shapes may differ): panels rebuild
    data_changed = Signal()  # the input images or the target changed
    params_changed = Signal()  # the parameters of the current iteration changed
    cursor_moved = Signal()  # the cursor moved (within or across iterations)
    loss_recorded = Signal()  # the list of past losses changed (read ``losses``)
    lesson_changed = Signal(str)  # a lesson was loaded (its name)
    failed = Signal(str)  # something could not be done; the state is unchanged
    playing_changed = Signal(bool)
    training_progress = Signal(int, int)  # iterations done, iterations asked for
    training_finished = Signal(str)  # "done", "cancelled" or "diverged"

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.undo_stack = QUndoStack(self)
        self.lesson_text: dict[str, str] = {}
        self._input_grad = False
        self._trace: Trace | None = None
        self._play_timer = QTimer(self)
        self._play_timer.timeout.connect(self._play_tick)
        self._play_unit = "element"
        self._train_timer = QTimer(self)
        self._train_timer.setInterval(TRAIN_POLL_MS)
        self._train_timer.timeout.connect(self._train_slice)
        self._train_left = 0
        self._train_total = 0
        self._worker = _Trainer.idle()
        spec = Spec()
        self._state = State(spec, np.zeros(spec.input_shape), np.zeros(spec.target_shape), [], 0)
        self._state.timeline = [Snapshot(init_params(spec), {})]

    # --- reading the state -----------------------------------------------------------------------

    @property
    def spec(self) -> Spec:
        return self._state.spec

    @property
    def x(self) -> np.ndarray:
        return self._state.x

    @property
    def target(self) -> np.ndarray:
        return self._state.target

    @property
    def params(self) -> Arrays:
        """Parameters at the start of the current iteration."""
        params = self._state.timeline[self._state.iteration].params
        assert params is not None
        return params

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
    def losses(self) -> list[float]:
        """The loss of every past iteration, oldest first."""
        return [s.loss for s in self._state.timeline[: self._state.iteration] if s.loss is not None]

    @property
    def cursor(self) -> Cursor:
        return self._state.cursor

    @property
    def trace(self) -> Trace:
        """The current iteration's trace (built on first use)."""
        if self._trace is None:
            try:
                self._trace = self._build_trace(self._state.iteration)
            except DivergenceError as error:  # show where it blew up; moving on stays blocked
                self.failed.emit(str(error))
                self._trace = self._build_trace(self._state.iteration, check=False)
        return self._trace

    @property
    def step(self) -> Step | None:
        """The step the cursor shows (None at the start of an iteration)."""
        return self.trace.current(self.cursor)

    def value(self, tensor: str) -> np.ndarray:
        """``tensor`` as the learner sees it now: NaN where this iteration has not computed it."""
        return self.trace.value_at(tensor, self.cursor)

    @property
    def input_grad(self) -> bool:
        """Whether the backward pass also shows dL/dI."""
        return self._input_grad

    def set_input_grad(self, on: bool) -> None:
        if on == self._input_grad:
            return
        where = self._cursor_anchor()
        self._input_grad = on
        self._trace = None
        self._state.cursor = self._cursor_from_anchor(where)
        self.cursor_moved.emit()

    def state(self) -> State:
        """A copy of the whole state (arrays are shared; they are never modified in place)."""
        s = self._state
        return replace(s, timeline=list(s.timeline), extras=dict(s.extras))

    # --- replacing the state (commands call these) --------------------------------------------

    def restore(self, state: State, *, lesson_text: dict[str, str] | None = None) -> None:
        """Make ``state`` current and tell every panel."""
        self.pause()
        self.cancel_training()
        old = self._state
        self._state = replace(state, timeline=list(state.timeline))
        if lesson_text is not None:
            self.lesson_text = lesson_text
        self._trace = None
        if old.spec != state.spec:
            self.spec_changed.emit()
        self.data_changed.emit()
        self.params_changed.emit()
        self.loss_recorded.emit()
        self.cursor_moved.emit()
        if state.lesson != old.lesson and state.lesson is not None:
            self.lesson_changed.emit(state.lesson)

    def fresh_state(
        self,
        spec: Spec,
        x: np.ndarray,
        target: np.ndarray,
        params: Arrays | None = None,
        *,
        lesson: str | None = None,
        seed: int = 0,
    ) -> State:
        """A checked state at iteration 0, or ValueError (SpecError) saying what is wrong."""
        spec.validate()
        x, target = check_data(spec, x, target)
        params = check_params(spec, params) if params is not None else init_params(spec, seed)
        return State(spec, x, target, [Snapshot(params, {})], 0, Cursor(), lesson, seed)

    def with_edit(self, tensor: str, index: tuple[int, ...], value: float) -> State:
        """The current state with one cell of I, t, y or a parameter changed; the iteration restarts
        from its beginning and the iterations after it are forgotten."""
        if not math.isfinite(value):
            raise ValueError("a value must be a finite number")
        s = self.state()
        if tensor == "I":
            x = s.x.copy()
            x[index] = value
            return replace(s, x=x, cursor=Cursor(), timeline=s.timeline[: s.iteration + 1])
        if tensor in ("t", "y"):
            target = s.target.copy()
            target[index] = value
            _, target = check_data(s.spec, s.x, target)
            return replace(s, target=target, cursor=Cursor(), timeline=s.timeline[: s.iteration + 1])
        if tensor not in s.spec.param_shapes():
            raise ValueError(f"{tensor} cannot be edited")
        params = {k: v.copy() if k == tensor else v for k, v in self.params.items()}
        params[tensor][index] = value
        timeline = s.timeline[: s.iteration]
        timeline.append(Snapshot(params, self._state.timeline[s.iteration].velocity))
        return replace(s, timeline=timeline, cursor=Cursor())

    # --- undoable edits ---------------------------------------------------------------------------

    def _push(self, make: Callable[[], State], text: str, lesson_text: dict[str, str] | None = None) -> bool:
        """Build the new state and push it as one undoable command; a ValueError becomes ``failed``."""
        from convstudio.session.commands import ReplaceState

        try:
            new = make()
        except ValueError as error:
            self.failed.emit(str(error))
            return False
        self.undo_stack.push(ReplaceState(self, new, text, lesson_text=lesson_text))
        return True

    def edit(self, tensor: str, index: tuple[int, ...], value: float) -> bool:
        """Set one cell of the input I, the target t (labels y) or a parameter."""
        label = self.trace.names.symbol(tensor, index)
        return self._push(lambda: self.with_edit(tensor, index, value), f"Set {label} to {value:g}")

    def apply_spec(self, spec: Spec) -> bool:
        """Use another network; data and weights are kept where their shapes still fit."""
        return self._push(lambda: self._state_for_spec(spec), "Change the network")

    def open_lesson(
        self,
        name: str,
        spec: Spec,
        x: np.ndarray,
        target: np.ndarray,
        params: Arrays,
        text: dict[str, str],
        seed: int = 0,
    ) -> bool:
        return self._push(
            lambda: self.fresh_state(spec, x, target, params, lesson=name, seed=seed),
            f"Open lesson {name}",
            lesson_text=dict(text),
        )

    def set_input(self, x: np.ndarray, text: str = "Load image") -> bool:
        """New input images (same shape); the weights stay, the iteration restarts."""
        s = self._state
        return self._push(
            lambda: self.fresh_state(s.spec, x, s.target, self.params, lesson=s.lesson, seed=s.seed), text
        )

    def reinitialise(self, seed: int) -> bool:
        """Fresh random weights from ``seed``."""
        s = self._state
        return self._push(
            lambda: self.fresh_state(s.spec, s.x, s.target, None, lesson=s.lesson, seed=seed),
            f"Re-initialise the weights (seed {seed})",
        )

    def _state_for_spec(self, spec: Spec) -> State:
        s = self._state
        spec.validate()
        seed = s.seed
        x = s.x if s.x.shape == spec.input_shape else sample_input(spec, seed)
        target = s.target
        try:
            _, target = check_data(spec, x, target)
        except ValueError:
            target = default_target(spec)
        params: Arrays | None = self.params
        if {k: v.shape for k, v in self.params.items()} != spec.param_shapes():
            params = None
        return self.fresh_state(spec, x, target, params, lesson=s.lesson, seed=seed)

    # --- moving ---------------------------------------------------------------------------------

    def move(self, unit: str, direction: int) -> bool:
        """Move the cursor one unit (term, element, layer, phase, iteration) forward or back,
        crossing into the next or previous iteration at the ends. False if it could not move."""
        trace, cursor = self.trace, self.cursor
        if direction > 0 and cursor.done >= len(trace):
            if not self._enter_iteration(self.iteration + 1):
                return False
            if unit in ("term", "element"):
                self.cursor_moved.emit()
                return True
            trace, cursor = self.trace, self.cursor
        elif direction < 0 and cursor == Cursor():
            if self.iteration == 0 or not self._enter_iteration(self.iteration - 1):
                return False
            self._state.cursor = Cursor(len(self.trace), 0)
            if unit in ("term", "element"):
                self.cursor_moved.emit()
                return True
            trace, cursor = self.trace, self.cursor
        new = trace.move(cursor, unit, direction)
        moved = new != self._state.cursor
        self._state.cursor = new
        self.cursor_moved.emit()
        return moved

    def run_to_phase_end(self) -> None:
        self.move("phase", +1)

    def go_to(self, cursor: Cursor) -> None:
        """Jump within the current iteration."""
        done = min(max(cursor.done, 0), len(self.trace))
        terms = 0 if done >= len(self.trace) else min(max(cursor.terms, 0), self.trace.n_terms(done) - 1)
        self._state.cursor = Cursor(done, terms)
        self.cursor_moved.emit()

    def rewind(self) -> None:
        """Back to the start of the first iteration kept, weights as they were then (not undoable:
        the timeline keeps every later iteration, so stepping forward goes there again)."""
        first = next((i for i, s in enumerate(self._state.timeline) if s.params is not None), 0)
        if self.iteration != first:
            self._enter_iteration(first)
        self._state.cursor = Cursor()
        self.cursor_moved.emit()

    def _enter_iteration(self, number: int) -> bool:
        """Make iteration ``number`` current (cursor at its start). Runs it if it is new."""
        timeline = self._state.timeline
        if number < self.iteration:
            if timeline[number].params is None:
                self.failed.emit(
                    f"Iteration {number + 1} is too far back: ConvStudio keeps the weights of "
                    f"the last {sum(s.params is not None for s in timeline)} iterations."
                )
                return False
        elif number >= len(timeline):
            it = self.trace.it
            timeline[self.iteration] = replace(timeline[self.iteration], loss=it.loss)
            timeline.append(Snapshot(it.new_params, it.new_velocity))
            self._trim_timeline()
        try:
            trace = self._build_trace(number)
        except DivergenceError as error:
            if number >= len(timeline) - 1 and number > self.iteration:
                timeline.pop()
            self.failed.emit(str(error))
            return False
        self._state.iteration = number
        self._state.cursor = Cursor()
        self._trace = trace
        self.params_changed.emit()
        self.loss_recorded.emit()
        return True

    def _build_trace(self, number: int, *, check: bool = True) -> Trace:
        s = self._state
        snap = s.timeline[number]
        assert snap.params is not None
        it = run_iteration(
            s.spec,
            snap.params,
            s.x,
            s.target,
            snap.velocity,
            number=number,
            input_grad=self._input_grad,
            check=check,
        )
        return Trace(it)

    def _trim_timeline(self) -> None:
        """Drop the oldest parameter snapshots beyond the budget (their losses stay)."""
        timeline = self._state.timeline
        per = sum(v.nbytes for v in timeline[-1].params.values()) * (2 if self.spec.momentum else 1)  # type: ignore[union-attr]
        keep = max(2, TIMELINE_BUDGET // max(per, 1))
        # Snapshots are replaced, never modified: undo commands hold states that share them.
        for i in range(len(timeline) - keep - 1, -1, -1):
            if timeline[i].params is None:
                break
            timeline[i] = Snapshot(None, {}, timeline[i].loss)

    def _cursor_anchor(self) -> tuple[str, tuple[int, ...], int] | None:
        step = self.step
        return None if step is None else (step.tensor, step.index, self.cursor.terms)

    def _cursor_from_anchor(self, anchor: tuple[str, tuple[int, ...], int] | None) -> Cursor:
        if anchor is None:
            return Cursor()
        tensor, index, terms = anchor
        if self.trace.section_for(tensor) is None:
            return Cursor()
        number = self.trace.find(tensor, index)
        return Cursor(number, terms) if terms else Cursor(number + 1, 0)

    # --- autoplay --------------------------------------------------------------------------------

    @property
    def playing(self) -> bool:
        return self._play_timer.isActive()

    def play(self, steps_per_second: float = 4.0, unit: str = "element") -> None:
        """Step forward by ``unit`` on a timer, 1 to 60 steps a second, until paused."""
        self._play_unit = unit
        self.set_speed(steps_per_second)
        if not self.playing:
            self._play_timer.start()
            self.playing_changed.emit(True)

    def set_speed(self, steps_per_second: float) -> None:
        rate = min(max(float(steps_per_second), 1.0), 60.0)
        self._play_timer.setInterval(round(1000 / rate))

    def pause(self) -> None:
        if self.playing:
            self._play_timer.stop()
            self.playing_changed.emit(False)

    def _play_tick(self) -> None:
        if not self.move(self._play_unit, +1):
            self.pause()

    # --- training --------------------------------------------------------------------------------

    @property
    def training(self) -> bool:
        return self._train_timer.isActive()

    def train(self, iterations: int) -> None:
        """Run whole iterations on a worker thread; the event loop collects them every few
        milliseconds, so the window stays responsive however long one iteration takes (NumPy
        releases the interpreter lock in its heavy loops). Starts from the current iteration's
        beginning; ends at the start of the next iteration."""
        if self.training or iterations <= 0:
            return
        self.pause()
        s = self._state
        s.timeline = s.timeline[: s.iteration + 1]
        snap = s.timeline[-1]
        assert snap.params is not None
        self._train_left = self._train_total = int(iterations)
        self._worker = _Trainer(s.spec, s.x, s.target, snap, s.iteration, self._train_total)
        started = time.perf_counter()
        self._worker.step()  # the first iteration here: its time decides where the rest run
        if time.perf_counter() - started > SLOW_ITERATION:
            self._worker.start()  # a thread: the window stays responsive while NumPy works
        self.training_progress.emit(0, self._train_total)
        self._train_timer.start()

    def cancel_training(self) -> None:
        if self.training:
            self._train_timer.stop()
            self._worker.stop()
            self._collect()  # keep what finished before the stop
            self._finish_training("cancelled")

    def _train_slice(self) -> None:
        if not self._worker.is_alive():  # quick iterations: run a slice of them here
            deadline = time.perf_counter() + TRAIN_SLICE
            worker = self._worker
            while time.perf_counter() < deadline and not worker.results.full() and worker.step():
                pass
        reason = self._collect()
        if not reason and self._train_left == 0:
            reason = "done"
        if reason:
            self._train_timer.stop()
            self._worker.stop()
            self._finish_training(reason)

    def _collect(self) -> str:
        """Move the worker's finished iterations into the timeline; "diverged" if it hit NaN/inf."""
        s = self._state
        timeline = s.timeline
        reason = ""
        count = 0
        while self._train_left > 0:
            try:
                item = self._worker.results.get_nowait()
            except queue.Empty:
                break
            if isinstance(item, DivergenceError):
                self.failed.emit(str(item))
                reason = "diverged"
                break
            loss, params, velocity = item
            timeline[-1] = replace(timeline[-1], loss=loss)
            timeline.append(Snapshot(params, velocity))
            self._train_left -= 1
            count += 1
        if count:
            s.iteration = len(timeline) - 1
            self._trim_timeline()
            self.training_progress.emit(self._train_total - self._train_left, self._train_total)
            self.loss_recorded.emit()
        return reason

    def _finish_training(self, reason: str) -> None:
        s = self._state
        self._trace = None
        s.cursor = Cursor()
        if reason == "diverged" and s.iteration > 0:
            # The current iteration blows up, so show the last one that ran to a finite end.
            s.iteration -= 1
            s.cursor = Cursor(len(self.trace), 0)
        self.params_changed.emit()
        self.loss_recorded.emit()
        self.cursor_moved.emit()
        self.training_finished.emit(reason)


def sample_input(spec: Spec, seed: int) -> np.ndarray:
    """Seeded images for a network whose input shape changed: one decimal, in [0, 1]."""
    return np.round(np.random.default_rng(seed).uniform(0, 1, spec.input_shape), 1)


def default_target(spec: Spec) -> np.ndarray:
    """Targets of 1 (MSE), or labels 0, 1, 0, ... (cross-entropy)."""
    if spec.loss == "cross_entropy":
        return np.arange(spec.batch) % spec.n_classes
    return np.ones(spec.pred_shape)


class _Trainer(threading.Thread):
    """Runs iterations from one snapshot on, handing (loss, params, velocity) to the event loop.

    It reads only immutable inputs (arrays are never modified in place) and stops after the
    iteration in progress when asked, or at the first NaN/inf, which it hands over as the error."""

    def __init__(
        self, spec: Spec, x: np.ndarray, target: np.ndarray, start: Snapshot, number: int, count: int
    ) -> None:
        super().__init__(name="ConvStudio training", daemon=True)
        self.spec, self.x, self.target = spec, x, target
        self.start_snapshot, self.number, self.count = start, number, count
        # Bounded: if the event loop falls behind, the worker waits instead of piling up weights.
        self.results: queue.Queue[tuple[float, Arrays, Arrays] | DivergenceError] = queue.Queue(maxsize=512)
        self._halt = threading.Event()
        self._params, self._velocity = start.params, start.velocity
        self._done = 0

    @classmethod
    def idle(cls) -> _Trainer:
        return cls(Spec(), np.zeros(0), np.zeros(0), Snapshot({}, {}), 0, 0)

    def stop(self) -> None:
        self._halt.set()

    def step(self) -> bool:
        """Run the next iteration and hand it over; False when there is nothing more to run."""
        if self._done >= self.count or self._halt.is_set():
            return False
        assert self._params is not None
        try:
            it = run_iteration(
                self.spec, self._params, self.x, self.target, self._velocity, number=self.number + self._done
            )
        except DivergenceError as error:
            self._done = self.count
            self._hand_over(error)
            return False
        self._params, self._velocity = it.new_params, it.new_velocity
        self._done += 1
        self._hand_over((it.loss, self._params, self._velocity))
        return True

    def run(self) -> None:
        while self.step():
            pass

    def _hand_over(self, item: tuple[float, Arrays, Arrays] | DivergenceError) -> None:
        if threading.current_thread() is not self:  # on the event loop, which makes room first
            self.results.put_nowait(item)
            return
        while not self._halt.is_set():
            try:
                self.results.put(item, timeout=0.05)
                return
            except queue.Full:
                continue
