"""A network of any depth as plain data: check it, initialise it, train it one iteration at a time.

The contract is DESIGN.md's "Network contract": parameters keyed ``"<i>.weight"`` and
``"<i>.bias"`` with PyTorch's shapes, so a network is one to one a ``torch.nn.Sequential``.
Float64 throughout; nothing passed in is modified.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any

import numpy as np

from convstudio.engine import ops, optim
from convstudio.engine.network_check import Built, Checked, Problem, check_network

Arrays = dict[str, np.ndarray]


class NetworkError(ValueError):
    """A network that cannot be built; ``problems`` holds every (where, sentence) pair."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(sentence for _, sentence in problems))
        self.problems = problems


class Result:
    """What one iteration computed: the loss before the update, the last layer's output, the
    loss's gradients (before weight decay), dL/dx, and the parameters and state after the update.

    dL/dx is computed the first time it is read: no layer learns from it, and for a first conv
    layer it costs as much as its weight gradient (PyTorch, too, computes it only when asked)."""

    __slots__ = ("_grad_input", "grads", "loss", "new_params", "new_state", "output")

    def __init__(
        self,
        loss: float,
        output: np.ndarray,
        grads: Arrays,
        grad_input: np.ndarray | Callable[[], np.ndarray],
        new_params: Arrays,
        new_state: dict[str, Any],
    ) -> None:
        self.loss, self.output, self.grads = loss, output, grads
        self._grad_input = grad_input
        self.new_params, self.new_state = new_params, new_state

    @property
    def grad_input(self) -> np.ndarray:
        if callable(self._grad_input):
            self._grad_input = self._grad_input()
        return self._grad_input


def check(network: Any) -> list[str]:
    """Every reason the network cannot be built, one sentence each; [] if it can."""
    try:
        return [sentence for _, sentence in check_network(network).problems]
    except Exception as error:  # check never raises: an odd value is one more problem
        return [f"the network could not be read: {error}"]


def _checked(network: Any) -> Checked:
    checked = check_network(network)
    if checked.problems:
        raise NetworkError(checked.problems)
    return checked


def param_shapes(network: Any) -> dict[str, tuple[int, ...]]:
    """Every parameter's key and PyTorch shape, in the order of the layers."""
    return _shapes(_checked(network).layers)


def _shapes(layers: list[Built]) -> dict[str, tuple[int, ...]]:
    shapes: dict[str, tuple[int, ...]] = {}
    for layer in layers:
        for name, shape in layer.kind.param_shapes(layer.cfg, layer.in_shape).items():
            shapes[f"{layer.index}.{name}"] = shape
    return shapes


def init_params(network: Any, seed: int = 0) -> Arrays:
    """Seeded parameters as PyTorch initialises them by default: weights and biases uniform in
    ±1/sqrt(fan_in) (kaiming-uniform with a = sqrt(5)); batch norm's γ 1 and β 0."""
    rng = np.random.default_rng(seed)
    params: Arrays = {}
    for layer in _checked(network).layers:
        shapes = layer.kind.param_shapes(layer.cfg, layer.in_shape)
        bound = 1.0 / math.sqrt(layer.kind.fan_in(layer.cfg, layer.in_shape))
        for name, shape in shapes.items():
            key = f"{layer.index}.{name}"
            if layer.type == "batch_norm":
                params[key] = np.ones(shape) if name == "weight" else np.zeros(shape)
            else:
                params[key] = rng.uniform(-bound, bound, shape)
    return params


def layer_params(layer: Built, params: Mapping[str, Any]) -> Arrays:
    """One layer's parameters ("weight", "bias") as float64 arrays of its shapes, or a ValueError."""
    own: Arrays = {}
    for name, shape in layer.kind.param_shapes(layer.cfg, layer.in_shape).items():
        key = f"{layer.index}.{name}"
        if key not in params:
            raise ValueError(f"the parameter {key!r} of layer {layer.index + 1} ({layer.type}) is missing")
        value = np.asarray(params[key], dtype=np.float64)
        if value.shape != shape:
            raise ValueError(f"the parameter {key!r} must have shape {shape}, not {value.shape}")
        own[name] = value
    return own


def _params(layers: list[Built], params: Mapping[str, Any]) -> list[Arrays]:
    """Each layer's parameters as float64 arrays of the right shapes, or a ValueError."""
    per_layer: list[Arrays] = []
    expected: set[str] = set()
    for layer in layers:
        own = layer_params(layer, params)
        expected.update(f"{layer.index}.{name}" for name in own)
        per_layer.append(own)
    extra = sorted(set(params) - expected)
    if extra:
        raise ValueError(f"these parameters belong to no layer of the network: {', '.join(extra)}")
    return per_layer


def _input(network: Mapping[str, Any], x: Any) -> np.ndarray:
    x = np.asarray(x, dtype=np.float64)
    spec = network["input"]
    want = (spec["channels"], spec["height"], spec["width"])
    if x.ndim != 4 or x.shape[1:] != want or x.shape[0] < 1:
        raise ValueError(f"the input must have shape (N, {', '.join(map(str, want))}), not {x.shape}")
    return x


