"""The loss curve: one point per finished iteration, a marker at the current one, hover for values.

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

REDRAW_MS = 33
CURVE = {False: "#0072B2", True: "#56B4E9"}  # Okabe-Ito blue, and sky blue on the dark palette
MARKER = "#D55E00"
MARKER_EDGE = (200, 200, 200)  # pyqtgraph's own: visible on the light and on the dark palette


class LossPanel(QWidget):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        import pyqtgraph as pg

        self.session = session
        self.redraws = 0
        self.plot = pg.PlotWidget()
        item = self.plot.getPlotItem()
        item.showGrid(x=True, y=True, alpha=0.25)
        item.setMenuEnabled(False)
        self.curve = item.plot([], [])
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
        self.empty = QLabel("The loss appears here after the first full iteration.")
        self.empty.setWordWrap(True)
        self.log = QCheckBox("Log scale")
        self.log.setToolTip("Losses often fall by decades: a log scale shows the whole descent")
        self.log.toggled.connect(self._set_log)
        self.summary = QLabel()
        # its text grows with the iterations: it must not widen the panel (and squeeze the others)
        self.summary.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        top = QHBoxLayout()
        top.addWidget(QLabel("<b>Loss</b>"))
        top.addWidget(self.summary, 1)
        top.addWidget(self.log)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addLayout(top)
        layout.addWidget(self.plot, 1)
        layout.addWidget(self.empty)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(REDRAW_MS)
        self._timer.timeout.connect(self.redraw)
        self.plot.scene().sigMouseMoved.connect(self._mouse_moved)
        item.vb.sigXRangeChanged.connect(self._space_ticks)
        session.loss_recorded.connect(self.schedule)
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
        item.setLabel("bottom", "iteration", color=foreground.name(), size=size)
        item.setLabel("left", "loss L", color=foreground.name(), size=size)
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
        """(iterations 1, 2, ..., losses), both (n,): views, not copies, of up to 2,000,000 values."""
        losses = np.asarray(self.session.losses, dtype=np.float64)
        n = len(losses)
        if len(self._iterations) < n:  # grown by doubling, so a long run makes it a few times only
            self._iterations = np.arange(1, max(2 * n, 1024) + 1)
            self._iterations.flags.writeable = False
        return self._iterations[:n], losses

    def redraw(self) -> None:
        self.redraws += 1
        x, y = self.data()
        current = self.session.iteration  # 0-based: the iteration being stepped through
        drawn = (current, self.log.isChecked())
        if drawn == self._drawn[0] and np.array_equal(y, self._drawn[1]):
            return  # the same picture: a repaint of the axes costs milliseconds
        self._drawn = (drawn, y)
        shown = np.isfinite(y)
        if self.log.isChecked():
            shown &= y > 0
        if shown.all():  # as almost always: no copies of a long run
            self.curve.setData(x, y)
        else:  # a diverged iteration's inf or NaN (or, on the log scale, a zero loss) is left out
            self.curve.setData(x[shown], y[shown])
        if 0 < current <= len(y):
            self.marker.setData([current], [y[current - 1]])
        else:
            self.marker.setData([], [])
        self._space_ticks()
        self.empty.setVisible(len(y) == 0)
        self.plot.setVisible(len(y) > 0)
        self._summaries = (f"iteration {len(y)}: L = {y[-1]:.6g}", f"L = {y[-1]:.4g}") if len(y) else ("", "")
        self._fit_summary()

    def _fit_summary(self) -> None:
        """The last loss with its iteration, or the loss alone (or nothing) where the panel is too
        narrow for both: the whole text is then the label's tooltip."""
        full, short = self._summaries
        metrics, room = QFontMetrics(self.summary.font()), self.summary.width()
        fits = metrics.horizontalAdvance(full) <= room
        self.summary.setText(full if fits else short if metrics.horizontalAdvance(short) <= room else "")
        self.summary.setToolTip("" if fits else full)

    def _space_ticks(self) -> None:
        """Whole iterations while a few are shown (pyqtgraph would tick at 1.5); later, labels at
        least half their width apart: pyqtgraph's own spacing let "100000" and "200000" touch on a
        narrow panel at projector sizes."""
        item = self.plot.getPlotItem()
        axis = item.getAxis("bottom")
        n = len(self.session.losses)
        axis.setTickSpacing(*((1, 1) if n <= 8 else ()))
        low, high = item.vb.viewRange()[0]
        size = axis.width()
        if n <= 8 or size <= 0 or not high > low:
            return
        digits = len(str(int(max(abs(low), abs(high)))))
        label = QFontMetrics(self.font()).horizontalAdvance("8" * min(digits, 7))  # 1e+06 beyond
        least = (high - low) * 1.5 * label / size  # iterations from one label to the next
        if axis.tickSpacing(low, high, size)[0][0] >= least:
            return  # pyqtgraph's spacing leaves room
        power = 10.0 ** math.floor(math.log10(least))
        major = next(f * power for f in (1, 2, 5, 10) if f * power >= least)
        axis.setTickSpacing(major, major / 5)

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
        return f"iteration {k}: loss = {y[k - 1]:.6g}"

    def _mouse_moved(self, pos) -> None:  # type: ignore[no-untyped-def]
        item = self.plot.getPlotItem()
        if not item.sceneBoundingRect().contains(pos):
            self.hover_label.setText("")
            return
        point = item.vb.mapSceneToView(pos)
        text = self.hover_text(point.x())
        self.hover_label.setText(text or "")
        if text:
            k = round(point.x())
            value = self.data()[1][k - 1]
            self.hover_label.setPos(k, math.log10(value) if self.log.isChecked() and value > 0 else value)
