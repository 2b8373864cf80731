"""Image files -> the network's input, through Qt's image readers, refusing bad files before decoding.

A file is checked in order of cost: exists, size on disk, a format Qt recognises, the pixel count
its header claims (read without decoding; Qt's allocation limit backs this up against a header that
lies), and only then decoded. Every refusal is one sentence naming the file.
"""

from __future__ import annotations

import struct
from pathlib import Path

import numpy as np
from PySide6.QtGui import QImage, QImageReader

from convstudio.engine.quoting import quoted
from convstudio.engine.spec import Spec

MAX_BYTES = 50 * 1024 * 1024
MAX_PIXELS = 4096 * 4096
#: The formats read, as Qt names them: each is checked for being cut short before it is decoded.
FORMATS = ("png", "jpeg", "jpg", "bmp", "gif")
#: Qt refuses to allocate more than this for one image (MB): a 4096x4096 RGBA image is 64 MB.
ALLOCATION_LIMIT_MB = 128


class ImageError(ValueError):
    """An image that cannot be used, said in one sentence that names the file."""


def read_image(path: str | Path, *, max_pixels: int = MAX_PIXELS, max_bytes: int = MAX_BYTES) -> np.ndarray:
    """RGB float64 (H, W, 3) in [0, 1]."""
    path = Path(path)
    name = quoted(path.name)
    if not path.exists():
        raise ImageError(f"{name} does not exist")
    if not path.is_file():
        raise ImageError(f"{name} is a folder, not an image")
    size = path.stat().st_size
    if size == 0:
        raise ImageError(f"{name} is empty (0 bytes)")
    if size > max_bytes:
        raise ImageError(
            f"{name} is {size / 1e6:.0f} MB; images up to {max_bytes / 1e6:.0f} MB can be opened"
        )
    QImageReader.setAllocationLimit(ALLOCATION_LIMIT_MB)
    reader = QImageReader(str(path))
    reader.setDecideFormatFromContent(True)
    fmt = bytes(reader.format().data()).decode() if reader.canRead() else ""
    if fmt not in FORMATS:  # the formats whose every byte is checked; SVGZ, TIFF and the rest are not
        raise ImageError(f"{name} is not an image ConvStudio can read (PNG, JPEG, BMP or GIF)")
    claimed = reader.size()
    if claimed.isValid() and claimed.width() * claimed.height() > max_pixels:
        raise ImageError(
            f"{name} claims {claimed.width()}x{claimed.height()} pixels; "
            f"images up to {max_pixels:,} pixels can be opened"
        )
    if not _complete(path, fmt, size):
        raise ImageError(f"{name} is cut short: the file ends before the image does")
    image = reader.read()
    if image.isNull():
        raise ImageError(
            f"{name} could not be read: {reader.errorString().rstrip('.').lower()} (damaged or cut short?)"
        )
    image = image.convertToFormat(QImage.Format.Format_RGB888)
    width, height, stride = image.width(), image.height(), image.bytesPerLine()
    rows = np.frombuffer(image.constBits(), dtype=np.uint8, count=stride * height).reshape(height, stride)
    rgb = rows[:, : width * 3].reshape(height, width, 3)
    return rgb.astype(np.float64) / 255.0


def _complete(path: Path, fmt: str, size: int) -> bool:
    """Whether the file holds the whole image: PNG, JPEG and GIF end with their end marker
    (decoders fill what is missing with grey or black); a BMP holds the pixel bytes its header
    declares (checked before anything is allocated for them)."""
    with path.open("rb") as f:
        head = f.read(34)
        f.seek(max(0, size - 64))
        tail = f.read()
    if fmt == "bmp":
        return _bmp_complete(head, tail, size)
    marker = {"png": b"IEND", "jpeg": b"\xff\xd9", "jpg": b"\xff\xd9", "gif": b";"}[fmt]
    return marker in (tail[-16:] if fmt == "gif" else tail)


def _bmp_complete(head: bytes, tail: bytes, size: int) -> bool:
    if len(head) < 26:
        return False
    offset, header = struct.unpack_from("<II", head, 10)
    if header == 12:  # the old OS/2 header: 16-bit sizes, never compressed
        width, height, _, bits = struct.unpack_from("<HHHH", head, 18)
        compression = 0
    elif header >= 40 and len(head) >= 34:
        width, height, _, bits, compression = struct.unpack_from("<iiHHI", head, 18)
    else:
        return False
    if compression in (1, 2):  # run-length encoded: the data ends with its end-of-bitmap code
        return b"\x00\x01" in tail[-4:]
    if compression not in (0, 3, 6) or width <= 0 or bits not in (1, 2, 4, 8, 16, 24, 32):
        return True  # Qt refuses what it cannot decode, with its own reason
    row = (bits * width + 31) // 32 * 4
    return size >= offset + row * abs(height)


def resize(channels: np.ndarray, height: int, width: int) -> np.ndarray:
    """(C, h, w) -> (C, height, width): area averaging when shrinking, bilinear when growing, per axis.

    Both are linear maps whose rows sum to 1, so a constant image stays exactly constant."""
    _, h, w = channels.shape
    rows = _resample_matrix(h, height)
    cols = _resample_matrix(w, width)
    return np.einsum("ih,chw,jw->cij", rows, channels, cols)


def _resample_matrix(n_in: int, n_out: int) -> np.ndarray:
    """(n_out, n_in) weights: each output sample as a weighted mean of input samples."""
    if n_out == n_in:
        return np.eye(n_in)
    m = np.zeros((n_out, n_in))
    if n_out < n_in:  # area: each output covers n_in/n_out input cells, partial cells weighted
        scale = n_in / n_out
        for i in range(n_out):
            start, stop = i * scale, (i + 1) * scale
            for j in range(int(start), min(int(np.ceil(stop)), n_in)):
                m[i, j] = min(stop, j + 1) - max(start, j)
    else:  # bilinear, sample centres aligned
        centres = (np.arange(n_out) + 0.5) * n_in / n_out - 0.5
        centres = np.clip(centres, 0, n_in - 1)
        left = np.floor(centres).astype(int)
        right = np.minimum(left + 1, n_in - 1)
        frac = centres - left
        m[np.arange(n_out), left] += 1 - frac
        m[np.arange(n_out), right] += frac
    return m / m.sum(axis=1, keepdims=True)


def to_input(rgb: np.ndarray, height: int, width: int, channels: int) -> np.ndarray:
    """(H, W, 3) in [0, 1] -> (channels, height, width): grayscale by luminance, or RGB."""
    if channels == 1:
        planes = (rgb @ np.array([0.299, 0.587, 0.114]))[None]
    elif channels == 3:
        planes = rgb.transpose(2, 0, 1)
    else:
        raise ImageError(f"an image gives 1 (gray) or 3 (RGB) channels; this network has {channels}")
    return np.clip(resize(planes, height, width), 0.0, 1.0)


def load_input(path: str | Path, spec: Spec) -> tuple[np.ndarray, np.ndarray]:
    """(the original RGB image, the network's input (batch, C, H, W) with the image in every slot)."""
    rgb = read_image(path)
    x = to_input(rgb, spec.height, spec.width, spec.channels)
    return rgb, np.broadcast_to(x, (spec.batch, *x.shape)).copy()
