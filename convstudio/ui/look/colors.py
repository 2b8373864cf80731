"""Colours: a diverging, colour-blind-safe map centred on zero, and the highlight colours.

The map runs from blue (negative) through a light neutral (zero) to orange (positive), anchored on
ColorBrewer's PuOr/RdBu family, which stays distinguishable for the common forms of colour
blindness; it never uses red against green. Highlights use the Okabe-Ito palette: reads in
bluish green, writes in vermillion, the rest of a sum's terms dashed in sky blue.
"""

from __future__ import annotations

import numpy as np

# Anchors from -1 to +1 (9 points): deep blue ... neutral ... deep orange.
_ANCHORS = np.array(
    [
        (33, 102, 172),
        (67, 147, 195),
        (146, 197, 222),
        (209, 229, 240),
        (247, 247, 247),
        (254, 224, 182),
        (253, 184, 99),
        (224, 130, 20),
        (179, 88, 6),
    ],
    dtype=np.float64,
)
_POSITIONS = np.linspace(0.0, 1.0, len(_ANCHORS))
LUT_SIZE = 257  # odd, so that zero has its own entry

#: (LUT_SIZE, 4) uint8 RGBA, index 0 is -scale, the middle is 0, the last is +scale.
LUT = np.empty((LUT_SIZE, 4), dtype=np.uint8)
_t = np.linspace(0.0, 1.0, LUT_SIZE)
for _channel in range(3):
    LUT[:, _channel] = np.round(np.interp(_t, _POSITIONS, _ANCHORS[:, _channel])).astype(np.uint8)
LUT[:, 3] = 255

HIGHLIGHT_READ = "#009E73"  # bluish green: cells the step reads
HIGHLIGHT_WRITE = "#D55E00"  # vermillion: the cell the step writes
HIGHLIGHT_EXTRA = "#56B4E9"  # sky blue, dashed: the rest of the step's cells while adding term by term
# The value whose gradient a backward step computes is outlined in the write colour, dashed.
#: Every highlight is drawn over a black keyline. Black has at least 3.5:1 against every colour of
#: the map (its darkest anchor has luminance 0.128) and against light backgrounds, and each
#: highlight colour has at least 3:1 against black and against the dark themes' backgrounds, so a
#: highlight keeps 3:1 against whatever lies under it (WCAG 1.4.11).
HIGHLIGHT_KEYLINE = "#000000"
HIGHLIGHTS = (HIGHLIGHT_READ, HIGHLIGHT_WRITE, HIGHLIGHT_EXTRA)
NOTE_LIGHT = "#B34700"  # a darker vermillion: the note beside a title (e.g. W11: 0.5 -> 0.575) on light
NOTE_DARK = "#F5A05A"  # a lighter one on the dark palette; both keep a contrast of at least 4.5:1


def lut_index(values: np.ndarray, scale: float) -> np.ndarray:
    """Index into LUT for each value; NaN maps to the middle (callers paint NaN as empty)."""
    scale = scale if scale > 0 and np.isfinite(scale) else 1.0
    with np.errstate(over="ignore", invalid="ignore"):  # a diverging run: inf clips to the end
        t = np.clip(np.nan_to_num(values / scale, nan=0.0), -1.0, 1.0)
    return np.round((t + 1.0) * (LUT_SIZE - 1) / 2).astype(np.intp)


def diverging(values: np.ndarray, scale: float) -> np.ndarray:
    """uint8 RGBA for each value, symmetric around zero: v and -v get mirrored colours."""
    return LUT[lut_index(np.asarray(values, dtype=np.float64), scale)]


def luminance(rgb: tuple[int, int, int] | np.ndarray) -> float:
    """WCAG relative luminance of an sRGB colour (0 black, 1 white)."""
    r, g, b = (_linear(float(v) / 255) for v in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _linear(c: float) -> float:
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


def text_color_for(rgb: tuple[int, int, int] | np.ndarray) -> str:
    """Black or white text, whichever has the higher contrast on this cell colour; one of them
    always reaches 4.5:1. (Luminance 0.179 is where the two contrasts are equal.)"""
    return "#000000" if luminance(rgb) > 0.179 else "#ffffff"


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two "#rrggbb" colours, from 1 (the same) to 21 (black on white)."""
    la, lb = (luminance(tuple(int(c[i : i + 2], 16) for i in (1, 3, 5))) for c in (a, b))  # type: ignore[arg-type]
    return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)


def readable(color: str, background: str, ratio: float = 4.5) -> str:
    """``color`` as text on ``background``: kept if it reaches ``ratio``, else mixed towards black
    (on a light background) or white (on a dark one) just until it does."""
    towards = 0 if luminance(tuple(int(background[i : i + 2], 16) for i in (1, 3, 5))) > 0.179 else 255  # type: ignore[arg-type]
    rgb = [int(color[i : i + 2], 16) for i in (1, 3, 5)]
    for step in range(21):
        t = step / 20
        mixed = "#" + "".join(f"{round(c + (towards - c) * t):02x}" for c in rgb)
        if contrast(mixed, background) >= ratio:
            return mixed
    return "#000000" if towards == 0 else "#ffffff"
