"""Session files: the whole state as JSON, written atomically, read back bit for bit, checked fully.

Floats are stored as ``float.hex`` strings, so every weight and loss reads back to the same bits.
A file is written to a temporary file beside the target, flushed to disk and renamed over it: a
crash mid-save leaves the old file intact. Reading never unpickles or evaluates anything; every
problem becomes one SessionFileError sentence.
"""

from __future__ import annotations

import json
import math
import os
import tempfile
from pathlib import Path
from typing import Any

import numpy as np

from convstudio import __version__
from convstudio.engine.model import Spec, SpecError, check_data, check_params
from convstudio.engine.trace import Cursor

FORMAT = "convstudio-session"
VERSION = 1
MAX_BYTES = 50 * 1024 * 1024
KEYS = {
    *("format", "version", "app", "spec", "x", "target", "timeline"),
    *("iteration", "cursor", "lesson", "seed", "lesson_text"),
}


class SessionFileError(ValueError):
    """A session file that cannot be opened; the current session stays as it was."""


# --- writing ---------------------------------------------------------------------------------


def _array(a: np.ndarray) -> dict[str, Any]:
    a = np.asarray(a, dtype=np.float64)
    return {"shape": list(a.shape), "data": [float(v).hex() for v in a.ravel()]}


def _arrays(d: dict[str, np.ndarray]) -> dict[str, Any]:
    return {k: _array(v) for k, v in d.items()}


def document(state: Any, lesson_text: dict[str, str] | None = None) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "version": VERSION,
        "app": __version__,
        "spec": state.spec.to_dict(),
        "x": _array(state.x),
        "target": _array(state.target),
        "timeline": [
            {
                "params": None if snap.params is None else _arrays(snap.params),
                "velocity": _arrays(snap.velocity),
                "loss": None if snap.loss is None else float(snap.loss).hex(),
            }
            for snap in state.timeline
        ],
        "iteration": state.iteration,
        "cursor": [state.cursor.done, state.cursor.terms],
        "lesson": state.lesson,
        "seed": state.seed,
        "lesson_text": dict(lesson_text or {}),
    }


def save_state(path: str | Path, state: Any, lesson_text: dict[str, str] | None = None) -> None:
    """Write the state to ``path`` through a temporary file and a rename (never half-written)."""
    path = Path(path)
    doc = document(state, lesson_text)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(doc, out, allow_nan=False, separators=(",", ":"))
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


# --- reading ---------------------------------------------------------------------------------


def _reject_constant(name: str) -> float:
    raise SessionFileError(f"it holds {name}, which is not a number ConvStudio can use")


def _load_array(value: Any, what: str) -> np.ndarray:
    if not isinstance(value, dict) or set(value) != {"shape", "data"}:
        raise SessionFileError(f"{what} must be an array with shape and data")
    shape, data = value["shape"], value["data"]
    if not isinstance(shape, list) or not all(
        isinstance(n, int) and not isinstance(n, bool) and n >= 0 for n in shape
    ):
        raise SessionFileError(f"{what} has a bad shape")
    if not isinstance(data, list) or len(data) != math.prod(shape):
        raise SessionFileError(f"{what} must hold {math.prod(shape)} values")
    try:
        values = [float.fromhex(v) if isinstance(v, str) else _number(v) for v in data]
    except (ValueError, TypeError, OverflowError):
        raise SessionFileError(f"{what} holds something that is not a number") from None
    out = np.array(values, dtype=np.float64).reshape(shape)
    if not np.isfinite(out).all():
        raise SessionFileError(f"{what} holds NaN or infinite values")
    return out


def _number(v: Any) -> float:
    if isinstance(v, bool) or not isinstance(v, int | float):
        raise TypeError
    return float(v)


def _load_arrays(value: Any, what: str) -> dict[str, np.ndarray]:
    if not isinstance(value, dict):
        raise SessionFileError(f"{what} must be a table of arrays")
    return {str(k): _load_array(v, f"{what} {k}") for k, v in value.items()}


