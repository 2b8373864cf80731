"""File > Export: the current iteration's derivation, the panels and the loss curve as files.

Everything is drawn into memory first (QImage, QSvgGenerator on a buffer, pyqtgraph's exporters
asked for bytes) and written through a temporary file and a rename, so a path that cannot be
written gives one clear message, never a half-written file, and the session is left as it was.
"""

from __future__ import annotations

import math
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Protocol

from PySide6.QtCore import QBuffer, QByteArray, QCoreApplication, QIODevice, QPoint, QRect, Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtWidgets import QFileDialog, QGraphicsView, QMainWindow, QMenu, QStatusBar, QWidget

from convstudio import __version__
from convstudio.session.session import Session


def _tr(text: str) -> str:
    # lupdate reads _tr() as tr() (packaging/translations.py), which outside a class has no context.
    return QCoreApplication.translate("", text)


class Window(Protocol):
    """What exporting needs of the main window (this module never imports it: the window imports this)."""

    session: Session
    loss_panel: Any
    tensors: QWidget  # the panels

    def show_error(self, message: str) -> None: ...
    def statusBar(self) -> QStatusBar: ...
    def centralWidget(self) -> QWidget: ...
    def finish_startup(self, *, now: bool = False) -> None: ...


#: PNG exports are drawn at this many pixels per screen pixel: sharp on slides and in print.
PNG_SCALE = 2


# --- drawing into memory ---------------------------------------------------------------------


def widget_png(widget: QWidget, scale: int = PNG_SCALE) -> bytes:
    """``widget`` and its children as PNG bytes, ``scale`` times its size in pixels."""
    size = widget.size()
    image = QImage(size * scale, QImage.Format.Format_ARGB32)
    image.fill(widget.palette().window().color())
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    painter.scale(scale, scale)
    try:
        QWidget.render(widget, painter, QPoint())  # QWidget's: a graphics view renders only its scene
    finally:
        painter.end()
    return _png_bytes(image)


def widget_svg(widget: QWidget, title: str) -> bytes:
    """``widget`` and its children as SVG: lines, rectangles and text stay vectors."""
    from PySide6.QtSvg import QSvgGenerator

    size = widget.size()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    generator = QSvgGenerator()
    generator.setOutputDevice(buffer)
    generator.setSize(size)
    generator.setViewBox(QRect(0, 0, size.width(), size.height()))
    generator.setResolution(widget.logicalDpiY())  # fonts in points become the same pixels as on screen
    generator.setTitle(title)
    generator.setDescription(f"Drawn by ConvStudio {__version__}")
    painter = QPainter(generator)
    try:
        painter.fillRect(QRect(0, 0, size.width(), size.height()), widget.palette().window())
        with _plots_as_vectors(widget):
            QWidget.render(widget, painter, QPoint())
    finally:
        painter.end()
    buffer.close()
    return tidy_svg(bytes(data.data()).decode("utf-8")).encode("utf-8")


def tidy_svg(text: str) -> str:
    """Qt's SVG as every viewer shows it the way the screen does.

    Images drawn without smoothing (the matrix views' cells: one pixel per cell) are enlarged
    pixel by pixel, since many viewers blur a 2x2 image stretched over a 100-point square.
    Images drawn with smoothing are the style's frame pieces (nine-patch pixmaps); Qt's generator
    ignores their source rectangles and would stretch the whole pixmap into every piece, so they
    are left out: the group boxes lose their frames, nothing else changes."""
    text = re.sub(r"<image\b[^>]*image-rendering=\"optimizeQuality\"[^>]*/>", "", text)
    return re.sub(r"<image\b[^>]*image-rendering=\"optimizeSpeed\"[^>]*/>", _enlarge, text)


def _enlarge(match: re.Match[str]) -> str:
    tag = match.group(0)
    found = re.search(r'width="([\d.]+)" height="([\d.]+)".*base64,([^"]+)"', tag)
    if found is None:
        return tag
    width, height = (min(float(v) * 2, 4096.0) for v in found.group(1, 2))
    image = QImage.fromData(QByteArray.fromBase64(found.group(3).encode("ascii")), "PNG")
    if image.isNull() or image.width() >= width or image.height() >= height:
        return tag
    big = image.scaled(round(width), round(height), mode=Qt.TransformationMode.FastTransformation)
    encoded = bytes(QByteArray(_png_bytes(big)).toBase64().data()).decode("ascii")
    return tag.replace(found.group(3), encoded)


