"""The gradients of a convolution as convolutions themselves: what slides over what, position by position.

Three sliding sums, each a small filter moving over a grid, each position giving one number:

- ``"dW"``: dL/dW = I ⋆ dL/do. The output gradient, with stride - 1 zeros inserted between its
  values, slides over the padded input like a filter; at position (m, k) it sits dilation cells
  further on, and the input cells its values meet, times those values, add up to dL/dW_mk. The sum
  also runs over the images of the batch.
- ``"dI"``: dL/dI = dL/do ∗ W, the full convolution: the flipped filter, its taps dilation apart,
  slides over the zero-inserted dL/do inside a border of zeros as wide as the dilated filter less
  one; each position gives the gradient of one cell of the *padded* input, and the border that
  was padding is cropped away. The sum also runs over the filters.
- ``"o"`` and ``"conv"``: the forward pass, o = I ⋆ W (cross-correlation, what networks compute)
  and I ∗ W = I ⋆ flip(W) (the convolution of mathematics). The sum also runs over the channels.

A :class:`Frame` is one position: for every slice of the axis the sum also runs over (the slices),
the value of each tap of the sliding filter, the grid cell it meets and its value there. Display
indices are 1-based (``dL/dW11``); code indices are 0-based. NumPy only.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import NamedTuple

import numpy as np

from convstudio.engine import arguments, ops
from convstudio.engine.spec import Spec

MODES = ("dW", "dI", "o", "conv")
#: What each mode writes, what slides, what it slides over, and the extra axis the sum runs over.
WRITES = {"dW": "dW", "dI": "dI", "o": "o", "conv": "o"}
SLICES = {"dW": "n", "dI": "f", "o": "c", "conv": "c"}
#: Which two leading indices (image n, filter f, channel c) pick the element a mode computes.
LEADS = {"dW": "fc", "dI": "nc", "o": "nf", "conv": "nf"}

#: Positions gathered at once when adding up a whole result map (bounds the memory a map takes).
_CHUNK_VALUES = 1 << 20


def padded(x: np.ndarray, padding: arguments.Pair) -> np.ndarray:
    """The images inside their ring of zeros. x: (N, C, H, W) -> (N, C, H + 2ph, W + 2pw)."""
    ph, pw = arguments.pair(padding, "padding", minimum=0)
    return np.pad(np.asarray(x, dtype=np.float64), ((0, 0), (0, 0), (ph, ph), (pw, pw)))


def zero_inserted(grad_y: np.ndarray, stride: arguments.Pair) -> np.ndarray:
    """dL/do with stride - 1 zeros between neighbours (a stride of 1 leaves it as it is).

    grad_y: (N, F, Ho, Wo) -> (N, F, (Ho - 1)·sh + 1, (Wo - 1)·sw + 1).
    """
    sh, sw = arguments.pair(stride, "stride", minimum=1)
    g = np.asarray(grad_y, dtype=np.float64)
    N, F, Ho, Wo = g.shape
    out = np.zeros((N, F, (Ho - 1) * sh + 1, (Wo - 1) * sw + 1))
    out[:, :, ::sh, ::sw] = g
    return out


def flipped(w: np.ndarray) -> np.ndarray:
    """Each filter turned half a turn (rows and columns reversed): w[..., ::-1, ::-1]."""
    return np.ascontiguousarray(np.asarray(w, dtype=np.float64)[..., ::-1, ::-1])


def spread(w: np.ndarray, dilation: arguments.Pair, fill: float = 0.0) -> np.ndarray:
    """Filters with their taps dilation cells apart and ``fill`` between them (NaN to draw holes).

    w: (..., kh, kw) -> (..., (kh - 1)·dh + 1, (kw - 1)·dw + 1).
    """
    dh, dw = arguments.pair(dilation, "dilation", minimum=1)
    w = np.asarray(w, dtype=np.float64)
    kh, kw = w.shape[-2:]
    out = np.full((*w.shape[:-2], (kh - 1) * dh + 1, (kw - 1) * dw + 1), fill)
    out[..., ::dh, ::dw] = w
    return out


class Layout(NamedTuple):
    """How one mode slides: the grid, the filter's taps, and where each position puts the filter."""

    grid: np.ndarray  # (S, Hg, Wg): the grid of each slice
    kernel: np.ndarray  # (S, T): the sliding filter's value at each tap, per slice
    taps: np.ndarray  # (T, 2): each tap's offset from the filter's corner on the grid
    step: tuple[int, int]  # how far the corner moves from one position to the next
    positions: tuple[int, int]  # rows and columns of positions (the shape of what it computes)
    real: np.ndarray  # (Hg, Wg) bool: cells that hold data (not padding, not an inserted zero)


