"""The timeline of a session as plain data: every iteration's loss, the weights of the recent ones,
and the policy that keeps them within bounds. The session and the session files both use it."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, overload

import numpy as np

from convstudio.engine.cursor import Cursor
from convstudio.engine.data_set import DataSet
from convstudio.engine.spec import Spec
from convstudio.engine.spec_network import to_network

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
            return self.array()[index].tolist()
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
    """The parameters and the optimiser's state at the start of one iteration: a Spec's momentum
    buffers in ``velocity`` (keyed W, b, ...), or a network's state as ``network.iterate`` keeps
    it in ``opt_state`` (momentum buffers, Adam's m, v and step, batch norm's running statistics)."""

    params: Arrays
    velocity: Arrays
    opt_state: dict[str, Any] = field(default_factory=dict)


@dataclass
class State:
    """Everything an undoable command may replace at once.

    ``snapshots[i]`` holds the weights at the start of iteration ``first + i`` (older ones were
    dropped to the budget); ``losses[i]`` is the loss of iteration i, for every iteration that ran.
    The current iteration is always among the snapshots."""

    spec: Spec | None  # None: a network the one-layer window cannot show (see ``network``)
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
    #: The network as plain data when there is no Spec (parameters then keyed "0.weight", ...).
    network: dict[str, Any] | None = None
    #: A data set larger than the batch: iteration i then trains on its batch i (``x``, ``target``).
    data: DataSet | None = None

    def the_network(self) -> dict[str, Any]:
        """The network of the network contract this state trains."""
        if self.network is not None:
            return self.network
        assert self.spec is not None  # a state has a Spec or a network
        return to_network(self.spec)

    def snapshot(self, number: int) -> Snapshot | None:
        """The weights at the start of iteration ``number``, if they are kept."""
        index = number - self.first
        return self.snapshots[index] if 0 <= index < len(self.snapshots) else None


def full_message() -> str:
    """Why a session cannot go past MAX_ITERATIONS, and what to do instead."""
    return (
        f"This session holds {MAX_ITERATIONS:,} iterations, the most ConvStudio keeps. "
        "To train further, save it, then re-initialise the weights or change the network."
    )


def path(state: State, picks: tuple[tuple[str, tuple[int, ...]], ...], start: int = 0) -> np.ndarray:
    """The picked parameter cells at the start of iterations ``start`` to the current one, oldest
    first: ``(iteration + 1 - start, len(picks))``, NaN where the timeline dropped the weights."""
    s = state
    out = np.full((max(s.iteration + 1 - start, 0), len(picks)), np.nan)
    for number in range(max(start, s.first), s.iteration + 1):
        params = s.snapshots[number - s.first].params
        out[number - start] = [params[name][index] for name, index in picks]
    return out


def trim(state: State) -> None:
    """Drop the oldest snapshots of ``state`` beyond the budget (their losses stay); never the current.

    ``state.snapshots`` must be the state's own list: the snapshots themselves may be shared."""
    last = state.snapshots[-1]
    extra = [v for v in last.opt_state.values() if isinstance(v, np.ndarray)]
    arrays = (*last.params.values(), *last.velocity.values(), *extra)
    per = SNAPSHOT_OVERHEAD + sum(v.nbytes + ARRAY_OVERHEAD for v in arrays)
    keep = max(2, min(TIMELINE_SNAPSHOTS, TIMELINE_BUDGET // per))
    drop = min(len(state.snapshots) - keep, state.iteration - state.first)
    if drop > 0:
        if state.first == 0:
            state.origin = state.snapshots[0]
        del state.snapshots[:drop]
        state.first += drop


def compact(state: State) -> State:
    """The state with only the current weights and the losses before them: small and quick to write."""
    snap = state.snapshot(state.iteration)
    assert snap is not None
    return replace(
        state, snapshots=[snap], first=state.iteration, losses=state.losses.truncated(state.iteration)
    )
