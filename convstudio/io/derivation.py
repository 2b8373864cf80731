"""One iteration's derivation as Markdown with LaTeX math, and a NumPy script that checks it.

The Markdown starts from the data (input, parameters, target), then writes every step of the trace
as a display equation, symbolic and with numbers, grouped by section (forward, backward, update).
Long traces keep the first elements of each section as equations and list the values of the rest.
The script beside it recomputes the iteration with plain NumPy (loops over the filter taps and
pooling windows, independent of ConvStudio's engine) and asserts every number the trace holds:
each forward tensor, the loss, each gradient, the parameters (and momentum) after the update.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path

import numpy as np

from convstudio import __version__
from convstudio.engine.equations import equation
from convstudio.engine.lessons import Lesson
from convstudio.engine.model import run_iteration
from convstudio.engine.notation import Names, number
from convstudio.engine.steps import Section
from convstudio.engine.trace import Trace
from convstudio.io import atomic

#: Elements written out as equations per section; the rest are listed as values.
PER_SECTION = 64
#: Sections larger than this list no values at all (the script still checks every one).
MAX_LISTED = 4096


def markdown(trace: Trace, title: str, *, script_name: str = "") -> str:
    """The derivation of ``trace``'s iteration; ``script_name`` names the checking script beside it."""
    spec = trace.spec
    it = trace.it
    lines = [
        f"# {title}: training iteration {it.number + 1}, element by element",
        "",
        f"Made by ConvStudio {__version__}. Indices are 1-based; ⋆ is cross-correlation (no kernel flip), "
        "as in every deep-learning framework.",
        "",
        f"Network: {spec.height}x{spec.width} input, {spec.channels} channel(s), batch {spec.batch}; "
        f"{spec.filters} filter(s) {spec.kernel[0]}x{spec.kernel[1]}, stride {_pair(spec.stride)}, "
        f"padding {_pair(spec.padding)}, dilation {_pair(spec.dilation)}, "
        f"bias {'on' if spec.bias else 'off'}; "
        f"activation {spec.activation}; pooling {spec.pooling}"
        + (
            f" {_pair(spec.pool_size)} (stride {_pair(spec.pool_stride or spec.pool_size)})"
            if spec.pooling in ("max", "avg")
            else ""
        )
        + f"; head {spec.head}; loss {spec.loss}; "
        f"learning rate η = {spec.lr:g}"
        + (f", momentum μ = {spec.momentum:g}" if spec.momentum else "")
        + ".",
        "",
        f"Loss of this iteration: L = {it.loss!r}.",
    ]
    if script_name:
        lines += [
            "",
            f"`{script_name}` beside this file recomputes the iteration with plain NumPy and checks "
            f"every number: `python {script_name}`.",
        ]
    lines += ["", "## Data", ""]
    data = ["I", *spec.param_shapes(), "y" if spec.loss == "cross_entropy" else "t"]
    for name in data:
        lines += _values(trace.names, name, it.values[name] + (1 if name == "y" else 0))
    if spec.loss == "cross_entropy":
        lines += ["Classes are counted from 1, like the indices.", ""]
    if it.velocity:
        lines += ["Momentum buffers before this iteration's update:", ""]
    for name, velocity in it.velocity.items():
        lines += _values(trace.names, "v" + name, velocity)
    phase = None
    for section in trace.sections:
        if section.phase != phase:
            phase = section.phase
            lines += ["", f"## {phase.capitalize()}"]
        lines += ["", f"### {section.title}", ""]
        shown = min(section.size, PER_SECTION)
        for step_number in range(section.start, section.start + shown):
            lines += ["$$", equation(trace.step(step_number), trace.names, "latex"), "$$", ""]
        if section.size > shown:
            left = section.size - shown
            if section.size <= MAX_LISTED:
                lines.append(f"*… and {left} more elements of this section; all {section.size} values:*")
                lines.append("")
                lines += _values(trace.names, section.tensor, _section_values(trace, section), section)
            else:
                values = _section_values(trace, section)
                lines.append(
                    f"*… and {left} more elements of this section. All {section.size} of them add up to* "
                    f"${number(float(values.sum()), 'latex')}$, *their absolute values to* "
                    f"${number(float(np.abs(values).sum()), 'latex')}$."
                )
                lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _pair(value: tuple[int, int]) -> str:
    return str(value[0]) if value[0] == value[1] else f"{value[0]}x{value[1]}"


