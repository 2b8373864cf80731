"""Seeded synthetic images for the lessons: noise, blocks with sharp edges, and bars.

Every generator takes the batch shape ``(N, C, H, W)`` and a seed and returns float64 values in
[0, 1]; the same seed gives the same images on every machine (NumPy's PCG64 stream).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

Shape = tuple[int, int, int, int]


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
