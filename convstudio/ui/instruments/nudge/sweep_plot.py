"""The nudge panel's plot: the slope's error against ε, on log-log axes."""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette


class SweepPlot:
    """Draws each ε's error, central and one-sided, and marks the ε chosen above."""

    def _draw_sweep(self) -> None:
        self.sweep_caption.setText(self._caption())
        self._fit_one()
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
        item.setLabel("bottom", self.tr("nudge ε"), color=foreground.name())
        item.setLabel("left", self.tr("|slope − backprop|"), color=foreground.name())
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
        plot.setMinimumHeight(110)  # room for the caption below it on a 1280x800 screen
        self._plot = plot
        self.plot_slot.layout().addWidget(plot)
