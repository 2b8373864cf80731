"""The correlation view's image, filter and channel pickers."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QSpinBox, QWidget

WORDS = {"n": "image", "f": "filter", "c": "channel"}


class Pickers(QWidget):
    """Image, filter and channel spin boxes (1-based for the learner), and "Follow the step"."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.boxes: dict[str, QSpinBox] = {}
        self.labels: dict[str, QLabel] = {}
        for key in "nfc":
            label = QLabel(WORDS[key].capitalize())
            box = QSpinBox()
            box.setMinimum(1)
            label.setBuddy(box)
            layout.addWidget(label)
            layout.addWidget(box)
            self.boxes[key], self.labels[key] = box, label
        self.follow = QCheckBox("Follow the step")
        self.follow.setChecked(True)
        self.follow.setToolTip("Go to the element the current step computes")
        layout.addWidget(self.follow)
        layout.addStretch(1)

    def configure(self, counts: dict[str, int]) -> None:
        for key, box in self.boxes.items():
            box.blockSignals(True)
            box.setMaximum(max(counts[key], 1))
            box.blockSignals(False)
            self.labels[key].setVisible(counts[key] > 1)
            box.setVisible(counts[key] > 1)

    def value(self, key: str) -> int:
        return self.boxes[key].value() - 1

    def set_value(self, key: str, value: int) -> None:
        box = self.boxes[key]
        if box.value() != value + 1:
            box.blockSignals(True)
            box.setValue(value + 1)
            box.blockSignals(False)
