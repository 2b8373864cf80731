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
import re
import time
from collections.abc import Iterator

import numpy as np
from PySide6.QtCore import QRectF, QTimer
from PySide6.QtGui import QPalette, QShowEvent, QTransform
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from convstudio.engine.landscape import Pick, Plane, check_picks
from convstudio.engine.notation import Names
from convstudio.engine.spec import Spec
from convstudio.session.session import Session
from convstudio.session.workers import Job
from convstudio.ui import colors, theme

REDRAW_MS = 33
#: Grid points per side; networks whose grid would hold more than GRID_FLOATS floats get fewer.
GRID = 41
MIN_GRID = 15
GRID_FLOATS = 20_000_000
#: Floats one slice of rows may compute, and the time a slice may take before the events run.
SLICE_FLOATS = 1_000_000
SLICE_SECONDS = 0.025
#: Points whose loss grew beyond this multiple of the path's first loss are left off the map.
GROWTH = 10.0
#: Space around the path, as a fraction of its extent; and the smallest half-width of the view.
MARGIN = 0.2
MIN_HALF = 0.25
LEVELS = 10
#: Cells listed in each weight picker; any other cell can be typed (e.g. V2,130).
MAX_LISTED = 400
MAX_ARROWS = 12
MAX_DOTS = 400
CURRENT = colors.HIGHLIGHT_WRITE
BAR_AXIS_WIDTH = 64
#: Path segments with both ends farther than this many view sizes away are not drawn (see clip_path).
FAR = 1e10
#: The view stays within ±VIEW_LIMIT: pyqtgraph adds and scales the ends of a range, which would
#: overflow near the float limit (1.8e308). Weights beyond it are off the map, and the panel says so.
VIEW_LIMIT = 1e300
LEGEND = (
    "White line: the path, one dot per iteration, the square where it started.\n"
    "Orange disc: the current weights; dashed white: the contour through them.\n"
    "Dashed orange: this iteration's update so far, at right angles to that contour.\n"
    "Orange arrows: where the path leaves the map."
)
HOVER_HINT = "Point at the map to read the loss there; drag to move it, scroll to zoom."


def cells(spec: Spec, limit: int = MAX_LISTED) -> list[tuple[str, Pick]]:
    """(symbol, pick) for the first ``limit`` parameter cells: W, then b, V, c, each row-major."""
    names = Names(spec)
    out: list[tuple[str, Pick]] = []
    for tensor, shape in spec.param_shapes().items():
        for index in np.ndindex(*shape):
            if len(out) >= limit:
                return out
            cell = tuple(int(i) for i in index)
            out.append((names.symbol(tensor, cell), (tensor, cell)))
    return out


def default_picks(spec: Spec) -> tuple[Pick, Pick] | None:
    """The first two parameter cells (W11 and W12 in every lesson); None if there is only one."""
    first = cells(spec, 2)
    return (first[0][1], first[1][1]) if len(first) == 2 else None


def parse_cell(spec: Spec, text: str) -> Pick:
    """The parameter cell a symbol names, as the panels write it (W12, W1,2,3, b2, V2,130, c1)."""
    shapes = spec.param_shapes()
    match = re.fullmatch(r"\s*([A-Za-z])\s*([\d,\s]*)", text)
    if match is None or match.group(1) not in shapes:
        raise ValueError(f"{text.strip() or 'nothing'} is not a weight: write e.g. W11 ({', '.join(shapes)})")
    tensor, digits = match.group(1), re.sub(r"\s", "", match.group(2))
    shown = Names(spec).shown[tensor]
    numbers = [int(d) for d in digits.split(",") if d] if "," in digits else [int(d) for d in digits]
    if len(numbers) != sum(shown):
        example = Names(spec).symbol(tensor, (0,) * len(shown))
        raise ValueError(f"{text.strip()}: {tensor} takes {sum(shown)} index(es), as in {example}")
    given = iter(numbers)
    index = tuple(next(given) - 1 if keep else 0 for keep in shown)
    shape = shapes[tensor]
    if not all(0 <= i < n for i, n in zip(index, shape, strict=True)):
        last = Names(spec).symbol(tensor, tuple(n - 1 for n in shape))
        raise ValueError(f"{text.strip()} is outside {tensor}, which ends at {last}")
    return tensor, index


