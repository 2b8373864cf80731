"""Lessons: a network, its data and first weights, a teaching text per phase, and what it states.

A lesson is a TOML file in ``resources/lessons``::

    title = "The worked example"
    order = 1                         # place in the lesson picker
    summary = "One sentence for the picker."

    [spec]                            # any Spec field; pairs as [rows, cols]; or a [network]
    kernel = [2, 2]                   # table of any depth (see lesson_network)

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

    [text.de]                         # any of them (and title, summary) in another language
    title = "..."; intro = "..."

    [expect]                          # what the lesson states; lesson_claims.verify checks every line
    ...

Numbers are written as the student sees them (``W = [[0.5, -1], [1, 0.5]]`` for a (1, 1, 2, 2)
filter): any nested list with the right number of values is reshaped to the tensor's shape.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np

from convstudio import paths
from convstudio.engine import datasets, lesson_locks, lesson_network, lesson_text, ops, plausible
from convstudio.engine.data_set import DataSet
from convstudio.engine.lesson_locks import Locks
from convstudio.engine.lesson_values import LessonError, numbers, seed_of, weights_table
from convstudio.engine.model import Arrays, Model, check_data, check_params, init_params
from convstudio.engine.quoting import brief, quoted
from convstudio.engine.spec import Spec, SpecError
from convstudio.engine.spec_network import from_network, param_keys, to_network

PHASE_TEXTS = lesson_text.PHASE_TEXTS
#: The lesson file format this version reads; a file may say ``format = 1`` (the default).
FORMAT = 1
#: No lesson needs more: a larger file is refused before it is read.
MAX_BYTES = 1024 * 1024
_KEYS = {
    "format", "title", "order", "summary", "spec", "network", "data", "weights", "text", "expect", "locks",
}  # fmt: skip
_DATA_KEYS = {"input", "images", "bars", "seed", "target", "target_kernel"}


@dataclass
class Lesson:
    """Everything a lesson sets up, ready for a Model or a Session."""

    name: str
    title: str
    summary: str
    spec: Spec | None  # None: a network the one-layer window cannot show
    x: np.ndarray
    target: np.ndarray
    params: Arrays  # named as the Spec names them (W, b, V, c); keyed like the network without a Spec
    text: dict[str, str]
    expect: dict[str, Any] = field(default_factory=dict)
    seed: int = 0
    order: int = 100
    network: dict[str, Any] = field(default_factory=dict)  # the network contract's plain data
    network_params: Arrays = field(default_factory=dict)  # keyed like the network ("0.weight")
    form: str = "spec"  # the table the file describes its network with: "spec" or "network"
    data: DataSet | None = None  # the training images learnt from in mini-batches, if x is one of them
    test: tuple[np.ndarray, np.ndarray] | None = None  # held-out images (N, C, H, W) and int labels
    translations: dict[str, dict[str, str]] = field(default_factory=dict)  # language: its texts
    locks: Locks = Locks()  # noqa: RUF009 - immutable; what the window keeps from the student

    def text_in(self, language: str) -> dict[str, str]:
        """The phase texts in ``language``, each in English where the file does not translate it."""
        translated = self.translations.get(language, {})
        return {phase: translated.get(phase, text) for phase, text in self.text.items()}

    def model(self) -> Model:
        """The lesson's one-layer model (a lesson with a Spec only)."""
        if self.spec is None:
            raise ValueError(f"the lesson {self.name!r} has no one-layer Spec; use its network")
        return Model(self.spec, self.x, self.target, {k: v.copy() for k, v in self.params.items()})


def lesson_dir() -> Path:
    return paths.resource_dir() / "lessons"


def _head(path: Path) -> dict[str, Any] | None:
    """A bundled lesson file as parsed TOML (None if it does not read), parsed once per run for as
    long as the file is unchanged: the picker, the titles and every lookup by name read the same
    heads (parsing every file for each of them was most of the start-up's lesson time)."""
    try:
        stat = path.stat()
    except OSError:
        return None
    return _parsed(path, stat.st_mtime_ns, stat.st_size)


@cache
def _parsed(path: Path, _mtime_ns: int, _size: int) -> dict[str, Any] | None:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, RecursionError):
        return None


def available(every: bool = False) -> list[str]:
    """Lesson names in picker order (their ``order``, then name): those the one-layer window can
    show, or with ``every`` all of them, networks of any depth too."""
    found = []
    for path in lesson_dir().glob("*.toml"):
        doc = _head(path)
        if doc is None:
            doc = {"order": 1000}  # listed last; opening it gives the reason
        if every or "network" not in doc or from_network(doc["network"]) is not None:
            order = doc.get("order", 100)
            found.append((order if isinstance(order, int) else 100, path.stem))
    return [name for _, name in sorted(found)]


class Entry(NamedTuple):
    """A bundled lesson as the picker lists it."""

    name: str
    title: str
    order: int
    summary: str
    titles: dict[str, str]  # the title in each language the file translates it to
    summaries: dict[str, str]  # and the summary


