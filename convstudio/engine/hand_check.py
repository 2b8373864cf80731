"""How many digits a step's factors need for a check by hand to agree with its printed result.

An equation prints its factors and its result to 6 significant digits; recomputed from the printed
factors, the result can differ in its last digits (p = 0.990098 gives (p − 1)² = 9.80496e-05, not the
stated 9.80564e-05). The factors then get as many more digits as it takes.
"""

from __future__ import annotations

import dataclasses
import math
from typing import Any

import numpy as np

SHOWN = 6  # significant digits of an equation's result
MOST = 17  # enough for every float64 to read back exactly


def rounded(values: np.ndarray, digits: int) -> np.ndarray:
    """``values`` rounded to ``digits`` significant digits, as printing them would."""
    return np.array([float(f"{v:.{digits}g}") for v in np.asarray(values, dtype=np.float64).ravel()])


def printed(value: float) -> str:
    return f"{value:.{SHOWN}g}"


def factor_digits(step: Any) -> int:
    """The fewest significant digits (6 to 17) of the factors of ``step`` (a trace Step) from
    which its printed result follows to the digits shown; 6 where it cannot be checked by hand
    (a result that is not finite)."""
    if not math.isfinite(step.result):
        return SHOWN
    want = printed(step.result)
    for digits in range(SHOWN, MOST + 1):
        blocks = tuple(
            dataclasses.replace(
                block,
                columns=tuple(
                    dataclasses.replace(c, values=rounded(c.values, digits)) for c in block.columns
                ),
            )
            for block in step.blocks
        )
        extra = dict(step.extra)
        for key in ("lr", "momentum"):
            if key in extra:
                extra[key] = float(f"{extra[key]:.{digits}g}")
        again = dataclasses.replace(step, blocks=blocks, extra=extra).replay()
        if printed(again) == want:
            return digits
    return MOST
