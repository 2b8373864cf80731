"""Every bundled lesson loads and what it states is true; broken lesson files are refused clearly."""

from __future__ import annotations

import os
import re
from pathlib import Path

import numpy as np
import pytest

from convstudio.engine import datasets, lesson_claims, lessons
from convstudio.engine.model import Model, run_iteration

NAMES = [
    "worked-example",
    "edge-detector",
    "stride-padding-dilation",
    "max-pooling",
    "relu-dead",
    "bars-classifier",
    "rgb",
]


#: Lessons of networks the one-layer window cannot show yet: in no picker, opened by name.
NETWORK_NAMES = [
    "two-conv-layers",
    "batch-norm",
    "adam-vs-sgd",
    "transposed-conv",
    "vanishing-gradients",
    "vanishing-gradients-relu",
    "vanishing-gradients-init",
    "symmetry",
    "digits",
]


def test_the_picker_lists_every_lesson_in_order():
    assert lessons.available() == NAMES
    assert lessons.available(every=True) == NAMES + NETWORK_NAMES


def test_the_catalogue_gives_each_lesson_its_title_order_and_summary_without_building_it(monkeypatch):
    loaded = [lessons.load(name) for name in NAMES + NETWORK_NAMES]  # the window shows every one
    lessons.catalogue.cache_clear()
    monkeypatch.setattr(lessons, "_build", lambda *_: pytest.fail("the catalogue built a lesson"))
    entries = lessons.catalogue()
    assert [tuple(e)[:4] for e in entries] == [(x.name, x.title, x.order, x.summary) for x in loaded]
    for entry, lesson in zip(entries, loaded, strict=True):  # and in every language the file has
        assert entry.titles == {k: v["title"] for k, v in lesson.translations.items() if "title" in v}
        assert entry.summaries == {k: v["summary"] for k, v in lesson.translations.items() if "summary" in v}
    assert all(e.title and e.summary for e in entries)
    assert lessons.catalogue() is entries  # read once per run
    assert lessons.title("bars-classifier") == loaded[NAMES.index("bars-classifier")].title
    assert lessons.title("two-conv-layers") == loaded[-len(NETWORK_NAMES)].title
    assert lessons.title("no-such-lesson") is None


@pytest.mark.parametrize("name", NAMES)
def test_each_lesson_loads_teaches_every_phase_and_its_statements_hold(name):
    lesson = lessons.load(name)
    assert set(lesson.text) == set(lessons.PHASE_TEXTS)
    assert all(len(text.split()) >= 10 for text in lesson.text.values())
    assert lesson.expect, "a lesson states something the tests can check"
    claims = lesson_claims.verify(lesson)
    assert [c for c in claims if not c.holds] == []
    run_iteration(lesson.spec, lesson.params, lesson.x, lesson.target)  # no DivergenceError


def test_the_worked_example_has_the_numbers_of_the_issue():
    lesson = lessons.load("worked-example")
    np.testing.assert_array_equal(lesson.x.reshape(3, 3), [[1, 2, 0], [0, 1, 3], [2, 1, 0]])
    np.testing.assert_array_equal(lesson.params["W"].reshape(2, 2), [[0.5, -1], [1, 0.5]])
    assert lesson.spec.bias is False and lesson.spec.padding == (0, 0) and lesson.spec.lr == 0.1
    it = run_iteration(lesson.spec, lesson.params, lesson.x, lesson.target)
    np.testing.assert_array_equal(it.values["o"].reshape(2, 2), [[-1, 3.5], [1.5, -1.5]])
    assert it.values["p"].item() == 0.625 and it.loss == 0.140625
    np.testing.assert_array_equal(it.grads["do"], np.full((1, 1, 2, 2), -0.1875))
    np.testing.assert_array_equal(it.grads["dW"].reshape(2, 2), [[-0.75, -1.125], [-0.75, -0.9375]])
    np.testing.assert_allclose(it.new_params["W"].reshape(2, 2), [[0.575, -0.8875], [1.075, 0.59375]])


