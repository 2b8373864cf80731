"""Why the one-layer window does not open a network it cannot show yet, in one sentence."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication


def unshown_network(lesson: str | None, network: dict[str, Any] | None) -> str:
    """The sentence for a lesson (by name) or a session file (with its network) the window refuses."""
    shows = QCoreApplication.translate(
        "Session",
        "the window shows one conv layer with at most an activation, a pooling and a dense head, and SGD",
    )
    if lesson is not None:
        return QCoreApplication.translate(
            "Session", "The lesson “{lesson}” holds a network that cannot be shown yet: {shows}."
        ).format(lesson=lesson, shows=shows)
    layers = network.get("layers", []) if network else []
    kinds = ", ".join(str(layer.get("type", "?")) for layer in layers)
    optimizer = (network or {}).get("optimizer", {}).get("type", "?")
    return QCoreApplication.translate(
        "Session",
        "This session file holds a network ({kinds}; {optimizer}) that cannot be shown yet: {shows}.",
    ).format(kinds=kinds, optimizer=optimizer, shows=shows)
