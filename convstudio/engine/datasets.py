"""The lessons' images: seeded synthetic ones (noise, blocks, bars), the bundled handwritten
digits, and a train/test split by seed.

Every generator takes the batch shape ``(N, C, H, W)`` and a seed and returns float64 values in
[0, 1]; the same seed gives the same images on every machine (NumPy's PCG64 stream).
"""

from __future__ import annotations

import math
import zipfile
from collections.abc import Callable

import numpy as np

from convstudio import paths

Shape = tuple[int, int, int, int]
#: Each digit pixel counts the pixels that are on in a 4x4 block of the scanned bitmap: 0 to 16.
DIGIT_LEVELS = 16


def noise(shape: Shape, seed: int) -> np.ndarray:
    """Independent uniform pixels: every filter weight meets every kind of neighbourhood."""
    return np.random.default_rng(seed).uniform(0.0, 1.0, shape)


def blocks(shape: Shape, seed: int) -> np.ndarray:
    """Each image a few overlapping flat rectangles of random brightness: regions and sharp edges."""
    N, C, H, W = shape
    rng = np.random.default_rng(seed)
    x = np.empty(shape)
    rows, cols = np.arange(H).reshape(-1, 1), np.arange(W).reshape(1, -1)
    for n in range(N):
        image = np.full((C, H, W), rng.uniform(0.0, 1.0))
        for _ in range(3):
            top, left = rng.integers(0, H), rng.integers(0, W)
            bottom, right = rng.integers(top + 1, H + 1), rng.integers(left + 1, W + 1)
            inside = (rows >= top) & (rows < bottom) & (cols >= left) & (cols < right)
            image[:, inside] = rng.uniform(0.0, 1.0, (C, 1))
        x[n] = image
    return x


def bars(shape: Shape, seed: int, noise_level: float = 0.1) -> tuple[np.ndarray, np.ndarray]:
    """Images with one bright bar, horizontal (label 0) or vertical (label 1), on faint noise;
    the labels alternate so every batch holds both classes."""
    N, _, H, W = shape
    rng = np.random.default_rng(seed)
    x = rng.uniform(0.0, noise_level, shape)
    labels = np.arange(N) % 2
    for n in range(N):
        if labels[n] == 0:
            x[n, :, rng.integers(0, H), :] = 1.0
        else:
            x[n, :, :, rng.integers(0, W)] = 1.0
    return x, labels.astype(np.float64)


#: Generators of images alone, by the name lesson files use.
IMAGES: dict[str, Callable[[Shape, int], np.ndarray]] = {"noise": noise, "blocks": blocks}


def digits() -> tuple[np.ndarray, np.ndarray]:
    """The 1,797 UCI handwritten digits (resources/README.md): images float64 (1797, 1, 8, 8),
    each pixel's count 0..16 divided by 16 so values lie in [0, 1], and int64 labels 0..9 (1797,)."""
    path = paths.resource("data", "digits.npz")
    try:
        with np.load(path, allow_pickle=False) as archive:
            images, labels = archive["images"], archive["labels"]
    except (OSError, ValueError, KeyError, zipfile.BadZipFile) as exc:
        raise ValueError(f"the bundled digits ({path}) are missing or damaged; reinstall ConvStudio") from exc
    if (
        images.ndim != 3
        or images.shape[1:] != (8, 8)
        or labels.shape != (images.shape[0],)
        or images.dtype != np.uint8
        or labels.dtype != np.uint8
        or images.max(initial=0) > DIGIT_LEVELS
        or labels.max(initial=0) > 9
    ):
        raise ValueError(
            f"the bundled digits ({path}) are not 8x8 images with labels 0..9; reinstall ConvStudio"
        )
    return images[:, None].astype(np.float64) / DIGIT_LEVELS, labels.astype(np.int64)


def split(labels: np.ndarray, test_fraction: float, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """(train indices, test indices), each sorted, that share out ``labels``' positions by seed.

    Stratified: the test part holds round(test_fraction · N) samples, and every class gives it
    its own share of them to within one sample (largest remainders), so both parts keep the
    classes' proportions. Within each class the samples are chosen by a permutation drawn from
    its own generator seeded with ``seed``; NumPy's global generator is never used.
    """
    y = np.asarray(labels)
    if y.ndim != 1 or not np.issubdtype(y.dtype, np.integer):
        raise ValueError(
            f"the labels must be a 1-d array of integer class ids, got {y.dtype} of shape {y.shape}"
        )
    if isinstance(test_fraction, bool) or not isinstance(test_fraction, (int, float, np.floating)):
        raise ValueError(f"the test fraction must be a number between 0 and 1, got {test_fraction!r}")
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)) or seed < 0:
        raise ValueError(f"the seed must be a whole number of at least 0, got {seed!r}")
    n = y.shape[0]
    n_test = math.floor(float(test_fraction) * n + 0.5) if 0.0 < test_fraction < 1.0 else 0
    if not 0 < n_test < n:
        raise ValueError(
            f"a test fraction of {test_fraction!r} of {n} sample(s) leaves no test or no training sample; "
            "choose a fraction between 0 and 1 that keeps at least one of each"
        )
    classes, counts = np.unique(y, return_counts=True)
    share = n_test * counts / n
    quota = np.floor(share).astype(np.int64)
    remainders = np.argsort(-(share - quota), kind="stable")
    quota[remainders[: n_test - int(quota.sum())]] += 1
    rng = np.random.default_rng(seed)
    test = [rng.permutation(np.flatnonzero(y == c))[:q] for c, q in zip(classes, quota, strict=True)]
    is_test = np.zeros(n, dtype=bool)
    is_test[np.concatenate(test)] = True
    return np.flatnonzero(~is_test), np.flatnonzero(is_test)