def test_the_edge_detector_really_recovers_sobel():
    lesson = lessons.load("edge-detector")
    sobel = np.array([[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]], dtype=float)
    model = lesson.model()
    model.train(lesson.expect["iterations_to_match"]["iterations"])
    assert np.abs(model.params["W"].reshape(3, 3) - sobel).max() < 1e-3
    assert model.loss() < 1e-5


def test_the_bars_classifier_separates_the_classes():
    lesson = lessons.load("bars-classifier")
    model = lesson.model()
    assert model.accuracy() < 1.0
    model.train(lesson.expect["iterations_to_full_accuracy"])
    assert model.accuracy() == 1.0


def test_a_false_statement_is_reported():
    lesson = lessons.load("worked-example")
    lesson.expect = {"values": {"L": 0.2}, "grad_terms": 5, "made_up": 1}
    claims = {c.key: c for c in lesson_claims.verify(lesson)}
    assert not claims["values"].holds and "L = [0.140625]" in claims["values"].detail
    assert not claims["grad_terms"].holds
    assert not claims["made_up"].holds and "unknown statement" in claims["made_up"].detail


GOOD = """
title = "t"
[spec]
kernel = [2, 2]
[data]
input = [[1, 2, 0], [0, 1, 3], [2, 1, 0]]
target = 1
[text]
intro = "hello"
"""


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('summary = "no title"', 'the key "title" is missing'),
        ("title = ", "is not valid TOML"),
        ("colour = 3\n" + GOOD, "unknown key(s) colour"),
        (GOOD.replace("kernel = [2, 2]", "kernel = [5, 5]"), "a 5x5 filter does not fit a 3x3 image"),
        (GOOD.replace("kernel = [2, 2]", 'kernel = "big"'), "kernel has the wrong type"),
        (GOOD.replace("target = 1", "target = [1, 2]"), "target needs 1 number(s)"),
        (GOOD.replace("input = [[1, 2, 0], [0, 1, 3], [2, 1, 0]]", "input = [1, 2]"), "needs 9 number(s)"),
        (GOOD.replace("input = [[1, 2, 0], [0, 1, 3], [2, 1, 0]]", 'input = ["a"]'), "must be numbers"),
        (GOOD.replace("input = [[1, 2, 0], [0, 1, 3], [2, 1, 0]]", 'images = "cats"'), "images must be"),
        (GOOD.replace("target = 1", "target = nan"), "NaN or infinite"),
        (GOOD + "[weights]\nV = [1]\n", "[weights] has V"),
        (GOOD.replace('intro = "hello"', 'lunch = "soup"'), "[text] holds texts for"),
    ],
)
def test_a_broken_lesson_file_gets_one_clear_message(tmp_path, text, message):
    path = tmp_path / "mine.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(lessons.LessonError) as caught:
        lessons.load_file(path)
    assert message in str(caught.value)


@pytest.mark.parametrize("name", NAMES + NETWORK_NAMES)
@pytest.mark.parametrize("language", ["de", "es"])
def test_every_lesson_teaches_in_german_and_spanish(name, language):
    lesson = lessons.load(name)
    english, translated = lesson.text, lesson.text_in(language)
    assert set(translated) == set(english) == set(lessons.PHASE_TEXTS)
    assert all(translated[phase] != english[phase] for phase in english)
    assert lessons.title(name, language) not in (None, lesson.title)

    # the numbers the text quotes are the English text's, in the same order
    def numbers(text: str) -> list[str]:
        return re.findall(r"\d+(?:\.\d+)?", text)

    assert all(numbers(translated[phase]) == numbers(english[phase]) for phase in english), name


