"""The look: the bundled font (text renders the same on every machine), light and dark palettes."""

from __future__ import annotations

from PySide6.QtGui import QColor, QFont, QFontDatabase, QIcon, QPalette
from PySide6.QtWidgets import QApplication

from convstudio import paths

FAMILY = "DejaVu Sans"


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
    p = QPalette()
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
    for role, value in colors.items():
        p.setColor(role, QColor(value))
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText, QPalette.ColorRole.ButtonText):
        p.setColor(QPalette.ColorGroup.Disabled, role, QColor("#6c737b"))
    return p


def apply(app: QApplication, *, dark: bool = False) -> None:
    """Font, style and palette for the whole application."""
    family = load_fonts()
    font = QFont(family)
    font.setPointSizeF(max(app.font().pointSizeF(), 10.0))
    app.setFont(font)
    app.setStyle("Fusion")  # the same widgets everywhere; honours the palette fully
    app.setPalette(dark_palette() if dark else app.style().standardPalette())
    app.setWindowIcon(icon())


def is_dark(palette: QPalette) -> bool:
    return palette.color(QPalette.ColorRole.Window).lightness() < 128
