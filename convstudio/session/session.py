"""The one live state: spec, data, parameters, the timeline of iterations, the trace and the cursor.

Stepping is data: each iteration's trace is built from the vectorised engine once, and moving the
cursor only changes which of its steps the panels show. The timeline (engine/timeline.py) keeps the
loss of every iteration and the parameters at the start of the most recent ones, so stepping back
across an update restores the weights exactly, and stepping forward again reuses what was computed.
Edits go through the undo stack (commands.py); training and computing ahead are in training.py.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

import numpy as np
from PySide6.QtCore import QObject, Signal

from convstudio.engine import timeline
from convstudio.engine.cursor import Cursor
from convstudio.engine.data_set import DataSet
from convstudio.engine.lessons import Lesson
from convstudio.engine.model import DivergenceError, init_params
from convstudio.engine.spec import Spec
from convstudio.engine.steps import Step
from convstudio.engine.timeline import Arrays, Snapshot, State
from convstudio.session import edits
from convstudio.session.autoplay import Autoplay
from convstudio.session.batching import Batch, OncePerBatch, batched
from convstudio.session.commands import ReplaceState
from convstudio.session.reading import Reading
from convstudio.session.runs import AnyTrace, next_snapshot, trace_of
from convstudio.session.training import Training
from convstudio.session.undo_history import UndoHistory
from convstudio.session.workers import Jobs

#: The change signals, in the order one action emits them (each at most once).
CHANGES = (
    "spec_changed",
    "data_changed",
    "params_changed",
    "loss_recorded",
    "cursor_moved",
    "lesson_changed",
)
#: Edits that can be undone: each holds two states, so an afternoon of edits stays within bounds.
UNDO_LIMIT = 200


class Session(Reading, Training, Autoplay, QObject):
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
    focus_changed = Signal(int)  # the learner picked a layer to look at (the strip's click)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.undo_stack = UndoHistory(self, limit=UNDO_LIMIT)
        self.lesson_text: dict[str, str] = {}
        self._input_grad = False
        self._trace: AnyTrace | None = None
        self._broken = ""  # why the current trace could only be built unchecked (it blew up)
        self.moved_by = "element"  # the unit of the last move: by layer or phase the panels sum up
        self._init_autoplay()
        self.jobs = Jobs(self)
        self._batch = Batch(self, CHANGES)
        self._init_training()
        spec = Spec()
        start = [Snapshot(init_params(spec), {})]
        self._state = State(spec, np.zeros(spec.input_shape), np.zeros(spec.target_shape), start, 0)

    # --- the trace and the cursor's step -------------------------------------------------------

    @property
    def trace(self) -> AnyTrace:
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

    def set_focus(self, layer: int) -> None:
        """Ask the panels to show layer ``layer`` (0-based) of the network."""
        self.focus_changed.emit(layer)

    @property
    def input_grad(self) -> bool:
        """Whether the backward pass also shows dL/dI."""
        return self._input_grad

    def once_per_action(self, wiring: dict[str, Callable[[], None]], parent: QObject) -> OncePerBatch:
        """Wire slots of ``parent`` to change signals by name so that one action calls one of them once
        (the first signal's): a panel that redraws on several signals redraws once per action."""
        return OncePerBatch(self, self._batch, wiring, parent)

    @batched
    def set_input_grad(self, on: bool) -> None:
        if on == self._input_grad:
            return
        where = self._cursor_anchor()
        self._input_grad = on
        self._forget_computed()
        self._state.cursor = self._cursor_from_anchor(where)
        self._batch.changed("cursor_moved")

    def state(self) -> State:
        """A copy of the whole state (arrays are shared; they are never modified in place)."""
        s = self._state
        return replace(s, snapshots=list(s.snapshots), extras=dict(s.extras))

    # --- replacing the state (commands call these) --------------------------------------------

    @batched
    def restore(self, state: State, *, lesson_text: dict[str, str] | None = None) -> None:
        """Make ``state`` current and tell every panel."""
        self.pause()
        self.cancel_training()
        old = self._state
        self._state = replace(state, snapshots=list(state.snapshots))
        if lesson_text is not None:
            self.lesson_text = lesson_text
        self._forget_computed()
        if old.spec != state.spec or old.network != state.network:
            self._batch.changed("spec_changed")
        self._batch.changed("data_changed")
        self._batch.changed("params_changed")
        self._batch.changed("loss_recorded")
        self._batch.changed("cursor_moved")
        if state.lesson != old.lesson:
            self._batch.changed("lesson_changed", state.lesson or "")

    fresh_state = staticmethod(edits.fresh_state)

    def with_edit(self, tensor: str, index: tuple[int, ...], value: float) -> State:
        """The current state with one cell of I, t, y or a parameter changed (see edits.with_edit)."""
        return edits.with_edit(self.state(), tensor, index, value)

    # --- undoable edits ---------------------------------------------------------------------------

    def _push(self, make: Callable[[], State], text: str, lesson_text: dict[str, str] | None = None) -> bool:
        """Build the new state and push it as one undoable command; a ValueError becomes ``failed``."""
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
        return self._push(lambda: edits.for_spec(self._state, spec), "Change the network")

    def apply_network(
        self, network: dict[str, Any], batch: int, origins: Sequence[int | None] | None = None
    ) -> bool:
        """Train another network of any depth, ``batch`` images at a time; ``origins``: each
        layer's index in the current network, or None for a new one (see edits.for_network)."""
        return self._push(
            lambda: edits.for_network(self._state, network, batch, origins), "Change the network"
        )

    @batched
    def open_state(self, state: State, lesson_text: dict[str, str]) -> bool:
        """Make a state read from a file current, its cursor fitted to the iteration's steps; like a
        lesson, it is the bottom of the undo stack."""
        self.undo_stack.clear()
        self.restore(state, lesson_text=lesson_text)
        self.go_to(state.cursor)
        return True

    def start(self, lesson: Lesson) -> bool:
        """Open a lesson as read from its file (see ``open_lesson``)."""
        return self.open_lesson(
            lesson.name, lesson.spec, lesson.x, lesson.target, lesson.params, lesson.text, lesson.seed,
            network=lesson.network if lesson.spec is None else None, data=lesson.data,
        )  # fmt: skip

    @batched
    def open_lesson(
        self,
        name: str,
        spec: Spec | None,
        x: np.ndarray,
        target: np.ndarray,
        params: Arrays,
        text: dict[str, str],
        seed: int = 0,
        network: dict[str, Any] | None = None,
        data: DataSet | None = None,
    ) -> bool:
        """Start ``name`` afresh: the lesson as opened is the bottom of the undo stack, so undo
        never takes it away (and the undo history of what was open before goes). A lesson whose
        network no Spec describes (``spec`` None) trains ``network``, ``params`` keyed like it; with
        ``data`` its iterations learn from that data set's mini-batches (``x`` its first)."""
        try:
            if spec is None:
                if network is None:
                    raise ValueError(f"the lesson {name!r} has neither a Spec nor a network")
                new = edits.fresh_network_state(network, x, target, params, lesson=name, seed=seed)
            else:
                new = self.fresh_state(spec, x, target, params, lesson=name, seed=seed)
            if data is not None:
                new = replace(new, data=data)
        except ValueError as error:
            self.failed.emit(str(error))
            return False
        self.undo_stack.clear()
        self.restore(new, lesson_text=dict(text))
        return True

    def set_input(self, x: np.ndarray, text: str = "Load image", target: np.ndarray | None = None) -> bool:
        """New input images (same shape) and, if given, targets; the weights stay, the iteration
        restarts."""
        s = self._state
        t = s.target if target is None else target
        return self._push(lambda: edits.fresh_like(s, x, t, self.params), text)

    def set_data(
        self, images: np.ndarray, labels: np.ndarray, n_classes: int, text: str, names: tuple[str, ...] = ()
    ) -> bool:
        """Learn from a data set of labelled images from now on (an image folder, its classes called
        ``names``): the network becomes a classifier of ``n_classes`` if it was not one; undoable
        like any edit."""
        return self._push(lambda: edits.with_data(self._state, images, labels, n_classes, names), text)

    def put_in_batch(self, position: int, image: np.ndarray, label: int, text: str) -> bool:
        """Make ``image`` (labelled ``label``) image ``position`` of the current mini-batch, the one
        the trace steps through; undoable (see edits.with_batch_image)."""
        return self._push(lambda: edits.with_batch_image(self.state(), position, image, label), text)

    def reinitialise(self, seed: int) -> bool:
        """Fresh random weights from ``seed``."""
        s = self._state
        return self._push(
            lambda: edits.fresh_like(s, s.x, s.target, None, seed=seed),
            f"Re-initialise the weights (seed {seed})",
        )

    # --- moving ---------------------------------------------------------------------------------

    @batched
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
                self._batch.changed("cursor_moved")
                return True
            trace, cursor = self.trace, self.cursor
        elif direction < 0 and cursor == Cursor():
            if self.iteration == 0 or not self._enter_iteration(self.iteration - 1):
                return False
            self._state.cursor = Cursor(len(self.trace), 0)
            if unit in ("term", "element"):
                self._batch.changed("cursor_moved")
                return True
            trace, cursor = self.trace, self.cursor
        new = trace.move(cursor, unit, direction)
        self.moved_by = unit
        moved = new != self._state.cursor
        self._state.cursor = new
        self._batch.changed("cursor_moved")
        return moved

    def run_to_phase_end(self) -> None:
        self.move("phase", +1)

    @batched
    def go_to(self, cursor: Cursor) -> None:
        """Jump within the current iteration."""
        self.cancel_training()
        self.moved_by = "element"
        self._state.cursor = self._fitted(cursor)
        self._batch.changed("cursor_moved")

    def _fitted(self, cursor: Cursor) -> Cursor:
        """``cursor`` moved inside the current trace (a state restored by undo may hold a cursor of
        a trace laid out otherwise, with or without dL/dI)."""
        trace = self._trace if self._trace is not None else self.trace
        done = min(max(cursor.done, 0), len(trace))
        terms = 0 if done >= len(trace) else min(max(cursor.terms, 0), trace.n_terms(done) - 1)
        return Cursor(done, terms)

    @batched
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
            self._batch.changed("cursor_moved")
            return False
        params = s.origin.params if s.origin is not None else edits.lesson_params(s)
        return self._push(
            lambda: edits.fresh_like(s, s.x, s.target, params),
            "Restart from the first weights",
        )

    def _enter_iteration(self, number: int) -> bool:
        """Make iteration ``number`` current (cursor at its start). Runs it if it is new."""
        s = self._state
        if number < s.first:
            self.move_refused.emit(
                self.tr(
                    "Iteration {0} is too far back: ConvStudio keeps the weights of the last {1} iterations."
                ).format(number + 1, len(s.snapshots))
            )
            return False
        if number >= timeline.MAX_ITERATIONS:
            self.failed.emit(timeline.full_message())
            return False
        self._remember_current()  # stepping back across this boundary then costs nothing
        new = s.snapshot(number) is None
        if new and self._broken:  # NaN or inf: there is nothing to start the next iteration from
            self.failed.emit(self._broken)
            return False
        if new:  # the next iteration starts from this one's update
            it = self.trace.it
            s.losses = s.losses.truncated(s.iteration).append(it.loss)
            s.snapshots.append(next_snapshot(it))
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
        timeline.trim(s)
        self._keep_near()
        self._prefetch()
        self._batch.changed("params_changed")
        self._batch.changed("loss_recorded")
        return True

    def _build_trace(self, number: int, *, check: bool = True) -> AnyTrace:
        return trace_of(self._iteration(number, check=check), self._input_grad)

    def _forget_computed(self) -> None:
        """The state changed: nothing computed before applies (a thread still running is left to end)."""
        self._trace, self._broken, self._near, self._ahead = None, "", [], None

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
