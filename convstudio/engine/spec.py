"""What the network is: :class:`Spec`, its fields, their validation, its shapes and the app's limits.

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
from collections.abc import Mapping
from dataclasses import dataclass
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


class SpecError(ValueError):
    """An impossible network; ``problems`` lists every reason, each a sentence."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


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
