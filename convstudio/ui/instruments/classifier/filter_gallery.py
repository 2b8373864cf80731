"""The first layer's filters as a gallery: each filter a small picture on one shared diverging scale,
so the learner sees strokes and edges take shape while the network trains."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPixmap
from PySide6.QtWidgets import QGridLayout, QLabel, QVBoxLayout, QWidget

from convstudio.engine.colour_scale import magnitude
from convstudio.ui.look.colors import diverging

#: The textbook's layer numbers (W¹, W²).
_SUPERSCRIPT = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")
#: Each filter's side in pixels, and how many filters a row holds.
SIDE, PER_ROW = 36, 4


def filter_picture(kernel: np.ndarray, scale: float, side: int = SIDE) -> QPixmap:
    """One filter (C, kh, kw), its channels averaged, on the diverging map at ``scale``."""
    values = np.asarray(kernel, dtype=np.float64).mean(axis=0)
    rgba = np.ascontiguousarray(diverging(values, scale))
    rows, cols = values.shape
    image = QImage(rgba.data, cols, rows, 4 * cols, QImage.Format.Format_RGBA8888).copy()
    cell = max(1, side // max(rows, cols))
    return QPixmap.fromImage(image).scaled(
        cols * cell, rows * cell, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.FastTransformation
    )


class FilterGallery(QWidget):
    """The filters W¹ of the first conv layer, one picture each, numbered from 1."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.caption = QLabel()
        self.caption.setWordWrap(True)
        self.grid = QGridLayout()
        self.grid.setSpacing(4)
        self.pictures: list[QLabel] = []
        self.scale = 0.0
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.caption)
        layout.addLayout(self.grid)
        layout.addStretch(1)

    def show_filters(self, weights: np.ndarray, layer: int) -> None:
        """Show ``weights`` (F, C, kh, kw), the filters of layer ``layer`` (0-based)."""
        if len(self.pictures) != len(weights):
            for label in self.pictures:
                label.deleteLater()
            self.pictures = []
            for k in range(len(weights)):
                label = QLabel()
                label.setAlignment(Qt.AlignmentFlag.AlignCenter)
                label.setFixedSize(SIDE + 2, SIDE + 2)  # a new picture then lays nothing out again
                self.grid.addWidget(label, k // PER_ROW, k % PER_ROW)
                self.pictures.append(label)
        self.scale = magnitude(weights)
        name = "W" + str(layer + 1).translate(_SUPERSCRIPT)
        for k, label in enumerate(self.pictures):
            label.setPixmap(filter_picture(weights[k], self.scale))
            label.setToolTip(self.tr("{0} filter {1}").format(name, k + 1))
            label.setAccessibleName(self.tr("{0} filter {1}").format(name, k + 1))
        self.caption.setText(
            self.tr("The {0} filters {2} of layer {1}, from −{3:.2g} to {3:.2g}:").format(
                len(weights), layer + 1, name, self.scale
            )
        )
