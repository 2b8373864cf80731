"""One colour per filter weight, colour-blind safe, and the blends that fade the others."""

from __future__ import annotations

import numpy as np
from PySide6.QtGui import QColor

#: Okabe & Ito's colour-blind-safe set without its black (zeros are blank, and dark themes are dark).
OKABE_ITO = ("#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7")
#: Paul Tol's muted set: nine categories that stay apart for colour-blind eyes.
TOL_MUTED = (
    "#CC6677",
    "#332288",
    "#DDCC77",
    "#117733",
    "#88CCEE",
    "#882255",
    "#44AA99",
    "#999933",
    "#AA4499",
)

FADE = 0.78  # how far the weights not selected fade towards the background


def tap_colors(count: int) -> list[QColor]:
    """One colour per weight of a filter, in row-major order."""
    palette = OKABE_ITO if count <= len(OKABE_ITO) else TOL_MUTED
    return [QColor(palette[i % len(palette)]) for i in range(count)]


def rgba_of(color: QColor) -> np.ndarray:
    return np.array([color.red(), color.green(), color.blue(), 255], dtype=np.uint8)


def blend(rgba: np.ndarray, toward: np.ndarray, amount: float) -> np.ndarray:
    mixed = rgba.astype(np.float64) * (1 - amount) + toward.astype(np.float64) * amount
    return np.round(mixed).astype(np.uint8)
