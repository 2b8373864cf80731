"""One user action, one of each signal: the session holds its change signals while an action runs
and emits each once at the action's end, and a panel that redraws on several of them redraws once
per such batch."""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from PySide6.QtCore import QObject


class Batch:
    """The change signals an action has caused so far, emitted once each, in ``order``, at its end."""

    def __init__(self, owner: QObject, order: tuple[str, ...]) -> None:
        self._owner, self._order = owner, order
        self._pending: dict[str, tuple[object, ...]] = {}
        self._depth = 0
        self.count = 0  # batches emitted so far: what tells one batch from the next

    @contextlib.contextmanager
    def action(self) -> Iterator[None]:
        """Hold the change signals until the outermost action ends (actions nest)."""
        self._depth += 1
        try:
            yield
        finally:
            self._depth -= 1
            if self._depth == 0:
                self._flush()

    def changed(self, name: str, *args: object) -> None:
        """``name`` is to be emitted (with ``args``, the latest given) at the end of the action."""
        self._pending[name] = args
        if self._depth == 0:
            self._flush()

    def _flush(self) -> None:
        if not self._pending:
            return
        pending, self._pending = self._pending, {}
        self.count += 1
        for name in self._order:
            if name in pending:
                getattr(self._owner, name).emit(*pending[name])


Method = TypeVar("Method", bound=Callable[..., Any])


def batched(method: Method) -> Method:
    """A session method that is one action: its change signals go out once each, at its end."""

    @functools.wraps(method)
    def action(self: Any, *args: Any, **kwargs: Any) -> Any:
        with self._batch.action():
            return method(self, *args, **kwargs)

    return action  # type: ignore[return-value]


class OncePerBatch(QObject):
    """Calls, for each batch of ``owner``'s change signals, the slot wired to the first signal of the
    batch, and no other: a spec change rebuilds (which redraws), a cell edit redraws once."""

    def __init__(
        self, owner: QObject, batch: Batch, wiring: dict[str, Callable[[], None]], parent: QObject
    ) -> None:
        super().__init__(parent)
        self._batch, self._slots = batch, wiring
        self._seen = -1
        for name in wiring:
            getattr(owner, name).connect(self._fired)  # a method of this child: it goes with the panel

    def _fired(self, *_: object) -> None:
        if self._seen == self._batch.count:
            return
        self._seen = self._batch.count
        method = self.sender().metaObject().method(self.senderSignalIndex())
        self._slots[bytes(method.name().data()).decode()]()
