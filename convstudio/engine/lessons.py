"""Lessons: a network, its data and first weights, a teaching text per phase, and what it states.

A lesson is a TOML file in ``resources/lessons``::

    title = "The worked example"
    order = 1                         # place in the lesson picker
    summary = "One sentence for the picker."

    [spec]                            # any Spec field; pairs as [rows, cols]
    kernel = [2, 2]

    [data]
    input = [[1, 2, 0], ...]          # numbers (reshaped to the spec's input), or
    images = "blocks"                 # a generator from datasets.IMAGES with `seed`, or
    bars = true                       # the bars set (images and labels), with `seed`
    target = [[1]]                    # numbers, or
    target_kernel = [[-1, 0, 1], ...] # targets made by this filter from the images

    [weights]                         # numbers per parameter; the rest seeded from `seed`
    W = [[0.5, -1], [1, 0.5]]
    seed = 0

    [text]                            # what to look at, per phase
    intro = "..."; forward = "..."; backward = "..."; update = "..."

    [expect]                          # what the lesson states; lesson_claims.verify checks every line
    ...

Numbers are written as the student sees them (``W = [[0.5, -1], [1, 0.5]]`` for a (1, 1, 2, 2)
filter): any nested list with the right number of values is reshaped to the tensor's shape.
"""

from __future__ import annotations

import math
import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np

from convstudio import paths
from convstudio.engine import datasets, ops, plausible
from convstudio.engine.model import Arrays, Model, check_data, check_params, init_params
from convstudio.engine.quoting import brief, quoted
from convstudio.engine.spec import Spec, SpecError

PHASE_TEXTS = ("intro", "forward", "backward", "update")
#: The lesson file format this version reads; a file may say ``format = 1`` (the default).
FORMAT = 1
#: No lesson needs more: a larger file is refused before it is read.
MAX_BYTES = 1024 * 1024
_KEYS = {"format", "title", "order", "summary", "spec", "data", "weights", "text", "expect"}
_DATA_KEYS = {"input", "images", "bars", "seed", "target", "target_kernel"}
#: Seeds are whole numbers in this range (as in session files).
MAX_SEED = 2**63
#: Numbers in a lesson are written as nested lists at most this deep (a tensor has four levels).
MAX_LIST_DEPTH = 8


class LessonError(ValueError):
    """A lesson file that cannot be used; the message names the file and what is wrong."""


@dataclass
class Lesson:
    """Everything a lesson sets up, ready for a Model or a Session."""

    name: str
    title: str
    summary: str
    spec: Spec
    x: np.ndarray
    target: np.ndarray
    params: Arrays
    text: dict[str, str]
    expect: dict[str, Any] = field(default_factory=dict)
    seed: int = 0
    order: int = 100

    def model(self) -> Model:
        return Model(self.spec, self.x, self.target, {k: v.copy() for k, v in self.params.items()})


def lesson_dir() -> Path:
    return paths.resource_dir() / "lessons"


def available() -> list[str]:
    """Lesson names in picker order (their ``order``, then name)."""
    found = []
    for path in lesson_dir().glob("*.toml"):
        try:
            order = tomllib.loads(path.read_text(encoding="utf-8")).get("order", 100)
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
            order = 1000  # listed last; opening it gives the reason
        found.append((order if isinstance(order, int) else 100, path.stem))
    return [name for _, name in sorted(found)]


class Entry(NamedTuple):
    """A bundled lesson as the picker lists it."""

    name: str
    title: str
    order: int
    summary: str


