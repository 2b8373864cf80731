"""The scalar computation graph instrument: every scalar of one iteration as a node, the step's
nodes lit; zoom with the wheel or Ctrl+= / Ctrl+−, pan by dragging, Fit shows it all."""

from __future__ import annotations

import json

import numpy as np
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QPainter, QPaintEvent, QWheelEvent
from PySide6.QtWidgets import QGraphicsView, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from convstudio.engine.scalar_graph import ScalarGraph, evaluate, structure, too_large
from convstudio.engine.spec_network import param_keys
from convstudio.session.session import Session
from convstudio.ui.instruments.graph.cursor_values import at_cursor
from convstudio.ui.instruments.graph.scene import GraphScene
from convstudio.ui.instruments.graph.step_nodes import graph_keys, lit_nodes
from convstudio.ui.instruments.session_network import network_and_params

ZOOM_STEP = 1.25
#: The smallest zoom at which a node's texts stay readable: the graph opens at it when fitting it
#: whole would be smaller, and the view then keeps the step's node in sight.
READABLE = 0.8


class GraphCanvas(QGraphicsView):
    """The scene, zoomed by the wheel and Ctrl+= / Ctrl+−, panned by dragging; counts its repaints."""

    def __init__(self, scene: GraphScene, parent: QWidget | None = None) -> None:
        super().__init__(scene, parent)
        self.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.BoundingRectViewportUpdate)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.repaints = 0

    def zoom(self, factor: float) -> None:
        self.scale(factor, factor)

    def fit(self) -> None:
        self.fitInView(self.sceneRect(), Qt.AspectRatioMode.KeepAspectRatio)

    def fit_readable(self) -> None:
        """Fit the whole graph, unless that makes its texts too small to read."""
        self.fit()
        if self.transform().m11() < READABLE:
            self.resetTransform()
            self.scale(READABLE, READABLE)

    def wheelEvent(self, event: QWheelEvent) -> None:
        steps = event.angleDelta().y() / 120
        if steps:
            self.zoom(ZOOM_STEP**steps)
        event.accept()

    def _zoom_key(self, event: QKeyEvent) -> float | None:
        if event.matches(QKeySequence.StandardKey.ZoomIn) or event.keyCombination() in (
            QKeySequence("Ctrl+=")[0],
            QKeySequence("Ctrl++")[0],
        ):
            return ZOOM_STEP
        if (
            event.matches(QKeySequence.StandardKey.ZoomOut)
            or event.keyCombination() == QKeySequence("Ctrl+-")[0]
        ):
            return 1 / ZOOM_STEP
        return None

    def event(self, event: QEvent) -> bool:
        # With the focus here, Ctrl+= and Ctrl+− zoom the graph rather than the window's text.
        is_key = event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent)
        if is_key and self._zoom_key(event) is not None:  # type: ignore[arg-type]
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        factor = self._zoom_key(event)
        if factor is None:
            super().keyPressEvent(event)
        else:
            self.zoom(factor)

    def paintEvent(self, event: QPaintEvent) -> None:
        self.repaints += 1
        super().paintEvent(event)


class GraphView(QWidget):
    """The graph of the session's network for its batch, following the cursor."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.graph_scene = GraphScene()
        self.canvas = GraphCanvas(self.graph_scene)
        self.canvas.setAccessibleName(self.tr("Scalar computation graph"))
        self.fit_button = QPushButton(self.tr("Fit"))
        self.fit_button.setToolTip(self.tr("Zoom to show the whole graph"))
        self.fit_button.clicked.connect(self.canvas.fit)
        zoom_in, zoom_out = QPushButton(self.tr("Zoom in")), QPushButton(self.tr("Zoom out"))
        zoom_in.clicked.connect(lambda: self.canvas.zoom(ZOOM_STEP))
        zoom_out.clicked.connect(lambda: self.canvas.zoom(1 / ZOOM_STEP))
        self.legend = QLabel(
            self.tr(
                "Each box: a scalar = its value, and the loss's gradient with respect to it. "
                "Vermillion: what the step computes; green: what it reads. "
                "Wheel or Ctrl+= / Ctrl+− zooms, dragging pans."
            )
        )
        self.legend.setWordWrap(True)
        row = QHBoxLayout()
        row.addWidget(self.fit_button)
        row.addWidget(zoom_in)
        row.addWidget(zoom_out)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(self.canvas, 1)
        layout.addWidget(self.legend)
        self.graph: ScalarGraph | None = None
        self._shape_key = ""
        self._values_of: object = None
        self._keys: dict[str, str] = {}
        self._once = session.once_per_action(
            {
                "spec_changed": self.rebuild,
                "data_changed": self.rebuild,
                "params_changed": self.redraw,
                "cursor_moved": self.redraw,
            },
            self,
        )
        self.rebuild()

    def rebuild(self) -> None:
        """Lay the graph out again only when the network or its batch changed."""
        network = network_and_params(self.session)[0]
        batch = int(self.session.x.shape[0])
        key = json.dumps([network, batch], sort_keys=True)
        if key != self._shape_key:
            self._shape_key = key
            self._values_of = None
            reason = too_large(network, batch)
            if reason is None:
                self.graph = ScalarGraph(structure(network, batch), np.zeros(0), np.zeros(0))
                # a deep trace names its tensors as the graph does
                deep = self.session.deep
                self._keys = (
                    {k: k for k in self.graph.structure.cells} if deep else graph_keys(self.session.spec)
                )
                self.graph_scene.build(self.graph)
            else:
                self.graph = None
                self.graph_scene.refuse(self.tr("No graph to draw: {0}.").format(reason))
            self.canvas.fit_readable()
        self._values_of = None
        self.redraw()

    def redraw(self) -> None:
        if self.graph is None:
            return
        session = self.session
        trace = session.trace
        if self._values_of is not trace:  # a new iteration: its values, node by node
            if session.deep:
                params = dict(session.params)
            else:
                names = param_keys(session.spec)
                params = {key: trace.values[name] for name, key in names.items()}
            self.graph = evaluate(self.graph.structure, params, session.x, session.target)
            self._values_of = trace
        values, grads = at_cursor(self.graph, trace, session.cursor, self._keys)
        self.graph_scene.show_values(values, grads, self.tr("grad {0}"))
        writes, reads = lit_nodes(self.graph, self._keys, session.step)
        self.graph_scene.light(writes, reads)
        if writes:
            self.canvas.ensureVisible(self.graph_scene.nodes[min(writes)], 40, 40)

    def showEvent(self, event: object) -> None:
        super().showEvent(event)  # type: ignore[arg-type]
        self.canvas.fit_readable()
