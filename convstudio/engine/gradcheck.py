"""The student's own idea, measured: nudge one weight, rerun the data, and compare with backprop.

Central finite differences, ``(L(w + eps) - L(w - eps)) / 2eps``, estimate ``dL/dw`` with an error of
order eps^2 (plus rounding of order 1e-16 * L / eps). Each weight costs two forward passes over the
whole batch; backprop gets every weight's gradient from one forward and one backward pass. For the
worked example's 4 weights that is 8 forward passes against 1 + 1; for 8 filters of 3x3 it is 144.

The choice of eps is a trade: too large and the slope is that of a chord, not the tangent
(truncation error, falling as eps^2); too small and the two losses differ only in their last bits
(rounding error, growing as 1/eps). ``sweep`` nudges one weight by every eps of ``EPS_STEPS`` to show
both, with the one-sided slope ``(L(w + eps) - L(w)) / eps`` beside it, whose truncation error falls
only as eps. A loss that is quadratic in the weight (the worked example's is) has no truncation
error in the central slope at all: a parabola's chords are parallel to its tangent at the middle.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

import numpy as np

from convstudio.engine.arguments import param_cell
from convstudio.engine.model import Arrays, backward, check_data, check_params, forward
from convstudio.engine.spec import Spec

#: The default nudge: small enough for a tiny eps^2 error, large enough that rounding stays far below it.
EPS = 1e-5
#: The nudges a student can choose, in decades: from a chord across the curve down to rounding noise.
EPS_STEPS = tuple(10.0**-k for k in range(1, 13))
#: Backprop quicker than this (seconds) is timed again: a first run also pays for warming caches.
QUICK = 0.05


#: Below this size a gradient is counted as zero give or take rounding: digits are compared to it.
TINY = 1e-8


@dataclass(frozen=True)
class Nudge:
    """One weight nudged both ways: the two losses, their slope, and backprop's answer."""

    tensor: str
    index: tuple[int, ...]
    eps: float
    loss_plus: float
    loss_minus: float
    backprop: float
    loss: float | None = None  # L(w) itself, when the one-sided slope is wanted

    @property
    def numeric(self) -> float:
        return (self.loss_plus - self.loss_minus) / (2 * self.eps)

    @property
    def one_sided(self) -> float:
        """(L(w + eps) - L(w)) / eps: NaN unless L(w) was measured."""
        return math.nan if self.loss is None else (self.loss_plus - self.loss) / self.eps

    @property
    def abs_error(self) -> float:
        return abs(self.numeric - self.backprop)

    @property
    def rel_error(self) -> float:
        """|numeric - backprop| / max(|numeric|, |backprop|); 0 when both are exactly 0, infinite
        when either is not a finite number (a loss that overflowed)."""
        if not math.isfinite(self.abs_error):
            return math.inf
        scale = max(abs(self.numeric), abs(self.backprop))
        return self.abs_error / scale if scale else 0.0

    @property
    def agreeing_digits(self) -> int:
        """How many leading significant digits the two agree on (0 to 15).

        Two values both below 1e-8 in size count as agreeing to the digits their difference allows
        relative to that floor: a zero gradient and a nudge that moved the loss by rounding only."""
        if not math.isfinite(self.abs_error):
            return 0
        if self.abs_error == 0:
            return 15
        return int(min(15, max(0, math.floor(-math.log10(self.compared_error)))))

    @property
    def tiny(self) -> bool:
        """Whether both values are below TINY, where digits are counted against TINY itself."""
        return max(abs(self.numeric), abs(self.backprop)) < TINY

    @property
    def compared_error(self) -> float:
        """The difference the agreeing digits count: relative to the larger value, or to TINY when
        both are smaller (a relative difference of two rounding noises says nothing)."""
        return self.abs_error / max(abs(self.numeric), abs(self.backprop), TINY)


@dataclass(frozen=True)
class Check:
    """Every nudge of one check and what it cost."""

    nudges: tuple[Nudge, ...]
    batch: int
    seconds: float = 0.0  # measured: every nudge's two forward passes
    backprop_seconds: float = 0.0  # measured: the one forward and one backward pass

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
    return timed_gradients(spec, params, x, target)[0]


