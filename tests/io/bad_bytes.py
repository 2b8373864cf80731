"""Files made to be broken, for the bad-file tests: images saved, PNG chunks by hand, truncated
and sparse files, arrays as base64."""

from __future__ import annotations

import base64
import struct
import zlib
from pathlib import Path

import numpy as np
from PySide6.QtGui import QColor, QImage


def save_image(tmp_path: Path, name: str, width: int = 40, height: int = 30, fmt: str | None = None) -> Path:
    image = QImage(width, height, QImage.Format.Format_RGB888)
    for y in range(height):
        for x in range(width):
            image.setPixelColor(x, y, QColor((x * 6) % 256, (y * 8) % 256, 120))
    path = tmp_path / name
    assert image.save(str(path), fmt)
    return path


def png_header(width: int, height: int) -> bytes:
    chunk = b"IHDR" + struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + chunk + struct.pack(">I", zlib.crc32(chunk))


def idat() -> bytes:
    """A small image-data chunk, so that the header is read as a real PNG's would be."""
    chunk = b"IDAT" + zlib.compress(b"\x00" * 100)
    return struct.pack(">I", len(chunk) - 4) + chunk + struct.pack(">I", zlib.crc32(chunk)) + iend()


def iend() -> bytes:
    return struct.pack(">I", 0) + b"IEND" + struct.pack(">I", zlib.crc32(b"IEND"))


def write_file(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def cut(path: Path, keep: float) -> Path:
    data = path.read_bytes()
    path.write_bytes(data[: int(len(data) * keep)])
    return path


def sparse(path: Path, size: int) -> Path:
    with path.open("wb") as f:
        f.truncate(size)
    return path


def b64(values) -> str:
    return base64.b64encode(np.asarray(values, dtype="<f8").tobytes()).decode()
