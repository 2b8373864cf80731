"""A generated corpus of bad lessons: every value, every type and every nesting a file can hold.
Each either loads or gets the loader's own one-line LessonError naming the file and the field;
none raises anything else, prints an array, or takes long to refuse."""

from __future__ import annotations

import time
import tracemalloc
from pathlib import Path

import pytest

from convstudio.engine import lessons
from convstudio.engine.lessons import LessonError

BASE = {
    "lr": "0.1",
    "momentum": "0.0",
    "height": "3",
    "pool_size": "2",
    "input": "0",
    "target": "1",
    "seed": "0",
    "weight": "0.5",
}
TEMPLATE = """title = "t"
[spec]
lr = {lr}
momentum = {momentum}
height = {height}
pool_size = {pool_size}
[data]
input = [[1, 2, 0], [0, 1, 3], [2, 1, {input}]]
target = {target}
seed = {seed}
[weights]
W = [[0.5, -1], [1, {weight}]]
[text]
intro = "x"
"""
LABELS = """title = "t"
[spec]
filters = 2
loss = "cross_entropy"
[data]
images = "blocks"
target = [{label}]
[text]
intro = "x"
"""
#: How each field's message names it.
NAMES = {
    "lr": ("lr", "learning rate"),
    "momentum": ("momentum",),
    "height": ("height",),
    "pool_size": ("pool_size",),
    "input": ("input",),
    "target": ("target",),
    "seed": ("seed",),
    "weight": ("W",),
    "label": ("label",),
}
HOSTILE = {
    "40 digits": "1" + "0" * 39,
    "400 digits": "1" + "0" * 399,
    "-400 digits": "-1" + "0" * 399,
    "5000 digits": "9" * 5000,
    "1e400": "1e400",
    "-1e400": "-1e400",
    "nan": "nan",
    "inf": "inf",
    "true": "true",
    "text": '"1"',
    "empty list": "[]",
    "table": "{a = 1}",
    "65 levels": "[" * 65 + "1" + "]" * 65,
    "ragged": "[[1, 2], [3]]",
    "-1": "-1",
    "0.5": "0.5",
}
#: Values each field may hold that a float or its range admits; everything else must be refused.
ALLOWED = {
    "lr": {"40 digits", "0.5"},
    "input": {"40 digits", "-1", "0.5"},
    "target": {"40 digits", "-1", "0.5"},
    "weight": {"40 digits", "-1", "0.5"},
    "momentum": {"0.5"},
}


def _check_message(error: LessonError, name: str, field: str) -> None:
    message = str(error)
    assert "\n" not in message and "array(" not in message and len(message) < 400, message
    assert name in message, message
    assert any(alias in message for alias in NAMES[field]), message


def _load(path: Path, text: str, field: str, allowed: bool) -> None:
    path.write_text(text, encoding="utf-8")
    started = time.perf_counter()
    try:
        lessons.load_file(path)
    except LessonError as error:
        assert not allowed, f"{field} refused an allowed value: {error}"
        _check_message(error, path.name, field)
    else:
        assert allowed, f"{field} took a value it must refuse"
    assert time.perf_counter() - started < 2


def test_the_base_lessons_load(tmp_path):
    (tmp_path / "base.toml").write_text(TEMPLATE.format(**BASE))
    (tmp_path / "labels.toml").write_text(LABELS.format(label=1))
    lessons.load_file(tmp_path / "base.toml")
    lessons.load_file(tmp_path / "labels.toml")


@pytest.mark.parametrize("field", BASE)
@pytest.mark.parametrize("kind", HOSTILE)
def test_every_number_field_takes_only_what_fits_and_says_so(tmp_path, field, kind):
    text = TEMPLATE.format(**{**BASE, field: HOSTILE[kind]})
    _load(tmp_path / "mine.toml", text, field, kind in ALLOWED.get(field, set()))


@pytest.mark.parametrize("kind", HOSTILE)
def test_labels_are_class_numbers_only(tmp_path, kind):
    text = LABELS.format(label=HOSTILE[kind])
    allowed = False  # two classes: 0 or 1, and none of these
    path = tmp_path / "labels.toml"
    path.write_text(text)
    with pytest.raises(LessonError) as caught:
        lessons.load_file(path)
    assert not allowed
    message = str(caught.value)
    assert "\n" not in message and "array(" not in message and path.name in message, message