def timed_gradients(
    spec: Spec, params: Mapping[str, np.ndarray], x: np.ndarray, target: np.ndarray, *, repeat: int = 1
) -> tuple[Arrays, float, float]:
    """Backprop's gradients, and the seconds its forward and its backward pass took: the quickest
    of ``repeat`` runs, as timing tools report (a first run also pays for warming caches)."""
    best = (math.inf, math.inf)
    with np.errstate(over="ignore", invalid="ignore"):
        for _ in range(max(1, repeat)):
            started = time.perf_counter()
            values = forward(spec, params, x, target)
            forward_done = time.perf_counter()
            grads = backward(spec, values)
            took = (forward_done - started, time.perf_counter() - forward_done)
            best = min(best, took, key=sum)
    return grads, best[0], best[1]


def timed_backprop(
    spec: Spec, params: Mapping[str, np.ndarray], x: np.ndarray, target: np.ndarray
) -> tuple[Arrays, float]:
    """Backprop's gradients and the seconds one forward and one backward pass took. A network
    quicker than QUICK seconds is timed twice more and the quickest run kept, as timing tools do."""
    grads, forward_s, backward_s = timed_gradients(spec, params, x, target)
    seconds = forward_s + backward_s
    if seconds < QUICK:
        _, forward_s, backward_s = timed_gradients(spec, params, x, target, repeat=2)
        seconds = min(seconds, forward_s + backward_s)
    return grads, seconds


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
    unmoved: float | None = None,
) -> Nudge:
    """Nudge ``params[tensor][index]`` by +eps and -eps, rerun the data each time, compare with backprop.

    ``unmoved`` is L(w) if the caller measured it (it is kept for the one-sided slope)."""
    check_eps(eps)
    params, x, target, cell, grads = _prepared(spec, params, x, target, tensor, index, grads)
    return _nudge(spec, params, x, target, tensor, cell, eps, grads, unmoved)


def _prepared(
    spec: Spec,
    params: Mapping[str, np.ndarray],
    x: np.ndarray,
    target: np.ndarray,
    tensor: str,
    index: tuple[int, ...],
    grads: Mapping[str, np.ndarray] | None,
) -> tuple[Arrays, np.ndarray, np.ndarray, tuple[int, ...], Mapping[str, np.ndarray]]:
    """The checked parameters, data and cell of one nudged weight, and backprop's gradients."""
    params = check_params(spec, params)
    x, target = check_data(spec, x, target)
    cell = check_index(params, tensor, index)
    return params, x, target, cell, grads if grads is not None else gradients(spec, params, x, target)


def _nudge(
    spec: Spec,
    params: Mapping[str, np.ndarray],
    x: np.ndarray,
    target: np.ndarray,
    tensor: str,
    index: tuple[int, ...],
    eps: float,
    grads: Mapping[str, np.ndarray],
    unmoved: float | None = None,
) -> Nudge:
    """``nudge`` on checked arguments."""
    plus, minus = both_ways(lambda moved: loss(spec, moved, x, target), params, tensor, index, eps)
    return Nudge(tensor, index, eps, plus, minus, float(grads["d" + tensor][index]), unmoved)


def both_ways(
    loss_of: Callable[[dict[str, np.ndarray]], float],
    params: Mapping[str, np.ndarray],
    key: str,
    index: tuple[int, ...],
    eps: float,
) -> tuple[float, float]:
    """The loss with ``params[key][index]`` moved by +eps and by -eps (``params`` untouched)."""
    losses = []
    for sign in (1, -1):
        moved = dict(params)
        moved[key] = params[key].copy()
        moved[key][index] += sign * eps
        losses.append(loss_of(moved))
    return losses[0], losses[1]


def check_eps(eps: float) -> None:
    """A ValueError unless ``eps`` is a positive finite nudge."""
    if not eps > 0 or not math.isfinite(eps):
        raise ValueError(f"the nudge eps must be a positive number like 1e-5, not {eps}")


def check_keys(params: Mapping[str, np.ndarray], keys: tuple[str, ...] | None) -> tuple[str, ...]:
    """``keys`` (None: every parameter), each a parameter of ``params``, or a ValueError."""
    chosen = keys if keys is not None else tuple(params)
    for key in chosen:
        if key not in params:
            raise ValueError(f"there is no parameter {key}; the parameters are {', '.join(params)}")
    return chosen


