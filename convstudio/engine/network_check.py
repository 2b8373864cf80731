"""Whether a network (plain data) can be built, and the layers it builds to.

Every problem is found, not just the first: each is a (where, sentence) pair, ``where`` the
0-based index of a layer or the name of a top-level field ("network", "input", "layers", "loss",
"optimizer"). A layer's sentence starts "layer k (type): " with k counted from 1, as the window
counts layers.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from convstudio.engine import layers, optim

Problem = tuple[int | str, str]
TOP_FIELDS = ("input", "layers", "loss", "optimizer")
INPUT_FIELDS = ("channels", "height", "width")
LOSSES = ("mse", "cross_entropy")
_COUNTS = ("filters", "units")
_PAIR_MINIMUM = {"kernel": 1, "size": 1, "stride": 1, "dilation": 1, "padding": 0, "output_padding": 0}


@dataclass(frozen=True)
class Built:
    """One checked layer: where it is, its type, its complete settings and its per-image shapes."""

    index: int
    type: str
    kind: layers.Layer
    cfg: dict[str, Any]
    in_shape: layers.Shape
    out_shape: layers.Shape


class Checked(NamedTuple):
    """A network checked: its layers (as far as they could be built) and every problem."""

    layers: list[Built]
    problems: list[Problem]
    optimizer: dict[str, Any]


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _unknown(given: Mapping[str, Any], known: Sequence[str], what: str) -> list[str]:
    out = []
    for name in given:
        if name in known:
            continue
        import difflib  # only to name a close match: not imported at every start

        close = difflib.get_close_matches(str(name), known, n=1)
        hint = f"did you mean {close[0]!r}?" if close else f"the fields are {', '.join(known)}"
        out.append(f"{what} has an unknown field {name!r}; {hint}")
    return out


def _pair(value: Any, name: str) -> tuple[tuple[int, int] | None, str | None]:
    """A checked pair, or None and the reason."""
    low = _PAIR_MINIMUM[name]
    if _is_int(value):
        rows = cols = value
    elif isinstance(value, (list, tuple)) and len(value) == 2 and all(_is_int(v) for v in value):
        rows, cols = value
    else:
        return None, f"{name} must be a whole number or a pair [rows, cols], not {value!r}"
    if rows < low or cols < low:
        least = "0 or more" if low == 0 else f"at least {low}"
        return None, f"{name} must be {least}, not {value!r}"
    return (rows, cols), None


def _layer_cfg(raw: Mapping[str, Any], kind: layers.Layer) -> tuple[dict[str, Any], list[str]]:
    """The layer's complete settings and every problem with its fields (without the layer prefix)."""
    problems = _unknown({k: v for k, v in raw.items() if k != "type"}, list(kind.fields), "it")
    cfg: dict[str, Any] = {}
    for name, default in kind.fields.items():
        if name not in raw:
            if default is layers.REQUIRED:
                problems.append(f"the field {name!r} is missing")
            elif default is not layers.SAME_AS_SIZE:
                cfg[name] = (default, default) if name in kind.pairs else default
            continue
        value = raw[name]
        if name in kind.pairs:
            cfg[name], why = _pair(value, name)
            if why:
                problems.append(why)
        elif name in _COUNTS:
            if not (_is_int(value) and value >= 1):
                problems.append(f"{name} must be a whole number of at least 1, not {value!r}")
            cfg[name] = value
        elif name == "bias":
            if not isinstance(value, bool):
                problems.append(f"bias must be true or false, not {value!r}")
            cfg[name] = value
        elif name == "eps":
            if not (_is_number(value) and value > 0):
                problems.append(f"eps must be a number above 0, not {value!r}")
            cfg[name] = float(value) if _is_number(value) else value
        elif name == "momentum":
            if not (_is_number(value) and 0 <= value <= 1):
                problems.append(f"momentum must be a number from 0 to 1, not {value!r}")
            cfg[name] = float(value) if _is_number(value) else value
    if "size" in kind.fields and cfg.get("stride") is None:
        cfg["stride"] = cfg.get("size")
    return cfg, problems


def _seen(shape: layers.Shape, previous: Built | None) -> str:
    """How a layer's input reads in a sentence: "the 2x2 maps that layer 2's pooling leaves"."""
    what = "maps" if len(shape) == 3 else "features"
    if all(shape):
        what = f"{dims(shape[1:])} maps" if len(shape) == 3 else f"{shape[0]} feature{'s' * (shape[0] != 1)}"
    if previous is None:
        return f"the {dims(shape[1:])} input"
    return f"the {what} that layer {previous.index + 1}'s {previous.kind.noun} leaves"


def dims(shape: Sequence[int]) -> str:
    return "x".join(str(v) for v in shape)


