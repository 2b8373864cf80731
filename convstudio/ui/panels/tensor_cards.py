"""The tensor panel's cards: a tensor beside its gradient, the loaded picture, the highlight key."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QRectF, QSize, Qt
from PySide6.QtGui import QFontMetrics, QImage, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import QGridLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from convstudio.session.session import Session
from convstudio.ui.class_names import classes_of, label_numbers
from convstudio.ui.widgets.matrix_painting import draw_mark
from convstudio.ui.widgets.matrix_view import MatrixView, highlight_pen

#: Room for each card in its column: maps get the most, single numbers the least.
STRETCH = {"I": 4, "W": 4, "o": 4, "a": 4, "p": 3, "V": 2, "s": 3, "q": 3, "t": 2}
#: Below this a card's column scrolls rather than squeezing the maps.
MIN_HEIGHT = {"I": 150, "W": 130, "o": 150, "a": 150, "p": 110, "V": 80, "b": 64, "c": 64}
EDITABLE = {"I", "W", "b", "V", "c", "t", "y"}
TITLES = {
    "I": QT_TRANSLATE_NOOP("TensorCards", "Input I"),
    "W": QT_TRANSLATE_NOOP("TensorCards", "Filter W"),
    "b": QT_TRANSLATE_NOOP("TensorCards", "Bias b"),
    "o": QT_TRANSLATE_NOOP("TensorCards", "Output o = I ⋆ W"),
    "a": QT_TRANSLATE_NOOP("TensorCards", "Activation a"),
    "p": QT_TRANSLATE_NOOP("TensorCards", "Pooled p"),
    "V": QT_TRANSLATE_NOOP("TensorCards", "Dense weights V"),
    "c": QT_TRANSLATE_NOOP("TensorCards", "Dense bias c"),
    "s": QT_TRANSLATE_NOOP("TensorCards", "Scores s"),
    "q": QT_TRANSLATE_NOOP("TensorCards", "Probabilities q"),
    "t": QT_TRANSLATE_NOOP("TensorCards", "Target t"),
    "y": QT_TRANSLATE_NOOP("TensorCards", "Labels y"),
    "L": QT_TRANSLATE_NOOP("TensorCards", "Loss L"),
}
KEY = (
    ("reads", QT_TRANSLATE_NOOP("TensorCards", "reads")),
    ("writes", QT_TRANSLATE_NOOP("TensorCards", "writes")),
    ("subject", QT_TRANSLATE_NOOP("TensorCards", "gradient of")),
    ("extra", QT_TRANSLATE_NOOP("TensorCards", "other terms")),
)


def _translated(text: str) -> str:
    """``text``, marked with QT_TRANSLATE_NOOP in this module's context, in the window's language."""
    return QCoreApplication.translate("TensorCards", text)


def base(tensor: str) -> str:
    return tensor[1:] if tensor.startswith("d") and len(tensor) > 1 else tensor


def column_stretch(cards: list[list[str]], abreast: int, shape_of: Callable[[str], tuple[int, ...]]) -> int:
    """A column's share of the tensor panel's width: the matrix columns of its widest row of cards
    (a map wider than 8 counts as 8), so a 4x4 input is not squeezed beside 2x2 outputs."""

    def width(name: str) -> int:
        shape = shape_of(base(name))  # a gradient is as wide as its tensor
        return min(shape[-1] if shape else 1, 8)

    rows = [cards[i : i + abreast] for i in range(0, len(cards), abreast)]
    return max(sum(width(name) for card in row for name in card) for row in rows)


def letters_for(tensor: str, ndim: int) -> str:
    """Which selectors pick the leading axes of a tensor (or its gradient) with ``ndim`` axes:
    image n, filter f, channel c. A view shows what is left: a map, a row or one number."""
    t = base(tensor)
    if t == "W":
        return "fc"
    if t in ("b", "V", "c", "L") or ndim == 0:
        return ""
    if ndim == 4:
        return "nc" if t == "I" else "nf"
    return "n"  # scores, probabilities, targets and labels: one row per image


class HighlightKey(QWidget):
    """What the outlines mean: a small sample of each, with its word."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setToolTip(
            self.tr(
                "Green: the cells the step reads. Vermillion: the cell it writes. Dashed vermillion: the "
                "value whose gradient a backward step computes. Dashed blue: the other terms of a sum "
                "being added term by term."
            )
        )
        # Shrinks where the row is short (projector mode at 1024 wide): smaller words, then the
        # samples alone (the tooltip still says what each means).
        self.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Fixed)

    def _width(self, fm: QFontMetrics, words: bool = True) -> int:
        box = fm.height()
        room = [fm.horizontalAdvance(_translated(text)) + 12 if words else 8 for _, text in KEY]
        return sum(box + 4 + r for r in room)

    def sizeHint(self) -> QSize:
        fm = self.fontMetrics()
        return QSize(self._width(fm), fm.height() + 6)

    def minimumSizeHint(self) -> QSize:
        fm = self.fontMetrics()
        return QSize(self._width(fm, words=False), fm.height() + 6)

    def paintEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        painter = QPainter(self)
        font = self.font()
        fm = QFontMetrics(font)
        words = True
        if self._width(fm) > self.width():
            font.setPointSizeF(font.pointSizeF() * 0.8)
            fm = QFontMetrics(font)
            words = self._width(fm) <= self.width()
        painter.setFont(font)
        box = fm.height() - 2
        x, y = 0.0, (self.height() - box) / 2
        for kind, source in KEY:
            text = _translated(source)
            pen = highlight_pen(kind, 30)
            inset = pen.widthF() / 2 + 1  # room for the keyline outside
            draw_mark(painter, QRectF(x, y, box, box).adjusted(inset, inset, -inset, -inset), pen)
            painter.setPen(self.palette().color(QPalette.ColorRole.WindowText))
            x += box + 4
            if not words:
                x += 8
                continue
            painter.drawText(
                QRectF(x, 0, fm.horizontalAdvance(text) + 2, self.height()),
                Qt.AlignmentFlag.AlignVCenter,
                text,
            )
            x += fm.horizontalAdvance(text) + 12
        painter.end()


