"""The landscape's pyqtgraph plot: the heat map, its contours and the colour bar."""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QRectF
from PySide6.QtGui import QTransform

from convstudio.engine.landscape_map import colour_values, loss_labels, short_number
from convstudio.ui.look import colors

LEVELS = 10

MAX_ARROWS = 12
MAX_DOTS = 400
CURRENT = colors.HIGHLIGHT_WRITE
BAR_AXIS_WIDTH = 64

LEGEND = QT_TRANSLATE_NOOP(
    "MapPlot",
    "White line: the path, one dot per iteration, the square where it started.\n"
    "Orange disc: the current weights; dashed white: the contour through them.\n"
    "Dashed orange: this iteration's update so far, at right angles to that contour.\n"
    "Orange arrows: where the path leaves the map.",
)


class MapPlot:
    """Builds the plot and paints the map of losses into it."""

    def _build_plot(self, pg, background) -> None:  # type: ignore[no-untyped-def]
        """The map, its contours, the path and its markers, the arrows and the colour bar."""
        self.plot = pg.PlotWidget(background=background)
        self.plot.setToolTip(QCoreApplication.translate("MapPlot", LEGEND))
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

    def shown_values(self) -> np.ndarray:
        """What the colours encode: L, or log10 L with zero clamped to the smallest positive value."""
        return colour_values(self.loss_grid, self.log.isChecked())

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
        label = f"L − {short_number(f'{self.bar_base:.12g}')}" if narrow else ""
        self.colour_bar.axis.setLabel(label, color=self._foreground.name())
        self.colour_bar.axis.showLabel(narrow)
        # A flat map gets one tick, its value: ticks a millionth apart would not tell anything.
        middle = (low + high) / 2
        self.colour_bar.axis.setTicks([[(middle, short_number(f"{middle:.4g}"))]] if self.flat else None)
        if not done:
            return
        self._widen_bar(low, high, short_number(f"{middle:.4g}"))
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
