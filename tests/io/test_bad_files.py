"""The whole corpus of bad files, in the app and on the command line: one clear message each, and
nothing changes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from convstudio.io import images, sessionfile
from convstudio.io.images import ImageError
from tests.io.bad_bytes import b64, cut, idat, png_header, save_image, sparse, write_file

# --- the whole corpus, in the app and on the command line -------------------------------------

ROOT = Path(__file__).resolve().parents[2]
GOOD_LESSON = (ROOT / "resources" / "lessons" / "worked-example.toml").read_text(encoding="utf-8")


def _corpus(d: Path, trained) -> list[tuple[Path, str]]:
    """Every kind of bad file the issue names, with a piece of the one message each gets."""
    good = d / "good.convstudio"
    sessionfile.save_state(good, trained.state())

    def session(name: str, mutate) -> Path:
        doc = json.loads(good.read_text(encoding="utf-8"))
        mutate(doc)
        return write_file(d / name, json.dumps(doc).encode())

    def nan_x(doc):
        doc["x"]["float64"] = b64(np.full(16, np.nan))

    return [
        (d / "missing.png", "missing.png does not exist"),
        (write_file(d / "empty.png", b""), "empty.png is empty (0 bytes)"),
        (write_file(d / "noise.png", os.urandom(4000)), "noise.png is not an image ConvStudio can read"),
        (cut(save_image(d, "cut.png", 200, 200), 0.5), "cut.png is cut short"),
        (cut(save_image(d, "cut.jpg", 200, 200, "JPEG"), 0.3), "cut.jpg is cut short"),
        (write_file(d / "giant.png", png_header(20000, 20000) + idat()), "claims 20000x20000 pixels"),
        (sparse(d / "huge.png", 50 * 1024 * 1024 + 1), "huge.png is 52 MB; images up to 52 MB"),
        (write_file(d / "empty.convstudio", b""), "empty.convstudio cannot be opened: it is empty"),
        (
            write_file(d / "noise.convstudio", os.urandom(3000)),
            "noise.convstudio cannot be opened: it is not",
        ),
        (
            cut(write_file(d / "cut.convstudio", good.read_bytes()), 0.5),
            "cut.convstudio cannot be opened: it is not valid",
        ),
        (
            session("types.convstudio", lambda doc: doc.__setitem__("iteration", "2")),
            "must be a whole number",
        ),
        (session("missing.convstudio", lambda doc: doc.pop("target")), "it lacks target"),
        (session("nan.convstudio", nan_x), "the input holds NaN or infinite values"),
        (session("extra.convstudio", lambda doc: doc.__setitem__("macro", "rm")), "unknown entries macro"),
        (
            session("newer.convstudio", lambda doc: doc.__setitem__("version", 9)),
            "newer ConvStudio (format 9)",
        ),
        (sparse(d / "big.convstudio", 50_000_000), "it is 50 MB; session files up to 40 MB"),
        (write_file(d / "empty.toml", b""), "lesson empty.toml: it is empty (0 bytes)"),
        (write_file(d / "newer.toml", ("format = 7\n" + GOOD_LESSON).encode()), "lesson format 7"),
        (
            write_file(d / "nan.toml", GOOD_LESSON.replace("target = ", "target = nan #").encode()),
            "NaN or infinite",
        ),
        (write_file(d / "types.toml", GOOD_LESSON.replace("lr = 0.1", 'lr = "0.1"').encode()), "wrong type"),
        (sparse(d / "big.toml", 50_000_000), "lesson big.toml: it is 50 MB"),
    ]


@pytest.fixture
def window(qtbot, tmp_path):
    from convstudio.ui.main_window import MainWindow

    w = MainWindow(restore_settings=False)
    qtbot.addWidget(w)
    assert w.open_lesson("worked-example")
    w.show()
    qtbot.waitExposed(w)
    return w


def _fingerprint(s) -> tuple:
    return (s.spec, s.x.tobytes(), s.target.tobytes(), {k: v.tobytes() for k, v in s.params.items()},
            s.iteration, s.cursor, list(s.losses), s.lesson, s.undo_stack.count())  # fmt: skip


def test_every_bad_file_in_the_app_gets_a_dialog_and_changes_nothing(window, trained, tmp_path):
    s = window.session
    for _ in range(2):
        s.move("iteration", +1)
        s.move("element", +1)
    s.move("element", +1)  # some history and a cursor mid-iteration: all of it must survive
    before = _fingerprint(s)
    for path, message in _corpus(tmp_path, trained):
        assert not window.open_path(path), path.name
        box = window._last_error
        assert box.isVisible() and message in box.text(), (path.name, box.text())
        assert "\n" not in box.text() and "Traceback" not in box.text()
        box.close()
        assert _fingerprint(s) == before, path.name
    assert window.open_path(tmp_path / "good.convstudio")  # the good one still opens
    assert s.spec == trained.spec and s.iteration == trained.iteration


@pytest.fixture
def command_line(qapp, monkeypatch, tmp_path):
    """``convstudio.app.main`` in this process; the app's look and names are put back afterwards."""
    from convstudio import app
    from convstudio.ui.look import theme

    monkeypatch.setattr(theme, "apply", lambda *args, **kwargs: None)
    monkeypatch.setenv("CONVSTUDIO_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    font, names = qapp.font(), (qapp.applicationName(), qapp.organizationName())
    yield app.main
    qapp.setFont(font)
    qapp.setApplicationName(names[0])
    qapp.setOrganizationName(names[1])


def test_every_bad_file_on_the_command_line_is_one_error_line_and_exit_2(
    command_line, trained, tmp_path, capsys
):
    shot = tmp_path / "shot.png"
    for path, message in _corpus(tmp_path, trained):
        assert command_line(["--open", str(path), "--screenshot", str(shot)]) == 2, path.name
        err = capsys.readouterr().err
        assert err.startswith("error: ") and message in err, (path.name, err)
        assert err.count("\n") == 1 and "Traceback" not in err
    assert not shot.exists()


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--lesson", "nope"], 'error: there is no lesson "nope"; the lessons are: worked-example'),
        (["--lesson", "../../etc/passwd"], "error: there is no lesson"),
        (
            ["--steps", "-1", "--screenshot", "{tmp}/a.png"],
            "error: --steps must be a whole number from 0 to 10,000",
        ),
        (
            ["--steps", "many", "--screenshot", "{tmp}/a.png"],
            "error: --steps must be a whole number from 0 to",
        ),
        (["--colour"], "error: unrecognized arguments: --colour"),
        (["--open"], "error: expected one argument"),
        (
            ["--size", "big", "--screenshot", "{tmp}/a.png"],
            "error: --size must be WIDTHxHEIGHT, each from 320 to 4096",
        ),
        (["--screenshot", "{tmp}/no/such/folder/a.png"], "error: cannot write"),
        (["--export-derivation", "{tmp}", "--lesson", "nope"], "error: there is no lesson"),
    ],
)
def test_every_command_line_mistake_is_one_error_line_and_exit_2(
    command_line, tmp_path, capsys, argv, message
):
    argv = [a.replace("{tmp}", str(tmp_path)) for a in argv]
    try:
        status = command_line([*argv, "--screenshot", str(tmp_path / "s.png")] if "--screenshot" not in argv
                              and "--export-derivation" not in argv else argv)  # fmt: skip
    except SystemExit as exit_:  # argparse's own exit, as from the real command
        status = exit_.code
    err = capsys.readouterr().err
    assert status == 2
    assert err.startswith(message) and err.count("\n") == 1 and "Traceback" not in err, err


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (
            lambda d: write_file(d / "noise.png", os.urandom(500)),
            "noise.png is not an image ConvStudio can read",
        ),
        (
            lambda d: write_file(d / "bad.convstudio", b"{"),
            "bad.convstudio cannot be opened: it is not valid JSON",
        ),
        (
            lambda d: write_file(d / "bad.toml", b"format = 3\n"),
            "lesson bad.toml: it was written for a newer",
        ),
    ],
)
def test_the_real_command_fails_with_one_line_and_no_traceback(tmp_path, make, message):
    path = make(tmp_path)
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", CONVSTUDIO_DATA_DIR=str(tmp_path))
    done = subprocess.run(
        [sys.executable, "-m", "convstudio", "--open", str(path), "--screenshot", str(tmp_path / "s.png")],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 2
    assert done.stderr.startswith(f"error: {message}") and done.stderr.count("\n") == 1, done.stderr
    assert done.stdout == ""


def test_a_lesson_file_opens_by_path(window, tmp_path):
    path = write_file(tmp_path / "mine.toml", GOOD_LESSON.replace("lr = 0.1", "lr = 0.25").encode())
    assert window.open_path(path)
    assert window.session.spec.lr == 0.25 and window.session.lesson == "mine"
    window.session.undo_stack.undo()  # the lesson as opened is the bottom of the stack
    assert window.session.spec.lr == 0.25 and window.session.undo_stack.count() == 0


@pytest.mark.qt_log_ignore("exceeds the current allocation limit")  # the warning this test provokes
def test_qt_itself_refuses_to_allocate_for_a_giant_header(qapp, qtlog, tmp_path):
    """With the pixel check out of the way, Qt's allocation limit still stops a 1.6 GB image."""
    path = write_file(tmp_path / "liar.png", png_header(20000, 20000) + idat())
    with pytest.raises(ImageError, match=r"liar\.png could not be read"):
        images.read_image(path, max_pixels=10**12)
    refusals = [r.message for r in qtlog.records if "exceeds the current allocation limit" in r.message]
    assert refusals and f"{images.ALLOCATION_LIMIT_MB} megabytes" in refusals[0]