def test_a_language_table_may_leave_texts_out_and_english_fills_them_in(tmp_path):
    path = tmp_path / "mine.toml"
    path.write_text(GOOD + '[text.de]\ntitle = "Meins"\n', encoding="utf-8")
    lesson = lessons.load_file(path)
    assert lesson.text_in("de") == lesson.text == {"intro": "hello"}
    assert lesson.text_in("fr") == lesson.text
    assert lesson.translations == {"de": {"title": "Meins"}}


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ('[text.deutsch]\nintro = "hallo"\n', "[text.deutsch] must be named by a language"),
        ('[text.de]\nlunch = "Suppe"\n', "[text.de] holds texts for title, summary, intro"),
        ("[text.de]\nintro = 3\n", "[text.de] holds texts for"),
    ],
)
def test_a_broken_language_table_gets_one_clear_message(tmp_path, table, message):
    text = GOOD + table
    path = tmp_path / "mine.toml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(lessons.LessonError) as caught:
        lessons.load_file(path)
    assert message in str(caught.value)
    assert str(caught.value).startswith("lesson mine.toml")


def test_a_missing_or_binary_lesson_is_refused(tmp_path):
    with pytest.raises(
        lessons.LessonError, match='there is no lesson "nope"; the lessons are: worked-example'
    ):
        lessons.load("nope")
    path = tmp_path / "noise.toml"
    path.write_bytes(bytes(range(256)) * 4)
    with pytest.raises(lessons.LessonError, match=r"noise\.toml"):
        lessons.load_file(path)


def test_generators_are_seeded_and_in_range():
    shape = (4, 1, 6, 6)
    for make in datasets.IMAGES.values():
        a, b = make(shape, 5), make(shape, 5)
        np.testing.assert_array_equal(a, b)
        assert a.shape == shape and a.min() >= 0 and a.max() <= 1
        assert not np.array_equal(a, make(shape, 6))
    x, labels = datasets.bars(shape, 1)
    np.testing.assert_array_equal(labels, [0, 1, 0, 1])
    # a horizontal bar is a bright row, a vertical bar a bright column
    assert (x[0, 0] == 1).all(axis=1).any() and not (x[0, 0] == 1).all(axis=0).any()
    assert (x[1, 0] == 1).all(axis=0).any() and not (x[1, 0] == 1).all(axis=1).any()


def test_a_lesson_model_does_not_share_arrays_with_the_lesson():
    lesson = lessons.load("worked-example")
    model: Model = lesson.model()
    model.step()
    np.testing.assert_array_equal(lesson.params["W"].reshape(2, 2), [[0.5, -1], [1, 0.5]])


