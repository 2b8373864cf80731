"""One training iteration of a :class:`Spec` network: forward, backward and the SGD update.

Tensors and gradients are keyed as ``convstudio.engine.spec`` names them (``W``, ``do``, ``dW``).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from convstudio.engine import arguments, ops
from convstudio.engine.spec import Spec

Arrays = dict[str, np.ndarray]


#: Values this large or larger overflow when squared (float64 ends near 1.8e308): no loss holds them.
TOO_LARGE_TO_SQUARE = 1e154


class DivergenceError(FloatingPointError):
    """Training produced NaN or inf; the model keeps its last finite state.

    ``cause`` names the value too large for the loss, as ("the target t", 1e300), when that and
    not the learning rate is why the loss overflowed."""

    def __init__(
        self, iteration: int, quantity: str, value: float, lr: float, cause: tuple[str, float] | None = None
    ) -> None:
        self.iteration, self.quantity, self.value, self.lr = iteration, quantity, value, lr
        self.cause = cause
        # ``iteration`` counts from 0, as the code does; the message counts from 1, as the window does.
        became = "NaN (not a number)" if math.isnan(value) else f"{'-' if value < 0 else ''}infinite"
        if cause is None:
            super().__init__(
                f"Training diverged in iteration {iteration + 1}: {quantity} became {became}. "
                f"The learning rate {lr:g} is too large; try {lr / 10:g} or smaller."
            )
            return
        what, size = cause
        super().__init__(
            f"The loss of iteration {iteration + 1} overflowed: {what} has a value of {size:.3g}, and "
            f"the loss squares differences that large, past the largest number a computer holds (about "
            f"1.8e308), so the loss became {became}. Make {what} smaller: values below about "
            f"{TOO_LARGE_TO_SQUARE:.0e} fit, and values near 1 train best."
        )


def overflow_cause(
    params: Mapping[str, np.ndarray], x: np.ndarray, target: np.ndarray, iteration: int
) -> tuple[str, float] | None:
    """The value too large for the loss, as ("the target t", 1e300): the largest of the input, the
    target and the weights, if it is too large to square or (before any update, when the learning
    rate has played no part yet) whatever it is; None when growing weights are the likelier cause."""
    named = [("the input I", x), ("the target t", target)]
    for name, value in params.items():
        named.append((f"the {'bias' if name.startswith('b') else 'weights'} {name}", value))
    sizes = [(float(np.max(np.abs(v))) if np.size(v) else 0.0, what) for what, v in named]
    size, what = max(sizes)
    if size >= TOO_LARGE_TO_SQUARE or iteration == 0:
        return what, size
    return None


# ---------------------------------------------------------------------------------------------
# parameters and data


def init_params(spec: Spec, seed: int = 0) -> Arrays:
    """Seeded uniform initialisation in +-1/sqrt(fan_in) (as common frameworks do); biases 0."""
    rng = np.random.default_rng(seed)
    params: Arrays = {}
    for name, shape in spec.param_shapes().items():
        if name in ("b", "c"):
            params[name] = np.zeros(shape)
        else:
            bound = 1.0 / math.sqrt(math.prod(shape[1:]))
            params[name] = rng.uniform(-bound, bound, shape)
    return params


def check_params(spec: Spec, params: Mapping[str, Any]) -> Arrays:
    """Parameters as float64 arrays of the spec's shapes, or a ValueError saying what is wrong."""
    shapes = spec.param_shapes()
    missing = sorted(set(shapes) - set(params))
    extra = sorted(set(params) - set(shapes))
    if missing or extra:
        raise ValueError(
            f"the parameters must be {', '.join(shapes)}"
            + (f"; missing {', '.join(missing)}" if missing else "")
            + (f"; not used {', '.join(extra)}" if extra else "")
        )
    out: Arrays = {}
    for name, shape in shapes.items():
        value = np.array(arguments.real(params[name], name))
        if value.shape != shape:
            raise ValueError(f"{name} must have shape {shape}, not {value.shape}")
        if not np.isfinite(value).all():
            raise ValueError(f"{name} holds NaN or infinite values")
        out[name] = value
    return out


def check_data(spec: Spec, x: Any, target: Any) -> tuple[np.ndarray, np.ndarray]:
    """Input images and targets (or labels) as arrays of the spec's shapes, or a ValueError."""
    x = np.array(arguments.real(x, "the input"))
    if x.shape != spec.input_shape:
        raise ValueError(f"the input must have shape {spec.input_shape} (N, C, H, W), not {x.shape}")
    if not np.isfinite(x).all():
        raise ValueError("the input holds NaN or infinite values")
    if spec.loss == "cross_entropy":
        labels = np.asarray(target)
        allowed = f"{spec.batch} whole class number(s), class numbers from 0 to {spec.n_classes - 1}"
        if labels.shape != (spec.batch,):
            raise ValueError(f"the labels must be {allowed}, not an array of shape {labels.shape}")
        if labels.dtype.kind not in "iuf" or not np.all(labels == np.round(labels)):
            raise ValueError(f"the labels must be {allowed}; they hold other values")
        if labels.min() < 0 or labels.max() >= spec.n_classes:
            raise ValueError(f"the labels must be {allowed}; they hold {arguments.brief_number(labels)}")
        return x, labels.astype(np.int64)
    t = np.array(arguments.real(target, "the target"))
    if t.shape != spec.pred_shape:
        if t.size == math.prod(spec.pred_shape):
            t = t.reshape(spec.pred_shape)
        else:
            raise ValueError(f"the target must have shape {spec.pred_shape}, not {t.shape}")
    if not np.isfinite(t).all():
        raise ValueError("the target holds NaN or infinite values")
    return x, t


