"""A conv layer's input as the convolution reads it: the slice with its zero padding around it, the
step's cells moved into that frame (taps in the padding too), and hover words for the border."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from PySide6.QtCore import QCoreApplication

from convstudio.engine.network_trace import NetworkTrace
from convstudio.engine.spec import Spec
from convstudio.engine.trace import Trace
from convstudio.ui.panels.layer_focus import input_key

Pad = tuple[int, int]


def padding_of(trace: Trace, spec: Spec | None, focus: int) -> dict[str, Pad]:
    """The views with a padding to draw, by the tensor they show: the input of a convolution with
    padding (the one-layer network's I, or a deep network's focused conv layer's input)."""
    if isinstance(trace, NetworkTrace):
        layer = trace.layers[focus]
        pad = tuple(layer.cfg.get("padding", (0, 0))) if layer.type == "conv" else (0, 0)
        key = input_key(focus)
    elif spec is not None:
        pad, key = tuple(spec.padding), "I"
    else:
        return {}
    return {key: (int(pad[0]), int(pad[1]))} if any(pad) else {}


def framed(
    shown: np.ndarray, describe: Callable[[int, int], str], pad: Pad
) -> tuple[np.ndarray, Callable[[int, int], str]]:
    """The slice inside a border of zeros (what the convolution multiplies its taps with), and its
    hover text in that frame; unchanged without padding."""
    if pad == (0, 0) or shown.ndim != 2:
        return shown, describe
    return np.pad(shown, ((pad[0], pad[0]), (pad[1], pad[1]))), describer(describe, pad, shown.shape)


def shifted(cells: list[tuple[int, int]], pad: Pad) -> list[tuple[int, int]]:
    """Cells of the unpadded slice (a tap in the padding lies outside it) in the padded frame."""
    if pad == (0, 0):
        return cells
    return [(r + pad[0], c + pad[1]) for r, c in cells]


def describer(
    describe: Callable[[int, int], str], pad: Pad, shape: tuple[int, ...]
) -> Callable[[int, int], str]:
    """Hover text in the padded frame: the border says what it is, the rest as ``describe`` says."""
    rows, cols = shape

    def text(row: int, col: int) -> str:
        r, c = row - pad[0], col - pad[1]
        if 0 <= r < rows and 0 <= c < cols:
            return describe(r, c)
        return QCoreApplication.translate("TensorPanel", "Padding: 0, outside the input")

    return text