def _section_values(trace: Trace, section: Section) -> np.ndarray:
    if section.phase == "update":
        return trace.it.new_params[section.tensor]
    source = trace.grads if section.phase == "backward" else trace.values
    return source[section.tensor]


def _values(names: Names, tensor: str, array: np.ndarray, section: Section | None = None) -> list[str]:
    """``tensor`` as LaTeX matrices, one per 2-D slice, labelled with the slice's 1-based indices."""
    array = np.asarray(array)
    base = tensor[1:] if tensor[0] in "dv" and len(tensor) == 2 else tensor
    if tensor.startswith("v") and len(tensor) == 2:
        label = f"v^{{{base}}}"
    elif section is not None and section.phase == "update":
        label = rf"{base}^{{\text{{new}}}}"
    else:
        label = base
    if array.size > MAX_LISTED:
        shape = "×".join(map(str, array.shape))
        return [f"${label}$: {array.size} values ({shape}), too many to list; the script holds them.", ""]
    shown = names.shown.get(base, (True,) * array.ndim)
    lead = max(array.ndim - 2, 0)
    out = []
    for index in np.ndindex(*array.shape[:lead]):
        keep = [str(i + 1) for i, on in zip(index, shown[:lead], strict=True) if on]
        sub = label + (f"_{{{','.join(keep)},:,:}}" if keep else "")
        if tensor[0] == "d" and len(tensor) == 2:
            sub = rf"\frac{{\partial L}}{{\partial {sub}}}"
        cells = array[index]
        if cells.size == 1:
            body = number(float(cells.reshape(-1)[0]), "latex")
        else:
            rows = cells.reshape(1, -1) if cells.ndim == 1 else cells
            lines = [" & ".join(number(float(v), "latex") for v in row) for row in rows]
            body = r"\begin{pmatrix} " + r" \\ ".join(lines) + r" \end{pmatrix}"
        out += ["$$", f"{sub} = {body}", "$$", ""]
    return out