# ---------------------------------------------------------------------------------------------
# one iteration


@dataclass(frozen=True)
class Iteration:
    """Everything one training iteration computed; nothing here is modified afterwards.

    ``values`` holds I, the parameters, every forward tensor, t or y, and L (0-d);
    ``grads`` holds "d" + name for every tensor the backward pass reached;
    ``new_params`` and ``new_velocity`` are the state after the update, ``velocity`` before it.
    """

    spec: Spec
    values: Arrays
    grads: Arrays
    new_params: Arrays
    new_velocity: Arrays
    velocity: Arrays = field(default_factory=dict)  # momentum buffers before the update
    number: int = 0  # which iteration this is, counting from 0
    #: Colour scales by tensor (colour_scale.tensor_scale), a cache and not a result: filled ahead by
    #: the worker that computed the iteration, or by the panels as they first show a tensor.
    scales: dict[str, float] = field(default_factory=dict, compare=False, repr=False)

    @property
    def loss(self) -> float:
        return float(self.values["L"])

    @property
    def params(self) -> Arrays:
        return {name: self.values[name] for name in self.spec.param_shapes()}


def forward(spec: Spec, params: Mapping[str, np.ndarray], x: np.ndarray, target: np.ndarray) -> Arrays:
    """Every forward tensor by name, the loss as a 0-d array "L", and "dpred" for backward."""
    g = spec.conv_geometry()
    conv = {"stride": (g.sh, g.sw), "padding": (g.ph, g.pw), "dilation": (g.dh, g.dw)}
    values: Arrays = {"I": x, **params}
    h = values["o"] = ops.conv2d_forward(x, params["W"], params.get("b"), **conv)
    if spec.activation != "none":
        h = values["a"] = _ACTIVATION_FORWARD[spec.activation](h)
    if spec.pooling == "global_avg":
        h = values["p"] = ops.global_avg_pool_forward(h)
    elif spec.pooling == "max":
        h = values["p"] = ops.max_pool2d_forward(h, size=spec.pool_size, stride=spec.pool_stride)
    elif spec.pooling == "avg":
        h = values["p"] = ops.avg_pool2d_forward(h, size=spec.pool_size, stride=spec.pool_stride)
    if spec.head == "dense":
        h = values["s"] = ops.linear_forward(h.reshape(spec.batch, -1), params["V"], params.get("c"))
    if spec.loss == "cross_entropy":
        values["y"] = target
        values["q"] = ops.softmax(h)
        loss, values["dpred"] = ops.softmax_cross_entropy(h, target)
    else:
        values["t"] = target
        loss, values["dpred"] = ops.mse_loss(h, target)
    values["L"] = np.array(loss)
    return values


def backward(spec: Spec, values: Mapping[str, np.ndarray], *, input_grad: bool = False) -> Arrays:
    """dL/d(every tensor and parameter), from the forward values."""
    g = spec.conv_geometry()
    conv = {"stride": (g.sh, g.sw), "padding": (g.ph, g.pw), "dilation": (g.dh, g.dw)}
    grads: Arrays = {}
    names = spec.layers()[:-1]
    if spec.loss == "cross_entropy":
        names.pop()  # q is shown, but the gradient flows from L to the scores directly
    grad = values["dpred"]
    grads["d" + names[-1]] = grad
    names.pop()
    if spec.head == "dense":
        feats = values[names[-1]].reshape(spec.batch, -1)
        grad, grads["dV"], db = ops.linear_backward(feats, values["V"], grad, bias=spec.bias)
        if db is not None:
            grads["dc"] = db
        grad = grad.reshape(values[names[-1]].shape)
        grads["d" + names[-1]] = grad
    pre_pool = values["a" if spec.activation != "none" else "o"]
    if spec.pooling != "none":
        if spec.pooling == "global_avg":
            grad = ops.global_avg_pool_backward(pre_pool, grad)
        elif spec.pooling == "max":
            grad = ops.max_pool2d_backward(pre_pool, grad, size=spec.pool_size, stride=spec.pool_stride)
        else:
            grad = ops.avg_pool2d_backward(pre_pool, grad, size=spec.pool_size, stride=spec.pool_stride)
        grads["da" if spec.activation != "none" else "do"] = grad
    if spec.activation != "none":
        grad = grads["do"] = _ACTIVATION_BACKWARD[spec.activation](values["o"], grad)
    dI, grads["dW"], db = ops.conv2d_backward(values["I"], values["W"], grad, bias=spec.bias, **conv)
    if db is not None:
        grads["db"] = db
    if input_grad:
        grads["dI"] = dI
    return grads


