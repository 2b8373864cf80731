"""The nudge experiment: move one weight by ±ε, rerun the data, and set the slope beside backprop's.

The student's own idea of a derivative, measured: L(w + ε) and L(w − ε) from two forward passes
over the whole batch, the slope (L(w + ε) − L(w − ε)) / 2ε, and backprop's dL/dw, the digits they
agree on highlighted. A sweep over ε (log-log) shows why ε is neither large (the chord is not the
tangent) nor tiny (the two losses then differ only by rounding). "Check" does the same for every
parameter in a table and counts the cost: two forward passes per weight, against backprop's one
forward and one backward pass for all of them.

The work runs on a worker thread and the event loop collects its results every few milliseconds:
one forward pass of the largest network takes ~60 ms and a full check can take minutes, so the
window never waits on it, and Cancel stops at the next weight. Results of weights that have since
changed are dropped.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
from PySide6.QtCore import QModelIndex, QSize, QTimer, Signal
from PySide6.QtWidgets import QWidget

from convstudio.engine import gradcheck
from convstudio.engine.gradcheck import Nudge
from convstudio.engine.notation import exact
from convstudio.session.session import Session
from convstudio.ui.instruments.nudge.controls import Controls
from convstudio.ui.instruments.nudge.experiments import State
from convstudio.ui.instruments.nudge.job import Feed
from convstudio.ui.instruments.nudge.numbers import parse_eps
from convstudio.ui.instruments.nudge.readout import Readout
from convstudio.ui.instruments.nudge.running import Running
from convstudio.ui.instruments.nudge.styling import Styling
from convstudio.ui.instruments.nudge.subject import Subject
from convstudio.ui.instruments.nudge.sweep_plot import SweepPlot
from convstudio.ui.widgets.signals import signals_blocked

#: How often the event loop collects the worker's results, in milliseconds.
POLL_MS = 15
#: Changes closer together than this (training reports every few ms) start one experiment, not many.
SETTLE_MS = 120


class NudgePanel(Controls, Running, Readout, SweepPlot, Styling, QWidget):
    """Nudge one weight (or every one) and compare the measured slope with backprop's gradient."""

    updated = Signal()  # a result arrived (tests and screenshots wait on it)

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.tensor = "W"
        self.index: tuple[int, ...] = (0, 0, 0, 0)
        self.eps = gradcheck.EPS
        self.result: Nudge | None = None
        self.sweep_results: list[Nudge] = []
        self.grads: Mapping[str, np.ndarray] | None = None
        self.backprop_seconds: float | None = None
        self.nudge_seconds = 0.0
        self.check_seconds = 0.0
        self.check_backprop_seconds: float | None = None
        self.error = ""
        self._key: tuple[object, ...] = ()
        self.subject = Subject.of_session(session)
        self._network: object = None  # the network the pickers were built for
        self._jobs: dict[str, Feed] = {}
        self._check_total = 0
        self._plot: Any = None
        self._pending = False  # an experiment waits for the panel to show
        self._sweep_waiting = False  # the sweep waits for backprop's gradients

        self._build()
        self._show_eps()
        self._poll = QTimer(self)
        self._poll.setInterval(POLL_MS)
        self._poll.timeout.connect(self._collect)
        self._settle = QTimer(self)
        self._settle.setSingleShot(True)
        self._settle.setInterval(SETTLE_MS)
        self._settle.timeout.connect(self.refresh)
        jobs = self._jobs
        self.destroyed.connect(lambda *_: [job.stop() for job in list(jobs.values())])
        session.spec_changed.connect(self.refresh)
        session.data_changed.connect(self._schedule)
        session.params_changed.connect(self._schedule)
        session.loss_recorded.connect(self._schedule)
        session.cursor_moved.connect(self._follow)
        self.refresh()

    def sizeHint(self) -> QSize:
        return QSize(520, 780)

    def resizeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        """The one-weight box keeps the height its wrapped text needs at this width: the layout asks
        only for a guess, and on a short dock the readout was drawn over the grid."""
        super().resizeEvent(event)
        self._fit_one()

    def _fit_one(self) -> None:
        margins = self.layout().contentsMargins()
        self.one.setMinimumHeight(self.one.heightForWidth(self.width() - margins.left() - margins.right()))
        caption = self.sweep_caption  # the same for the sweep's caption, longer in some languages
        caption.setMinimumHeight(caption.heightForWidth(caption.width() or self.width()))

    # --- following the session -------------------------------------------------------------------

    def _state(self) -> State:
        s = self.session
        return self.subject, s.x, s.target, s.params

    def _state_key(self) -> tuple[object, ...]:
        s = self.session
        return (s.network if s.deep else s.spec, s.x, s.target, *s.params.values())

    def _schedule(self) -> None:
        if not self._settle.isActive():
            self._settle.start()

    def refresh(self) -> None:
        """Start the experiment over if the network, data or weights changed."""
        self._settle.stop()
        self._restart_if_changed()

    def _sync(self) -> bool:
        """Forget what was measured if the network, data or weights changed; True if they did."""
        key = self._state_key()
        if len(key) == len(self._key) and all(a is b for a, b in zip(key, self._key, strict=True)):
            return False
        self._key = key
        self.subject = Subject.of_session(self.session)
        if self.subject.of != self._network:
            self._network_changed()
        self.grads = None
        self.backprop_seconds = None
        self.sweep_results = []
        self.result = None
        self.cancel_check()
        if self.model.rows and not self.model.stale:
            self.model.set_stale(True)
            self.summary.setText(self.tr("The weights have changed since this check: press Check again."))
        return True

    def _network_changed(self) -> None:
        subject = self.subject
        self._network = subject.of
        names = list(subject.shapes)
        with signals_blocked(self.tensor_box):
            self.tensor_box.clear()
            for name in names:
                self.tensor_box.addItem(subject.title(name), name)
        self.check_which.clear()
        self.check_which.addItem(self.tr("Every parameter ({0} weights)").format(f"{subject.count():,}"), "")
        if len(names) > 1:
            for name in names:
                self.check_which.addItem(
                    self.tr("{0} only ({1})").format(subject.name(name), f"{subject.count((name,)):,}"), name
                )
        shapes = subject.shapes
        if (
            self.tensor not in shapes
            or len(self.index) != len(shapes[self.tensor])
            or not all(i < n for i, n in zip(self.index, shapes[self.tensor], strict=True))
        ):
            self.tensor = names[0]
            self.index = (0,) * len(shapes[self.tensor])
        self.model.reset(subject)
        self.summary.setText("")
        self.cost.setText(
            self.tr(
                "Finite differences cost 2 forward passes per weight; backprop gets all "
                "{0} gradients from 1 forward and 1 backward pass."
            ).format(f"{subject.count():,}")
        )
        self.progress.hide()

    def _follow(self) -> None:
        """Nudge the weight whose gradient (or update) the current step computes."""
        if not self.follow.isChecked():
            return
        step = self.session.step
        if step is None:
            return
        tensor = step.tensor[1:] if step.phase == "backward" else step.tensor
        if step.phase not in ("backward", "update") or tensor not in self.subject.shapes:
            return
        if (tensor, step.index) != (self.tensor, self.index):
            self.select(tensor, step.index)

    # --- choosing the weight and ε --------------------------------------------------------------

    def select(self, tensor: str, index: tuple[int, ...]) -> None:
        """Nudge ``tensor[index]`` (0-based) from now on."""
        shape = self.subject.shapes[tensor]
        if len(index) != len(shape) or not all(0 <= i < n for i, n in zip(index, shape, strict=True)):
            raise ValueError(f"{tensor} has shape {shape}; index {index} is outside it")
        self._sync()
        self.tensor, self.index = tensor, tuple(int(i) for i in index)
        self.sweep_results = []
        self.result = None
        self._show_picker()
        self._start_all()

    def set_eps(self, eps: float) -> None:
        self.message.hide()
        if eps == self.eps and self.result is not None:
            return
        self.eps = eps
        self._show_eps()
        if self._restart_if_changed():
            return
        known = next((n for n in self.sweep_results if n.eps == eps), None)
        if known is not None:  # the sweep has measured it already
            self.result = known
            self._show_result()
            return
        self.result = None
        self._start_one()

    def _eps_typed(self) -> None:
        line = self.eps_box.lineEdit()
        assert line is not None
        text = line.text()
        if text == self._eps_text(self.eps):
            return
        try:
            eps = parse_eps(text)
        except ValueError as error:
            self.message.setText(
                self.tr("{0}. The nudge stays ε = {1}.").format(error, self._eps_text(self.eps))
            )
            self.message.show()
            self._show_eps()
            return
        self.set_eps(eps)

    @staticmethod
    def _eps_text(eps: float) -> str:
        text = f"{eps:.0e}".replace("e-0", "e-") if eps in gradcheck.EPS_STEPS else f"{eps:g}"
        return text

    def _show_eps(self) -> None:
        i = self.eps_box.findData(self.eps)
        with signals_blocked(self.eps_box):
            if i >= 0:
                self.eps_box.setCurrentIndex(i)
            self.eps_box.setEditText(self._eps_text(self.eps))

    def _tensor_chosen(self) -> None:
        tensor = self.tensor_box.currentData()
        if tensor and tensor != self.tensor:
            self.select(tensor, (0,) * len(self.subject.shapes[tensor]))

    def _slice_changed(self) -> None:
        if len(self.index) == 4:
            f, c = self.filter_box.value() - 1, self.channel_box.value() - 1
            if (f, c) != self.index[:2]:
                self.select(self.tensor, (f, c, *self.index[2:]))

    def _cell_clicked(self, row: int, col: int) -> None:
        shape = self.subject.shapes[self.tensor]
        if len(shape) == 4:
            index: tuple[int, ...] = (*self.index[:2], row, col)
        elif len(shape) == 2:
            index = (row, col)
        else:
            index = (col,)
        if index != self.index:
            self.select(self.tensor, index)

    def _row_clicked(self, index: QModelIndex) -> None:
        n = self.model.rows[index.row()]
        if not self.model.stale:
            self.select(n.tensor, n.index)

    def _show_picker(self) -> None:
        subject = self.subject
        value = self.session.params[self.tensor]
        filters, channels = value.shape[:2] if value.ndim == 4 else (1, 1)
        with signals_blocked(self.filter_box, self.channel_box):
            self.filter_box.setMaximum(filters)
            self.channel_box.setMaximum(channels)
        for widget, shown in (
            (self.filter_box, filters > 1),
            (self.filter_label, filters > 1),
            (self.channel_box, channels > 1),
            (self.channel_label, channels > 1),
        ):
            widget.setVisible(shown)
        i = self.tensor_box.findData(self.tensor)
        if i >= 0 and i != self.tensor_box.currentIndex():
            self.tensor_box.setCurrentIndex(i)
        if value.ndim == 4:
            f, c = self.index[:2]
            for box, v in ((self.filter_box, f), (self.channel_box, c)):
                with signals_blocked(box):
                    box.setValue(v + 1)
            grid = value[f, c]
            cell = self.index[2:]
            parts = [self.tr("filter {0}").format(f + 1)] * (filters > 1) + [
                self.tr("channel {0}").format(c + 1)
            ] * (channels > 1)
            title = subject.name(self.tensor) + (f" · {', '.join(parts)}" if parts else "")
        else:
            grid = value.reshape(1, -1) if value.ndim == 1 else value
            cell = (0, self.index[0]) if value.ndim == 1 else self.index
            title = subject.name(self.tensor)

        def describe(row: int, col: int) -> str:
            full = (
                (*self.index[:2], row, col) if value.ndim == 4 else (row, col) if value.ndim == 2 else (col,)
            )
            return self.tr("{0} = {1}: click to nudge it").format(
                subject.describe(self.tensor, full), exact(value[full])
            )

        self.picker.set_title(title)
        self.picker.set_matrix(grid, describe=describe)
        self.picker.set_highlights(writes=[(int(cell[0]), int(cell[1]))])

    def showEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().showEvent(event)
        if self._plot is None:
            self._make_plot()
            self._draw_sweep()
        if self._pending:
            self._pending = False
            if not self._restart_if_changed():
                self._start_all()

    def hideEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        """Stop the one-weight experiment (a started check runs on); it starts again when shown."""
        for kind in ("one", "sweep"):
            job = self._jobs.pop(kind, None)
            if job is not None:
                job.stop()
                self._pending = True
        super().hideEvent(event)
