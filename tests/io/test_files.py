"""Bad files get one clear message and change nothing; sessions round-trip bit for bit, atomically."""

from __future__ import annotations

import base64
import json
import math
import os
import struct
import subprocess
import sys
import time
import tracemalloc
import zlib
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtGui import QColor, QImage

from convstudio.engine.cursor import Cursor
from convstudio.engine.spec import Spec
from convstudio.io import images, sessionfile
from convstudio.io.images import ImageError
from convstudio.io.sessionfile import SessionFileError

# --- images ----------------------------------------------------------------------------------


def _save(tmp_path: Path, name: str, width: int = 40, height: int = 30, fmt: str | None = None) -> Path:
    image = QImage(width, height, QImage.Format.Format_RGB888)
    for y in range(height):
        for x in range(width):
            image.setPixelColor(x, y, QColor((x * 6) % 256, (y * 8) % 256, 120))
    path = tmp_path / name
    assert image.save(str(path), fmt)
    return path


def _png_header(width: int, height: int) -> bytes:
    chunk = b"IHDR" + struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + chunk + struct.pack(">I", zlib.crc32(chunk))


def _idat() -> bytes:
    """A small image-data chunk, so that the header is read as a real PNG's would be."""
    chunk = b"IDAT" + zlib.compress(b"\x00" * 100)
    return struct.pack(">I", len(chunk) - 4) + chunk + struct.pack(">I", zlib.crc32(chunk)) + _iend()


def _iend() -> bytes:
    return struct.pack(">I", 0) + b"IEND" + struct.pack(">I", zlib.crc32(b"IEND"))


def test_a_real_image_reads_exactly(qapp, tmp_path):
    rgb = images.read_image(_save(tmp_path, "a.png", 41, 30))  # odd width: rows are padded in memory
    assert rgb.shape == (30, 41, 3)
    assert rgb[2, 3, 0] == pytest.approx(18 / 255) and rgb[2, 3, 1] == pytest.approx(16 / 255)
    assert rgb[:, :, 2] == pytest.approx(120 / 255)
    for fmt in ("JPEG", "BMP"):
        assert images.read_image(_save(tmp_path, f"a.{fmt.lower()}", fmt=fmt)).shape == (30, 40, 3)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda d: d / "missing.png", "missing.png does not exist"),
        (lambda d: d, "is a folder"),
        (lambda d: _write(d / "empty.png", b""), "empty.png is empty (0 bytes)"),
        (
            lambda d: _write(d / "noise.png", os.urandom(4000)),
            "noise.png is not an image ConvStudio can read",
        ),
        (lambda d: _cut(_save(d, "cut.png", 200, 200), 0.5), "cut.png is cut short"),
        (lambda d: _cut(_save(d, "cut.jpg", 200, 200, "JPEG"), 0.3), "cut.jpg is cut short"),
        (lambda d: _write(d / "giant.png", _png_header(20000, 20000) + _idat()), "claims 20000x20000 pixels"),
        (lambda d: _write(d / "header.png", _png_header(20000, 20000)), "header.png is cut short"),
        (lambda d: _sparse(d / "huge.png", 60 * 1024 * 1024), "huge.png is 63 MB"),
    ],
)
def test_a_bad_image_gets_one_clear_message(qapp, tmp_path, make, message):
    path = make(tmp_path)
    tracemalloc.start()
    started = time.perf_counter()
    with pytest.raises(ImageError) as caught:
        images.read_image(path)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)
    assert time.perf_counter() - started < 2  # refused before any giant decode
    assert peak < 20 * 1024 * 1024


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def _cut(path: Path, keep: float) -> Path:
    data = path.read_bytes()
    path.write_bytes(data[: int(len(data) * keep)])
    return path


def _sparse(path: Path, size: int) -> Path:
    with path.open("wb") as f:
        f.truncate(size)
    return path


