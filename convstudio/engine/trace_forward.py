"""Forward steps of every layer type: an output element as a sum of products, a max, an activation,
a batch statistic, a normalised value; then the softmax and the loss."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from convstudio.engine.network_check import Built
from convstudio.engine.steps import Axis, Block, Column, Section

if TYPE_CHECKING:
    from convstudio.engine.network_trace import NetworkTrace

#: What a builder returns: the op, its blocks of terms, a scale and extra data.
Parts = tuple[str, list[Block], float, dict[str, Any]]


def _inp(t: NetworkTrace, layer: Built) -> str:
    return t.rec.input_key(layer.index)


def conv(t: NetworkTrace, layer: Built | None, sec: Section, index: tuple[int, ...]) -> Parts:
    """o[n,f,i,j] = Σ_c,m,k I[n, c, i·s + m·d − p, j·s + k·d − p] · W[f,c,m,k] + b[f]."""
    assert layer is not None
    n, f, i, j = index
    (kh, kw), (sh, sw), (ph, pw), (dh, dw) = (
        layer.cfg[k] for k in ("kernel", "stride", "padding", "dilation")
    )
    c, m, k = t.grid(layer.index, (layer.in_shape[0], kh, kw))
    x = t.map_column(_inp(t, layer), (n, c, i * sh + m * dh - ph, j * sw + k * dw - pw))
    w_key = f"{layer.index}.weight"
    blocks = [Block((x, Column(w_key, (f, c, m, k), t.values[w_key][f].ravel())))]
    if layer.cfg["bias"]:
        blocks.append(Block((t.col(f"{layer.index}.bias", np.array([[f]])),)))
    return "sum", blocks, 1.0, {}


def transpose_taps(
    r: int,
    s: int,
    kernel: tuple[int, int],
    stride: tuple[int, int],
    padding: tuple[int, int],
    hw: tuple[int, int],
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The taps (m, k) and input cells (i, j) that a transposed convolution adds into output (r, s):
    i·stride + m − padding = r, within the input."""
    (kh, kw), (sh, sw), (ph, pw), (H, W) = kernel, stride, padding, hw
    m, k = (a.ravel() for a in np.indices((kh, kw)))
    ri, rj = r + ph - m, s + pw - k
    ok = (ri % sh == 0) & (rj % sw == 0)
    i, j = ri // sh, rj // sw
    ok &= (i >= 0) & (i < H) & (j >= 0) & (j < W)
    return m[ok], k[ok], i[ok], j[ok]


def conv_t(t: NetworkTrace, layer: Built | None, sec: Section, index: tuple[int, ...]) -> Parts:
    """o[n,f,r,s] = Σ I[n,c,i,j] · W[c,f,m,k] over the taps with i·s + m − p = r, j·s + k − p = s."""
    assert layer is not None
    n, f, r, s = index
    C, H, W = layer.in_shape
    m, k, i, j = transpose_taps(r, s, layer.cfg["kernel"], layer.cfg["stride"], layer.cfg["padding"], (H, W))
    T = len(m)
    c = np.repeat(np.arange(C), T)
    m, k, i, j = (np.tile(a, C) for a in (m, k, i, j))
    x_index = np.stack([np.full_like(c, n), c, i, j], axis=1)
    w_index = np.stack([c, np.full_like(c, f), m, k], axis=1)
    blocks = [Block((t.col(_inp(t, layer), x_index), t.col(f"{layer.index}.weight", w_index)))]
    if layer.cfg["bias"]:
        blocks.append(Block((t.col(f"{layer.index}.bias", np.array([[f]])),)))
    return "sum", blocks, 1.0, {}


def act(t: NetworkTrace, layer: Built | None, sec: Section, index: tuple[int, ...]) -> Parts:
    assert layer is not None
    return layer.type, [Block((t.col(_inp(t, layer), np.array([index])),))], 1.0, {}


def pool_window(layer: Built, n: int, c: int, i: int, j: int) -> np.ndarray:
    (ph, pw), (sh, sw) = layer.cfg["size"], layer.cfg["stride"]
    m, k = (a.ravel() for a in np.indices((ph, pw)))
    return np.stack([np.full_like(m, n), np.full_like(m, c), i * sh + m, j * sw + k], axis=1)


def max_pool(t: NetworkTrace, layer: Built | None, sec: Section, index: tuple[int, ...]) -> Parts:
    assert layer is not None
    return "max", [Block((t.col(_inp(t, layer), pool_window(layer, *index)),))], 1.0, {}


def avg_pool(t: NetworkTrace, layer: Built | None, sec: Section, index: tuple[int, ...]) -> Parts:
    assert layer is not None
    cells = pool_window(layer, *index)
    return "sum", [Block((t.col(_inp(t, layer), cells),))], 1.0 / len(cells), {}


def gap(t: NetworkTrace, layer: Built | None, sec: Section, index: tuple[int, ...]) -> Parts:
    assert layer is not None
    n, c = index
    _, H, W = layer.in_shape
    r, s = t.grid("hw", (H, W))
    x = t.values[_inp(t, layer)]
    return "sum", [Block((Column(_inp(t, layer), (n, c, r, s), x[n, c].ravel()),))], 1.0 / (H * W), {}