TYPES = {
    "int": "1",
    "float": "1.5",
    "bool true": "true",
    "bool false": "false",
    "text": '"x"',
    "list of ints": "[1, 2]",
    "list of texts": '["a"]',
    "table": "{a = 1}",
    "empty table": "{}",
}
#: (key, where it goes, the types it takes, how the message names it)
STRUCTURE = [
    ("images", "data", set(), "images"),  # text, but only a generator's name
    ("bars", "data", {"bool true"}, "bars"),
    ("title", "top", {"text"}, "title"),
    ("summary", "top", {"text"}, "summary"),
    ("order", "top", {"int"}, "order"),
    ("format", "top", {"int"}, "format"),
    ("activation", "spec", set(), "activation"),
    ("bias", "spec", {"bool true", "bool false"}, "bias"),
    ("kernel", "spec", {"int", "list of ints"}, "kernel"),
    ("intro", "text", {"text"}, "[text]"),
]


@pytest.mark.parametrize(("key", "where", "takes", "named"), STRUCTURE)
@pytest.mark.parametrize("kind", TYPES)
def test_wrong_types_in_a_lesson_are_its_own_error(tmp_path, key, where, takes, named, kind):
    value = TYPES[kind]
    head, body = 'title = "t"\n', "[spec]\n[data]\ninput = [1, 2, 0, 0, 1, 3, 2, 1, 0]\ntarget = 1\n[text]\n"
    if key == "images" or key == "bars":
        body = body.replace("input = [1, 2, 0, 0, 1, 3, 2, 1, 0]", f"{key} = {value}")
    elif where == "top":
        head = f"{key} = {value}\n" + (head if key != "title" else "")
    else:
        body = body.replace(f"[{where}]\n", f"[{where}]\n{key} = {value}\n")
    path = tmp_path / "mine.toml"
    path.write_text(head + body)
    try:
        lessons.load_file(path)
    except LessonError as error:
        message = str(error)
        assert "\n" not in message and path.name in message and named in message, message
        refused = True
    else:
        refused = False
    if kind == "list of ints" and key == "kernel":
        return  # [1, 2] is a kernel
    assert refused == (kind not in takes), (key, kind)


def test_pool_size_is_checked_under_global_pooling(tmp_path):
    path = tmp_path / "mine.toml"
    for size in ("-1", "0", "[1, -1]", "1000"):
        path.write_text(TEMPLATE.format(**{**BASE, "pool_size": size}))
        with pytest.raises(LessonError, match="pool_size"):
            lessons.load_file(path)


def _nested(kind: str, depth: int) -> str:
    if kind == "dotted key":
        return 'title = "t"\n' + ".".join(["a"] * depth) + " = 1\n"
    if kind == "quoted dotted key":
        return 'title = "t"\n' + ".".join(['"a"'] * depth) + " = 1\n"
    if kind == "table header":
        return 'title = "t"\n[' + ".".join(["a"] * depth) + "]\n"
    if kind == "inline tables":
        return 'title = "t"\nx = ' + "{a = " * depth + "1" + "}" * depth + "\n"
    if kind == "arrays":
        return 'title = "t"\nx = ' + "[" * depth + "1" + "]" * depth + "\n"
    if kind == "dotted inline":
        half = depth // 2
        return 'title = "t"\nx = ' + "{" + ".".join(["a"] * half) + " = " + "[" * half + "]" * half + "}\n"
    raise AssertionError(kind)


@pytest.mark.parametrize(
    "kind", ["dotted key", "quoted dotted key", "table header", "inline tables", "arrays", "dotted inline"]
)
@pytest.mark.parametrize("depth", [40, 1000, 45_000])
def test_a_deeply_nested_lesson_is_refused_before_it_is_parsed(tmp_path, kind, depth):
    path = tmp_path / "deep.toml"
    text = _nested(kind, depth)
    if len(text.encode()) > lessons.MAX_BYTES:
        pytest.fail("the corpus must stay under the size limit to test the depth check")
    path.write_text(text)
    tracemalloc.start()
    started = time.perf_counter()
    try:
        with pytest.raises(LessonError, match="nests deeper") as caught:
            lessons.load_file(path)
        assert time.perf_counter() - started < 1
        assert tracemalloc.get_traced_memory()[1] < 50_000_000
    finally:
        tracemalloc.stop()
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize("name", ["a\nb.toml", "tab\there.toml", " lead.toml", "quote'\".toml"])
def test_a_file_name_that_would_break_the_line_is_quoted(tmp_path, name):
    path = tmp_path / name
    path.write_text(TEMPLATE.format(**{**BASE, "momentum": "5"}))
    with pytest.raises(LessonError) as caught:
        lessons.load_file(path)
    message = str(caught.value)
    shown = name if name.isprintable() and name.strip() == name else repr(name)
    assert "\n" not in message and "\t" not in message and shown in message
    with pytest.raises(LessonError) as caught:
        lessons.load("no\nsuch")
    assert "\n" not in str(caught.value)
