"""The one matrix view that draws every small tensor, from 1x1 up to 64x64.

Colours come from a diverging map centred on zero (``colors``); NaN means "not computed yet" and
is drawn empty, so a map visibly fills up step by step. Numbers are printed in the cells when they
fit, 1-based indices along the edges, a colour bar below or beside the grid (whichever leaves the
larger cells). Hover tells the exact value; a double-click opens an inline editor when the view is
editable, and ``edited`` carries the new value to whoever owns the data (the view never changes
its own numbers).

Its data and geometry live here; painting in ``matrix_painting``, hover and editing in
``matrix_editing``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import numpy as np
from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QFontMetricsF,
    QImage,
    QPixmap,
)
from PySide6.QtWidgets import QLineEdit, QWidget

from convstudio.engine.colour_scale import colour_scale, scale_from
from convstudio.ui.widgets import accessible_matrix
from convstudio.ui.widgets.matrix_editing import MatrixEditing
from convstudio.ui.widgets.matrix_painting import (
    HIGHLIGHT_STYLES,
    NOTE_SCALE,
    Cells,
    Layout,
    MatrixPainting,
    format_value,
    highlight_pen,
)
from convstudio.ui.widgets.matrix_patch import changed_cells

__all__ = ["MatrixView", "format_value", "highlight_pen"]

MIN_CELL_FOR_INDEX = 16.0
#: The largest cell at the standard 10-point font; it grows with the font (projector mode).
MAX_CELL = 96.0
BASE_POINTS = 10.0

accessible_matrix.install()


class MatrixView(MatrixEditing, MatrixPainting, QWidget):
    edited = Signal(int, int, float)
    hovered = Signal(object)
    clicked = Signal(int, int)  # a cell was clicked: row, column (0-based)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setMouseTracking(True)
        self.setMinimumSize(60, 60)
        # It paints every pixel of its rectangle, so nothing behind it is painted first.
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self._values = np.full((1, 1), np.nan)
        self._scale = 1.0
        self._signed = True
        self._describe: Callable[[int, int], str] | None = None
        self._title = ""
        self._note = ""
        self.note_below = False  # the note on a line of its own under the name, in smaller text
        self._marks: dict[str, Cells] = {kind: [] for kind in HIGHLIGHT_STYLES}
        self._editable = False
        self._validator: Callable[[int, int, float], str | None] | None = None
        self._image: QImage | None = None
        self._static: QPixmap | None = None
        self._patch_cells: list[tuple[int, int]] = []  # what the kept pixmap lacks (matrix_patch)
        self._patch_title = False
        self._layout_cache: tuple[tuple[object, ...], Layout] | None = None
        self._editor: QLineEdit | None = None
        self._editing: tuple[int, int] | None = None
        self._hover: tuple[int, int] | None = None
        self._fit: tuple[tuple[float, bytes], float | None, tuple[int, int | None, bool]] | None = None
        self._digits = 4
        self._decimals: int | None = None
        self._bare = False
        self._padding = (0, 0)  # rows and columns of a convolution's zero border, drawn as such

    # --- data ---------------------------------------------------------------------------------

    def set_title(self, text: str, note: str = "") -> None:
        """The tensor's name, and an optional note after it (what the current step does here)."""
        if (text, note) != (self._title, self._note):
            same_place = text == self._title and bool(note) == bool(self._note)  # the layout stays
            self._title, self._note = text, note
            if same_place and self._static is not None:
                self._patch_title = True  # only the title's line is drawn again
                self.update()
            else:
                self._invalidate()

    def title(self) -> str:
        return self._title

    def _note_line(self) -> bool:
        return bool(self._title and self._note and self.note_below)

    def note(self) -> str:
        return self._note

    def set_matrix(
        self,
        values: np.ndarray,
        *,
        scale: float | None = None,
        describe: Callable[[int, int], str] | None = None,
        signed: bool = True,
    ) -> None:
        """Show ``values``; ``signed`` False for a tensor that is never negative (a loss, a
        probability): its colour bar runs from 0."""
        values = np.asarray(values, dtype=np.float64)
        if values.ndim != 2:
            values = values.reshape(1, -1) if values.ndim < 2 else values.reshape(values.shape[-2], -1)
        scale = colour_scale(values) if scale is None else scale_from(scale)
        self._describe = describe
        if signed != self._signed:
            self._signed = signed
            self._invalidate()
        resized = values.shape != self._values.shape
        patch = None  # the cells written, drawn again alone
        if not resized and scale == self._scale:
            patch = changed_cells(self._values, values)  # one pass: unchanged, a few cells, or more
            if patch == []:
                return
        cell = self._layout().cell
        if self._static is None or self._padding != (0, 0):
            patch = None
        if patch is not None:
            numbers = self.numbers_for(cell)
        self._values = values.copy()
        self._scale = scale
        self._image = None
        if patch is not None and numbers != self.numbers_for(cell):
            patch = None  # the new number changes every cell's size or digits
        if resized:
            self.updateGeometry()
            self._close_editor()
        if patch is None:
            self._invalidate()
        else:
            self._patch_cells += patch
            self.update()

    def set_highlights(
        self,
        reads: Iterable[tuple[int, int]] = (),
        writes: Iterable[tuple[int, int]] = (),
        extra: Iterable[tuple[int, int]] = (),
        subject: Iterable[tuple[int, int]] = (),
    ) -> None:
        """Outline cells: what the step reads, the cell it writes, the rest of its terms (while
        adding term by term, dashed) and the value whose gradient it computes (dashed)."""
        rows, cols = self._values.shape

        def inside(cells: Iterable[tuple[int, int]]) -> Cells:
            return [(int(r), int(c)) for r, c in cells if 0 <= r < rows and 0 <= c < cols]

        new = {"extra": inside(extra), "subject": inside(subject), "reads": inside(reads),
               "writes": inside(writes)}  # fmt: skip
        if new != self._marks:
            self._marks = new
            self.update()

    def set_editable(
        self, on: bool, validator: Callable[[int, int, float], str | None] | None = None
    ) -> None:
        """Double-click opens an editor; ``validator`` may refuse a value with a sentence (or None)."""
        self._editable = on
        self._validator = validator
        if not on:
            self._close_editor()

    def set_padding(self, rows: int, cols: int) -> None:
        """Mark a border ``rows`` cells high and ``cols`` wide as a convolution's zero padding: the
        values include it; it is drawn in a style of its own and cannot be edited."""
        if (rows, cols) != self._padding:
            self._padding = (rows, cols)
            self._image = None
            self._invalidate()

    def padding(self) -> tuple[int, int]:
        return self._padding

    def in_padding(self, row: int, col: int) -> bool:
        (ph, pw), (rows, cols) = self._padding, self._values.shape
        return not (ph <= row < rows - ph and pw <= col < cols - pw)

    def values(self) -> np.ndarray:
        return self._values.copy()

    def shown_array(self) -> np.ndarray:
        """The array shown itself, not a copy: a new one whenever other values are set."""
        return self._values

    def highlights(self) -> tuple[Cells, Cells, Cells, Cells]:
        """(reads, writes, extra, subject) as drawn."""
        m = self._marks
        return list(m["reads"]), list(m["writes"]), list(m["extra"]), list(m["subject"])

    def scale(self) -> float:
        return self._scale

    def _invalidate(self) -> None:
        self._static = None
        self._patch_cells, self._patch_title = [], False
        self.update()

    # --- geometry -----------------------------------------------------------------------------

    def sizeHint(self) -> QSize:
        rows, cols = self._values.shape
        cell = 40 if max(rows, cols) <= 6 else max(4, 320 // max(rows, cols))
        return QSize(int(cols * cell + 40), int(rows * cell + 70))

    def minimumSizeHint(self) -> QSize:
        return QSize(60, 60)

    def max_cell(self) -> float:
        return MAX_CELL * max(self.font().pointSizeF(), 1.0) / BASE_POINTS

    def _layout(self) -> Layout:
        rows, cols = self._values.shape
        font = self.font()
        key = (self.width(), self.height(), rows, cols, bool(self._title), self._note_line(), font.key())
        if self._layout_cache is None or self._layout_cache[0] != key:
            layout = self.layout_for(float(self.width()), float(self.height()))
            self._layout_cache = (key, layout)
        return self._layout_cache[1]

    def cell_for(self, width: float, height: float) -> float:
        """The cell size this view would have at ``width`` x ``height`` (a card picks its layout)."""
        return self.layout_for(width, height).cell

    def layout_for(self, w: float, h: float) -> Layout:
        """Where everything goes at this size: both places for the colour bar are tried, and the
        one that leaves the larger cells wins (below, unless beside is clearly better)."""
        rows, cols = self._values.shape
        fm = QFontMetricsF(self.font())
        title_h = fm.height() + 4 if self._title else 0.0
        if self._note_line():
            title_h += fm.height() * NOTE_SCALE + 2
        biggest = self.max_cell()
        # Label room for the colour bar beside the grid does not depend on the values, so the
        # layout stays put from step to step.
        label_w = fm.horizontalAdvance("−0.0000") + 4
        best: Layout | None = None
        for vertical in (False, True):
            for with_index in (True, False):
                margin_l = fm.horizontalAdvance(str(rows)) + 6 if with_index else 2.0
                margin_t = fm.height() + 2 if with_index else 2.0
                if vertical:
                    avail_w = w - margin_l - 4 - (8 + 7 + 4 + label_w)
                    avail_h = h - title_h - margin_t - 4
                else:
                    avail_w = w - margin_l - 4
                    avail_h = h - title_h - margin_t - (8 + fm.height() + 6)
                cell = max(1.0, min(avail_w / cols, avail_h / rows, biggest))
                if not with_index or cell >= MIN_CELL_FOR_INDEX:
                    break
            gw, gh = cell * cols, cell * rows
            x0 = margin_l + max(0.0, (avail_w - gw) / 2)
            grid = QRectF(x0, title_h + margin_t, gw, gh)
            if vertical:
                tall = min(max(gh, 3 * fm.height()), h - grid.top() - 2)
                legend = QRectF(grid.right() + 8, grid.top(), 7, max(tall, 8.0))
            else:
                width = min(max(gw, 160.0), w - 8.0)
                left = min(max(2.0, grid.center().x() - width / 2), w - width - 2.0)
                legend = QRectF(left, grid.bottom() + 6, width, 7)
            layout = Layout(grid, cell, with_index and cell >= MIN_CELL_FOR_INDEX, title_h, legend, vertical)
            if best is None or layout.cell > best.cell * 1.15:
                best = layout
        assert best is not None
        return best

    def cell_rect(self, row: int, col: int) -> QRectF:
        layout = self._layout()
        grid, cell = layout.grid, layout.cell
        return QRectF(grid.left() + col * cell, grid.top() + row * cell, cell, cell)

    def cell_at(self, pos: QPointF) -> tuple[int, int] | None:
        layout = self._layout()
        grid, cell = layout.grid, layout.cell
        if not grid.contains(pos):
            return None
        rows, cols = self._values.shape
        row = min(int((pos.y() - grid.top()) // cell), rows - 1)
        col = min(int((pos.x() - grid.left()) // cell), cols - 1)
        return row, col

    def resizeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        self._static = None
        super().resizeEvent(event)

    def changeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        if event.type() == QEvent.Type.PaletteChange:
            self._image = None  # empty cells take the palette's base colour
            self._invalidate()
        elif event.type() == QEvent.Type.FontChange:
            self._fit = None
            self._invalidate()
        super().changeEvent(event)
