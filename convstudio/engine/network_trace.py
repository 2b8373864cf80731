"""One training iteration of any network, element by element: forward, backward and update steps.

A :class:`NetworkTrace` lays the recorded iteration out as sections (one per tensor a layer
writes) and builds step ``i`` on demand from the vectorised results, as the one-layer
:class:`~convstudio.engine.trace.Trace` does, so a trace of millions of steps opens at once.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import numpy as np

from convstudio.engine import optim
from convstudio.engine.cursor import Cursor, Moves
from convstudio.engine.network_check import Built
from convstudio.engine.network_names import NetworkNames, is_grad
from convstudio.engine.network_sections import lay_out
from convstudio.engine.steps import Column, Section, Step
from convstudio.engine.trace_backward import BACKWARD
from convstudio.engine.trace_forward import FORWARD
from convstudio.engine.trace_record import Recorded, record
from convstudio.engine.trace_update import UPDATE


class NetworkTrace(Moves):
    """The steps of one iteration of a network, built on demand from the vectorised results."""

    def __init__(self, rec: Recorded, *, input_grad: bool = False) -> None:
        self.rec = rec
        self.values = rec.values
        self.grads = rec.grads
        self.layers = rec.layers
        keys = sorted(optim.state_keys(rec.optimizer, rec.result.grads))
        self.names = NetworkNames(
            rec.layers, rec.batch, rec.network["loss"], [k for k in keys if not k.endswith(".step")]
        )
        laid = lay_out(rec, self.names, input_grad)
        self.sections = laid.sections
        self._owners = laid.owners
        self._starts = [s.start for s in self.sections]
        self._by_tensor = {s.tensor: k for k, s in enumerate(self.sections)}
        self.cache: dict[Any, Any] = {}
        self._recent: tuple[Step, ...] = ()
        self.total = self.sections[-1].stop

    @classmethod
    def of(
        cls,
        network: Any,
        params: Mapping[str, Any],
        x: Any,
        target: Any,
        state: Mapping[str, Any] | None = None,
        *,
        input_grad: bool = False,
    ) -> NetworkTrace:
        """Run one iteration of ``network`` and trace it."""
        return cls(record(network, params, x, target, state), input_grad=input_grad)

    def __len__(self) -> int:
        return self.total

    @property
    def n_steps(self) -> int:
        return self.total

    # --- finding steps ---------------------------------------------------------------------

    def _position(self, number: int) -> int:
        if not 0 <= number < self.total:
            raise IndexError(f"step {number} is outside this iteration's {self.total} steps")
        return bisect.bisect_right(self._starts, number) - 1

    def section_of(self, number: int) -> Section:
        return self.sections[self._position(number)]

    def section_for(self, tensor: str) -> Section | None:
        """The section that writes ``tensor`` (or None: inputs, targets, state)."""
        k = self._by_tensor.get(tensor)
        return None if k is None else self.sections[k]

    def layer_of(self, number: int) -> Built | None:
        """The network layer step ``number`` belongs to (None: the loss and the updates)."""
        owner = self._owners[self._position(number)]
        return None if owner is None else self.layers[owner]

    def phase_bounds(self, phase: str) -> tuple[int, int]:
        secs = [s for s in self.sections if s.phase == phase]
        return (secs[0].start, secs[-1].stop) if secs else (self.total, self.total)

    def find(self, tensor: str, index: tuple[int, ...]) -> int:
        """The step number that writes ``tensor[index]``."""
        sec = self.sections[self._by_tensor[tensor]]
        return sec.start + int(np.ravel_multi_index(index, sec.shape)) if sec.shape else sec.start

    def step(self, number: int) -> Step:
        """Step ``number`` (0-based), built from the vectorised results (the last two are kept)."""
        for recent in self._recent:
            if recent.number == number:
                return recent
        step = self.build(number)
        self._recent = (*self._recent[-1:], step)
        return step

    def build(self, number: int) -> Step:
        """Step ``number`` built afresh."""
        k = self._position(number)
        sec, owner = self.sections[k], self._owners[k]
        local = number - sec.start
        index = tuple(int(i) for i in np.unravel_index(local, sec.shape)) if sec.shape else ()
        layer = None if owner is None else self.layers[owner]
        table = {"forward": FORWARD, "backward": BACKWARD, "update": UPDATE}[sec.phase]
        op, blocks, scale, extra = table[sec.layer](self, layer, sec, index)
        return Step(number, sec, index, op, tuple(blocks), self._result(sec, index), scale, extra)

    def _result(self, sec: Section, index: tuple[int, ...]) -> float:
        if sec.phase == "update":
            return float(self.rec.result.new_params[sec.tensor][index])
        return float(self.array(sec.tensor)[index])

    def steps(self) -> Iterator[Step]:
        """Every step in order (a generator; the trace itself keeps none)."""
        return (self.step(i) for i in range(self.total))

    # --- what the panels show ----------------------------------------------------------------

    def value_at(self, tensor: str, cursor: Cursor) -> np.ndarray:
        """``tensor`` as the learner sees it at ``cursor``: NaN where not yet computed, and the
        parameters old or new depending on whether their update step has run."""
        sec = self.section_for(tensor)
        if sec is not None and sec.phase == "update":
            old, new = self.values[tensor], self.rec.result.new_params[tensor]
            count = min(max(cursor.done - sec.start, 0), sec.size)
            out = old.copy().ravel()
            out[:count] = new.ravel()[:count]
            return out.reshape(old.shape)
        full = np.asarray(self.array(tensor), dtype=np.float64)
        known = self.known(tensor, cursor)
        return full if known is True else np.where(known, full, np.nan)

    # --- what the builders read --------------------------------------------------------------

    def array(self, tensor: str) -> np.ndarray:
        return self.grads[tensor] if is_grad(tensor) else self.values[tensor]

    def col(self, tensor: str, index: np.ndarray) -> Column:
        """The cells ``index`` (a (T, ndim) array) of ``tensor`` as a factor."""
        array = self.array(tensor)
        values = array[tuple(index.T)] if index.size else np.zeros(0)
        return Column(tensor, index, np.asarray(values, dtype=np.float64).reshape(-1))

    def map_column(self, tensor: str, where: tuple[Any, Any, Any, Any]) -> Column:
        """Cells (n, c, row, col) of a 4-d tensor; those outside it are the zero padding."""
        n, c, rows, cols = (np.asarray(w) for w in where)
        array = self.array(tensor)
        H, W = array.shape[2:]
        pad = (rows < 0) | (rows >= H) | (cols < 0) | (cols >= W)
        if pad.any():
            values = array[n, c, np.clip(rows, 0, H - 1), np.clip(cols, 0, W - 1)]
            values = np.where(pad, 0.0, values)
            return Column(
                tensor, where, np.asarray(values, dtype=np.float64).reshape(-1), pad=pad.reshape(-1)
            )
        values = array[n, c, rows, cols]
        return Column(tensor, where, np.asarray(values, dtype=np.float64).reshape(-1))

    def cached(self, key: Any, make: Callable[[], np.ndarray]) -> np.ndarray:
        """``make()``, computed once per trace: index vectors and layouts that many steps share."""
        if key not in self.cache:
            self.cache[key] = make()
        value: np.ndarray = self.cache[key]
        return value

    def by_channel(self, tensor: str) -> np.ndarray:
        """A 4-d tensor as (C, N, H, W), contiguous: one channel's cells over the batch are a view."""
        return self.cached(
            ("by_channel", tensor), lambda: np.ascontiguousarray(self.array(tensor).swapaxes(0, 1))
        )

    def grid(self, key: Any, shape: tuple[int, ...]) -> tuple[np.ndarray, ...]:
        """Every index of ``shape`` in row-major order, one raveled vector per axis (cached)."""
        full = ("grid", key, shape)
        if full not in self.cache:
            self.cache[full] = tuple(a.ravel() for a in np.indices(shape))
        result: tuple[np.ndarray, ...] = self.cache[full]
        return result
