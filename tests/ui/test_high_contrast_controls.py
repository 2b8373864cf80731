"""In the high-contrast theme a check box's box and a slider's groove are drawn: Fusion draws them in
the window colour darkened, which on black is black (they were invisible)."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QSlider

from convstudio.ui.look import theme


def _pixels(widget) -> np.ndarray:  # type: ignore[no-untyped-def]
    image = widget.grab().toImage()
    return np.array(
        [[image.pixelColor(x, y).lightness() for x in range(image.width())] for y in range(image.height())]
    )


@pytest.mark.parametrize("make", ["check box", "slider"])
def test_controls_show_white_on_black(qtbot, qapp, make):
    palette = qapp.palette()
    theme.set_theme(qapp, "high-contrast")
    try:
        if make == "check box":
            widget = QCheckBox("")
            widget.resize(24, 24)
        else:
            widget = QSlider(Qt.Orientation.Horizontal)
            widget.resize(120, 24)
        qtbot.addWidget(widget)
        widget.show()
        light = _pixels(widget)
        assert (light < 30).mean() > 0.4  # the black background
        assert (light > 220).sum() >= 20, "the box or groove is not drawn white"
        if make == "check box":  # checked, the box fills with the highlight yellow
            widget.setChecked(True)
            image = widget.grab().toImage()
            yellow = sum(
                1
                for x in range(image.width())
                for y in range(image.height())
                if image.pixelColor(x, y).name() == "#ffff00"
            )
            assert yellow >= 20
    finally:
        theme.set_theme(qapp, "light")
        qapp.setPalette(palette)
    assert qapp.styleSheet() == ""  # the other themes draw with Fusion alone