SCRIPT = '''"""Recompute iteration {iteration} of {name}.md with plain NumPy and check every number.

Written by ConvStudio {version}; needs only NumPy. Run: python {name}_check.py
The convolution loops over the filter taps and pooling over the window cells; nothing here comes
from ConvStudio, so an agreement means two independent computations gave the same numbers.
"""

import base64
import json

import numpy as np

DATA = json.loads(r"""{data}""")


def array(value):
    """A list of numbers, or a large array as its float64 bytes in base64 with its shape."""
    if isinstance(value, dict):
        raw = base64.b64decode(value["float64"])
        return np.frombuffer(raw, dtype="<f8").reshape(value["shape"])
    return np.array(value, dtype=float)


def agree(ours, stated):
    """Every number stated, or for a large tensor its first elements (the equations written out),
    and the sum of all its elements and of their absolute values. How many numbers that was."""
    def close(a, b, size):
        return np.allclose(a, b, rtol=1e-10, atol=1e-12 * (1.0 + size))

    if isinstance(stated, dict) and "first" in stated:
        flat = np.asarray(ours, dtype=float).reshape(-1)
        first = np.array(stated["first"], dtype=float)
        size = stated["sum_abs"]
        ok = close(flat[: len(first)], first, np.max(np.abs(first), initial=0.0))
        ok = ok and close(flat.sum(), stated["sum"], size) and close(np.abs(flat).sum(), size, size)
        return ok, len(first) + 2
    stated = array(stated)
    return close(ours, stated, np.max(np.abs(stated), initial=0.0)), stated.size


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
    if s["loss"] == "cross_entropy":
        e = np.exp(pred - pred.max(axis=1, keepdims=True))
        q = mine["q"] = e / e.sum(axis=1, keepdims=True)
        labels = target.astype(int)
        loss = -np.mean(np.log(q[np.arange(N), labels]))
        onehot = np.zeros_like(q)
        onehot[np.arange(N), labels] = 1.0
        grad = (q - onehot) / N
    else:
        loss = np.mean((pred - target) ** 2)
        grad = 2.0 * (pred - target) / pred.size
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


def script(trace: Trace, name: str) -> str:
    """The checking script for ``trace``'s iteration; ``name`` is the Markdown file's stem."""
    spec, it = trace.spec, trace.it
    forward = [n for n in spec.layers() if n not in ("L",)]
    data = {
        "spec": {
            "stride": spec.stride,
            "padding": spec.padding,
            "dilation": spec.dilation,
            "activation": spec.activation,
            "pooling": spec.pooling,
            "pool_size": spec.pool_size,
            "pool_stride": spec.pool_stride,
            "head": spec.head,
            "loss": spec.loss,
            "lr": spec.lr,
            "momentum": spec.momentum,
        },
        "x": _data(it.values["I"]),
        "params": {k: _data(v) for k, v in it.params.items()},
        "velocity": {k: _data(v) for k, v in it.velocity.items()},
        "target": _data(it.values["y" if spec.loss == "cross_entropy" else "t"]),
        "values": {k: _stated(it.values[k]) for k in forward},
        "L": it.loss,
        "grads": {k: _stated(v) for k, v in it.grads.items()},
        "new_params": {k: _stated(v) for k, v in it.new_params.items()},
        "new_velocity": {k: _stated(v) for k, v in it.new_velocity.items()},
    }
    return SCRIPT.format(name=name, iteration=it.number + 1, version=__version__, data=json.dumps(data))


def _data(a: np.ndarray) -> object:
    """An input array for the script: numbers to read, or when large, its exact bytes."""
    if a.size <= MAX_LISTED:
        return a.tolist()
    raw = np.ascontiguousarray(a, dtype="<f8").tobytes()
    return {"shape": list(a.shape), "float64": base64.b64encode(raw).decode("ascii")}


def _stated(a: np.ndarray) -> object:
    """What the Markdown states about a tensor: every value, or for a large one the elements
    written out as equations and the sums of all values and of their absolute values."""
    if a.size <= MAX_LISTED:
        return a.tolist()
    flat = a.reshape(-1)
    return {
        "shape": list(a.shape),
        "first": flat[:PER_SECTION].tolist(),
        "sum": float(flat.sum()),
        "sum_abs": float(np.abs(flat).sum()),
    }


def write_trace(trace: Trace, path: Path, title: str) -> list[Path]:
    """Write the derivation of ``trace``'s iteration to ``path`` and its script beside it
    (``<stem>_check.py``); both through temporary files, so a failure leaves nothing half-written."""
    script_path = path.with_name(f"{path.stem}_check.py")
    text = markdown(trace, title, script_name=script_path.name)
    code = script(trace, path.stem)
    return [write_text(path, text), write_text(script_path, code)]


def write(lesson: Lesson, path: Path) -> list[Path]:
    """Write the derivation of the lesson's first iteration and its script."""
    trace = Trace(run_iteration(lesson.spec, lesson.params, lesson.x, lesson.target))
    return write_trace(trace, path, lesson.title)


def write_text(path: Path, text: str | bytes) -> Path:
    """Replace ``path`` with ``text`` in one step (never a half-written file); OSError says why not."""
    return atomic.write_bytes(path, text.encode("utf-8") if isinstance(text, str) else text)


__all__ = ["markdown", "script", "write", "write_text", "write_trace"]
