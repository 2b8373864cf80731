"""What the landscape maps: the one-layer Spec's weights or a deep network's parameter cells, each
with the engine module that lists, names, parses and computes them."""

from __future__ import annotations

from typing import Any

import numpy as np

from convstudio.engine import landscape, network_landscape
from convstudio.engine.landscape import Pick, Plane
from convstudio.engine.network import param_shapes
from convstudio.engine.network_landscape import NetworkPlane
from convstudio.engine.notation import Names
from convstudio.engine.spec import Spec
from convstudio.session.session import Session

AnyPlane = Plane | NetworkPlane


class Surface:
    """The network whose loss is mapped: ``of`` is a Spec (one layer) or a network dict."""

    def __init__(self, of: Spec | dict[str, Any]) -> None:
        self.of = of
        self.deep = not isinstance(of, Spec)
        self._names: Any = Names(of) if isinstance(of, Spec) else network_landscape.names(of)

    @classmethod
    def of_session(cls, session: Session) -> Surface:
        return cls(session.network if session.deep else session.spec)

    def symbol(self, key: str, index: tuple[int, ...], fmt: str = "text") -> str:
        """``W12`` / ``W¹11`` / ``γ²`` as the trace names the cell."""
        return str(self._names.symbol(key, index, fmt))

    def examples(self) -> list[str]:
        """The last cell of each parameter, as the learner would type it (W¹22, γ², V2,3)."""
        shapes = self.of.param_shapes() if isinstance(self.of, Spec) else param_shapes(self.of)
        return [self.symbol(key, tuple(n - 1 for n in shape)) for key, shape in shapes.items()]

    def cells(self) -> list[tuple[str, Pick]]:
        """(symbol, pick) of the cells the pickers list, layer by layer."""
        if isinstance(self.of, Spec):
            return landscape.cells(self.of)
        return network_landscape.cells(self.of)

    def default_picks(self) -> tuple[Pick, Pick] | None:
        if isinstance(self.of, Spec):
            return landscape.default_picks(self.of)
        return network_landscape.default_picks(self.of)

    def check_picks(self, picks: tuple[Pick, Pick]) -> tuple[Pick, Pick]:
        if isinstance(self.of, Spec):
            return landscape.check_picks(self.of, picks)
        return network_landscape.check_picks(self.of, picks)

    def parse_cell(self, text: str) -> Pick:
        if isinstance(self.of, Spec):
            return landscape.parse_cell(self.of, text)
        return network_landscape.parse_cell(self.of, text)

    def plane(self, params: Any, x: np.ndarray, target: Any, picks: tuple[Pick, Pick]) -> AnyPlane:
        """The loss over the two picked cells through ``params``, or a ValueError."""
        if isinstance(self.of, Spec):
            return Plane(self.of, params, x, target, picks)
        return NetworkPlane(self.of, params, x, target, picks)