def _sparse(path, size):
    with path.open("wb") as f:
        f.truncate(size)
    return path


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda d: _write(d / "mine.toml", b""), "lesson mine.toml: it is empty (0 bytes)"),
        (lambda d: _write(d / "mine.toml", bytes(range(128, 256)) * 8), "is not text (UTF-8)"),
        (lambda d: _write(d / "mine.toml", GOOD.encode()[:60]), "is not valid TOML"),
        (lambda d: _write(d / "mine.toml", b"a = " + b"[" * 100_000), "nests too deeply"),
        (lambda d: _sparse(d / "mine.toml", 50_000_000), "it is 50 MB; no lesson needs more than 1 MB"),
        (lambda d: d / "mine.toml", "lesson mine.toml cannot be read: no such file or directory"),
        (
            lambda d: (d / "mine.toml").mkdir() or d / "mine.toml",
            "lesson mine.toml cannot be read: is a directory",
        ),
        (
            lambda d: _write(d / "mine.toml", ("format = 2\n" + GOOD).encode()),
            "written for a newer ConvStudio (lesson format 2); this version reads format 1",
        ),
        (
            lambda d: _write(d / "mine.toml", ('format = "one"\n' + GOOD).encode()),
            "format must be a whole number",
        ),
        (
            lambda d: _write(d / "mine.toml", ("title = 3\n" + GOOD.replace('title = "t"', "")).encode()),
            "title and summary must be text",
        ),
        (
            lambda d: _write(d / "mine.toml", GOOD.replace("target = 1", "target = true").encode()),
            "[data] target must be numbers",
        ),
        (
            lambda d: _write(d / "mine.toml", GOOD.replace("kernel = [2, 2]", "lr = inf").encode()),
            "the learning rate must be a positive number, not inf",
        ),
        (
            lambda d: _write(d / "mine.toml", GOOD.replace("kernel = [2, 2]", "height = 1000").encode()),
            "height must be from 1 to 64, not 1000",
        ),
        (
            lambda d: _write(d / "mine.toml", GOOD.replace("[text]", "[text]\nforward = 3").encode()),
            "[text] holds texts for",
        ),
        (
            lambda d: _write(d / "mine.toml", GOOD.replace("[data]", "[data]\nseed = -1").encode()),
            "[data] seed must be a whole number from 0 to 2**63 - 1, not -1",
        ),
        (
            lambda d: _write(d / "mine.toml", GOOD.replace("[text]", "expect = 3\n[text]").encode()),
            "[data] has unknown key(s) expect",
        ),
    ],
)
def test_the_bad_lesson_corpus_gets_one_clear_message_each(tmp_path, make, message):
    path = make(tmp_path)
    with pytest.raises(lessons.LessonError) as caught:
        lessons.load_file(path)
    text = str(caught.value)
    assert message in text and text.startswith("lesson mine.toml")
    assert "\n" not in text and str(tmp_path) not in text  # one line, no machine path


def test_a_lesson_name_cannot_reach_outside_the_lessons_folder(tmp_path):
    (tmp_path / "mine.toml").write_text(GOOD, encoding="utf-8")
    relative = Path("..") / ".." / ".." / tmp_path.relative_to(tmp_path.anchor) / "mine"
    with pytest.raises(lessons.LessonError, match="there is no lesson"):
        lessons.load(str(Path(*[".."] * 12) / relative))
    assert lessons.load_file(tmp_path / "mine.toml").title == "t"  # by path, on purpose, it opens


def _write(path, data: bytes):
    path.write_bytes(data)
    return path


def test_each_lesson_file_is_parsed_once_until_it_changes(monkeypatch, tmp_path, request):
    """The picker, the titles and every lookup by name read the same parsed heads (start-up parsed
    all of them up to five times); a file that changes is read again."""
    import tomllib

    for name in ("worked-example", "edge-detector"):
        (tmp_path / f"{name}.toml").write_text(
            (lessons.lesson_dir() / f"{name}.toml").read_text(encoding="utf-8"), encoding="utf-8"
        )
    monkeypatch.setattr(lessons, "lesson_dir", lambda: tmp_path)
    lessons.catalogue.cache_clear()
    request.addfinalizer(lessons.catalogue.cache_clear)  # no other test sees this folder's catalogue
    parsed: list[str] = []
    real = tomllib.loads
    monkeypatch.setattr(tomllib, "loads", lambda text: parsed.append(text[:40]) or real(text))
    assert lessons.available() == ["worked-example", "edge-detector"]
    assert [entry.name for entry in lessons.catalogue()] == ["worked-example", "edge-detector"]
    assert lessons.title("edge-detector") == lessons.catalogue()[1].title
    assert lessons.available(every=True) == lessons.available()
    assert len(parsed) == 2  # each file once, for all four
    lessons.load("worked-example")
    assert len(parsed) == 3  # and opening one builds it from its own full read
    changed = tmp_path / "edge-detector.toml"
    changed.write_text(
        changed.read_text(encoding="utf-8").replace("order = 2", "order = 0"), encoding="utf-8"
    )
    os.utime(changed, ns=(changed.stat().st_mtime_ns + 10**9,) * 2)
    assert lessons.available() == ["edge-detector", "worked-example"]
