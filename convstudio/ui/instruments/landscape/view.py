"""The loss landscape: the loss over two weights as a heat map with contours, and the path SGD takes.

The map is a slice: the loss as the two picked weights vary, every other parameter held at its
value at the start of the current iteration. The path is the two weights at the start of every
iteration so far, drawn on that slice; its earlier points belonged to slices through other values
of the other weights, so only the current point is sure to sit at the height the map shows.

The grid passes through the current point exactly (its cell there holds the session's loss). The
view follows the path until the learner pans or zooms; "Fit to path" follows it again. Points where
the loss grew more than tenfold (a learning rate too large) are left off the map, with arrows where
the path leaves it. pyqtgraph is imported when the panel is built; redraws are coalesced to ~30 a
second, and a grid too slow for one go is computed in slices of rows between events.
"""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtGui import QPalette, QShowEvent
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from convstudio.engine.landscape import Pick
from convstudio.engine.landscape_map import fit_range, grid_axis, grid_side
from convstudio.session.session import Session
from convstudio.session.workers import Job
from convstudio.ui.instruments.landscape.path import PathDrawing
from convstudio.ui.instruments.landscape.plot import MapPlot
from convstudio.ui.instruments.landscape.rows import map_rows, rest_of_map
from convstudio.ui.instruments.landscape.surface import AnyPlane, Surface
from convstudio.ui.instruments.landscape.words import HOVER_HINT, Words
from convstudio.ui.look import colors, theme
from convstudio.ui.widgets.signals import signals_blocked

REDRAW_MS = 33

#: Floats one slice of rows may compute, and the time a slice may take before the events run.
SLICE_FLOATS = 1_000_000
SLICE_SECONDS = 0.025


