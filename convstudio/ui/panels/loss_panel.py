"""The loss curve: one point per iteration whose loss is computed, a marker at the last, hover for values.

pyqtgraph is imported when the panel is built (after the window's first paint), not when this
module is imported. Redraws are coalesced to at most ~30 a second however fast training reports.
"""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import QEvent, QTimer
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPalette
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from convstudio.session.session import Session
from convstudio.ui.widgets import accessible_plots

REDRAW_MS = 33
CURVE = {False: "#0072B2", True: "#56B4E9"}  # Okabe-Ito blue, and sky blue on the dark palette
MARKER = "#D55E00"
MARKER_EDGE = (200, 200, 200)  # pyqtgraph's own: visible on the light and on the dark palette


class LossPanel(QWidget):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("Loss"))
        import pyqtgraph as pg

        self.session = session
        self.redraws = 0
        self.plot = pg.PlotWidget()
        self.plot.setAccessibleName(self.tr("Loss curve"))
        item = self.plot.getPlotItem()
        item.showGrid(x=True, y=True, alpha=0.25)
        item.setMenuEnabled(False)
        # Antialiased: Qt's aliased wide lines break a steep segment (the first iterations' fall)
        # into separate dashes.
        self.curve = item.plot([], [], antialias=True)
        item.getAxis("left").enableAutoSIPrefix(False)  # "0.14", not "140 (x0.001)"
        # The range follows the data (redraw sets it): pyqtgraph's auto range settles only when it
        # next paints, and ticks spaced for the new data over the old range are millions of ticks.
        item.vb.disableAutoRange()
        # A long run (2,000,000 iterations at most) is drawn as a few thousand points: the highest
        # and lowest loss of each pixel column in view (hover reads the session's losses, exact).
        self.curve.setDownsampling(auto=True, method="peak")
        self.curve.setClipToView(True)
        self.curve.setSkipFiniteCheck(True)  # redraw() leaves out what is not finite
        # The marker's pen and brush are made once: a colour passed on every redraw makes a new
        # brush each time, and pyqtgraph's symbol cache (keyed by the brush) keeps every one.
        self.marker = item.plot(
            [],
            [],
            pen=None,
            symbol="o",
            symbolSize=10,
            symbolPen=pg.mkPen(MARKER_EDGE),
            symbolBrush=pg.mkBrush(MARKER),
        )
        self.hover_label = pg.TextItem(anchor=(0, 1))
        item.addItem(self.hover_label, ignoreBounds=True)
        self.hover_label.setVisible(False)  # empty, its filled box would still hide the curve under it
        self.empty = QLabel(self.tr("The loss appears here once the forward pass has computed it."))
        self.empty.setWordWrap(True)
        self.floor_note = QLabel()
        self.floor_note.setWordWrap(True)
        self.floor_note.setVisible(False)
        self.log = QCheckBox(self.tr("Log scale"))
        self.log.setToolTip(self.tr("Losses often fall by decades: a log scale shows the whole descent"))
        self.log.toggled.connect(self._set_log)
        self.summary = QLabel()
        # its text grows with the iterations: it must not widen the panel (and squeeze the others)
        self.summary.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        top = QHBoxLayout()
        top.addWidget(QLabel(self.tr("<b>Loss</b>")))
        top.addWidget(self.summary, 1)
        top.addWidget(self.log)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(top)
        layout.addWidget(self.plot, 1)
        layout.addWidget(self.floor_note)
        layout.addWidget(self.empty)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(REDRAW_MS)
        self._timer.timeout.connect(self.redraw)
        self.plot.scene().sigMouseMoved.connect(self._mouse_moved)
        item.vb.sigXRangeChanged.connect(self._space_ticks)
        session.loss_recorded.connect(self.schedule)
        session.cursor_moved.connect(self.schedule)  # the loss step computes the current loss
        session.params_changed.connect(self.schedule)
        session.spec_changed.connect(self.schedule)
        self._drawn: tuple[tuple[int, bool] | None, np.ndarray] = (None, np.zeros(0))
        self._iterations = np.zeros(0)
        self._summaries = ("", "")
        self._style()
        self.redraw()

    def _style(self) -> None:
        """Colours from the palette and fonts from the window's font (dark palette, projector mode)."""
        import pyqtgraph as pg

        palette = self.palette()
        dark = palette.color(QPalette.ColorRole.Window).lightness() < 128
        foreground = palette.color(QPalette.ColorRole.Text)
        self.plot.setBackground(palette.color(QPalette.ColorRole.Base))
        item = self.plot.getPlotItem()
        font = QFont(self.font())
        size = f"{font.pointSizeF():g}pt"
        item.setLabel("bottom", self.tr("iteration"), color=foreground.name(), size=size)
        item.setLabel("left", self.tr("loss L"), color=foreground.name(), size=size)
        for axis in ("bottom", "left"):
            item.getAxis(axis).setTextPen(foreground)
            item.getAxis(axis).setPen(foreground)
            item.getAxis(axis).setTickFont(font)
        self.curve.setPen(pg.mkPen(CURVE[dark], width=2.5))
        self.hover_label.setColor(foreground)
        self.hover_label.fill = pg.mkBrush(QColor(palette.color(QPalette.ColorRole.Base)))
        self.hover_label.setFont(font)

    def changeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.FontChange):
            self._style()
        super().changeEvent(event)

    def schedule(self) -> None:
        """Redraw soon, once, however many changes arrive meanwhile."""
        if not self._timer.isActive():
            self._timer.start()

    def data(self) -> tuple[np.ndarray, np.ndarray]:
        """(iterations 1, 2, ..., losses), both (n,): the finished iterations' losses, and the
        current one's once its loss step is done; views, not copies, of up to 2,000,000 values."""
        losses = np.asarray(self.session.losses, dtype=np.float64)
        if self._current_loss_known():
            losses = np.append(losses, self.session.trace.it.loss)
        n = len(losses)
        if len(self._iterations) < n:  # grown by doubling, so a long run makes it a few times only
            self._iterations = np.arange(1, max(2 * n, 1024) + 1)
            self._iterations.flags.writeable = False
        return self._iterations[:n], losses

    def _current_loss_known(self) -> bool:
        """Whether the cursor has passed the current iteration's loss step."""
        session = self.session
        if session.training or session.cursor.done == 0:
            return False  # nothing computed yet (training records each loss itself)
        known = session.trace.known("L", session.cursor)
        return bool(np.all(known))

    def redraw(self) -> None:
        self.redraws += 1
        x, y = self.data()
        raw = y
        drawn = (len(y), self.log.isChecked())
        if drawn == self._drawn[0] and np.array_equal(y, self._drawn[1]):
            return  # the same picture: a repaint of the axes costs milliseconds
        self._drawn = (drawn, y)
        log = self.log.isChecked()
        shown = np.isfinite(y)
        floor = None
        if log:
            floor = log_floor(y[shown])
            if floor is not None:  # zero has no place on a log scale: drawn on a floor, and said so
                y = np.maximum(y, floor)
        if shown.all():  # as almost always: no copies of a long run
            self.curve.setData(x, y)
        else:  # a diverged iteration's inf or NaN is left out
            self.curve.setData(x[shown], y[shown])
        if len(y) and math.isfinite(y[-1]):  # Qt may crash painting a point at infinity
            self.marker.setData([len(y)], [y[-1]])
        else:
            self.marker.setData([], [])
        self.floor_note.setText(
            self.tr(
                "L = 0 is drawn at {floor}, a decade below the smallest loss: a log scale has no zero."
            ).format(floor=f"{floor:.0e}")
            if floor is not None
            else ""
        )
        self.floor_note.setVisible(floor is not None)
        self._fit_range(len(y), y[shown], log)
        self._space_ticks()
        self.empty.setVisible(len(y) == 0)
        self.plot.setVisible(len(y) > 0)
        last = raw[-1] if len(raw) else math.nan
        self._summaries = (
            (self.tr("iteration {0}: L = {1}").format(len(y), f"{last:.6g}"), f"L = {last:.4g}")
            if len(y)
            else ("", "")
        )
        self._fit_summary()
        points = accessible_plots.latest_points(self.tr("iteration"), "L", x, raw)
        accessible_plots.describe(self.plot, points)

    def _fit_range(self, n: int, finite: np.ndarray, log: bool) -> None:
        """The view shows every iteration and every finite loss, and zero on the linear scale
        (a loss is never negative)."""
        view = self.plot.getPlotItem().vb
        n = max(n, 1)
        view.setXRange(0.5 if n <= 8 else 0.0, n + 0.5 if n <= 8 else n, padding=0.02)
        if log:
            positive = finite[finite > 0]
            low, high = (
                (math.log10(positive.min()), math.log10(positive.max())) if positive.size else (-1.0, 0.0)
            )
            view.setYRange(low, max(high, low + 1e-3), padding=0.05)
        else:
            high = float(finite.max()) if finite.size else 0.0
            view.setYRange(0.0, high if high > 0 else 1.0, padding=0.05)

    def _fit_summary(self) -> None:
        """The last loss with its iteration, or the loss alone (or nothing) where the panel is too
        narrow for both: the whole text is then the label's tooltip."""
        full, short = self._summaries
        metrics, room = QFontMetrics(self.summary.font()), self.summary.width()
        fits = metrics.horizontalAdvance(full) <= room
        self.summary.setText(full if fits else short if metrics.horizontalAdvance(short) <= room else "")
        self.summary.setToolTip("" if fits else full)

    def _space_ticks(self) -> None:
        """Ticks for the range in view: on whole iterations (pyqtgraph would tick at 1.5), labels at
        least half their width apart (pyqtgraph's own spacing let "100000" and "200000" touch on a
        narrow panel at projector sizes), so never more ticks than the axis has room for."""
        item = self.plot.getPlotItem()
        axis = item.getAxis("bottom")
        low, high = item.vb.viewRange()[0]
        size = axis.width()
        if not (size > 0 and math.isfinite(low) and math.isfinite(high) and high > low):
            axis.setTickSpacing()
            return
        digits = len(str(int(max(abs(low), abs(high)))))
        label = QFontMetrics(self.font()).horizontalAdvance("8" * min(digits, 7))  # 1e+06 beyond
        major, minor = tick_spacing(high - low, size, label)
        axis.setTickSpacing(major, minor)

    def resizeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().resizeEvent(event)
        self._space_ticks()
        self._fit_summary()

    def _set_log(self, on: bool) -> None:
        self.plot.getPlotItem().setLogMode(y=on)
        self.redraw()

    def hover_text(self, x: float) -> str | None:
        """'iteration k: loss = v' for the iteration nearest to x, or None outside the curve."""
        _, y = self.data()
        if len(y) == 0 or not math.isfinite(x):
            return None
        k = round(x)
        if not 1 <= k <= len(y):
            return None
        return self.tr("iteration {0}: loss = {1}").format(k, f"{y[k - 1]:.6g}")

    def _mouse_moved(self, pos) -> None:  # type: ignore[no-untyped-def]
        item = self.plot.getPlotItem()
        if not item.sceneBoundingRect().contains(pos):
            self.hover_label.setText("")
            self.hover_label.setVisible(False)
            return
        point = item.vb.mapSceneToView(pos)
        text = self.hover_text(point.x())
        self.hover_label.setText(text or "")
        self.hover_label.setVisible(bool(text))
        if text:
            k = round(point.x())
            value = self.data()[1][k - 1]
            self.hover_label.setPos(k, math.log10(value) if self.log.isChecked() and value > 0 else value)


def tick_spacing(span: float, pixels: float, label: float) -> tuple[float, float]:
    """(major, minor) tick spacing in iterations over ``span`` iterations drawn ``pixels`` wide:
    1, 2 or 5 times a power of ten, at least one iteration and 1.5 label widths apart."""
    least = max(span * 1.5 * label / pixels, 1.0)
    power = 10.0 ** math.floor(math.log10(least))
    major = next(f * power for f in (1, 2, 5, 10) if f * power >= least)
    return major, major / 5 if major >= 5 else major


def log_floor(losses: np.ndarray) -> float | None:
    """Where a log scale draws a zero loss: a decade below the smallest positive one (None if no
    loss is zero)."""
    if not (losses <= 0).any():
        return None
    positive = losses[losses > 0]
    return float(10.0 ** (math.floor(math.log10(positive.min())) - 1)) if positive.size else 1e-3
