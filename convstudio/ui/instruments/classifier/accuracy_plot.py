"""The train and test accuracy curves: one point per measured iteration, in percent, with a legend."""

from __future__ import annotations

import numpy as np
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QVBoxLayout, QWidget

#: Okabe-Ito blue for the training images, vermillion for the test images.
TRAIN, TEST = "#0072B2", "#D55E00"


class AccuracyPlot(QWidget):
    """Accuracy (%) against the iterations trained, for the training and the test images."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        import pyqtgraph as pg

        self.plot = pg.PlotWidget()
        self.plot.setAccessibleName(self.tr("Train and test accuracy per iteration"))
        self.plot.setMinimumHeight(150)
        item = self.plot.getPlotItem()
        item.showGrid(x=True, y=True, alpha=0.25)
        item.setMenuEnabled(False)
        item.setYRange(0, 100, padding=0.02)
        item.getAxis("bottom").enableAutoSIPrefix(False)  # iterations are counted, not scaled
        item.getViewBox().setMouseEnabled(x=False, y=False)
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.Text)
        self.plot.setBackground(palette.color(QPalette.ColorRole.Base))
        base = palette.color(QPalette.ColorRole.Base)
        base.setAlpha(220)
        legend = item.addLegend(offset=(-10, -10), labelTextColor=text, brush=pg.mkBrush(base))
        self.train = item.plot([], [], pen=pg.mkPen(TRAIN, width=2.5), name=self.tr("train"))
        self.test = item.plot(
            [], [], pen=pg.mkPen(TEST, width=2.5), symbol="o", symbolSize=4, symbolBrush=TEST, symbolPen=None,
            name=self.tr("test"),
        )  # fmt: skip
        legend.setZValue(10)
        item.setLabel("bottom", self.tr("iterations trained"), color=text.name())
        item.setLabel("left", self.tr("accuracy (%)"), color=text.name())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.plot)

    def show_points(self, iterations: np.ndarray, train: np.ndarray, test: np.ndarray) -> None:
        """Draw both curves; accuracies as fractions."""
        self.train.setData(iterations, 100 * train)
        self.test.setData(iterations, 100 * test)
        last = float(iterations[-1]) if len(iterations) else 0.0
        self.plot.getPlotItem().setXRange(0, max(last, 10.0), padding=0.02)  # from the first weights on

    def data(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(iterations, train %, test %) as drawn."""
        x, train = self.train.getData()
        _, test = self.test.getData()
        empty = np.zeros(0)
        return (
            empty if x is None else np.asarray(x),
            empty if train is None else np.asarray(train),
            empty if test is None else np.asarray(test),
        )
