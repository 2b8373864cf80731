"""The conv layer a one-layer instrument shows on a deep network: a picker that follows the focus.

Lists the network's conv layers; the focused layer (the strip's click, *Follow the step*) becomes
the picked one when it is a conv layer. Hidden on one-layer sessions, where there is one layer.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QWidget

from convstudio.engine.network_conv_layer import conv_layers
from convstudio.engine.network_trace import NetworkTrace
from convstudio.engine.shown_conv_layer import ShownLayer
from convstudio.session.session import Session


class ConvLayerPicker(QWidget):
    """ "Layer: [layer 1 (conv W¹)]": which conv layer of a deep network the instrument shows."""

    layer_changed = Signal()  # the layer shown is another one

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.box = QComboBox()
        self.box.setAccessibleName(self.tr("Conv layer shown"))
        self.box.setToolTip(self.tr("Which conv layer of the network this instrument shows"))
        # narrow enough to share a row in a docked instrument; the list shows the full names
        self.box.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.box.setMinimumContentsLength(10)
        label = QLabel(self.tr("Layer"))
        label.setBuddy(self.box)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(label)
        row.addWidget(self.box, 1)
        self.box.activated.connect(lambda _: self.layer_changed.emit())
        session.focus_changed.connect(self.follow_focus)
        self.configure()

    @property
    def index(self) -> int | None:
        """The network layer shown (0-based), None on a one-layer session."""
        data = self.box.currentData()
        return None if data is None or not self.session.deep else int(data)

    def configure(self) -> None:
        """List the session's conv layers, keeping the one shown when it is still one."""
        trace = self.session.trace
        old = self.box.currentData()
        self.box.blockSignals(True)
        self.box.clear()
        if isinstance(trace, NetworkTrace):
            for i in conv_layers(trace):
                name = trace.names.name(f"{i}.weight")
                self.box.addItem(self.tr("layer {0} (conv, {1})").format(i + 1, name), i)
            found = self.box.findData(old)
            self.box.setCurrentIndex(max(found, 0))
        self.box.blockSignals(False)
        self.setVisible(isinstance(trace, NetworkTrace))

    def set_layer(self, index: int) -> bool:
        """Show network layer ``index`` if it is a conv layer; True if the layer shown changed."""
        found = self.box.findData(index)
        if found < 0 or found == self.box.currentIndex():
            return False
        self.box.setCurrentIndex(found)
        self.layer_changed.emit()
        return True

    def follow_focus(self, index: int) -> None:
        self.set_layer(index)

    def shown(self) -> ShownLayer:
        """The layer's arrays and names in the session's current iteration (ValueError: the
        network has no conv layer, which :class:`ConvLayersOnly` keeps the instruments from)."""
        trace = self.session.trace
        if not isinstance(trace, NetworkTrace):
            return ShownLayer.of_trace(trace)
        if self.index not in conv_layers(trace):  # a signal came before spec_changed
            self.configure()
        index = self.index
        if index is None:
            raise ValueError("this network has no conv layer to show")
        return ShownLayer.of_network(trace, index)