def _stats(layers: list[Built], state: Mapping[str, Any]) -> dict[int, tuple[np.ndarray, np.ndarray]]:
    """Each batch_norm layer's running (mean, var): from the state, or fresh (0 and 1)."""
    out = {}
    for layer in layers:
        if layer.type == "batch_norm":
            C = layer.in_shape[0]
            pair = []
            for name, fresh in (("running_mean", 0.0), ("running_var", 1.0)):
                key = f"{layer.index}.{name}"
                value = np.asarray(state.get(key, np.full(C, fresh)), dtype=np.float64)
                if value.shape != (C,):
                    raise ValueError(f"the state's {key!r} must have shape {(C,)}, not {value.shape}")
                pair.append(value)
            out[layer.index] = (pair[0], pair[1])
    return out


def _forward(
    layers: list[Built], params: list[Arrays], x: np.ndarray, stats: dict[int, Any] | None
) -> tuple[list[np.ndarray], list[Any]]:
    """Every layer's input (and the last output) and what its backward needs."""
    values, caches = [x], []
    for layer, p in zip(layers, params, strict=True):
        if layer.type == "batch_norm" and stats is None and values[-1].size // layer.in_shape[0] < 2:
            raise ValueError(
                f"layer {layer.index + 1} (batch_norm): training needs more than one value per channel, "
                f"but a batch of {x.shape[0]} gives one; use a bigger batch"
            )
        y, cache = layer.kind.forward(
            layer.cfg, p, values[-1], None if stats is None else stats.get(layer.index)
        )
        values.append(y)
        caches.append(cache)
    return values, caches


def _loss(network: Mapping[str, Any], output: np.ndarray, target: Any) -> tuple[float, np.ndarray]:
    if network["loss"] == "mse":
        t = np.asarray(target, dtype=np.float64)
        if t.shape != output.shape:
            raise ValueError(f"the target must have the output's shape {output.shape}, not {t.shape}")
        return ops.mse_loss(output, t)
    labels = np.asarray(target)
    N, K = output.shape
    if labels.shape != (N,) or labels.dtype == np.bool_ or not np.issubdtype(labels.dtype, np.integer):
        raise ValueError(
            f"the labels must be {N} whole class number(s), not {labels.dtype} of shape {labels.shape}"
        )
    if labels.min() < 0 or labels.max() >= K:
        raise ValueError(f"the labels must be class numbers from 0 to {K - 1}")
    return ops.softmax_cross_entropy(output, labels)


def layer_inputs(network: Any, params: Mapping[str, Any], x: Any) -> list[np.ndarray]:
    """Every layer's input, then the last layer's output, as a training forward pass computes them."""
    checked = _checked(network)
    return _forward(checked.layers, _params(checked.layers, params), _input(network, x), None)[0]


def iterate(
    network: Any, params: Mapping[str, Any], x: Any, target: Any, state: Mapping[str, Any] | None = None
) -> Result:
    """Forward, loss, backward and one optimiser step; ``state`` is the previous ``new_state``."""
    checked = _checked(network)
    layers = checked.layers
    per_layer = _params(layers, params)
    x = _input(network, x)
    state = {} if state is None else state
    running = _stats(layers, state)
    opt_keys = optim.state_keys(checked.optimizer, _shapes(layers))
    unknown = sorted(
        set(state) - opt_keys - {f"{i}.{n}" for i in running for n in ("running_mean", "running_var")}
    )
    if unknown:
        raise ValueError(f"the state holds keys this network does not use: {', '.join(unknown)}")
    values, caches = _forward(layers, per_layer, x, None)
    loss, grad = _loss(network, values[-1], target)
    grads: Arrays = {}
    for k in range(len(layers) - 1, 0, -1):
        layer = layers[k]
        grad, own = layer.kind.backward(layer.cfg, per_layer[k], values[k], caches[k], grad)
        for name, g in own.items():
            grads[f"{layer.index}.{name}"] = g
    first, out_grad = layers[0], grad
    own = first.kind.weight_grads(first.cfg, per_layer[0], values[0], caches[0], out_grad)
    grads.update({f"{first.index}.{name}": g for name, g in own.items()})

    errors = np.geterr()  # read later, it is computed as it would have been now

    def grad_input() -> np.ndarray:
        with np.errstate(**errors):
            return first.kind.backward(first.cfg, per_layer[0], values[0], caches[0], out_grad)[0]

    flat = {f"{layer.index}.{n}": v for layer, p in zip(layers, per_layer, strict=True) for n, v in p.items()}
    grads = {key: grads[key] for key in flat}
    new_params, new_state = optim.step(
        checked.optimizer, flat, grads, {k: state[k] for k in opt_keys if k in state}
    )
    for layer in layers:
        if layer.type == "batch_norm":
            mean, var = caches[layer.index]
            count = values[layer.index].size // layer.in_shape[0]
            m = layer.cfg["momentum"]
            old_mean, old_var = running[layer.index]
            new_state[f"{layer.index}.running_mean"] = (1 - m) * old_mean + m * mean
            new_state[f"{layer.index}.running_var"] = (1 - m) * old_var + m * var * (count / (count - 1))
    return Result(loss, values[-1], grads, grad_input, new_params, new_state)


def predict(
    network: Any, params: Mapping[str, Any], x: Any, state: Mapping[str, Any] | None = None
) -> np.ndarray:
    """The last layer's output (class scores before the softmax); batch_norm uses the running stats."""
    checked = _checked(network)
    per_layer = _params(checked.layers, params)
    values, _ = _forward(checked.layers, per_layer, _input(network, x), _stats(checked.layers, state or {}))
    return values[-1]