def test_conversion_to_the_network_input():
    rgb = np.zeros((4, 6, 3))
    rgb[..., 0] = 1.0  # pure red
    gray = images.to_input(rgb, 2, 3, 1)
    np.testing.assert_allclose(gray, np.full((1, 2, 3), 0.299))
    colour = images.to_input(rgb, 8, 12, 3)  # growing: bilinear
    np.testing.assert_allclose(colour[0], 1.0)
    np.testing.assert_allclose(colour[1:], 0.0)
    ramp = np.linspace(0, 1, 6)[None, :, None] * np.ones((4, 6, 3))
    shrunk = images.to_input(ramp, 1, 2, 1)  # area averaging keeps the mean of each half
    np.testing.assert_allclose(shrunk[0, 0], [ramp[0, :3, 0].mean(), ramp[0, 3:, 0].mean()])
    with pytest.raises(ImageError, match="1 \\(gray\\) or 3 \\(RGB\\)"):
        images.to_input(rgb, 2, 2, 2)


def test_load_input_fills_the_batch(qapp, tmp_path):
    spec = Spec(height=5, width=5, channels=3, batch=2)
    rgb, x = images.load_input(_save(tmp_path, "b.png"), spec)
    assert rgb.shape == (30, 40, 3) and x.shape == (2, 3, 5, 5)
    np.testing.assert_array_equal(x[0], x[1])
    assert x.min() >= 0 and x.max() <= 1


# --- sessions --------------------------------------------------------------------------------


@pytest.fixture
def trained(qapp):
    """A session with history, momentum, a cursor mid-iteration and awkward floats."""
    from convstudio.session.session import Session

    s = Session()
    spec = Spec(height=4, width=4, filters=2, bias=True, momentum=0.5, lr=0.05)
    x = np.random.default_rng(3).standard_normal(spec.input_shape)
    x[0, 0, 0, :3] = [5e-324, -0.0, 1 / 3]  # a subnormal, a negative zero, a repeating fraction
    s.restore(s.fresh_state(spec, x, np.ones(spec.target_shape)))
    for _ in range(3):
        s.move("iteration", +1)
        s.move("element", +1)
    s.move("element", -1)  # back into iteration 3: iteration 4 stays in the timeline
    s.go_to(Cursor(5, 0))
    yield s
    s.deleteLater()


def _same_state(loaded, state):
    assert loaded.spec == state.spec and loaded.iteration == state.iteration
    assert loaded.cursor == state.cursor and loaded.first == state.first
    assert loaded.x.tobytes() == state.x.tobytes()  # bits, including -0.0 and the subnormal
    assert loaded.target.tobytes() == state.target.tobytes()
    assert np.asarray(loaded.losses).tobytes() == np.asarray(state.losses).tobytes()
    assert len(loaded.snapshots) == len(state.snapshots)
    for a, b in zip(loaded.snapshots, state.snapshots, strict=True):
        assert a.params.keys() == b.params.keys() and a.velocity.keys() == b.velocity.keys()
        for name in b.params:
            assert a.params[name].tobytes() == b.params[name].tobytes()
        for name in b.velocity:
            assert a.velocity[name].tobytes() == b.velocity[name].tobytes()


def test_a_session_round_trips_bit_for_bit(trained, tmp_path):
    path = tmp_path / "s.convstudio"
    state = trained.state()
    assert state.iteration == 2 and len(state.snapshots) == 4 and len(state.losses) == 3
    sessionfile.save_state(path, state, {"intro": "hello"})
    loaded, texts = sessionfile.load_state(path)
    assert texts == {"intro": "hello"}
    assert np.signbit(loaded.x[0, 0, 0, 1]) and loaded.x[0, 0, 0, 0] == 5e-324
    _same_state(loaded, state)
    assert json.loads(path.read_text())["version"] == sessionfile.VERSION


def test_an_older_format_1_file_still_opens_bit_for_bit(trained, tmp_path):
    state = trained.state()

    def hexes(a):
        return {"shape": list(a.shape), "data": [float(v).hex() for v in np.ravel(a)]}

    doc = sessionfile.document(state, {})
    del doc["losses"], doc["first"], doc["snapshots"], doc["network"], doc["data"]
    doc["version"] = 1
    doc["x"], doc["target"] = hexes(state.x), hexes(state.target)
    doc["timeline"] = [
        {
            "params": {k: hexes(v) for k, v in snap.params.items()},
            "velocity": {k: hexes(v) for k, v in snap.velocity.items()},
            "loss": float(loss).hex() if i < len(state.losses) else None,
        }
        for i, (snap, loss) in enumerate(zip(state.snapshots, [*state.losses, None], strict=True))
    ]
    path = tmp_path / "old.convstudio"
    path.write_text(json.dumps(doc), encoding="utf-8")
    _same_state(sessionfile.load_state(path)[0], state)


