"""The drawing instrument: draw on the input's grid, see the network's answer change with each
stroke, and make the drawing an image of the batch (with the label it should have) to step through."""

from __future__ import annotations

import numpy as np
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from convstudio.engine import drawing, network_drawing
from convstudio.session.session import Session
from convstudio.ui.class_names import class_names
from convstudio.ui.instruments.drawing.bars import AnswerBars, values_text
from convstudio.ui.widgets.class_box import ClassBox
from convstudio.ui.widgets.drawing_pad import DrawingPad


class DrawingView(QWidget):
    """The pad, the network's answer, and where the drawing goes in the batch."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.pad = DrawingPad(*self._grid())
        self.bars = AnswerBars()
        self.bars.setAccessibleName(self.tr("The network's answer for the drawing"))
        self.output = QLabel()
        self.output.setWordWrap(True)
        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.image_box, self.label_box = QSpinBox(), ClassBox()
        self.image_box.setAccessibleName(self.tr("Image of the batch the drawing replaces"))
        self.label_box.setAccessibleName(self.tr("The class the drawing should have"))
        self.clear_button = QPushButton(self.tr("&Clear"))
        self.copy_button = QPushButton(self.tr("Start from &that image"))
        self.copy_button.setToolTip(self.tr("Copy the chosen image of the batch onto the pad"))
        self.use_button = QPushButton(self.tr("&Step through the drawing"))
        self.use_button.setToolTip(
            self.tr("Put the drawing in the batch with its label and start the iteration again (undoable)")
        )
        self.note = QLabel()
        self.note.setWordWrap(True)

        where = QGridLayout()
        where.addWidget(QLabel(self.tr("Replaces image")), 0, 0)
        where.addWidget(self.image_box, 0, 1)
        self.label_caption = QLabel(self.tr("Should be class"))
        where.addWidget(self.label_caption, 1, 0)
        where.addWidget(self.label_box, 1, 1)
        buttons = QHBoxLayout()
        for button in (self.clear_button, self.copy_button, self.use_button):
            buttons.addWidget(button)
        side = QVBoxLayout()
        side.addWidget(self.heading)
        side.addWidget(self.bars)
        side.addWidget(self.output)
        side.addLayout(where)
        side.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(self.pad, 3)
        row.addLayout(side, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(row, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.note)

        self.pad.changed.connect(self.show_answer)
        self.clear_button.clicked.connect(self.pad.clear)
        self.copy_button.clicked.connect(self.copy_image)
        self.use_button.clicked.connect(self.use_drawing)
        self._once = session.once_per_action(
            {
                "spec_changed": self.rebuild,
                "params_changed": self.show_answer,
                "data_changed": self.show_answer,
            },
            self,
        )
        self.rebuild()

    def _grid(self) -> tuple[int, int]:
        """The input's height and width: the pad's grid."""
        if self.session.deep:
            shape = self.session.network["input"]
            return int(shape["height"]), int(shape["width"])
        return self.session.spec.height, self.session.spec.width

    def _classifier(self) -> bool:
        if self.session.deep:
            return network_drawing.classifier(self.session.network)
        return self.session.spec.loss == "cross_entropy"

    def _n_classes(self) -> int:
        if self.session.deep:
            return network_drawing.n_classes(self.session.network)
        return self.session.spec.n_classes

    def _answer(self) -> np.ndarray:
        session, canvas = self.session, self.pad.canvas
        if session.deep:
            return network_drawing.answer(session.network, session.params, canvas, session.optimizer_state)
        return drawing.answer(session.spec, session.params, canvas)

    def _placed(self, image: int, label: int | None) -> tuple[np.ndarray, np.ndarray]:
        session, canvas = self.session, self.pad.canvas
        if session.deep:
            return network_drawing.placed(session.network, session.x, session.target, image, canvas, label)
        return drawing.placed(session.spec, session.x, session.target, image, canvas, label)

    def rebuild(self) -> None:
        """Fit the pad, the pickers and the answer to the network (its size may have changed)."""
        grid = self._grid()
        if self.pad.canvas.shape != grid:
            self.pad.set_canvas(np.zeros(grid))
        classifier = self._classifier()
        self.image_box.setRange(1, self.session.x.shape[0])
        self.label_box.set_names(class_names(self.session, self._n_classes()) if classifier else [])
        self.label_box.setVisible(classifier)
        self.label_caption.setVisible(classifier)
        self.bars.setVisible(classifier)
        self.output.setVisible(not classifier)
        self.heading.setText(
            self.tr("What the network says, as you draw:")
            if classifier
            else self.tr("What the network predicts for the drawing:")
        )
        self.show_answer()

    def show_answer(self) -> None:
        try:
            values = self._answer()
        except (ValueError, FloatingPointError) as error:
            self.note.setText(self.tr("No answer: {0}").format(error))
            return
        if self._classifier():
            self.bars.set_values(values, class_names(self.session, len(values)))
        else:
            self.output.setText(values_text(values))
        self.note.setText("")

    def copy_image(self) -> None:
        """The chosen image of the batch onto the pad (its channels averaged, clipped to [0, 1])."""
        image = self.session.x[self.image_box.value() - 1]
        self.pad.set_canvas(np.clip(image.mean(axis=0), 0.0, 1.0))

    def use_drawing(self) -> bool:
        """The drawing into the batch (one undoable edit), so the trace steps through it."""
        session = self.session
        label = self.label_box.value() - 1 if self._classifier() else None
        image = self.image_box.value() - 1
        try:
            x, target = self._placed(image, label)
        except ValueError as error:
            self.note.setText(str(error))
            return False
        text = self.tr("Draw image {0}").format(image + 1)
        if session.data is not None and label is not None:  # into the mini-batch; the data set stays
            done = session.put_in_batch(image, x[image], label, text)
        else:
            done = session.set_input(x, text, target=target)
        if done:
            self.note.setText(
                self.tr("Image {0} is now the drawing: step through its forward and backward pass.").format(
                    image + 1
                )
            )
        return done
