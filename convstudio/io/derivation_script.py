"""The text of the NumPy script written beside a derivation: it recomputes the iteration and checks
every number the Markdown states (filled in by ``derivation.script``)."""

SCRIPT = '''"""Recompute iteration {iteration} of {name}.md with plain NumPy and check every number.

Written by ConvStudio {version}; needs only NumPy. Run: python {name}_check.py
The convolution loops over the filter taps and pooling over the window cells; nothing here comes
from ConvStudio, so an agreement means two independent computations gave the same numbers.
"""

import base64
import json

import numpy as np

DATA = json.loads(r"""{data}""")


{helpers}

def tap(xp, m, k, stride, dilation, out_hw):
    """The cells that filter tap (m, k) meets at every output position: (N, C, Ho, Wo)."""
    (sh, sw), (dh, dw), (Ho, Wo) = stride, dilation, out_hw
    return xp[:, :, m * dh : m * dh + sh * (Ho - 1) + 1 : sh, k * dw : k * dw + sw * (Wo - 1) + 1 : sw]


def window_cell(a, m, k, stride, out_hw):
    """Cell (m, k) of every pooling window: (N, C, Ho, Wo)."""
    (sh, sw), (Ho, Wo) = stride, out_hw
    return a[:, :, m : m + sh * (Ho - 1) + 1 : sh, k : k + sw * (Wo - 1) + 1 : sw]


def main():
    s = DATA["spec"]
    x = array(DATA["x"])
    params = {{k: array(v) for k, v in DATA["params"].items()}}
    velocity = {{k: array(v) for k, v in DATA["velocity"].items()}}
    target = array(DATA["target"])
    w, b = params["W"], params.get("b")
    N, C, H, W = x.shape
    F, _, kh, kw = w.shape
    (sh, sw), (ph, pw), (dh, dw) = s["stride"], s["padding"], s["dilation"]
    mine = {{}}

    # forward: convolution, activation, pooling, dense head, loss
    xp = np.zeros((N, C, H + 2 * ph, W + 2 * pw))
    xp[:, :, ph : ph + H, pw : pw + W] = x
    Ho = (H + 2 * ph - dh * (kh - 1) - 1) // sh + 1
    Wo = (W + 2 * pw - dw * (kw - 1) - 1) // sw + 1
    o = np.zeros((N, F, Ho, Wo))
    for m in range(kh):
        for k in range(kw):
            o += np.einsum("nchw,fc->nfhw", tap(xp, m, k, (sh, sw), (dh, dw), (Ho, Wo)), w[:, :, m, k])
    if b is not None:
        o += b[None, :, None, None]
    mine["o"] = h = o
    act = s["activation"]
    if act != "none":
        h = mine["a"] = {{
            "relu": lambda z: np.maximum(z, 0.0),
            "sigmoid": lambda z: 1.0 / (1.0 + np.exp(-z)),
            "tanh": np.tanh,
        }}[act](o)
    pre_pool = h
    pool = s["pooling"]
    if pool == "global_avg":
        h = mine["p"] = pre_pool.mean(axis=(2, 3))
    elif pool in ("max", "avg"):
        (qh, qw) = s["pool_size"]
        (qs, qt) = s["pool_stride"] or s["pool_size"]
        Po, Qo = (Ho - qh) // qs + 1, (Wo - qw) // qt + 1
        cells = [(m, k) for m in range(qh) for k in range(qw)]  # row-major: ties go to the first
        if pool == "max":
            best = np.full((N, F, Po, Qo), -np.inf)
            winner = np.zeros((N, F, Po, Qo), dtype=int)
            for t, (m, k) in enumerate(cells):
                v = window_cell(pre_pool, m, k, (qs, qt), (Po, Qo))
                winner = np.where(v > best, t, winner)
                best = np.maximum(best, v)
            h = mine["p"] = best
        else:
            total = sum(window_cell(pre_pool, m, k, (qs, qt), (Po, Qo)) for m, k in cells)
            h = mine["p"] = total / len(cells)
    features = h
    if s["head"] == "dense":
        V, c = params["V"], params.get("c")
        h = mine["s"] = features.reshape(N, -1) @ V.T + (0.0 if c is None else c)
    pred = h
    loss, grad, q = loss_of(s["loss"], pred, target)
    if q is not None:
        mine["q"] = q
    names = [n for n in ("o", "a", "p", "s") if n in mine]

    # backward: the chain rule from the loss to every parameter
    mine["d" + names[-1]] = grad
    if s["head"] == "dense":
        flat = features.reshape(N, -1)
        mine["dV"] = grad.T @ flat
        if "c" in params:
            mine["dc"] = grad.sum(axis=0)
        grad = (grad @ params["V"]).reshape(features.shape)
        mine["d" + names[names.index("s") - 1]] = grad
    if pool == "global_avg":
        grad = np.broadcast_to(grad[:, :, None, None] / (Ho * Wo), pre_pool.shape).copy()
    elif pool in ("max", "avg"):
        into = np.zeros_like(pre_pool)
        for t, (m, k) in enumerate(cells):
            share = grad * (winner == t) if pool == "max" else grad / len(cells)
            window_cell(into, m, k, (qs, qt), (Po, Qo))[...] += share
        grad = into
    if pool != "none":
        mine["da" if act != "none" else "do"] = grad
    if act != "none":
        slope = {{
            "relu": lambda z: (z > 0).astype(float),
            "sigmoid": lambda z: (1.0 / (1.0 + np.exp(-z))) * (1.0 - 1.0 / (1.0 + np.exp(-z))),
            "tanh": lambda z: 1.0 - np.tanh(z) ** 2,
        }}[act](o)
        grad = mine["do"] = grad * slope
    dW = np.zeros_like(w)
    dxp = np.zeros_like(xp)
    for m in range(kh):
        for k in range(kw):
            cells_met = tap(xp, m, k, (sh, sw), (dh, dw), (Ho, Wo))
            dW[:, :, m, k] = np.einsum("nfhw,nchw->fc", grad, cells_met)
            sent_back = np.einsum("nfhw,fc->nchw", grad, w[:, :, m, k])
            tap(dxp, m, k, (sh, sw), (dh, dw), (Ho, Wo))[...] += sent_back
    mine["dW"] = dW
    if b is not None:
        mine["db"] = grad.sum(axis=(0, 2, 3))
    mine["dI"] = dxp[:, :, ph : ph + H, pw : pw + W]

    # update: plain SGD, or with momentum v <- mu v + g, W <- W - lr v
    new, new_velocity = {{}}, {{}}
    for name, value in params.items():
        step = mine["d" + name]
        if s["momentum"]:
            step = new_velocity[name] = s["momentum"] * velocity[name] + step
        new[name] = value - s["lr"] * step

    checked = 0
    for kind, stated_all, ours in (
        ("value", DATA["values"], mine),
        ("gradient", DATA["grads"], mine),
        ("new", DATA["new_params"], new),
        ("new velocity", DATA["new_velocity"], new_velocity),
    ):
        for name, stated in stated_all.items():
            assert name in ours, f"{{kind}} {{name}} was not recomputed"
            ok, count = agree(ours[name], stated)
            assert ok, name if kind in ("value", "gradient") else f"{{name}} after the update"
            checked += count
            print(f"{{kind:>12}} {{name:<3}} {{count:>6}} number(s) agree")
    assert np.isclose(loss, DATA["L"], rtol=1e-12, atol=1e-15), "L"
    print(f"{{'loss':>12}} L   = {{float(loss)!r}}")
    print(f"every number of the derivation checks out ({{checked + 1}} numbers)")


if __name__ == "__main__":
    main()
'''
