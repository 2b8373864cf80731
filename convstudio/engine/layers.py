"""Each layer type of a network: its fields, shape inference, parameters, forward and backward.

A layer's ``cfg`` is checked and complete (every default filled in, pairs as tuples); shapes are
per image, without the batch: ``(C, H, W)`` maps or ``(features,)``. Shape inference raises
ShapeError with the sentence a student reads after "layer k (type): ". Forward returns the
output and what backward needs; backward returns the input gradient and the parameters'.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any, ClassVar

import numpy as np

from convstudio.engine import norm_ops, ops, pool_tiles, transpose_ops

Shape = tuple[int, ...]
Arrays = dict[str, np.ndarray]
#: Stands for a field that has no default.
REQUIRED = object()
#: Stands for a pool's stride left out: the window's size.
SAME_AS_SIZE = object()
#: Running statistics of a batch_norm layer (mean, var), or None while training.
Stats = tuple[np.ndarray, np.ndarray] | None


class ShapeError(ValueError):
    """A layer that cannot take the shape it is given; the message says what would fit."""


def dims(shape: Shape) -> str:
    return "x".join(str(v) for v in shape)


def _pair_text(value: tuple[int, int]) -> str:
    return str(value[0]) if value[0] == value[1] else f"[{value[0]}, {value[1]}]"


class Layer:
    """One layer type; subclasses fill in what differs."""

    fields: ClassVar[dict[str, Any]] = {}
    pairs: ClassVar[tuple[str, ...]] = ()
    noun: str = ""
    needs_maps: ClassVar[bool] = False
    #: How many axes an image's output has: 3 for maps, 1 for features, None: as its input.
    out_rank: ClassVar[int | None] = None

    def out_shape(self, cfg: Mapping[str, Any], shape: Shape, seen: str) -> Shape:
        if self.needs_maps and len(shape) != 3:
            raise ShapeError(
                f"needs maps (N, C, H, W) but gets {seen}; move it before the layer that "
                "turns maps into features (global_avg_pool, flatten or dense)"
            )
        return self._out_shape(cfg, shape, seen)

    def _out_shape(self, cfg: Mapping[str, Any], shape: Shape, seen: str) -> Shape:
        return shape

    def param_shapes(self, cfg: Mapping[str, Any], shape: Shape) -> dict[str, Shape]:
        return {}

    def fan_in(self, cfg: Mapping[str, Any], shape: Shape) -> int:
        return 1

    def forward(
        self, cfg: Mapping[str, Any], p: Mapping[str, np.ndarray], x: np.ndarray, stats: Stats
    ) -> tuple[np.ndarray, Any]:
        raise NotImplementedError

    def backward(
        self, cfg: Mapping[str, Any], p: Mapping[str, np.ndarray], x: np.ndarray, cache: Any, gy: np.ndarray
    ) -> tuple[np.ndarray, Arrays]:
        raise NotImplementedError

    def weight_grads(
        self, cfg: Mapping[str, Any], p: Mapping[str, np.ndarray], x: np.ndarray, cache: Any, gy: np.ndarray
    ) -> Arrays:
        """The parameters' gradients alone, as ``backward`` gives them (a first layer's: nothing
        needs its input gradient); layers with a cheaper way override it."""
        return self.backward(cfg, p, x, cache, gy)[1]


def _weights(grads: tuple[np.ndarray, np.ndarray, np.ndarray | None]) -> tuple[np.ndarray, Arrays]:
    gx, gw, gb = grads
    return gx, ({"weight": gw} if gb is None else {"weight": gw, "bias": gb})


class Conv(Layer):
    fields: ClassVar[dict[str, Any]] = {
        "filters": REQUIRED,
        "kernel": REQUIRED,
        "stride": 1,
        "padding": 0,
        "dilation": 1,
        "bias": True,
    }
    pairs = ("kernel", "stride", "padding", "dilation")
    noun = "convolution"
    out_rank = 3
    needs_maps = True

    def _out_shape(self, cfg: Mapping[str, Any], shape: Shape, seen: str) -> Shape:
        (kh, kw), (sh, sw), (ph, pw), (dh, dw) = (cfg[k] for k in self.pairs)
        H, W = shape[1:]
        eh, ew = dh * (kh - 1) + 1, dw * (kw - 1) + 1
        if eh > H + 2 * ph or ew > W + 2 * pw:
            need = (max(ph, math.ceil((eh - H) / 2)), max(pw, math.ceil((ew - W) / 2)))
            spread = "" if (dh, dw) == (1, 1) else f" (dilated to {eh}x{ew})"
            padded = "" if (ph, pw) == (0, 0) else f" with padding {_pair_text((ph, pw))}"
            raise ShapeError(
                f"a {kh}x{kw} filter{spread} does not fit {seen}{padded}; "
                f"use padding {_pair_text(need)} or a smaller filter"
            )
        return (cfg["filters"], (H + 2 * ph - eh) // sh + 1, (W + 2 * pw - ew) // sw + 1)

    def param_shapes(self, cfg: Mapping[str, Any], shape: Shape) -> dict[str, Shape]:
        weight = (cfg["filters"], shape[0], *cfg["kernel"])
        return {"weight": weight, "bias": (cfg["filters"],)} if cfg["bias"] else {"weight": weight}

    def fan_in(self, cfg: Mapping[str, Any], shape: Shape) -> int:
        return int(shape[0] * math.prod(cfg["kernel"]))

    def _geometry(self, cfg: Mapping[str, Any]) -> dict[str, Any]:
        return {"stride": cfg["stride"], "padding": cfg["padding"], "dilation": cfg["dilation"]}

    def forward(
        self, cfg: Mapping[str, Any], p: Mapping[str, np.ndarray], x: np.ndarray, stats: Stats
    ) -> tuple[np.ndarray, Any]:
        return ops.conv2d_forward(x, p["weight"], p.get("bias"), **self._geometry(cfg)), None

    def backward(
        self, cfg: Mapping[str, Any], p: Mapping[str, np.ndarray], x: np.ndarray, cache: Any, gy: np.ndarray
    ) -> tuple[np.ndarray, Arrays]:
        return _weights(ops.conv2d_backward(x, p["weight"], gy, bias=cfg["bias"], **self._geometry(cfg)))

    def weight_grads(
        self, cfg: Mapping[str, Any], p: Mapping[str, np.ndarray], x: np.ndarray, cache: Any, gy: np.ndarray
    ) -> Arrays:
        gw, gb = ops.conv2d_weight_grad(x, p["weight"], gy, bias=cfg["bias"], **self._geometry(cfg))
        return {"weight": gw} if gb is None else {"weight": gw, "bias": gb}


class ConvTranspose(Layer):
    fields: ClassVar[dict[str, Any]] = {
        "filters": REQUIRED,
        "kernel": REQUIRED,
        "stride": 1,
        "padding": 0,
        "output_padding": 0,
        "bias": True,
    }
    pairs = ("kernel", "stride", "padding", "output_padding")
    noun = "transposed convolution"
    out_rank = 3
    needs_maps = True

    def _out_shape(self, cfg: Mapping[str, Any], shape: Shape, seen: str) -> Shape:
        (kh, kw), (sh, sw), (ph, pw), (oh, ow) = (cfg[k] for k in self.pairs)
        if oh >= sh or ow >= sw:
            raise ShapeError(
                f"output_padding {_pair_text((oh, ow))} must be smaller than the stride "
                f"{_pair_text((sh, sw))}; use output_padding {_pair_text((min(oh, sh - 1), min(ow, sw - 1)))}"
            )
        H, W = shape[1:]
        Ho = transpose_ops.conv_transpose_size(H, kh, sh, ph, oh)
        Wo = transpose_ops.conv_transpose_size(W, kw, sw, pw, ow)
        if Ho < 1 or Wo < 1:
            most = (((H - 1) * sh + kh + oh - 1) // 2, ((W - 1) * sw + kw + ow - 1) // 2)
            raise ShapeError(
                f"padding {_pair_text((ph, pw))} leaves no output from {seen}; "
                f"use padding {_pair_text(most)} or less"
            )
        return (cfg["filters"], Ho, Wo)

    def param_shapes(self, cfg: Mapping[str, Any], shape: Shape) -> dict[str, Shape]:
        weight = (shape[0], cfg["filters"], *cfg["kernel"])
        return {"weight": weight, "bias": (cfg["filters"],)} if cfg["bias"] else {"weight": weight}

    def fan_in(self, cfg: Mapping[str, Any], shape: Shape) -> int:
        # PyTorch counts a (C_in, F, kh, kw) weight's fan-in along its second axis.
        return int(cfg["filters"] * math.prod(cfg["kernel"]))

    def _geometry(self, cfg: Mapping[str, Any]) -> dict[str, Any]:
        return {"stride": cfg["stride"], "padding": cfg["padding"], "output_padding": cfg["output_padding"]}

    def forward(
        self, cfg: Mapping[str, Any], p: Mapping[str, np.ndarray], x: np.ndarray, stats: Stats
    ) -> tuple[np.ndarray, Any]:
        return transpose_ops.conv_transpose2d_forward(
            x, p["weight"], p.get("bias"), **self._geometry(cfg)
        ), None

    def backward(
        self, cfg: Mapping[str, Any], p: Mapping[str, np.ndarray], x: np.ndarray, cache: Any, gy: np.ndarray
    ) -> tuple[np.ndarray, Arrays]:
        grads = transpose_ops.conv_transpose2d_backward(
            x, p["weight"], gy, bias=cfg["bias"], **self._geometry(cfg)
        )
        return _weights(grads)


class Activation(Layer):
    """An elementwise activation: an op pair applied to any shape, with no parameters."""

    def __init__(
        self,
        noun: str,
        forward: Callable[[np.ndarray], np.ndarray],
        backward: Callable[[np.ndarray, np.ndarray], np.ndarray],
    ) -> None:
        self.noun = noun
        self._forward = forward
        self._backward = backward

    def forward(
        self, cfg: Mapping[str, Any], p: Mapping[str, np.ndarray], x: np.ndarray, stats: Stats
    ) -> tuple[np.ndarray, Any]:
        return self._forward(x), None

    def backward(
        self, cfg: Mapping[str, Any], p: Mapping[str, np.ndarray], x: np.ndarray, cache: Any, gy: np.ndarray
    ) -> tuple[np.ndarray, Arrays]:
        return self._backward(x, gy), {}


class Pool(Layer):
    fields: ClassVar[dict[str, Any]] = {"size": REQUIRED, "stride": SAME_AS_SIZE}
    pairs = ("size", "stride")
    noun = "pooling"
    out_rank = 3
    needs_maps = True

    def _out_shape(self, cfg: Mapping[str, Any], shape: Shape, seen: str) -> Shape:
        (ph, pw), (sh, sw) = cfg["size"], cfg["stride"]
        C, H, W = shape
        if ph > H or pw > W:
            raise ShapeError(
                f"a {ph}x{pw} window does not fit {seen}; use a window of at most {min(ph, H)}x{min(pw, W)}"
            )
        return (C, (H - ph) // sh + 1, (W - pw) // sw + 1)


class MaxPool(Pool):
    def forward(
        self, cfg: Mapping[str, Any], p: Mapping[str, np.ndarray], x: np.ndarray, stats: Stats
    ) -> tuple[np.ndarray, Any]:
        if cfg["stride"] == cfg["size"]:
            y = pool_tiles.max_pool_tiles_forward(x, cfg["size"])
            return y, y
        return ops.max_pool2d_forward(x, size=cfg["size"], stride=cfg["stride"]), None

    def backward(
        self, cfg: Mapping[str, Any], p: Mapping[str, np.ndarray], x: np.ndarray, cache: Any, gy: np.ndarray
    ) -> tuple[np.ndarray, Arrays]:
        if cache is not None:
            return pool_tiles.max_pool_tiles_backward(x, cfg["size"], cache, gy), {}
        return ops.max_pool2d_backward(x, gy, size=cfg["size"], stride=cfg["stride"]), {}


class AvgPool(Pool):
    def forward(
        self, cfg: Mapping[str, Any], p: Mapping[str, np.ndarray], x: np.ndarray, stats: Stats
    ) -> tuple[np.ndarray, Any]:
        return ops.avg_pool2d_forward(x, size=cfg["size"], stride=cfg["stride"]), None

    def backward(
        self, cfg: Mapping[str, Any], p: Mapping[str, np.ndarray], x: np.ndarray, cache: Any, gy: np.ndarray
    ) -> tuple[np.ndarray, Arrays]:
        return ops.avg_pool2d_backward(x, gy, size=cfg["size"], stride=cfg["stride"]), {}


class GlobalAvgPool(Layer):
    noun = "global average pooling"
    out_rank = 1
    needs_maps = True

    def _out_shape(self, cfg: Mapping[str, Any], shape: Shape, seen: str) -> Shape:
        return (shape[0],)

    def forward(
        self, cfg: Mapping[str, Any], p: Mapping[str, np.ndarray], x: np.ndarray, stats: Stats
    ) -> tuple[np.ndarray, Any]:
        return ops.global_avg_pool_forward(x), None

    def backward(
        self, cfg: Mapping[str, Any], p: Mapping[str, np.ndarray], x: np.ndarray, cache: Any, gy: np.ndarray
    ) -> tuple[np.ndarray, Arrays]:
        return ops.global_avg_pool_backward(x, gy), {}


class BatchNorm(Layer):
    fields: ClassVar[dict[str, Any]] = {"eps": 1e-5, "momentum": 0.1}
    noun = "batch norm"

    def param_shapes(self, cfg: Mapping[str, Any], shape: Shape) -> dict[str, Shape]:
        return {"weight": (shape[0],), "bias": (shape[0],)}

    def forward(
        self, cfg: Mapping[str, Any], p: Mapping[str, np.ndarray], x: np.ndarray, stats: Stats
    ) -> tuple[np.ndarray, Any]:
        if stats is None:
            y, mean, var = norm_ops.batch_norm_forward(x, p["weight"], p["bias"], eps=cfg["eps"])
            return y, (mean, var)
        mean, var = stats
        scale = p["weight"] / np.sqrt(var + cfg["eps"])
        shift = p["bias"] - mean * scale
        if x.ndim == 4:
            return x * scale.reshape(1, -1, 1, 1) + shift.reshape(1, -1, 1, 1), None
        return x * scale + shift, None

    def backward(
        self, cfg: Mapping[str, Any], p: Mapping[str, np.ndarray], x: np.ndarray, cache: Any, gy: np.ndarray
    ) -> tuple[np.ndarray, Arrays]:
        gx, gg, gb = norm_ops.batch_norm_backward(x, p["weight"], gy, eps=cfg["eps"])
        return gx, {"weight": gg, "bias": gb}


class Flatten(Layer):
    noun = "flatten"
    out_rank = 1

    def _out_shape(self, cfg: Mapping[str, Any], shape: Shape, seen: str) -> Shape:
        return (math.prod(shape),)

    def forward(
        self, cfg: Mapping[str, Any], p: Mapping[str, np.ndarray], x: np.ndarray, stats: Stats
    ) -> tuple[np.ndarray, Any]:
        return x.reshape(x.shape[0], -1), None

    def backward(
        self, cfg: Mapping[str, Any], p: Mapping[str, np.ndarray], x: np.ndarray, cache: Any, gy: np.ndarray
    ) -> tuple[np.ndarray, Arrays]:
        return gy.reshape(x.shape), {}


class Dense(Layer):
    fields: ClassVar[dict[str, Any]] = {"units": REQUIRED, "bias": True}
    noun = "dense layer"
    out_rank = 1

    def _out_shape(self, cfg: Mapping[str, Any], shape: Shape, seen: str) -> Shape:
        if len(shape) != 1:
            raise ShapeError(
                f"takes features (N, in) but gets {seen}; put a flatten or global_avg_pool layer before it"
            )
        return (cfg["units"],)

    def param_shapes(self, cfg: Mapping[str, Any], shape: Shape) -> dict[str, Shape]:
        weight = (cfg["units"], shape[0])
        return {"weight": weight, "bias": (cfg["units"],)} if cfg["bias"] else {"weight": weight}

    def fan_in(self, cfg: Mapping[str, Any], shape: Shape) -> int:
        return shape[0]

    def forward(
        self, cfg: Mapping[str, Any], p: Mapping[str, np.ndarray], x: np.ndarray, stats: Stats
    ) -> tuple[np.ndarray, Any]:
        return ops.linear_forward(x, p["weight"], p.get("bias")), None

    def backward(
        self, cfg: Mapping[str, Any], p: Mapping[str, np.ndarray], x: np.ndarray, cache: Any, gy: np.ndarray
    ) -> tuple[np.ndarray, Arrays]:
        return _weights(ops.linear_backward(x, p["weight"], gy, bias=cfg["bias"]))


#: Every layer type by the name a network gives it.
TYPES: dict[str, Layer] = {
    "conv": Conv(),
    "conv_transpose": ConvTranspose(),
    "relu": Activation("ReLU", ops.relu_forward, ops.relu_backward),
    "sigmoid": Activation("sigmoid", ops.sigmoid_forward, ops.sigmoid_backward),
    "tanh": Activation("tanh", ops.tanh_forward, ops.tanh_backward),
    "max_pool": MaxPool(),
    "avg_pool": AvgPool(),
    "global_avg_pool": GlobalAvgPool(),
    "batch_norm": BatchNorm(),
    "flatten": Flatten(),
    "dense": Dense(),
}
