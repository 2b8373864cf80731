"""Backward steps of every layer type: the loss's gradient, each layer's parameter gradients
(dL/dW = Σ dL/do · I over every position and image) and its input gradient, which is how
learning reaches the layer below; batch norm's input gradient as its three terms."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from convstudio.engine import ops
from convstudio.engine.network_check import Built
from convstudio.engine.steps import Block, Column, Section
from convstudio.engine.trace_forward import Parts, pool_window

if TYPE_CHECKING:
    from convstudio.engine.network_trace import NetworkTrace


def _slope(kind: str, x: float) -> float:
    """The activation's derivative at x, as its op's backward computes it."""
    if kind == "relu":
        return float(x > 0)
    if kind == "sigmoid":
        s = float(ops.sigmoid_forward(np.array(x)))
        return s * (1.0 - s)
    t = float(ops.tanh_forward(np.array(x)))
    return 1.0 - t * t


def _inp(t: NetworkTrace, layer: Built) -> str:
    return t.rec.input_key(layer.index)


def _out(layer: Built) -> str:
    return f"d{layer.index}:out"


def loss(t: NetworkTrace, layer: Built | None, sec: Section, index: tuple[int, ...]) -> Parts:
    last = sec.tensor[1:]
    cell = np.array([index])
    if t.rec.network["loss"] == "mse":
        size = t.values[last].size
        return "diff", [Block((t.col(last, cell), t.col("t", cell)))], 2.0 / size, {}
    n, k = index
    is_label = float(t.values["y"][n] == k)
    label = f"[{t.names.symbol('y', (n,))} = {k + 1}]"
    onehot = Column(None, None, np.array([is_label]), label=label)
    return "diff", [Block((t.col("q", cell), onehot))], 1.0 / t.values["q"].shape[0], {}


def _dout_column(t: NetworkTrace, layer: Built, f: int) -> Column:
    """dL/do of output channel f at every position and image, row-major."""
    g = t.grads[_out(layer)]
    n, i, j = t.grid(("out", layer.index), (g.shape[0], *g.shape[2:]))
    return Column(_out(layer), (n, f, i, j), t.by_channel(_out(layer))[f].reshape(-1))


def conv_w(t: NetworkTrace, layer: Built | None, sec: Section, index: tuple[int, ...]) -> Parts:
    """dL/dW[f,c,m,k] = Σ_n,i,j dL/do[n,f,i,j] · I[n, c, i·s + m·d − p, j·s + k·d − p]."""
    assert layer is not None
    f, c, m, k = index
    L = layer.index
    (sh, sw), (ph, pw), (dh, dw) = (layer.cfg[key] for key in ("stride", "padding", "dilation"))
    x_key = _inp(t, layer)
    x = t.values[x_key]
    N, _, H, W = x.shape
    _, Ho, Wo = layer.out_shape
    n, i, j = t.grid(("out", L), (N, Ho, Wo))
    # Every step of this section reads the same few shifted grids and the padded input: kept,
    # they make a step of a 64-image batch one strided copy.
    rows = t.cached(("rows", L, m), lambda: i * sh + (m * dh - ph))
    cols = t.cached(("cols", L, k), lambda: j * sw + (k * dw - pw))
    padded = t.cached(("padded", L), lambda: np.pad(x, ((0, 0), (0, 0), (ph, ph), (pw, pw))))
    view = padded[:, c, m * dh : m * dh + sh * (Ho - 1) + 1 : sh, k * dw : k * dw + sw * (Wo - 1) + 1 : sw]
    r_small, c_small = np.arange(Ho) * sh + (m * dh - ph), np.arange(Wo) * sw + (k * dw - pw)
    r_pad, c_pad = (r_small < 0) | (r_small >= H), (c_small < 0) | (c_small >= W)
    pad = None
    if r_pad.any() or c_pad.any():
        pad = np.broadcast_to(r_pad[:, None] | c_pad[None, :], (N, Ho, Wo)).reshape(-1)
    x_col = Column(x_key, (n, c, rows, cols), view.reshape(-1), pad=pad)
    return "sum", [Block((_dout_column(t, layer, f), x_col))], 1.0, {}


def bias(t: NetworkTrace, layer: Built | None, sec: Section, index: tuple[int, ...]) -> Parts:
    """dL/db[f] = Σ dL/do[n,f,i,j] over every position and image."""
    assert layer is not None
    if layer.type == "dense":
        g = t.grads[_out(layer)]
        (n,) = t.grid("n", (g.shape[0],))
        return "sum", [Block((Column(_out(layer), (n, index[0]), g[:, index[0]].copy()),))], 1.0, {}
    return "sum", [Block((_dout_column(t, layer, index[0]),))], 1.0, {}


def conv_x(t: NetworkTrace, layer: Built | None, sec: Section, index: tuple[int, ...]) -> Parts:
    """dL/dI[n,c,r,s] = Σ dL/do[n,f,i,j] · W[f,c,m,k] over the outputs that read (r, s): the full
    convolution of dL/do with the flipped W."""
    assert layer is not None
    n, c, r, s = index
    (kh, kw), (sh, sw), (ph, pw), (dh, dw) = (
        layer.cfg[k] for k in ("kernel", "stride", "padding", "dilation")
    )
    _, Ho, Wo = layer.out_shape
    f, m, k = t.grid(("taps_f", layer.index), (layer.cfg["filters"], kh, kw))
    ri, rj = r + ph - m * dh, s + pw - k * dw
    ok = (ri % sh == 0) & (rj % sw == 0)
    i, j = ri // sh, rj // sw
    ok &= (i >= 0) & (i < Ho) & (j >= 0) & (j < Wo)
    f, m, k, i, j = f[ok], m[ok], k[ok], i[ok], j[ok]
    o_index = np.stack([np.full_like(f, n), f, i, j], axis=1)
    w_index = np.stack([f, np.full_like(f, c), m, k], axis=1)
    return "sum", [Block((t.col(_out(layer), o_index), t.col(f"{layer.index}.weight", w_index)))], 1.0, {}


def convt_w(t: NetworkTrace, layer: Built | None, sec: Section, index: tuple[int, ...]) -> Parts:
    """dL/dW[c,f,m,k] = Σ_n,i,j I[n,c,i,j] · dL/do[n, f, i·s + m − p, j·s + k − p]."""
    assert layer is not None
    c, f, m, k = index
    (sh, sw), (ph, pw) = layer.cfg["stride"], layer.cfg["padding"]
    x = t.values[_inp(t, layer)]
    n, i, j = t.grid(("in", layer.index), (x.shape[0], *x.shape[2:]))
    x_col = Column(_inp(t, layer), (n, c, i, j), x[:, c].ravel())
    g_col = t.map_column(_out(layer), (n, f, i * sh + (m - ph), j * sw + (k - pw)))
    return "sum", [Block((x_col, g_col))], 1.0, {}


def convt_x(t: NetworkTrace, layer: Built | None, sec: Section, index: tuple[int, ...]) -> Parts:
    """dL/dI[n,c,i,j] = Σ_f,m,k dL/do[n, f, i·s + m − p, j·s + k − p] · W[c,f,m,k]: a convolution
    of dL/do with W."""
    assert layer is not None
    n, c, i, j = index
    kh, kw = layer.cfg["kernel"]
    (sh, sw), (ph, pw) = layer.cfg["stride"], layer.cfg["padding"]
    f, m, k = t.grid(("taps_f", layer.index), (layer.cfg["filters"], kh, kw))
    g_col = t.map_column(_out(layer), (n, f, i * sh + m - ph, j * sw + k - pw))
    w_key = f"{layer.index}.weight"
    w_col = Column(w_key, (c, f, m, k), t.values[w_key][c].ravel())
    return "sum", [Block((g_col, w_col))], 1.0, {}


def act(t: NetworkTrace, layer: Built | None, sec: Section, index: tuple[int, ...]) -> Parts:
    """dL/dx = dL/da · f′(x)."""
    assert layer is not None
    cell = np.array([index])
    x_key = _inp(t, layer)
    slope = _slope(layer.type, float(t.values[x_key][index]))
    deriv = Column(x_key, cell, np.array([slope]), wrap=f"{layer.type}'")
    return "sum", [Block((t.col(_out(layer), cell), deriv))], 1.0, {}


def _windows_over(layer: Built, r: int, s: int) -> tuple[np.ndarray, np.ndarray]:
    """The pooling windows (a, b) that hold input cell (r, s)."""
    (ph, pw), (sh, sw) = layer.cfg["size"], layer.cfg["stride"]
    _, Ho, Wo = layer.out_shape
    wi = np.arange(Ho)
    wi = wi[(wi * sh <= r) & (r < wi * sh + ph)]
    wj = np.arange(Wo)
    wj = wj[(wj * sw <= s) & (s < wj * sw + pw)]
    a, b = (v.ravel() for v in np.meshgrid(wi, wj, indexing="ij"))
    return a, b


def max_pool(t: NetworkTrace, layer: Built | None, sec: Section, index: tuple[int, ...]) -> Parts:
    """dL/dx[r,s] = Σ over the windows holding (r, s) of dL/dp · [x[r,s] is the window's max]."""
    assert layer is not None
    n, c, r, s = index
    a, b = _windows_over(layer, r, s)
    grad = t.col(_out(layer), np.stack([np.full_like(a, n), np.full_like(a, c), a, b], axis=1))
    W = layer.in_shape[2]
    is_max = np.array(
        [float(_winner(t, layer, n, c, int(i), int(j)) == r * W + s) for i, j in zip(a, b, strict=True)]
    )
    cell = np.tile(np.array([[n, c, r, s]]), (len(a), 1))
    return "sum", [Block((grad, Column(_inp(t, layer), cell, is_max, wrap="ismax")))], 1.0, {}


def _winner(t: NetworkTrace, layer: Built, n: int, c: int, i: int, j: int) -> int:
    """The flat cell (row·W + col) of the first maximum of window (i, j), as the pooling op picks it."""
    cells = pool_window(layer, n, c, i, j)
    x = t.values[_inp(t, layer)]
    first = int(np.argmax(x[tuple(cells.T)]))
    return int(cells[first, 2] * layer.in_shape[2] + cells[first, 3])


def avg_pool(t: NetworkTrace, layer: Built | None, sec: Section, index: tuple[int, ...]) -> Parts:
    assert layer is not None
    n, c, r, s = index
    a, b = _windows_over(layer, r, s)
    grad = t.col(_out(layer), np.stack([np.full_like(a, n), np.full_like(a, c), a, b], axis=1))
    ph, pw = layer.cfg["size"]
    return "sum", [Block((grad,))], 1.0 / (ph * pw), {}


def gap(t: NetworkTrace, layer: Built | None, sec: Section, index: tuple[int, ...]) -> Parts:
    assert layer is not None
    n, c = index[:2]
    _, H, W = layer.in_shape
    return "sum", [Block((t.col(_out(layer), np.array([[n, c]])),))], 1.0 / (H * W), {}


def flatten(t: NetworkTrace, layer: Built | None, sec: Section, index: tuple[int, ...]) -> Parts:
    assert layer is not None
    n = index[0]
    d = int(np.ravel_multi_index(index[1:], layer.in_shape))
    return "sum", [Block((t.col(_out(layer), np.array([[n, d]])),))], 1.0, {}


def dense_w(t: NetworkTrace, layer: Built | None, sec: Section, index: tuple[int, ...]) -> Parts:
    """dL/dW[k,d] = Σ_n dL/ds[n,k] · x[n,d]."""
    assert layer is not None
    k, d = index
    g, x = t.grads[_out(layer)], t.values[_inp(t, layer)]
    (n,) = t.grid("n", (g.shape[0],))
    cols = (Column(_out(layer), (n, k), g[:, k].copy()), Column(_inp(t, layer), (n, d), x[:, d].copy()))
    return "sum", [Block(cols)], 1.0, {}


def dense_x(t: NetworkTrace, layer: Built | None, sec: Section, index: tuple[int, ...]) -> Parts:
    """dL/dx[n,d] = Σ_k dL/ds[n,k] · W[k,d]."""
    assert layer is not None
    n, d = index
    g, w_key = t.grads[_out(layer)], f"{layer.index}.weight"
    (k,) = t.grid("k", (g.shape[1],))
    cols = (Column(_out(layer), (n, k), g[n].copy()), Column(w_key, (k, d), t.values[w_key][:, d].copy()))
    return "sum", [Block(cols)], 1.0, {}


def _bn_cells(t: NetworkTrace, layer: Built, key: str, c: int) -> Column:
    x = t.array(key)
    if x.ndim == 4:
        n, r, s = t.grid("nhw", (x.shape[0], *x.shape[2:]))
        return Column(key, (n, c, r, s), x[:, c].ravel())
    (n,) = t.grid("n", (x.shape[0],))
    return Column(key, (n, c), x[:, c].copy())


def bn_gamma(t: NetworkTrace, layer: Built | None, sec: Section, index: tuple[int, ...]) -> Parts:
    """dL/dγ[c] = Σ dL/dz · x̂ over channel c."""
    assert layer is not None
    c = index[0]
    cols = (_bn_cells(t, layer, _out(layer), c), _bn_cells(t, layer, f"{layer.index}:xhat", c))
    return "sum", [Block(cols)], 1.0, {}


def bn_beta(t: NetworkTrace, layer: Built | None, sec: Section, index: tuple[int, ...]) -> Parts:
    """dL/dβ[c] = Σ dL/dz over channel c."""
    assert layer is not None
    return "sum", [Block((_bn_cells(t, layer, _out(layer), index[0]),))], 1.0, {}


def bn_x(t: NetworkTrace, layer: Built | None, sec: Section, index: tuple[int, ...]) -> Parts:
    """dL/dx = k·dL/dz − (k/m)·dL/dβ − (k/m)·x̂·dL/dγ with k = γ/√(σ² + ε), m values per channel:
    the direct path, the path through the mean and the path through the variance."""
    assert layer is not None
    c = index[1]
    i = layer.index
    cell, cc = np.array([index]), np.array([[c]])
    x = t.values[_inp(t, layer)]
    count = x.size // x.shape[1]
    gamma = float(t.values[f"{i}.weight"][c])
    k_value = gamma / np.sqrt(float(t.values[f"{i}:var"][c]) + layer.cfg["eps"])
    labels = tuple((fmt, _k_label(t, i, c, fmt)) for fmt in ("html", "latex"))
    k = Column(None, None, np.array([k_value]), label=_k_label(t, i, c, "text"), labels=labels)
    minus_latex = (("latex", rf"\left(-\frac{{1}}{{{count}}}\right)"),)
    minus = Column(None, None, np.array([-1.0 / count]), label=f"(−1/{count})", labels=minus_latex)
    blocks = [
        Block((k, t.col(_out(layer), cell))),
        Block((k, minus, t.col(f"d{i}.bias", cc))),
        Block((k, minus, t.col(f"{i}:xhat", cell), t.col(f"d{i}.weight", cc))),
    ]
    return "sum", blocks, 1.0, {}


def _k_label(t: NetworkTrace, i: int, c: int, fmt: str) -> str:
    """γ/√(σ² + ε) of channel c of batch norm layer i, as a factor's symbol."""
    gamma, var = t.names.symbol(f"{i}.weight", (c,), fmt), t.names.symbol(f"{i}:var", (c,), fmt)
    if fmt == "latex":
        return rf"\frac{{{gamma}}}{{\sqrt{{{var} + \epsilon}}}}"
    return f"{gamma}/√({var} + ε)"


#: Every backward builder by its section's name.
BACKWARD = {
    "loss": loss,
    "conv_w": conv_w,
    "conv_b": bias,
    "conv_x": conv_x,
    "convt_w": convt_w,
    "convt_b": bias,
    "convt_x": convt_x,
    "act": act,
    "max_pool": max_pool,
    "avg_pool": avg_pool,
    "gap": gap,
    "flatten": flatten,
    "dense_w": dense_w,
    "dense_b": bias,
    "dense_x": dense_x,
    "bn_gamma": bn_gamma,
    "bn_beta": bn_beta,
    "bn_x": bn_x,
}
