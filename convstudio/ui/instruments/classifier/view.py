"""The classifier instrument: train and test accuracy over the iterations, the confusion matrix whose
cells open the test images they count, the first layer's filters as a gallery, and the misclassified
test images, each one click from being the image the trace steps through.

Everything is measured on a session job (measuring.py) and drawn when a measurement arrives, so
training never waits for it.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QGridLayout, QLabel, QLayout, QVBoxLayout, QWidget

from convstudio.engine.classifier_report import first_filters
from convstudio.session.session import Session
from convstudio.ui.class_names import class_names
from convstudio.ui.instruments.classifier.accuracy_plot import AccuracyPlot
from convstudio.ui.instruments.classifier.confusion_table import ConfusionTable
from convstudio.ui.instruments.classifier.filter_gallery import FilterGallery
from convstudio.ui.instruments.classifier.measuring import Measurements
from convstudio.ui.instruments.classifier.thumbnails import Thumbnails

#: The gallery redraws at most this often (ms) while the weights change with every iteration.
FILTERS_MS = 100
#: Narrower than this, the confusion matrix's images go under it rather than beside it.
NARROW = 480


class ClassifierView(QWidget):
    """How well the network classifies its lesson's held-out test images, as it trains."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.measurements = Measurements(session, self)
        self.picked: tuple[int, int] | None = None
        self.headline = QLabel()
        self.headline.setWordWrap(True)
        self.plot = AccuracyPlot()
        self.table = ConfusionTable()
        self.table.setMinimumSize(260, 240)
        self.cell_caption = QLabel(self.tr("Click a cell to see the test images it counts."))
        self.cell_caption.setWordWrap(True)
        self.cell_images = Thumbnails()
        self.gallery = FilterGallery()
        self.wrong_caption = QLabel()
        self.wrong_caption.setWordWrap(True)
        self.wrong = Thumbnails()
        self.empty = QLabel(
            self.tr(
                "This instrument measures a classifier on test images its lesson holds out from training: "
                "open the Handwritten digits lesson."
            )
        )
        self.empty.setWordWrap(True)
        self.grid = grid = QGridLayout()
        self._narrow: bool | None = None
        self._place(narrow=False)
        self.body = QWidget()
        body = QVBoxLayout(self.body)
        body.setContentsMargins(0, 0, 0, 0)
        body.addWidget(self.headline)
        body.addWidget(self.plot, 2)
        body.addLayout(grid, 3)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.empty)
        layout.addWidget(self.body, 1)
        self.table.picked.connect(self.open_cell)
        self.wrong.chosen.connect(self.step_through)
        self.cell_images.chosen.connect(self.step_through)
        self.measurements.measured.connect(self.redraw)
        self._filters_timer = QTimer(self)
        self._filters_timer.setSingleShot(True)
        self._filters_timer.setInterval(FILTERS_MS)
        self._filters_timer.timeout.connect(self._show_filters)
        session.params_changed.connect(self._schedule_filters)
        session.spec_changed.connect(self._show_filters)
        self.redraw()

    def _place(self, narrow: bool) -> None:
        """The mistakes' images and the filters beside the confusion matrix, or under it in a
        narrow dock (at 1024x768 the dock scrolled sideways to show them)."""
        if narrow == self._narrow:
            return
        self._narrow = narrow
        grid = self.grid
        side = (self.cell_caption, self.cell_images, self.gallery)
        for widget in (self.table, *side, self.wrong_caption, self.wrong):
            grid.removeWidget(widget)
        if narrow:
            grid.addWidget(self.table, 0, 0)
            for row, widget in enumerate(side, start=1):
                grid.addWidget(widget, row, 0)
            grid.addWidget(self.wrong_caption, 4, 0)
            grid.addWidget(self.wrong, 5, 0)
        else:
            grid.addWidget(self.table, 0, 0, 3, 1)
            for row, widget in enumerate(side):
                grid.addWidget(widget, row, 1)
            grid.addWidget(self.wrong_caption, 3, 0, 1, 2)
            grid.addWidget(self.wrong, 4, 0, 1, 2)
        grid.setColumnStretch(0, 1 if narrow else 3)
        grid.setColumnStretch(1, 0 if narrow else 2)
        for row in range(6):
            grid.setRowStretch(row, 0)
        grid.setRowStretch(0 if narrow else 1, 1)

    def resizeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().resizeEvent(event)
        width = event.size().width()
        self._place(width < NARROW)
        # Stacked, as tall as its wrapped captions need at this width (it scrolls): the dock's
        # scroll area asks only for the minimum, and a grid squeezed below it laid the captions
        # over the matrix. Side by side, it fits the dock's height as before.
        need = _least_height(self.layout(), width) if self._narrow else 0
        if need != self.minimumHeight():
            self.setMinimumHeight(need)

    def wait(self, timeout: float = 10.0) -> None:
        """Until the current iteration is measured and drawn (for tests and screenshots)."""
        self.measurements.wait(timeout)
        self.redraw()

    # --- drawing -----------------------------------------------------------------------------

    def redraw(self) -> None:
        test = self.measurements.test
        self.empty.setVisible(test is None)
        self.body.setVisible(test is not None)
        self._show_filters()
        report = self.measurements.latest
        if test is None or report is None:
            self.picked = None
            self.headline.setText(self.tr("Measuring the first weights…") if test is not None else "")
            return
        self.plot.show_points(*self.measurements.points())
        wrong = report.misclassified()
        right = len(report.test_labels) - len(wrong)
        data = self.session.data
        epochs = report.iteration / data.batches.per_epoch if data is not None else 0.0
        self.headline.setText(
            self.tr(
                "After {0} iterations ({1:.1f} epochs): train {2:.1f}%, test {3:.1f}% "
                "({4} of {5} test images right)"
            ).format(
                report.iteration, epochs, 100 * report.train_accuracy, 100 * report.test_accuracy, right,
                len(report.test_labels),
            )
        )  # fmt: skip
        self.table.show_counts(report.confusion, self._names())
        self.wrong_caption.setText(
            self.tr(
                "The {0} misclassified test images (true → predicted). Click one to make it image 1 of "
                "this mini-batch and step through it."
            ).format(len(wrong))
        )
        self._show(self.wrong, wrong)
        if self.picked is not None:
            self.open_cell(*self.picked)
        else:  # until the learner picks a cell, the most common mistake
            mistakes = report.confusion - np.diag(np.diag(report.confusion))
            true, guess = np.unravel_index(int(np.argmax(mistakes)), mistakes.shape)
            if mistakes[true, guess]:
                self._list_cell(int(true), int(guess))

    def _names(self) -> list[str]:
        k = int(self.measurements.latest.confusion.shape[0]) if self.measurements.latest is not None else 0
        return class_names(self.session, k)

    def _show(self, where: Thumbnails, indices: np.ndarray) -> None:
        report, test = self.measurements.latest, self.measurements.test
        assert report is not None and test is not None
        names = self._names()
        captions = [f"{names[report.test_labels[i]]}→{names[report.test_predicted[i]]}" for i in indices]
        tips = [
            self.tr("Test image {0}: a {1}, predicted {2}").format(
                i + 1, names[report.test_labels[i]], names[report.test_predicted[i]]
            )
            for i in indices
        ]
        where.show_images(indices, test[0], captions, tips)

    def _schedule_filters(self) -> None:
        if not self._filters_timer.isActive():
            self._filters_timer.start()

    def _show_filters(self) -> None:
        network = self.session.network
        weights = first_filters(network, self.session.params) if self.session.deep else None
        self.gallery.setVisible(weights is not None and self.measurements.test is not None)
        if weights is not None:
            layer = next(i for i, layer in enumerate(network["layers"]) if layer["type"] == "conv")
            self.gallery.show_filters(weights, layer)

    # --- the learner's clicks ----------------------------------------------------------------

    def open_cell(self, true: int, guess: int) -> None:
        """List the test images of class ``true`` that the network predicts as ``guess``."""
        self.picked = (true, guess)
        self._list_cell(true, guess)

    def _list_cell(self, true: int, guess: int) -> None:
        report = self.measurements.latest
        if report is None:
            return
        images = report.cell(true, guess)
        self.cell_caption.setText(
            self.tr("{0} test images of class {1} predicted as {2}:").format(
                len(images), *(self._names()[k] for k in (true, guess))
            )
        )
        self._show(self.cell_images, images)

    def step_through(self, index: int) -> None:
        """Make test image ``index`` (0-based) image 1 of the current mini-batch, with its true label."""
        test = self.measurements.test
        if test is None:
            return
        self.session.put_in_batch(
            0, test[0][index], int(test[1][index]), self.tr("Step through test image {0}").format(index + 1)
        )


def _least_height(layout: QLayout, width: int) -> int:
    """The least height of a column of items at ``width``: each at its minimum, wrapped text at
    the height its lines take (a layout's own answer is its preferred height, plot and all)."""
    margins = layout.contentsMargins()
    inner = width - margins.left() - margins.right()
    heights = []
    for i in range(layout.count()):
        item = layout.itemAt(i)
        widget = item.widget() if item is not None else None
        if item is None or (widget is not None and widget.isHidden()):
            continue
        sub = item.layout() or (widget.layout() if widget is not None else None)
        if sub is not None:
            heights.append(_least_height(sub, inner))
        elif item.hasHeightForWidth():
            heights.append(item.heightForWidth(inner))
        else:
            heights.append(item.minimumSize().height())
    spacing = max(layout.spacing(), 0) * max(len(heights) - 1, 0)
    return sum(heights) + spacing + margins.top() + margins.bottom()