def fit_range(
    path: np.ndarray, losses: np.ndarray, current: tuple[float, float]
) -> tuple[float, float, float, float]:
    """(x0, x1, y0, y1) around the path (n, 2) whose points had the losses (n,), leaving off the
    points where the loss grew more than GROWTH-fold since the first; the current point is the
    last row. A view of at least MIN_HALF (and a quarter of the weights' size) each way, within
    ±VIEW_LIMIT."""
    finite = np.isfinite(path).all(axis=1) & np.isfinite(losses)
    keep = finite.copy()
    if finite.any():
        reference = max(float(losses[np.argmax(finite)]), 1e-12)
        keep &= losses <= GROWTH * reference
        keep[np.argmax(finite)] = True
        points = path[keep]
    else:
        points = np.array([current]) if all(map(math.isfinite, current)) else np.zeros((1, 2))
    low, high = points.min(axis=0), points.max(axis=0)
    limit = VIEW_LIMIT / 2
    centre = np.clip(low / 2 + high / 2, -limit, limit)  # halves first: no overflow near the float limit
    floor = MIN_HALF * max(1.0, float(np.abs(centre).max()))
    with np.errstate(over="ignore"):  # an inf half-width is cut to the limit below
        half = np.minimum(np.maximum((high / 2 - low / 2) * (1 + 2 * MARGIN), floor), limit)
    return (
        float(centre[0] - half[0]),
        float(centre[0] + half[0]),
        float(centre[1] - half[1]),
        float(centre[1] + half[1]),
    )


def loss_labels(values: list[float], spacing: float, log: bool, base: float = 0.0) -> list[str]:
    """The colour bar's tick labels: the loss at each tick (10**v on a log scale), less ``base``,
    with the significant digits that tell neighbouring ticks apart."""
    if log:
        return [_short(f"{10.0**v:.3g}") for v in values]
    if base:  # ticks are multiples of the spacing; at this size v - base is only near one
        values = [round((v - base) / spacing) * spacing for v in values]
    size = max((abs(v) for v in values), default=1.0)
    digits = min(max(math.ceil(math.log10(size / spacing)) + 1 if size > 0 and spacing > 0 else 1, 1), 8)
    return [_short(f"{v:.{digits}g}") for v in values]


def _short(number: str) -> str:
    """5.87e+05 -> 5.87e5, 1e-07 -> 1e-7: labels that fit beside the colour bar."""
    mantissa, _, exponent = number.partition("e")
    return f"{mantissa}e{int(exponent)}" if exponent else mantissa


def grid_side(floats_per_point: int) -> int:
    """GRID points a side, fewer (down to MIN_GRID) for networks whose map would hold more than
    GRID_FLOATS floats: those take from a few tenths of a second to two, in slices."""
    fit = int(math.sqrt(GRID_FLOATS / max(floats_per_point, 1)))
    return max(MIN_GRID, min(GRID, fit))


def grid_axis(low: float, high: float, origin: float, count: int) -> np.ndarray:
    """``count`` evenly spaced values covering [low, high], shifted (by under half a step) so that
    ``origin`` is one of them: the map's cell at the current point holds exactly its loss. An origin
    off the map (a diverged point) leaves the values as they are."""
    step = (high - low) / (count - 1)
    if not (math.isfinite(step) and step > 0 and low - step <= origin <= high + step):
        return np.linspace(low, high, count)
    first = math.floor((low - origin) / step + 0.5)
    return origin + step * np.arange(first, first + count)


