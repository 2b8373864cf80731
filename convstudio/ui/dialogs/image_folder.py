"""The learner's own pictures, before they become the data: each class with its count and a few of
its images as the network will see them, how they were converted, and what was skipped and why."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QGuiApplication, QImage, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from convstudio.io.image_folder import FolderError, ImageFolder, read_folder

#: Thumbnails shown per class, and their side in pixels (the input is tiny: drawn as blocks).
THUMBNAILS = 6
THUMBNAIL_SIDE = 48
#: Skipped files listed at most; the rest are counted.
SKIPPED_SHOWN = 200


def thumbnail(image: np.ndarray, side: int = THUMBNAIL_SIDE) -> QPixmap:
    """One converted image (C, H, W) in [0, 1] as a pixmap, each input pixel a sharp block."""
    channels, height, width = image.shape
    levels = np.ascontiguousarray(
        np.round(np.clip(image, 0.0, 1.0) * 255).astype(np.uint8).transpose(1, 2, 0)
    )
    if channels == 1:
        qimage = QImage(levels.data, width, height, width, QImage.Format.Format_Grayscale8)
    else:
        qimage = QImage(levels.data, width, height, 3 * width, QImage.Format.Format_RGB888)
    scale = max(1, side // max(height, width))
    return QPixmap.fromImage(qimage.copy()).scaled(
        width * scale,
        height * scale,
        Qt.AspectRatioMode.KeepAspectRatio,
        Qt.TransformationMode.FastTransformation,
    )


class ImageFolderDialog(QDialog):
    """Shows a folder read as a data set; OK takes it, Cancel leaves everything as it was."""

    def __init__(self, data: ImageFolder, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.data = data
        self.setWindowTitle(self.tr("Open image folder"))
        layout = QVBoxLayout(self)
        total = int(sum(data.counts))
        heading = QLabel(
            self.tr("{images} images in {classes} classes from the folder {folder}").format(
                images=f"{total:,}", classes=len(data.classes), folder=data.folder.name
            )
        )
        heading.setWordWrap(True)
        font = heading.font()
        font.setBold(True)
        heading.setFont(font)
        layout.addWidget(heading)
        self.conversion = QLabel(self.tr("Converted for the network: {how}").format(how=data.conversion))
        self.conversion.setWordWrap(True)
        layout.addWidget(self.conversion)
        layout.addWidget(QLabel(self.tr("Each class, and its first images as the network sees them:")))
        layout.addWidget(self._classes(), 1)
        layout.addWidget(QLabel(self._skipped_heading()))
        self.skipped = QListWidget()
        self.skipped.setAccessibleName(self.tr("Files skipped"))
        for entry in data.skipped[:SKIPPED_SHOWN]:
            # the reason names the file; the class folder it was in is what it does not say
            inside = entry.path.rstrip("/").rpartition("/")[0]
            shown = self.tr("{folder}: {reason}").format(folder=inside, reason=entry.reason)
            self.skipped.addItem(shown if inside else entry.reason)
        if len(data.skipped) > SKIPPED_SHOWN:
            self.skipped.addItem(self.tr("… and {n} more").format(n=f"{len(data.skipped) - SKIPPED_SHOWN:,}"))
        self.skipped.setVisible(bool(data.skipped))
        self.skipped.setMaximumHeight(120)
        layout.addWidget(self.skipped)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.resize(640, 520)

    def _skipped_heading(self) -> str:
        n = len(self.data.skipped)
        if n == 0:
            return self.tr("Nothing was skipped.")
        if n == 1:
            return self.tr("1 file or folder was skipped:")
        return self.tr("{n} files or folders were skipped:").format(n=f"{n:,}")

    def _classes(self) -> QScrollArea:
        inner = QWidget()
        grid = QGridLayout(inner)
        grid.setColumnStretch(2, 1)
        self.thumbnails: list[list[QLabel]] = []
        for row, (name, count) in enumerate(zip(self.data.classes, self.data.counts, strict=True)):
            grid.addWidget(QLabel(self.tr("{name} (label {label})").format(name=name, label=row)), row, 0)
            counted = self.tr("1 image") if count == 1 else self.tr("{n} images").format(n=f"{count:,}")
            grid.addWidget(QLabel(counted), row, 1)
            strip = QHBoxLayout()
            shown = []
            for index in np.flatnonzero(self.data.labels == row)[:THUMBNAILS]:
                picture = QLabel()
                picture.setPixmap(thumbnail(self.data.images[index]))
                picture.setToolTip(self.data.files[index])
                picture.setAccessibleName(self.data.files[index])
                strip.addWidget(picture)
                shown.append(picture)
            strip.addStretch(1)
            grid.addLayout(strip, row, 2)
            self.thumbnails.append(shown)
        grid.setRowStretch(len(self.data.classes), 1)
        area = QScrollArea()
        area.setWidgetResizable(True)
        area.setWidget(inner)
        return area


def open_image_folder(
    parent: QWidget, channels: int, height: int, width: int, show_error: Callable[[str], None]
) -> ImageFolder | None:
    """Ask for a folder, read it for an input of (channels, height, width), show it; the data set
    if the learner takes it, else None (a folder that cannot be read goes to ``show_error``)."""
    title = QCoreApplication.translate("ImageFolderDialog", "Open image folder")
    chosen = QFileDialog.getExistingDirectory(parent, title)
    if not chosen:
        return None
    QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
    try:
        data = read_folder(Path(chosen), channels=channels, height=height, width=width)
    except FolderError as error:
        QGuiApplication.restoreOverrideCursor()
        show_error(str(error))
        return None
    QGuiApplication.restoreOverrideCursor()
    dialog = ImageFolderDialog(data, parent)
    return data if dialog.exec() == QDialog.DialogCode.Accepted else None
