"""How a derivation's script holds its numbers: the inputs it reads, and what the Markdown states.

Both exports, one-layer and network, write their numbers this way, so their scripts read them alike.
"""

from __future__ import annotations

import base64

import numpy as np

#: Elements written out as equations per section; the rest are listed as values.
PER_SECTION = 64
#: Sections larger than this list no values at all (the script still checks every one).
MAX_LISTED = 4096


def script_data(a: np.ndarray) -> object:
    """An input array for the script: numbers to read, or when large, its exact bytes."""
    if a.size <= MAX_LISTED:
        return a.tolist()
    raw = np.ascontiguousarray(a, dtype="<f8").tobytes()
    return {"shape": list(a.shape), "float64": base64.b64encode(raw).decode("ascii")}


def stated(a: np.ndarray) -> object:
    """What the Markdown states about a tensor: every value, or for a large one the elements
    written out as equations and the sums of all values and of their absolute values."""
    if a.size <= MAX_LISTED:
        return a.tolist()
    flat = a.reshape(-1)
    return {
        "shape": list(a.shape),
        "first": flat[:PER_SECTION].tolist(),
        "sum": float(flat.sum()),
        "sum_abs": float(np.abs(flat).sum()),
    }