@cache
def catalogue() -> tuple[Entry, ...]:
    """The bundled lessons whose title reads, in picker order; each file's head read once per run."""
    entries = []
    for name in available():
        try:
            doc = tomllib.loads((lesson_dir() / f"{name}.toml").read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
            continue  # opening it gives the reason
        title, order, summary = doc.get("title"), doc.get("order", 100), doc.get("summary", "")
        if isinstance(title, str) and isinstance(summary, str) and type(order) is int:
            entries.append(Entry(name, title, order, summary))
    return tuple(entries)


def title(name: str) -> str | None:
    """The title of the bundled lesson ``name``; None if there is no such lesson."""
    return next((entry.title for entry in catalogue() if entry.name == name), None)


def load(name: str) -> Lesson:
    """The bundled lesson ``name`` (e.g. "worked-example")."""
    path = lesson_dir() / f"{name}.toml"
    if name not in available():  # also keeps a name from reaching outside the lessons folder
        choices = ", ".join(available()) or "none found"
        shown = f'"{name}"' if quoted(name) == name else quoted(name)
        raise LessonError(f"there is no lesson {shown}; the lessons are: {choices}")
    return load_file(path)


def load_file(path: str | Path) -> Lesson:
    """A lesson from any TOML file; every problem becomes one LessonError naming the file."""
    path = Path(path)
    shown = quoted(path.name)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise LessonError(f"it is {size / 1e6:.0f} MB; no lesson needs more than 1 MB")
        if size == 0:
            raise LessonError("it is empty (0 bytes)")
        text = path.read_text(encoding="utf-8")
        plausible.check_toml(text)
        doc = tomllib.loads(text)
        return _build(path.stem, doc)
    except LessonError as error:
        raise LessonError(f"lesson {shown}: {error}") from None
    except OSError as error:  # strerror, not str(error): that would print the whole path
        reason = (error.strerror or type(error).__name__).lower()
        raise LessonError(f"lesson {shown} cannot be read: {reason}") from None
    except UnicodeDecodeError:
        raise LessonError(f"lesson {shown} is not text (UTF-8): is it a lesson file?") from None
    except RecursionError:
        raise LessonError(f"lesson {shown} nests too deeply to be a lesson") from None
    except tomllib.TOMLDecodeError as error:
        raise LessonError(f"lesson {shown} is not valid TOML: {error}") from None
    except ValueError as error:  # SpecError, plausible's checks and the shape checks of model
        raise LessonError(f"lesson {shown}: {error}") from None


def _build(name: str, doc: dict[str, Any]) -> Lesson:
    extra = sorted(set(doc) - _KEYS)
    if extra:
        raise LessonError(
            f"unknown key(s) {', '.join(map(quoted, extra))}; a lesson has {', '.join(sorted(_KEYS))}"
        )
    version = doc.get("format", FORMAT)
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise LessonError(f"format must be a whole number (this version reads format {FORMAT})")
    if version > FORMAT:
        raise LessonError(
            f"it was written for a newer ConvStudio (lesson format {version}); this version reads "
            f"format {FORMAT}. Update ConvStudio to open it"
        )
    for key in ("title", "spec", "data", "text"):
        if key not in doc:
            raise LessonError(f'the key "{key}" is missing')
    title, summary = doc["title"], doc.get("summary", "")
    if not isinstance(title, str) or not isinstance(summary, str):
        raise LessonError("title and summary must be text")
    order = doc.get("order", 100)
    if not isinstance(order, int) or isinstance(order, bool):
        raise LessonError("order must be a whole number")
    for key in ("spec", "data", "text"):
        if not isinstance(doc[key], dict):
            raise LessonError(f"[{key}] must be a table")
    try:
        spec = Spec.from_dict(doc["spec"]).validate()
    except SpecError as error:
        raise LessonError(f"[spec]: {error}") from None
    data = doc["data"]
    seed = _seed(data, "[data]")
    x, target = _data(spec, data, seed)
    params = _weights(spec, doc.get("weights", {}))
    text = doc["text"]
    unknown = sorted(set(text) - set(PHASE_TEXTS))
    if unknown or not all(isinstance(v, str) for v in text.values()):
        raise LessonError(f"[text] holds texts for {', '.join(PHASE_TEXTS)} only")
    expect = doc.get("expect", {})
    if not isinstance(expect, dict):
        raise LessonError("[expect] must be a table")
    return Lesson(name, title, summary, spec, x, target, params, dict(text), expect, seed, order)


def _seed(table: dict[str, Any], what: str) -> int:
    seed = table.get("seed", 0)
    if not isinstance(seed, int) or isinstance(seed, bool) or not 0 <= seed < MAX_SEED:
        raise LessonError(f"{what} seed must be a whole number from 0 to 2**63 - 1, not {brief(seed)}")
    return seed


def _numbers(value: Any, shape: tuple[int, ...], what: str) -> np.ndarray:
    """Numbers written as the student sees them, reshaped to ``shape``; finite, the right count."""
    allowed = f"numbers that fit a float, as a number or lists nested at most {MAX_LIST_DEPTH} deep"
    if not _plain_numbers(value, MAX_LIST_DEPTH):
        raise LessonError(f"{what} must be {allowed}")
    try:
        array = np.array(value, dtype=np.float64)
    except (TypeError, ValueError, OverflowError):
        raise LessonError(f"{what} must be {allowed}, in lists of equal length") from None
    if array.size != math.prod(shape):
        raise LessonError(f"{what} needs {math.prod(shape)} number(s) for shape {shape}, not {array.size}")
    if not np.isfinite(array).all():
        raise LessonError(f"{what} holds NaN or infinite values")
    return array.reshape(shape)


def _plain_numbers(value: Any, depth: int) -> bool:
    """Whether ``value`` is a number that fits a float or lists of them nested at most ``depth``
    deep (true and false are not numbers)."""
    if isinstance(value, list):
        return depth > 0 and all(_plain_numbers(v, depth - 1) for v in value)
    if isinstance(value, int) and not isinstance(value, bool):
        return abs(value) < 2**1024 - 2**970  # what float() rounds to a finite number
    return isinstance(value, float)


def _data(spec: Spec, data: dict[str, Any], seed: int) -> tuple[np.ndarray, np.ndarray]:
    extra = sorted(set(data) - _DATA_KEYS)
    if extra:
        raise LessonError(f"[data] has unknown key(s) {', '.join(map(quoted, extra))}")
    sources = [k for k in ("input", "images", "bars") if k in data]
    if len(sources) != 1:
        raise LessonError("[data] needs exactly one of input, images or bars")
    labels = None
    if "input" in data:
        x = _numbers(data["input"], spec.input_shape, "[data] input")
    elif "images" in data:
        if not isinstance(data["images"], str) or data["images"] not in datasets.IMAGES:
            raise LessonError(
                f"[data] images must be one of {', '.join(datasets.IMAGES)}, not {brief(data['images'])}"
            )
        x = datasets.IMAGES[data["images"]](spec.input_shape, seed)
    else:
        if data["bars"] is not True:
            raise LessonError(f"[data] bars must be true (the bars data set), not {brief(data['bars'])}")
        x, labels = datasets.bars(spec.input_shape, seed)
    if "target_kernel" in data:
        kernel = _numbers(data["target_kernel"], spec.param_shapes()["W"], "[data] target_kernel")
        g = spec.conv_geometry()
        target = ops.conv2d_forward(
            x, kernel, stride=(g.sh, g.sw), padding=(g.ph, g.pw), dilation=(g.dh, g.dw)
        )
    elif "target" in data:
        target = _numbers(data["target"], spec.target_shape, "[data] target")
    elif labels is not None:
        target = labels
    else:
        raise LessonError("[data] needs a target (numbers, or target_kernel)")
    return check_data(spec, x, target)


def _weights(spec: Spec, weights: Any) -> Arrays:
    if not isinstance(weights, dict):
        raise LessonError("[weights] must be a table")
    shapes = spec.param_shapes()
    extra = sorted(set(weights) - set(shapes) - {"seed"})
    if extra:
        raise LessonError(
            f"[weights] has {', '.join(map(quoted, extra))}, "
            f"but this network's parameters are {', '.join(shapes)}"
        )
    seed = _seed(weights, "[weights]")
    params = init_params(spec, seed)
    for name, value in weights.items():
        if name != "seed":
            params[name] = _numbers(value, shapes[name], f"[weights] {name}")
    return check_params(spec, params)
