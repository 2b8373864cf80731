"""Autosave: the session is written to a recovery file while it changes, at most once per interval;
a clean exit deletes the file, so finding it at start means the last run ended abruptly.

Only the current iteration's weights are written (with every past loss), so a save stays small
however long the history, and it is written on a thread: the state it writes is a snapshot of
arrays that are never modified in place, and the event loop goes on meanwhile. A crash loses at
most one interval of work.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

from PySide6.QtCore import QObject, QStandardPaths, QTimer

from convstudio.engine.timeline import State, compact
from convstudio.session.session import Session
from convstudio.session.workers import Job

#: How often a changed session is written, in milliseconds.
INTERVAL_MS = 5000


def default_path() -> Path:
    """The recovery file in the user's application data folder (CONVSTUDIO_DATA_DIR overrides it)."""
    override = os.environ.get("CONVSTUDIO_DATA_DIR")
    base = (
        Path(override)
        if override
        else Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation))
    )
    return base / "autosave.convstudio"


class Autosaver(QObject):
    def __init__(self, session: Session, path: Path, interval_ms: int = INTERVAL_MS) -> None:
        super().__init__(session)
        self.session = session
        self.path = path
        self.saves = 0
        self.last_error = ""
        self._dirty = False
        self._writer: Job | None = None
        self._lock = threading.Lock()  # one write at a time, and none after discard
        self._discarded = False
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.save_if_changed)
        for signal in (
            session.params_changed,
            session.data_changed,
            session.spec_changed,
            session.loss_recorded,
        ):
            signal.connect(self._changed)

    def start(self) -> None:
        from convstudio.io import atomic

        atomic.remove_stale(self.path)  # what a run killed mid-save left behind
        self._timer.start()

    @property
    def busy(self) -> bool:
        """A save is being written."""
        return self._writer is not None and self._writer.is_alive()

    def _changed(self) -> None:
        self._dirty = True

    def save_if_changed(self) -> None:
        """Start writing the session on a thread if it changed (and the last write has finished)."""
        if self._dirty and not self.busy:
            state, texts = compact(self.session.state()), dict(self.session.lesson_text)
            self._dirty = False
            self._writer = self.session.jobs.submit(self._written, state, texts, name="ConvStudio autosave")

    def save(self) -> bool:
        """Write the session now and wait for it; False (with ``last_error``) if it could not be."""
        self.wait()
        self._dirty = False
        return self._write(compact(self.session.state()), dict(self.session.lesson_text))

    def wait(self) -> None:
        if self._writer is not None:
            self._writer.join()

    def _written(self, job: Job, state: State, texts: dict[str, str]) -> bool:
        return self._write(state, texts)

    def _write(self, state: State, texts: dict[str, str]) -> bool:
        from convstudio.io import sessionfile  # at the first save: start-up only makes the saver

        with self._lock:
            if self._discarded:
                return False
            try:
                sessionfile.save_state(self.path, state, texts)
            except (OSError, ValueError) as error:  # a full disk must not stop the lesson
                self.last_error = str(error)
                self._dirty = True  # try again next time
                return False
            self.saves += 1
            return True

    def discard(self) -> None:
        """A clean exit: nothing to recover next time (a write under way finishes first)."""
        self._timer.stop()
        with self._lock:
            self._discarded = True
            self.path.unlink(missing_ok=True)


def recoverable(path: Path) -> bool:
    return path.is_file() and path.stat().st_size > 0
