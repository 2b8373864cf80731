"""The nudge experiment: move one weight by ±ε, rerun the data, and set the slope beside backprop's.

The student's own idea of a derivative, measured: L(w + ε) and L(w − ε) from two forward passes
over the whole batch, the slope (L(w + ε) − L(w − ε)) / 2ε, and backprop's dL/dw, the digits they
agree on highlighted. A sweep over ε (log-log) shows why ε is neither large (the chord is not the
tangent) nor tiny (the two losses then differ only by rounding). "Check" does the same for every
parameter in a table and counts the cost: two forward passes per weight, against backprop's one
forward and one backward pass for all of them.

The work runs as a session job and the event loop collects its results every few milliseconds:
one forward pass of the largest network takes ~60 ms and a full check can take minutes, so the
window never waits on it, and Cancel stops at the next weight. Results of weights that have since
changed are dropped.
"""

from __future__ import annotations

import math
import queue
import time
from collections.abc import Iterator, Mapping
from typing import Any

import numpy as np
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QSpinBox,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from convstudio.engine import gradcheck
from convstudio.engine.gradcheck import Nudge
from convstudio.engine.notation import Names
from convstudio.engine.spec import Spec
from convstudio.session.session import Session
from convstudio.session.workers import Job, Jobs
from convstudio.ui import colors
from convstudio.ui.matrix_view import MatrixView

#: How often the event loop collects the worker's results, in milliseconds.
POLL_MS = 15
#: Changes closer together than this (training reports every few ms) start one experiment, not many.
SETTLE_MS = 120
#: Rows the check table takes from the worker per poll, so a fast check cannot hold the event loop.
ROWS_PER_POLL = 400
AGREE_COLOR = colors.HIGHLIGHT_READ  # bluish green: the digits finite differences and backprop share
WORST_COLOR = QColor(213, 94, 0, 70)  # vermillion, light: the check's worst row
TITLES = {"W": "W · filters", "b": "b · conv bias", "V": "V · dense weights", "c": "c · dense bias"}


# ---------------------------------------------------------------------------------------------
# numbers as the panel prints them


def aligned(a: float, b: float, digits: int = 15) -> tuple[str, str]:
    """Both numbers to ``digits`` significant digits of the larger, in the same layout, so equal
    digits sit in the same places: ``-0.750000000012034`` over ``-0.750000000000000``."""
    finite = [abs(v) for v in (a, b) if math.isfinite(v)]
    scale = max(finite, default=0.0)
    exponent = math.floor(math.log10(scale)) if scale > 0 else 0

    def one(v: float) -> str:
        if not math.isfinite(v):
            return str(v)
        if -4 <= exponent < 6:
            return f"{v:.{max(digits - 1 - exponent, 0)}f}"
        return f"{v / 10.0**exponent:.{digits - 1}f}e{exponent}"

    return one(a), one(b)


def shared_prefix(a: str, b: str) -> int:
    """How many leading characters two aligned numbers share, counted only when at least one
    significant digit is among them (a shared "-0.0" says nothing)."""
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n if any(ch in "123456789" for ch in a[:n]) else 0


def duration(seconds: float) -> str:
    """0.42 ms, 12 ms, 3.1 s, 2 min 5 s."""
    if seconds < 0.01:
        return f"{seconds * 1e3:.2g} ms"
    if seconds < 1:
        return f"{seconds * 1e3:.0f} ms"
    if seconds < 60:
        return f"{seconds:.2g} s" if seconds < 10 else f"{seconds:.0f} s"
    return f"{int(seconds // 60)} min {int(seconds % 60)} s"


def cost_text(weights: int, batch: int, fd_seconds: float, bp_seconds: float | None) -> str:
    """The cost line: finite differences' forward passes beside backprop's two passes."""
    images = "1 image" if batch == 1 else f"{batch} images"
    w = "1 weight" if weights == 1 else f"{weights:,} weights"
    passes = "2 forward passes" if weights == 1 else f"{2 * weights:,} forward passes"
    text = f"Checking {w} took {passes} over the data ({images}): {duration(fd_seconds)}."
    if bp_seconds is not None:
        every = "its gradient" if weights == 1 else f"all {weights:,}"
        text += f" Backprop got {every} from 1 forward + 1 backward pass: {duration(bp_seconds)}."
    return text


def _minus(text: str) -> str:
    return text.replace("-", "−")


