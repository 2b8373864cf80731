"""A generated corpus of images that lie: every format cut short at many lengths, BMP headers that
claim more pixels than the file holds, formats whose contents cannot be checked (SVGZ bombs).
Each is one ImageError naming the file, before a large allocation; whole files still read."""

from __future__ import annotations

import gzip
import struct
import time
import tracemalloc
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtGui import QColor, QImage

from convstudio.io import images
from convstudio.io.images import ImageError

#: (file suffix, Qt's writer, QImage format): each format and BMP depth Qt can write (not GIF).
KINDS = {
    "png": ("png", "PNG", QImage.Format.Format_RGB32),
    "jpeg": ("jpg", "JPEG", QImage.Format.Format_RGB32),
    "bmp 24-bit": ("bmp", "BMP", QImage.Format.Format_RGB888),
    "bmp 32-bit": ("bmp", "BMP", QImage.Format.Format_ARGB32),
    "bmp 8-bit": ("bmp", "BMP", QImage.Format.Format_Indexed8),
    "bmp 1-bit": ("bmp", "BMP", QImage.Format.Format_Mono),
}
KEEP = [0.1, 0.25, 0.5, 0.75, 0.9, 0.97]


def _image(tmp_path: Path, kind: str, width: int = 120, height: int = 90) -> Path:
    suffix, writer, fmt = KINDS[kind]
    image = QImage(width, height, QImage.Format.Format_RGB32)
    for y in range(height):
        for x in range(width):
            image.setPixelColor(x, y, QColor((x * 7) % 256, (y * 11) % 256, (x * y) % 256))
    image = image.convertToFormat(fmt)
    path = tmp_path / f"{kind.replace(' ', '-')}.{suffix}"
    assert image.save(str(path), writer)
    return path


def _one_line(error: pytest.ExceptionInfo[BaseException], path: Path) -> str:
    message = str(error.value)
    assert "\n" not in message and path.name in message and len(message) < 300, message
    return message


@pytest.mark.parametrize("kind", KINDS)
def test_a_whole_image_of_every_kind_reads(qapp, tmp_path, kind):
    rgb = images.read_image(_image(tmp_path, kind))
    assert rgb.shape == (90, 120, 3) and rgb.std() > 0.05


@pytest.mark.qt_log_ignore("Invalid JPEG file structure", "Corrupt JPEG data", "Premature end of JPEG")
@pytest.mark.parametrize("keep", KEEP)
@pytest.mark.parametrize("kind", KINDS)
def test_an_image_cut_short_is_refused_in_every_format(qapp, tmp_path, kind, keep):
    path = _image(tmp_path, kind)
    data = path.read_bytes()
    path.write_bytes(data[: max(1, int(len(data) * keep))])
    with pytest.raises(ImageError) as caught:
        images.read_image(path)
    _one_line(caught, path)


@pytest.mark.parametrize("kind", [k for k in KINDS if k.startswith("bmp")])
def test_a_bmp_missing_only_its_last_bytes_is_refused(qapp, tmp_path, kind):
    path = _image(tmp_path, kind)
    data = path.read_bytes()
    for cut in (1, 3, 4, 17):
        path.write_bytes(data[:-cut])
        with pytest.raises(ImageError, match="cut short"):
            images.read_image(path)


def _bmp_header(width: int, height: int, bits: int, pixels: bytes, compression: int = 0) -> bytes:
    colours = b"\0" * (4 * 2**bits) if bits <= 8 else b""
    offset = 14 + 40 + len(colours)
    info = struct.pack("<IiiHHIIiiII", 40, width, height, 1, bits, compression, 0, 2835, 2835, 0, 0)
    return b"BM" + struct.pack("<IHHI", offset + len(pixels), 0, 0, offset) + info + colours + pixels


@pytest.mark.parametrize(
    ("width", "height"), [(3000, 3000), (4096, 4096), (4000, -4000), (100_000, 1), (1, 100_000)]
)
@pytest.mark.parametrize("bits", [1, 8, 24, 32])
def test_a_bmp_header_claiming_more_pixels_than_the_file_holds_is_refused_before_allocating(
    qapp, tmp_path, width, height, bits
):
    path = tmp_path / "liar.bmp"
    path.write_bytes(_bmp_header(width, height, bits, b"\x7f" * 12))
    tracemalloc.start()
    started = time.perf_counter()
    try:
        with pytest.raises(ImageError) as caught:
            images.read_image(path)
        assert time.perf_counter() - started < 1
    finally:
        tracemalloc.stop()
    _one_line(caught, path)


def test_a_run_length_encoded_bmp_without_its_end_code_is_refused(qapp, tmp_path):
    path = tmp_path / "rle.bmp"
    rows = b"".join(b"\x04\x01" + b"\x00\x00" for _ in range(3))  # 4 pixels of colour 1, end of line
    path.write_bytes(_bmp_header(4, 4, 8, rows, compression=1))  # 3 of 4 rows, no end of bitmap
    with pytest.raises(ImageError, match="cut short"):
        images.read_image(path)


@pytest.mark.parametrize("inflated", [1_000, 10_000_000])
def test_formats_whose_contents_are_not_checked_are_refused_unread(qapp, tmp_path, inflated):
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">' + b" " * inflated + b"</svg>"
    for name, data in (("bomb.svgz", gzip.compress(svg)), ("plain.svg", svg[:2000] + b"</svg>")):
        path = tmp_path / name
        path.write_bytes(data)
        with pytest.raises(ImageError, match="PNG, JPEG, BMP or GIF") as caught:
            images.read_image(path)
        _one_line(caught, path)


@pytest.mark.parametrize("writer", ["TIFF", "PPM", "ICO", "WEBP", "XPM"])
def test_other_formats_qt_reads_are_refused_with_the_list(qapp, tmp_path, writer):
    path = tmp_path / f"image.{writer.lower()}"
    if not QImage(16, 16, QImage.Format.Format_RGB32).save(str(path), writer):
        pytest.skip(f"this Qt cannot write {writer}")
    with pytest.raises(ImageError, match="PNG, JPEG, BMP or GIF"):
        images.read_image(path)
    assert np.isfinite(images.read_image(_image(tmp_path, "png"))).all()


@pytest.mark.parametrize("name", ["a\nb.png", "tab\t.bmp", "esc\x1b.jpg"])
def test_an_image_name_that_would_break_the_line_is_quoted(qapp, tmp_path, name):
    path = tmp_path / name
    path.write_bytes(b"not an image")
    with pytest.raises(ImageError) as caught:
        images.read_image(path)
    assert str(caught.value).isprintable() and repr(name) in str(caught.value)
