"""Session files: the whole state as JSON, written atomically, read back bit for bit, checked fully.

Arrays are stored as their IEEE 754 bytes (little-endian float64) in base64, so every weight and
loss reads back to the same bits, and a million losses take 10 MB and a few milliseconds. Format 1
(a list of ``float.hex`` strings per array, one entry per iteration) is still read. A file is written
to a temporary file beside the target, flushed to disk and renamed over it: a crash mid-save leaves
the old file intact. Reading never unpickles or evaluates anything; every problem becomes one
SessionFileError sentence.

A file never grows past what ConvStudio opens (MAX_BYTES): when the kept weights would not fit, the
oldest are left out (their losses stay), as the timeline itself drops them.
"""

from __future__ import annotations

import base64
import dataclasses
import json
import math
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any, TextIO

import numpy as np

from convstudio import __version__
from convstudio.engine import plausible
from convstudio.engine.cursor import Cursor
from convstudio.engine.model import check_data, check_params
from convstudio.engine.quoting import brief, quoted
from convstudio.engine.spec import Spec, SpecError
from convstudio.engine.spec_network import describes
from convstudio.engine.timeline import MAX_ITERATIONS, Losses, Snapshot, State
from convstudio.io import atomic
from convstudio.io import sessionfile_network as sf_network
from convstudio.io.session_arrays import (
    MAX_BYTES,
    Bytes,
    SessionFileError,
    array,
    arrays,
    load_array,
    load_arrays,
    whole,
)
from convstudio.io.sessionfile_data import data_doc, load_data
from convstudio.io.sessionfile_network import opt_state_doc
from convstudio.io.sessionfile_v1 import timeline_v1

FORMAT = "convstudio-session"
VERSION = 4
KEYS_V2 = {
    *("format", "version", "app", "spec", "x", "target", "losses", "first", "snapshots"),
    *("iteration", "cursor", "lesson", "seed", "lesson_text"),
}
KEYS_V1 = KEYS_V2 - {"losses", "first", "snapshots"} | {"timeline"}
#: Format 3 adds the network as plain data (the spec is null when no Spec describes it) and each
#: iteration's optimiser state; format 4 the data set (null when the batch is all there is).
KEYS_V3 = KEYS_V2 | {"network"}
KEYS = KEYS_V3 | {"data"}
#: Lists and tables, and values, a session may hold: 10,000 iterations' weights take about 200,000
#: tables; the most values (numbers written by hand or in format 1) fit in MAX_BYTES anyway.
MAX_CONTAINERS = 1_000_000
MAX_VALUES = 5_000_000
#: The longest version, lesson name and lesson text a session file may give.
MAX_NAME = 200
MAX_TEXT = 100_000
_SLICE = 3 * 2**17  # bytes encoded at a time: a multiple of 3, so the slices join into one base64


# --- writing ---------------------------------------------------------------------------------


def _marks(value: Any) -> Iterator[Bytes]:
    if isinstance(value, Bytes):
        yield value
    elif isinstance(value, dict):
        for v in value.values():
            yield from _marks(v)
    elif isinstance(value, list):
        for v in value:
            yield from _marks(v)


def _dump(doc: dict[str, Any], out: TextIO) -> None:
    """``doc`` as compact JSON, each array's bytes base64-encoded a slice at a time."""
    text = json.dumps(doc, allow_nan=False, separators=(",", ":"))
    for mark in _marks(doc):
        head, text = text.split(mark, 1)
        out.write(head)
        raw = np.ascontiguousarray(mark.array).view(np.uint8).ravel()
        for start in range(0, len(raw), _SLICE):
            out.write(base64.b64encode(raw[start : start + _SLICE]).decode())
    out.write(text)


def _encoded_bytes(values: int) -> int:
    return 4 * math.ceil(8 * values / 3) + 40


def fitting(state: State, limit: int = MAX_BYTES - 1_000_000) -> State:
    """``state`` with the oldest kept weights left out (then the ones after the current iteration)
    until its file stays under ``limit`` bytes; the current iteration's weights always stay."""

    def size(snap: Snapshot) -> int:
        extra = [v for v in snap.opt_state.values() if isinstance(v, np.ndarray)]
        return sum(_encoded_bytes(v.size) for v in (*snap.params.values(), *snap.velocity.values(), *extra))

    data = 0 if state.data is None else state.data.images.size + state.data.targets.size
    base = _encoded_bytes(state.x.size + state.target.size + len(state.losses) + data) + 100_000
    here = state.iteration - state.first
    sizes = [size(snap) for snap in state.snapshots]
    start, stop = 0, len(sizes)
    while base + sum(sizes[start:stop]) > limit and (start < here or stop > here + 1):
        if start < here:
            start += 1
        else:
            stop -= 1
    if (start, stop) == (0, len(sizes)):
        return state
    first = state.first + start
    losses = state.losses.truncated(first + stop - start)  # no loss beyond the weights kept
    return replace(state, snapshots=state.snapshots[start:stop], first=first, losses=losses)