def test_a_crash_mid_save_keeps_the_old_file(trained, tmp_path, monkeypatch):
    path = tmp_path / "s.convstudio"
    sessionfile.save_state(path, trained.state())
    before = path.read_bytes()

    def broken_dump(doc, out):
        out.write('{"format": "convstudio-session", "vers')
        raise OSError("disk full")

    monkeypatch.setattr(sessionfile, "_dump", broken_dump)
    with pytest.raises(OSError, match="disk full"):
        sessionfile.save_state(path, trained.state())
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["s.convstudio"]  # no temporary file left


def test_the_largest_session_always_fits_in_a_file_that_opens_again(qapp, tmp_path):
    """The largest network with momentum, the most iterations a session holds and many kept
    weights: saving leaves out the oldest weights so the file stays under the size that opens."""
    from convstudio.engine.timeline import MAX_ITERATIONS, Losses, Snapshot, State
    from convstudio.session.edits import sample_input

    spec = Spec(height=64, width=64, channels=3, batch=64, filters=16, kernel=7, padding=3, bias=True,
                activation="relu", pooling="max", head="dense", classes=10, loss="cross_entropy",
                momentum=0.9)  # fmt: skip
    rng = np.random.default_rng(0)
    snapshots = []
    for _ in range(12):
        params = {k: rng.standard_normal(shape) for k, shape in spec.param_shapes().items()}
        snapshots.append(Snapshot(params, {k: rng.standard_normal(v.shape) for k, v in params.items()}))
    losses = Losses(rng.uniform(0, 3, MAX_ITERATIONS - 1))
    first = MAX_ITERATIONS - 12
    state = State(spec, sample_input(spec, 0), np.arange(64) % 10, snapshots, first + 8, Cursor(), None, 0,
                  first, losses)  # fmt: skip
    path = tmp_path / "big.convstudio"
    started = time.perf_counter()
    sessionfile.save_state(path, state)
    saved = time.perf_counter() - started
    assert path.stat().st_size <= sessionfile.MAX_BYTES
    started = time.perf_counter()
    loaded, _ = sessionfile.load_state(path)
    opened = time.perf_counter() - started
    assert loaded.iteration == state.iteration
    assert first < loaded.first <= state.iteration < loaded.first + len(loaded.snapshots)
    assert state.iteration <= len(loaded.losses) <= loaded.first + len(loaded.snapshots)  # none beyond
    kept = loaded.snapshots[state.iteration - loaded.first]
    assert kept.params["V"].tobytes() == snapshots[8].params["V"].tobytes()
    assert kept.velocity["W"].tobytes() == snapshots[8].velocity["W"].tobytes()
    assert np.asarray(loaded.losses).tobytes() == np.asarray(losses)[: len(loaded.losses)].tobytes()
    assert saved < 10 and opened < 10, (saved, opened)


def _doc(trained) -> dict:
    return sessionfile.document(trained.state(), {})


def _b64(values) -> str:
    return base64.b64encode(np.asarray(values, dtype="<f8").tobytes()).decode()