@contextmanager
def _plots_as_vectors(widget: QWidget) -> Iterator[None]:
    """pyqtgraph items draw vector shapes while exporting (scatter symbols are otherwise stamped
    from a pixmap atlas, which Qt's SVG generator cannot cut): its export mode, for every plot
    inside ``widget`` (if pyqtgraph has been imported at all)."""
    items = []
    if "pyqtgraph" in sys.modules:
        for view in widget.findChildren(QGraphicsView):
            if view.scene() is not None:
                items += [i for i in view.scene().items() if hasattr(i, "setExportMode")]
        if isinstance(widget, QGraphicsView) and widget.scene() is not None:
            items += [i for i in widget.scene().items() if hasattr(i, "setExportMode")]
    for item in items:
        item.setExportMode(True, {"antialias": True})
    try:
        yield
    finally:
        for item in items:
            item.setExportMode(False)


def plot_png(plot_item: object, width: int) -> bytes:
    """A pyqtgraph plot item (axes, grid, curve) as PNG bytes ``width`` pixels wide."""
    from pyqtgraph.exporters import ImageExporter

    exporter = ImageExporter(plot_item)
    exporter.parameters()["width"] = int(width)  # the height follows the item's aspect ratio
    image = exporter.export(toBytes=True)
    return _png_bytes(image)


def plot_svg(plot_item: object, view: QWidget) -> bytes:
    """A pyqtgraph plot item as SVG: pyqtgraph's exporter writes each item as clipped vectors.
    pyqtgraph 0.14's exporter cannot read the closed paths ("... Z") newer Qt writes (pyqtgraph
    issue 3495) and raises ValueError; then the plot's view is drawn by Qt's SVG generator."""
    from pyqtgraph.exporters import SVGExporter

    try:
        data = SVGExporter(plot_item).export(toBytes=True)
    except ValueError:
        return widget_svg(view, "ConvStudio loss curve")  # in export mode, like pyqtgraph's own
    assert isinstance(data, bytes)
    return data


def _png_bytes(image: QImage) -> bytes:
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    if not image.save(buffer, "PNG"):
        raise OSError("the image could not be encoded as PNG")
    buffer.close()
    return bytes(data.data())


# --- what the menu does ------------------------------------------------------------------------


def derivation(window: Window, path: Path) -> bool:
    """The current iteration (its network, data and weights as they are now) as Markdown with
    LaTeX, and the NumPy script that checks it, beside it."""
    session = window.session
    if not math.isfinite(session.trace.it.loss):
        window.show_error(
            _tr("This iteration diverged (its loss is not a number): there is nothing to derive.")
        )
        return False
    try:
        from convstudio.io import derivation as derivation_io  # on use: start-up builds only the menu

        written = derivation_io.write_trace(session.trace, Path(path), _title(session.lesson))
    except OSError as error:
        window.show_error(_tr("The derivation could not be written: {0}").format(_reason(error)))
        return False
    window.statusBar().showMessage(
        _tr("Exported {0}").format(_tr(" and ").join(p.name for p in written)),
        6000,
    )
    return True


def pytorch(window: Window, path: Path) -> bool:
    """The current iteration (its network, weights, data and momentum as they are now) as a script
    that rebuilds it in PyTorch, runs it and checks every number ConvStudio shows."""
    session = window.session
    if not math.isfinite(session.trace.it.loss):
        window.show_error(
            _tr("This iteration diverged (its loss is not a number): there is nothing to check.")
        )
        return False
    try:
        from convstudio.io import pytorch_script  # on use: start-up builds only the menu

        written = pytorch_script.write_iteration(session.trace.it, Path(path), _title(session.lesson))
    except OSError as error:
        window.show_error(_tr("The PyTorch script could not be written: {0}").format(_reason(error)))
        return False
    except ValueError as error:  # e.g. an update that overflows: nothing a script could check
        window.show_error(_tr("The PyTorch script could not be made: {0}").format(error))
        return False
    window.statusBar().showMessage(_tr("Exported {0}").format(written.name), 6000)
    return True


def _title(lesson: str | None) -> str:
    from convstudio.engine import lessons

    return (lessons.title(lesson) or lesson) if lesson else _tr("ConvStudio session")


def panels(window: Window, path: Path) -> bool:
    """The panels (tensors, equation, lesson, loss; no toolbar or menus) as PNG or SVG by suffix."""
    path = Path(path)
    widget = window.centralWidget()
    return _save(
        window,
        path,
        lambda: _by_suffix(path, widget, _tr("ConvStudio panels")),
        _tr("The panels"),
    )


