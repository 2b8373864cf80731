"""Every text colour meets WCAG's 4.5:1 against its background, in the light and the dark palette."""

from __future__ import annotations

import re

import pytest
from PySide6.QtGui import QPalette

from convstudio.ui.look import colors, theme
from tests.ui.test_nudge_panel import open_panel
from tests.ui.windows import open_window

COLOUR = re.compile(r"color:\s*(#[0-9a-fA-F]{6})")


def test_contrast_is_the_wcag_ratio():
    assert colors.contrast("#000000", "#ffffff") == pytest.approx(21)
    assert colors.contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)
    assert colors.contrast("#D55E00", "#efefef") == pytest.approx(3.36, abs=0.01)  # the old error text


@pytest.mark.parametrize("background", ["#ffffff", "#efefef", "#22262b", "#1a1d21", "#808080"])
@pytest.mark.parametrize("color", ["#D55E00", "#E69F00", "#0072B2", "#009E73", "#56B4E9", "#8a9199"])
def test_a_readable_colour_reaches_four_and_a_half_to_one_and_keeps_its_hue(color, background):
    ink = colors.readable(color, background)
    assert colors.contrast(ink, background) >= 4.5
    if colors.contrast(color, background) >= 4.5:
        assert ink == color.lower()


@pytest.mark.parametrize("dark", [False, True])
def test_every_text_colour_of_the_nudge_panel_is_readable(qtbot, qapp, dark):
    palette = qapp.palette()
    theme.set_dark(qapp, dark)
    try:
        window = open_window(qtbot, size=(1400, 900))
        panel = open_panel(qtbot, window)
        panel.set_eps(2.0)  # refused: the error text shows
        panel.message.setText("The experiment could not run: example")
        background = panel.palette().color(QPalette.ColorRole.Window).name()
        texts = {
            "message": panel.message.styleSheet(),
            "caption": panel.sweep_caption.text(),
            "readout": panel.readout.text(),
        }
        for where, text in texts.items():
            found = COLOUR.findall(text)
            assert found or where != "message"
            for colour in found:
                assert colors.contrast(colour, background) >= 4.5, (where, colour, background)
        assert "gray" not in panel.readout.text()
        assert colors.contrast(colors.NOTE_DARK if dark else colors.NOTE_LIGHT, background) >= 4.5
        roles = [(QPalette.ColorRole.Text, QPalette.ColorRole.Base),
                 (QPalette.ColorRole.WindowText, QPalette.ColorRole.Window),
                 (QPalette.ColorRole.PlaceholderText, QPalette.ColorRole.Base),
                 (QPalette.ColorRole.ButtonText, QPalette.ColorRole.Button)]  # fmt: skip
        p = panel.palette()
        for fg, bg in roles:
            assert colors.contrast(p.color(fg).name(), p.color(bg).name()) >= 4.5, (fg, bg)
    finally:
        qapp.setPalette(palette)


TEXT_ROLES = [
    (QPalette.ColorRole.Text, QPalette.ColorRole.Base),
    (QPalette.ColorRole.WindowText, QPalette.ColorRole.Window),
    (QPalette.ColorRole.PlaceholderText, QPalette.ColorRole.Base),
    (QPalette.ColorRole.ButtonText, QPalette.ColorRole.Button),
    (QPalette.ColorRole.ToolTipText, QPalette.ColorRole.ToolTipBase),
    (QPalette.ColorRole.HighlightedText, QPalette.ColorRole.Highlight),
    (QPalette.ColorRole.Link, QPalette.ColorRole.Base),
]


def test_the_high_contrast_palette_reaches_seven_to_one_for_every_text_role():
    p = theme.high_contrast_palette()
    for fg, bg in TEXT_ROLES:
        assert colors.contrast(p.color(fg).name(), p.color(bg).name()) >= 7.0, (fg, bg)


@pytest.mark.parametrize("name", theme.THEMES)
def test_every_theme_applies_a_palette_whose_text_roles_are_readable(qapp, name):
    palette = qapp.palette()
    try:
        theme.set_theme(qapp, name)
        p = qapp.palette()
        assert theme.is_dark(p) == (name != "light")
        for fg, bg in TEXT_ROLES[:4]:
            assert colors.contrast(p.color(fg).name(), p.color(bg).name()) >= 4.5, (name, fg, bg)
    finally:
        qapp.setPalette(palette)


def test_view_theme_offers_three_exclusive_choices_and_remembers_the_one_chosen(qtbot, qapp):
    from convstudio import settings
    from convstudio.ui.look import theme_menu

    palette = qapp.palette()
    try:
        window = open_window(qtbot)
        group = window.theme_group
        assert group.isExclusive()
        assert [a.data() for a in group.actions()] == list(theme.THEMES)
        group.actions()[2].trigger()
        assert theme_menu.current(qapp) == "high-contrast"
        assert settings.read_str("theme") == "high-contrast"
        assert not window.act_dark.isChecked()
        group.actions()[1].trigger()
        assert theme_menu.current(qapp) == "dark" and window.act_dark.isChecked()
        assert settings.read_str("theme") == "dark"
    finally:
        qapp.setPalette(palette)
