"""The teaching instruments: views that answer a student's question directly, each in a dock.

The main window lists them in its Instruments menu and builds each one the first time it is opened
(several import pyqtgraph, which start-up does not wait for). Every instrument is a QWidget whose
constructor takes the session, ``cls(session, parent=None)``, and follows it through its signals.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication
from PySide6.QtWidgets import QWidget

from convstudio.session.session import Session


@dataclass(frozen=True)
class Instrument:
    key: str  # the dock's object name (window state) and its settings key
    title: str
    module: str
    cls: str
    shortcut: str
    tip: str
    conv: bool = False  # shows one conv layer: says so on a network without one

    def shown_title(self) -> str:
        """The title in the window's language, as the menu and the dock show it."""
        return QCoreApplication.translate("Instruments", self.title)

    def shown_tip(self) -> str:
        return QCoreApplication.translate("Instruments", self.tip)

    def build(self, session: Session, parent: QWidget | None = None) -> QWidget:
        widget_class = getattr(importlib.import_module(self.module), self.cls)
        if self.conv:
            from convstudio.ui.instruments.conv_layers_only import ConvLayersOnly

            return ConvLayersOnly(session, lambda: widget_class(session), parent)
        widget: QWidget = widget_class(session, parent)
        return widget


#: Long enough to need its own line within the line length.
CLASSIFIER_TIP = QT_TRANSLATE_NOOP(
    "Instruments",
    "Train and test accuracy, the confusion matrix, the misclassified test images, the learned filters",
)

INSTRUMENTS = (
    Instrument(
        "nudge",
        QT_TRANSLATE_NOOP("Instruments", "Nudge experiment"),
        "convstudio.ui.instruments.nudge.view",
        "NudgePanel",
        "Ctrl+Shift+G",
        QT_TRANSLATE_NOOP(
            "Instruments", "Nudge a weight, rerun the data, and compare the slope with backprop"
        ),
    ),
    Instrument(
        "correlation",
        QT_TRANSLATE_NOOP("Instruments", "Gradient as correlation"),
        "convstudio.ui.instruments.correlation.view",
        "CorrelationView",
        "Ctrl+Shift+C",
        QT_TRANSLATE_NOOP(
            "Instruments", "Watch dL/do slide over the input like a filter: each position gives one dL/dW"
        ),
        conv=True,
    ),
    Instrument(
        "unrolled",
        QT_TRANSLATE_NOOP("Instruments", "Convolution as a dense layer"),
        "convstudio.ui.instruments.unrolled.view",
        "UnrolledView",
        "Ctrl+Shift+D",
        QT_TRANSLATE_NOOP("Instruments", "The convolution as one weight matrix with tied weights"),
        conv=True,
    ),
    Instrument(
        "landscape",
        QT_TRANSLATE_NOOP("Instruments", "Loss landscape"),
        "convstudio.ui.instruments.landscape.view",
        "LandscapePanel",
        "Ctrl+Shift+L",
        QT_TRANSLATE_NOOP("Instruments", "The loss over two weights, and the path SGD takes"),
    ),
    Instrument(
        "drawing",
        QT_TRANSLATE_NOOP("Instruments", "Drawing pad"),
        "convstudio.ui.instruments.drawing.view",
        "DrawingView",
        "Ctrl+Shift+B",
        QT_TRANSLATE_NOOP(
            "Instruments", "Draw an image, see the network's answer change as you draw, and step through it"
        ),
    ),
    Instrument(
        "receptive",
        QT_TRANSLATE_NOOP("Instruments", "Receptive field"),
        "convstudio.ui.instruments.receptive.view",
        "ReceptiveFieldView",
        "Ctrl+Shift+R",
        QT_TRANSLATE_NOOP(
            "Instruments",
            "Which input cells a unit sees: a one-hot gradient on it, backpropagated to the input",
        ),
    ),
    Instrument(
        "graph",
        QT_TRANSLATE_NOOP("Instruments", "Scalar computation graph"),
        "convstudio.ui.instruments.graph.view",
        "GraphView",
        "Ctrl+Shift+M",
        QT_TRANSLATE_NOOP(
            "Instruments", "Every input, weight, product, sum and loss as a node, lit as you step"
        ),
    ),
    Instrument(
        "transposed",
        QT_TRANSLATE_NOOP("Instruments", "Transposed convolution"),
        "convstudio.ui.instruments.transposed.view",
        "TransposedView",
        "Ctrl+Shift+T",
        QT_TRANSLATE_NOOP(
            "Instruments", "The input gradient dL/dI as a transposed convolution of dL/do by the same weights"
        ),
    ),
    Instrument(
        "gradient_flow",
        QT_TRANSLATE_NOOP("Instruments", "Gradient flow"),
        "convstudio.ui.instruments.gradient_flow.view",
        "GradientFlowView",
        "Ctrl+Shift+F",
        QT_TRANSLATE_NOOP(
            "Instruments",
            "How large each layer's gradient is over the iterations: whether learning reaches every layer",
        ),
    ),
    Instrument(
        "classifier",
        QT_TRANSLATE_NOOP("Instruments", "Classifier: accuracy and mistakes"),
        "convstudio.ui.instruments.classifier.view",
        "ClassifierView",
        "Ctrl+Shift+A",
        CLASSIFIER_TIP,
    ),
)
