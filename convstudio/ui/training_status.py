"""Training in the status bar: a progress bar and Cancel while a run lasts, then how it ended."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QProgressBar, QPushButton, QStatusBar

from convstudio.session.session import Session


class TrainingStatus(QObject):
    """The status bar's share of a training run; ``end`` is the iteration the run stops after."""

    def __init__(self, session: Session, bar: QStatusBar, moved: Callable[[], None]) -> None:
        super().__init__(bar)
        self.session, self.bar, self._moved = session, bar, moved
        self.end = 0
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(220)
        # A share, not a count: the iteration itself is named once, in the toolbar.
        self.progress.setFormat("%p%")
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.clicked.connect(session.cancel_training)
        bar.addPermanentWidget(self.progress)
        bar.addPermanentWidget(self.cancel_button)
        self.progress.hide(), self.cancel_button.hide()
        session.training_progress.connect(self._progress)
        session.training_finished.connect(self._finished)

    def _progress(self, done: int, total: int) -> None:
        if not self.progress.isVisible():
            self.bar.clearMessage()  # the last run's outcome is old news now
            self.progress.show()
            self.cancel_button.show()
        self.end = self.session.iteration + total - done
        self.progress.setMaximum(total)
        self.progress.setValue(done)
        self._moved()

    def _finished(self, reason: str) -> None:
        self.progress.hide()
        self.cancel_button.hide()
        s, losses = self.session, self.session.losses
        last = s.iteration  # the iteration whose loss was recorded last (1-based)
        if s.cursor.done >= len(s.trace) and reason != "done":  # the end of the iteration shown
            losses, last = [s.trace.it.loss], s.iteration + 1
        said = {
            "done": self.tr("Training finished"),
            "cancelled": self.tr("Training cancelled"),
            "diverged": self.tr("Training stopped"),
        }
        what = (
            self.tr(" after iteration {0} (loss {1})").format(last, f"{losses[-1]:.6g}")
            if losses and last
            else ""
        )
        self.bar.showMessage(f"{said.get(reason, reason)}{what}", 8000)