class Card(QWidget):
    """One tensor beside its gradient (and, for what the loss compares, the target and the loss).

    The views stand side by side, one above the other or two by two, whichever gives them the
    largest cells (side by side unless another way is clearly better)."""

    def __init__(self, session: Session, names: list[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.tensor = names[0]
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(0, 0, 0, 0)
        self.grid.setSpacing(8)
        self.shape = (1, len(names))
        self.views: dict[str, MatrixView] = {}
        for name in names:
            view = MatrixView()
            view.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
            if name in EDITABLE:
                view.set_editable(True, self._check_label if name == "y" else None)
                view.edited.connect(lambda r, c, v, name=name: self._edited(name, r, c, v))
            self.grid.addWidget(view, 0, len(self.views))
            view.show()  # shown once and for all: arrange's re-adding would show it again, repainting
            self.grid.setColumnStretch(len(self.views), 1)
            self.views[name] = view
        self.lead: dict[str, tuple[int, ...]] = {}

    def _check_label(self, row: int, col: int, value: float) -> str | None:
        numbers = label_numbers(self.session, classes_of(self.session))
        if value != round(value) or int(value) not in numbers:
            return self.tr("A label is a class number from {0} to {1}").format(numbers[0], numbers[-1])
        return None

    def _edited(self, name: str, row: int, col: int, value: float) -> None:
        if name == "y":  # labels are shown as class 1, 2, ... like the lessons say (or as the digits)
            value = label_numbers(self.session, classes_of(self.session)).index(int(value))
        self.session.edit(name, self.full_index(name, row, col), value)

    def full_index(self, name: str, row: int, col: int) -> tuple[int, ...]:
        """The tensor index of a cell of the slice the view shows."""
        lead = self.lead.get(name, ())
        ph, pw = self.views[name].padding()  # the view's cells include the zero border
        row, col = row - ph, col - pw
        rest = np.ndim(self.session.trace.values.get(base(name), np.zeros(0))) - len(lead)
        if rest == 2:
            return (*lead, row, col)
        if rest == 1:
            return (*lead, col)
        return lead

    def resizeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().resizeEvent(event)
        self.arrange()

    def arrange(self) -> None:
        n, gap = len(self.views), self.grid.spacing()
        w, h = float(self.width()), float(self.height())

        def smallest_cell(rows: int, cols: int) -> float:
            size = ((w - gap * (cols - 1)) / cols, (h - gap * (rows - 1)) / rows)
            if any(size[1] < v.minimumHeight() or size[0] < v.minimumWidth() for v in self.views.values()):
                return 0.0  # a view would be cut: the card is too small for this arrangement
            return min(v.cell_for(*size) for v in self.views.values())

        shapes = [(1, n), (n, 1)] + ([(2, math.ceil(n / 2))] if n >= 3 else [])
        cells = {shape: smallest_cell(*shape) for shape in shapes}
        best = max(shapes, key=cells.__getitem__)
        shape = best if cells[best] > cells[(1, n)] * 1.15 else (1, n)
        if shape != self.shape:
            self.shape = shape
            for i in range(max(n, 2)):
                self.grid.setRowStretch(i, 0)
                self.grid.setColumnStretch(i, 0)
            for i, view in enumerate(self.views.values()):
                self.grid.removeWidget(view)
                row, col = divmod(i, shape[1])
                self.grid.addWidget(view, row, col)
                self.grid.setRowStretch(row, 1)
                self.grid.setColumnStretch(col, 1)
            self.grid.activate()  # the views take their places before they paint, not after


class OriginalCard(QWidget):
    """The picture a learner loaded, as it was before it was made gray (or kept RGB) and resized."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = QLabel()
        self.picture = QLabel()
        self.picture.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.picture.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.picture.setMinimumSize(40, 40)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.picture, 1)
        self._pixmap = QPixmap()

    def show_image(self, image: QImage, text: str) -> None:
        self._pixmap = QPixmap.fromImage(image)
        self.title.setText(self.tr("<b>Original</b> {0}").format(text))
        self.title.setWordWrap(True)
        self.title.setToolTip(text)
        self._fit()

    def resizeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().resizeEvent(event)
        self._fit()

    def _fit(self) -> None:
        if self._pixmap.isNull():
            return
        size = self.picture.size()
        # Enlarged, a pixel stays a sharp square (smoothing made an 8x8 bar look like a gradient).
        growing = self._pixmap.width() < size.width() and self._pixmap.height() < size.height()
        mode = (
            Qt.TransformationMode.FastTransformation
            if growing
            else Qt.TransformationMode.SmoothTransformation
        )
        self.picture.setPixmap(self._pixmap.scaled(size, Qt.AspectRatioMode.KeepAspectRatio, mode))


def title_of(name: str) -> str:
    """A view's title: the tensor's name (the selectors above say which image, filter and channel)."""
    b = base(name)
    if name != b:
        return f"dL/d{b}"
    return _translated(TITLES[b]) if b in TITLES else b


def thumbnail(rgb: np.ndarray, most: int = 480) -> QImage:
    """(H, W, 3) floats in [0, 1] as a QImage no larger than ``most`` pixels a side."""
    pixels = np.ascontiguousarray(np.clip(np.round(rgb * 255), 0, 255).astype(np.uint8))
    h, w = pixels.shape[:2]
    image = QImage(pixels.data, w, h, 3 * w, QImage.Format.Format_RGB888).copy()
    if max(h, w) > most:
        image = image.scaled(
            most, most, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
        )
    return image