def _mutations():
    def setter(key, value):
        return lambda d: d.__setitem__(key, value)

    def drop(key):
        return lambda d: d.pop(key)

    def weight(value):
        def mutate(d):
            w = d["snapshots"][0]["params"]["W"]
            w["float64"] = _b64([value, *np.zeros(math.prod(w["shape"]) - 1)])

        return mutate

    def nested(*keys, value):
        def mutate(d):
            for key in keys[:-1]:
                d = d[key]
            d[keys[-1]] = value

        return mutate

    return [
        (setter("version", 5), "saved by a newer ConvStudio (format 5); this version reads formats 1 to 4"),
        (setter("version", "2"), "its format version '2' is not one ConvStudio knows"),
        (drop("spec"), "it lacks spec"),
        (drop("losses"), "it lacks losses"),
        (setter("colour", "blue"), "unknown entries colour"),
        (nested("spec", "lr", value="fast"), "lr has the wrong type: 'fast'"),
        (nested("spec", "colour", value=1), "unknown network setting(s): colour"),
        (nested("spec", "kernel", value=[5, 5]), "its network is impossible: a 5x5 filter does not fit"),
        (nested("spec", "filters", value=99), "filters must be from 1 to 16, not 99"),
        (setter("spec", [1, 2]), "its network (spec) must be a table"),
        (setter("iteration", "3"), "the current iteration must be a whole number"),
        (setter("iteration", 99), "the current iteration must be a whole number from 0 to 3"),
        (setter("iteration", True), "the current iteration must be a whole number"),
        (setter("first", -1), "the first iteration kept must be a whole number"),
        (setter("cursor", [1]), "its cursor must be"),
        (setter("snapshots", []), "must be a non-empty list"),
        (setter("snapshots", {"W": 1}), "must be a non-empty list"),
        (setter("lesson", 5), "its lesson must be a name"),
        (setter("seed", -3), "the seed must be a whole number"),
        (setter("lesson_text", {"intro": 3}), "its lesson texts must be a table of texts"),
        (weight(math.nan), "NaN or infinite"),
        (weight(math.inf), "NaN or infinite"),
        (nested("x", "float64", value=_b64(np.zeros(15))), "the input must hold 16 values, not 15"),
        (nested("x", "float64", value="@@not base64@@"), "the input is not base64 text"),
        (nested("x", "float64", value=[1, 2]), "the input is not base64 text"),
        (nested("x", "shape", value=[1, 1, -4, 4]), "the input must have a shape of at most 4 whole numbers"),
        (nested("x", value={"shape": [1, 1, 4, 4]}), "the input must be an array with shape and float64"),
        (nested("x", value={"shape": [1, 1, 4, 4], "data": ["zz"] * 16}), "the input holds something"),
        (
            nested("target", value={"shape": [3], "float64": _b64([1, 1, 1])}),
            "the target must have shape (1, 2)",
        ),
        (setter("losses", {"shape": [1], "float64": _b64([1.0])}), "it lacks the loss of iteration 2"),
        (setter("losses", {"shape": [5], "float64": _b64(np.ones(5))}), "its 5 losses do not match weights"),
        (nested("losses", "shape", value=[3, 1]), "the losses must be a list of numbers"),
        (nested("snapshots", 0, "momentum", value={}), "must have params, velocity and opt_state"),
        (nested("snapshots", 0, "params", "V", value={"shape": [1], "float64": _b64([1])}), "not used V"),
        (nested("snapshots", 0, "params", "W", "shape", value=[2, 1, 4]), "the weights of iteration 1"),
        (
            nested("snapshots", 1, "velocity", value={"W": {"shape": [1], "float64": _b64([0])}}),
            "the momentum of iteration 2 does not match its weights",
        ),
        (setter("format", "photoshop"), "not a ConvStudio session file"),
    ]


@pytest.mark.parametrize(("mutate", "message"), _mutations())
def test_a_bad_session_file_gets_one_clear_message(trained, tmp_path, mutate, message):
    doc = _doc(trained)
    mutate(doc)
    path = tmp_path / "bad.convstudio"
    path.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(SessionFileError) as caught:
        sessionfile.load_state(path)
    assert str(caught.value).startswith("bad.convstudio cannot be opened: ")
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "it is empty (0 bytes)"),
        (os.urandom(3000), "not"),
        (b"\xff\xfe" + "{}".encode("utf-16-le"), "not a ConvStudio session (not text)"),
        (b'{"format": "convstudio-session", "version": 2, "spec": {', "not valid JSON"),
        (b"[1, 2, 3]", "not a ConvStudio session file"),
        (b'{"format": "convstudio-session", "version": 2, "x": NaN}', "not a number ConvStudio can use"),
        (b"[" * 200_000 + b"]" * 200_000, "nests deeper than the 32 levels"),
    ],
)
def test_broken_bytes_get_one_clear_message(qapp, tmp_path, content, message):
    path = tmp_path / "bad.convstudio"
    path.write_bytes(content)
    with pytest.raises(SessionFileError, match=r"bad\.convstudio cannot be opened") as caught:
        sessionfile.load_state(path)
    assert message in str(caught.value)


