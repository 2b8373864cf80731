"""Make the Windows and macOS icons from the one we draw, resources/icons/convstudio.svg.

    python packaging/make_icons.py     (after changing the SVG; the results are committed)

Writes resources/icons/convstudio.ico (Windows: 16 to 256 px) and convstudio.icns (macOS: 16 to
1024 px), each image a PNG rendered by Qt's SVG renderer, so no image library is needed. Linux
needs neither: its desktop entry names the SVG.
"""

from __future__ import annotations

import struct
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ICONS = ROOT / "resources" / "icons"
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)
#: The icns types that hold a PNG of each size (1024 is 512@2x).
ICNS_TYPES = ((b"icp4", 16), (b"icp5", 32), (b"icp6", 64), (b"ic07", 128), (b"ic08", 256), (b"ic09", 512),
              (b"ic10", 1024))  # fmt: skip


def render_png(svg: Path, size: int) -> bytes:
    """The SVG drawn at size x size on a transparent background, as PNG bytes."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"{svg} is not an SVG Qt can draw")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())


def ico(pngs: dict[int, bytes]) -> bytes:
    """A Windows .ico whose images are PNGs (read by Windows since Vista)."""
    header = struct.pack("<HHH", 0, 1, len(pngs))
    offset = len(header) + 16 * len(pngs)
    entries, images = b"", b""
    for size, png in pngs.items():
        side = 0 if size == 256 else size  # a byte: 0 means 256
        entries += struct.pack("<BBBBHHII", side, side, 0, 0, 1, 32, len(png), offset + len(images))
        images += png
    return header + entries + images


def icns(pngs: dict[bytes, bytes]) -> bytes:
    """A macOS .icns: 'icns', total length, then (type, length, PNG) for each size."""
    body = b"".join(kind + struct.pack(">I", 8 + len(png)) + png for kind, png in pngs.items())
    return b"icns" + struct.pack(">I", 8 + len(body)) + body


def main() -> None:
    svg = ICONS / "convstudio.svg"
    (ICONS / "convstudio.ico").write_bytes(ico({size: render_png(svg, size) for size in ICO_SIZES}))
    (ICONS / "convstudio.icns").write_bytes(icns({kind: render_png(svg, size) for kind, size in ICNS_TYPES}))
    for name in ("convstudio.ico", "convstudio.icns"):
        print(f"wrote {(ICONS / name).relative_to(ROOT)} ({(ICONS / name).stat().st_size // 1024} KiB)")


if __name__ == "__main__":
    sys.exit(main())
