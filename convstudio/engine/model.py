"""What the network is (Spec) and one training iteration of it (forward, backward, SGD update).

The network: conv (F filters over C channels) -> activation -> pooling -> head (none, or
flatten + dense) -> loss (MSE against a target, or softmax cross-entropy against labels).
Tensors are named as the equations name them:

    I input (N, C, H, W)    W filters (F, C, kh, kw)   b conv bias (F,)
    o conv output           a activation output         p pooled
    V dense weights         c dense bias                s class scores (N, K)
    q softmax probabilities t target (MSE)              y labels (cross-entropy)
    L loss

Gradients are keyed "d" + name (``do`` is dL/do, ``dW`` is dL/dW).
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from convstudio.engine import ops
from convstudio.engine.quoting import brief, quoted

ACTIVATIONS = ("none", "relu", "sigmoid", "tanh")
POOLINGS = ("none", "max", "avg", "global_avg")
HEADS = ("none", "dense")
LOSSES = ("mse", "cross_entropy")

#: The largest network the app offers (the engine itself has no limits beyond memory).
LIMITS = {
    "height": 64,
    "width": 64,
    "channels": 3,
    "batch": 64,
    "filters": 16,
    "kernel": 7,
    "stride": 4,
    "padding": 3,
    "dilation": 3,
    "classes": 10,
}

_PAIR_LOWS = (("kernel", 1), ("stride", 1), ("padding", 0), ("dilation", 1))

Pair = tuple[int, int]
Arrays = dict[str, np.ndarray]


class SpecError(ValueError):
    """An impossible network; ``problems`` lists every reason, each a sentence."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


class DivergenceError(FloatingPointError):
    """Training produced NaN or inf; the model keeps its last finite state."""

    def __init__(self, iteration: int, quantity: str, value: float, lr: float) -> None:
        self.iteration, self.quantity, self.value, self.lr = iteration, quantity, value, lr
        # ``iteration`` counts from 0, as the code does; the message counts from 1, as the window does.
        became = "NaN (not a number)" if math.isnan(value) else f"{'-' if value < 0 else ''}infinite"
        super().__init__(
            f"Training diverged in iteration {iteration + 1}: {quantity} became {became}. "
            f"The learning rate {lr:g} is too large; try {lr / 10:g} or smaller."
        )


def _pair(value: Any) -> Pair:
    if isinstance(value, (int, np.integer)):
        return (int(value), int(value))
    rows, cols = value
    return (int(rows), int(cols))


