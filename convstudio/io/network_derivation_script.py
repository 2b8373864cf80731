"""The text of the NumPy script written beside a network's derivation: it recomputes every layer,
the loss, the backward pass, the optimiser's step and batch norm's running statistics, and checks
every number the Markdown states (filled in by ``network_derivation.script``)."""

from string import Template

SCRIPT = Template('''"""Recompute the iteration of $name.md with plain NumPy and check every number.

Written by ConvStudio $version; needs only NumPy. Run: python ${name}_check.py
Each layer is computed here from its definition (convolutions loop over the filter taps, pooling
over the window cells); nothing comes from ConvStudio, so an agreement means two independent
computations gave the same numbers.
"""

import base64
import json

import numpy as np

DATA = json.loads(r"""$data""")


$helpers

def cells(a, m, k, step, count):
    """Cell (m, k) of every window that moves by ``step`` over ``a``, (N, C, rows, cols) of them."""
    (sh, sw), (rows, cols) = step, count
    return a[:, :, m : m + sh * (rows - 1) + 1 : sh, k : k + sw * (cols - 1) + 1 : sw]


def conv(L, p, x):
    (kh, kw), (sh, sw), (ph, pw), (dh, dw) = L["kernel"], L["stride"], L["padding"], L["dilation"]
    N, C, H, W = x.shape
    xp = np.zeros((N, C, H + 2 * ph, W + 2 * pw))
    xp[:, :, ph : ph + H, pw : pw + W] = x
    Ho = (H + 2 * ph - dh * (kh - 1) - 1) // sh + 1
    Wo = (W + 2 * pw - dw * (kw - 1) - 1) // sw + 1
    w = p["weight"]
    y = np.zeros((N, w.shape[0], Ho, Wo))
    for m in range(kh):
        for k in range(kw):
            met = cells(xp[:, :, m * dh :, k * dw :], 0, 0, (sh, sw), (Ho, Wo))
            y += np.einsum("nchw,fc->nfhw", met, w[:, :, m, k])
    if "bias" in p:
        y += p["bias"][None, :, None, None]
    return y


def conv_back(L, p, x, gy):
    (kh, kw), (sh, sw), (ph, pw), (dh, dw) = L["kernel"], L["stride"], L["padding"], L["dilation"]
    N, C, H, W = x.shape
    Ho, Wo = gy.shape[2:]
    xp = np.zeros((N, C, H + 2 * ph, W + 2 * pw))
    xp[:, :, ph : ph + H, pw : pw + W] = x
    w = p["weight"]
    dw_, dxp = np.zeros_like(w), np.zeros_like(xp)
    for m in range(kh):
        for k in range(kw):
            met = cells(xp[:, :, m * dh :, k * dw :], 0, 0, (sh, sw), (Ho, Wo))
            dw_[:, :, m, k] = np.einsum("nfhw,nchw->fc", gy, met)
            cells(dxp[:, :, m * dh :, k * dw :], 0, 0, (sh, sw), (Ho, Wo))[...] += np.einsum(
                "nfhw,fc->nchw", gy, w[:, :, m, k]
            )
    grads = {"weight": dw_}
    if "bias" in p:
        grads["bias"] = gy.sum(axis=(0, 2, 3))
    return dxp[:, :, ph : ph + H, pw : pw + W], grads


def conv_t_size(L, x):
    """Output rows and columns, and the rows and columns of the uncropped sum."""
    (kh, kw), (sh, sw), (ph, pw), (oh, ow) = L["kernel"], L["stride"], L["padding"], L["output_padding"]
    H, W = x.shape[2:]
    Ho, Wo = (H - 1) * sh - 2 * ph + kh + oh, (W - 1) * sw - 2 * pw + kw + ow
    return (Ho, Wo), (max((H - 1) * sh + kh, ph + Ho), max((W - 1) * sw + kw, pw + Wo))


def conv_t(L, p, x):
    """y[n, f, i·s + m − p, j·s + k − p] += x[n, c, i, j] · w[c, f, m, k]."""
    (kh, kw), (sh, sw), (ph, pw) = L["kernel"], L["stride"], L["padding"]
    (Ho, Wo), (Bh, Bw) = conv_t_size(L, x)
    w = p["weight"]
    N, _, H, W = x.shape
    full = np.zeros((N, w.shape[1], Bh, Bw))
    for m in range(kh):
        for k in range(kw):
            cells(full[:, :, m:, k:], 0, 0, (sh, sw), (H, W))[...] += np.einsum(
                "nchw,cf->nfhw", x, w[:, :, m, k]
            )
    y = full[:, :, ph : ph + Ho, pw : pw + Wo].copy()
    if "bias" in p:
        y += p["bias"][None, :, None, None]
    return y


def conv_t_back(L, p, x, gy):
    (kh, kw), (sh, sw), (ph, pw) = L["kernel"], L["stride"], L["padding"]
    (Ho, Wo), (Bh, Bw) = conv_t_size(L, x)
    w = p["weight"]
    N, _, H, W = x.shape
    full = np.zeros((N, w.shape[1], Bh, Bw))
    full[:, :, ph : ph + Ho, pw : pw + Wo] = gy
    dx, dw_ = np.zeros_like(x), np.zeros_like(w)
    for m in range(kh):
        for k in range(kw):
            met = cells(full[:, :, m:, k:], 0, 0, (sh, sw), (H, W))
            dx += np.einsum("nfhw,cf->nchw", met, w[:, :, m, k])
            dw_[:, :, m, k] = np.einsum("nchw,nfhw->cf", x, met)
    grads = {"weight": dw_}
    if "bias" in p:
        grads["bias"] = gy.sum(axis=(0, 2, 3))
    return dx, grads


def pool(L, x, kind):
    """The pooled maps and, for max pooling, which window cell won (the first maximum)."""
    (qh, qw), (qs, qt) = L["size"], L["stride"]
    H, W = x.shape[2:]
    out = ((H - qh) // qs + 1, (W - qw) // qt + 1)
    taps = [(m, k) for m in range(qh) for k in range(qw)]
    if kind == "avg_pool":
        return sum(cells(x, m, k, (qs, qt), out) for m, k in taps) / len(taps), None
    best = np.full((*x.shape[:2], *out), -np.inf)
    winner = np.zeros(best.shape, dtype=int)
    for t, (m, k) in enumerate(taps):
        v = cells(x, m, k, (qs, qt), out)
        winner = np.where(v > best, t, winner)
        best = np.maximum(best, v)
    return best, winner


def pool_back(L, x, gy, kind, winner):
    (qh, qw), (qs, qt) = L["size"], L["stride"]
    taps = [(m, k) for m in range(qh) for k in range(qw)]
    into = np.zeros_like(x)
    for t, (m, k) in enumerate(taps):
        share = gy * (winner == t) if kind == "max_pool" else gy / len(taps)
        cells(into, m, k, (qs, qt), gy.shape[2:])[...] += share
    return into


def channels(a):
    """The axes one channel's values lie along, and a shape that broadcasts (C,) over them."""
    return ((0, 2, 3), (1, -1, 1, 1)) if a.ndim == 4 else ((0,), (1, -1))


def SIGMOID(z):
    return 1.0 / (1.0 + np.exp(-z))


ACT = {"relu": lambda z: np.maximum(z, 0.0), "sigmoid": SIGMOID, "tanh": np.tanh}
SLOPE = {
    "relu": lambda z: (z > 0).astype(float),
    "sigmoid": lambda z: SIGMOID(z) * (1.0 - SIGMOID(z)),
    "tanh": lambda z: 1.0 - np.tanh(z) ** 2,
}


def forward(L, p, x, mine, i):
    kind = L["type"]
    if kind == "conv":
        return conv(L, p, x)
    if kind == "conv_transpose":
        return conv_t(L, p, x)
    if kind in ACT:
        return ACT[kind](x)
    if kind in ("max_pool", "avg_pool"):
        y, mine[f"{i}:winner"] = pool(L, x, kind)
        return y
    if kind == "global_avg_pool":
        return x.mean(axis=(2, 3))
    if kind == "flatten":
        return x.reshape(x.shape[0], -1)
    if kind == "dense":
        return x @ p["weight"].T + (p["bias"] if "bias" in p else 0.0)
    axes, shape = channels(x)
    mean = mine[f"{i}:mean"] = x.mean(axis=axes)
    var = mine[f"{i}:var"] = ((x - mean.reshape(shape)) ** 2).mean(axis=axes)
    xhat = mine[f"{i}:xhat"] = (x - mean.reshape(shape)) / np.sqrt(var + L["eps"]).reshape(shape)
    return p["weight"].reshape(shape) * xhat + p["bias"].reshape(shape)


def backward(L, p, x, gy, mine, i):
    kind = L["type"]
    if kind == "conv":
        return conv_back(L, p, x, gy)
    if kind == "conv_transpose":
        return conv_t_back(L, p, x, gy)
    if kind in ACT:
        return gy * SLOPE[kind](x), {}
    if kind in ("max_pool", "avg_pool"):
        return pool_back(L, x, gy, kind, mine[f"{i}:winner"]), {}
    if kind == "global_avg_pool":
        H, W = x.shape[2:]
        return np.broadcast_to(gy[:, :, None, None] / (H * W), x.shape).copy(), {}
    if kind == "flatten":
        return gy.reshape(x.shape), {}
    if kind == "dense":
        grads = {"weight": gy.T @ x}
        if "bias" in p:
            grads["bias"] = gy.sum(axis=0)
        return gy @ p["weight"], grads
    # batch norm: the gradient through x̂, the mean and the variance, as three terms
    axes, shape = channels(x)
    xhat = mine[f"{i}:xhat"]
    inv_std = 1.0 / np.sqrt(mine[f"{i}:var"] + L["eps"]).reshape(shape)
    mean_gy = gy.mean(axis=axes).reshape(shape)
    mean_gy_xhat = (gy * xhat).mean(axis=axes).reshape(shape)
    dx = p["weight"].reshape(shape) * inv_std * (gy - mean_gy - xhat * mean_gy_xhat)
    return dx, {"weight": (gy * xhat).sum(axis=axes), "bias": gy.sum(axis=axes)}


def update(opt, params, grads, state):
    """One optimiser step: the new parameters and the optimiser's new state."""
    new, new_state = {}, {}
    for key, value in params.items():
        g = grads[key] + opt.get("weight_decay", 0.0) * value
        if opt["type"] == "adam":
            b1, b2 = opt["betas"]
            m = state.get(key + ".exp_avg", np.zeros_like(value))
            v = state.get(key + ".exp_avg_sq", np.zeros_like(value))
            t = int(state.get(key + ".step", 0)) + 1
            m, v = b1 * m + (1 - b1) * g, b2 * v + (1 - b2) * g * g
            m_hat, v_hat = m / (1 - b1**t), v / (1 - b2**t)
            new[key] = value - opt["lr"] * m_hat / (np.sqrt(v_hat) + opt["eps"])
            new_state.update({key + ".exp_avg": m, key + ".exp_avg_sq": v, key + ".step": t})
        elif opt.get("momentum", 0.0):
            buf = key + ".momentum_buffer"
            g = new_state[buf] = opt["momentum"] * state[buf] + g if buf in state else g
            new[key] = value - opt["lr"] * g
        else:
            new[key] = value - opt["lr"] * g
    return new, new_state


def main():
    net = DATA["network"]
    x = array(DATA["x"])
    params = {k: array(v) for k, v in DATA["params"].items()}
    state = {k: array(v) for k, v in DATA["state"].items()}
    target = array(DATA["target"])
    own = [
        {n: params[f"{i}.{n}"] for n in ("weight", "bias") if f"{i}.{n}" in params}
        for i in range(len(net["layers"]))
    ]
    mine = {"x": x}
    inputs = []
    h = x
    for i, L in enumerate(net["layers"]):
        inputs.append(h)
        h = mine[f"{i}:out"] = forward(L, own[i], h, mine, i)
    loss, grad, q = loss_of(net["loss"], h, target)
    if q is not None:
        mine["q"] = q
    last = len(net["layers"]) - 1
    mine[f"d{last}:out"] = grad
    grads = {}
    for i in range(last, -1, -1):
        grad, pgrads = backward(net["layers"][i], own[i], inputs[i], grad, mine, i)
        mine["dx" if i == 0 else f"d{i - 1}:out"] = grad
        for n, g in pgrads.items():
            grads[f"{i}.{n}"] = mine[f"d{i}.{n}"] = g
    # The update starts from the gradients as stated (checked against ours below): Adam divides a
    # gradient by its own size, so one that is rounding noise (a bias before batch norm) would
    # step by ±lr on the sign of that noise, which two honest computations need not share.
    stated = {k: DATA["grads"]["d" + k] for k in grads}
    given = {k: g if isinstance(stated[k], dict) else array(stated[k]) for k, g in grads.items()}
    new, new_state = update(net["optimizer"], params, given, state)
    for i, L in enumerate(net["layers"]):
        if L["type"] == "batch_norm":
            count = inputs[i].size // inputs[i].shape[1]
            m = L["momentum"]
            running_mean = state.get(f"{i}.running_mean", 0.0)
            running_var = state.get(f"{i}.running_var", 1.0)
            new_state[f"{i}.running_mean"] = (1 - m) * running_mean + m * mine[f"{i}:mean"]
            unbiased = mine[f"{i}:var"] * count / (count - 1)
            new_state[f"{i}.running_var"] = (1 - m) * running_var + m * unbiased

    checked = 0
    for kind, stated_all, ours in (
        ("value", DATA["values"], mine),
        ("gradient", DATA["grads"], mine),
        ("new", DATA["new_params"], new),
        ("new state", DATA["new_state"], new_state),
    ):
        for name, stated in stated_all.items():
            assert name in ours, f"{kind} {name} was not recomputed"
            ok, count = agree(ours[name], stated)
            assert ok, f"{kind} {name}"
            checked += count
            print(f"{kind:>12} {name:<24} {count:>6} number(s) agree")
    assert np.isclose(loss, DATA["L"], rtol=1e-12, atol=1e-15), "L"
    print(f"{'loss':>12} L = {float(loss)!r}")
    print(f"every number of the derivation checks out ({checked + 1} numbers)")


if __name__ == "__main__":
    main()
''')
