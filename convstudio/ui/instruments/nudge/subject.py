"""What the nudge panel nudges: the one-layer Spec's tensors (W, b, V, c) or a deep network's
parameters ("0.weight", "3.bias"), with their names, sizes and the engine that measures them."""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from typing import Any

import numpy as np
from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from convstudio.engine import gradcheck, network_gradcheck
from convstudio.engine.gradcheck import Nudge
from convstudio.engine.network import param_shapes
from convstudio.engine.network_landscape import names as network_names
from convstudio.engine.notation import Names
from convstudio.engine.spec import Spec
from convstudio.session.session import Session

Arrays = Mapping[str, np.ndarray]
TITLES = {
    "W": QT_TRANSLATE_NOOP("NudgePanel", "W · filters"),
    "b": QT_TRANSLATE_NOOP("NudgePanel", "b · conv bias"),
    "V": QT_TRANSLATE_NOOP("NudgePanel", "V · dense weights"),
    "c": QT_TRANSLATE_NOOP("NudgePanel", "c · dense bias"),
}
#: What batch norm's parameters are, in the picker's words (other layers' are "weight" and "bias").
_BATCH_NORM_ROLES = {"weight": QT_TRANSLATE_NOOP("", "γ (scale)"), "bias": QT_TRANSLATE_NOOP("", "β (shift)")}
#: Every other layer's parameters, in the picker's words.
_ROLES = {"weight": QT_TRANSLATE_NOOP("", "weight"), "bias": QT_TRANSLATE_NOOP("", "bias")}


def _tr(text: str) -> str:
    return QCoreApplication.translate("", text)


class Subject:
    """The network whose parameters are nudged: ``of`` is a Spec (one layer) or a network dict."""

    def __init__(self, of: Spec | dict[str, Any], batch: int) -> None:
        self.of = of
        self.batch = batch
        self.deep = not isinstance(of, Spec)
        if isinstance(of, Spec):
            self.shapes = dict(of.param_shapes())
            self._names: Names | Any = Names(of)
        else:
            self.shapes = dict(param_shapes(of))
            self._names = network_names(of)

    @classmethod
    def of_session(cls, session: Session) -> Subject:
        return cls(session.network if session.deep else session.spec, int(np.shape(session.x)[0]))

    def symbol(self, tensor: str, index: tuple[int, ...], fmt: str = "text") -> str:
        """``W12`` / ``W¹11``; a gradient (tensor "d" + key) as dL/dW¹11."""
        return str(self._names.symbol(tensor, index, fmt))

    def name(self, key: str) -> str:
        """The tensor's symbol without indices: W, W², γ³."""
        return str(self._names.name(key)) if self.deep else key

    def title(self, key: str) -> str:
        """The picker's words for a tensor: "W · filters", "W² · layer 3 (conv) weight"."""
        if not self.deep:
            return QCoreApplication.translate("NudgePanel", TITLES[key]) if key in TITLES else key
        assert isinstance(self.of, dict)
        layer, role = key.split(".")
        kind = self.of["layers"][int(layer)]["type"]
        what = QCoreApplication.translate("", (_BATCH_NORM_ROLES if kind == "batch_norm" else _ROLES)[role])
        return QCoreApplication.translate("", "{0} · layer {1} ({2}) {3}").format(
            self.name(key), int(layer) + 1, kind, what
        )

    def describe(self, key: str, index: tuple[int, ...]) -> str:
        """A cell in words as well as symbols: "W²11 (layer 3 conv weight [0,0,0,0])"."""
        symbol = self.symbol(key, index)
        if not self.deep:
            return symbol
        assert isinstance(self.of, dict)
        layer, role = key.split(".")
        kind = self.of["layers"][int(layer)]["type"]
        cell = ",".join(str(i) for i in index)
        return QCoreApplication.translate("", "{0} (layer {1} {2} {3} [{4}])").format(
            symbol, int(layer) + 1, kind, role, cell
        )

    def count(self, keys: tuple[str, ...] | None = None) -> int:
        """How many cells a check of ``keys`` (default: every parameter) nudges."""
        chosen = keys if keys is not None else tuple(self.shapes)
        return sum(math.prod(self.shapes[key]) for key in chosen)

    # --- the measurements: the one-layer engine or the network one ------------------------------

    def backprop(self, params: Arrays, x: np.ndarray, target: Any) -> tuple[Arrays, float]:
        """Backprop's gradients and the seconds one iteration took."""
        if isinstance(self.of, Spec):
            return gradcheck.timed_backprop(self.of, params, x, target)
        return network_gradcheck.timed_gradients(self.of, params, x, target, repeat=3)

    def nudge(
        self,
        params: Arrays,
        x: np.ndarray,
        target: Any,
        key: str,
        index: tuple[int, ...],
        eps: float,
        grads: Arrays | None,
    ) -> Nudge:
        if isinstance(self.of, Spec):
            return gradcheck.nudge(self.of, params, x, target, key, index, eps=eps, grads=grads)
        return network_gradcheck.nudge(self.of, params, x, target, key, index, eps=eps, grads=grads)

    def sweep(
        self,
        params: Arrays,
        x: np.ndarray,
        target: Any,
        key: str,
        index: tuple[int, ...],
        grads: Arrays | None,
    ) -> Iterator[Nudge]:
        if isinstance(self.of, Spec):
            return gradcheck.sweep(self.of, params, x, target, key, index, grads=grads)
        return network_gradcheck.sweep(self.of, params, x, target, key, index, grads=grads)

    def nudges(
        self,
        params: Arrays,
        x: np.ndarray,
        target: Any,
        keys: tuple[str, ...] | None,
        eps: float,
        grads: Arrays | None,
    ) -> Iterator[Nudge]:
        if isinstance(self.of, Spec):
            return gradcheck.nudges(self.of, params, x, target, eps=eps, tensors=keys, grads=grads)
        return network_gradcheck.nudges(self.of, params, x, target, eps=eps, keys=keys, grads=grads)