@dataclass(frozen=True, eq=False)
class Frame:
    """One position of a sliding sum: ``total = Σ_slices Σ_taps kernel · met (+ bias)``.

    ``index`` is the element computed, in the tensor the mode writes (for ``"dI"``: in the padded
    input, so a position on the border is the gradient of a padding cell, cropped away).
    """

    mode: str
    index: tuple[int, int, int, int]
    origin: tuple[int, int]  # the filter's corner on the grid
    cells: np.ndarray  # (T, 2): the grid cell each tap meets
    kernel: np.ndarray  # (S, T): the tap values, per slice
    met: np.ndarray  # (S, T): the grid values the taps meet, per slice
    real: np.ndarray  # (T,): whether the cell met holds data (else a zero of padding or insertion)
    bias: float = 0.0

    @property
    def position(self) -> tuple[int, int]:
        return self.index[2], self.index[3]

    def products(self) -> np.ndarray:
        """(S, T) every tap's product, per slice: inf where it overflows (huge weights of a
        diverging run), NaN for inf times 0, as the forward and backward passes give."""
        with np.errstate(over="ignore", invalid="ignore"):
            return self.kernel * self.met

    def partials(self) -> np.ndarray:
        """(S,) each slice's sum."""
        return self._partials.copy()

    @cached_property
    def _partials(self) -> np.ndarray:  # a big batch's frame is read several times per redraw
        with np.errstate(over="ignore", invalid="ignore"):  # inf + (-inf) is NaN, honestly
            return self.products().sum(axis=1)

    @property
    def total(self) -> float:
        with np.errstate(over="ignore", invalid="ignore"):
            return float(self._partials.sum() + self.bias)


