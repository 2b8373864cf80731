"""The one live state: spec, data, parameters, the timeline of iterations, the trace and the cursor.

Stepping is data: each iteration's trace is built from the vectorised engine once, and moving the
cursor only changes which of its steps the panels show. The timeline keeps the loss of every
iteration and the parameters at the start of the most recent ones, so stepping back across an
update restores the weights exactly, and stepping forward again reuses what was computed. Edits go
through the undo stack (commands.py).

Slow networks keep the event loop free: training runs on a worker thread once an iteration takes
more than a few milliseconds, and while the learner steps through a slow iteration the next one is
computed on a thread, so crossing into it does not wait.
"""

from __future__ import annotations

import atexit
import contextlib
import math
import queue
import threading
import time
import weakref
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, overload

import numpy as np
from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtGui import QUndoStack

from convstudio.engine.cursor import Cursor
from convstudio.engine.model import (
    DivergenceError,
    Iteration,
    check_data,
    check_params,
    init_params,
    run_iteration,
)
from convstudio.engine.spec import Spec
from convstudio.engine.steps import Step
from convstudio.engine.trace import Trace

Arrays = dict[str, np.ndarray]

#: Iterations one session holds: the loss of every one (16 MB at most) and the weights of the latest.
MAX_ITERATIONS = 2_000_000
#: Bytes of parameter snapshots the timeline may hold, their Python objects included; older
#: snapshots are dropped (their losses stay).
TIMELINE_BUDGET = 64 * 1024 * 1024
#: Snapshots kept however small they are: far more than anyone steps back through one by one.
TIMELINE_SNAPSHOTS = 10_000
#: Bytes of Python objects around a snapshot (its dicts) and around each of its arrays.
SNAPSHOT_OVERHEAD, ARRAY_OVERHEAD = 512, 128
#: How often the event loop runs or collects training iterations, in milliseconds.
TRAIN_POLL_MS = 15
#: Iterations quicker than this (seconds) run on the event loop, in slices of TRAIN_SLICE seconds;
#: slower ones run on a worker thread. Small networks train fastest without a thread to share with.
SLOW_ITERATION = 0.004
TRAIN_SLICE = 0.010
#: Iterations slower than this (seconds) have the next one computed on a thread in advance.
PREFETCH_SLOWER_THAN = 0.02
#: Bytes of computed iterations kept beside the current one (the one before it and the one after).
NEAR_BUDGET = 512 * 1024 * 1024
#: Edits that can be undone: each holds two states, so an afternoon of edits stays within bounds.
UNDO_LIMIT = 200


#: Every thread ConvStudio started that may still run: training, the next iteration, autosaves.
_THREADS: weakref.WeakSet[threading.Thread] = weakref.WeakSet()


def started(thread: threading.Thread) -> threading.Thread:
    """Start ``thread`` and keep track of it, so that exit waits for it."""
    _THREADS.add(thread)
    thread.start()
    return thread


@atexit.register
def stop_threads(timeout: float = 10.0) -> None:
    """Stop training and wait for every thread still running (at exit, and between tests): a
    thread cut off by the interpreter's shutdown in the middle of NumPy or a file can crash it."""
    for thread in list(_THREADS):
        if isinstance(thread, _Trainer):
            thread.stop()
    for thread in list(_THREADS):
        if thread.is_alive() and thread is not threading.current_thread():
            thread.join(timeout)