def document(
    state: State, lesson_text: dict[str, str] | None = None, *, lazy: bool = False
) -> dict[str, Any]:
    """The file's contents as plain data (``lazy``: arrays left for ``_dump`` to encode)."""
    return {
        "format": FORMAT,
        "version": VERSION,
        "app": __version__,
        "spec": None if state.spec is None else state.spec.to_dict(),
        "network": state.the_network(),
        "x": array(state.x, lazy),
        "target": array(state.target, lazy),
        "losses": array(np.asarray(state.losses), lazy),
        "first": state.first,
        "snapshots": [
            {
                "params": arrays(snap.params, lazy),
                "velocity": arrays(snap.velocity, lazy),
                "opt_state": opt_state_doc(snap.opt_state, lazy),
            }
            for snap in state.snapshots
        ],
        "iteration": state.iteration,
        "cursor": [state.cursor.done, state.cursor.terms],
        "lesson": state.lesson,
        "seed": state.seed,
        "lesson_text": dict(lesson_text or {}),
        "data": data_doc(state.data, lazy),
    }


def save_state(path: str | Path, state: State, lesson_text: dict[str, str] | None = None) -> None:
    """Write the state to ``path`` in one step (never half-written); OSError says why not."""
    doc = document(fitting(state), lesson_text, lazy=True)
    atomic.write_with(path, lambda out: _dump(doc, out))


# --- reading ---------------------------------------------------------------------------------


def _reject_constant(name: str) -> float:
    raise SessionFileError(f"it holds {name}, which is not a number ConvStudio can use")


def load_state(path: str | Path) -> tuple[State, dict[str, str]]:
    """(State, lesson texts) from a session file, or SessionFileError naming the file."""
    path = Path(path)
    try:
        return _load(path)
    except SessionFileError as error:
        raise SessionFileError(f"{quoted(path.name)} cannot be opened: {error}") from None


def _read(path: Path) -> dict[str, Any]:
    try:
        size = path.stat().st_size
    except OSError as error:
        raise SessionFileError(error.strerror.lower() if error.strerror else str(error)) from None
    if size > MAX_BYTES:
        raise SessionFileError(
            f"it is {size / 1e6:.0f} MB; session files up to {MAX_BYTES / 1e6:.0f} MB can be opened"
        )
    if size == 0:
        raise SessionFileError("it is empty (0 bytes)")
    try:
        text = path.read_text(encoding="utf-8")
        plausible.check_json(text, MAX_CONTAINERS, MAX_VALUES)
        doc = json.loads(text, parse_constant=_reject_constant)
    except UnicodeDecodeError:
        raise SessionFileError("it is not a ConvStudio session (not text)") from None
    except OSError as error:
        raise SessionFileError(error.strerror.lower() if error.strerror else str(error)) from None
    except RecursionError:
        raise SessionFileError("it nests too deeply to be a ConvStudio session") from None
    except plausible.ImplausibleError as error:
        raise SessionFileError(str(error)) from None
    except json.JSONDecodeError as error:
        raise SessionFileError(
            f"it is not valid JSON ({error.msg} at line {error.lineno}); damaged or cut short?"
        ) from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise SessionFileError("it is not a ConvStudio session file")
    return doc


