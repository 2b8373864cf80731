"""One iteration's derivation as Markdown with LaTeX math, and a NumPy script that checks it.

Every step of the trace becomes a display equation, symbolic and with numbers, grouped by section
(forward, backward, update). Long traces keep the first elements of each section and say how many
were left out. The script beside it recomputes the iteration with plain NumPy loops, independent of
ConvStudio, and asserts the numbers the Markdown states.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from convstudio import __version__
from convstudio.engine.lessons import Lesson
from convstudio.engine.model import Spec, run_iteration
from convstudio.engine.trace import Trace, equation

#: Elements written out per section; the rest are counted.
PER_SECTION = 64


def markdown(trace: Trace, title: str, *, per_section: int = PER_SECTION) -> str:
    spec = trace.spec
    lines = [
        f"# {title}: one training iteration, element by element",
        "",
        f"Made by ConvStudio {__version__}. Indices are 1-based; ⋆ is cross-correlation (no kernel flip), "
        "as in every deep-learning framework.",
        "",
        f"Network: {spec.height}x{spec.width} input, {spec.channels} channel(s), batch {spec.batch}; "
        f"{spec.filters} filter(s) {spec.kernel[0]}x{spec.kernel[1]}, stride {_pair(spec.stride)}, "
        f"padding {_pair(spec.padding)}, dilation {_pair(spec.dilation)}, "
        f"bias {'on' if spec.bias else 'off'}; "
        f"activation {spec.activation}; pooling {spec.pooling}; head {spec.head}; loss {spec.loss}; "
        f"learning rate η = {spec.lr:g}" + (f", momentum {spec.momentum:g}" if spec.momentum else "") + ".",
        "",
        f"Loss of this iteration: L = {trace.it.loss!r}.",
    ]
    phase = None
    for section in trace.sections:
        if section.phase != phase:
            phase = section.phase
            lines += ["", f"## {phase.capitalize()}"]
        lines += ["", f"### {section.title}", ""]
        shown = min(section.size, per_section)
        for number in range(section.start, section.start + shown):
            lines += ["$$", equation(trace.step(number), trace.names, "latex"), "$$", ""]
        if section.size > shown:
            lines.append(f"*… and {section.size - shown} more elements of this section.*")
            lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _pair(value: tuple[int, int]) -> str:
    return str(value[0]) if value[0] == value[1] else f"{value[0]}x{value[1]}"


SCRIPT = '''"""Recompute the iteration of {name}.md with plain NumPy loops and check its numbers.

Written by ConvStudio {version}; needs only NumPy. Run: python {name}_check.py
"""

import json

import numpy as np

DATA = json.loads(r"""{data}""")


def conv(x, w, stride, padding, dilation):
    N, C, H, W = x.shape
    F, _, kh, kw = w.shape
    xp = np.zeros((N, C, H + 2 * padding[0], W + 2 * padding[1]))
    xp[:, :, padding[0]:padding[0] + H, padding[1]:padding[1] + W] = x
    Ho = (xp.shape[2] - dilation[0] * (kh - 1) - 1) // stride[0] + 1
    Wo = (xp.shape[3] - dilation[1] * (kw - 1) - 1) // stride[1] + 1
    out = np.zeros((N, F, Ho, Wo))
    for n in range(N):
        for f in range(F):
            for i in range(Ho):
                for j in range(Wo):
                    for c in range(C):
                        for m in range(kh):
                            for k in range(kw):
                                out[n, f, i, j] += (
                                    xp[n, c, i * stride[0] + m * dilation[0], j * stride[1] + k * dilation[1]]
                                    * w[f, c, m, k]
                                )
    return out, xp


def main():
    x = np.array(DATA["x"])
    w = np.array(DATA["W"])
    target = np.array(DATA["target"])
    s = DATA["spec"]
    o, xp = conv(x, w, s["stride"], s["padding"], s["dilation"])
    assert np.allclose(o, np.array(DATA["o"]), rtol=1e-12, atol=1e-12), "o"
    p = o.mean(axis=(2, 3))
    loss = ((p - target) ** 2).mean()
    assert np.isclose(loss, DATA["L"], rtol=1e-12, atol=1e-15), "L"
    dp = 2 * (p - target) / p.size
    do = np.zeros_like(o) + dp[:, :, None, None] / (o.shape[2] * o.shape[3])
    dW = np.zeros_like(w)
    F, C, kh, kw = w.shape
    for f in range(F):
        for c in range(C):
            for m in range(kh):
                for k in range(kw):
                    for n in range(o.shape[0]):
                        for i in range(o.shape[2]):
                            for j in range(o.shape[3]):
                                r = i * s["stride"][0] + m * s["dilation"][0]
                                q = j * s["stride"][1] + k * s["dilation"][1]
                                dW[f, c, m, k] += do[n, f, i, j] * xp[n, c, r, q]
    assert np.allclose(dW, np.array(DATA["dW"]), rtol=1e-12, atol=1e-15), "dL/dW"
    new_w = w - s["lr"] * dW
    assert np.allclose(new_w, np.array(DATA["W_new"]), rtol=1e-12, atol=1e-15), "W after the step"
    print("o =", o.reshape(-1).tolist())
    print("p =", p.reshape(-1).tolist(), " L =", float(loss))
    print("dL/dW =", dW.reshape(-1).tolist())
    print("W after one step =", new_w.reshape(-1).tolist())
    print("every number of the derivation checks out")


if __name__ == "__main__":
    main()
'''


def script(spec: Spec, trace: Trace, name: str) -> str | None:
    """The checking script, for networks it covers (conv, no bias, no activation, global average
    pooling, MSE, no momentum); None otherwise."""
    plain = (
        not spec.bias
        and spec.activation == "none"
        and spec.pooling == "global_avg"
        and spec.head == "none"
        and spec.loss == "mse"
        and not spec.momentum
    )
    if not plain:
        return None
    it = trace.it
    data = {
        "spec": {"stride": spec.stride, "padding": spec.padding, "dilation": spec.dilation, "lr": spec.lr},
        "x": it.values["I"].tolist(),
        "W": it.values["W"].tolist(),
        "target": it.values["t"].tolist(),
        "o": it.values["o"].tolist(),
        "L": it.loss,
        "dW": it.grads["dW"].tolist(),
        "W_new": it.new_params["W"].tolist(),
    }
    return SCRIPT.format(name=name, version=__version__, data=json.dumps(data))


def write(lesson: Lesson, path: Path) -> list[Path]:
    """Write the derivation of the lesson's first iteration (and its script when it has one)."""
    it = run_iteration(lesson.spec, lesson.params, lesson.x, lesson.target)
    trace = Trace(it)
    written = [_write(path, markdown(trace, lesson.title))]
    code = script(lesson.spec, trace, path.stem)
    if code is not None:
        written.append(_write(path.with_name(f"{path.stem}_check.py"), code))
    return written


def _write(path: Path, text: str) -> Path:
    """Write through a temporary file and rename: never a half-written file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path


__all__ = ["markdown", "script", "write"]
