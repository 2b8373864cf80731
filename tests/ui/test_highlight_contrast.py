"""Every highlight keeps WCAG's 3:1 against whatever lies under it: any colour of the map and every
theme's backgrounds, because it is drawn over a black keyline (colors.HIGHLIGHT_KEYLINE)."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import QApplication

from convstudio.ui.look import colors, theme
from convstudio.ui.widgets.matrix_view import MatrixView

BACKGROUNDS = (QPalette.ColorRole.Window, QPalette.ColorRole.Base, QPalette.ColorRole.AlternateBase)


def hex_of(rgb) -> str:  # type: ignore[no-untyped-def]
    return "#" + "".join(f"{int(v):02x}" for v in rgb[:3])


def palettes(qapp: QApplication) -> dict[str, QPalette]:
    return {
        "light": qapp.style().standardPalette(),
        "dark": theme.dark_palette(),
        "high-contrast": theme.high_contrast_palette(),
    }


def seen(highlight: str, under: str) -> float:
    """The contrast a highlight drawn over the keyline has against ``under``: the better of the two."""
    return max(colors.contrast(highlight, under), colors.contrast(colors.HIGHLIGHT_KEYLINE, under))


def test_each_highlight_stands_out_from_its_keyline():
    for highlight in colors.HIGHLIGHTS:
        assert colors.contrast(highlight, colors.HIGHLIGHT_KEYLINE) >= 3.0, highlight


def test_every_colour_of_the_map_lets_each_highlight_be_seen():
    unders = {hex_of(rgb) for rgb in colors.LUT}
    worst = min(seen(h, u) for h in colors.HIGHLIGHTS for u in unders)
    assert worst >= 3.0
    # Without the keyline the sky blue would not reach 3:1 on the pale middle of the map.
    assert colors.contrast(colors.HIGHLIGHT_EXTRA, hex_of(colors.LUT[colors.LUT_SIZE // 2])) < 3.0


@pytest.mark.parametrize("name", theme.THEMES)
def test_every_theme_background_lets_each_highlight_be_seen(qapp, name):
    palette = palettes(qapp)[name]
    for role in BACKGROUNDS:
        under = palette.color(role).name()
        for highlight in colors.HIGHLIGHTS:
            assert seen(highlight, under) >= 3.0, (name, role, highlight)


def test_a_highlighted_cell_is_drawn_with_the_keyline_around_its_colour(qtbot):
    view = MatrixView()
    qtbot.addWidget(view)
    view.resize(240, 240)
    view.set_matrix(np.zeros((2, 2)))
    view.set_highlights(writes=[(0, 0)])
    image = view.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    rect = view.cell_rect(0, 0).toRect()
    row = rect.center().y()
    line = [QColor(image.pixel(x, row)).name() for x in range(rect.left() - 2, rect.center().x())]
    assert colors.HIGHLIGHT_KEYLINE in line
    assert colors.HIGHLIGHT_WRITE.lower() in line
    assert line.index(colors.HIGHLIGHT_KEYLINE) < line.index(colors.HIGHLIGHT_WRITE.lower())