def _input_shape(raw: Any, problems: list[Problem]) -> layers.Shape | None:
    if not isinstance(raw, Mapping):
        problems.append(("input", f"input must be a table of {', '.join(INPUT_FIELDS)}, not {raw!r}"))
        return None
    for sentence in _unknown(raw, INPUT_FIELDS, "input"):
        problems.append(("input", sentence))
    shape: list[int] = []
    for name in INPUT_FIELDS:
        value: Any = raw.get(name)
        if name not in raw:
            problems.append(("input", f"input: the field {name!r} is missing"))
        elif not (_is_int(value) and value >= 1):
            problems.append(("input", f"input: {name} must be a whole number of at least 1, not {value!r}"))
        else:
            shape.append(value)
    return tuple(shape) if len(shape) == 3 else None


def _optimizer(raw: Any, problems: list[Problem]) -> dict[str, Any]:
    if not isinstance(raw, Mapping) or "type" not in raw:
        problems.append(("optimizer", "optimizer must be a table with a type: sgd or adam"))
        return {}
    kind = raw["type"]
    if kind not in optim.SETTINGS:
        problems.append(("optimizer", f"optimizer: unknown type {kind!r}; use sgd or adam"))
        return {}
    settings = optim.SETTINGS[kind]
    given = {k: v for k, v in raw.items() if k != "type"}
    for sentence in _unknown(given, list(settings), f"the {kind} optimizer"):
        problems.append(("optimizer", sentence))
    out: dict[str, Any] = {"type": kind}
    for name, default in settings.items():
        value = given.get(name, default)
        if value is None:
            problems.append(("optimizer", f"the {kind} optimizer: the field {name!r} is missing"))
            continue
        if name == "betas":
            ok = isinstance(value, (list, tuple)) and len(value) == 2
            ok = ok and all(_is_number(b) and 0 <= b < 1 for b in value)
            why = "two numbers from 0 up to (not including) 1"
        elif name == "momentum":
            ok, why = _is_number(value) and 0 <= value < 1, "a number from 0 up to (not including) 1"
        else:
            ok, why = _is_number(value) and value >= 0, "a number of at least 0"
        if not ok:
            problems.append(("optimizer", f"the {kind} optimizer: {name} must be {why}, not {value!r}"))
            continue
        out[name] = tuple(float(b) for b in value) if name == "betas" else float(value)
    return out


def check_network(network: Any) -> Checked:
    """Every problem of a network, and its layers as far as they could be built."""
    problems: list[Problem] = []
    if not isinstance(network, Mapping):
        what = "a table of input, layers, loss and optimizer"
        return Checked([], [("network", f"the network must be {what}, not {type(network).__name__}")], {})
    for sentence in _unknown(network, TOP_FIELDS, "the network"):
        problems.append(("network", sentence))
    for name in TOP_FIELDS:
        if name not in network:
            problems.append((name, f"the network: the field {name!r} is missing"))
    shape = _input_shape(network["input"], problems) if "input" in network else None
    loss = network.get("loss")
    if "loss" in network and loss not in LOSSES:
        problems.append(("loss", f"loss must be one of {', '.join(LOSSES)}, not {loss!r}"))
    optimizer = _optimizer(network["optimizer"], problems) if "optimizer" in network else {}
    raw_layers = network.get("layers", [])
    if not isinstance(raw_layers, (list, tuple)) or not raw_layers:
        problems.append(("layers", "layers must be a list of at least one layer"))
        return Checked([], problems, optimizer)
    built: list[Built] = []
    # After a layer that cannot be built, the sizes are unknown (0) but the ranks still tell
    # whether maps or features arrive, so later layers are still checked for those.
    for i, raw in enumerate(raw_layers):
        kind_name = raw.get("type") if isinstance(raw, Mapping) else None
        head = f"layer {i + 1} ({kind_name})"
        if kind_name not in layers.TYPES:
            why = "it has no type" if kind_name is None else f"unknown type {kind_name!r}"
            problems.append((i, f"layer {i + 1}: {why}; the types are {', '.join(layers.TYPES)}"))
            shape = None
            continue
        kind = layers.TYPES[kind_name]
        cfg, field_problems = _layer_cfg(raw, kind)
        problems.extend((i, f"{head}: {p}") for p in field_problems)
        if shape is None:
            continue
        known = all(shape) and not field_problems
        wrong_rank = (kind.needs_maps and len(shape) != 3) or (kind_name == "dense" and len(shape) == 3)
        if known or wrong_rank:
            try:
                out = kind.out_shape(cfg, shape, _seen(shape, built[-1] if built else None))
            except layers.ShapeError as problem:
                problems.append((i, f"{head}: {problem}"))
                known = False
        if known:
            built.append(Built(i, kind_name, kind, cfg, shape, out))
            shape = out
        else:
            built.append(Built(i, kind_name, kind, cfg, shape, ()))
            shape = (0,) * (kind.out_rank or len(shape))
    if loss == "cross_entropy" and shape is not None and len(shape) != 1:
        maps = f"{dims(shape[1:])} maps" if all(shape) else "maps"
        problems.append(
            (
                "loss",
                f"the loss cross_entropy needs class scores (N, K), but the network ends with "
                f"{maps}; end with global_avg_pool or a dense layer",
            )
        )
    return Checked(built, problems, optimizer)