class Correlation:
    """The three sliding sums of one convolution layer, from its tensors.

    x: (N, C, H, W) input, w: (F, C, kh, kw) filters, grad_y: (N, F, Ho, Wo) dL/do, b: (F,) or None.
    """

    def __init__(
        self,
        x: np.ndarray,
        w: np.ndarray,
        grad_y: np.ndarray,
        b: np.ndarray | None = None,
        *,
        stride: arguments.Pair = 1,
        padding: arguments.Pair = 0,
        dilation: arguments.Pair = 1,
    ) -> None:
        self.x = np.asarray(x, dtype=np.float64)
        self.w = np.asarray(w, dtype=np.float64)
        self.grad_y = np.asarray(grad_y, dtype=np.float64)
        if self.x.ndim != 4 or self.w.ndim != 4:
            raise ValueError(
                f"the image must have shape (N, C, H, W) and the filters (F, C, kh, kw), "
                f"not {self.x.shape} and {self.w.shape}"
            )
        if self.w.shape[1] != self.x.shape[1]:
            raise ValueError(
                f"the filters have {self.w.shape[1]} channel(s) but the image has {self.x.shape[1]}"
            )
        g = self.g = ops.conv_geometry(
            self.x.shape[1:], self.w.shape[2:], stride=stride, padding=padding, dilation=dilation
        )
        self.N, self.F = self.x.shape[0], self.w.shape[0]
        if self.grad_y.shape != (self.N, self.F, g.Ho, g.Wo):
            raise ValueError(
                f"the output gradient must have shape {(self.N, self.F, g.Ho, g.Wo)}, not {self.grad_y.shape}"
            )
        self.b = np.zeros(self.F) if b is None else np.asarray(b, dtype=np.float64).reshape(self.F)
        self.has_bias = b is not None
        self._totals: dict[tuple[str, int, int], np.ndarray] = {}

    @classmethod
    def of_spec(
        cls, spec: Spec, x: np.ndarray, w: np.ndarray, grad_y: np.ndarray, b: np.ndarray | None = None
    ) -> Correlation:
        return cls(x, w, grad_y, b, stride=spec.stride, padding=spec.padding, dilation=spec.dilation)

    # --- the grids ---------------------------------------------------------------------------

    @property
    def extent(self) -> tuple[int, int]:
        """Rows and columns the dilated filter covers."""
        g = self.g
        return (g.kh - 1) * g.dh + 1, (g.kw - 1) * g.dw + 1

    @property
    def reach(self) -> tuple[int, int]:
        """Rows and columns of the padded input that some window covers (the rest is never read)."""
        g = self.g
        eh, ew = self.extent
        return (g.Ho - 1) * g.sh + eh, (g.Wo - 1) * g.sw + ew

    @cached_property
    def x_pad(self) -> np.ndarray:
        """(N, C, Hp, Wp) the input inside its padding."""
        return padded(self.x, (self.g.ph, self.g.pw))

    @cached_property
    def dz(self) -> np.ndarray:
        """(N, F, Hz, Wz) dL/do with stride - 1 zeros between its values."""
        return zero_inserted(self.grad_y, (self.g.sh, self.g.sw))

    @property
    def border(self) -> tuple[int, int]:
        """The zeros above and left of dL/do in the full convolution's grid: the dilated filter less one."""
        eh, ew = self.extent
        return eh - 1, ew - 1

    @cached_property
    def dz_full(self) -> np.ndarray:
        """(N, F, Hp + eh - 1, Wp + ew - 1) the zero-inserted dL/do in its border of zeros.

        The border below and right is wider by the padded input's rows and columns that no window
        reached, so that the flipped filter's positions are exactly the padded input's cells.
        """
        g = self.g
        bh, bw = self.border
        Hr, Wr = self.reach
        dz = self.dz
        return np.pad(dz, ((0, 0), (0, 0), (bh, bh + g.Hp - Hr), (bw, bw + g.Wp - Wr)))

    @cached_property
    def w_flip(self) -> np.ndarray:
        """(F, C, kh, kw) the filters turned half a turn."""
        return flipped(self.w)

    # --- sliding -----------------------------------------------------------------------------

    def layout(self, mode: str, lead: tuple[int, int]) -> Layout:
        """What slides over what for the element picked by ``lead`` (see LEADS)."""
        g = self.g
        a, b = (int(v) for v in lead)
        kernel_taps = np.stack([v.ravel() for v in np.indices((g.kh, g.kw))], axis=1) * np.array([g.dh, g.dw])
        if mode == "dW":  # lead (f, c): dL/do of filter f slides over channel c of every image
            taps = np.stack([v.ravel() for v in np.indices((g.Ho, g.Wo))], axis=1) * np.array([g.sh, g.sw])
            real = self._inside(g.Hp, g.Wp, g.ph, g.pw, g.H, g.W)
            return Layout(
                self.x_pad[:, b],
                self.grad_y[:, a].reshape(self.N, -1),
                taps,
                (g.dh, g.dw),
                (g.kh, g.kw),
                real,
            )
        if mode == "dI":  # lead (n, c): the flipped filters' channel c slide over image n's dL/do
            Hf, Wf = self.dz_full.shape[2:]
            bh, bw = self.border
            real = np.zeros((Hf, Wf), dtype=bool)
            real[bh : bh + (g.Ho - 1) * g.sh + 1 : g.sh, bw : bw + (g.Wo - 1) * g.sw + 1 : g.sw] = True
            return Layout(
                self.dz_full[a],
                self.w_flip[:, b].reshape(self.F, -1),
                kernel_taps,
                (1, 1),
                (g.Hp, g.Wp),
                real,
            )
        if mode in ("o", "conv"):  # lead (n, f): filter f slides over every channel of image n
            w = self.w if mode == "o" else self.w_flip
            return Layout(
                self.x_pad[a],
                w[b].reshape(g.C, -1),
                kernel_taps,
                (g.sh, g.sw),
                (g.Ho, g.Wo),
                self._inside(g.Hp, g.Wp, g.ph, g.pw, g.H, g.W),
            )
        raise ValueError(f"mode must be one of {', '.join(MODES)}, not {mode!r}")

    @staticmethod
    def _inside(Hp: int, Wp: int, ph: int, pw: int, H: int, W: int) -> np.ndarray:
        real = np.zeros((Hp, Wp), dtype=bool)
        real[ph : ph + H, pw : pw + W] = True
        return real

    def frame(self, mode: str, lead: tuple[int, int], position: tuple[int, int]) -> Frame:
        """The sum at one position (row, col) of what ``mode`` computes for ``lead``."""
        lay = self.layout(mode, lead)
        r, s = (int(v) for v in position)
        rows, cols = lay.positions
        if not (0 <= r < rows and 0 <= s < cols):
            raise IndexError(f"position ({r + 1}, {s + 1}) is outside the {rows}x{cols} positions")
        origin = (r * lay.step[0], s * lay.step[1])
        cells = lay.taps + np.array(origin)
        met = lay.grid[:, cells[:, 0], cells[:, 1]]
        bias = float(self.b[lead[1]]) if mode in ("o", "conv") and self.has_bias else 0.0
        return Frame(
            mode,
            (int(lead[0]), int(lead[1]), r, s),
            origin,
            cells,
            lay.kernel,
            met,
            lay.real[cells[:, 0], cells[:, 1]],
            bias,
        )

    def totals(self, mode: str, lead: tuple[int, int]) -> np.ndarray:
        """Every position's sum for ``lead``, as a (rows, cols) map; remembered per element."""
        key = (mode, int(lead[0]), int(lead[1]))
        if key not in self._totals:
            lay = self.layout(mode, lead)
            rows, cols = lay.positions
            P = rows * cols
            corners = np.stack([v.ravel() for v in np.indices((rows, cols))], axis=1) * np.array(lay.step)
            out = np.empty(P)
            S, T = lay.kernel.shape
            chunk = max(1, _CHUNK_VALUES // max(1, S * T))
            grid = np.moveaxis(lay.grid, 0, -1)  # (Hg, Wg, S): a gather yields (p, T, S) rows
            kernel = lay.kernel.T.reshape(-1)  # (T*S,) in the same order
            # Huge values (a diverging learning rate) overflow to inf, and inf - inf is NaN: the
            # honest results, shown as such, as the engine's passes give them.
            with np.errstate(over="ignore", invalid="ignore"):
                for start in range(0, P, chunk):
                    cells = corners[start : start + chunk, None, :] + lay.taps[None, :, :]  # (p, T, 2)
                    met = grid[cells[..., 0], cells[..., 1]]  # (p, T, S)
                    out[start : start + chunk] = met.reshape(len(cells), -1) @ kernel
                if mode in ("o", "conv") and self.has_bias:
                    out += self.b[lead[1]]
            out.setflags(write=False)
            self._totals[key] = out.reshape(rows, cols)
        return self._totals[key]

    # --- the whole tensors, for checking against ops --------------------------------------------

    def grad_w(self) -> np.ndarray:
        """(F, C, kh, kw) dL/dW, every element added up as dL/do slides over the input."""
        return np.array([[self.totals("dW", (f, c)) for c in range(self.g.C)] for f in range(self.F)])

    def grad_x_padded(self) -> np.ndarray:
        """(N, C, Hp, Wp) the gradient of the padded input, from the flipped filters sliding."""
        return np.array([[self.totals("dI", (n, c)) for c in range(self.g.C)] for n in range(self.N)])

    def grad_x(self) -> np.ndarray:
        """(N, C, H, W) dL/dI: the padded input's gradient with the padding's border cropped away."""
        return crop(self.grad_x_padded(), (self.g.ph, self.g.pw))

    def output(self, mode: str = "o") -> np.ndarray:
        """(N, F, Ho, Wo) o = I ⋆ W (``"o"``) or I ∗ W = I ⋆ flip(W) (``"conv"``), with the bias."""
        return np.array([[self.totals(mode, (n, f)) for f in range(self.F)] for n in range(self.N)])


def crop(a: np.ndarray, padding: arguments.Pair) -> np.ndarray:
    """The inside of (..., Hp, Wp) maps without their padding's border."""
    ph, pw = arguments.pair(padding, "padding", minimum=0)
    return a[..., ph : a.shape[-2] - ph, pw : a.shape[-1] - pw]
