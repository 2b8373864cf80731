"""Text alternatives for plots: the latest points of a curve, in words a screen reader can say."""

from __future__ import annotations

import math
from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAccessible, QAccessibleEvent
from PySide6.QtWidgets import QWidget

from convstudio.engine.notation import exact

LATEST = 5


def latest_points(x_name: str, y_name: str, xs: Sequence[float], ys: Sequence[float]) -> str:
    """ "5 points; the latest: iteration 4, L 0.3; iteration 5, L 0.25" (the last few only)."""
    if len(ys) == 0:
        return QCoreApplication.translate("Plots", "No points yet")
    shown = []
    for x, y in zip(xs[-LATEST:], ys[-LATEST:], strict=True):
        value = (
            exact(float(y))
            if math.isfinite(float(y))
            else QCoreApplication.translate("Plots", "not a number")
        )
        shown.append(f"{x_name} {exact(float(x)) if not float(x).is_integer() else int(x)}, {y_name} {value}")
    return QCoreApplication.translate("Plots", "{0} points; the latest: {1}").format(
        len(ys), "; ".join(shown)
    )


def describe(widget: QWidget, text: str) -> None:
    """Set ``widget``'s accessible description and tell a listening screen reader it changed."""
    if text != widget.accessibleDescription():
        widget.setAccessibleDescription(text)
        if QAccessible.isActive():
            QAccessible.updateAccessibility(QAccessibleEvent(widget, QAccessible.Event.DescriptionChanged))
