"""A folder of class folders reads as a labelled data set converted to the network's input; broken,
odd and stray files are skipped with their reason, and a folder that cannot be a data set, or is
beyond the limits, is one sentence naming it."""

from __future__ import annotations

import zlib
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtGui import QColor, QImage

from convstudio.io import image_folder, images
from convstudio.io.image_folder import FolderError


def picture(path: Path, width: int = 12, height: int = 10, *, colour: bool = True, kind: str = "PNG",
            fmt: QImage.Format = QImage.Format.Format_RGB32) -> Path:  # fmt: skip
    """A small image with a gradient, written by Qt."""
    image = QImage(width, height, QImage.Format.Format_RGB32)
    for y in range(height):
        for x in range(width):
            g = (x * 20 + y * 7) % 256
            image.setPixelColor(x, y, QColor(g, (y * 25) % 256, 255 - g) if colour else QColor(g, g, g))
    path.parent.mkdir(parents=True, exist_ok=True)
    assert image.convertToFormat(fmt).save(str(path), kind)
    return path


def read(folder: Path, channels: int = 1, size: int = 8, **limits: int) -> image_folder.ImageFolder:
    return image_folder.read_folder(folder, channels=channels, height=size, width=size, **limits)


def test_each_subfolder_is_a_class_in_sorted_order(qapp, tmp_path):
    for name, n in (("dogs", 2), ("cats", 3), ("birds", 1)):
        for i in range(n):
            picture(tmp_path / name / f"{i}.png")
    got = read(tmp_path)
    assert got.classes == ("birds", "cats", "dogs") and got.counts == (1, 3, 2)
    assert got.images.shape == (6, 1, 8, 8) and got.images.dtype == np.float64
    assert got.labels.tolist() == [0, 1, 1, 1, 2, 2]
    assert got.files[0] == "birds/0.png" and got.skipped == ()
    assert got.images.min() >= 0.0 and got.images.max() <= 1.0


def test_each_image_is_what_the_single_image_reader_makes_of_it(qapp, tmp_path):
    a = picture(tmp_path / "a" / "x.png", 20, 14)
    picture(tmp_path / "b" / "y.bmp", 5, 5, kind="BMP")
    got = read(tmp_path, channels=3, size=6)
    want = images.to_input(images.read_image(a), 6, 6, 3)
    np.testing.assert_array_equal(got.images[0], want)


