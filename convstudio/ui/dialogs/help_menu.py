"""The Help menu's pages: the lessons, the keyboard shortcuts and how to read the screen.

The shortcuts page is read from the window's own actions when it opens, so it always says what
the keys really do.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QColor, QKeySequence, QPainter, QPen, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QMenu,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from convstudio.engine import lessons
from convstudio.ui import language
from convstudio.ui.look import colors


def fill_menu(window: QMainWindow, menu: QMenu) -> None:
    """Add the three pages to ``menu``; ``window`` opens lessons through ``open_lesson``."""
    for text, page in (
        (QCoreApplication.translate("Help", "&Lessons…"), lambda: LessonsDialog(window).open()),
        (QCoreApplication.translate("Help", "&Keyboard shortcuts…"), lambda: ShortcutsDialog(window).open()),
        (
            QCoreApplication.translate("Help", "How to read the &screen…"),
            lambda: ReadingDialog(window).open(),
        ),
    ):
        action = QAction(text, window)
        action.triggered.connect(page)
        menu.addAction(action)


def shortcuts(window: QMainWindow) -> list[tuple[str, str, str]]:
    """(menu, command, keys) for every command of ``window`` that has keys, in menu order;
    commands in no menu (the toolbar's) come last, under "Toolbar"."""
    rows: list[tuple[str, str, str]] = []
    seen: set[int] = set()

    def add(where: str, action: QAction) -> None:
        keys = [
            k.toString(QKeySequence.SequenceFormat.NativeText) for k in action.shortcuts() if not k.isEmpty()
        ]
        if id(action) in seen or not keys or action.isSeparator():
            return
        seen.add(id(action))
        rows.append((where, _plain(action.text()), ", ".join(keys)))

    for top in window.menuBar().actions():
        sub = top.menu()
        if isinstance(sub, QMenu):
            for action in _walk(sub):
                add(_plain(top.text()), action)
    for action in window.actions():
        add(QCoreApplication.translate("Help", "Toolbar"), action)
    return rows


def _walk(menu: QMenu) -> list[QAction]:
    out = []
    for action in menu.actions():
        sub = action.menu()
        out.extend(_walk(sub) if isinstance(sub, QMenu) else [action])
    return out


def _plain(text: str) -> str:
    """A menu text without its mnemonic ampersand and trailing dots."""
    return text.replace("&&", "\0").replace("&", "").replace("\0", "&").rstrip("…").strip()


class _Page(QDialog):
    """A modeless page with a Close button."""

    def __init__(self, title: str, parent: QWidget) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.layout_ = QVBoxLayout(self)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.buttons = buttons

    def finish(self) -> None:
        self.layout_.addWidget(self.buttons)


class LessonsDialog(_Page):
    """Every bundled lesson with its summary; double-click (or Open) opens it."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(QCoreApplication.translate("Help", "Lessons"), window)
        self.window_ = window
        self.list = QListWidget()
        self.list.setWordWrap(True)
        for name in lessons.available(every=True):
            try:
                lesson = lessons.load(name)
            except lessons.LessonError as error:
                item = QListWidgetItem(f"{name}: {error}")
                item.setFlags(Qt.ItemFlag.NoItemFlags)
            else:
                words = lesson.translations.get(language.current(), {})
                title, summary = words.get("title", lesson.title), words.get("summary", lesson.summary)
                item = QListWidgetItem(f"{title}\n{summary}")
                item.setData(Qt.ItemDataRole.UserRole, name)
            self.list.addItem(item)
        self.list.itemActivated.connect(self._open)
        self.layout_.addWidget(
            QLabel(QCoreApplication.translate("Help", "Double-click a lesson to open it."))
        )
        self.layout_.addWidget(self.list)
        open_button = self.buttons.addButton(
            QCoreApplication.translate("Help", "Open"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        open_button.clicked.connect(lambda: self._open(self.list.currentItem()))
        self.finish()
        self.resize(520, 420)

    def _open(self, item: QListWidgetItem | None) -> None:
        name = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        if name and self.window_.open_lesson(name):  # type: ignore[attr-defined]
            self.accept()


class ShortcutsDialog(_Page):
    """The keys of every command, read from the window's actions."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(QCoreApplication.translate("Help", "Keyboard shortcuts"), window)
        rows = shortcuts(window)
        self.table = QTableWidget(len(rows), 3)
        self.table.setHorizontalHeaderLabels(
            [
                QCoreApplication.translate("Help", "Menu"),
                QCoreApplication.translate("Help", "Command"),
                QCoreApplication.translate("Help", "Keys"),
            ]
        )
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                self.table.setItem(r, c, QTableWidgetItem(text))
        self.table.resizeColumnsToContents()
        self.table.horizontalHeader().setStretchLastSection(True)
        self.layout_.addWidget(self.table)
        self.finish()
        wide = sum(self.table.columnWidth(c) for c in range(3)) + 60
        self.resize(wide, 30 * self.fontMetrics().height())


def reading_items() -> list[tuple[str, bool, str]]:
    """(colour, dashed, what it means) for each mark on the screen."""
    return [
        (
            colors.HIGHLIGHT_READ,
            False,
            QCoreApplication.translate("Help", "Green outline: the cells the current step reads."),
        ),
        (
            colors.HIGHLIGHT_WRITE,
            False,
            QCoreApplication.translate("Help", "Vermillion outline: the cell the step writes."),
        ),
        (
            colors.HIGHLIGHT_WRITE,
            True,
            QCoreApplication.translate(
                "Help", "Dashed vermillion: the value whose gradient a backward step computes."
            ),
        ),
        (
            colors.HIGHLIGHT_EXTRA,
            True,
            QCoreApplication.translate(
                "Help", "Dashed sky blue: the other terms of a sum, while you step term by term."
            ),
        ),
    ]


def reading_notes() -> list[str]:
    """What the colours of the cells and the names on the screen mean."""
    return [
        QCoreApplication.translate(
            "Help",
            "Cell colours: blue for negative, orange for positive, pale for zero; the bar beside "
            "each matrix gives the scale.",
        ),
        QCoreApplication.translate("Help", "An empty cell has not been computed yet in this iteration."),
        QCoreApplication.translate(
            "Help",
            "dL/dW11 is the gradient ∂L/∂W11: how much the loss changes per unit change of W11. "
            "The panels and the equations both write it dL/dW11.",
        ),
        QCoreApplication.translate(
            "Help", "Indices count from 1, as textbooks do: W11 is the filter's top-left weight."
        ),
        QCoreApplication.translate(
            "Help", "During the update a weight's title shows its old and new value (W11: 0.5 → 0.575)."
        ),
        QCoreApplication.translate(
            "Help",
            "The toolbar says where you are: the iteration, its phase (forward, backward, update) "
            "and the step within it.",
        ),
    ]


def swatch(colour: str, dashed: bool, size: int) -> QPixmap:
    """A cell outlined as the panels outline it."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    pen = QPen(QColor(colour), max(2, size // 8))
    pen.setStyle(Qt.PenStyle.DashLine if dashed else Qt.PenStyle.SolidLine)
    painter.setPen(pen)
    inset = pen.width()
    painter.drawRect(inset, inset, size - 2 * inset, size - 2 * inset)
    painter.end()
    return pixmap


class ReadingDialog(_Page):
    """What the highlight colours and the names mean."""

    def __init__(self, window: QMainWindow) -> None:
        super().__init__(QCoreApplication.translate("Help", "How to read the screen"), window)
        body = QWidget()
        grid = QGridLayout(body)
        size = self.fontMetrics().height() + 6
        self.texts: list[str] = []
        for row, (colour, dashed, text) in enumerate(reading_items()):
            mark = QLabel()
            mark.setPixmap(swatch(colour, dashed, size))
            grid.addWidget(mark, row, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(self._words(text), row, 1, Qt.AlignmentFlag.AlignTop)
        for row, text in enumerate(reading_notes(), start=len(reading_items())):
            grid.addWidget(self._words(text), row, 0, 1, 2)
        grid.setColumnStretch(1, 1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(body)
        self.layout_.addWidget(scroll)
        self.finish()
        em = self.fontMetrics().horizontalAdvance("M")
        self.resize(40 * em, 34 * self.fontMetrics().height())

    def _words(self, text: str) -> QLabel:
        self.texts.append(text)
        label = QLabel(text)
        label.setWordWrap(True)
        return label
