"""The whole unrolled layer as one block matrix, built densely: block (f, c) is the matrix of
``W[f, c]``. Small networks only; the tests check the sparse ``Unrolled`` against it."""

from __future__ import annotations

import numpy as np

from convstudio.engine.ops import ConvGeometry
from convstudio.engine.unroll import Unrolled


def dense_matrix(g: ConvGeometry, w: np.ndarray, *, padded: bool = True) -> np.ndarray:
    """The convolution of all channels by all filters ``w`` (F, C, kh, kw) as one matrix
    (F*Ho*Wo, C*columns); ``dense_matrix @ vectorise(x)[n]`` is ``o[n]`` flattened (no bias)."""
    w = np.asarray(w, dtype=np.float64)
    if w.ndim != 4 or w.shape[1:] != (g.C, g.kh, g.kw):
        raise ValueError(f"the filters must have shape (F, {g.C}, {g.kh}, {g.kw}), not {w.shape}")
    u = Unrolled(g, padded)
    return np.block([[u.matrix(w[f, c]) for c in range(g.C)] for f in range(w.shape[0])])


def weight_index(g: ConvGeometry, filters: int, *, padded: bool = True) -> np.ndarray:
    """For each entry of ``dense_matrix``, the flat index of the weight in W (F, C, kh, kw) it
    holds, or -1 where the matrix is 0."""
    u = Unrolled(g, padded)
    rows, cols = np.indices(u.shape)
    taps = u.tap_at(rows, cols)
    blocks = [
        [np.where(taps >= 0, (f * g.C + c) * u.n_taps + taps, -1) for c in range(g.C)] for f in range(filters)
    ]
    return np.block(blocks)


def vectorise(g: ConvGeometry, x: np.ndarray, *, padded: bool = True) -> np.ndarray:
    """Images (N, C, H, W) as the vectors ``dense_matrix`` multiplies: (N, C*columns)."""
    x = np.asarray(x, dtype=np.float64)
    if x.ndim != 4 or x.shape[1] != g.C:
        raise ValueError(f"the images must have shape (N, {g.C}, {g.H}, {g.W}), not {x.shape}")
    return Unrolled(g, padded).vec(x).reshape(x.shape[0], -1)