def _int(value: Any, what: str, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise SessionFileError(f"{what} must be a whole number from {low} to {high}")
    return value


def load_state(path: str | Path) -> tuple[Any, dict[str, str]]:
    """(State, lesson texts) from a session file, or SessionFileError naming the file."""
    path = Path(path)
    try:
        return _load(path)
    except SessionFileError as error:
        raise SessionFileError(f"{path.name} cannot be opened: {error}") from None


def _load(path: Path) -> tuple[Any, dict[str, str]]:
    from convstudio.session.session import Snapshot, State

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
        doc = json.loads(text, parse_constant=_reject_constant)
    except UnicodeDecodeError:
        raise SessionFileError("it is not a ConvStudio session (not text)") from None
    except json.JSONDecodeError as error:
        raise SessionFileError(
            f"it is not valid JSON ({error.msg} at line {error.lineno}); damaged or cut short?"
        ) from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise SessionFileError("it is not a ConvStudio session file")
    version = doc.get("version")
    if isinstance(version, int) and not isinstance(version, bool) and version > VERSION:
        raise SessionFileError(
            f"it was saved by a newer ConvStudio (format {version}); this version reads format {VERSION}. "
            "Update ConvStudio to open it"
        )
    if version != VERSION:
        raise SessionFileError(f"its format version {version!r} is not one ConvStudio knows")
    missing, extra = sorted(KEYS - set(doc)), sorted(set(doc) - KEYS)
    if missing:
        raise SessionFileError(f"it lacks {', '.join(missing)}")
    if extra:
        raise SessionFileError(f"it has unknown entries {', '.join(extra)}")
    if not isinstance(doc["spec"], dict):
        raise SessionFileError("its network (spec) must be a table")
    try:
        spec = Spec.from_dict(doc["spec"]).validate()
    except SpecError as error:
        raise SessionFileError(f"its network is impossible: {error}") from None
    except (TypeError, ValueError) as error:
        raise SessionFileError(f"its network has bad values: {error}") from None
    try:
        x, target = check_data(
            spec, _load_array(doc["x"], "the input"), _load_array(doc["target"], "the target")
        )
    except SessionFileError:
        raise
    except ValueError as error:
        raise SessionFileError(str(error)) from None
    timeline_doc = doc["timeline"]
    if not isinstance(timeline_doc, list) or not timeline_doc:
        raise SessionFileError("its history (timeline) must be a non-empty list")
    if len(timeline_doc) > 10_000_000:
        raise SessionFileError("its history is too long")
    timeline = []
    for i, snap in enumerate(timeline_doc):
        if not isinstance(snap, dict) or set(snap) != {"params", "velocity", "loss"}:
            raise SessionFileError(f"iteration {i + 1} of its history must have params, velocity and loss")
        params = None
        if snap["params"] is not None:
            try:
                params = check_params(spec, _load_arrays(snap["params"], f"the weights of iteration {i + 1}"))
            except SessionFileError:
                raise
            except ValueError as error:
                raise SessionFileError(f"iteration {i + 1}: {error}") from None
        velocity = _load_arrays(snap["velocity"], f"the momentum of iteration {i + 1}")
        loss = snap["loss"]
        if loss is not None:
            try:
                loss = float.fromhex(loss) if isinstance(loss, str) else _number(loss)
            except (ValueError, TypeError):
                raise SessionFileError(f"the loss of iteration {i + 1} is not a number") from None
            if not math.isfinite(loss):
                raise SessionFileError(f"the loss of iteration {i + 1} is NaN or infinite")
        timeline.append(Snapshot(params, velocity, loss))
    iteration = _int(doc["iteration"], "the current iteration", 0, len(timeline) - 1)
    if timeline[iteration].params is None:
        raise SessionFileError("the weights of its current iteration are missing")
    cursor = doc["cursor"]
    if not isinstance(cursor, list) or len(cursor) != 2:
        raise SessionFileError("its cursor must be [steps done, terms]")
    done = _int(cursor[0], "the cursor", 0, 10**9)
    terms = _int(cursor[1], "the cursor's terms", 0, 10**9)
    lesson = doc["lesson"]
    if lesson is not None and not isinstance(lesson, str):
        raise SessionFileError("its lesson must be a name")
    seed = _int(doc["seed"], "the seed", 0, 2**63)
    texts = doc["lesson_text"]
    if not isinstance(texts, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in texts.items()
    ):
        raise SessionFileError("its lesson texts must be a table of texts")
    state = State(spec, x, target, timeline, iteration, Cursor(done, terms), lesson, seed)
    return state, texts