class Losses(Sequence[float]):
    """The loss of iterations 0, 1, 2, ...: an unchanging view of a float64 buffer that grows by
    doubling, so appending costs O(1) and a million losses take 8 MB, not a million objects.

    Views share their buffer (undo commands keep older states); appending writes in place only
    past the end of every view written so far, otherwise into a copy, so no view ever changes.
    ``np.asarray(losses)`` is a read-only view, without copying."""

    __slots__ = ("_buffer", "_size", "_written")

    def __init__(self, values: Iterable[float] = ()) -> None:
        self._buffer = np.array(values if isinstance(values, np.ndarray) else list(values), dtype=np.float64)
        self._size = len(self._buffer)
        self._written = [self._size]  # shared by every view of this buffer

    @classmethod
    def _view(cls, buffer: np.ndarray, size: int, written: list[int]) -> Losses:
        view = cls.__new__(cls)
        view._buffer, view._size, view._written = buffer, size, written
        return view

    def extend(self, values: Sequence[float]) -> Losses:
        """These losses followed by ``values``."""
        n, k = self._size, len(values)
        buffer, written = self._buffer, self._written
        if written[0] != n or n + k > len(buffer):
            buffer = np.empty(max(64, 2 * (n + k)))
            buffer[:n] = self._buffer[:n]
            written = [n]
        buffer[n : n + k] = values
        written[0] = n + k
        return Losses._view(buffer, n + k, written)

    def append(self, value: float) -> Losses:
        return self.extend((value,))

    def truncated(self, size: int) -> Losses:
        """The first ``size`` losses (all of them if there are fewer)."""
        return Losses._view(self._buffer, min(max(size, 0), self._size), self._written)

    def array(self) -> np.ndarray:
        view = self._buffer[: self._size]
        view.flags.writeable = False
        return view

    def __array__(self, dtype: Any = None, copy: bool | None = None) -> np.ndarray:
        view = self.array()
        if dtype is not None:
            view = view.astype(dtype, copy=False)
        return view.copy() if copy else view

    def __len__(self) -> int:
        return self._size

    @overload
    def __getitem__(self, index: int) -> float: ...
    @overload
    def __getitem__(self, index: slice) -> list[float]: ...
    def __getitem__(self, index: int | slice) -> float | list[float]:
        if isinstance(index, slice):
            return self.array()[index].tolist()  # type: ignore[no-any-return]
        if not -self._size <= index < self._size:
            raise IndexError("loss index out of range")
        return float(self._buffer[index % self._size])

    def __iter__(self) -> Iterator[float]:
        return iter(self.array().tolist())

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Losses | list | tuple):
            return len(self) == len(other) and self.array().tolist() == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Losses({self.array().tolist() if self._size <= 6 else f'{self._size} values'})"


@dataclass(frozen=True, slots=True)
class Snapshot:
    """The parameters (and momentum buffers) at the start of one iteration."""

    params: Arrays
    velocity: Arrays


@dataclass
class State:
    """Everything an undoable command may replace at once.

    ``snapshots[i]`` holds the weights at the start of iteration ``first + i`` (older ones were
    dropped to the budget); ``losses[i]`` is the loss of iteration i, for every iteration that ran.
    The current iteration is always among the snapshots."""

    spec: Spec
    x: np.ndarray
    target: np.ndarray
    snapshots: list[Snapshot]
    iteration: int
    cursor: Cursor = Cursor(0, 0)  # noqa: RUF009 - an immutable NamedTuple
    lesson: str | None = None
    seed: int = 0
    first: int = 0
    losses: Losses = field(default_factory=Losses)
    extras: dict[str, object] = field(default_factory=dict)
    #: The weights of iteration 0 once the timeline has dropped them (None while they are kept).
    origin: Snapshot | None = None

    def snapshot(self, number: int) -> Snapshot | None:
        """The weights at the start of iteration ``number``, if they are kept."""
        index = number - self.first
        return self.snapshots[index] if 0 <= index < len(self.snapshots) else None


