"""The ops' argument checks: pairs, real arrays and size limits, refused in sentences a student can act on."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from convstudio.engine.quoting import brief

Pair = int | tuple[int, int]
_F64 = np.dtype(np.float64)  # a dtype object: np.asarray checks it faster than the type


#: The most values one array an op makes may hold (2 GiB of float64): a padding or a size that asks
#: for more is refused before anything is allocated.
MAX_VALUES = 1 << 28


def whole(v: object) -> bool:
    """Whether ``v`` is an int (NumPy's too), and not a bool."""
    return isinstance(v, (int, np.integer)) and not isinstance(v, (bool, np.bool_))


def pair(value: Pair, name: str, *, minimum: int) -> tuple[int, int]:
    """An int or a (rows, cols) pair of ints as a checked pair of ints >= minimum (no bools,
    floats or text: 1.5 or "22" is a mistake to report, not a number to round)."""
    if isinstance(value, (int, np.integer)) and whole(value):
        rows = cols = int(value)
    elif isinstance(value, (tuple, list)) and len(value) == 2 and all(whole(v) for v in value):
        rows, cols = (int(v) for v in value)
    else:
        raise ValueError(f"{name} must be a whole number or a (rows, cols) pair of them, not {brief(value)}")
    if rows < minimum or cols < minimum:
        raise ValueError(f"{name} must be at least {minimum}, not {brief(value)}")
    return rows, cols


def brief_number(a: np.ndarray) -> str:
    """The value of ``a`` furthest from zero, in a few characters, for a message."""
    flat = a.ravel()
    return f"{flat[np.argmax(np.abs(flat))]:.6g}"


def real(x: object, name: str) -> np.ndarray:
    """``x`` as float64, if it holds real numbers (ints or floats); complex, bool, object (None,
    ints too large for a float) and text are refused: the ops compute only what they can exactly."""
    a = np.asarray(x)
    if a.dtype.kind not in "iuf":
        kind = {"c": "complex", "b": "true/false", "O": "Python object", "U": "text", "S": "bytes"}
        raise ValueError(
            f"{name} must hold real numbers (ints or floats), not {kind.get(a.dtype.kind, str(a.dtype))} "
            "values"
        )
    out = a.astype(_F64, copy=False)
    if a.dtype.kind in "iu" and not np.isfinite(out).all():
        raise ValueError(f"{name} holds whole numbers too large for a float")
    return out


def bounded(values: int, what: str) -> None:
    """Refuse, in a sentence, an array of more than MAX_VALUES values before it is made."""
    if values > MAX_VALUES:
        raise ValueError(
            f"{what} would hold {values:,} values ({values * 8 / 2**30:,.1f} GiB); the most is "
            f"{MAX_VALUES:,}: use less padding or a smaller image"
        )


def add_filter_bias(y: np.ndarray, b: object) -> None:
    """Add a bias of one value per filter to maps ``y`` (N, F, Ho, Wo) in place, once it fits."""
    b = array(b, 1, "the bias", "(F,)")
    if b.shape[0] != y.shape[1]:
        raise ValueError(f"the bias has {b.shape[0]} value(s) but there are {y.shape[1]} filter(s)")
    y += b.reshape(1, -1, 1, 1)


def array(x: object, ndim: int, name: str, layout: str) -> np.ndarray:
    """``x`` as real float64 with ``ndim`` dimensions, or a ValueError naming ``layout``."""
    a = real(x, name)
    if a.ndim != ndim:
        raise ValueError(f"{name} must have shape {layout}, got an array of shape {a.shape}")
    return a


def param_cell(shapes: Mapping[str, tuple[int, ...]], key: str, index: Sequence[int]) -> tuple[int, ...]:
    """``index`` as whole numbers, once it is a cell of the parameter ``key`` of ``shapes``, or a
    ValueError naming the parameters or the shape."""
    if key not in shapes:
        raise ValueError(f"there is no parameter {key}; the parameters are {', '.join(shapes)}")
    shape = shapes[key]
    cell = tuple(int(i) for i in index)
    if len(cell) != len(shape) or not all(0 <= i < n for i, n in zip(cell, shape, strict=True)):
        raise ValueError(f"{key} has shape {shape}; index {cell} is outside it")
    return cell


def checked_grad(grad_y: np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """``grad_y`` as float64, checked to have the output's ``shape``."""
    gy = real(grad_y, "the output gradient")
    if gy.shape != shape:
        raise ValueError(f"the output gradient must have shape {shape}, not {gy.shape}")
    return gy