@pytest.mark.parametrize(
    ("sizes", "colour", "channels", "sentence"),
    [
        (
            [(28, 28)],
            True,
            1,
            "2 images resized from 28x28 to 8x8, RGB turned to grey (0.299 R + 0.587 G + 0.114 B).",
        ),
        ([(8, 8)], False, 1, "2 images kept at 8x8, grey kept as grey."),
        ([(8, 8)], False, 3, "2 images kept at 8x8, grey copied to R, G and B."),
        ([(16, 12), (40, 30)], True, 3, "2 images resized from 2 sizes (16x12 to 40x30) to 8x8, RGB kept."),
    ],
)
def test_the_conversion_is_said_in_a_sentence(qapp, tmp_path, sizes, colour, channels, sentence):
    for i, (w, h) in enumerate(sizes * (2 // len(sizes))):
        picture(tmp_path / ("a" if i % 2 == 0 else "b") / f"{i}.png", w, h, colour=colour)
    assert read(tmp_path, channels=channels).conversion == sentence


def test_mixed_grey_and_colour_says_which_were_turned(qapp, tmp_path):
    picture(tmp_path / "a" / "grey.png", colour=False)
    picture(tmp_path / "b" / "rgb.png", colour=True)
    assert "the 1 in colour turned to grey" in read(tmp_path).conversion


@pytest.mark.qt_log_ignore("Invalid JPEG file structure", "Corrupt JPEG data", "Premature end of JPEG")
def test_broken_and_odd_files_are_skipped_with_their_reason_and_the_rest_kept(qapp, tmp_path):
    picture(tmp_path / "ones" / "good.png")
    picture(tmp_path / "ones" / "grey16.png", fmt=QImage.Format.Format_Grayscale16)
    picture(tmp_path / "ones" / "palette.png", fmt=QImage.Format.Format_Indexed8)
    picture(tmp_path / "ones" / "cmyk.jpg", kind="JPEG", fmt=QImage.Format.Format_CMYK8888)
    picture(tmp_path / "twos" / "photo.jpeg", kind="JPEG")
    whole = picture(tmp_path / "twos" / "cut.png", 40, 40).read_bytes()
    (tmp_path / "twos" / "cut.png").write_bytes(whole[: len(whole) // 2])
    huge = bytearray(picture(tmp_path / "twos" / "huge.png").read_bytes())
    huge[16:24] = (60000).to_bytes(4, "big") * 2  # a header claiming 60000x60000 pixels
    huge[29:33] = zlib.crc32(huge[12:29]).to_bytes(4, "big")
    (tmp_path / "twos" / "huge.png").write_bytes(bytes(huge))
    (tmp_path / "twos" / "notes.txt").write_text("not a picture")
    (tmp_path / "twos" / "empty.bmp").write_bytes(b"")
    (tmp_path / "twos" / "deeper").mkdir()
    (tmp_path / "README.md").write_text("stray")
    (tmp_path / "empty-class").mkdir()
    (tmp_path / ".git").mkdir()
    (tmp_path / "ones" / ".DS_Store").write_bytes(b"\0\0\0\1Bud1")
    got = read(tmp_path)
    assert got.classes == ("ones", "twos") and got.counts == (4, 1)
    reasons = {s.path: s.reason for s in got.skipped}
    assert set(reasons) == {
        "README.md", "twos/cut.png", "twos/huge.png", "twos/notes.txt", "twos/empty.bmp", "twos/deeper",
        "empty-class/",
    }  # fmt: skip
    assert "cut short" in reasons["twos/cut.png"]
    assert "60000x60000" in reasons["twos/huge.png"]
    assert "not a PNG, JPEG or BMP" in reasons["twos/notes.txt"]
    assert "empty" in reasons["twos/empty.bmp"]
    assert "not in a class folder" in reasons["README.md"]
    assert "no image" in reasons["empty-class/"]
    assert all("\n" not in r for r in reasons.values())
    assert np.isfinite(got.images).all() and got.images.std() > 0


def _refused(folder: Path, **limits: int) -> str:
    with pytest.raises(FolderError) as caught:
        read(folder, **limits)
    message = str(caught.value)
    assert "\n" not in message and len(message) < 250, message
    return message


def test_a_folder_that_cannot_be_a_data_set_is_one_sentence_naming_it(qapp, tmp_path):
    assert "does not exist" in _refused(tmp_path / "gone")
    (tmp_path / "file.png").write_bytes(b"x")
    assert "file.png is a file, not a folder" in _refused(tmp_path / "file.png")
    (tmp_path / "empty").mkdir()
    assert "empty is empty" in _refused(tmp_path / "empty")
    picture(tmp_path / "flat" / "a.png")
    assert "flat holds no subfolders" in _refused(tmp_path / "flat")
    picture(tmp_path / "one" / "cats" / "a.png")
    assert "one class only (cats)" in _refused(tmp_path / "one")
    (tmp_path / "none" / "cats").mkdir(parents=True)
    (tmp_path / "none" / "cats" / "a.txt").write_text("x")
    (tmp_path / "none" / "dogs").mkdir()
    assert "none holds no PNG, JPEG or BMP image" in _refused(tmp_path / "none")


def test_a_folder_beyond_the_limits_is_one_sentence(qapp, tmp_path):
    for i in range(4):
        picture(tmp_path / "classes" / f"c{i}" / "a.png")
    assert "4 class folders; ConvStudio reads up to 3" in _refused(tmp_path / "classes", max_classes=3)
    assert "4 images; ConvStudio reads up to 3" in _refused(tmp_path / "classes", max_images=3)
    assert read(tmp_path / "classes", max_classes=4, max_images=4).counts == (1, 1, 1, 1)


def test_a_network_of_other_channels_is_refused(qapp, tmp_path):
    picture(tmp_path / "a" / "x.png")
    with pytest.raises(FolderError, match="1 \\(grey\\) or 3 \\(RGB\\)"):
        read(tmp_path, channels=2)
