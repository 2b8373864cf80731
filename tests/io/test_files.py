"""Bad files get one clear message and change nothing; sessions round-trip bit for bit, atomically."""

from __future__ import annotations

import json
import os
import struct
import time
import tracemalloc
import zlib
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtGui import QColor, QImage

from convstudio.engine.model import Spec
from convstudio.engine.trace import Cursor
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
        (lambda d: _write(d / "header.png", _png_header(20000, 20000)), "header.png could not be read"),
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
    s.go_to(Cursor(5, 0))
    yield s
    s.deleteLater()


def test_a_session_round_trips_bit_for_bit(trained, tmp_path):
    path = tmp_path / "s.convstudio"
    state = trained.state()
    sessionfile.save_state(path, state, {"intro": "hello"})
    loaded, texts = sessionfile.load_state(path)
    assert texts == {"intro": "hello"}
    assert loaded.spec == state.spec and loaded.iteration == state.iteration == 2
    assert loaded.cursor == Cursor(5, 0)
    assert loaded.x.tobytes() == state.x.tobytes()  # bits, including -0.0 and the subnormal
    assert np.signbit(loaded.x[0, 0, 0, 1])
    assert len(loaded.timeline) == len(state.timeline)
    for a, b in zip(loaded.timeline, state.timeline, strict=True):
        assert a.loss == b.loss
        for name in b.params:
            assert a.params[name].tobytes() == b.params[name].tobytes()
        for name in b.velocity:
            assert a.velocity[name].tobytes() == b.velocity[name].tobytes()


def test_a_crash_mid_save_keeps_the_old_file(trained, tmp_path, monkeypatch):
    path = tmp_path / "s.convstudio"
    sessionfile.save_state(path, trained.state())
    before = path.read_bytes()

    def broken_dump(doc, out, **kwargs):
        out.write('{"format": "convstudio-session", "vers')
        raise OSError("disk full")

    monkeypatch.setattr(sessionfile.json, "dump", broken_dump)
    with pytest.raises(OSError, match="disk full"):
        sessionfile.save_state(path, trained.state())
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["s.convstudio"]  # no temporary file left


def _doc(trained) -> dict:
    return sessionfile.document(trained.state(), {})


def _mutations():
    def newer(d):
        d["version"] = 2

    def drop(key):
        return lambda d: d.pop(key)

    def setter(key, value):
        return lambda d: d.__setitem__(key, value)

    def nan_weight(d):
        d["timeline"][0]["params"]["W"]["data"][0] = "nan"

    def short_x(d):
        d["x"]["data"] = d["x"]["data"][:-1]

    def bad_spec(d):
        d["spec"]["kernel"] = [5, 5]

    def text_weight(d):
        d["timeline"][0]["params"]["W"]["data"][0] = [1, 2]

    return [
        (newer, "saved by a newer ConvStudio (format 2); this version reads format 1"),
        (drop("spec"), "it lacks spec"),
        (setter("colour", "blue"), "unknown entries colour"),
        (setter("iteration", "3"), "the current iteration must be a whole number"),
        (setter("iteration", 99), "the current iteration must be a whole number from 0 to 2"),
        (setter("cursor", [1]), "its cursor must be"),
        (setter("timeline", []), "must be a non-empty list"),
        (setter("lesson", 5), "its lesson must be a name"),
        (nan_weight, "NaN or infinite"),
        (short_x, "the input must hold"),
        (bad_spec, "its network is impossible: a 5x5 filter does not fit a 4x4 image"),
        (text_weight, "not a number"),
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


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "it is empty"),
        (os.urandom(3000), "not"),
        (b'{"format": "convstudio-session", "version": 1, "spec": {', "not valid JSON"),
        (b"[1, 2, 3]", "not a ConvStudio session file"),
        (b'{"format": "convstudio-session", "version": 1, "x": NaN}', "not a number ConvStudio can use"),
    ],
)
def test_broken_bytes_get_one_clear_message(qapp, tmp_path, content, message):
    path = tmp_path / "bad.convstudio"
    path.write_bytes(content)
    with pytest.raises(SessionFileError, match=r"bad\.convstudio cannot be opened") as caught:
        sessionfile.load_state(path)
    assert message in str(caught.value)


def test_a_fifty_megabyte_file_is_refused_before_reading(qapp, tmp_path):
    path = _sparse(tmp_path / "big.convstudio", 51 * 1024 * 1024)
    tracemalloc.start()
    with pytest.raises(SessionFileError, match="session files up to 52 MB"):
        sessionfile.load_state(path)
    assert tracemalloc.get_traced_memory()[1] < 1024 * 1024
    tracemalloc.stop()