def check_index(params: Mapping[str, np.ndarray], key: str, index: tuple[int, ...]) -> tuple[int, ...]:
    """``index`` as whole numbers, once it is a cell of ``params[key]``, or a ValueError."""
    return param_cell({name: value.shape for name, value in params.items()}, key, index)


def sweep(
    spec: Spec,
    params: Mapping[str, np.ndarray],
    x: np.ndarray,
    target: np.ndarray,
    tensor: str,
    index: tuple[int, ...],
    eps_values: tuple[float, ...] = EPS_STEPS,
    *,
    grads: Mapping[str, np.ndarray] | None = None,
) -> Iterator[Nudge]:
    """The same weight nudged by each eps in turn (lazily: two forward passes each, after one for
    L(w)), each Nudge holding L(w) so its one-sided slope can be compared too."""
    for eps in eps_values:
        check_eps(eps)
    params, x, target, cell, grads = _prepared(spec, params, x, target, tensor, index, grads)
    unmoved = loss(spec, params, x, target)
    for eps in eps_values:
        yield _nudge(spec, params, x, target, tensor, cell, eps, grads, unmoved)


def chord_is_exact(nudges: list[Nudge], tolerance: float = 1e-8) -> bool:
    """Whether the central slope of the largest nudge already agrees with backprop to
    ``tolerance`` (relative): the loss is a parabola in this weight (or so close to one that no
    truncation error shows), so no ε is too large."""
    finite = [n for n in nudges if math.isfinite(n.abs_error)]
    if not finite:
        return False
    largest = max(finite, key=lambda n: n.eps)
    return largest.abs_error <= tolerance * max(abs(largest.backprop), abs(largest.numeric), 1e-300)


def check(
    spec: Spec,
    params: Mapping[str, np.ndarray],
    x: np.ndarray,
    target: np.ndarray,
    *,
    eps: float = EPS,
    tensors: tuple[str, ...] | None = None,
) -> Check:
    """Nudge every weight of ``tensors`` (default: all parameters), one at a time, timing both ways."""
    params = check_params(spec, params)
    x, target = check_data(spec, x, target)
    grads, forward_seconds, backward_seconds = timed_gradients(spec, params, x, target, repeat=3)
    started = time.perf_counter()
    done = tuple(nudges(spec, params, x, target, eps=eps, tensors=tensors, grads=grads))
    return Check(done, spec.batch, time.perf_counter() - started, forward_seconds + backward_seconds)


def nudges(
    spec: Spec,
    params: Mapping[str, np.ndarray],
    x: np.ndarray,
    target: np.ndarray,
    *,
    eps: float = EPS,
    tensors: tuple[str, ...] | None = None,
    grads: Mapping[str, np.ndarray] | None = None,
) -> Iterator[Nudge]:
    """Every weight of ``tensors`` (default: all parameters) nudged in turn, lazily, so a caller
    can show each as it comes and stop at any weight."""
    check_eps(eps)
    params = check_params(spec, params)
    x, target = check_data(spec, x, target)
    chosen = check_keys(params, tensors)
    grads = grads if grads is not None else gradients(spec, params, x, target)
    for name in chosen:
        for index in _indices(params[name].shape):
            yield _nudge(spec, params, x, target, name, index, eps, grads)


def timed(stream: Iterator[Nudge]) -> Iterator[tuple[Nudge, float]]:
    """Each nudge of ``stream`` (from ``nudges``) with the seconds its two forward passes took: what
    a check costs, weight by weight, for a caller that shows the rows as they come."""
    while True:
        started = time.perf_counter()
        n = next(stream, None)
        if n is None:
            return
        yield n, time.perf_counter() - started


def count(spec: Spec, tensors: tuple[str, ...] | None = None) -> int:
    """How many weights ``check`` would nudge (each costs two forward passes)."""
    shapes = spec.param_shapes()
    return sum(math.prod(shapes[name]) for name in (tensors if tensors is not None else tuple(shapes)))


def _indices(shape: tuple[int, ...]) -> Iterator[tuple[int, ...]]:
    yield from (tuple(int(i) for i in idx) for idx in np.ndindex(*shape))
