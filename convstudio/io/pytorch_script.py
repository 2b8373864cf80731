"""One training iteration as a self-contained PyTorch script that checks ConvStudio's numbers.

The script builds the network as ``torch.nn.Sequential`` (module i is layer i, so the parameters'
keys are the network contract's ``"<i>.weight"``), loads the weights, data and optimiser state,
runs the iteration and asserts what ``network.iterate`` computed, stored as JSON (floats by repr,
so they come back bit for bit). ConvStudio never imports torch: only the script does.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np

from convstudio import __version__
from convstudio.engine import network as nw
from convstudio.engine.lessons import Lesson
from convstudio.engine.model import Iteration
from convstudio.engine.network_check import Built, check_network
from convstudio.engine.network_run import NetworkIteration
from convstudio.engine.spec import Spec
from convstudio.engine.spec_network import param_keys, to_network
from convstudio.io.derivation import write_text
from convstudio.io.pytorch_template import SCRIPT

#: Each layer type's torch module, for the tests and the reader; the source text is _module's.
MODULES = {
    "conv": "nn.Conv2d",
    "conv_transpose": "nn.ConvTranspose2d",
    "relu": "nn.ReLU",
    "sigmoid": "nn.Sigmoid",
    "tanh": "nn.Tanh",
    "max_pool": "nn.MaxPool2d",
    "avg_pool": "nn.AvgPool2d",
    "global_avg_pool": "nn.AdaptiveAvgPool2d",
    "batch_norm": "nn.BatchNorm2d",  # nn.BatchNorm1d after the maps became features
    "flatten": "nn.Flatten",
    "dense": "nn.Linear",
}
LOSSES = {"mse": 'nn.MSELoss(reduction="mean")', "cross_entropy": 'nn.CrossEntropyLoss(reduction="mean")'}


def _module(layer: Built) -> str:
    """The torch module of one checked layer, as source text."""
    cfg, kind = layer.cfg, layer.type
    if kind in ("conv", "conv_transpose"):
        geometry = (
            ("stride", "padding", "dilation") if kind == "conv" else ("stride", "padding", "output_padding")
        )
        fields = ", ".join(f"{name}={tuple(cfg[name])}" for name in geometry)
        return (
            f"{MODULES[kind]}({layer.in_shape[0]}, {cfg['filters']}, kernel_size={tuple(cfg['kernel'])}, "
            f"{fields}, bias={bool(cfg['bias'])})"
        )
    if kind in ("max_pool", "avg_pool"):
        window = f"kernel_size={tuple(cfg['size'])}, stride={tuple(cfg['stride'])}"
        return f"{MODULES[kind]}({window}, ceil_mode=False)"
    if kind == "global_avg_pool":
        return "nn.Sequential(nn.AdaptiveAvgPool2d(1), nn.Flatten())"
    if kind == "batch_norm":
        norm = "nn.BatchNorm2d" if len(layer.in_shape) == 3 else "nn.BatchNorm1d"
        return f"{norm}({layer.in_shape[0]}, eps={float(cfg['eps'])!r}, momentum={float(cfg['momentum'])!r})"
    if kind == "dense":
        return f"nn.Linear({layer.in_shape[0]}, {cfg['units']}, bias={bool(cfg['bias'])})"
    return f"{MODULES[kind]}()"


def _optimizer(optimizer: Mapping[str, Any]) -> str:
    if optimizer["type"] == "adam":
        b1, b2 = (float(b) for b in optimizer["betas"])
        return (
            f"torch.optim.Adam(parameters, lr={float(optimizer['lr'])!r}, betas=({b1!r}, {b2!r}), "
            f"eps={float(optimizer['eps'])!r}, weight_decay={float(optimizer['weight_decay'])!r})"
        )
    return (
        f"torch.optim.SGD(parameters, lr={float(optimizer['lr'])!r}, "
        f"momentum={float(optimizer['momentum'])!r}, weight_decay={float(optimizer['weight_decay'])!r})"
    )


def _plain(value: Any) -> Any:
    """Arrays, NumPy scalars and tuples as JSON's lists and numbers."""
    if isinstance(value, np.ndarray):
        return value.tolist()
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value


def _json(data: Mapping[str, Any], indent: str = "") -> str:
    """``data`` with one tensor to a line; an apostrophe is escaped, so the text fits in r'''...'''."""
    lines = []
    for key, value in data.items():
        if isinstance(value, Mapping) and value and key != "network":
            inner = _json(value, indent + "  ")
            lines.append(f"{indent}{json.dumps(key)}: {{\n{inner}\n{indent}}}")
        else:
            lines.append(f"{indent}{json.dumps(key)}: {json.dumps(value, allow_nan=False)}")
    return ",\n".join(lines).replace("'", "\\u0027")