class Session(QObject):
    """The state every panel views. Signals are past tense; panels redraw what they name."""

    spec_changed = Signal()  # the network changed (shapes may differ): panels rebuild
    data_changed = Signal()  # the input images or the target changed
    params_changed = Signal()  # the parameters of the current iteration changed
    cursor_moved = Signal()  # the cursor moved (within or across iterations)
    loss_recorded = Signal()  # the list of past losses changed (read ``losses``)
    lesson_changed = Signal(str)  # a lesson was loaded (its name; "" for none)
    failed = Signal(str)  # something could not be done; the state is unchanged
    move_refused = Signal(str)  # a routine limit (the first iteration kept): why the cursor stays
    playing_changed = Signal(bool)
    training_progress = Signal(int, int)  # iterations done, iterations asked for
    training_finished = Signal(str)  # "done", "cancelled" or "diverged"

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.undo_stack = QUndoStack(self)
        self.undo_stack.setUndoLimit(UNDO_LIMIT)
        self.lesson_text: dict[str, str] = {}
        self._input_grad = False
        self._trace: Trace | None = None
        self._broken = ""  # why the current trace could only be built unchecked (it blew up)
        self._near: list[tuple[Snapshot, Iteration]] = []  # computed iterations beside the current
        self._ahead: _Ahead | None = None
        self._timing: tuple[Spec, float] | None = None  # how long an iteration of this spec took
        self._play_timer = QTimer(self)
        self._play_timer.timeout.connect(self._play_tick)
        self._play_unit = "element"
        self._train_timer = QTimer(self)
        self._train_timer.setInterval(TRAIN_POLL_MS)
        self._train_timer.timeout.connect(self._train_slice)
        self._train_left = 0
        self._train_total = 0
        self._train_capped = False
        self._last_run: Iteration | None = None  # the last iteration training finished
        self._worker = _Trainer.idle()
        spec = Spec()
        start = [Snapshot(init_params(spec), {})]
        self._state = State(spec, np.zeros(spec.input_shape), np.zeros(spec.target_shape), start, 0)

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
        snap = self._state.snapshot(self._state.iteration)
        assert snap is not None
        return snap.params

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
        """The picked parameter cells at the start of iterations ``start`` to the current one, oldest
        first: ``(iteration + 1 - start, len(picks))``, NaN where the timeline dropped the weights."""
        s = self._state
        out = np.full((max(s.iteration + 1 - start, 0), len(picks)), np.nan)
        for number in range(max(start, s.first), s.iteration + 1):
            params = s.snapshots[number - s.first].params
            out[number - start] = [params[name][index] for name, index in picks]
        return out

    @property
    def cursor(self) -> Cursor:
        return self._state.cursor

    @property
    def trace(self) -> Trace:
        """The current iteration's trace (built on first use)."""
        if self._trace is None:
            try:
                self._trace = self._build_trace(self._state.iteration)
                self._broken = ""
            except DivergenceError as error:  # show where it blew up; moving on stays blocked
                self.failed.emit(str(error))
                self._trace = self._build_trace(self._state.iteration, check=False)
                self._broken = str(error)
            self._state.cursor = self._fitted(self._state.cursor)
            self._prefetch()
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
        self._forget_computed()
        self._state.cursor = self._cursor_from_anchor(where)
        self.cursor_moved.emit()

    def state(self) -> State:
        """A copy of the whole state (arrays are shared; they are never modified in place)."""
        s = self._state
        return replace(s, snapshots=list(s.snapshots), extras=dict(s.extras))

    # --- replacing the state (commands call these) --------------------------------------------

    def restore(self, state: State, *, lesson_text: dict[str, str] | None = None) -> None:
        """Make ``state`` current and tell every panel."""
        self.pause()
        self.cancel_training()
        old = self._state
        self._state = replace(state, snapshots=list(state.snapshots))
        if lesson_text is not None:
            self.lesson_text = lesson_text
        self._forget_computed()
        if old.spec != state.spec:
            self.spec_changed.emit()
        self.data_changed.emit()
        self.params_changed.emit()
        self.loss_recorded.emit()
        self.cursor_moved.emit()
        if state.lesson != old.lesson:
            self.lesson_changed.emit(state.lesson or "")

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
        value = float(value)
        if not math.isfinite(value):
            raise ValueError("a value must be a finite number")
        s = self.state()
        kept = s.iteration - s.first
        past = {"cursor": Cursor(), "losses": s.losses.truncated(s.iteration)}
        if tensor == "I":
            x = s.x.copy()
            x[index] = value
            return replace(s, x=x, snapshots=s.snapshots[: kept + 1], **past)
        if tensor in ("t", "y"):
            if s.spec.loss == "cross_entropy" and not (value.is_integer() and 0 <= value < s.spec.n_classes):
                raise ValueError(f"a label is a class number from 0 to {s.spec.n_classes - 1}, not {value:g}")
            target = s.target.copy()
            target[index] = value
            _, target = check_data(s.spec, s.x, target)
            return replace(s, target=target, snapshots=s.snapshots[: kept + 1], **past)
        if tensor not in s.spec.param_shapes():
            raise ValueError(f"{tensor} cannot be edited")
        params = {k: v.copy() if k == tensor else v for k, v in self.params.items()}
        params[tensor][index] = value
        snapshots = [*s.snapshots[:kept], Snapshot(params, s.snapshots[kept].velocity)]
        return replace(s, snapshots=snapshots, **past)

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
        """Start ``name`` afresh: the lesson as opened is the bottom of the undo stack, so undo
        never takes it away (and the undo history of what was open before goes)."""
        try:
            new = self.fresh_state(spec, x, target, params, lesson=name, seed=seed)
        except ValueError as error:
            self.failed.emit(str(error))
            return False
        self.undo_stack.clear()
        self.restore(new, lesson_text=dict(text))
        return True

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
        crossing into the next or previous iteration at the ends. False if it could not move.
        While training runs, a move stops it instead, at the end of the last iteration that ran."""
        if self.training:
            self.cancel_training()
            return True
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
        self.cancel_training()
        self._state.cursor = self._fitted(cursor)
        self.cursor_moved.emit()

    def _fitted(self, cursor: Cursor) -> Cursor:
        """``cursor`` moved inside the current trace (a state restored by undo may hold a cursor of
        a trace laid out otherwise, with or without dL/dI)."""
        trace = self._trace if self._trace is not None else self.trace
        done = min(max(cursor.done, 0), len(trace))
        terms = 0 if done >= len(trace) else min(max(cursor.terms, 0), trace.n_terms(done) - 1)
        return Cursor(done, terms)

    def rewind(self) -> bool:
        """Back to the start of iteration 1, with the weights it started from. While the timeline
        keeps them this is a move (stepping forward goes through the kept iterations again); once
        it has dropped them the session restarts from them, an undoable step, and returns True."""
        self.cancel_training()
        s = self._state
        if s.first == 0:
            if self.iteration != 0:
                self._enter_iteration(0)
            s.cursor = Cursor()
            self.cursor_moved.emit()
            return False
        params = s.origin.params if s.origin is not None else self._lesson_params()
        return self._push(
            lambda: self.fresh_state(s.spec, s.x, s.target, params, lesson=s.lesson, seed=s.seed),
            "Restart from the first weights",
        )

    def _lesson_params(self) -> Arrays:
        """The weights the lesson (or, for a network of one's own, its seed) starts from."""
        from convstudio.engine import lessons

        s = self._state
        if s.lesson in lessons.available():
            with contextlib.suppress(lessons.LessonError):
                lesson = lessons.load(s.lesson)  # type: ignore[arg-type]
                if lesson.spec == s.spec:
                    return lesson.params
        return init_params(s.spec, s.seed)

    def _enter_iteration(self, number: int) -> bool:
        """Make iteration ``number`` current (cursor at its start). Runs it if it is new."""
        s = self._state
        if number < s.first:
            self.move_refused.emit(
                f"Iteration {number + 1} is too far back: ConvStudio keeps the weights of "
                f"the last {len(s.snapshots)} iterations."
            )
            return False
        if number >= MAX_ITERATIONS:
            self.failed.emit(full_message())
            return False
        self._remember_current()  # stepping back across this boundary then costs nothing
        new = s.snapshot(number) is None
        if new and self._broken:  # NaN or inf: there is nothing to start the next iteration from
            self.failed.emit(self._broken)
            return False
        if new:  # the next iteration starts from this one's update
            it = self.trace.it
            s.losses = s.losses.truncated(s.iteration).append(it.loss)
            s.snapshots.append(Snapshot(it.new_params, it.new_velocity))
        try:
            trace = self._build_trace(number)
        except DivergenceError as error:
            if new:
                s.snapshots.pop()
            self.failed.emit(str(error))
            return False
        s.iteration = number
        s.cursor = Cursor()
        self._trace, self._broken = trace, ""
        self._trim_timeline()
        self._keep_near()
        self._prefetch()
        self.params_changed.emit()
        self.loss_recorded.emit()
        return True

    def _build_trace(self, number: int, *, check: bool = True) -> Trace:
        return Trace(self._iteration(number, check=check))

    def _iteration(self, number: int, *, check: bool = True) -> Iteration:
        """Iteration ``number`` of this state: kept from a step ago, computed ahead, or run now."""
        s = self._state
        snap = s.snapshot(number)
        assert snap is not None
        for kept, it in self._near:
            same = kept is snap or (kept.params is snap.params and kept.velocity is snap.velocity)
            if same and it.number == number:
                return it
        ahead, self._ahead = self._ahead, None
        if ahead is not None and ahead.is_for(number, snap):
            ahead.join()  # the rest of its time: never longer than running it again
            self._timing = (s.spec, ahead.seconds)
            if ahead.result is not None:
                self._near.append((snap, ahead.result))
                return ahead.result
            if check and ahead.error is not None:
                raise ahead.error
        started = time.perf_counter()
        it = run_iteration(
            s.spec, snap.params, s.x, s.target, snap.velocity,
            number=number, input_grad=self._input_grad, check=check,
        )  # fmt: skip
        self._timing = (s.spec, time.perf_counter() - started)
        self._near.append((snap, it))
        return it

    def _prefetch(self) -> None:
        """Start computing the next iteration on a thread while the learner steps through this one,
        if an iteration takes long enough to be noticed."""
        s, trace = self._state, self._trace
        if trace is None or self._broken or self.expected_seconds() < PREFETCH_SLOWER_THAN:
            return
        number = s.iteration + 1
        if number >= MAX_ITERATIONS:
            return
        snap = s.snapshot(number) or Snapshot(trace.it.new_params, trace.it.new_velocity)
        if any(kept.params is snap.params and it.number == number for kept, it in self._near):
            return
        if self._ahead is None or not self._ahead.is_for(number, snap):
            self._ahead = _Ahead(s.spec, s.x, s.target, snap, number, self._input_grad)
            started(self._ahead)

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

    def _forget_computed(self) -> None:
        """The state changed: nothing computed before applies (a thread still running is left to end)."""
        self._trace, self._broken, self._near, self._ahead = None, "", [], None

    def expected_seconds(self) -> float:
        """How long one iteration of the current network takes: as last measured, else estimated."""
        if self._timing is not None and self._timing[0] == self.spec:
            return self._timing[1]
        return estimated_seconds(self.spec)

    def _trim_timeline(self) -> None:
        """Drop the oldest parameter snapshots beyond the budget (their losses stay); never the current."""
        s = self._state
        params, velocity = s.snapshots[-1].params, s.snapshots[-1].velocity
        arrays = (*params.values(), *velocity.values())
        per = SNAPSHOT_OVERHEAD + sum(v.nbytes + ARRAY_OVERHEAD for v in arrays)
        keep = max(2, min(TIMELINE_SNAPSHOTS, TIMELINE_BUDGET // per))
        drop = min(len(s.snapshots) - keep, s.iteration - s.first)
        if drop > 0:
            if s.first == 0:
                s.origin = s.snapshots[0]
            # The list is this state's own (state() copies it); the snapshots themselves are shared.
            del s.snapshots[:drop]
            s.first += drop

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
        room = MAX_ITERATIONS - 1 - s.iteration
        if room <= 0:
            self.failed.emit(full_message())
            return
        self._train_capped = iterations > room
        iterations = min(int(iterations), room)
        del s.snapshots[s.iteration - s.first + 1 :]
        s.losses = s.losses.truncated(s.iteration)
        snap = s.snapshots[-1]
        current = self._trace.it if self._trace is not None and not self._broken else None
        self._train_left = self._train_total = iterations
        self._last_run = None
        self._worker = _Trainer(
            s.spec, s.x, s.target, snap, s.iteration, iterations, input_grad=self._input_grad, first=current
        )
        if self.expected_seconds() > SLOW_ITERATION:
            started(self._worker)  # a thread: the window stays responsive while NumPy works
        self.training_progress.emit(0, self._train_total)
        self._train_timer.start()

    def cancel_training(self) -> None:
        if self.training:
            self._train_timer.stop()
            self._worker.stop()
            self._collect()  # keep what finished before the stop
            self._finish_training("cancelled")

    def _train_slice(self) -> None:
        worker = self._worker
        if not worker.is_alive() and not worker.finished:  # quick iterations: a slice of them here
            deadline = time.perf_counter() + TRAIN_SLICE
            while time.perf_counter() < deadline and not worker.results.full() and worker.step():
                if worker.seconds > 4 * SLOW_ITERATION:  # slower than foreseen: the rest on a thread
                    started(worker)
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
            s.snapshots.append(Snapshot(item.new_params, item.new_velocity))
            self._last_run = item
            self._train_left -= 1
        if losses:
            s.losses = s.losses.extend(losses)
            s.iteration += len(losses)
            if self._worker.seconds:
                self._timing = (s.spec, self._worker.seconds)
            self._trim_timeline()
            self.training_progress.emit(self._train_total - self._train_left, self._train_total)
            self.loss_recorded.emit()
        return reason

    def _finish_training(self, reason: str) -> None:
        s, worker, last = self._state, self._worker, self._last_run
        ran = self._train_total - self._train_left
        s.cursor = Cursor()
        if ran == 0 and reason != "diverged":
            pass  # nothing ran: the trace of the current iteration still holds
        elif reason == "done":
            self._forget_computed()
            ahead = worker.ahead
            if ahead is not None and self._fits(ahead, s.iteration, 0):
                self._trace = Trace(ahead)
        elif ran > 0:  # stop at the end of the last iteration that ran (for "diverged": the last finite one)
            self._forget_computed()
            s.iteration -= 1
            if last is not None and self._fits(last, s.iteration, 1):
                self._trace = Trace(last)
            s.cursor = Cursor(len(self.trace), 0)
        self._prefetch()
        self.params_changed.emit()
        self.loss_recorded.emit()
        self.cursor_moved.emit()
        if reason == "done" and self._train_capped:
            self.failed.emit(full_message())
        self.training_finished.emit(reason)

    def _fits(self, it: Iteration, number: int, after: int) -> bool:
        """Whether ``it`` is iteration ``number`` of this state as the panels show it: it started
        from that snapshot (``after`` 0) or led to the next one (``after`` 1), with dL/dI if shown."""
        s = self._state
        snap = s.snapshot(number + after)
        if snap is None or it.number != number or ("dI" in it.grads) != self._input_grad:
            return False
        if after:
            return it.new_params is snap.params
        start = s.snapshot(number)
        return start is not None and all(it.values[k] is v for k, v in start.params.items())


def full_message() -> str:
    return (
        f"This session holds {MAX_ITERATIONS:,} iterations, the most ConvStudio keeps. "
        "To train further, save it, then re-initialise the weights or change the network."
    )


def estimated_seconds(spec: Spec) -> float:
    """A rough time for one iteration, from its multiply-adds (forward, then two backward products)."""
    macs = 3 * math.prod(spec.conv_shape) * spec.channels * math.prod(spec.kernel)
    if spec.head == "dense":
        macs += 3 * spec.batch * spec.features * spec.classes
    return 5e-5 + macs * 1e-9


def iteration_bytes(it: Iteration) -> int:
    return sum(v.nbytes for v in it.values.values()) + sum(v.nbytes for v in it.grads.values())


def sample_input(spec: Spec, seed: int) -> np.ndarray:
    """Seeded images for a network whose input shape changed: one decimal, in [0, 1]."""
    return np.round(np.random.default_rng(seed).uniform(0, 1, spec.input_shape), 1)


def default_target(spec: Spec) -> np.ndarray:
    """Targets of 1 (MSE), or labels 0, 1, 0, ... (cross-entropy)."""
    if spec.loss == "cross_entropy":
        return np.arange(spec.batch) % spec.n_classes
    return np.ones(spec.pred_shape)


class _Ahead(threading.Thread):
    """One iteration computed off the event loop: the next one, while the learner reads this one."""

    def __init__(
        self, spec: Spec, x: np.ndarray, target: np.ndarray, start: Snapshot, number: int, input_grad: bool
    ) -> None:
        super().__init__(name="ConvStudio next iteration", daemon=True)
        self.spec, self.x, self.target, self.start_snapshot = spec, x, target, start
        self.number, self.input_grad = number, input_grad
        self.result: Iteration | None = None
        self.error: DivergenceError | None = None
        self.seconds = 0.0

    def is_for(self, number: int, snap: Snapshot) -> bool:
        mine = self.start_snapshot
        return self.number == number and mine.params is snap.params and mine.velocity is snap.velocity

    def run(self) -> None:
        started = time.perf_counter()
        try:
            self.result = run_iteration(
                self.spec, self.start_snapshot.params, self.x, self.target, self.start_snapshot.velocity,
                number=self.number, input_grad=self.input_grad,
            )  # fmt: skip
        except DivergenceError as error:
            self.error = error
        self.seconds = time.perf_counter() - started


class _Trainer(threading.Thread):
    """Runs iterations from one snapshot on, handing each finished Iteration to the event loop, then
    computes the next one (not applied) for the panels to show.

    It reads only immutable inputs (arrays are never modified in place) and stops after the
    iteration in progress when asked, or at the first NaN/inf, which it hands over as the error."""

    def __init__(
        self,
        spec: Spec,
        x: np.ndarray,
        target: np.ndarray,
        start: Snapshot,
        number: int,
        count: int,
        *,
        input_grad: bool = False,
        first: Iteration | None = None,
    ) -> None:
        super().__init__(name="ConvStudio training", daemon=True)
        self.spec, self.x, self.target = spec, x, target
        self.number, self.count, self.input_grad = number, count, input_grad
        # Bounded in count and, for big networks, in bytes: if the event loop falls behind, the
        # worker waits instead of piling up iterations.
        per = 8 * 4 * math.prod(spec.conv_shape) if count else 1
        self.results: queue.Queue[Iteration | DivergenceError] = queue.Queue(
            maxsize=max(2, min(512, (64 << 20) // per))
        )
        self.ahead: Iteration | None = None
        self.seconds = 0.0  # how long the last iteration took
        self.finished = False  # nothing more will be handed over or computed
        self._halt = threading.Event()
        self._params, self._velocity = start.params, start.velocity
        self._first = first if first is not None and first.number == number else None
        self._done = 0

    @classmethod
    def idle(cls) -> _Trainer:
        trainer = cls(Spec(), np.zeros(0), np.zeros(0), Snapshot({}, {}), 0, 0)
        trainer.finished = True
        return trainer

    def stop(self) -> None:
        self._halt.set()

    def step(self) -> bool:
        """Run the next iteration and hand it over; False when there is nothing more to run."""
        if self.finished or self._halt.is_set():
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
        self._params, self._velocity = it.new_params, it.new_velocity
        self._done += 1
        self._hand_over(it)
        return True

    def _run(self, number: int) -> Iteration:
        # dL/dI costs nothing extra (the backward pass computes it anyway): keep it when it is shown,
        # so the last iteration can be shown as it is.
        started = time.perf_counter()
        it = run_iteration(
            self.spec, self._params, self.x, self.target, self._velocity,
            number=number, input_grad=self.input_grad,
        )  # fmt: skip
        self.seconds = time.perf_counter() - started
        return it

    def run(self) -> None:
        while self.step():
            pass

    def _hand_over(self, item: Iteration | DivergenceError) -> None:
        if threading.current_thread() is not self:  # on the event loop, which makes room first
            self.results.put_nowait(item)
            return
        while not self._halt.is_set():
            try:
                self.results.put(item, timeout=0.05)
                return
            except queue.Full:
                continue
