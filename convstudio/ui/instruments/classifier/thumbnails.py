"""Images as small pictures to click: dark ink on white, each pixel a sharp block, in a wrapping list
whose items remember which image they show."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QIcon, QImage, QPixmap
from PySide6.QtWidgets import QListView, QListWidget, QListWidgetItem, QWidget

#: Each thumbnail's side in pixels: an 8x8 digit at 5 pixels a cell.
SIDE = 40
#: The most images one list shows; the rest are counted in its caption.
MOST = 60


def picture(image: np.ndarray, side: int = SIDE) -> QPixmap:
    """An image (C, H, W) in [0, 1], its channels averaged, as dark ink on white."""
    grey = np.clip(np.asarray(image, dtype=np.float64).mean(axis=0), 0.0, 1.0)
    levels = np.ascontiguousarray(np.round((1.0 - grey) * 255).astype(np.uint8))
    height, width = levels.shape
    qimage = QImage(levels.data, width, height, width, QImage.Format.Format_Grayscale8).copy()
    scale = max(1, side // max(height, width))
    return QPixmap.fromImage(qimage).scaled(
        width * scale,
        height * scale,
        Qt.AspectRatioMode.KeepAspectRatio,
        Qt.TransformationMode.FastTransformation,
    )


class Thumbnails(QListWidget):
    """Images as icons with a caption each; ``chosen(index)`` when one is clicked or activated."""

    chosen = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setMovement(QListView.Movement.Static)
        self.setWrapping(True)
        self.setIconSize(QSize(SIDE, SIDE))
        self.setSpacing(2)
        self.setUniformItemSizes(True)
        self._icons: dict[int, QIcon] = {}  # by image: the images never change, only which are shown
        self._shown: list[tuple[int, str]] = []
        self.itemClicked.connect(self._clicked)
        self.itemActivated.connect(self._clicked)

    def show_images(
        self, indices: np.ndarray, images: np.ndarray, captions: list[str], tips: list[str]
    ) -> None:
        """Show ``images[indices]`` (the first MOST of them) with a caption and a tool tip each;
        ``images`` are the same ones each time (their pictures are made once)."""
        shown = [(int(i), c) for i, c in zip(indices[:MOST], captions, strict=False)]
        if shown == self._shown:  # while training, most measurements change nothing here
            return
        self._shown = shown
        self.clear()
        for k, index in enumerate(indices[:MOST]):
            icon = self._icons.get(int(index))
            if icon is None:
                icon = self._icons[int(index)] = QIcon(picture(images[index]))
            item = QListWidgetItem(icon, captions[k])
            item.setData(Qt.ItemDataRole.UserRole, int(index))
            item.setToolTip(tips[k])
            self.addItem(item)

    def indices(self) -> list[int]:
        """The images shown, in order."""
        return [int(self.item(k).data(Qt.ItemDataRole.UserRole)) for k in range(self.count())]

    def _clicked(self, item: QListWidgetItem) -> None:
        self.chosen.emit(int(item.data(Qt.ItemDataRole.UserRole)))
