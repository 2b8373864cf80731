"""Checks on the screenshots the built program takes: is it a real window, and is it the same, pixel
for pixel, as the one taken from source (same font, same Qt: it must be).

    python packaging/screenshots.py A.png B.png              exit 0 when the pixels are the same
    python packaging/screenshots.py A.png B.png --allow 0.01 all but 1% of them (an instrument
                                                             that prints a measured time)
"""

from __future__ import annotations

import argparse
from pathlib import Path

SIZE = (1280, 800)  # app.py's default --size


def check(shot: Path, size: tuple[int, int] = SIZE) -> None:
    """A PNG of the window's size, big enough to hold panels and text (a blank window compresses to a
    few kilobytes). Reads only the PNG header, so it runs without Qt."""
    data = shot.read_bytes() if shot.is_file() else b""
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise SystemExit(f"{shot} is not a PNG")
    width, height = int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
    if (width, height) != size:
        raise SystemExit(f"the screenshot {shot} is {width}x{height}, not {size[0]}x{size[1]}")
    if len(data) < 40_000:
        raise SystemExit(f"the screenshot {shot} is suspiciously small ({len(data)} bytes): a blank window?")


def difference(a: Path, b: Path, allowed: float = 0.0) -> str | None:
    """None when both images have the same pixels (all but the fraction ``allowed`` of them); else
    how they differ, in words."""
    import numpy as np
    from PySide6.QtGui import QImage

    def pixels(path: Path) -> np.ndarray:
        image = QImage(str(path))
        if image.isNull():
            raise SystemExit(f"cannot read {path}")
        image = image.convertToFormat(QImage.Format.Format_RGB32)
        rows = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), image.bytesPerLine())
        return rows[:, : 4 * image.width()].reshape(image.height(), image.width(), 4).copy()

    first, second = pixels(a), pixels(b)
    if first.shape != second.shape:
        return f"{a} is {first.shape[1]}x{first.shape[0]}, {b} is {second.shape[1]}x{second.shape[0]}"
    differ = (first != second).any(axis=2)
    if differ.sum() <= allowed * differ.size:
        return None
    ys, xs = np.nonzero(differ)
    return (
        f"{a} and {b} differ in {differ.sum()} pixels, between x {xs.min()}..{xs.max()} "
        f"and y {ys.min()}..{ys.max()}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("a", type=Path)
    parser.add_argument("b", type=Path)
    parser.add_argument(
        "--allow", type=float, default=0.0, metavar="FRACTION", help="of pixels that may differ"
    )
    args = parser.parse_args()
    for shot in (args.a, args.b):
        check(shot)
    problem = difference(args.a, args.b, args.allow)
    if problem:
        raise SystemExit(problem)
    allowed = f", all but at most {args.allow:.1%} of them" if args.allow else ""
    print(f"{args.a} and {args.b} have the same pixels{allowed}")


if __name__ == "__main__":
    main()
