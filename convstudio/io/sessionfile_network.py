"""The network part of a session file (format 3): the network as plain data, its data and
parameters checked against it, and the optimiser's state (momentum buffers, Adam's m, v and step,
batch norm's running statistics) beside each iteration's weights."""

from __future__ import annotations

from typing import Any

import numpy as np

from convstudio.engine import network as nw
from convstudio.engine import optim
from convstudio.engine.network_check import check_network
from convstudio.engine.quoting import quoted
from convstudio.engine.timeline import MAX_ITERATIONS, Arrays
from convstudio.io.session_arrays import SessionFileError, array, load_array, whole

_RUNNING = ("running_mean", "running_var")


def load_network(value: Any) -> dict[str, Any]:
    """The file's network, or SessionFileError with the network contract's sentences."""
    problems = nw.check(value)
    if problems:
        raise SessionFileError(f"its network is impossible: {'; '.join(problems)}")
    result: dict[str, Any] = value
    return result


def check_data(network: dict[str, Any], x: np.ndarray, target: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The input and target (class labels as whole numbers) if they fit the network."""
    want = tuple(network["input"][k] for k in ("channels", "height", "width"))
    if x.ndim != 4 or x.shape[1:] != want or x.shape[0] < 1:
        raise SessionFileError(f"the input must have shape (N, {', '.join(map(str, want))}), not {x.shape}")
    out = (x.shape[0], *check_network(network).layers[-1].out_shape)
    if network["loss"] == "cross_entropy":
        if target.shape != (x.shape[0],) or not np.all(target == np.round(target)):
            raise SessionFileError(f"the target must be {x.shape[0]} whole class number(s)")
        if target.min() < 0 or target.max() >= out[1]:
            raise SessionFileError(f"the labels must be class numbers from 0 to {out[1] - 1}")
        return x, target.astype(np.int64)
    if target.shape != out:
        raise SessionFileError(f"the target must have the output's shape {out}, not {target.shape}")
    return x, target


def check_params(network: dict[str, Any], params: Arrays) -> Arrays:
    """The parameters if they are exactly the network's, in its shapes."""
    shapes = nw.param_shapes(network)
    if set(params) != set(shapes):
        raise SessionFileError(f"the parameters must be {', '.join(shapes)}, not {', '.join(params)}")
    for key, shape in shapes.items():
        if params[key].shape != shape:
            raise SessionFileError(f"the parameter {key} must have shape {shape}, not {params[key].shape}")
    return params


def opt_state_doc(state: dict[str, Any], lazy: bool) -> dict[str, Any]:
    """The optimiser's state as plain data: arrays, and Adam's step counts as whole numbers."""
    return {k: v if isinstance(v, int) else array(v, lazy) for k, v in state.items()}


def load_opt_state(network: dict[str, Any] | None, params: Arrays, value: Any, what: str) -> dict[str, Any]:
    """An iteration's optimiser state, checked against the network and its parameters."""
    if not isinstance(value, dict):
        raise SessionFileError(f"{what} must be a table")
    if value and network is None:
        raise SessionFileError(f"{what} must be empty: a one-layer session keeps its momentum as velocity")
    if not value:
        return {}
    assert network is not None
    checked = check_network(network)
    shapes = {k: v.shape for k, v in params.items()}
    for layer in checked.layers:
        if layer.type == "batch_norm":
            shapes.update({f"{layer.index}.{name}": (layer.in_shape[0],) for name in _RUNNING})
    known = optim.state_keys(checked.optimizer, params) | {k for k in shapes if k.endswith(_RUNNING)}
    out: dict[str, Any] = {}
    for key, entry in value.items():
        if key not in known:
            raise SessionFileError(f"{what} has {quoted(str(key))}, which this network does not keep")
        if key.endswith(".step"):
            out[key] = whole(entry, f"{what} {key}", 1, MAX_ITERATIONS)
            continue
        out[key] = load_array(entry, f"{what} {quoted(key)}")
        shape = shapes[key if key.endswith(_RUNNING) else key.rpartition(".")[0]]
        if out[key].shape != shape:
            raise SessionFileError(f"{what} {key} must have shape {shape}, not {out[key].shape}")
    return out
