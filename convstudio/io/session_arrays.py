"""How a session file holds arrays and whole numbers: IEEE 754 bytes in base64 (or, in format 1
and by hand, lists of numbers), read back bit for bit and checked; every problem a sentence."""

from __future__ import annotations

import base64
import binascii
import math
import uuid
from typing import Any

import numpy as np

from convstudio.engine.quoting import brief, quoted

#: The largest session file that is opened. The largest network, its weights and two million
#: losses take about 35 MB; saving leaves out old weights to stay below this.
MAX_BYTES = 40_000_000
LITTLE = np.dtype("<f8")


class SessionFileError(ValueError):
    """A session file that cannot be opened; the current session stays as it was."""


class Bytes(str):
    """Where an array's base64 goes in the JSON text: written in slices when the file is (a
    string of 10 MB would be encoded in one call that keeps the interpreter from the event loop)."""

    array: np.ndarray

    def __new__(cls, array: np.ndarray) -> Bytes:
        mark = super().__new__(cls, f"@{uuid.uuid4().hex}@")
        mark.array = array
        return mark


def array(a: np.ndarray, lazy: bool = False) -> dict[str, Any]:
    a = np.asarray(a, dtype=LITTLE)
    data = Bytes(a) if lazy else base64.b64encode(np.ascontiguousarray(a).tobytes()).decode()
    return {"shape": list(a.shape), "float64": data}


def arrays(d: dict[str, np.ndarray], lazy: bool = False) -> dict[str, Any]:
    return {k: array(v, lazy) for k, v in d.items()}


def load_array(value: Any, what: str) -> np.ndarray:
    """An array written as base64 float64 bytes, or (format 1, or by hand) as a list of numbers."""
    if not isinstance(value, dict) or set(value) not in ({"shape", "float64"}, {"shape", "data"}):
        raise SessionFileError(f"{what} must be an array with shape and float64 (or data)")
    shape = value["shape"]
    if (
        not isinstance(shape, list)
        or len(shape) > 4
        or not all(isinstance(n, int) and not isinstance(n, bool) and 0 <= n <= MAX_BYTES for n in shape)
    ):
        raise SessionFileError(f"{what} must have a shape of at most 4 whole numbers from 0 to {MAX_BYTES:,}")
    count = math.prod(shape)
    if "float64" in value:
        try:
            raw = base64.b64decode(value["float64"], validate=True)
        except (TypeError, ValueError, binascii.Error):
            raise SessionFileError(f"{what} is not base64 text") from None
        if len(raw) != 8 * count:
            raise SessionFileError(f"{what} must hold {count} values, not {len(raw) / 8:g}")
        out = np.frombuffer(raw, dtype=LITTLE).astype(np.float64).reshape(shape)
    else:
        data = value["data"]
        if not isinstance(data, list) or len(data) != count:
            raise SessionFileError(f"{what} must hold {count} values")
        try:
            values = [float.fromhex(v) if isinstance(v, str) else number(v) for v in data]
        except (ValueError, TypeError, OverflowError):
            raise SessionFileError(f"{what} holds something that is not a number") from None
        out = np.array(values, dtype=np.float64).reshape(shape)
    if not np.isfinite(out).all():
        raise SessionFileError(f"{what} holds NaN or infinite values")
    return out


def number(v: Any) -> float:
    if isinstance(v, bool) or not isinstance(v, int | float):
        raise TypeError
    return float(v)


def load_arrays(value: Any, what: str) -> dict[str, np.ndarray]:
    if not isinstance(value, dict):
        raise SessionFileError(f"{what} must be a table of arrays")
    return {str(k): load_array(v, f"{what} {quoted(str(k))}") for k, v in value.items()}


def whole(value: Any, what: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise SessionFileError(f"{what} must be a whole number from {low} to {high}, not {brief(value)}")
    return value
