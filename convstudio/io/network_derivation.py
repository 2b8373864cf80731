"""A network's training iteration as Markdown with LaTeX math, and the NumPy script that checks it.

The network of any depth counterpart of :mod:`convstudio.io.derivation`: the data (input,
parameters, target, the optimiser's state and batch norm's running statistics before the step),
then every step of a :class:`~convstudio.engine.network_trace.NetworkTrace` as a display
equation, section by section. The script beside it recomputes every layer, the loss, the
backward pass, the optimiser's step and the running statistics with plain NumPy and asserts
every number the trace holds.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from convstudio import __version__
from convstudio.engine.network_names import NetworkNames, is_grad
from convstudio.engine.network_trace import NetworkTrace
from convstudio.engine.notation import number
from convstudio.engine.steps import Section
from convstudio.io import atomic
from convstudio.io.derivation_text import script_note, section_lines, tensor_latex
from convstudio.io.network_derivation_script import SCRIPT
from convstudio.io.script_helpers import HELPERS
from convstudio.io.script_numbers import MAX_LISTED, PER_SECTION, script_data, stated


def _setting(value: object) -> str:
    if isinstance(value, (tuple, list)) and all(isinstance(v, int) for v in value):
        return str(value[0]) if value[0] == value[1] else f"{value[0]}x{value[1]}"
    if isinstance(value, (tuple, list)):
        return "(" + ", ".join(f"{v:g}" for v in value) + ")"
    if isinstance(value, bool):
        return "on" if value else "off"
    return f"{value:g}" if isinstance(value, float) else str(value)


def _describe(trace: NetworkTrace) -> list[str]:
    """The network, one line per layer, and its loss and optimiser."""
    rec = trace.rec
    spec = rec.network["input"]
    lines = [
        f"Network: {spec['height']}x{spec['width']} input, {spec['channels']} channel(s), "
        f"batch {rec.batch}; loss {rec.network['loss']}.",
        "",
    ]
    for layer in rec.layers:
        settings = ", ".join(f"{name} {_setting(value)}" for name, value in layer.cfg.items())
        lines.append(f"{layer.index + 1}. {layer.type}" + (f": {settings}" if settings else ""))
    opt = rec.optimizer
    settings = ", ".join(f"{name} {_setting(value)}" for name, value in opt.items() if name != "type")
    return [*lines, "", f"Optimiser: {opt['type']}, {settings}."]


def markdown(trace: NetworkTrace, title: str, *, script_name: str = "") -> str:
    """The derivation of ``trace``'s iteration; ``script_name`` names the checking script beside it."""
    rec, names = trace.rec, trace.names
    lines = [
        f"# {title}: {_which(trace)}, element by element",
        "",
        f"Made by ConvStudio {__version__}. Indices are 1-based; ⋆ is cross-correlation (no kernel flip), "
        "as in every deep-learning framework. Layer numbers are superscripts.",
        "",
        *_describe(trace),
        "",
        f"Loss of this iteration: L = {rec.result.loss!r}.",
    ]
    lines += script_note(script_name)
    lines += ["", "## Data", ""]
    labels = "y" if rec.network["loss"] == "cross_entropy" else "t"
    for key in ["x", *rec.result.new_params, labels]:
        lines += _values(names, key, rec.values[key] + (1 if key == "y" else 0))
    if labels == "y":
        lines += ["Classes are counted from 1, like the indices.", ""]
    if rec.state:
        lines += ["The optimiser's state and the running statistics before this iteration:", ""]
    for key, value in rec.state.items():
        if key in names.symbols:
            lines += _values(names, key, np.asarray(value, dtype=np.float64))
        else:  # Adam's step counts and batch norm's running statistics have no symbol of their own
            lines += [f"- `{key}`: {_listed(value)}", ""]
    lines += section_lines(
        trace,
        lambda section: _section_values(trace, section),
        lambda tensor, values, section: _values(names, tensor, values, section),
        per_section=PER_SECTION,
        max_listed=MAX_LISTED,
    )
    running = [key for key in rec.result.new_state if key.endswith(("running_mean", "running_var"))]
    if running:
        lines += [
            "",
            "## Running statistics",
            "",
            "Batch norm's running mean and (unbiased) variance after it:",
            "",
        ]
        for key in running:
            lines += [f"- `{key}`: {_listed(rec.result.new_state[key])}", ""]
    return "\n".join(lines).rstrip() + "\n"


def _which(trace: NetworkTrace) -> str:
    """Which iteration: its number when the trace is a session's (it knows it), else "one"."""
    it = getattr(trace, "it", None)
    return "one training iteration" if it is None else f"training iteration {it.number + 1}"


def _listed(value: object) -> str:
    return ", ".join(number(float(v)) for v in np.asarray(value, dtype=np.float64).reshape(-1))


def _section_values(trace: NetworkTrace, section: Section) -> np.ndarray:
    if section.phase == "update":
        return trace.rec.result.new_params[section.tensor]
    return np.asarray(trace.array(section.tensor), dtype=np.float64)


def _values(names: NetworkNames, tensor: str, array: np.ndarray, section: Section | None = None) -> list[str]:
    """``tensor`` as LaTeX matrices, one per 2-D slice, labelled with the slice's 1-based indices."""
    array = np.asarray(array)
    label = names.name(tensor, "latex")
    if section is not None and section.phase == "update":
        label = rf"{label}^{{\text{{new}}}}"
    shown = names.symbols[tensor[1:] if is_grad(tensor) else tensor].shown
    return tensor_latex(label, array, shown, is_grad(tensor), max_listed=MAX_LISTED)


def script(trace: NetworkTrace, name: str) -> str:
    """The checking script for ``trace``'s iteration; ``name`` is the Markdown file's stem."""
    rec = trace.rec
    labels = "y" if rec.network["loss"] == "cross_entropy" else "t"
    forward = [key for key in rec.values if ":" in key or key == "q"]
    data = {
        "network": {
            "layers": [{"type": layer.type, **layer.cfg} for layer in rec.layers],
            "loss": rec.network["loss"],
            "optimizer": rec.optimizer,
        },
        "x": script_data(rec.values["x"]),
        "params": {key: script_data(rec.values[key]) for key in rec.result.new_params},
        "state": {key: script_data(np.asarray(value, dtype=np.float64)) for key, value in rec.state.items()},
        "target": script_data(rec.values[labels]),
        "values": {key: stated(rec.values[key]) for key in forward},
        "L": rec.result.loss,
        "grads": {key: stated(value) for key, value in rec.grads.items()},
        "new_params": {key: stated(value) for key, value in rec.result.new_params.items()},
        "new_state": {
            key: stated(np.asarray(value, dtype=np.float64)) for key, value in rec.result.new_state.items()
        },
    }
    return SCRIPT.substitute(name=name, version=__version__, data=json.dumps(data), helpers=HELPERS)


def write_trace(trace: NetworkTrace, path: Path, title: str) -> list[Path]:
    """Write the derivation of ``trace``'s iteration to ``path`` and its script beside it
    (``<stem>_check.py``), each replaced in one step, so a failure leaves nothing half-written."""
    script_path = path.with_name(f"{path.stem}_check.py")
    text = markdown(trace, title, script_name=script_path.name)
    code = script(trace, path.stem)
    return [
        atomic.write_bytes(path, text.encode("utf-8")),
        atomic.write_bytes(script_path, code.encode("utf-8")),
    ]
