"""The gradient flow instrument: each layer's gradient norm over the iterations run, on a log scale.

One solid curve per layer for ‖dL/da‖, the gradient reaching its output, and a dashed one per
weighted layer for ‖dL/dW‖; the latest values are also a sentence (the plot's accessible
description). pyqtgraph is imported when the instrument is built; redraws are coalesced.
"""

from __future__ import annotations

import math
import time
from typing import Any

import numpy as np
from PySide6.QtCore import QTimer
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from convstudio.engine import gradient_flow
from convstudio.engine.network_check import check_network
from convstudio.engine.timeline import Snapshot
from convstudio.session.session import Session
from convstudio.ui.instruments.gradient_flow import norms
from convstudio.ui.panels.network_panel import kind_words

REDRAW_MS = 33
#: Iterations computed on the GUI thread at once (each takes under a millisecond for the lessons'
#: networks), if they fit in BUDGET_S; more go to a session job.
INLINE = 8
#: Seconds of computing the GUI thread may spend on norms in one redraw.
BUDGET_S = 0.02
#: Okabe-Ito colours, one per layer in turn.
COLOURS = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442")


class GradientFlowView(QWidget):
    """Each layer's ‖dL/da‖ and ‖dL/dW‖ per iteration, one curve each, with a legend."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        import pyqtgraph as pg

        self.session = session
        self.redraws = 0
        self.plot = pg.PlotWidget()
        self.plot.setAccessibleName(self.tr("Gradient norms per layer"))
        item = self.plot.getPlotItem()
        item.showGrid(x=True, y=True, alpha=0.25)
        item.setMenuEnabled(False)
        item.setLogMode(y=True)
        item.getAxis("left").enableAutoSIPrefix(False)
        palette = self.palette()
        base = palette.color(QPalette.ColorRole.Base)
        base.setAlpha(220)  # the curves stay visible under it
        self.legend = item.addLegend(
            offset=(-10, 10), labelTextColor=palette.color(QPalette.ColorRole.Text), brush=pg.mkBrush(base)
        )
        self.empty = QLabel(self.tr("The gradient norms appear here once an iteration has run."))
        self.empty.setWordWrap(True)
        self.sentence = QLabel()
        self.sentence.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 6, 6)
        layout.addWidget(self.plot, 1)
        layout.addWidget(self.sentence)
        layout.addWidget(self.empty)
        self.curves: dict[str, Any] = {}
        self.names: dict[str, str] = {}
        self._done: dict[int, tuple[Snapshot, gradient_flow.Flow]] = {}
        self._job: Any = None
        self._per_flow = 0.0  # seconds one iteration's norms took on the GUI thread last time
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(REDRAW_MS)
        self._timer.timeout.connect(self.redraw)
        session.loss_recorded.connect(self.schedule)
        session.cursor_moved.connect(self.schedule)
        session.params_changed.connect(self.schedule)
        session.spec_changed.connect(self._forget)
        session.data_changed.connect(self._forget)
        self._forget()

    def schedule(self) -> None:
        """Redraw soon, once, however many changes arrive meanwhile."""
        if not self._timer.isActive():
            self._timer.start()

    def _forget(self) -> None:
        """The network or the data changed: every norm is computed again, and the curves rebuilt."""
        if self._job is not None:
            self._job.cancel()
            self._job = None
        self._done = {}
        self._build_curves()
        self.redraw()

    def _build_curves(self) -> None:
        import pyqtgraph as pg

        item = self.plot.getPlotItem()
        for curve in self.curves.values():
            item.removeItem(curve)
        self.legend.clear()
        self.curves, self.names = {}, {}
        layers = check_network(self.session.state().the_network()).layers
        weighted = {f"{b.index}.weight" for b in layers if b.type in ("conv", "conv_transpose", "dense")}
        for k, layer in enumerate(layers):
            colour = COLOURS[k % len(COLOURS)]
            word = self.tr("layer {0} ({1})").format(layer.index + 1, kind_words(layer.type))
            self.names[f"a{layer.index}"] = word
            pen = pg.mkPen(colour, width=2.5)
            self.curves[f"a{layer.index}"] = item.plot(
                [],
                [],
                pen=pen,
                name=self.tr("{0} {1}: dL/da").format(layer.index + 1, kind_words(layer.type)),
            )
            if f"{layer.index}.weight" in weighted:
                self.names[f"{layer.index}.weight"] = word
                dashed = pg.mkPen(colour, width=2, style=pg.QtCore.Qt.PenStyle.DashLine)
                self.curves[f"{layer.index}.weight"] = item.plot(
                    [],
                    [],
                    pen=dashed,
                    name=self.tr("{0} {1}: dL/dW").format(layer.index + 1, kind_words(layer.type)),
                )
        for curve in self.curves.values():
            curve.setData([], [], connect="finite")
        foreground = self.palette().color(QPalette.ColorRole.Text)
        self.plot.setBackground(self.palette().color(QPalette.ColorRole.Base))
        item.setLabel("bottom", self.tr("iteration"), color=foreground.name())
        item.setLabel("left", self.tr("gradient norm"), color=foreground.name())

    # --- computing ---------------------------------------------------------------------------

    def _compute(self) -> bool:
        """Bring the norms up to date; False while a job is still computing some."""
        state = self.session.state()
        work = norms.pending(state, self._done)
        if not work:
            return True
        network, keys = state.the_network(), norms.keys_of(state)
        if len(work) <= INLINE and self._per_flow * len(work) <= BUDGET_S:
            started = time.perf_counter()
            self._take(norms.flows(None, network, keys, state.x, state.target, work))
            self._per_flow = (time.perf_counter() - started) / len(work)
            return True
        if self._job is None:
            self._job = self.session.jobs.submit(
                norms.flows,
                network,
                keys,
                state.x,
                state.target,
                work,
                name="gradient-flow",
                on_done=self._finished,
            )
        return False

    def _take(self, results: list[tuple[int, Snapshot, gradient_flow.Flow]]) -> None:
        for number, snap, flow in results:
            self._done[number] = (snap, flow)

    def _finished(self, results: list[tuple[int, Snapshot, gradient_flow.Flow]]) -> None:
        self._job = None
        self._take(results)
        self.schedule()

    def wait(self, timeout: float = 10.0) -> None:
        """Until the norms are all computed (for tests and screenshots)."""
        from PySide6.QtCore import QCoreApplication

        end = time.monotonic() + timeout
        while not self._compute() and time.monotonic() < end:
            QCoreApplication.processEvents()
            time.sleep(0.005)
        self.redraw()

    # --- drawing -----------------------------------------------------------------------------

    def data(self) -> dict[str, tuple[np.ndarray, np.ndarray]]:
        """Each curve's (iterations, 1-based, norms) as drawn; keys "a<i>" and "<i>.weight"."""
        upto = self.session.iteration
        if not any(n < upto for n in self._done):
            return {key: (np.zeros(0), np.zeros(0)) for key in self.curves}
        x, history = norms.series(self._done, upto)
        out = {f"a{i}": (x, values) for i, values in history.outputs.items()}
        out.update({key: (x, values) for key, values in history.weights.items() if key in self.curves})
        return out

    def redraw(self) -> None:
        self.redraws += 1
        self._compute()
        data = self.data()
        for key, curve in self.curves.items():
            x, y = data.get(key, (np.zeros(0), np.zeros(0)))
            # a log scale has no zero: a gradient of exactly 0 (a dead ReLU) leaves a gap
            curve.setData(x, np.where(y > 0, y, np.nan), connect="finite")
        shown = any(len(x) for x, _ in data.values())
        self.empty.setVisible(not shown)
        self.plot.setVisible(shown)
        text = self.describe(data)
        self.sentence.setText(text)
        self.plot.setAccessibleDescription(text)

    def describe(self, data: dict[str, tuple[np.ndarray, np.ndarray]]) -> str:
        """The latest norms as a sentence."""
        known = {key: (x, y) for key, (x, y) in data.items() if len(x)}
        if not known:
            return self.tr("No iteration has run yet.")
        last = int(max(x[-1] for x, _ in known.values()))
        outputs = [
            self.tr("{0} {1}").format(self.names[key], _number(y[-1]))
            for key, (_, y) in known.items()
            if key[0] == "a"
        ]
        weights = [
            self.tr("{0} {1}").format(self.names[key], _number(y[-1]))
            for key, (_, y) in known.items()
            if key[0] != "a"
        ]
        text = self.tr("Iteration {0}: ‖dL/da‖ of {1}.").format(last, ", ".join(outputs))
        if weights:
            text += " " + self.tr("‖dL/dW‖ of {0}.").format(", ".join(weights))
        return text


def _number(value: float) -> str:
    return f"{value:.3g}" if math.isfinite(value) else str(value)
