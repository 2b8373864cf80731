"""The optimiser's state beside a layer's parameters: SGD's momentum buffer, or Adam's m and v and
the step each weight takes, per weight. Each cell shows the value from before the iteration until
the update step of its weight has run, then the new one: the same rhythm as W's old -> new."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QHBoxLayout, QSizePolicy, QWidget

from convstudio.engine.network_trace import NetworkTrace
from convstudio.engine.steps import Section
from convstudio.ui.widgets.matrix_view import MatrixView

#: What each state key is called on the screen, before the weight's name.
SHOWN = {"momentum_buffer": "buf", "exp_avg": "m", "exp_avg_sq": "v"}


def _tr(text: str) -> str:
    return QCoreApplication.translate("", text)


def stateful(trace: NetworkTrace) -> bool:
    """Whether the trace's optimiser keeps a state the card can show (momentum, or Adam)."""
    optimizer = trace.rec.optimizer
    return optimizer["type"] == "adam" or bool(optimizer.get("momentum", 0.0))


def update_section(trace: NetworkTrace, key: str) -> Section | None:
    """The update section that writes parameter ``key``."""
    return next((s for s in trace.sections if s.phase == "update" and s.tensor == key), None)


def revealed(old: np.ndarray, new: np.ndarray, done: int) -> np.ndarray:
    """``old`` with its first ``done`` elements (row-major) replaced by ``new``'s."""
    shown = np.array(old, dtype=np.float64, copy=True).reshape(-1)
    shown[:done] = np.asarray(new, dtype=np.float64).reshape(-1)[:done]
    return shown.reshape(np.shape(old))


def state_arrays(trace: NetworkTrace, key: str, done: int) -> dict[str, np.ndarray]:
    """For parameter ``key`` after ``done`` steps of the trace: each state tensor as shown (old,
    then new once its weight's update ran) and "step", the amount each weight moved (nan before)."""
    rec = trace.rec
    section = update_section(trace, key)
    moved = 0 if section is None else int(np.clip(done - section.start, 0, section.size))
    old_p = np.asarray(rec.values[key], dtype=np.float64)
    out: dict[str, np.ndarray] = {}
    for name in SHOWN:
        state_key = f"{key}.{name}"
        if state_key not in rec.result.new_state:
            continue
        new = np.asarray(rec.result.new_state[state_key], dtype=np.float64)
        old = np.asarray(rec.state.get(state_key, np.zeros_like(new)), dtype=np.float64)
        out[name] = revealed(old, new, moved)
    step = old_p - np.asarray(rec.result.new_params[key], dtype=np.float64)
    out["step"] = revealed(np.full_like(old_p, np.nan), step, moved)
    return out


def _cell(written: tuple[int, ...] | None, lead: tuple[int, ...]) -> tuple[int, int] | None:
    """Where element ``written`` lies in the 2-D slice at ``lead``, or None if in another slice."""
    if written is None or tuple(written[: len(lead)]) != tuple(lead):
        return None
    rest = written[len(lead) :]
    if len(rest) == 2:
        return (rest[0], rest[1])
    return (0, rest[0]) if rest else (0, 0)


class OptimiserCard(QWidget):
    """The state of one parameter's optimiser, one matrix view per state tensor and the step."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.row = QHBoxLayout(self)
        self.row.setContentsMargins(0, 0, 0, 0)
        self.row.setSpacing(8)
        self.views: dict[str, MatrixView] = {}
        self.key = ""

    def show_state(
        self,
        trace: NetworkTrace,
        key: str,
        done: int,
        lead: tuple[int, ...],
        name: str,
        written: tuple[int, ...] | None,
    ) -> None:
        """Parameter ``key`` (``name``: its symbol, e.g. W¹) after ``done`` steps; the slice at ``lead``;
        ``written``: the element the current update step writes, outlined in every view."""
        arrays = state_arrays(trace, key, done)
        if set(arrays) != set(self.views) or key != self.key:
            for view in self.views.values():
                view.setParent(None)
                view.deleteLater()
            self.views = {}
            for part in arrays:
                view = MatrixView()
                view.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
                self.row.addWidget(view, 1)
                self.views[part] = view
            self.key = key
        adam = trace.rec.optimizer["type"] == "adam"
        for part, values in arrays.items():
            shown = values[lead] if values.ndim > 2 else values
            view = self.views[part]
            if part == "step":
                title = QCoreApplication.translate("", "step of {0}").format(name)
                tip = (
                    QCoreApplication.translate("", "How far each weight moves: lr·m̂/(√v̂ + ε)")
                    if adam
                    else QCoreApplication.translate("", "How far each weight moves: lr·buf")
                )
            else:
                title = f"{SHOWN[part]} ({name})"
                tip = {
                    "exp_avg": QCoreApplication.translate(
                        "", "Adam's running mean of the gradient: m ← β₁·m + (1 − β₁)·g"
                    ),
                    "exp_avg_sq": QCoreApplication.translate(
                        "", "Adam's running mean of the squared gradient: v ← β₂·v + (1 − β₂)·g²"
                    ),
                    "momentum_buffer": QCoreApplication.translate(
                        "", "The momentum buffer: buf ← momentum·buf + g"
                    ),
                }[part]
            view.set_title(title)
            view.setToolTip(tip)
            view.setAccessibleName(title)
            view.set_matrix(np.atleast_2d(shown), signed=part != "exp_avg_sq")
            cell = _cell(written, lead)
            view.set_highlights(writes=[] if cell is None else [cell])
