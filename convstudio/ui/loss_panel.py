"""The loss curve: one point per finished iteration, a marker at the current one, hover for values.

pyqtgraph is imported when the panel is built (after the window's first paint), not when this
module is imported. Redraws are coalesced to at most ~30 a second however fast training reports.
"""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import QEvent, QTimer
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from convstudio.session.session import Session

REDRAW_MS = 33
CURVE = {False: "#0072B2", True: "#56B4E9"}  # Okabe-Ito blue, and sky blue on the dark palette
MARKER = "#D55E00"


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
        self.marker = item.plot([], [], pen=None, symbol="o", symbolSize=10, symbolBrush=MARKER)
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
        session.loss_recorded.connect(self.schedule)
        session.params_changed.connect(self.schedule)
        session.spec_changed.connect(self.schedule)
        self._drawn: tuple[tuple[int, bool] | None, np.ndarray] = (None, np.zeros(0))
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
        losses = np.asarray(self.session.losses, dtype=np.float64)
        return np.arange(1, len(losses) + 1, dtype=np.float64), losses

    def redraw(self) -> None:
        self.redraws += 1
        x, y = self.data()
        current = self.session.iteration  # 0-based: the iteration being stepped through
        drawn = (current, self.log.isChecked())
        if drawn == self._drawn[0] and np.array_equal(y, self._drawn[1]):
            return  # the same picture: a repaint of the axes costs milliseconds
        self._drawn = (drawn, y)
        finite = np.isfinite(y) & (y > 0 if self.log.isChecked() else True)
        self.curve.setData(x[finite], y[finite])
        if 0 < current <= len(y):
            self.marker.setData([current], [y[current - 1]])
        else:
            self.marker.setData([], [])
        # whole iterations only while a few are shown (pyqtgraph would tick at 1.5)
        self.plot.getPlotItem().getAxis("bottom").setTickSpacing(*((1, 1) if len(y) <= 8 else ()))
        self.empty.setVisible(len(y) == 0)
        self.plot.setVisible(len(y) > 0)
        if len(y):
            self.summary.setText(f"iteration {len(y)}: L = {y[-1]:.6g}")
        else:
            self.summary.setText("")

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