def parse_eps(text: str) -> float:
    """ε from what the student typed; ValueError with advice when it is not a usable nudge."""
    cleaned = text.strip().lower().replace("−", "-").replace("ε", "").replace("=", "").replace(",", ".")
    try:
        value = float(cleaned)
    except ValueError:
        raise ValueError(f"“{text.strip()}” is not a number: type a nudge like 1e-5 or 0.001") from None
    if not (math.isfinite(value) and 0 < value <= 1):
        raise ValueError(f"ε must be a positive number no larger than 1, like 1e-5, not {text.strip()}")
    return value


# ---------------------------------------------------------------------------------------------
# the worker


_DONE = object()


class _Tabs(QTabWidget):
    """Tabs that take the height left over: asked for a height for their width, they answered with
    their plot's preferred height, and the layout drew them over the one-weight box above."""

    def hasHeightForWidth(self) -> bool:
        return False


class _Feed:
    """A generator run as one of the session's jobs, handing each item over through a queue that the
    panel polls (a check's rows come faster than the panel should redraw).

    It reads only arrays the session never modifies in place, and stops before the next item when
    cancelled; an error becomes an item too, for the panel to show."""

    def __init__(self, jobs: Jobs, kind: str, work: Iterator[tuple[Any, ...]]) -> None:
        self.results: queue.SimpleQueue[object] = queue.SimpleQueue()
        self._job = jobs.submit(self._run, work, name=f"ConvStudio nudge ({kind})")

    def _run(self, job: Job, work: Iterator[tuple[Any, ...]]) -> None:
        try:
            for item in work:
                if job.cancelled:
                    return
                self.results.put(item)
        except Exception as error:  # shown in the panel; the window carries on
            self.results.put(error)
        self.results.put(_DONE)

    def stop(self) -> None:
        self._job.cancel()

    def take(self, most: int = 1 << 30) -> list[object]:
        out: list[object] = []
        while len(out) < most:
            try:
                out.append(self.results.get_nowait())
            except queue.Empty:
                break
        return out


State = tuple[Spec, np.ndarray, np.ndarray, Mapping[str, np.ndarray]]


def _timed_backprop(state: State) -> tuple[Any, ...]:
    """("grads", backprop's gradients, the seconds they took)."""
    spec, x, target, params = state
    return ("grads", *gradcheck.timed_backprop(spec, params, x, target))


def _backprop(state: State, grads: Mapping[str, np.ndarray] | None) -> Iterator[tuple[Any, ...]]:
    """Backprop's gradients, timed, unless they are known already."""
    if grads is None:
        yield _timed_backprop(state)


def _one_weight(
    state: State, grads: Mapping[str, np.ndarray] | None, tensor: str, index: tuple[int, ...], eps: float
) -> Iterator[tuple[Any, ...]]:
    for item in _backprop(state, grads):
        grads = item[1]
        yield item
    spec, x, target, params = state
    started = time.perf_counter()
    nudge = gradcheck.nudge(spec, params, x, target, tensor, index, eps=eps, grads=grads)
    yield ("nudge", nudge, time.perf_counter() - started)


def _sweep(
    state: State, grads: Mapping[str, np.ndarray] | None, tensor: str, index: tuple[int, ...]
) -> Iterator[tuple[Any, ...]]:
    for item in _backprop(state, grads):
        grads = item[1]
        yield item
    spec, x, target, params = state
    for n in gradcheck.sweep(spec, params, x, target, tensor, index, grads=grads):
        yield ("sweep", n)


def _every_weight(state: State, tensors: tuple[str, ...] | None, eps: float) -> Iterator[tuple[Any, ...]]:
    spec, x, target, params = state
    item = _timed_backprop(state)
    yield item
    rows = gradcheck.nudges(spec, params, x, target, eps=eps, tensors=tensors, grads=item[1])
    for nudge, seconds in gradcheck.timed(rows):
        yield ("row", nudge, seconds)


# ---------------------------------------------------------------------------------------------
# the table of every weight


