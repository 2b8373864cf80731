"""Sessions round-trip bit for bit and atomically; older formats open; a bad session file gets one
clear message and changes nothing."""

from __future__ import annotations

import json
import math
import os
import time
import tracemalloc

import numpy as np
import pytest

from convstudio.engine.cursor import Cursor
from convstudio.engine.spec import Spec
from convstudio.io import sessionfile
from convstudio.io.sessionfile import SessionFileError
from tests.io.bad_bytes import b64, sparse

# --- sessions --------------------------------------------------------------------------------


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


def _mutations():
    def setter(key, value):
        return lambda d: d.__setitem__(key, value)

    def drop(key):
        return lambda d: d.pop(key)

    def weight(value):
        def mutate(d):
            w = d["snapshots"][0]["params"]["W"]
            w["float64"] = b64([value, *np.zeros(math.prod(w["shape"]) - 1)])

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
        (nested("x", "float64", value=b64(np.zeros(15))), "the input must hold 16 values, not 15"),
        (nested("x", "float64", value="@@not base64@@"), "the input is not base64 text"),
        (nested("x", "float64", value=[1, 2]), "the input is not base64 text"),
        (nested("x", "shape", value=[1, 1, -4, 4]), "the input must have a shape of at most 4 whole numbers"),
        (nested("x", value={"shape": [1, 1, 4, 4]}), "the input must be an array with shape and float64"),
        (nested("x", value={"shape": [1, 1, 4, 4], "data": ["zz"] * 16}), "the input holds something"),
        (
            nested("target", value={"shape": [3], "float64": b64([1, 1, 1])}),
            "the target must have shape (1, 2)",
        ),
        (setter("losses", {"shape": [1], "float64": b64([1.0])}), "it lacks the loss of iteration 2"),
        (setter("losses", {"shape": [5], "float64": b64(np.ones(5))}), "its 5 losses do not match weights"),
        (nested("losses", "shape", value=[3, 1]), "the losses must be a list of numbers"),
        (nested("snapshots", 0, "momentum", value={}), "must have params, velocity and opt_state"),
        (nested("snapshots", 0, "params", "V", value={"shape": [1], "float64": b64([1])}), "not used V"),
        (nested("snapshots", 0, "params", "W", "shape", value=[2, 1, 4]), "the weights of iteration 1"),
        (
            nested("snapshots", 1, "velocity", value={"W": {"shape": [1], "float64": b64([0])}}),
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
    path = sparse(tmp_path / "big.convstudio", 50_000_000)
    tracemalloc.start()
    with pytest.raises(SessionFileError, match="it is 50 MB; session files up to 40 MB can be opened"):
        sessionfile.load_state(path)
    assert tracemalloc.get_traced_memory()[1] < 1024 * 1024
    tracemalloc.stop()
