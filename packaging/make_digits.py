"""Make resources/data/digits.npz, the 1,797 UCI handwritten digits, from a scikit-learn wheel.

    pip download --no-deps -d /tmp/wheel scikit-learn
    python packaging/make_digits.py /tmp/wheel/scikit_learn-*.whl     (the result is committed)

The wheel is read as the zip it is (scikit-learn is never installed or imported): its
sklearn/datasets/data/digits.csv.gz holds one image a row, 64 pixel counts 0..16 then the label.
The .npz holds `images` (1797, 8, 8) and `labels` (1797,), both uint8, written without pickle and
with a fixed timestamp, so a rebuild from the same wheel gives the same bytes (with the same zlib);
tests/engine/test_datasets.py checks their sha256.
"""

from __future__ import annotations

import gzip
import io
import sys
import zipfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
TARGET = ROOT / "resources" / "data" / "digits.npz"
MEMBER = "sklearn/datasets/data/digits.csv.gz"


def read_wheel(wheel: Path) -> tuple[np.ndarray, np.ndarray]:
    """The images (N, 8, 8) and labels (N,) in the wheel's digits.csv.gz, checked, as uint8."""
    with zipfile.ZipFile(wheel) as archive:
        if MEMBER not in archive.namelist():
            raise SystemExit(f"{wheel} holds no {MEMBER}: is it a scikit-learn wheel?")
        text = gzip.decompress(archive.read(MEMBER)).decode("ascii")
    rows = np.loadtxt(io.StringIO(text), delimiter=",", ndmin=2)
    if rows.shape[1] != 65 or not np.array_equal(rows, np.round(rows)):
        raise SystemExit(f"{MEMBER} should hold 65 whole numbers a row, found shape {rows.shape}")
    pixels, labels = rows[:, :64], rows[:, 64]
    if pixels.min() < 0 or pixels.max() > 16 or labels.min() < 0 or labels.max() > 9:
        raise SystemExit(f"{MEMBER} has pixels outside 0..16 or labels outside 0..9")
    return pixels.reshape(-1, 8, 8).astype(np.uint8), labels.astype(np.uint8)


def write_npz(path: Path, arrays: dict[str, np.ndarray]) -> None:
    """An .npz np.load reads with allow_pickle=False; the same arrays give the same bytes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w") as archive:
        for name, array in arrays.items():
            entry = zipfile.ZipInfo(f"{name}.npy", date_time=(1998, 7, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            buffer = io.BytesIO()
            np.lib.format.write_array(buffer, np.ascontiguousarray(array), allow_pickle=False)
            archive.writestr(entry, buffer.getvalue(), compresslevel=9)


def main() -> None:
    if len(sys.argv) != 2:
        raise SystemExit(__doc__)
    images, labels = read_wheel(Path(sys.argv[1]))
    write_npz(TARGET, {"images": images, "labels": labels})
    counts = np.bincount(labels, minlength=10).tolist()
    size = TARGET.stat().st_size
    print(f"wrote {TARGET.relative_to(ROOT)}: {len(labels)} images, {size} bytes; per digit {counts}")


if __name__ == "__main__":
    main()
