"""The student's own idea, measured: nudge one weight, rerun the data, and compare with backprop.

Central finite differences, ``(L(w + eps) - L(w - eps)) / 2eps``, estimate ``dL/dw`` with an error of
order eps^2 (plus rounding of order 1e-16 * L / eps). Each weight costs two forward passes over the
whole batch; backprop gets every weight's gradient from one forward and one backward pass. For the
worked example's 4 weights that is 8 forward passes against 1 + 1; for 8 filters of 3x3 it is 144.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from dataclasses import dataclass

import numpy as np

from convstudio.engine.model import Arrays, Spec, backward, check_data, check_params, forward

#: The default nudge: small enough for a tiny eps^2 error, large enough that rounding stays far below it.
EPS = 1e-5


@dataclass(frozen=True)
class Nudge:
    """One weight nudged both ways: the two losses, their slope, and backprop's answer."""

    tensor: str
    index: tuple[int, ...]
    eps: float
    loss_plus: float
    loss_minus: float
    backprop: float

    @property
    def numeric(self) -> float:
        return (self.loss_plus - self.loss_minus) / (2 * self.eps)

    @property
    def abs_error(self) -> float:
        return abs(self.numeric - self.backprop)

    @property
    def rel_error(self) -> float:
        """|numeric - backprop| / max(|numeric|, |backprop|); 0 when both are exactly 0."""
        scale = max(abs(self.numeric), abs(self.backprop))
        return self.abs_error / scale if scale else 0.0

    @property
    def agreeing_digits(self) -> int:
        """How many leading significant digits the two agree on (0 to 15).

        Two values both below 1e-8 in size count as agreeing to the digits their difference allows
        relative to that floor: a zero gradient and a nudge that moved the loss by rounding only."""
        scale = max(abs(self.numeric), abs(self.backprop), 1e-8)
        if self.abs_error == 0:
            return 15
        return int(min(15, max(0, math.floor(-math.log10(self.abs_error / scale)))))


@dataclass(frozen=True)
class Check:
    """Every nudge of one check and what it cost."""

    nudges: tuple[Nudge, ...]
    batch: int

    @property
    def forward_passes(self) -> int:
        """Forward passes over the whole batch that finite differences needed: two per weight."""
        return 2 * len(self.nudges)

    #: Backprop's cost for all of them: one forward and one backward pass.
    backprop_passes = (1, 1)

    @property
    def worst(self) -> Nudge:
        return max(self.nudges, key=lambda n: n.rel_error)

    @property
    def min_digits(self) -> int:
        return min(n.agreeing_digits for n in self.nudges)


def loss(spec: Spec, params: Mapping[str, np.ndarray], x: np.ndarray, target: np.ndarray) -> float:
    """One forward pass over the data: the loss."""
    with np.errstate(over="ignore", invalid="ignore"):
        return float(forward(spec, params, x, target)["L"])


def gradients(spec: Spec, params: Mapping[str, np.ndarray], x: np.ndarray, target: np.ndarray) -> Arrays:
    """Backprop: dL/d(every parameter) from one forward and one backward pass."""
    return backward(spec, forward(spec, params, x, target))


def nudge(
    spec: Spec,
    params: Mapping[str, np.ndarray],
    x: np.ndarray,
    target: np.ndarray,
    tensor: str,
    index: tuple[int, ...],
    *,
    eps: float = EPS,
    grads: Mapping[str, np.ndarray] | None = None,
) -> Nudge:
    """Nudge ``params[tensor][index]`` by +eps and -eps, rerun the data each time, compare with backprop."""
    if not eps > 0 or not math.isfinite(eps):
        raise ValueError("the nudge eps must be a positive number")
    params = check_params(spec, params)
    x, target = check_data(spec, x, target)
    if tensor not in params:
        raise ValueError(f"there is no parameter {tensor}; the parameters are {', '.join(params)}")
    shape = params[tensor].shape
    if len(index) != len(shape) or not all(0 <= i < n for i, n in zip(index, shape, strict=True)):
        raise ValueError(f"{tensor} has shape {shape}; index {index} is outside it")
    losses = []
    for sign in (1, -1):
        moved = dict(params)
        moved[tensor] = params[tensor].copy()
        moved[tensor][index] += sign * eps
        losses.append(loss(spec, moved, x, target))
    grads = grads if grads is not None else gradients(spec, params, x, target)
    return Nudge(tensor, tuple(index), eps, losses[0], losses[1], float(grads["d" + tensor][index]))


def check(
    spec: Spec,
    params: Mapping[str, np.ndarray],
    x: np.ndarray,
    target: np.ndarray,
    *,
    eps: float = EPS,
    tensors: tuple[str, ...] | None = None,
) -> Check:
    """Nudge every weight of ``tensors`` (default: all parameters), one at a time."""
    params = check_params(spec, params)
    x, target = check_data(spec, x, target)
    grads = gradients(spec, params, x, target)
    chosen = tensors if tensors is not None else tuple(params)
    return Check(
        tuple(
            nudge(spec, params, x, target, name, index, eps=eps, grads=grads)
            for name in chosen
            for index in _indices(params[name].shape)
        ),
        spec.batch,
    )


def _indices(shape: tuple[int, ...]) -> Iterator[tuple[int, ...]]:
    yield from (tuple(int(i) for i in idx) for idx in np.ndindex(*shape))