@dataclass(frozen=True)
class Spec:
    """The whole network. Ints given for pair fields become (rows, cols) pairs."""

    height: int = 3
    width: int = 3
    channels: int = 1
    batch: int = 1
    filters: int = 1
    kernel: Pair = (2, 2)
    stride: Pair = (1, 1)
    padding: Pair = (0, 0)
    dilation: Pair = (1, 1)
    bias: bool = False
    activation: str = "none"
    pooling: str = "global_avg"
    pool_size: Pair = (2, 2)
    pool_stride: Pair | None = None  # None: the pool size (non-overlapping windows)
    head: str = "none"
    classes: int = 2
    loss: str = "mse"
    lr: float = 0.1
    momentum: float = 0.0

    def __post_init__(self) -> None:
        for name in ("kernel", "stride", "padding", "dilation", "pool_size"):
            object.__setattr__(self, name, _pair(getattr(self, name)))
        if self.pool_stride is not None:
            object.__setattr__(self, "pool_stride", _pair(self.pool_stride))
        object.__setattr__(self, "lr", float(self.lr))
        object.__setattr__(self, "momentum", float(self.momentum))

    def replace(self, **changes: Any) -> Spec:
        return dataclasses.replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        out = dataclasses.asdict(self)
        return {k: list(v) if isinstance(v, tuple) else v for k, v in out.items()}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Spec:
        """A Spec from plain data (a lesson or session file); unknown keys are an error."""
        known = {f.name: f for f in dataclasses.fields(cls)}
        unknown = sorted(set(data) - set(known))
        if unknown:
            raise SpecError([f"unknown network setting(s): {', '.join(map(quoted, unknown))}"])
        problems = []
        for key, value in data.items():
            if not _plain_value_ok(key, value):
                problems.append(f"{key} has the wrong type: {brief(value)}")
        if problems:
            raise SpecError(problems)
        return cls(**data)

    # --- checks -----------------------------------------------------------------------------

    def problems(self) -> list[str]:
        """Every reason this network cannot be built, in words a student can act on; [] if fine."""
        out: list[str] = []
        for name in ("height", "width", "channels", "batch", "filters", "classes"):
            value = getattr(self, name)
            if not 1 <= value <= LIMITS[name]:
                out.append(f"{name} must be from 1 to {LIMITS[name]}, not {brief(value)}")
        pools = (("pool_size", 1, "height"), ("pool_stride", 1, "height"))
        for name, low, most in (*((n, low, n) for n, low in _PAIR_LOWS), *pools):
            for value in getattr(self, name) or ():
                if not low <= value <= LIMITS[most]:
                    out.append(f"{name} must be from {low} to {LIMITS[most]}, not {brief(value)}")
                    break
        for name, options in (
            ("activation", ACTIVATIONS),
            ("pooling", POOLINGS),
            ("head", HEADS),
            ("loss", LOSSES),
        ):
            if getattr(self, name) not in options:
                out.append(f"{name} must be one of {', '.join(options)}, not {brief(getattr(self, name))}")
        if not (math.isfinite(self.lr) and self.lr > 0):
            out.append(f"the learning rate must be a positive number, not {self.lr}")
        if not (math.isfinite(self.momentum) and 0 <= self.momentum < 1):
            out.append(f"momentum must be from 0 up to (not including) 1, not {self.momentum}")
        if out:
            return out
        try:
            conv = self.conv_geometry()
        except ValueError as error:
            return [str(error)]
        if self.pooling in ("max", "avg"):
            try:
                ops.pool_geometry((conv.Ho, conv.Wo), self.pool_size, self.pool_stride)
            except ValueError:
                ph, pw = self.pool_size
                return [
                    f"a {ph}x{pw} pooling window does not fit the {conv.Ho}x{conv.Wo} output "
                    "of the convolution: use a smaller window"
                ]
        if self.loss == "cross_entropy" and self.head == "none" and self.pooling != "global_avg":
            out.append(
                "cross-entropy needs one score per class: use a dense head, "
                "or global average pooling (one score per filter)"
            )
        if self.loss == "cross_entropy" and self.head == "none" and self.filters < 2:
            out.append("cross-entropy without a dense head needs at least 2 filters (one per class)")
        if self.loss == "cross_entropy" and self.head == "dense" and self.classes < 2:
            out.append("cross-entropy needs at least 2 classes")
        return out

    def validate(self) -> Spec:
        """Raise SpecError if the network cannot be built; return self otherwise."""
        problems = self.problems()
        if problems:
            raise SpecError(problems)
        return self

    # --- derived sizes ------------------------------------------------------------------------

    def conv_geometry(self) -> ops.ConvGeometry:
        return ops.conv_geometry(
            (self.channels, self.height, self.width),
            self.kernel,
            stride=self.stride,
            padding=self.padding,
            dilation=self.dilation,
        )

    def pool_geometry(self) -> ops.PoolGeometry:
        g = self.conv_geometry()
        return ops.pool_geometry((g.Ho, g.Wo), self.pool_size, self.pool_stride)

    @property
    def input_shape(self) -> tuple[int, int, int, int]:
        return (self.batch, self.channels, self.height, self.width)

    @property
    def conv_shape(self) -> tuple[int, int, int, int]:
        g = self.conv_geometry()
        return (self.batch, self.filters, g.Ho, g.Wo)

    @property
    def pooled_shape(self) -> tuple[int, ...]:
        if self.pooling == "none":
            return self.conv_shape
        if self.pooling == "global_avg":
            return (self.batch, self.filters)
        g = self.pool_geometry()
        return (self.batch, self.filters, g.Ho, g.Wo)

    @property
    def features(self) -> int:
        """Values per image that reach the head."""
        return math.prod(self.pooled_shape[1:])

    @property
    def pred_shape(self) -> tuple[int, ...]:
        """Shape of what the loss compares: scores (N, K) with a dense head, else the pooled map."""
        return (self.batch, self.classes) if self.head == "dense" else self.pooled_shape

    @property
    def target_shape(self) -> tuple[int, ...]:
        return (self.batch,) if self.loss == "cross_entropy" else self.pred_shape

    @property
    def n_classes(self) -> int:
        """Number of classes a cross-entropy loss chooses among."""
        return self.classes if self.head == "dense" else self.filters

    def param_shapes(self) -> dict[str, tuple[int, ...]]:
        shapes: dict[str, tuple[int, ...]] = {"W": (self.filters, self.channels, *self.kernel)}
        if self.bias:
            shapes["b"] = (self.filters,)
        if self.head == "dense":
            shapes["V"] = (self.classes, self.features)
            if self.bias:
                shapes["c"] = (self.classes,)
        return shapes

    def layers(self) -> list[str]:
        """Names of the forward tensors after the input, in order, ending with the loss."""
        names = ["o"]
        if self.activation != "none":
            names.append("a")
        if self.pooling != "none":
            names.append("p")
        if self.head == "dense":
            names.append("s")
        if self.loss == "cross_entropy":
            names.append("q")
        names.append("L")
        return names


def _plain_value_ok(key: str, value: Any) -> bool:
    if key in ("kernel", "stride", "padding", "dilation", "pool_size", "pool_stride"):
        if key == "pool_stride" and value is None:
            return True
        if isinstance(value, bool):
            return False
        if isinstance(value, int):
            return True
        return (
            isinstance(value, (list, tuple))
            and len(value) == 2
            and all(isinstance(v, int) and not isinstance(v, bool) for v in value)
        )
    if key == "bias":
        return isinstance(value, bool)
    if key in ("activation", "pooling", "head", "loss"):
        return isinstance(value, str)
    if key in ("lr", "momentum"):  # ints too large for a float are refused, not overflowed
        return isinstance(value, float) or (
            isinstance(value, int) and not isinstance(value, bool) and abs(value) < 2**1000
        )
    return isinstance(value, int) and not isinstance(value, bool)


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
        value = np.array(ops.real(params[name], name))
        if value.shape != shape:
            raise ValueError(f"{name} must have shape {shape}, not {value.shape}")
        if not np.isfinite(value).all():
            raise ValueError(f"{name} holds NaN or infinite values")
        out[name] = value
    return out


def check_data(spec: Spec, x: Any, target: Any) -> tuple[np.ndarray, np.ndarray]:
    """Input images and targets (or labels) as arrays of the spec's shapes, or a ValueError."""
    x = np.array(ops.real(x, "the input"))
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
            raise ValueError(f"the labels must be {allowed}; they hold {ops.brief_number(labels)}")
        return x, labels.astype(np.int64)
    t = np.array(ops.real(target, "the target"))
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
        raise DivergenceError(number, "the loss", loss, spec.lr)
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