def _finite(result: nw.Result) -> bool:
    arrays = [result.output, result.grad_input, *result.grads.values(), *result.new_params.values()]
    return math.isfinite(result.loss) and all(np.isfinite(a).all() for a in arrays)


def script(
    network: Mapping[str, Any],
    params: Mapping[str, Any],
    x: Any,
    target: Any,
    state: Mapping[str, Any] | None = None,
    *,
    title: str = "A ConvStudio network",
    iteration: int = 1,
    name: str = "convstudio_pytorch.py",
) -> str:
    """The script for one iteration of ``network`` from ``params`` and optimiser/running ``state``
    (a previous iterate's ``new_state``, None: fresh). ValueError if it cannot run or diverged."""
    checked = check_network(network)
    if checked.problems:
        raise nw.NetworkError(checked.problems)
    with np.errstate(over="ignore", invalid="ignore"):  # an overflow is refused just below, in words
        result = nw.iterate(network, params, x, target, state)
    if not _finite(result):
        raise ValueError(
            f"this iteration diverged (its loss is {result.loss}): there is nothing for PyTorch to check; "
            "use a smaller learning rate"
        )
    layers = "\n".join(
        f"        # layer {layer.index + 1} ({layer.type})\n        {_module(layer)},"
        for layer in checked.layers
    )
    labels = network["loss"] == "cross_entropy"
    data = {
        "title": title,
        "iteration": iteration,
        "version": __version__,
        "network": _plain(network),
        "x": _plain(np.asarray(x, dtype=np.float64)),
        "target": _plain(np.asarray(target, dtype=np.int64 if labels else np.float64)),
        "params": _plain({k: np.asarray(v, dtype=np.float64) for k, v in params.items()}),
        "state": _plain(dict(state or {})),
        "expected": {
            "loss": result.loss,
            "output": _plain(result.output),
            "grad_input": _plain(result.grad_input),
            "grads": _plain(result.grads),
            "new_params": _plain(result.new_params),
            "new_state": _plain(result.new_state),
        },
    }
    return SCRIPT.substitute(
        title=" ".join(title.replace("\\", "/").replace('"', "'").split()),
        iteration=iteration,
        version=__version__,
        name=name,
        layers=layers,
        optimizer=_optimizer(checked.optimizer),
        loss=LOSSES[network["loss"]],
        target_dtype="torch.long" if labels else "torch.float64",
        data="{\n" + _json(data, "  ") + "\n}",
    )


def from_spec(
    spec: Spec, params: Mapping[str, np.ndarray], velocity: Mapping[str, np.ndarray] | None = None
) -> tuple[dict[str, Any], dict[str, np.ndarray], dict[str, np.ndarray] | None]:
    """A one-layer lesson's Spec, its parameters (W, b, V, c) and momentum buffers as the network
    contract has them: the network, parameters keyed "<i>.weight", and the optimiser's state."""
    keys = param_keys(spec)
    state = None
    if spec.momentum and velocity:
        state = {f"{keys[name]}.momentum_buffer": value for name, value in velocity.items()}
    return to_network(spec), {keys[name]: value for name, value in params.items()}, state


def write(
    path: Path,
    network: Mapping[str, Any],
    params: Mapping[str, Any],
    x: Any,
    target: Any,
    state: Mapping[str, Any] | None = None,
    *,
    title: str = "A ConvStudio network",
    iteration: int = 1,
) -> Path:
    """Write the script to ``path`` through a temporary file; OSError or ValueError say why not."""
    path = Path(path)
    text = script(network, params, x, target, state, title=title, iteration=iteration, name=path.name)
    return write_text(path, text)


def write_iteration(it: Iteration | NetworkIteration, path: Path, title: str) -> Path:
    """The window's current iteration: its weights, data and momentum (or any optimiser's state and
    batch norm's running statistics) as they were before its update."""
    if isinstance(it, NetworkIteration):
        rec = it.rec
        params = {key: rec.values[key] for key in rec.result.new_params}
        target = rec.values["y"] if "y" in rec.values else rec.values["t"]
        return write(
            path, rec.network, params, rec.values["x"], target, dict(rec.state), title=title,
            iteration=it.number + 1,
        )  # fmt: skip
    target = it.values["y" if it.spec.loss == "cross_entropy" else "t"]
    network, params, state = from_spec(it.spec, it.params, it.velocity)
    return write(path, network, params, it.values["I"], target, state, title=title, iteration=it.number + 1)


def write_lesson(lesson: Lesson, path: Path) -> Path:
    """The lesson's first iteration."""
    if lesson.spec is None:  # a network of any depth
        return write(
            path, lesson.network, lesson.network_params, lesson.x, lesson.target, None, title=lesson.title
        )
    network, params, state = from_spec(lesson.spec, lesson.params)
    return write(path, network, params, lesson.x, lesson.target, state, title=lesson.title)


__all__ = ["MODULES", "from_spec", "script", "write", "write_iteration", "write_lesson"]