def sgd_update(
    spec: Spec,
    params: Mapping[str, np.ndarray],
    grads: Mapping[str, np.ndarray],
    velocity: Mapping[str, np.ndarray],
) -> tuple[Arrays, Arrays]:
    """W <- W - lr * dL/dW, or with momentum: v <- mu * v + dL/dW, W <- W - lr * v."""
    new_params: Arrays = {}
    new_velocity: Arrays = {}
    for name, value in params.items():
        step = grads["d" + name]
        if spec.momentum:
            step = new_velocity[name] = spec.momentum * velocity[name] + step
        new_params[name] = value - spec.lr * step
    return new_params, new_velocity


_ACTIVATION_FORWARD: dict[str, Callable[[np.ndarray], np.ndarray]] = {
    "relu": ops.relu_forward,
    "sigmoid": ops.sigmoid_forward,
    "tanh": ops.tanh_forward,
}
_ACTIVATION_BACKWARD: dict[str, Callable[[np.ndarray, np.ndarray], np.ndarray]] = {
    "relu": ops.relu_backward,
    "sigmoid": ops.sigmoid_backward,
    "tanh": ops.tanh_backward,
}


def run_iteration(
    spec: Spec,
    params: Mapping[str, np.ndarray],
    x: np.ndarray,
    target: np.ndarray,
    velocity: Mapping[str, np.ndarray] | None = None,
    *,
    number: int = 0,
    input_grad: bool = False,
    check: bool = True,
) -> Iteration:
    """Forward, backward and update, all kept. Raises DivergenceError on NaN/inf unless ``check``
    is False (to show the iteration where training blew up)."""
    with np.errstate(over="ignore", invalid="ignore"):
        values = forward(spec, params, x, target)
    loss = float(values["L"])
    if check and not math.isfinite(loss):
        raise DivergenceError(number, "the loss", loss, spec.lr, overflow_cause(params, x, target, number))
    velocity = dict(velocity or {})
    if spec.momentum:
        for name, value in params.items():
            velocity.setdefault(name, np.zeros_like(value))
    with np.errstate(over="ignore", invalid="ignore"):
        grads = backward(spec, values, input_grad=input_grad)
        new_params, new_velocity = sgd_update(spec, params, grads, velocity)
    for name, value in new_params.items():
        if check and not np.isfinite(value).all():
            bad = value[~np.isfinite(value)].flat[0]
            raise DivergenceError(number, f"the weight {name}", float(bad), spec.lr)
    del values["dpred"]
    return Iteration(spec, values, grads, new_params, new_velocity, velocity, number)


@dataclass
class Model:
    """A network with its parameters and data: trains one iteration at a time, keeps its state
    at the last finite values when training diverges."""

    spec: Spec
    x: np.ndarray
    target: np.ndarray
    params: Arrays = field(default_factory=dict)
    velocity: Arrays = field(default_factory=dict)
    iteration: int = 0
    seed: int = 0

    def __post_init__(self) -> None:
        self.spec.validate()
        self.x, self.target = check_data(self.spec, self.x, self.target)
        self.params = (
            check_params(self.spec, self.params) if self.params else init_params(self.spec, self.seed)
        )

    def run(self, *, input_grad: bool = False) -> Iteration:
        """The next iteration, computed but not applied."""
        return run_iteration(
            self.spec,
            self.params,
            self.x,
            self.target,
            self.velocity,
            number=self.iteration,
            input_grad=input_grad,
        )

    def apply(self, it: Iteration) -> None:
        self.params, self.velocity = it.new_params, it.new_velocity
        self.iteration = it.number + 1

    def step(self) -> Iteration:
        """Run one iteration and apply its update."""
        it = self.run()
        self.apply(it)
        return it

    def train(
        self, iterations: int, callback: Callable[[int, float], bool | None] | None = None
    ) -> list[float]:
        """Run iterations; returns the loss of each. ``callback(i, loss)`` returning True stops."""
        losses = []
        for _ in range(iterations):
            losses.append(self.step().loss)
            if callback is not None and callback(self.iteration, losses[-1]):
                break
        return losses

    def loss(self, params: Mapping[str, np.ndarray] | None = None) -> float:
        """The loss for these (or the current) parameters: one forward pass over the data."""
        return float(forward(self.spec, params or self.params, self.x, self.target)["L"])

    def accuracy(self) -> float:
        """Fraction of images whose highest score is their label (cross-entropy only)."""
        if self.spec.loss != "cross_entropy":
            raise ValueError(
                f"accuracy counts class labels: it needs a cross-entropy network, not {self.spec.loss}"
            )
        values = forward(self.spec, self.params, self.x, self.target)
        scores = values[self.spec.layers()[-3]].reshape(self.spec.batch, -1)
        return float(np.mean(scores.argmax(axis=1) == self.target))
