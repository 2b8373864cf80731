"""Autosave: the session is written to a recovery file while it changes, at most once per interval;
a clean exit deletes the file, so finding it at start means the last run ended abruptly.

Only the current iteration's weights are written (with every past loss), so saving stays quick
however long the history; a crash loses at most one interval of work.
"""

from __future__ import annotations

import os
from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QObject, QStandardPaths, QTimer

from convstudio.session.session import Session, Snapshot, State

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


def compact(state: State) -> State:
    """The state with past weights left out (their losses stay): small and quick to write."""
    timeline = [Snapshot(None, {}, snap.loss) for snap in state.timeline[: state.iteration]]
    timeline += state.timeline[state.iteration :][:1]
    return replace(state, timeline=timeline)


class Autosaver(QObject):
    def __init__(self, session: Session, path: Path, interval_ms: int = INTERVAL_MS) -> None:
        super().__init__(session)
        self.session = session
        self.path = path
        self.saves = 0
        self.last_error = ""
        self._dirty = False
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
        self._timer.start()

    def _changed(self) -> None:
        self._dirty = True

    def save_if_changed(self) -> None:
        if self._dirty:
            self.save()

    def save(self) -> bool:
        from convstudio.io import sessionfile

        try:
            sessionfile.save_state(self.path, compact(self.session.state()), self.session.lesson_text)
        except (OSError, ValueError) as error:  # a full disk must not stop the lesson
            self.last_error = str(error)
            return False
        self._dirty = False
        self.saves += 1
        return True

    def discard(self) -> None:
        """A clean exit: nothing to recover next time."""
        self._timer.stop()
        self.path.unlink(missing_ok=True)


def recoverable(path: Path) -> bool:
    return path.is_file() and path.stat().st_size > 0
