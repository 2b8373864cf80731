"""The numbers as the nudge panel prints them: aligned digits, durations, the cost line, ε as typed."""

from __future__ import annotations

import math

from PySide6.QtCore import QCoreApplication

from convstudio.engine.notation import MINUS


def aligned(a: float, b: float, digits: int = 15) -> tuple[str, str]:
    """Both numbers to ``digits`` significant digits of the larger, in the same layout, so equal
    digits sit in the same places: ``-0.750000000012034`` over ``-0.750000000000000``."""
    finite = [abs(v) for v in (a, b) if math.isfinite(v)]
    scale = max(finite, default=0.0)
    exponent = math.floor(math.log10(scale)) if scale > 0 else 0

    def one(v: float) -> str:
        if not math.isfinite(v):
            return str(v)
        if -4 <= exponent < 6:
            return f"{v:.{max(digits - 1 - exponent, 0)}f}"
        return f"{v / 10.0**exponent:.{digits - 1}f}e{exponent}"

    return one(a), one(b)


def shared_prefix(a: str, b: str) -> int:
    """How many leading characters two aligned numbers share, counted only when at least one
    significant digit is among them (a shared "-0.0" says nothing)."""
    n = 0
    while n < min(len(a), len(b)) and a[n] == b[n]:
        n += 1
    return n if any(ch in "123456789" for ch in a[:n]) else 0


def duration(seconds: float) -> str:
    """0.42 ms, 12 ms, 3.1 s, 2 min 5 s."""
    if seconds < 0.01:
        return f"{seconds * 1e3:.2g} ms"
    if seconds < 1:
        return f"{seconds * 1e3:.0f} ms"
    if seconds < 60:
        return f"{seconds:.2g} s" if seconds < 10 else f"{seconds:.0f} s"
    return f"{int(seconds // 60)} min {int(seconds % 60)} s"


def cost_text(weights: int, batch: int, fd_seconds: float, bp_seconds: float | None) -> str:
    """The cost line: finite differences' forward passes beside backprop's two passes."""
    images = (
        QCoreApplication.translate("NudgeNumbers", "1 image")
        if batch == 1
        else QCoreApplication.translate("NudgeNumbers", "{0} images").format(batch)
    )
    w = (
        QCoreApplication.translate("NudgeNumbers", "1 weight")
        if weights == 1
        else QCoreApplication.translate("NudgeNumbers", "{0} weights").format(f"{weights:,}")
    )
    passes = (
        QCoreApplication.translate("NudgeNumbers", "2 forward passes")
        if weights == 1
        else QCoreApplication.translate("NudgeNumbers", "{0} forward passes").format(f"{2 * weights:,}")
    )
    text = QCoreApplication.translate(
        "NudgeNumbers", "Checking {0} took {1} over the data ({2}): {3}."
    ).format(w, passes, images, duration(fd_seconds))
    if bp_seconds is not None:
        every = (
            QCoreApplication.translate("NudgeNumbers", "its gradient")
            if weights == 1
            else QCoreApplication.translate("NudgeNumbers", "all {0}").format(f"{weights:,}")
        )
        text += QCoreApplication.translate(
            "NudgeNumbers", " Backprop got {0} from 1 forward + 1 backward pass: {1}."
        ).format(every, duration(bp_seconds))
    return text


def minus(text: str) -> str:
    """Number text written by a format of its own (aligned digits, 1.2e-05) with a real minus sign."""
    return text.replace("-", MINUS)


def parse_eps(text: str) -> float:
    """ε from what the student typed; ValueError with advice when it is not a usable nudge."""
    cleaned = text.strip().lower().replace(MINUS, "-").replace("ε", "").replace("=", "").replace(",", ".")
    try:
        value = float(cleaned)
    except ValueError:
        raise ValueError(f"“{text.strip()}” is not a number: type a nudge like 1e-5 or 0.001") from None
    if not (math.isfinite(value) and 0 < value <= 1):
        raise ValueError(f"ε must be a positive number no larger than 1, like 1e-5, not {text.strip()}")
    return value