def clip_path(
    path: np.ndarray, rect: tuple[float, float, float, float]
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The path (n, 2) clipped to the rectangle (x0, x1, y0, y1), every segment at once
    (Liang-Barsky): the visible pieces as pairs of points (2k, 2), so Qt never sees the huge
    coordinates of a diverging path; and where segments leave the rectangle, as points (m, 2) and
    unit directions (m, 2), oldest first."""
    p0, p1 = path[:-1], path[1:]
    ok = np.isfinite(p0).all(axis=1) & np.isfinite(p1).all(axis=1)
    # Where a segment crosses is known to about 1e-16 of its nearer end's distance: segments with
    # both ends over FAR view sizes away cannot be placed on the map, and are left out.
    centre = np.array([rect[0] + rect[1], rect[2] + rect[3]]) / 2
    size = max(rect[1] - rect[0], rect[3] - rect[2])
    with np.errstate(over="ignore", invalid="ignore"):
        near = np.minimum(np.abs(p0 - centre).max(axis=1), np.abs(p1 - centre).max(axis=1))
    ok &= near <= FAR * size
    p0, p1 = p0[ok], p1[ok]
    half = p1 / 2 - p0 / 2  # half of each segment: finite however far apart its ends are
    t_in, t_out = np.zeros(len(half)), np.ones(len(half))
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        for axis, (low, high) in enumerate(((rect[0], rect[1]), (rect[2], rect[3]))):
            ta = (low / 2 - p0[:, axis] / 2) / half[:, axis]
            tb = (high / 2 - p0[:, axis] / 2) / half[:, axis]
            still = half[:, axis] == 0
            inside = (p0[:, axis] >= low) & (p0[:, axis] <= high)
            t_in = np.where(still, np.where(inside, t_in, np.inf), np.maximum(t_in, np.minimum(ta, tb)))
            t_out = np.where(still, np.where(inside, t_out, -np.inf), np.minimum(t_out, np.maximum(ta, tb)))
        seen = t_in <= t_out
        # Inside the rectangle by construction; clamping undoes rounding, which for ends of size s
        # is about 1e-16 * s and would hand Qt huge coordinates again.
        low, high = np.array([rect[0], rect[2]]), np.array([rect[1], rect[3]])
        starts = np.clip(p0[seen] + (2 * t_in[seen, None]) * half[seen], low, high)
        ends = np.clip(p0[seen] + (2 * t_out[seen, None]) * half[seen], low, high)
        leaving = t_out[seen] < 1
        scaled = half[seen][leaving] / np.abs(half[seen][leaving]).max(axis=1, keepdims=True)
    direction = scaled / np.linalg.norm(scaled, axis=1, keepdims=True)
    return np.stack([starts, ends], axis=1).reshape(-1, 2), ends[leaving], direction


def _rows(
    plane: Plane, a_values: np.ndarray, b_values: np.ndarray, start: int, rows: int, seconds: float
) -> Iterator[tuple[int, int, np.ndarray]]:
    """The map's rows from ``start`` on, ``rows`` at a time, gathered for ``seconds`` between yields."""
    while start < len(b_values):
        deadline = time.perf_counter() + seconds
        first, parts = start, []
        while start < len(b_values):
            end = min(start + rows, len(b_values))
            parts.append(plane.grid(a_values, b_values[start:end]))
            start = end
            if time.perf_counter() > deadline:
                break
        yield first, start, np.concatenate(parts)


def _rest_of_map(
    job: Job, plane: Plane, a_values: np.ndarray, b_values: np.ndarray, start: int, rows: int
) -> None:
    for chunk in _rows(plane, a_values, b_values, start, rows, SLICE_SECONDS):
        if job.cancelled:
            return
        job.report(chunk)


class LandscapePanel(QWidget):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        import pyqtgraph as pg

        self.session = session
        self.redraws = 0
        self.picks: tuple[Pick, Pick] | None = None
        self.following = True
        self.plane: Plane | None = None
        self.path = np.zeros((0, 2))
        self.a_values = self.b_values = np.zeros(0)
        self.loss_grid = np.zeros((0, 0))
        self.here = math.nan  # the loss at the current point
        self.off_map = 0
        self.flat = False  # the loss is the same on the whole map
        self.bar_base = 0.0  # what the colour bar's labels subtract (see _draw_map)
        self._path_stale = True
        self._job: tuple[Plane, np.ndarray, np.ndarray] | None = None  # the map being computed
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
        for combo, axis in ((self.pick_a, 0), (self.pick_b, 1)):
            combo.setEditable(True)
            combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
            combo.setMinimumContentsLength(6)
            combo.setToolTip(
                "The weight along this axis: pick one, or type any parameter cell (W12, b1, V2,3)"
            )
            combo.activated.connect(lambda _, a=axis: self._picked(a))
            combo.lineEdit().editingFinished.connect(lambda a=axis: self._picked(a))
        self.log = QCheckBox("Log colour")
        self.log.setToolTip("Colours and contours by log10 L: shows the bottom of a deep valley and its rim")
        self.log.toggled.connect(self.schedule)
        self.fit = QPushButton("Fit to path")
        self.fit.setToolTip("Fit the view to the path again and follow it while training runs")
        self.fit.clicked.connect(self.fit_to_path)
        top = QHBoxLayout()
        top.addWidget(QLabel("Across"))  # the dock's title names the instrument
        top.addWidget(self.pick_a)
        top.addWidget(QLabel("up"))
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
        self.hover = QLabel(HOVER_HINT)
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

    def _build_plot(self, pg, background) -> None:  # type: ignore[no-untyped-def]
        """The map, its contours, the path and its markers, the arrows and the colour bar."""
        self.plot = pg.PlotWidget(background=background)
        self.plot.setToolTip(LEGEND)
        item = self.plot.getPlotItem()
        item.hideButtons()
        item.setMenuEnabled(False)
        for axis in ("bottom", "left"):
            item.getAxis(axis).setTextPen(self._foreground)
            item.getAxis(axis).setPen(self._foreground)
            item.getAxis(axis).enableAutoSIPrefix(False)  # weights read as they are, not in thousandths
        self.view = item.getViewBox()
        self.view.setAspectLocked(True)  # the step crosses the contours at right angles, as drawn
        self.view.disableAutoRange()
        # Rows are b (up), columns a (across), as NumPy indexes the grid: said per item, so the map
        # never depends on the global imageAxisOrder option.
        self.image = pg.ImageItem(axisOrder="row-major")
        item.addItem(self.image)
        self.contours = [pg.IsocurveItem(level=0.0, axisOrder="row-major") for _ in range(LEVELS)]
        self.contour_here = pg.IsocurveItem(
            level=0.0, pen=pg.mkPen("w", width=2, dash=[4, 3]), axisOrder="row-major"
        )
        for contour in (*self.contours, self.contour_here):
            item.addItem(contour, ignoreBounds=True)
        self.path_under = pg.PlotCurveItem(pen=pg.mkPen((0, 0, 0, 150), width=4), connect="pairs")
        self.path_line = pg.PlotCurveItem(pen=pg.mkPen("w", width=2), connect="pairs")
        self.path_dots = pg.ScatterPlotItem(size=5, pen=pg.mkPen("k"), brush=pg.mkBrush("w"))
        self.start_marker = pg.ScatterPlotItem(size=9, symbol="s", pen=pg.mkPen("k"), brush=pg.mkBrush("w"))
        self.step_line = pg.PlotCurveItem(pen=pg.mkPen(CURRENT, width=2, dash=[3, 3]))
        self.step_marker = pg.ScatterPlotItem(size=11, pen=pg.mkPen(CURRENT, width=2), brush=pg.mkBrush(None))
        self.marker = pg.ScatterPlotItem(size=13, pen=pg.mkPen("w", width=2), brush=pg.mkBrush(CURRENT))
        for part in (
            self.path_under,
            self.path_line,
            self.path_dots,
            self.start_marker,
            self.step_line,
            self.step_marker,
            self.marker,
        ):
            item.addItem(part, ignoreBounds=True)
        self.arrows = []
        for _ in range(MAX_ARROWS):
            arrow = pg.ArrowItem(headLen=16, pen=pg.mkPen("w", width=1.5), brush=pg.mkBrush(CURRENT))
            arrow.hide()
            item.addItem(arrow, ignoreBounds=True)
            self.arrows.append(arrow)
        self.colour_bar = pg.ColorBarItem(values=(0.0, 1.0), colorMap=self.cmap, interactive=False, width=14)
        bar_axis = self.colour_bar.axis
        bar_axis.setTextPen(self._foreground)
        bar_axis.setPen(self._foreground)
        bar_axis.setWidth(BAR_AXIS_WIDTH)
        bar_axis.enableAutoSIPrefix(False)
        # The bar reads in L itself, on a log colour scale too; numbers stay short at any size.
        bar_axis.tickStrings = lambda values, scale, spacing: loss_labels(
            values, spacing, self.log.isChecked(), self.bar_base
        )
        item.layout.addItem(self.colour_bar, 2, 5)
        item.layout.setColumnFixedWidth(4, 5)

    # --- following the session ------------------------------------------------------------------

    def schedule(self) -> None:
        """Redraw soon, once, however many changes arrive meanwhile (nothing while hidden)."""
        if self.isVisible() and not self._timer.isActive():
            self._timer.start()

    def _history_changed(self) -> None:
        self._path_stale = True  # the timeline may have been replaced: read the whole path again
        self.schedule()

    def _spec_changed(self) -> None:
        spec = self.session.spec
        picks = self.picks
        try:
            picks = check_picks(spec, picks) if picks is not None else default_picks(spec)
        except ValueError:
            picks = default_picks(spec)
        listed = cells(spec)
        for combo in (self.pick_a, self.pick_b):
            combo.blockSignals(True)
            combo.clear()
            combo.addItems([symbol for symbol, _ in listed])
            combo.blockSignals(False)
        self._diverged = ""
        self.following = True
        self.set_picks(picks)

    def _failed(self, message: str) -> None:
        if "diverged" in message:
            self._diverged = message
            self._show_message()

    def _training_finished(self, reason: str) -> None:
        if reason == "diverged" and not self._diverged:
            self._diverged = "Training diverged: the loss became too large to compute."
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
        spec = self.session.spec
        item = self.plot.getPlotItem()
        for combo, pick, axis in zip(
            (self.pick_a, self.pick_b), picks or (None, None), ("bottom", "left"), strict=True
        ):
            combo.setEnabled(pick is not None)
            combo.setEditText(Names(spec).symbol(*pick) if pick is not None else "")
            label = Names(spec).symbol(*pick, "html") if pick is not None else ""
            item.setLabel(axis, label, color=self._foreground.name())
        self._path_stale = True
        self.schedule()

    def _picked(self, axis: int) -> None:
        combo = (self.pick_a, self.pick_b)[axis]
        if self.picks is None:
            return
        try:
            cell = parse_cell(self.session.spec, combo.currentText())
            picks = (cell, self.picks[1]) if axis == 0 else (self.picks[0], cell)
            check_picks(self.session.spec, picks)
        except ValueError as error:
            combo.setEditText(Names(self.session.spec).symbol(*self.picks[axis]))
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
            self._clear("This network has a single parameter: a landscape needs two weights.")
            return
        self._read_path()
        try:
            plane = Plane(s.spec, s.params, s.x, s.target, self.picks)
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
        names = Names(s.spec)
        a, b = (names.symbol(*p, "html") for p in self.picks)
        self.caption.setText(
            f"L over {a} (across) and {b} (up), the other weights fixed at iteration {s.iteration + 1}. "
            f"Here L = {here:.6g}. The path: {a} and {b} at the start of every iteration."
            + ("" if self.following else " View fixed: <i>Fit to path</i> follows the path again.")
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
        start, self._next_row, values = next(_rows(plane, a_values, b_values, 0, rows, SLICE_SECONDS))
        self._partial[start : self._next_row] = values
        self.a_values, self.b_values, self.loss_grid = a_values, b_values, self._partial
        done = self._next_row >= len(b_values)
        self._draw_map(done)
        if done:
            self._map_done()
            return
        job = self.session.jobs.submit(
            _rest_of_map, plane, a_values, b_values, self._next_row, rows,
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

    def shown_values(self) -> np.ndarray:
        """What the colours encode: L, or log10 L with zero clamped to the smallest positive value."""
        z = self.loss_grid.copy()
        if self.log.isChecked():
            positive = z[np.isfinite(z) & (z > 0)]
            floor = positive.min() if positive.size else 1e-300
            with np.errstate(divide="ignore", invalid="ignore"):
                z = np.log10(np.where(np.isfinite(z), np.maximum(z, floor), z))
        return z

    def _draw_map(self, done: bool) -> None:
        a, b = self.a_values, self.b_values
        z = self.shown_values()
        finite = np.isfinite(z)
        if not finite.any():
            self.image.clear()
            for contour in (*self.contours, self.contour_here):
                contour.setData(None)
            return
        low, high = float(z[finite].min()), float(z[finite].max())
        self.flat = not high > low
        if self.flat:  # a flat map (a dead filter, or weights so large that L cannot tell)
            pad = max(abs(low) * 1e-6, 1e-12)
            low, high = low - pad, high + pad
        span = high - low
        # NaN is left blank; +inf (an overflow) takes the top colour, as the largest loss there is.
        index = np.clip((np.where(np.isposinf(z), high, z) - low) / span * 255, 0, 255)
        rgba = self._lut[np.nan_to_num(index, nan=0).astype(np.intp)].copy()
        rgba[np.isnan(z), 3] = 0
        self.image.setImage(rgba, autoLevels=False)
        step_a = a[1] - a[0] if len(a) > 1 else 1.0
        step_b = b[1] - b[0] if len(b) > 1 else 1.0
        self.image.setRect(QRectF(a[0] - step_a / 2, b[0] - step_b / 2, step_a * len(a), step_b * len(b)))
        self.colour_bar.setLevels((low, high))
        # Losses that differ only in their last digits (huge weights) read as L minus the lowest.
        narrow = not self.flat and not self.log.isChecked() and high - low < 1e-4 * max(abs(low), abs(high))
        unit = 10.0 ** math.floor(math.log10(high - low)) if narrow else 1.0
        self.bar_base = math.floor(low / unit) * unit if narrow else 0.0  # round, as the ticks are
        label = f"L − {_short(f'{self.bar_base:.12g}')}" if narrow else ""
        self.colour_bar.axis.setLabel(label, color=self._foreground.name())
        self.colour_bar.axis.showLabel(narrow)
        # A flat map gets one tick, its value: ticks a millionth apart would not tell anything.
        middle = (low + high) / 2
        self.colour_bar.axis.setTicks([[(middle, _short(f"{middle:.4g}"))]] if self.flat else None)
        if not done:
            return
        self._widen_bar(low, high, _short(f"{middle:.4g}"))
        # Contours on a filled copy: overflowed cells count as the highest, above every level.
        filled = np.where(finite, z, high)
        # Isocurves come in pixel units with cell (i, j) centred at (j + 0.5, i + 0.5), as the image's.
        to_data = QTransform(step_a, 0, 0, step_b, a[0] - step_a / 2, b[0] - step_b / 2)
        fractions = np.arange(1, LEVELS + 1) / (LEVELS + 1)
        levels = low * (1 - fractions) + high * fractions if not self.flat else []  # no overflow near 1e308
        for k, contour in enumerate(self.contours):
            if k < len(levels):
                shade = self.cmap.map((levels[k] - low) / span, mode="byte")
                ink = colors.text_color_for(np.asarray(shade))
                contour.setPen(self._pg.mkPen(ink + "8c", width=1))
                contour.setData(filled, levels[k])
                contour.setTransform(to_data)
                contour.show()
            else:
                contour.hide()
        here = self._shown_here()
        # Near the floor of the map that contour shrinks to specks around the grid's lowest cells.
        if not self.flat and here is not None and low + 0.01 * span < here < high:
            self.contour_here.setData(filled, here)
            self.contour_here.setTransform(to_data)
            self.contour_here.show()
        else:
            self.contour_here.hide()

    def _widen_bar(self, low: float, high: float, flat_tick: str) -> None:
        """Room for the colour bar's longest label. It only grows: a narrower bar would widen the
        map, change the view and start another map, whose labels could differ again."""
        axis = self.colour_bar.axis
        labels = [flat_tick]
        if not self.flat:
            for spacing, values in axis.tickValues(low, high, max(self.plot.height(), 100)):
                labels += loss_labels(values, spacing, self.log.isChecked(), self.bar_base)
        widest = max(self.fontMetrics().horizontalAdvance(label) for label in labels)
        if widest + 18 > axis.width():  # the tick and a margin beside the label
            axis.setWidth(widest + 18)

    def _shown_here(self) -> float | None:
        """The loss at the current point in the colours' terms (L or log10 L); None if not finite."""
        here = self.here
        if not math.isfinite(here):
            return None
        if self.log.isChecked():
            return math.log10(here) if here > 0 else None
        return here

    def _on_map(self, point: np.ndarray) -> np.ndarray:
        """Whether each point (..., 2) lies in the view."""
        x0, x1, y0, y1 = self._view_rect()
        return (point[..., 0] >= x0) & (point[..., 0] <= x1) & (point[..., 1] >= y0) & (point[..., 1] <= y1)

    def _draw_path(self) -> None:
        path = self.path
        rect = self._view_rect()
        finite = path[np.isfinite(path).all(axis=1)]
        inside = finite[self._on_map(finite)]
        pairs, where, direction = clip_path(path, rect)
        self.path_under.setData(pairs[:, 0], pairs[:, 1], connect="pairs")
        self.path_line.setData(pairs[:, 0], pairs[:, 1], connect="pairs")
        if len(inside) <= MAX_DOTS:
            self.path_dots.setData(inside[:, 0], inside[:, 1])
        else:  # a long run: the line alone reads better than a string of beads
            self.path_dots.clear()
        first = finite[:1] if len(path) > 1 else finite[:0]
        self.start_marker.setData(first[:, 0], first[:, 1])
        current = path[-1:]
        self.marker.setData(current[:, 0], current[:, 1])
        where, direction = where[-MAX_ARROWS:], direction[-MAX_ARROWS:]
        for k, arrow in enumerate(self.arrows):
            if k < len(where):
                # The arrow is drawn in pixels (y down) and points left at angle 0.
                arrow.setStyle(angle=math.degrees(math.atan2(direction[k, 1], -direction[k, 0])))
                arrow.setPos(where[k, 0], where[k, 1])
                arrow.show()
            else:
                arrow.hide()
        self.off_map = len(finite) - len(inside)

    def _cursor_moved(self) -> None:
        """During the update phase the picked weights take their new values one at a time: a dashed
        line shows the step from the current point to where the weights are now."""
        s = self.session
        if self.picks is None or not self.isVisible() or s.training or not len(self.path):
            return
        if s.trace.it.number != s.iteration:
            return
        now = np.array([float(s.value(t)[i]) for t, i in self.picks])
        start = self.path[-1]
        if np.array_equal(now, start) or not np.isfinite(now).all():
            self.step_line.setData([], [])
            self.step_marker.clear()
            return
        piece, _, _ = clip_path(np.array([start, now]), self._view_rect())  # a diverging step is huge
        self.step_line.setData(piece[:, 0], piece[:, 1])
        shown = now[None] if self._on_map(now) else np.zeros((0, 2))
        self.step_marker.setData(shown[:, 0], shown[:, 1])

    # --- words ----------------------------------------------------------------------------------

    def _show_message(self) -> None:
        notes = []
        if self._diverged:
            notes.append(self._diverged)
        grid = self.loss_grid
        if grid.size and not self.busy:
            bad = ~np.isfinite(grid)
            if bad.all():
                notes.append("The loss overflows everywhere on this map: the weights are too large.")
            elif bad.any():
                notes.append(
                    f"The loss overflows on {bad.mean():.0%} of the map (inf: top colour, NaN: blank)."
                )
            if self.flat:
                notes.append(
                    "The loss is the same everywhere on this map: these two weights do not change it here "
                    "(a dead filter, or other weights so large that a change this small is lost in rounding)."
                )
        if self.off_map:
            why = f": there the loss had grown more than {GROWTH:g}-fold" if self.following else ""
            notes.append(
                f"{self.off_map} point(s) of the path are off the map{why}. "
                "The arrows show where the path leaves it."
            )
        if self.picks is not None and len(self.path) and not self._on_map(self.path[-1]):
            names = Names(self.session.spec)
            (wa, wb), (a, b) = (names.symbol(*p) for p in self.picks), self.path[-1]
            notes.append(f"The current point, {wa} = {a:.4g}, {wb} = {b:.4g}, is off the map.")
        self.message.setText("\n".join(notes))
        self.message.setVisible(bool(notes))

    def show_note(self, text: str) -> None:
        self.message.setText(text)
        self.message.show()

    def _clear(self, text: str) -> None:
        """No map: say why. A map still being computed is dropped."""
        self._job, self._pending = None, False
        for job in self._workers:
            job.cancel()
        self._workers.clear()
        self.a_values = self.b_values = np.zeros(0)
        self.loss_grid = np.zeros((0, 0))
        self.image.clear()
        for part in (self.path_under, self.path_line, self.step_line):
            part.setData([], [])
        for part in (self.path_dots, self.start_marker, self.step_marker, self.marker):
            part.clear()
        for item in (*self.contours, self.contour_here, *self.arrows):
            item.hide()
        self.caption.setText("")
        self.show_note(text)

    def hover_text(self, x: float, y: float) -> str | None:
        """'W11 = a, W12 = b: L = v' at the grid point nearest (x, y), or None off the map."""
        a, b, grid = self.a_values, self.b_values, self.loss_grid
        if self.picks is None or len(a) < 2 or not (math.isfinite(x) and math.isfinite(y)):
            return None
        j = round((x - a[0]) / (a[1] - a[0]))
        i = round((y - b[0]) / (b[1] - b[0]))
        if not (0 <= i < len(b) and 0 <= j < len(a)):
            return None
        names = Names(self.session.spec)
        wa, wb = (names.symbol(*p) for p in self.picks)
        return f"{wa} = {a[j]:.4g}, {wb} = {b[i]:.4g}: L = {grid[i, j]:.6g}"

    def _mouse_moved(self, pos) -> None:  # type: ignore[no-untyped-def]
        if not self.view.sceneBoundingRect().contains(pos):
            self.hover.setText(HOVER_HINT)
            return
        point = self.view.mapSceneToView(pos)
        self.hover.setText(self.hover_text(point.x(), point.y()) or HOVER_HINT)