def loss_curve(window: Window, path: Path) -> bool:
    """The loss curve as PNG or SVG by suffix; refused while there is no loss to show."""
    path = Path(path)
    window.finish_startup(now=True)
    if not window.session.losses:
        window.show_error(_tr("There is no loss curve yet: finish one iteration first."))
        return False
    panel = window.loss_panel
    assert panel is not None
    panel.redraw()  # the curve as it is now, not as the last coalesced redraw left it
    item = panel.plot.getPlotItem()  # type: ignore[attr-defined]

    def draw() -> bytes:
        if path.suffix.lower() == ".svg":
            return plot_svg(item, panel.plot)
        return plot_png(item, PNG_SCALE * max(int(item.sceneBoundingRect().width()), 200))

    return _save(window, path, draw, _tr("The loss curve"))


def handout(window: Window, path: Path) -> bool:
    """The current iteration's derivation as a PDF with the panels at each phase (ui/handout.py)."""
    from convstudio.ui import handout as handout_pdf

    return handout_pdf.write(window, path)


def _by_suffix(path: Path, widget: QWidget, title: str) -> bytes:
    return widget_svg(widget, title) if path.suffix.lower() == ".svg" else widget_png(widget)


def _save(window: Window, path: Path, draw, what: str) -> bool:  # type: ignore[no-untyped-def]
    if path.suffix.lower() not in (".png", ".svg"):
        given = path.suffix or _tr("a name without a suffix")
        window.show_error(_tr("{0} can be saved as .png or .svg, not {1}").format(what, given))
        return False
    try:
        from convstudio.io import derivation as derivation_io

        derivation_io.write_text(path, draw())
    except OSError as error:
        window.show_error(_tr("{0} could not be saved: {1}").format(what, _reason(error)))
        return False
    window.statusBar().showMessage(_tr("Exported {0}").format(path.name), 6000)
    return True


def _reason(error: OSError) -> str:
    """An OSError in words: what failed and where, without Python's errno prefix."""
    where = f" ({error.filename})" if getattr(error, "filename", None) else ""
    return f"{error.strerror or error}{where}"


# --- the menu ---------------------------------------------------------------------------------


def menu(window: QMainWindow) -> QMenu:
    """File > Export, with one entry per kind of file."""
    export = QMenu(_tr("&Export"), window)
    entries = (
        (
            _tr("&Derivation (Markdown + script)…"),
            _tr("Markdown (*.md)"),
            "derivation.md",
            derivation,
            _tr(
                "The current iteration, every element with its numbers, and a NumPy script that checks it",
            ),
        ),
        (
            _tr("P&yTorch script…"),
            _tr("Python scripts (*.py)"),
            "pytorch_check.py",
            pytorch,
            _tr(
                "The current iteration rebuilt in PyTorch: a script that runs it and checks every number",
            ),
        ),
        (
            _tr("&Panels as PNG…"),
            _tr("PNG images (*.png)"),
            "panels.png",
            panels,
            _tr("The panels as a sharp image"),
        ),
        (
            _tr("Panels as &SVG…"),
            _tr("SVG drawings (*.svg)"),
            "panels.svg",
            panels,
            _tr("The panels as a vector drawing: lines and text stay sharp at any size"),
        ),
        (
            _tr("&Handout (PDF)…"),
            _tr("PDF documents (*.pdf)"),
            "handout.pdf",
            handout,
            _tr("The current iteration's derivation with the panels at each phase, ready to print"),
        ),
        (
            _tr("&Loss curve as PNG…"),
            _tr("PNG images (*.png)"),
            "loss.png",
            loss_curve,
            _tr("The loss curve as an image"),
        ),
        (
            _tr("Loss curve as S&VG…"),
            _tr("SVG drawings (*.svg)"),
            "loss.svg",
            loss_curve,
            _tr("The loss curve as a vector drawing"),
        ),
    )
    for text, file_filter, default, run, tip in entries:
        action = export.addAction(text)
        action.setStatusTip(tip)
        action.setToolTip(tip)
        action.triggered.connect(
            lambda _=False, t=text, f=file_filter, d=default, r=run: _ask(window, t, f, d, r)
        )
    return export


def _ask(window: QMainWindow, text: str, file_filter: str, default: str, run) -> None:  # type: ignore[no-untyped-def]
    caption = _tr("Export: {0}").format(text.replace("&", "").rstrip("…"))
    path, _ = QFileDialog.getSaveFileName(window, caption, default, file_filter)
    if path:
        suffix = Path(default).suffix
        run(window, Path(path if Path(path).suffix else path + suffix))


__all__ = ["derivation", "loss_curve", "menu", "panels", "plot_png", "plot_svg", "widget_png", "widget_svg"]