class LandscapePanel(MapPlot, PathDrawing, Words, QWidget):
    """The loss over two picked weights as a map, with the path gradient descent takes on it."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        import pyqtgraph as pg

        self.session = session
        self.redraws = 0
        self.picks: tuple[Pick, Pick] | None = None
        self.following = True
        self.surface = Surface.of_session(session)
        self.plane: AnyPlane | None = None
        self.path = np.zeros((0, 2))
        self.a_values = self.b_values = np.zeros(0)
        self.loss_grid = np.zeros((0, 0))
        self.here = math.nan  # the loss at the current point
        self.off_map = 0
        self.flat = False  # the loss is the same on the whole map
        self.bar_base = 0.0  # what the colour bar's labels subtract (see _draw_map)
        self._path_stale = True
        self._job: tuple[AnyPlane, np.ndarray, np.ndarray] | None = None  # the map being computed
        self._grid_view = (0.0, 0.0, 0.0, 0.0)  # the view it covers
        self._next_row = 0
        self._pending = False
        self._setting_range = False
        self._diverged = ""
        self._pg = pg
        palette = self.palette()
        self._foreground = palette.color(QPalette.ColorRole.Text)
        self._note = colors.NOTE_DARK if theme.is_dark(palette) else colors.NOTE_LIGHT
        self.cmap = pg.colormap.get("viridis")  # sequential, perceptually even, colour-blind safe
        self._lut = self.cmap.getLookupTable(0.0, 1.0, 256, alpha=True)

        self.pick_a, self.pick_b = QComboBox(), QComboBox()
        self.pick_a.setAccessibleName(self.tr("Weight along the horizontal axis"))
        self.pick_b.setAccessibleName(self.tr("Weight along the vertical axis"))
        for combo, axis in ((self.pick_a, 0), (self.pick_b, 1)):
            combo.setEditable(True)
            combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
            combo.setMinimumContentsLength(6)
            combo.activated.connect(lambda _, a=axis: self._picked(a))
            combo.lineEdit().editingFinished.connect(lambda a=axis: self._picked(a))
        self.log = QCheckBox(self.tr("Log colour"))
        self.log.setToolTip(
            self.tr("Colours and contours by log10 L: shows the bottom of a deep valley and its rim")
        )
        self.log.toggled.connect(self.schedule)
        self.fit = QPushButton(self.tr("Fit to path"))
        self.fit.setToolTip(self.tr("Fit the view to the path again and follow it while training runs"))
        self.fit.clicked.connect(self.fit_to_path)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("Across")))  # the dock's title names the instrument
        top.addWidget(self.pick_a)
        top.addWidget(QLabel(self.tr("up")))
        top.addWidget(self.pick_b)
        top.addStretch(1)
        top.addWidget(self.log)
        top.addWidget(self.fit)

        self._build_plot(pg, palette.color(QPalette.ColorRole.Base))

        self.caption = QLabel()
        self.caption.setWordWrap(True)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.setStyleSheet(f"color: {self._note};")
        self.message.hide()
        self.hover = QLabel(QCoreApplication.translate("Words", HOVER_HINT))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(top)
        layout.addWidget(self.caption)
        layout.addWidget(self.plot, 1)
        layout.addWidget(self.message)
        layout.addWidget(self.hover)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(REDRAW_MS)
        self._timer.timeout.connect(self.redraw)
        # The job computing the rows the first slice left, if any; a list the destroyed hook
        # holds (not the panel), so that its results never reach a panel that is gone.
        self._workers: list[Job] = []
        workers = self._workers
        self.destroyed.connect(lambda *_: [job.cancel() for job in workers])
        self.view.sigRangeChangedManually.connect(self._moved_by_hand)
        self.view.sigRangeChanged.connect(self._range_changed)
        self.plot.scene().sigMouseMoved.connect(self._mouse_moved)
        session.spec_changed.connect(self._spec_changed)
        session.data_changed.connect(self._history_changed)
        session.params_changed.connect(self._history_changed)
        session.loss_recorded.connect(self.schedule)
        session.cursor_moved.connect(self._cursor_moved)
        session.failed.connect(self._failed)
        session.training_finished.connect(self._training_finished)
        session.training_progress.connect(self._training_progress)
        self._spec_changed()

    # --- following the session ------------------------------------------------------------------

    def schedule(self) -> None:
        """Redraw soon, once, however many changes arrive meanwhile (nothing while hidden)."""
        if self.isVisible() and not self._timer.isActive():
            self._timer.start()

    def _history_changed(self) -> None:
        self._path_stale = True  # the timeline may have been replaced: read the whole path again
        self.schedule()

    def _spec_changed(self) -> None:
        surface = self.surface = Surface.of_session(self.session)
        picks = self.picks
        try:
            picks = surface.check_picks(picks) if picks is not None else surface.default_picks()
        except ValueError:
            picks = surface.default_picks()
        listed = surface.cells()
        tip = self.tr("The weight along this axis: pick one, or type any parameter cell ({0})")
        for combo in (self.pick_a, self.pick_b):
            combo.setToolTip(tip.format(", ".join(surface.examples())))
            with signals_blocked(combo):
                combo.clear()
                combo.addItems([symbol for symbol, _ in listed])
        self._diverged = ""
        self.following = True
        self.set_picks(picks)

    def _failed(self, message: str) -> None:
        if "diverged" in message:
            self._diverged = message
            self._show_message()

    def _training_finished(self, reason: str) -> None:
        if reason == "diverged" and not self._diverged:
            self._diverged = self.tr("Training diverged: the loss became too large to compute.")
        self._show_message()

    def _training_progress(self, done: int, _total: int) -> None:
        if done == 0:
            self._diverged = ""

    def showEvent(self, event: QShowEvent) -> None:
        """Draw at once: nothing was drawn while hidden, and a screenshot may follow right away."""
        super().showEvent(event)
        self.redraw()

    # --- the learner's choices --------------------------------------------------------------------

    def set_picks(self, picks: tuple[Pick, Pick] | None) -> None:
        """Show the landscape over these two cells (None: this network has fewer than two)."""
        self.picks = picks
        item = self.plot.getPlotItem()
        for combo, pick, axis in zip(
            (self.pick_a, self.pick_b), picks or (None, None), ("bottom", "left"), strict=True
        ):
            combo.setEnabled(pick is not None)
            combo.setEditText(self.surface.symbol(*pick) if pick is not None else "")
            label = self.surface.symbol(*pick, "html") if pick is not None else ""
            item.setLabel(axis, label, color=self._foreground.name())
        self._path_stale = True
        self.schedule()

    def _picked(self, axis: int) -> None:
        combo = (self.pick_a, self.pick_b)[axis]
        if self.picks is None:
            return
        try:
            cell = self.surface.parse_cell(combo.currentText())
            picks = (cell, self.picks[1]) if axis == 0 else (self.picks[0], cell)
            self.surface.check_picks(picks)
        except ValueError as error:
            combo.setEditText(self.surface.symbol(*self.picks[axis]))
            self.show_note(str(error)[:1].upper() + str(error)[1:])
            return
        if picks != self.picks:
            self.following = True
            self.set_picks(picks)

    def fit_to_path(self) -> None:
        self.following = True
        self.redraw()

    def _moved_by_hand(self, *_: object) -> None:
        self.following = False
        self.schedule()

    def _range_changed(self, *_: object) -> None:
        if not self._setting_range and self._view_rect() != self._grid_view:
            self.schedule()  # a resize or a drag showed more of the plane

    # --- drawing --------------------------------------------------------------------------------

    def redraw(self) -> None:
        self._timer.stop()
        if not self.isVisible():
            return
        self.redraws += 1
        s = self.session
        if self.picks is None:
            self._clear(self.tr("This network has a single parameter: a landscape needs two weights."))
            return
        self._read_path()
        try:
            plane = self.surface.plane(s.params, s.x, s.target, self.picks)
        except ValueError as error:  # e.g. weights that are no longer finite
            self._clear(str(error))
            return
        here = float(plane.points(np.array([plane.origin[0]]), np.array([plane.origin[1]]))[0])
        if self.following:
            losses = np.append(np.asarray(s.losses, dtype=np.float64), here)[-len(self.path) :]
            if len(losses) < len(self.path):  # iterations whose loss was never recorded
                losses = np.concatenate([np.full(len(self.path) - len(losses), np.nan), losses])
            self._set_view(fit_range(self.path, losses, plane.origin))
        self.plane, self.here = plane, here
        self._request_grid()
        self._draw_path()
        self._cursor_moved()
        a, b = (self.surface.symbol(*p, "html") for p in self.picks)
        self.caption.setText(
            self.tr(
                "L over {0} (across) and {1} (up), the other weights fixed at iteration {2}. "
                "Here L = {3}. The path: {0} and {1} at the start of every iteration."
            ).format(a, b, s.iteration + 1, f"{here:.6g}")
            + ("" if self.following else self.tr(" View fixed: <i>Fit to path</i> follows the path again."))
        )
        self._show_message()

    def _read_path(self) -> None:
        """The picked weights at every iteration: read again after an edit, extended while training."""
        s = self.session
        assert self.picks is not None
        count = s.iteration + 1
        if self._path_stale or len(self.path) == 0:
            self.path = s.path(self.picks)
        elif count > len(self.path):
            self.path = np.concatenate([self.path, s.path(self.picks, len(self.path))])
        else:
            self.path = self.path[:count]
        self._path_stale = False

    def _set_view(self, rect: tuple[float, float, float, float]) -> None:
        self._setting_range = True
        try:
            self.view.setRange(xRange=rect[:2], yRange=rect[2:], padding=0)
        finally:
            self._setting_range = False

    def _view_rect(self) -> tuple[float, float, float, float]:
        r = self.view.viewRect()
        return (r.left(), r.right(), r.top(), r.bottom())

    def _request_grid(self) -> None:
        """Compute the map for the current plane and view; after the one in progress, if any."""
        if self._job is not None:
            self._pending = True
            return
        plane = self.plane
        assert plane is not None
        count = grid_side(plane.floats_per_point)
        x0, x1, y0, y1 = self._grid_view = self._view_rect()
        a_values = grid_axis(x0, x1, plane.origin[0], count)
        b_values = grid_axis(y0, y1, plane.origin[1], count)
        self._job = (plane, a_values, b_values)
        self._next_row = 0
        self._partial = np.full((count, count), np.nan)
        self._work()

    @property
    def busy(self) -> bool:
        """Whether a map is still being computed."""
        return self._job is not None

    @property
    def working(self) -> bool:
        """Whether a map is being computed or about to be (a screenshot waits for it)."""
        return self.busy or self._pending or self._timer.isActive()

    def _work(self) -> None:
        """Compute rows of the map for one slice's time here; a map too slow for that gets the rest
        computed as a session job, shown as its rows come."""
        if self._job is None:
            return
        plane, a_values, b_values = self._job
        rows = max(1, SLICE_FLOATS // max(plane.floats_per_point * len(a_values), 1))
        start, self._next_row, values = next(map_rows(plane, a_values, b_values, 0, rows, SLICE_SECONDS))
        self._partial[start : self._next_row] = values
        self.a_values, self.b_values, self.loss_grid = a_values, b_values, self._partial
        done = self._next_row >= len(b_values)
        self._draw_map(done)
        if done:
            self._map_done()
            return
        job = self.session.jobs.submit(
            rest_of_map, plane, a_values, b_values, self._next_row, rows, SLICE_SECONDS,
            name="ConvStudio landscape", on_progress=self._rows_done, on_done=self._map_done,
        )  # fmt: skip
        self._workers.append(job)

    def _rows_done(self, rows: object) -> None:
        start, end, values = rows  # type: ignore[misc]
        self._partial[start:end] = values
        self._next_row = end
        self._draw_map(self._next_row >= len(self.b_values))

    def _map_done(self, *_: object) -> None:
        self._job = None
        self._workers.clear()
        if self._pending:
            self._pending = False
            self.schedule()
