"""A position in the trace and how the learner moves it: by term, element, layer, phase or iteration."""

from __future__ import annotations

from abc import ABC, abstractmethod
from typing import NamedTuple

import numpy as np

from convstudio.engine.steps import Section, Step

UNITS = ("term", "element", "layer", "phase", "iteration")


class Cursor(NamedTuple):
    """A position in a trace: ``done`` steps complete, and ``terms`` terms of the next one added."""

    done: int = 0
    terms: int = 0

    @property
    def shown(self) -> int:
        """The number of the step this position shows: the one being added term by term, else the
        last one completed (-1 at the start of an iteration)."""
        return self.done if self.terms > 0 else self.done - 1

    @property
    def adding(self) -> bool:
        """Whether the step shown is part-way through its terms (its running sum stands in its cell)."""
        return self.terms > 0


class Moves(ABC):
    """Moving a cursor through ``total`` steps; the trace that inherits this builds the steps."""

    total: int

    @abstractmethod
    def step(self, number: int) -> Step:
        """Step ``number`` (0-based)."""

    @abstractmethod
    def section_of(self, number: int) -> Section:
        """The section holding step ``number``."""

    @abstractmethod
    def section_for(self, tensor: str) -> Section | None:
        """The section that fills ``tensor``, if a step of this trace computes it."""

    @abstractmethod
    def array(self, tensor: str) -> np.ndarray:
        """The whole of ``tensor`` (a value or a gradient) as this iteration computes it."""

    @abstractmethod
    def value_at(self, tensor: str, cursor: Cursor) -> np.ndarray:
        """``tensor`` as the learner sees it at ``cursor`` (NaN where not yet computed)."""

    def value_part(self, tensor: str, cursor: Cursor, lead: tuple[int, ...]) -> np.ndarray:
        """``value_at(tensor, cursor)[lead]`` at the cost of the part: one map of a batch of maps
        (a picture in the network strip) without masking the whole batch."""
        sec = self.section_for(tensor)
        if sec is not None and sec.phase == "update":
            return self.value_at(tensor, cursor)[lead]
        part = np.asarray(self.array(tensor)[lead], dtype=np.float64)
        if sec is None:
            return part
        tail = int(np.prod(sec.shape[len(lead) :], dtype=np.int64))
        offset = int(np.ravel_multi_index(lead, sec.shape[: len(lead)])) * tail if lead else 0
        count = min(max(cursor.done - sec.start - offset, 0), tail)
        if count == tail:
            return part
        flat = np.full(tail, np.nan)
        flat[:count] = part.ravel()[:count]
        return flat.reshape(part.shape)

    def known(self, tensor: str, cursor: Cursor) -> np.ndarray | bool:
        """Which cells of ``tensor`` hold their value of this iteration at ``cursor``: True for
        inputs, targets and old parameters, else the cells whose step is complete."""
        sec = self.section_for(tensor)
        if sec is None or sec.phase == "update":
            return True
        count = min(max(cursor.done - sec.start, 0), sec.size)
        mask = np.zeros(sec.size, dtype=bool)
        mask[:count] = True
        return mask.reshape(sec.shape)

    @abstractmethod
    def phase_bounds(self, phase: str) -> tuple[int, int]:
        """The first step of ``phase`` and the one after its last."""

    def n_terms(self, number: int) -> int:
        return self.step(number).n_terms if number < self.total else 0

    def move(self, cursor: Cursor, unit: str, direction: int) -> Cursor:
        """The cursor one ``unit`` forward (direction +1) or back (-1), clamped to this iteration.

        Forward by a unit completes the unit holding the next step; back by a unit undoes the
        unit holding the last completed step (or the step in progress)."""
        done, terms = cursor
        if unit not in UNITS:
            raise ValueError(f"unit must be one of {', '.join(UNITS)}")
        if direction > 0:
            if done >= self.total:
                return Cursor(self.total, 0)
            if unit == "term":
                count = self.n_terms(done)
                return Cursor(done, terms + 1) if terms + 1 < count else Cursor(done + 1, 0)
            if unit == "element":
                return Cursor(done + 1, 0)
            return Cursor(self._unit_bounds(done, unit)[1], 0)
        if terms > 0:
            if unit == "term":
                return Cursor(done, terms - 1)
            if unit == "element":
                return Cursor(done, 0)
            return Cursor(self._unit_bounds(done, unit)[0], 0)
        if done <= 0:
            return Cursor(0, 0)
        if unit == "term":
            count = self.n_terms(done - 1)
            return Cursor(done - 1, count - 1) if count > 1 else Cursor(done - 1, 0)
        if unit == "element":
            return Cursor(done - 1, 0)
        return Cursor(self._unit_bounds(done - 1, unit)[0], 0)

    def _unit_bounds(self, number: int, unit: str) -> tuple[int, int]:
        if unit == "iteration":
            return 0, self.total
        sec = self.section_of(number)
        if unit == "layer":
            return sec.start, sec.stop
        return self.phase_bounds(sec.phase)

    def current(self, cursor: Cursor) -> Step | None:
        """The step a cursor shows: the one in progress, else the last completed, else None."""
        return self.step(cursor.shown) if cursor.shown >= 0 else None
