"""The classifier's accuracies, measured on a session job while the session trains: at most one
measurement running, the latest weights measured next, and one point per measured iteration.
"""

from __future__ import annotations

import time
from typing import Any

import numpy as np
from PySide6.QtCore import QObject, QTimer, Signal

from convstudio.engine import classifier_report
from convstudio.engine.classifier_report import Report
from convstudio.session.session import Session

#: How long the weights must rest before they are measured, and the least time between two
#: measurements while training (each takes tens of milliseconds on the worker).
SETTLE_MS = 250


def _measure(_job: Any, *args: Any) -> Report:
    return classifier_report.measure(*args)


class Measurements(QObject):
    """The reports measured so far (by iteration) for a session with a test set; ``measured``
    after each new one."""

    measured = Signal()

    def __init__(self, session: Session, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.reports: dict[int, Report] = {}
        self.test: tuple[np.ndarray, np.ndarray] | None = None
        self._job: Any = None
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(SETTLE_MS)
        self._timer.timeout.connect(self._start)
        session.params_changed.connect(self.schedule)
        session.loss_recorded.connect(self.schedule)
        session.spec_changed.connect(self.forget)
        session.data_changed.connect(self._data_changed)
        session.lesson_changed.connect(self.forget)
        self.forget()

    @property
    def latest(self) -> Report | None:
        """The report of the current iteration, else of the last one measured before it."""
        known = [n for n in self.reports if n <= self.session.iteration]
        return self.reports[max(known)] if known else None

    def points(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(iterations, train accuracies, test accuracies), in order, up to the current iteration."""
        numbers = sorted(n for n in self.reports if n <= self.session.iteration)
        train = [self.reports[n].train_accuracy for n in numbers]
        test = [self.reports[n].test_accuracy for n in numbers]
        return np.array(numbers, dtype=np.float64), np.array(train), np.array(test)

    def forget(self) -> None:
        """The network, the data or the lesson changed: nothing measured still holds."""
        if self._job is not None:
            self._job.cancel()
            self._job = None
        self.reports = {}
        self.test = self.session.test_set
        self.schedule()
        self.measured.emit()

    def _data_changed(self) -> None:
        """A test image put in a mini-batch leaves the test set, and what was measured, as it was."""
        test = self.session.test_set
        same = (
            test is not None
            and self.test is not None
            and all(np.array_equal(a, b) for a, b in zip(test, self.test, strict=True))
        )
        if not same:
            self.forget()

    def schedule(self) -> None:
        if self.test is not None and not self._timer.isActive():
            self._timer.start()

    def _start(self) -> None:
        session = self.session
        data, number, state = session.data, session.iteration, session.state()
        if not self.reports and state.snapshot(state.first) is not None:
            number = state.first  # the curves start from the first weights kept, however fast training ran
        if self.test is None or data is None or self._job is not None or number in self.reports:
            return
        # iterations that were undone or forgotten are measured again when they run again
        self.reports = {n: r for n, r in self.reports.items() if n <= len(state.losses)}
        snap = state.snapshot(number)
        assert snap is not None  # the current iteration's weights are always kept
        self._job = session.jobs.submit(
            _measure,
            session.network,
            snap.params,
            snap.opt_state,
            (data.images, data.targets),
            self.test,
            number,
            name="classifier-report",
            on_done=self._finished,
        )

    def _finished(self, report: Report) -> None:
        self._job = None
        self.reports[report.iteration] = report
        self.measured.emit()
        self.schedule()

    def wait(self, timeout: float = 10.0) -> None:
        """Until the current iteration is measured (for tests and screenshots)."""
        from PySide6.QtCore import QCoreApplication

        end = time.monotonic() + timeout
        while self.session.iteration not in self.reports and time.monotonic() < end:
            if self._job is None:
                self._start()
            QCoreApplication.processEvents()
            time.sleep(0.005)