def _channel_cells(t: NetworkTrace, layer: Built, c: int) -> tuple[tuple[Any, ...], np.ndarray]:
    """Every cell of channel c of the layer's input, over the batch (and rows and columns)."""
    x = t.values[_inp(t, layer)]
    if x.ndim == 4:
        n, r, s = t.grid("nhw", (x.shape[0], *x.shape[2:]))
        return (n, c, r, s), x[:, c].ravel()
    (n,) = t.grid("n", (x.shape[0],))
    return (n, c), x[:, c].copy()


def bn_mean(t: NetworkTrace, layer: Built | None, sec: Section, index: tuple[int, ...]) -> Parts:
    """μ[c] = (1/m) Σ x over the batch, rows and columns of channel c."""
    assert layer is not None
    where, values = _channel_cells(t, layer, index[0])
    return "sum", [Block((Column(_inp(t, layer), where, values),))], 1.0 / len(values), {}


def bn_var(t: NetworkTrace, layer: Built | None, sec: Section, index: tuple[int, ...]) -> Parts:
    """σ²[c] = (1/m) Σ (x − μ[c])², the biased variance the batch is normalised with."""
    assert layer is not None
    c = index[0]
    where, values = _channel_cells(t, layer, c)
    mu = Column(f"{layer.index}:mean", (c,), np.full(len(values), t.values[f"{layer.index}:mean"][c]))
    return "sqdiff", [Block((Column(_inp(t, layer), where, values), mu))], 1.0 / len(values), {}


def bn_norm(t: NetworkTrace, layer: Built | None, sec: Section, index: tuple[int, ...]) -> Parts:
    """x̂ = (x − μ[c]) / √(σ²[c] + ε)."""
    assert layer is not None
    c = np.array([[index[1]]])
    cols = (
        t.col(_inp(t, layer), np.array([index])),
        t.col(f"{layer.index}:mean", c),
        t.col(f"{layer.index}:var", c),
    )
    return "normalise", [Block(cols)], 1.0, {"eps": layer.cfg["eps"]}


def bn_affine(t: NetworkTrace, layer: Built | None, sec: Section, index: tuple[int, ...]) -> Parts:
    """z = γ[c] · x̂ + β[c]."""
    assert layer is not None
    c = np.array([[index[1]]])
    gamma = t.col(f"{layer.index}.weight", c)
    xhat = t.col(f"{layer.index}:xhat", np.array([index]))
    return "sum", [Block((gamma, xhat)), Block((t.col(f"{layer.index}.bias", c),))], 1.0, {}


def flatten(t: NetworkTrace, layer: Built | None, sec: Section, index: tuple[int, ...]) -> Parts:
    assert layer is not None
    n, d = index
    cell = (n, *np.unravel_index(d, layer.in_shape)) if len(layer.in_shape) > 1 else (n, d)
    return "sum", [Block((t.col(_inp(t, layer), np.array([cell])),))], 1.0, {}


def dense(t: NetworkTrace, layer: Built | None, sec: Section, index: tuple[int, ...]) -> Parts:
    """s[n,k] = Σ_d W[k,d] · x[n,d] + b[k]."""
    assert layer is not None
    n, k = index
    (D,) = layer.in_shape
    (d,) = t.grid("d", (D,))
    w_key = f"{layer.index}.weight"
    x_key = _inp(t, layer)
    blocks = [
        Block(
            (
                Column(w_key, (k, d), t.values[w_key][k].copy()),
                Column(x_key, (n, d), t.values[x_key][n].copy()),
            )
        )
    ]
    if layer.cfg["bias"]:
        blocks.append(Block((t.col(f"{layer.index}.bias", np.array([[k]])),)))
    return "sum", blocks, 1.0, {}


def _last(t: NetworkTrace) -> str:
    return f"{t.layers[-1].index}:out"


def softmax(t: NetworkTrace, layer: Built | None, sec: Section, index: tuple[int, ...]) -> Parts:
    n, k = index
    K = t.values[_last(t)].shape[1]
    cells = np.stack([np.full(K, n), np.arange(K)], axis=1)
    return "softmax", [Block((t.col(_last(t), cells),))], 1.0, {"k": k}


def loss(t: NetworkTrace, layer: Built | None, sec: Section, index: tuple[int, ...]) -> Parts:
    if t.rec.network["loss"] == "mse":
        pred, target = t.values[_last(t)], t.values["t"]
        every = tuple(Axis(pred.shape, d) for d in range(pred.ndim))
        cols = (Column(_last(t), every, pred.ravel()), Column("t", every, target.ravel()))
        return "sqdiff", [Block(cols)], 1.0 / pred.size, {}
    labels = t.values["y"]
    N = len(labels)
    cells = np.stack([np.arange(N), labels], axis=1)
    return "neglog", [Block((t.col("q", cells),))], -1.0 / N, {}


#: Every forward builder by its section's name.
FORWARD = {
    "conv": conv,
    "conv_t": conv_t,
    "act": act,
    "max_pool": max_pool,
    "avg_pool": avg_pool,
    "gap": gap,
    "bn_mean": bn_mean,
    "bn_var": bn_var,
    "bn_norm": bn_norm,
    "bn_affine": bn_affine,
    "flatten": flatten,
    "dense": dense,
    "softmax": softmax,
    "loss": loss,
}
