"""The scalar graph's scene: one item per node and per edge, placed once from the engine's layout;
a step only changes texts and colours."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF
from PySide6.QtWidgets import QGraphicsScene, QGraphicsTextItem

from convstudio.engine.notation import number
from convstudio.engine.scalar_graph import ScalarGraph
from convstudio.ui.instruments.graph.items import EdgeItem, NodeItem

COLUMN, ROW = 150.0, 48.0
LEAVES = ("input", "param", "target", "label")


def _text(value: float) -> str:
    return "" if np.isnan(value) else number(float(value), digits=4)


class GraphScene(QGraphicsScene):
    """Nodes and edges of one network's scalar graph, or the sentence why it cannot be drawn."""

    def __init__(self) -> None:
        super().__init__()
        self.nodes: list[NodeItem] = []
        self.edges: list[EdgeItem] = []
        self.message: QGraphicsTextItem | None = None

    def build(self, graph: ScalarGraph) -> None:
        """Place every node and edge (only when the network or its batch changes)."""
        self.clear()
        self.message = None
        s = graph.structure
        xy = s.layout()
        labels = graph.labels()
        points = [QPointF(c * COLUMN, r * ROW) for c, r in xy]
        self.nodes = []
        for k, node in enumerate(s.nodes):
            item = NodeItem(k, labels[k], node.op in LEAVES)
            item.setPos(points[k])
            self.addItem(item)
            self.nodes.append(item)
        self.edges = []
        for parent, child in s.edges:
            edge = EdgeItem(int(parent), int(child), points[parent], points[child])
            self.addItem(edge)
            self.edges.append(edge)
        self.setSceneRect(self.itemsBoundingRect().adjusted(-20, -20, 20, 20))

    def refuse(self, sentence: str) -> None:
        """Draw no graph, only the sentence saying why."""
        self.clear()
        self.nodes, self.edges = [], []
        self.message = self.addText(sentence)
        self.message.setTextWidth(420)
        self.setSceneRect(self.itemsBoundingRect().adjusted(-20, -20, 20, 20))

    def show_values(self, values: np.ndarray, grads: np.ndarray, grad_word: str) -> None:
        for item, value, grad in zip(self.nodes, values, grads, strict=True):
            g = _text(grad)
            item.set_texts(_text(value), grad_word.format(g) if g else "")

    def light(self, writes: set[int], reads: set[int]) -> None:
        """Writes in the write colour, reads in the read colour, the edges between them lit."""
        for item in self.nodes:
            item.set_state("write" if item.node in writes else "read" if item.node in reads else "plain")
        lit = writes | reads
        for edge in self.edges:
            edge.set_lit(
                (edge.child_node in writes and edge.parent_node in lit)
                or (edge.parent_node in writes and edge.child_node in lit)
            )