class CheckModel(QAbstractTableModel):
    """One row per nudged weight: backprop, finite differences, their difference and agreeing digits."""

    HEADERS = ("weight", "digits", "backprop dL/dw", "slope (L₊ − L₋)/2ε", "difference")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[Nudge] = []
        self.names: Names | None = None
        self.worst = -1
        self.stale = False

    def reset(self, names: Names | None) -> None:
        self.beginResetModel()
        self.rows, self.names, self.worst, self.stale = [], names, -1, False
        self.endResetModel()

    def extend(self, nudges: list[Nudge]) -> None:
        if not nudges:
            return
        first = len(self.rows)
        self.beginInsertRows(QModelIndex(), first, first + len(nudges) - 1)
        self.rows.extend(nudges)
        self.endInsertRows()
        old = self.worst
        for i, n in enumerate(nudges, first):
            if self.worst < 0 or n.rel_error > self.rows[self.worst].rel_error:
                self.worst = i
        for row in {old, self.worst} - {-1}:
            self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.HEADERS) - 1))

    def set_stale(self, stale: bool) -> None:
        if stale != self.stale and self.rows:
            self.stale = stale
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.rows) - 1, len(self.HEADERS) - 1))

    def symbol(self, n: Nudge, grad: bool = False) -> str:
        name = ("d" if grad else "") + n.tensor
        return self.names.symbol(name, n.index) if self.names is not None else f"{name}{n.index}"

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> object:
        if role == Qt.ItemDataRole.DisplayRole and orientation == Qt.Orientation.Horizontal:
            return self.HEADERS[section]
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = 0) -> object:
        if not index.isValid():
            return None
        n = self.rows[index.row()]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if col == 0:
                return self.symbol(n) + ("  ◀ worst" if index.row() == self.worst else "")
            if col == 1:
                return str(n.agreeing_digits)
            if col == 2:
                return _minus(f"{n.backprop:.12g}")
            if col == 3:
                return _minus(f"{n.numeric:.12g}")
            return _minus(f"{n.abs_error:.2e}")
        if role == Qt.ItemDataRole.TextAlignmentRole and col > 0:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole and index.row() == self.worst:
            return WORST_COLOR
        if role == Qt.ItemDataRole.FontRole and index.row() == self.worst:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole and self.stale:
            return QColor(128, 128, 128)
        if role == Qt.ItemDataRole.ToolTipRole:
            return (
                f"{self.symbol(n)} nudged by ±{n.eps:g}: L₊ = {n.loss_plus!r}, L₋ = {n.loss_minus!r}\n"
                f"slope {n.numeric!r}, backprop {n.backprop!r}, relative difference {n.rel_error:.2e}"
            )
        return None


# ---------------------------------------------------------------------------------------------
# the panel


