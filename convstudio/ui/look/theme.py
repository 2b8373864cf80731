"""The look: the bundled font (text renders the same on every machine), light, dark and high-contrast
palettes, the text size and projector mode (every font larger by one factor, so the whole window
scales together)."""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QFontDatabase, QIcon, QPalette
from PySide6.QtWidgets import QApplication

from convstudio import paths

FAMILY = "DejaVu Sans"
BASE_POINTS = 10.0
#: How much larger everything is in projector mode.
PROJECTOR_SCALE = 1.35
#: The text sizes offered (View ▸ Text size), as factors of the base size.
TEXT_SIZES = (0.9, 1.0, 1.15, 1.3, 1.5, 1.75)


def load_fonts() -> str:
    """Register the bundled fonts; the family name to use (the bundled one if it loaded)."""
    family = None
    for path in sorted(paths.resource("fonts").glob("*.ttf")):
        font_id = QFontDatabase.addApplicationFont(str(path))
        if font_id >= 0 and family is None:
            family = QFontDatabase.applicationFontFamilies(font_id)[0]
    return family or QApplication.font().family()


def icon() -> QIcon:
    return QIcon(str(paths.resource("icons", "convstudio.svg")))


def dark_palette() -> QPalette:
    """A calm dark palette (slate, not black): legible on a projector in a dim room."""
    colors = {
        QPalette.ColorRole.Window: "#22262b",
        QPalette.ColorRole.WindowText: "#e6e6e6",
        QPalette.ColorRole.Base: "#1a1d21",
        QPalette.ColorRole.AlternateBase: "#2a2f35",
        QPalette.ColorRole.ToolTipBase: "#2f353c",
        QPalette.ColorRole.ToolTipText: "#f0f0f0",
        QPalette.ColorRole.Text: "#e6e6e6",
        QPalette.ColorRole.Button: "#2d3238",
        QPalette.ColorRole.ButtonText: "#e6e6e6",
        QPalette.ColorRole.BrightText: "#ff6b6b",
        QPalette.ColorRole.Highlight: "#3d7ab8",
        QPalette.ColorRole.HighlightedText: "#ffffff",
        QPalette.ColorRole.Link: "#7fb2e5",
        QPalette.ColorRole.PlaceholderText: "#8a9199",
        QPalette.ColorRole.Mid: "#4a5058",
        QPalette.ColorRole.Dark: "#15181b",
        QPalette.ColorRole.Light: "#3a4047",
    }
    return _palette(colors, disabled="#6c737b")


def high_contrast_palette() -> QPalette:
    """Black and white with yellow selection: the most contrast, for weak sight or a faded projector."""
    colors = {
        QPalette.ColorRole.Window: "#000000",
        QPalette.ColorRole.WindowText: "#ffffff",
        QPalette.ColorRole.Base: "#000000",
        QPalette.ColorRole.AlternateBase: "#1a1a1a",
        QPalette.ColorRole.ToolTipBase: "#000000",
        QPalette.ColorRole.ToolTipText: "#ffffff",
        QPalette.ColorRole.Text: "#ffffff",
        QPalette.ColorRole.Button: "#000000",
        QPalette.ColorRole.ButtonText: "#ffffff",
        QPalette.ColorRole.BrightText: "#ffff00",
        QPalette.ColorRole.Highlight: "#ffff00",
        QPalette.ColorRole.HighlightedText: "#000000",
        QPalette.ColorRole.Link: "#00ffff",
        QPalette.ColorRole.PlaceholderText: "#c8c8c8",
        QPalette.ColorRole.Mid: "#ffffff",
        QPalette.ColorRole.Dark: "#ffffff",
        QPalette.ColorRole.Light: "#ffffff",
    }
    return _palette(colors, disabled="#a0a0a0")


def _palette(colors: dict[QPalette.ColorRole, str], disabled: str) -> QPalette:
    """A palette of these colours, with disabled text in ``disabled``."""
    p = QPalette()
    for role, value in colors.items():
        p.setColor(role, QColor(value))
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText, QPalette.ColorRole.ButtonText):
        p.setColor(QPalette.ColorGroup.Disabled, role, QColor(disabled))
    return p


#: The themes offered, by the name the command line and the settings use.
THEMES = ("light", "dark", "high-contrast")


#: What Fusion draws from the palette's window colour darkened, invisible on black: the check boxes'
#: boxes and the sliders' grooves, drawn white (checked: filled yellow) in high contrast.
HIGH_CONTRAST_SHEET = """
QCheckBox::indicator { width: 0.8em; height: 0.8em; border: 2px solid #ffffff; background: #000000; }
QCheckBox::indicator:checked { background: #ffff00; }
QCheckBox::indicator:disabled { border-color: #a0a0a0; }
QSlider::groove:horizontal { height: 4px; background: #ffffff; }
QSlider::handle:horizontal {
    width: 12px; margin: -6px 0; border: 2px solid #ffffff; border-radius: 8px; background: #ffff00;
}
"""


def set_theme(app: QApplication, name: str) -> None:
    """Apply one of THEMES; an unknown name falls back to light."""
    if name == "high-contrast":
        app.setPalette(high_contrast_palette())
        app.setStyleSheet(HIGH_CONTRAST_SHEET)
    else:
        app.setStyleSheet("")
        set_dark(app, name == "dark")


def apply(app: QApplication, *, dark: bool = False, projector: bool = False, name: str = "") -> None:
    """Font, style and palette for the whole application."""
    family = load_fonts()
    font = QFont(family)
    font.setPointSizeF(max(app.font().pointSizeF(), BASE_POINTS))
    app.setProperty("convstudio_base_points", font.pointSizeF())
    app.setFont(font)
    app.setStyle("Fusion")  # the same widgets everywhere; honours the palette fully
    set_theme(app, name or ("dark" if dark else "light"))
    set_projector(app, projector)
    app.setWindowIcon(icon())


def set_dark(app: QApplication, on: bool) -> None:
    app.setPalette(dark_palette() if on else app.style().standardPalette())


def set_projector(app: QApplication, on: bool) -> None:
    """Every font larger (projector mode) or back to the text size; widgets that size themselves by
    the font (cells, equations, the loss curve's axes) follow their FontChange events."""
    font = app.font()
    font.setPointSizeF(_sized(app) * (PROJECTOR_SCALE if on else 1.0))
    app.setFont(font)


def is_projector(app: QApplication) -> bool:
    return app.font().pointSizeF() > _sized(app) * 1.01


def text_size(app: QApplication) -> float:
    """The text size as a factor of the base size (1.0 unless View ▸ Text size changed it)."""
    return float(app.property("convstudio_text_size") or 1.0)


def set_text_size(app: QApplication, factor: float) -> None:
    """Every font ``factor`` times the base size, projector mode kept on or off."""
    projector = is_projector(app)
    app.setProperty("convstudio_text_size", float(factor))
    set_projector(app, projector)


def _sized(app: QApplication) -> float:
    """The points of the text size, before projector mode."""
    base = app.property("convstudio_base_points")
    if not base:  # an application ``apply`` did not set up (tests): its font now is the base
        base = max(app.font().pointSizeF(), BASE_POINTS)
        app.setProperty("convstudio_base_points", base)
    return float(base) * text_size(app)


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Window).lightness() < 128
