"""The session's network, parameters and layer outputs under the network contract's keys, whether it
holds a one-layer Spec or a deep network, for the instruments that run the engine on any network."""

from __future__ import annotations

from typing import Any

import numpy as np

from convstudio.engine.layer_owners import one_layer_outputs
from convstudio.engine.network_check import check_network
from convstudio.engine.spec_network import param_keys, to_network
from convstudio.session.session import Session


def network_and_params(session: Session) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
    """(network, parameters keyed "<i>.weight") of the current iteration."""
    if session.deep:
        return session.network, dict(session.params)
    keys = param_keys(session.spec)
    return to_network(session.spec), {keys[name]: value for name, value in session.params.items()}


def network_state(session: Session) -> dict[str, Any]:
    """The network's state at the start of the current iteration (batch norm's running statistics,
    the optimiser's buffers); empty for a one-layer Spec, which keeps none of the network's kind."""
    if not session.deep:
        return {}
    snap = session.state().snapshot(session.iteration)
    return {} if snap is None else dict(snap.opt_state)


def output_keys(session: Session) -> list[str]:
    """Each layer's output as the session's trace names it: "0:out", ... or o, a, p, s."""
    if session.deep:
        return [f"{b.index}:out" for b in check_network(session.network).layers]
    return one_layer_outputs(session.spec)