class NudgePanel(QWidget):
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
        self._spec: Spec | None = None
        self._jobs: dict[str, _Feed] = {}
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

    # --- building -------------------------------------------------------------------------------

    def _build(self) -> None:
        self.one = one = QGroupBox("Nudge one weight")
        self.tensor_box = QComboBox()
        self.tensor_box.setToolTip("Which parameter tensor to nudge")
        self.tensor_box.activated.connect(lambda _: self._tensor_chosen())
        self.filter_box, self.channel_box = QSpinBox(), QSpinBox()
        self.filter_label, self.channel_label = QLabel("Filter"), QLabel("Channel")
        for box, what in ((self.filter_box, "filter"), (self.channel_box, "channel")):
            box.setMinimum(1)
            box.setToolTip(f"Which {what} of W the grid shows")
            box.valueChanged.connect(lambda _: self._slice_changed())
        self.follow = QCheckBox("Follow the step")
        self.follow.setChecked(True)
        self.follow.setToolTip("Nudge the weight whose gradient or update the current step computes")
        self.eps_box = QComboBox()
        self.eps_box.setEditable(True)
        self.eps_box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        for eps in gradcheck.EPS_STEPS:
            self.eps_box.addItem(f"{eps:.0e}".replace("e-0", "e-"), eps)
        self.eps_box.setToolTip(
            "How far to nudge the weight, in decades (or type a value): too large and the slope is a "
            "chord's, too small and rounding swamps the difference"
        )
        self.eps_box.activated.connect(lambda i: self.set_eps(float(self.eps_box.itemData(i))))
        line = self.eps_box.lineEdit()
        assert line is not None
        line.editingFinished.connect(self._eps_typed)
        top = QHBoxLayout()
        top.addWidget(QLabel("Weight"))
        top.addWidget(self.tensor_box)
        top.addWidget(self.filter_label)
        top.addWidget(self.filter_box)
        top.addWidget(self.channel_label)
        top.addWidget(self.channel_box)
        top.addStretch(1)
        top.addWidget(self.follow)
        self.picker = MatrixView()
        self.picker.setToolTip("Click a weight to nudge it")
        self.picker.clicked.connect(self._cell_clicked)
        self.picker.setMinimumSize(110, 100)
        self.picker.setMaximumHeight(190)  # the grid shows the weights to click; the rest needs the room
        self.picker.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        eps_row = QHBoxLayout()
        eps_row.addWidget(QLabel("Nudge ε"))
        eps_row.addWidget(self.eps_box)
        eps_row.addStretch(1)
        self.headline = QLabel()
        self.headline.setWordWrap(True)
        self.verdict = QLabel()
        self.verdict.setWordWrap(True)
        self.readout = QLabel()
        self.readout.setTextFormat(Qt.TextFormat.RichText)
        self.readout.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.readout.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.readout.setToolTip(
            "The two losses come from two forward passes over the whole batch; backprop's value from "
            "one forward and one backward pass, shared by every weight. Green: the digits they share."
        )
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet("color: #D55E00;")
        self.message.hide()
        right = QVBoxLayout()
        right.addLayout(eps_row)
        right.addWidget(self.headline)
        right.addWidget(self.verdict)
        right.addWidget(self.message)
        right.addStretch(1)
        middle = QHBoxLayout()
        middle.addWidget(self.picker, 2)
        middle.addLayout(right, 3)
        self.one_cost = QLabel()
        self.one_cost.setWordWrap(True)
        self.plot_slot = QWidget()
        QVBoxLayout(self.plot_slot).setContentsMargins(0, 0, 0, 0)
        self.plot_slot.setMinimumHeight(150)
        self.sweep_caption = QLabel(
            "The slope's error for each ε: <span style='color:#0072B2'>● central (L₊ − L₋)/2ε</span>, "
            "<span style='color:#E69F00'>▼ one-sided (L₊ − L)/ε</span>, "
            "<span style='color:#D55E00'>● the ε above</span>. Too large an ε measures a chord (the "
            "error falls as ε², one-sided as ε); too small a one loses the difference in rounding "
            "(it grows as 1/ε)."
        )
        self.sweep_caption.setTextFormat(Qt.TextFormat.RichText)
        self.sweep_caption.setWordWrap(True)
        layout = QVBoxLayout(one)
        layout.addLayout(top)
        layout.addLayout(middle, 1)
        layout.addWidget(self.readout)
        layout.addWidget(self.one_cost)
        sweep = QWidget()
        layout = QVBoxLayout(sweep)
        layout.addWidget(self.plot_slot, 1)
        layout.addWidget(self.sweep_caption)

        every = QWidget()
        self.check_which = QComboBox()
        self.check_which.setToolTip("Which parameters to nudge, one at a time")
        self.check_button = QPushButton("Check")
        self.check_button.setToolTip("Nudge every weight in turn and compare each slope with backprop")
        self.check_button.clicked.connect(self._check_clicked)
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.setToolTip("Stop after the weight being nudged")
        self.cancel_button.clicked.connect(self.cancel_check)
        self.cancel_button.setEnabled(False)
        self.progress = QProgressBar()
        self.progress.setFormat("%v / %m weights")
        self.progress.hide()
        row = QHBoxLayout()
        row.addWidget(self.check_which, 1)
        row.addWidget(self.check_button)
        row.addWidget(self.cancel_button)
        self.model = CheckModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.clicked.connect(self._row_clicked)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.cost = QLabel()
        self.cost.setWordWrap(True)
        layout = QVBoxLayout(every)
        layout.addLayout(row)
        layout.addWidget(self.progress)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.cost)

        # Below the one weight, in turns: the same weight for every ε, or every weight for one ε.
        self.tabs = _Tabs()
        self.tabs.addTab(sweep, "Every ε")
        self.tabs.addTab(every, "Every parameter")
        self.tabs.setTabToolTip(
            0, "The same weight nudged by ε from 1e-1 to 1e-12: how far off each slope is"
        )
        self.tabs.setTabToolTip(1, "Every weight nudged in turn: a table, its worst row, and what it cost")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(4, 4, 4, 4)
        outer.addWidget(one)
        outer.addWidget(self.tabs, 1)

    # --- following the session -------------------------------------------------------------------

    def _state(self) -> State:
        s = self.session
        return s.spec, s.x, s.target, s.params

    def _state_key(self) -> tuple[object, ...]:
        spec, x, target, params = self._state()
        return (spec, x, target, *params.values())

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
        spec = self.session.spec
        if spec != self._spec:
            self._spec_changed(spec)
        self.grads = None
        self.backprop_seconds = None
        self.sweep_results = []
        self.result = None
        self.cancel_check()
        if self.model.rows and not self.model.stale:
            self.model.set_stale(True)
            self.summary.setText("The weights have changed since this check: press Check again.")
        return True

    def _spec_changed(self, spec: Spec) -> None:
        self._spec = spec
        names = list(spec.param_shapes())
        self.tensor_box.blockSignals(True)
        self.tensor_box.clear()
        for name in names:
            self.tensor_box.addItem(TITLES.get(name, name), name)
        self.tensor_box.blockSignals(False)
        self.check_which.clear()
        self.check_which.addItem(f"Every parameter ({gradcheck.count(spec):,} weights)", "")
        if len(names) > 1:
            for name in names:
                self.check_which.addItem(f"{name} only ({gradcheck.count(spec, (name,)):,})", name)
        self.filter_box.blockSignals(True)
        self.channel_box.blockSignals(True)
        self.filter_box.setMaximum(spec.filters)
        self.channel_box.setMaximum(spec.channels)
        self.filter_box.blockSignals(False)
        self.channel_box.blockSignals(False)
        shapes = spec.param_shapes()
        if (
            self.tensor not in shapes
            or len(self.index) != len(shapes[self.tensor])
            or not all(i < n for i, n in zip(self.index, shapes[self.tensor], strict=True))
        ):
            self.tensor, self.index = "W", (0, 0, 0, 0)
        self.model.reset(Names(spec))
        self.summary.setText("")
        self.cost.setText(
            f"Finite differences cost 2 forward passes per weight; backprop gets all "
            f"{gradcheck.count(spec):,} gradients from 1 forward and 1 backward pass."
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
        if step.phase not in ("backward", "update") or tensor not in self.session.spec.param_shapes():
            return
        if (tensor, step.index) != (self.tensor, self.index):
            self.select(tensor, step.index)

    # --- choosing the weight and ε --------------------------------------------------------------

    def select(self, tensor: str, index: tuple[int, ...]) -> None:
        """Nudge ``tensor[index]`` (0-based) from now on."""
        shape = self.session.spec.param_shapes()[tensor]
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
            self.message.setText(f"{error}. The nudge stays ε = {self._eps_text(self.eps)}.")
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
        self.eps_box.blockSignals(True)
        if i >= 0:
            self.eps_box.setCurrentIndex(i)
        self.eps_box.setEditText(self._eps_text(self.eps))
        self.eps_box.blockSignals(False)

    def _tensor_chosen(self) -> None:
        tensor = self.tensor_box.currentData()
        if tensor and tensor != self.tensor:
            shape = self.session.spec.param_shapes()[tensor]
            self.select(tensor, (0,) * len(shape))

    def _slice_changed(self) -> None:
        if self.tensor == "W":
            f, c = self.filter_box.value() - 1, self.channel_box.value() - 1
            if (f, c) != self.index[:2]:
                self.select("W", (f, c, *self.index[2:]))

    def _cell_clicked(self, row: int, col: int) -> None:
        shape = self.session.spec.param_shapes()[self.tensor]
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
        spec = self.session.spec
        params = self.session.params
        value = params[self.tensor]
        is_w = self.tensor == "W"
        for widget, shown in (
            (self.filter_box, is_w and spec.filters > 1),
            (self.filter_label, is_w and spec.filters > 1),
            (self.channel_box, is_w and spec.channels > 1),
            (self.channel_label, is_w and spec.channels > 1),
        ):
            widget.setVisible(shown)
        i = self.tensor_box.findData(self.tensor)
        if i >= 0 and i != self.tensor_box.currentIndex():
            self.tensor_box.setCurrentIndex(i)
        names = Names(spec)
        if value.ndim == 4:
            f, c = self.index[:2]
            for box, v in ((self.filter_box, f), (self.channel_box, c)):
                box.blockSignals(True)
                box.setValue(v + 1)
                box.blockSignals(False)
            grid = value[f, c]
            cell = self.index[2:]
            parts = [f"filter {f + 1}"] * (spec.filters > 1) + [f"channel {c + 1}"] * (spec.channels > 1)
            title = "W" + (f" · {', '.join(parts)}" if parts else "")
        else:
            grid = value.reshape(1, -1) if value.ndim == 1 else value
            cell = (0, self.index[0]) if value.ndim == 1 else self.index
            title = self.tensor

        def describe(row: int, col: int) -> str:
            full = (
                (*self.index[:2], row, col) if value.ndim == 4 else (row, col) if value.ndim == 2 else (col,)
            )
            return f"{names.symbol(self.tensor, full)} = {float(value[full])!r}: click to nudge it"

        self.picker.set_title(title)
        self.picker.set_matrix(grid, describe=describe)
        self.picker.set_highlights(writes=[(int(cell[0]), int(cell[1]))])

    # --- running -----------------------------------------------------------------------------------

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
        self._start("sweep", _sweep(self._state(), self.grads, self.tensor, self.index))

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
        self._start("one", _one_weight(self._state(), self.grads, self.tensor, self.index, self.eps))

    def _start(self, kind: str, work: Iterator[tuple[Any, ...]]) -> None:
        old = self._jobs.pop(kind, None)
        if old is not None:
            old.stop()
        self._jobs[kind] = _Feed(self.session.jobs, kind, work)
        if not self._poll.isActive():
            self._poll.start()

    def _check_clicked(self) -> None:
        name = self.check_which.currentData()
        self.check_all((name,) if name else None)

    def check_all(self, tensors: tuple[str, ...] | None = None) -> None:
        """Nudge every weight of ``tensors`` (default: all parameters) and fill the table."""
        self._restart_if_changed()
        self.cancel_check()
        spec = self.session.spec
        self._check_total = gradcheck.count(spec, tensors)
        self.check_seconds = 0.0
        self.check_backprop_seconds = None
        self.model.reset(Names(spec))
        self.progress.setMaximum(self._check_total)
        self.progress.setValue(0)
        self.progress.show()
        self.check_button.setEnabled(False)
        self.cancel_button.setEnabled(True)
        self.summary.setText(f"Nudging {self._check_total:,} weights, one at a time…")
        self.tabs.setCurrentIndex(1)
        self._start("check", _every_weight(self._state(), tensors, self.eps))

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
                if item is _DONE:
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

    # --- showing ---------------------------------------------------------------------------------

    def _show_result(self) -> None:
        names = Names(self.session.spec)
        w = names.symbol(self.tensor, self.index, "html")
        dw = names.symbol("d" + self.tensor, self.index, "html")
        value = float(self.session.params[self.tensor][self.index])
        eps = self._eps_text(self.eps)
        if self.error:
            self.message.setText(f"The experiment could not run: {self.error}")
            self.message.show()
        n = self.result
        self.headline.setText(f"{w} = {_minus(f'{value:.6g}')}, nudged by ±{eps}")
        if n is None:
            self.readout.setText("Two forward passes over the data, then the slope beside backprop's value…")
            self.verdict.setText("")
            self.one_cost.setText("")
            self._fit_one()
            self._draw_sweep()
            return
        slope, backprop = aligned(n.numeric, n.backprop)
        common = shared_prefix(slope, backprop)
        agree = f"<span style='color:{AGREE_COLOR}'><b>{{}}</b></span>"

        def marked(text: str) -> str:
            return agree.format(_minus(text[:common])) + _minus(text[common:])

        digits = n.agreeing_digits
        rows = [
            (f"L({w} + ε)", _minus(f"{n.loss_plus!r}"), "forward pass 1"),
            (f"L({w} − ε)", _minus(f"{n.loss_minus!r}"), "forward pass 2"),
            ("slope (L₊ − L₋) / 2ε", marked(slope), ""),
            (f"backprop {dw}", marked(backprop), ""),
        ]
        table = "".join(
            f"<tr><td nowrap>{a}</td><td>&nbsp;=&nbsp;</td><td nowrap>{b}</td>"
            f"<td nowrap>&nbsp;&nbsp;<span style='color:gray'>{c}</span></td></tr>"
            for a, b, c in rows
        )
        words = "digit" if digits == 1 else "digits"
        self.verdict.setText(
            f"They agree to <b>{digits} significant {words}</b> "
            f"(relative difference {_minus(f'{n.rel_error:.1e}')})."
        )
        self.readout.setText(f"<table cellspacing='1'>{table}</table>")
        batch = self.session.spec.batch
        weights = gradcheck.count(self.session.spec)
        text = cost_text(1, batch, self.nudge_seconds, None)
        if self.backprop_seconds is not None:
            text += (
                f" Backprop got this gradient and the other {weights - 1:,} from 1 forward + 1 backward "
                f"pass: {duration(self.backprop_seconds)}."
            )
        self.one_cost.setText(text)
        self._fit_one()
        self._draw_sweep()

    def _draw_sweep(self) -> None:
        if self._plot is None:
            if not self.isVisible() and not self.sweep_results:
                return
            self._make_plot()
        eps = np.array([n.eps for n in self.sweep_results])
        floor = 1e-17  # an error of exactly 0 still gets a point, at the bottom of the plot
        for curve, errors in (
            (self._central, np.array([n.abs_error for n in self.sweep_results])),
            (self._one_sided, np.array([abs(n.one_sided - n.backprop) for n in self.sweep_results])),
        ):
            shown = np.isfinite(errors)  # a loss that overflowed has no point to plot
            curve.setData(eps[shown], np.maximum(errors[shown], floor))
        if self.result is not None and math.isfinite(self.result.abs_error):
            self._marker.setData([self.result.eps], [max(self.result.abs_error, floor)])
        else:
            self._marker.setData([], [])

    def _make_plot(self) -> None:
        import pyqtgraph as pg

        palette = self.palette()
        background = palette.color(QPalette.ColorRole.Base)
        foreground = palette.color(QPalette.ColorRole.Text)
        plot = pg.PlotWidget(background=background)
        item = plot.getPlotItem()
        item.setLogMode(x=True, y=True)
        item.showGrid(x=True, y=True, alpha=0.25)
        item.setLabel("bottom", "nudge ε", color=foreground.name())
        item.setLabel("left", "|slope − backprop|", color=foreground.name())
        for axis in ("bottom", "left"):
            item.getAxis(axis).setTextPen(foreground)
            item.getAxis(axis).setPen(foreground)
            item.getAxis(axis).enableAutoSIPrefix(False)  # "(x0.001)" on a log axis only confuses
        self._one_sided = item.plot(
            [], [], pen=pg.mkPen("#E69F00", width=2, style=Qt.PenStyle.DashLine), symbol="t",
            symbolSize=7, symbolBrush="#E69F00", symbolPen=None,
        )  # fmt: skip
        self._central = item.plot(
            [], [], pen=pg.mkPen("#0072B2", width=2), symbol="o", symbolSize=6, symbolBrush="#0072B2",
            symbolPen=None,
        )  # fmt: skip
        self._marker = item.plot([], [], pen=None, symbol="o", symbolSize=12, symbolBrush="#D55E00")
        plot.setMinimumHeight(170)
        self._plot = plot
        self.plot_slot.layout().addWidget(plot)

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

    def _show_check_progress(self) -> None:
        done = len(self.model.rows)
        self.progress.setValue(done)
        if self.checking:
            so_far = duration(self.check_seconds)
            left = ""
            if done:
                rest = self.check_seconds / done * (self._check_total - done)
                left = f"; about {duration(rest)} to go" if rest >= 1 else ""
            self.summary.setText(
                f"Checked {done:,} of {self._check_total:,} weights: {2 * done:,} forward passes, "
                f"{so_far} so far{left}…"
            )

    def _check_finished(self, *, cancelled: bool) -> None:
        self.check_button.setEnabled(True)
        self.cancel_button.setEnabled(False)
        self.progress.hide()
        rows = self.model.rows
        done = len(rows)
        if not done:
            self.summary.setText("Cancelled before the first weight." if cancelled else "")
            return
        worst = rows[self.model.worst]
        words = "digit" if worst.agreeing_digits == 1 else "digits"
        head = f"Cancelled after {done:,} of {self._check_total:,} weights. " if cancelled else ""
        self.summary.setText(
            f"{head}Worst: {self.model.symbol(worst, grad=True)} agrees to {worst.agreeing_digits} {words} "
            f"(relative difference {_minus(f'{worst.rel_error:.1e}')}); "
            f"{sum(n.agreeing_digits >= 8 for n in rows):,} of {done:,} agree to 8 or more."
        )
        self.cost.setText(
            cost_text(done, self.session.spec.batch, self.check_seconds, self.check_backprop_seconds)
        )
        worst = self.model.index(self.model.worst, 0)
        # once the rows just added are laid out
        center = QAbstractItemView.ScrollHint.PositionAtCenter
        QTimer.singleShot(0, self.table, lambda: self.table.scrollTo(worst, center))
