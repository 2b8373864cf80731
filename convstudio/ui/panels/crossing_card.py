"""The tensor panel's crossing card: one gradient seen from both layers, dL/dI² beside dL/da¹, with
the equation of the crossing, while the backward pass passes from a layer into the one below."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QGridLayout, QLabel, QSizePolicy, QWidget

from convstudio.engine.network_crossing import Crossing, crossing_at, crossing_cell, crossing_equation
from convstudio.engine.network_trace import NetworkTrace
from convstudio.engine.steps import Step
from convstudio.ui.panels.tensor_cards import Card, base
from convstudio.ui.panels.tensor_slices import describer
from convstudio.ui.widgets.matrix_view import MatrixView


def crossing_for(trace: NetworkTrace, step: Step | None, focus: int) -> Crossing | None:
    """The crossing at ``step``, if the layer in focus is one of its two layers."""
    crossing = None if step is None else crossing_at(trace, step.number)
    return crossing if crossing is not None and focus in (crossing.upper, crossing.lower) else None


def crossing_words(crossing: Crossing) -> str:
    """The crossing in a sentence, with the layers numbered as the panel's heading numbers them."""
    return QCoreApplication.translate(
        "TensorPanel",
        "Layer {0}'s input gradient is layer {1}'s output gradient: the only way the loss reaches layer {1}.",
    ).format(crossing.upper + 1, crossing.lower + 1)


class CrossingCard(QWidget):
    """Two views of the crossing gradient, as the upper layer's input gradient and as the lower
    layer's output gradient, an equals sign between them and the crossing's equation below."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("The gradient crossing into the layer below"))
        self.heading = QLabel()
        self.heading.setObjectName("column")
        self.upper = MatrixView()
        self.lower = MatrixView()
        for view in (self.upper, self.lower):  # "layer 3's input" in full, under the name
            view.note_below = True
        equals = QLabel("=")
        font = equals.font()
        font.setPointSizeF(font.pointSizeF() * 1.6)
        font.setBold(True)
        equals.setFont(font)
        self.equation = QLabel()
        self.equation.setTextFormat(Qt.TextFormat.RichText)
        self.equation.setWordWrap(True)
        self.equation.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.equals = equals
        self.grid = QGridLayout(self)
        self.grid.setContentsMargins(4, 0, 4, 0)
        self.grid.addWidget(self.heading, 0, 0, 1, 3)
        self.grid.addWidget(self.equation, 4, 0, 1, 3)
        self.stacked: bool | None = None
        self._arrange(stacked=False)

    def _arrange(self, stacked: bool) -> None:
        """The two views side by side with = between them, or one above the other."""
        if stacked == self.stacked:
            return
        self.stacked = stacked
        places = [(1, 0), (2, 0), (3, 0)] if stacked else [(1, 0), (1, 1), (1, 2)]
        for widget, (row, col) in zip((self.upper, self.equals, self.lower), places, strict=True):
            self.grid.removeWidget(widget)
            self.grid.addWidget(
                widget,
                row,
                col,
                alignment=Qt.AlignmentFlag.AlignCenter if widget is self.equals else Qt.AlignmentFlag(0),
            )
        for i in range(4):
            self.grid.setRowStretch(i, 1 if (stacked and i in (1, 3)) or (not stacked and i == 1) else 0)
            self.grid.setColumnStretch(i, 1 if (not stacked and i in (0, 2)) or (stacked and i == 0) else 0)

    def resizeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().resizeEvent(event)
        w, h = float(self.width()), float(self.height() - 3 * self.heading.height())
        beside = self.upper.cell_for(w / 2 - 20, h)
        above = self.upper.cell_for(w, h / 2 - 20)
        self._arrange(stacked=above > beside * 1.15)

    def show_crossing(
        self, trace: NetworkTrace, crossing: Crossing, card: Card, step: Step, mid: bool
    ) -> None:
        """Both views as ``card`` (the panel's own card of the gradient) shows it, highlights and
        all, and the equation at the cell the step writes or reads."""
        translate = QCoreApplication.translate
        tensor = crossing.tensor
        source, lead = card.views[tensor], card.lead[tensor]
        values, marks = source.values(), source.highlights()
        describe = describer(trace.names, tensor, lead, trace.values[base(tensor)].ndim, values)
        lower_name, upper_name = f"dL/d{trace.names.name(tensor)}", f"dL/d{crossing.input_name()}"
        heading = translate("TensorPanel", "Crossing into layer {0}").format(crossing.lower + 1)
        self.heading.setText(f"<b>{heading}</b>")
        self.upper.set_title(
            upper_name, translate("TensorPanel", "layer {0}'s input").format(crossing.upper + 1)
        )
        self.lower.set_title(
            lower_name, translate("TensorPanel", "layer {0}'s output").format(crossing.lower + 1)
        )

        def describe_upper(row: int, col: int) -> str:
            return describe(row, col).replace(lower_name, upper_name, 1)

        for view, hover in ((self.upper, describe_upper), (self.lower, describe)):
            view.set_matrix(values, scale=source.scale(), describe=hover, signed=True)
            view.set_highlights(*marks)
        # mid-sum the written cell holds a running sum, not yet the gradient both names stand for
        cell = None if mid and step.tensor == tensor else crossing_cell(trace, crossing, step.number)
        equation = crossing_equation(trace, crossing, cell, "html")
        self.equation.setText(f"<b>{equation}</b>")
        self.equation.setToolTip(crossing_words(crossing))