@cache
def catalogue() -> tuple[Entry, ...]:
    """The bundled lessons whose title reads, in picker order; each file's head read once per run."""
    entries = []
    for name in available(every=True):
        doc = _head(lesson_dir() / f"{name}.toml")
        if doc is None:
            continue  # opening it gives the reason
        title, order, summary = doc.get("title"), doc.get("order", 100), doc.get("summary", "")
        if isinstance(title, str) and isinstance(summary, str) and type(order) is int:
            titles, summaries = (lesson_text.translated(doc, key) for key in ("title", "summary"))
            entries.append(Entry(name, title, order, summary, titles, summaries))
    return tuple(entries)


def title(name: str, language: str = "en") -> str | None:
    """The title of the bundled lesson ``name`` in ``language`` (English if the file does not
    translate it); None if there is no such lesson."""
    entry = next((entry for entry in catalogue() if entry.name == name), None)
    return None if entry is None else entry.titles.get(language, entry.title)


def load(name: str) -> Lesson:
    """The bundled lesson ``name`` (e.g. "worked-example")."""
    path = lesson_dir() / f"{name}.toml"
    names = available(every=True)
    if name not in names:  # also keeps a name from reaching outside the folder
        choices = ", ".join(names) or "none found"
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
    for key in ("title", "data", "text"):
        if key not in doc:
            raise LessonError(f'the key "{key}" is missing')
    if ("spec" in doc) == ("network" in doc):
        raise LessonError("a lesson needs exactly one of [spec] (one conv layer) or [network] (any depth)")
    form = "spec" if "spec" in doc else "network"
    title, summary = doc["title"], doc.get("summary", "")
    if not isinstance(title, str) or not isinstance(summary, str):
        raise LessonError("title and summary must be text")
    order = doc.get("order", 100)
    if not isinstance(order, int) or isinstance(order, bool):
        raise LessonError("order must be a whole number")
    for key in (form, "data", "text"):
        if not isinstance(doc[key], dict):
            raise LessonError(f"[{key}] must be a table")
    spec: Spec | None
    held: lesson_network.Split | None = None
    if form == "spec":
        spec, x, target, params, seed = _spec_lesson(doc)
        network = to_network(spec)
        network_params = {param_keys(spec)[k]: v for k, v in params.items()}
    else:
        network = doc["network"]
        x, target, seed = lesson_network.data(network, doc["data"])
        held = lesson_network.split(network, doc["data"])
        if held is not None:
            x, target = held.train.arrays(0)
        spec = from_network(network, batch=len(x))
        weights = doc.get("weights", {})
        if spec is None:
            params = network_params = lesson_network.weights(network, weights)
        else:  # shown by the one-layer window, seeded and named exactly as its [spec] twin
            keys = param_keys(spec)
            one_layer = spec
            network_params = lesson_network.weights(
                network, weights, lambda s: {keys[k]: v for k, v in init_params(one_layer, s).items()}
            )
            params = {name: network_params[key] for name, key in keys.items()}
            x, target = check_data(spec, x, target)
    text, translations = lesson_text.split(doc["text"])
    expect = doc.get("expect", {})
    if not isinstance(expect, dict):
        raise LessonError("[expect] must be a table")
    return Lesson(
        name, title, summary, spec, x, target, params, dict(text), expect, seed, order,
        network, network_params, form,
        None if held is None else held.train, None if held is None else (held.test_x, held.test_y),
        translations, lesson_locks.parse(doc.get("locks", {})),
    )  # fmt: skip


def _spec_lesson(doc: dict[str, Any]) -> tuple[Spec, np.ndarray, np.ndarray, Arrays, int]:
    """A ``[spec]`` lesson's Spec, data, parameters and seed."""
    try:
        spec = Spec.from_dict(doc["spec"]).validate()
    except SpecError as error:
        raise LessonError(f"[spec]: {error}") from None
    seed = seed_of(doc["data"], "[data]")
    x, target = _data(spec, doc["data"], seed)
    return spec, x, target, _weights(spec, doc.get("weights", {})), seed


def _data(spec: Spec, data: dict[str, Any], seed: int) -> tuple[np.ndarray, np.ndarray]:
    extra = sorted(set(data) - _DATA_KEYS)
    if extra:
        raise LessonError(f"[data] has unknown key(s) {', '.join(map(quoted, extra))}")
    sources = [k for k in ("input", "images", "bars") if k in data]
    if len(sources) != 1:
        raise LessonError("[data] needs exactly one of input, images or bars")
    labels = None
    if "input" in data:
        x = numbers(data["input"], spec.input_shape, "[data] input")
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
        kernel = numbers(data["target_kernel"], spec.param_shapes()["W"], "[data] target_kernel")
        g = spec.conv_geometry()
        target = ops.conv2d_forward(
            x, kernel, stride=(g.sh, g.sw), padding=(g.ph, g.pw), dilation=(g.dh, g.dw)
        )
    elif "target" in data:
        target = numbers(data["target"], spec.target_shape, "[data] target")
    elif labels is not None:
        target = labels
    else:
        raise LessonError("[data] needs a target (numbers, or target_kernel)")
    return check_data(spec, x, target)


def _weights(spec: Spec, weights: Any) -> Arrays:
    params = weights_table(weights, spec.param_shapes(), lambda seed: init_params(spec, seed))
    return check_params(spec, params)