def _load(path: Path) -> tuple[State, dict[str, str]]:
    doc = _read(path)
    version = doc.get("version")
    if isinstance(version, int) and not isinstance(version, bool) and version > VERSION:
        raise SessionFileError(
            f"it was saved by a newer ConvStudio (format {version}); this version reads formats 1 "
            f"to {VERSION}. Update ConvStudio to open it"
        )
    if version not in (1, 2, 3, VERSION) or isinstance(version, bool):
        raise SessionFileError(f"its format version {version!r} is not one ConvStudio knows")
    keys = {1: KEYS_V1, 2: KEYS_V2, 3: KEYS_V3, VERSION: KEYS}[version]
    missing, extra = sorted(keys - set(doc)), sorted(set(doc) - keys)
    if missing:
        raise SessionFileError(f"it lacks {', '.join(missing)}")
    if extra:
        raise SessionFileError(f"it has unknown entries {', '.join(map(quoted, map(str, extra)))}")
    app = doc["app"]
    if not isinstance(app, str) or not 0 < len(app) <= MAX_NAME:
        raise SessionFileError(f"its app (the version that saved it) must be a short text, not {brief(app)}")
    network = sf_network.load_network(doc["network"]) if version >= 3 else None
    spec = None if network is not None and doc["spec"] is None else _spec(doc["spec"])
    if spec is not None and network is not None and not describes(spec, network):
        raise SessionFileError("its network and its spec describe different networks")
    try:
        x, target = load_array(doc["x"], "the input"), load_array(doc["target"], "the target")
        x, target = sf_network.check_data(network, x, target) if spec is None else check_data(spec, x, target)
    except SessionFileError:
        raise
    except ValueError as error:
        raise SessionFileError(str(error)) from None
    if version == 1:
        losses, first, snapshot_docs = timeline_v1(doc["timeline"])
    else:
        losses = load_array(doc["losses"], "the losses")
        if losses.ndim != 1:
            raise SessionFileError("the losses must be a list of numbers")
        first = whole(doc["first"], "the first iteration kept", 0, MAX_ITERATIONS - 1)
        snapshot_docs = doc["snapshots"]
        if not isinstance(snapshot_docs, list) or not snapshot_docs:
            raise SessionFileError("its weights (snapshots) must be a non-empty list")
    if first + len(snapshot_docs) > MAX_ITERATIONS:
        raise SessionFileError(
            f"its history is longer than the {MAX_ITERATIONS:,} iterations ConvStudio keeps"
        )
    if not first <= len(losses) <= first + len(snapshot_docs):
        raise SessionFileError(
            f"its {len(losses)} losses do not match weights kept for iterations "
            f"{first + 1} to {first + len(snapshot_docs)}"
        )
    snapshots = []
    for i, snap in enumerate(snapshot_docs):
        number = first + i + 1
        parts = {"params", "velocity"} | ({"opt_state"} if version >= 3 else set())
        if not isinstance(snap, dict) or set(snap) != parts:
            named = "params, velocity and opt_state" if version >= 3 else "params and velocity"
            raise SessionFileError(f"the weights of iteration {number} must have {named}")
        try:
            params = load_arrays(snap["params"], f"the weights of iteration {number}")
            params = sf_network.check_params(network, params) if spec is None else check_params(spec, params)
        except SessionFileError:
            raise
        except ValueError as error:
            raise SessionFileError(f"the weights of iteration {number}: {error}") from None
        velocity = load_arrays(snap["velocity"], f"the momentum of iteration {number}")
        if (
            spec is not None
            and spec.momentum
            and velocity
            and {k: v.shape for k, v in velocity.items()} != {k: v.shape for k, v in params.items()}
        ):
            raise SessionFileError(f"the momentum of iteration {number} does not match its weights")
        opt_state = (
            sf_network.load_opt_state(
                None if spec is not None else network,
                params,
                snap["opt_state"],
                f"the state of iteration {number}",
            )
            if version >= 3
            else {}
        )
        snapshots.append(Snapshot(params, velocity, opt_state))
    iteration = whole(doc["iteration"], "the current iteration", first, first + len(snapshots) - 1)
    if len(losses) < iteration:
        missing = f"{len(losses) + 1} to {iteration}" if len(losses) + 1 < iteration else f"{iteration}"
        raise SessionFileError(f"it lacks the loss of iteration {missing}")
    cursor = doc["cursor"]
    if not isinstance(cursor, list) or len(cursor) != 2:
        raise SessionFileError("its cursor must be [steps done, terms]")
    done = whole(cursor[0], "the cursor", 0, 10**9)
    terms = whole(cursor[1], "the cursor's terms", 0, 10**9)
    lesson = doc["lesson"]
    if lesson is not None and not (isinstance(lesson, str) and len(lesson) <= MAX_NAME):
        raise SessionFileError(f"its lesson must be a name of up to {MAX_NAME} characters, or null")
    seed = whole(doc["seed"], "the seed", 0, 2**63)
    texts = doc["lesson_text"]
    if not isinstance(texts, dict) or not all(
        isinstance(k, str) and isinstance(v, str) and len(k) <= MAX_NAME and len(v) <= MAX_TEXT
        for k, v in texts.items()
    ):
        raise SessionFileError(f"its lesson texts must be a table of texts up to {MAX_TEXT:,} characters")
    state = State(
        spec, x, target, snapshots, iteration, Cursor(done, terms), lesson, seed, first, Losses(losses),
        network=None if spec is not None else network,
        data=load_data(doc["data"], spec, network) if version >= 4 else None,
    )  # fmt: skip
    return state, texts


def _spec(value: Any) -> Spec:
    if not isinstance(value, dict):
        raise SessionFileError("its network (spec) must be a table")
    unset = [f.name for f in dataclasses.fields(Spec) if f.name not in value]
    if unset:
        raise SessionFileError(f"its network (spec) lacks {', '.join(unset)}")
    try:
        return Spec.from_dict(value).validate()
    except SpecError as error:
        raise SessionFileError(f"its network is impossible: {error}") from None
    except (TypeError, ValueError) as error:
        raise SessionFileError(f"its network has bad values: {error}") from None
