"""The convolution as a dense layer: o = M · vec(I), one matrix whose weights are tied.

For one filter and one input channel, M has a row per output element (i, j) and a column per input
cell (r, s), both in row-major order. Columns are the cells of the zero-padded image by default, so
every tap of the filter lands on a column (taps on the padding multiply a zero); with
``padded=False`` they are the image's own cells, and the taps that would read padding are left out.
Entry ``M[(i, j), (r, s)]`` is ``W[m, k]`` when the padded cell ``(r, s)`` is
``(i*sh + m*dh, j*sw + k*dw)``, and 0 otherwise: each weight sits in up to Ho*Wo places, the tied
weights of the dense layer. A dense layer learns ``dL/dM = dL/do · vec(I)ᵀ`` (an outer product);
tying makes ``dL/dW_mn`` the sum of that over the places W_mn sits, which is what backprop's
correlation computes in one go.

Where a weight sits is computed from the indices, never looked up in an R x C table, so a 64x64
image (a 4096 x 4900 matrix) costs only the entries asked for. Several channels and filters make a
block matrix, block (f, c) being the matrix of ``W[f, c]``.

Weights a diverging learning rate has blown up make products and sums overflow: they come out inf,
or NaN for inf - inf, quietly, as the engine's own passes give them (the views show them as such).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import numpy as np

from convstudio.engine.colour_scale import product_scale
from convstudio.engine.ops import ConvGeometry


@dataclass(frozen=True)
class Unrolled:
    """The matrix M of one filter slice (kh, kw) over one image channel, and where each weight sits.

    Rows: output elements, ``row = i*Wo + j``. Columns: input cells, ``col = r*Wc + s`` in the padded
    image (Hp x Wp) or the image itself (H x W). A tap is a weight's flat position ``m*kw + k``.
    """

    geometry: ConvGeometry
    padded: bool = True

    # --- sizes and cells -------------------------------------------------------------------------

    @property
    def in_shape(self) -> tuple[int, int]:
        """(rows, cols) of the image the columns run over: padded or not."""
        g = self.geometry
        return (g.Hp, g.Wp) if self.padded else (g.H, g.W)

    @property
    def shape(self) -> tuple[int, int]:
        g = self.geometry
        return (g.Ho * g.Wo, self.in_shape[0] * self.in_shape[1])

    @property
    def n_taps(self) -> int:
        return self.geometry.kh * self.geometry.kw

    def output_cell(self, rows: np.ndarray | int) -> tuple[np.ndarray, np.ndarray]:
        """(i, j) of output elements."""
        return np.divmod(np.asarray(rows), self.geometry.Wo)

    def input_cell(self, cols: np.ndarray | int) -> tuple[np.ndarray, np.ndarray]:
        """(r, s) of columns in the image's own coordinates: -1 or H and beyond lie in the padding."""
        r, s = np.divmod(np.asarray(cols), self.in_shape[1])
        if self.padded:
            return r - self.geometry.ph, s - self.geometry.pw
        return r, s

    def in_padding(self, cols: np.ndarray | int) -> np.ndarray:
        """True for columns of padding cells (never, for the unpadded columns)."""
        r, s = self.input_cell(cols)
        g = self.geometry
        return np.asarray((r < 0) | (r >= g.H) | (s < 0) | (s >= g.W))

    # --- where the weights sit -------------------------------------------------------------------

    def tap_at(self, rows: np.ndarray | int, cols: np.ndarray | int) -> np.ndarray:
        """The tap ``m*kw + k`` that entry (row, col) of M holds, or -1 where M is 0 (broadcasts)."""
        g = self.geometry
        i, j = self.output_cell(rows)
        r, s = self.input_cell(cols)
        dm = r + g.ph - i * g.sh  # the tap's padded offset from the window's corner
        dk = s + g.pw - j * g.sw
        m, m_rest = np.divmod(dm, g.dh)
        k, k_rest = np.divmod(dk, g.dw)
        inside = (m_rest == 0) & (k_rest == 0) & (m >= 0) & (m < g.kh) & (k >= 0) & (k < g.kw)
        return np.where(inside, m * g.kw + k, -1)

    def occurrences(self, tap: int) -> tuple[np.ndarray, np.ndarray]:
        """(rows, cols) of every place weight ``tap`` sits in M, one per output element (in row
        order), less those on the padding when the columns leave it out."""
        g = self.geometry
        if not 0 <= tap < self.n_taps:
            raise ValueError(f"a {g.kh}x{g.kw} filter has taps 0 to {self.n_taps - 1}, not {tap}")
        m, k = divmod(int(tap), g.kw)
        rows = np.arange(g.Ho * g.Wo)
        i, j = self.output_cell(rows)
        r, s = i * g.sh + m * g.dh - g.ph, j * g.sw + k * g.dw - g.pw  # image coordinates
        if self.padded:
            return rows, (r + g.ph) * g.Wp + (s + g.pw)
        inside = (r >= 0) & (r < g.H) & (s >= 0) & (s < g.W)
        return rows[inside], (r * g.W + s)[inside]

    @cached_property
    def pattern(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(rows, cols, taps) of every entry of M that holds a weight, tap by tap."""
        parts = [self.occurrences(t) for t in range(self.n_taps)]
        rows = np.concatenate([p[0] for p in parts])
        cols = np.concatenate([p[1] for p in parts])
        taps = np.repeat(np.arange(self.n_taps), [len(p[0]) for p in parts])
        for a in (rows, cols, taps):
            a.setflags(write=False)
        return rows, cols, taps

    # --- the matrix, the product and the gradient -------------------------------------------------

    def _filter(self, w: np.ndarray) -> np.ndarray:
        w = np.asarray(w, dtype=np.float64)
        g = self.geometry
        if w.shape != (g.kh, g.kw):
            raise ValueError(f"the filter slice must have shape {(g.kh, g.kw)}, not {w.shape}")
        return w

    def matrix(self, w: np.ndarray) -> np.ndarray:
        """M for the filter slice ``w`` (kh, kw): (Ho*Wo, columns), zeros where no weight sits."""
        rows, cols, taps = self.pattern
        out = np.zeros(self.shape)
        out[rows, cols] = self._filter(w).ravel()[taps]
        return out

    def vec(self, image: np.ndarray) -> np.ndarray:
        """vec(I): an image (..., H, W) as the column vector M multiplies, (..., columns)."""
        image = np.asarray(image, dtype=np.float64)
        g = self.geometry
        if image.ndim < 2 or image.shape[-2:] != (g.H, g.W):
            raise ValueError(f"the image must end in shape {(g.H, g.W)}, not {image.shape}")
        if self.padded:
            pads = [(0, 0)] * (image.ndim - 2) + [(g.ph, g.ph), (g.pw, g.pw)]
            image = np.pad(image, pads)
        return image.reshape(*image.shape[:-2], -1)

    def apply(self, w: np.ndarray, image: np.ndarray) -> np.ndarray:
        """o = M · vec(I) for images (..., H, W) -> (..., Ho, Wo), adding only M's weight entries."""
        rows, cols, taps = self.pattern
        v = self.vec(image)
        flat = v.reshape(-1, self.shape[1])
        with np.errstate(over="ignore", invalid="ignore"):  # huge weights: inf (or NaN), as ops gives
            products = self._filter(w).ravel()[taps] * flat[:, cols]  # (images, entries)
        R = self.shape[0]
        where = (np.arange(len(flat))[:, None] * R + rows).ravel()
        out = np.bincount(where, products.ravel(), len(flat) * R)
        g = self.geometry
        return out.reshape(*v.shape[:-1], g.Ho, g.Wo)

    def _pair(self, grad_o: np.ndarray, image: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """dL/do as (N, rows) and vec(I) as (N, columns): one image or a batch of them."""
        g = self.geometry
        grad_o = np.asarray(grad_o, dtype=np.float64)
        v = self.vec(image)
        if grad_o.shape[-2:] != (g.Ho, g.Wo) or grad_o.shape[:-2] != v.shape[:-1]:
            raise ValueError(
                f"dL/do must have shape {(*v.shape[:-1], g.Ho, g.Wo)} to match the image(s), "
                f"not {grad_o.shape}"
            )
        return grad_o.reshape(-1, self.shape[0]), v.reshape(-1, self.shape[1])

    def grad_matrix(self, grad_o: np.ndarray, image: np.ndarray) -> np.ndarray:
        """dL/dM = dL/do · vec(I)ᵀ as a free dense layer would learn it, summed over a batch:
        grad_o (..., Ho, Wo) and image (..., H, W) -> (rows, columns)."""
        d, v = self._pair(grad_o, image)
        with np.errstate(over="ignore", invalid="ignore"):
            return d.T @ v

    def entries(self, tap: int, grad_o: np.ndarray, image: np.ndarray) -> np.ndarray:
        """dL/dM at every place weight ``tap`` sits (in ``occurrences`` order), summed over a batch:
        each is dL/do of the row times the input cell of the column."""
        d, v = self._pair(grad_o, image)
        rows, cols = self.occurrences(tap)
        with np.errstate(over="ignore", invalid="ignore"):
            return np.einsum("nt,nt->t", d[:, rows], v[:, cols])

    def tied_sums(self, grad_o: np.ndarray, image: np.ndarray) -> np.ndarray:
        """dL/dW (kh, kw): for each weight, the sum of dL/dM over the places it sits."""
        d, v = self._pair(grad_o, image)
        rows, cols, taps = self.pattern
        with np.errstate(over="ignore", invalid="ignore"):
            per_entry = np.einsum("nt,nt->t", d[:, rows], v[:, cols])
        return np.bincount(taps, per_entry, self.n_taps).reshape(self.geometry.kh, self.geometry.kw)

    def sampled_taps(self, rows: np.ndarray, cols: np.ndarray, per: int, selected: int | None) -> np.ndarray:
        """The tap each zoomed-out pixel shows (-1: only zeros), a pixel covering ``per`` entries each
        way from (rows, cols): the selected weight if it sits among a few evenly spread of them, else
        any weight there, so that the sparse bands do not vanish between samples."""
        span = min(per, 3)
        rows_max, cols_max = self.shape
        best = np.full((len(rows), len(cols)), -1)
        for a in range(span):
            r = np.minimum(rows + (a * per) // span, rows_max - 1)
            for b in range(span):
                c = np.minimum(cols + (b * per) // span, cols_max - 1)
                taps = self.tap_at(r[:, None], c[None, :])
                if selected is not None:
                    keep = best == selected
                    best = np.where(keep, best, np.where(taps == selected, taps, np.maximum(best, taps)))
                else:
                    best = np.maximum(best, taps)
        return best


def outer_scale(dout: np.ndarray, vec: np.ndarray) -> float:
    """The colour scale of dL/dM = dL/do · vec(I)ᵀ, from the two vectors alone."""
    return product_scale(dout, vec)
