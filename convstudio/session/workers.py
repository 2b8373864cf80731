"""The one way ConvStudio works in the background: a job runs a function on its own thread, and its
progress and result come back on the GUI thread as Qt signals.

Every job is tracked until it ends, can be cancelled, and is stopped and joined at exit (and by the
tests after each test): a thread cut off by the interpreter's shutdown in the middle of NumPy or a
file can crash it. A job's function takes the job first, to read ``job.cancelled`` between pieces
of work and to ``job.report(...)`` progress.
"""

from __future__ import annotations

import atexit
import sys
import threading
import weakref
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot

#: The longest a worker holding the GIL keeps the GUI thread waiting, in seconds (Python's default,
#: 5 ms, is paid again at every handover: a step of the window waited 30 ms while the next
#: iteration of a large network was being computed).
GIL_SWITCH = 0.0005
#: Every job started that may still run.
_JOBS: weakref.WeakSet[Job] = weakref.WeakSet()


class _Relay(QObject):
    """Lives on the GUI thread, so that a signal a worker emits reaches its slots there (queued)."""

    progressed = Signal(object, object)
    ended = Signal(object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.progressed.connect(self._on_progress)
        self.ended.connect(self._on_end)

    @Slot(object, object)
    def _on_progress(self, job: Job, value: object) -> None:
        if not job.cancelled and job.on_progress is not None:
            job.on_progress(value)

    @Slot(object)
    def _on_end(self, job: Job) -> None:
        if job.cancelled:
            return
        if job.error is not None:
            if job.on_error is not None:
                job.on_error(job.error)
        elif job.on_done is not None:
            job.on_done(job.result)


class Job:
    """One function running on its own thread; ``result`` or ``error`` once it has ended."""

    def __init__(
        self,
        fn: Callable[..., Any],
        args: tuple[Any, ...],
        *,
        name: str,
        relay: _Relay | None,
        on_done: Callable[[Any], None] | None = None,
        on_progress: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        errors: tuple[type[BaseException], ...] = (),
    ) -> None:
        self.name = name
        self.on_done, self.on_progress, self.on_error = on_done, on_progress, on_error
        self.result: Any = None
        self.error: BaseException | None = None
        self._fn, self._args, self._errors = fn, args, errors
        self._relay = weakref.ref(relay) if relay is not None else None
        self._cancel = threading.Event()
        self._thread = threading.Thread(target=self._run, name=name, daemon=True)

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def cancel(self) -> None:
        """Ask the job to stop at its next check; its result, if any, is then never delivered."""
        self._cancel.set()

    def is_alive(self) -> bool:
        return self._thread.is_alive()

    def join(self, timeout: float | None = None) -> None:
        if self._thread.is_alive() and self._thread is not threading.current_thread():
            self._thread.join(timeout)

    def on_own_thread(self) -> bool:
        """Whether the caller is this job's own thread (and not the event loop)."""
        return threading.current_thread() is self._thread

    def report(self, value: object) -> None:
        """Hand ``value`` to ``on_progress`` on the GUI thread (called by the job's function)."""
        relay = self._relay() if self._relay is not None else None
        if relay is not None and not self.cancelled:
            relay.progressed.emit(self, value)

    def _start(self) -> Job:
        _JOBS.add(self)
        self._thread.start()
        return self

    def _run(self) -> None:
        try:
            self.result = self._fn(self, *self._args)
        except self._errors as error:  # an expected failure, for on_error; anything else is a bug
            self.error = error
        relay = self._relay() if self._relay is not None else None
        if relay is not None and not self.cancelled:
            relay.ended.emit(self)


class Jobs(QObject):
    """The jobs of one owner (a session): started, tracked and stopped together."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._relay = _Relay(self)
        self._mine: weakref.WeakSet[Job] = weakref.WeakSet()

    def submit(
        self,
        fn: Callable[..., Any],
        *args: Any,
        name: str,
        on_done: Callable[[Any], None] | None = None,
        on_progress: Callable[[Any], None] | None = None,
        on_error: Callable[[BaseException], None] | None = None,
        errors: tuple[type[BaseException], ...] = (),
    ) -> Job:
        """Run ``fn(job, *args)`` on a thread named ``name``. ``on_done(result)``, ``on_progress(value)``
        and ``on_error(error)`` (for the exception types in ``errors``) run on the GUI thread."""
        job = Job(
            fn, args, name=name, relay=self._relay,
            on_done=on_done, on_progress=on_progress, on_error=on_error, errors=errors,
        )  # fmt: skip
        self._mine.add(job)
        sys.setswitchinterval(min(sys.getswitchinterval(), GIL_SWITCH))
        return job._start()

    def running(self) -> list[Job]:
        return [job for job in self._mine if job.is_alive()]

    def stop(self, timeout: float = 10.0) -> None:
        """Cancel every job of this owner and wait for each to end."""
        stop(list(self._mine), timeout)


def stop(jobs: list[Job], timeout: float = 10.0) -> None:
    for job in jobs:
        job.cancel()
    for job in jobs:
        job.join(timeout)


@atexit.register
def stop_all(timeout: float = 10.0) -> None:
    """Cancel every job still running and wait for each (at exit, and after each test)."""
    stop(list(_JOBS), timeout)
