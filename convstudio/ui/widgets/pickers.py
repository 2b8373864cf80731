"""The image, filter and channel pickers: 1-based spin boxes for the learner and "Follow the step"."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent, QObject, Qt
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QSpinBox, QWidget

from convstudio.ui.widgets.signals import signals_blocked

#: The keys of the pickers, as the trace's index letters: image n, filter f, channel c.
WORDS = {
    "n": QT_TRANSLATE_NOOP("Pickers", "image"),
    "f": QT_TRANSLATE_NOOP("Pickers", "filter"),
    "c": QT_TRANSLATE_NOOP("Pickers", "channel"),
}


class _ArrowsStep(QObject):
    """Lets Left, Right and Space reach the window's stepping shortcuts while a spin box has the
    focus (its line edit would take them); Up and Down still change the number."""

    KEYS = (Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Space)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and event.key() in self.KEYS:  # type: ignore[attr-defined]
            event.ignore()
            return True
        return False


class Pickers(QWidget):
    """Image, filter and channel spin boxes and a "Follow the step" check box, in one row.

    ``keys`` picks the boxes and their order; ``box_tip`` (with ``{what}`` for the word) is each
    box's tooltip; ``arrows`` lets the stepping keys through a focused box; ``lone_follow`` False
    hides "Follow the step" while there is nothing to choose; ``follow_right`` puts it at the far
    right. Callers add their own widgets after the boxes with ``add``."""

    def __init__(
        self,
        follow_tip: str,
        *,
        keys: str = "nfc",
        box_tip: str = "",
        arrows: bool = False,
        lone_follow: bool = True,
        follow_right: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._lone_follow = lone_follow
        self.row = QHBoxLayout(self)
        self.row.setContentsMargins(0, 0, 0, 0)
        self.boxes: dict[str, QSpinBox] = {}
        self.labels: dict[str, QLabel] = {}
        self._arrows = _ArrowsStep(self) if arrows else None
        for key in keys:
            word = QCoreApplication.translate("Pickers", WORDS[key])
            label = QLabel(word[:1].upper() + word[1:])
            box = QSpinBox()
            box.setMinimum(1)
            if box_tip:
                box.setToolTip(box_tip.format(what=word))
            if self._arrows is not None:
                box.installEventFilter(self._arrows)
            label.setBuddy(box)
            self.row.addWidget(label)
            self.row.addWidget(box)
            self.boxes[key], self.labels[key] = box, label
        self.follow = QCheckBox(QCoreApplication.translate("Pickers", "Follow the step"))
        self.follow.setChecked(True)
        self.follow.setToolTip(follow_tip)
        if follow_right:
            self.row.addStretch(1)
            self.row.addWidget(self.follow)
        else:
            self.row.addWidget(self.follow)
            self.row.addStretch(1)

    def add(self, widget: QWidget, *, first: bool = False) -> None:
        """A widget of the caller's, after the boxes (or before everything)."""
        self.row.insertWidget(0 if first else self.row.indexOf(self.boxes[list(self.boxes)[-1]]) + 1, widget)

    def configure(self, counts: dict[str, int]) -> None:
        """How many images, filters and channels there are; a box shows only when it has a choice."""
        for key, box in self.boxes.items():
            with signals_blocked(box):
                box.setMaximum(max(counts[key], 1))
            shown = counts[key] > 1
            box.setVisible(shown)
            self.labels[key].setVisible(shown)
        if not self._lone_follow:
            self.follow.setVisible(any(n > 1 for n in counts.values()))

    def value(self, key: str) -> int:
        """The 0-based image, filter or channel chosen."""
        return self.boxes[key].value() - 1

    def set_value(self, key: str, value: int) -> None:
        """Show the 0-based ``value`` without announcing it as the user's choice."""
        box = self.boxes[key]
        if box.value() != value + 1:
            with signals_blocked(box):
                box.setValue(value + 1)
