"""One iteration's derivation as Markdown with LaTeX math, and a NumPy script that checks it.

The Markdown starts from the data (input, parameters, target), then writes every step of the trace
as a display equation, symbolic and with numbers, grouped by section (forward, backward, update).
Long traces keep the first elements of each section as equations and list the values of the rest.
The script beside it recomputes the iteration with plain NumPy (loops over the filter taps and
pooling windows, independent of ConvStudio's engine) and asserts every number the trace holds:
each forward tensor, the loss, each gradient, the parameters (and momentum) after the update.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np

from convstudio import __version__
from convstudio.engine.lessons import Lesson
from convstudio.engine.model import run_iteration
from convstudio.engine.network_trace import NetworkTrace
from convstudio.engine.notation import Names
from convstudio.engine.steps import Section
from convstudio.engine.trace import Trace
from convstudio.io import atomic, network_derivation
from convstudio.io.derivation_script import SCRIPT
from convstudio.io.derivation_text import script_note, section_lines, tensor_latex
from convstudio.io.script_helpers import HELPERS
from convstudio.io.script_numbers import MAX_LISTED, PER_SECTION, script_data, stated


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
    lines += script_note(script_name)
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
    lines += section_lines(
        trace,
        lambda section: _section_values(trace, section),
        lambda tensor, values, section: _values(trace.names, tensor, values, section),
        per_section=PER_SECTION,
        max_listed=MAX_LISTED,
    )
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
    shown = names.shown.get(base, (True,) * array.ndim)
    return tensor_latex(label, array, shown, tensor[0] == "d" and len(tensor) == 2, max_listed=MAX_LISTED)


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
        "x": script_data(it.values["I"]),
        "params": {k: script_data(v) for k, v in it.params.items()},
        "velocity": {k: script_data(v) for k, v in it.velocity.items()},
        "target": script_data(it.values["y" if spec.loss == "cross_entropy" else "t"]),
        "values": {k: stated(it.values[k]) for k in forward},
        "L": it.loss,
        "grads": {k: stated(v) for k, v in it.grads.items()},
        "new_params": {k: stated(v) for k, v in it.new_params.items()},
        "new_velocity": {k: stated(v) for k, v in it.new_velocity.items()},
    }
    return SCRIPT.format(
        name=name, iteration=it.number + 1, version=__version__, data=json.dumps(data), helpers=HELPERS
    )


def write_trace(trace: Trace | NetworkTrace, path: Path, title: str) -> list[Path]:
    """Write the derivation of ``trace``'s iteration to ``path`` and its script beside it
    (``<stem>_check.py``); both through temporary files, so a failure leaves nothing half-written.
    A network's trace gets :mod:`~convstudio.io.network_derivation`'s Markdown and script."""
    if isinstance(trace, NetworkTrace):
        return network_derivation.write_trace(trace, path, title)
    script_path = path.with_name(f"{path.stem}_check.py")
    text = markdown(trace, title, script_name=script_path.name)
    code = script(trace, path.stem)
    return [write_text(path, text), write_text(script_path, code)]


def write(lesson: Lesson, path: Path) -> list[Path]:
    """Write the derivation of the lesson's first iteration and its script."""
    if lesson.spec is None:  # a network of any depth
        return write_network(
            lesson.network, lesson.network_params, lesson.x, lesson.target, path, lesson.title
        )
    trace = Trace(run_iteration(lesson.spec, lesson.params, lesson.x, lesson.target))
    return write_trace(trace, path, lesson.title)


def write_network(
    network: Any,
    params: Mapping[str, Any],
    x: Any,
    target: Any,
    path: Path,
    title: str,
    state: Mapping[str, Any] | None = None,
) -> list[Path]:
    """Write the derivation of one iteration of a network of any depth and its script."""
    return write_trace(NetworkTrace.of(network, params, x, target, state), path, title)


def write_text(path: Path, text: str | bytes) -> Path:
    """Replace ``path`` with ``text`` in one step (never a half-written file); OSError says why not."""
    return atomic.write_bytes(path, text.encode("utf-8") if isinstance(text, str) else text)


__all__ = ["markdown", "script", "write", "write_network", "write_text", "write_trace"]
