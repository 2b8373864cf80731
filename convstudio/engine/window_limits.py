"""The largest network the window shows: 8 layers, 4 of them conv or conv_transpose, today's sizes.

The engine itself builds any network that fits in memory; these limits keep every step of a network
the window accepts quick to show (benchmarks/bench_trace.py times the heaviest one). Each problem is
one sentence, a layer's worded as the network's checks word it ("layer 3 (conv): ...").
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from convstudio.engine.network_check import Problem, check_network
from convstudio.engine.spec import LIMITS

MAX_LAYERS = 8
MAX_CONV_LAYERS = 4
_CONVS = ("conv", "conv_transpose")
#: Each layer field the window limits, and the Spec limit it keeps.
_FIELDS = {
    "filters": "filters",
    "kernel": "kernel",
    "stride": "stride",
    "padding": "padding",
    "dilation": "dilation",
    "units": "classes",
}


def _most(value: Any) -> int:
    return max(value) if isinstance(value, (list, tuple)) else int(value)


def window_problems(network: Any, batch: int = 1) -> list[str]:
    """Why the window cannot show ``network`` with ``batch`` images ([] when it can).

    A network that cannot be built at all gets the network's own sentences first."""
    return [sentence for _, sentence in window_problems_by_place(network, batch)]


def window_problems_by_place(network: Any, batch: int = 1) -> list[Problem]:
    """``window_problems`` as (where, sentence) pairs, ``where`` as the network's check gives it:
    a layer's 0-based index, or "layers", "input" or "batch" for the network as a whole."""
    checked = check_network(network)
    problems: list[Problem] = list(checked.problems)
    if not isinstance(network, Mapping):
        return problems
    raw = network.get("layers")
    raw_layers = list(raw) if isinstance(raw, (list, tuple)) else []
    if len(raw_layers) > MAX_LAYERS:
        problems.append(
            (
                "layers",
                f"the window shows networks of up to {MAX_LAYERS} layers; this one has {len(raw_layers)}",
            )
        )
    convs = sum(isinstance(r, Mapping) and r.get("type") in _CONVS for r in raw_layers)
    if convs > MAX_CONV_LAYERS:
        problems.append(
            (
                "layers",
                f"the window shows up to {MAX_CONV_LAYERS} conv or conv_transpose layers; "
                f"this network has {convs}",
            )
        )
    size = network.get("input")
    if isinstance(size, Mapping):
        for name, word in (("channels", "channels"), ("height", "rows"), ("width", "columns")):
            value = size.get(name)
            if isinstance(value, int) and value > LIMITS[name]:
                problems.append(
                    ("input", f"the input: the window shows up to {LIMITS[name]} {word}, not {value}")
                )
    if batch > LIMITS["batch"]:
        problems.append(("batch", f"the window shows batches of up to {LIMITS['batch']} images, not {batch}"))
    for layer in checked.layers:
        head = f"layer {layer.index + 1} ({layer.type})"
        for name, limit in _FIELDS.items():
            value = layer.cfg.get(name)
            if value is not None and _most(value) > LIMITS[limit]:
                problems.append(
                    (
                        layer.index,
                        f"{head}: the window shows {name} up to {LIMITS[limit]}, not {_most(value)}",
                    )
                )
        shape = layer.out_shape
        if len(shape) == 3 and max(shape[1:]) > max(LIMITS["height"], LIMITS["width"]):
            rows, cols = shape[1:]
            problems.append(
                (
                    layer.index,
                    f"{head}: its {rows}x{cols} maps are larger than the "
                    f"{LIMITS['height']}x{LIMITS['width']} the window shows; "
                    "use a stride of 1 or a smaller kernel",
                )
            )
    return problems
