"""Starting, cancelling and collecting the nudge panel's jobs."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from convstudio.engine.gradcheck import Nudge
from convstudio.ui.instruments.nudge.experiments import every_eps, every_weight, one_weight
from convstudio.ui.instruments.nudge.job import DONE, Feed

#: Rows the check table takes from the worker per poll, so a fast check cannot hold the event loop.
ROWS_PER_POLL = 400


class Running:
    """Runs the experiments on jobs and takes in their results as they come."""

    def _start_all(self) -> None:
        """The nudge at the chosen ε first, then the sweep over every ε: it starts once backprop's
        gradients are known, so a large network does not run backprop twice at once."""
        self._start_one()
        old = self._jobs.pop("sweep", None)
        if old is not None:
            old.stop()
        self.sweep_results = []
        self._sweep_waiting = self.grads is None
        if not self._sweep_waiting and self.isVisible():
            self._start_sweep()

    def _start_sweep(self) -> None:
        self._sweep_waiting = False
        self._start("sweep", every_eps(self._state(), self.grads, self.tensor, self.index))

    def _restart_if_changed(self) -> bool:
        """Start the experiment over if the network, data or weights changed; True if they did."""
        if not self._sync():
            return False
        self._show_picker()
        self._start_all()
        return True

    def _start_one(self) -> None:
        self.error = ""
        self.message.hide()
        self._show_result()
        if not self.isVisible():  # a closed or hidden instrument computes nothing
            self._pending = True
            return
        self._start("one", one_weight(self._state(), self.grads, self.tensor, self.index, self.eps))

    def _start(self, kind: str, work: Iterator[tuple[Any, ...]]) -> None:
        old = self._jobs.pop(kind, None)
        if old is not None:
            old.stop()
        self._jobs[kind] = Feed(self.session.jobs, kind, work)
        if not self._poll.isActive():
            self._poll.start()

    def _check_clicked(self) -> None:
        name = self.check_which.currentData()
        self.check_all((name,) if name else None)

    def check_all(self, tensors: tuple[str, ...] | None = None) -> None:
        """Nudge every weight of ``tensors`` (default: all parameters) and fill the table."""
        self._restart_if_changed()
        self.cancel_check()
        self._check_total = self.subject.count(tensors)
        self.check_seconds = 0.0
        self.check_backprop_seconds = None
        self.model.reset(self.subject)
        self.progress.setMaximum(self._check_total)
        self.progress.setValue(0)
        self.progress.show()
        self.check_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.summary.setText(self.tr("Nudging {0} weights, one at a time…").format(f"{self._check_total:,}"))
        self.tabs.setCurrentIndex(1)
        self._start("check", every_weight(self._state(), tensors, self.eps))

    def cancel_check(self) -> None:
        job = self._jobs.pop("check", None)
        if job is None:
            return
        job.stop()
        self._check_finished(cancelled=True)

    @property
    def checking(self) -> bool:
        return "check" in self._jobs

    @property
    def working(self) -> bool:
        """Whether an experiment is under way or about to start (a screenshot waits for it)."""
        return bool(self._jobs) or self._settle.isActive() or (self._pending and self.isVisible())

    def _collect(self) -> None:
        if self._restart_if_changed():  # the weights changed under the experiment: its results are void
            return
        for kind, job in list(self._jobs.items()):
            items = job.take(ROWS_PER_POLL if kind == "check" else 1 << 30)
            rows: list[Nudge] = []
            finished = False
            for item in items:
                if item is DONE:
                    finished = True
                elif isinstance(item, Exception):
                    self.error = str(item)
                elif isinstance(item, tuple):
                    rows.extend(self._apply(kind, item))
            if rows:
                self.model.extend(rows)
                self._show_check_progress()
            if finished:
                self._jobs.pop(kind, None)
                if kind == "check":
                    self._check_finished(cancelled=False)
            if items:
                self._show_result()
                self.updated.emit()
        if not self._jobs:
            self._poll.stop()

    def _apply(self, kind: str, item: tuple[Any, ...]) -> list[Nudge]:
        what = item[0]
        if what == "grads":
            if kind == "check":
                self.check_backprop_seconds = item[2]
            if self.grads is None:
                self.grads, self.backprop_seconds = item[1], item[2]
            if self._sweep_waiting:
                self._start_sweep()
            return []
        if what == "nudge":
            self.result, self.nudge_seconds = item[1], item[2]
        elif what == "sweep":
            self.sweep_results.append(item[1])
        elif what == "row":
            self.check_seconds += item[2]
            return [item[1]]
        return []