def test_a_missing_session_file_is_named(qapp, tmp_path):
    with pytest.raises(SessionFileError, match=r"gone\.convstudio cannot be opened: no such file"):
        sessionfile.load_state(tmp_path / "gone.convstudio")


def test_a_fifty_megabyte_file_is_refused_before_reading(qapp, tmp_path):
    path = _sparse(tmp_path / "big.convstudio", 50_000_000)
    tracemalloc.start()
    with pytest.raises(SessionFileError, match="it is 50 MB; session files up to 40 MB can be opened"):
        sessionfile.load_state(path)
    assert tracemalloc.get_traced_memory()[1] < 1024 * 1024
    tracemalloc.stop()


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
        return _write(d / name, json.dumps(doc).encode())

    def nan_x(doc):
        doc["x"]["float64"] = _b64(np.full(16, np.nan))

    return [
        (d / "missing.png", "missing.png does not exist"),
        (_write(d / "empty.png", b""), "empty.png is empty (0 bytes)"),
        (_write(d / "noise.png", os.urandom(4000)), "noise.png is not an image ConvStudio can read"),
        (_cut(_save(d, "cut.png", 200, 200), 0.5), "cut.png is cut short"),
        (_cut(_save(d, "cut.jpg", 200, 200, "JPEG"), 0.3), "cut.jpg is cut short"),
        (_write(d / "giant.png", _png_header(20000, 20000) + _idat()), "claims 20000x20000 pixels"),
        (_sparse(d / "huge.png", 50 * 1024 * 1024 + 1), "huge.png is 52 MB; images up to 52 MB"),
        (_write(d / "empty.convstudio", b""), "empty.convstudio cannot be opened: it is empty"),
        (_write(d / "noise.convstudio", os.urandom(3000)), "noise.convstudio cannot be opened: it is not"),
        (
            _cut(_write(d / "cut.convstudio", good.read_bytes()), 0.5),
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
        (_sparse(d / "big.convstudio", 50_000_000), "it is 50 MB; session files up to 40 MB"),
        (_write(d / "empty.toml", b""), "lesson empty.toml: it is empty (0 bytes)"),
        (_write(d / "newer.toml", ("format = 7\n" + GOOD_LESSON).encode()), "lesson format 7"),
        (
            _write(d / "nan.toml", GOOD_LESSON.replace("target = ", "target = nan #").encode()),
            "NaN or infinite",
        ),
        (_write(d / "types.toml", GOOD_LESSON.replace("lr = 0.1", 'lr = "0.1"').encode()), "wrong type"),
        (_sparse(d / "big.toml", 50_000_000), "lesson big.toml: it is 50 MB"),
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
        (lambda d: _write(d / "noise.png", os.urandom(500)), "noise.png is not an image ConvStudio can read"),
        (
            lambda d: _write(d / "bad.convstudio", b"{"),
            "bad.convstudio cannot be opened: it is not valid JSON",
        ),
        (lambda d: _write(d / "bad.toml", b"format = 3\n"), "lesson bad.toml: it was written for a newer"),
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
    path = _write(tmp_path / "mine.toml", GOOD_LESSON.replace("lr = 0.1", "lr = 0.25").encode())
    assert window.open_path(path)
    assert window.session.spec.lr == 0.25 and window.session.lesson == "mine"
    window.session.undo_stack.undo()  # the lesson as opened is the bottom of the stack
    assert window.session.spec.lr == 0.25 and window.session.undo_stack.count() == 0


@pytest.mark.qt_log_ignore("exceeds the current allocation limit")  # the warning this test provokes
def test_qt_itself_refuses_to_allocate_for_a_giant_header(qapp, qtlog, tmp_path):
    """With the pixel check out of the way, Qt's allocation limit still stops a 1.6 GB image."""
    path = _write(tmp_path / "liar.png", _png_header(20000, 20000) + _idat())
    with pytest.raises(ImageError, match=r"liar\.png could not be read"):
        images.read_image(path, max_pixels=10**12)
    refusals = [r.message for r in qtlog.records if "exceeds the current allocation limit" in r.message]
    assert refusals and f"{images.ALLOCATION_LIMIT_MB} megabytes" in refusals[0]
