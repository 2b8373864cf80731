"""The image folder dialog shows each class with its count and first images as the network sees them,
how they were converted and what was skipped; a folder that cannot be read is one error and no
dialog, and Cancel gives nothing."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QDialog, QFileDialog, QLabel, QWidget

from convstudio.io.image_folder import read_folder
from convstudio.ui.dialogs import image_folder as dialog_module
from convstudio.ui.dialogs.image_folder import THUMBNAILS, ImageFolderDialog, open_image_folder


def _folder(root: Path, counts: dict[str, int]) -> Path:
    for c, (name, n) in enumerate(counts.items()):
        (root / name).mkdir(parents=True)
        for i in range(n):
            image = QImage(16, 16, QImage.Format.Format_RGB32)
            image.fill(QColor(40 * c + 10 * i, 40 * c + 10 * i, 40 * c + 10 * i))
            assert image.save(str(root / name / f"{i}.png"))
    (root / next(iter(counts)) / "notes.txt").write_text("not an image")
    return root


def test_each_class_shows_its_count_and_first_images(qtbot, tmp_path):
    data = read_folder(_folder(tmp_path, {"cats": 2, "dogs": 9}), channels=1, height=4, width=4)
    dialog = ImageFolderDialog(data)
    qtbot.addWidget(dialog)
    texts = [label.text() for label in dialog.findChildren(QLabel)]
    assert "cats (label 0)" in texts and "dogs (label 1)" in texts
    assert "2 images" in texts and "9 images" in texts
    assert [len(row) for row in dialog.thumbnails] == [2, THUMBNAILS]
    first = dialog.thumbnails[1][0]
    assert first.toolTip() == "dogs/0.png"
    pixel = first.pixmap().toImage().pixelColor(0, 0)
    assert abs(pixel.red() - round(255 * data.images[2, 0, 0, 0])) <= 1  # the grey the network sees
    assert data.conversion in dialog.conversion.text()
    assert dialog.skipped.count() == 1 and "cats: notes.txt is not a PNG" in dialog.skipped.item(0).text()


def test_nothing_skipped_hides_the_list(qtbot, tmp_path):
    root = _folder(tmp_path, {"a": 1, "b": 1})
    (root / "a" / "notes.txt").unlink()
    dialog = ImageFolderDialog(read_folder(root, channels=3, height=4, width=4))
    qtbot.addWidget(dialog)
    assert dialog.skipped.count() == 0 and dialog.skipped.isHidden()
    assert any(label.text() == "Nothing was skipped." for label in dialog.findChildren(QLabel))


def test_the_thumbnail_is_the_converted_image_in_blocks(qapp):
    image = np.zeros((3, 2, 3))
    image[0, 0, 0] = 1.0  # top-left red
    pixmap = dialog_module.thumbnail(image, side=30)
    assert (pixmap.width(), pixmap.height()) == (30, 20)
    picture = pixmap.toImage()
    assert picture.pixelColor(4, 4) == QColor(255, 0, 0) and picture.pixelColor(14, 4) == QColor(0, 0, 0)


def test_opening_a_folder_ok_cancel_and_a_bad_one(qtbot, tmp_path, monkeypatch):
    parent = QWidget()
    qtbot.addWidget(parent)
    root = _folder(tmp_path / "pictures", {"a": 2, "b": 3})
    errors: list[str] = []
    chosen = {"path": ""}
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *_: chosen["path"])
    answer = {"code": QDialog.DialogCode.Accepted}
    monkeypatch.setattr(ImageFolderDialog, "exec", lambda self: answer["code"])
    assert open_image_folder(parent, 1, 8, 8, errors.append) is None  # the folder picker was cancelled
    chosen["path"] = str(root)
    data = open_image_folder(parent, 1, 8, 8, errors.append)
    assert data is not None and data.counts == (2, 3) and data.images.shape == (5, 1, 8, 8)
    answer["code"] = QDialog.DialogCode.Rejected
    assert open_image_folder(parent, 1, 8, 8, errors.append) is None
    assert errors == []
    chosen["path"] = str(root / "a")  # a class folder, not the folder of classes
    assert open_image_folder(parent, 1, 8, 8, errors.append) is None
    assert len(errors) == 1 and "a holds no subfolders" in errors[0]
