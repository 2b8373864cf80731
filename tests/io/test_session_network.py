"""Session files of format 3: a network of any depth and its optimiser state round-trip bit for
bit; a bad network part gets one clear sentence."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from convstudio.engine import lessons
from convstudio.engine import network as nw
from convstudio.engine.cursor import Cursor
from convstudio.engine.spec_network import to_network
from convstudio.engine.timeline import Losses, Snapshot, State
from convstudio.io import sessionfile
from convstudio.io.sessionfile import SessionFileError


def _trained(name: str, iterations: int = 3) -> State:
    """A lesson's network trained headless, every iteration's weights and state kept."""
    lesson = lessons.load(name)
    params, state = lesson.network_params, {}
    snapshots, losses = [Snapshot(params, {}, {})], []
    for _ in range(iterations):
        result = nw.iterate(lesson.network, params, lesson.x, lesson.target, state)
        params, state = result.new_params, result.new_state
        snapshots.append(Snapshot(params, {}, state))
        losses.append(result.loss)
    return State(
        None, lesson.x, lesson.target, snapshots, iterations, Cursor(2, 0), name, 0, 0, Losses(losses),
        network=lesson.network,
    )  # fmt: skip


@pytest.mark.parametrize("name", ["adam-vs-sgd", "batch-norm", "two-conv-layers"])
def test_a_network_session_round_trips_with_its_optimiser_state(tmp_path, name):
    state = _trained(name)
    path = tmp_path / "deep.convstudio"
    sessionfile.save_state(path, state, {"intro": "hi"})
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert doc["version"] == sessionfile.VERSION and doc["spec"] is None and doc["network"] == state.network
    loaded, texts = sessionfile.load_state(path)
    assert texts == {"intro": "hi"} and loaded.spec is None and loaded.network == state.network
    assert loaded.iteration == 3 and loaded.cursor == Cursor(2, 0) and loaded.lesson == name
    assert np.asarray(loaded.losses).tobytes() == np.asarray(state.losses).tobytes()
    assert loaded.target.dtype == state.target.dtype and loaded.target.tobytes() == state.target.tobytes()
    for a, b in zip(loaded.snapshots, state.snapshots, strict=True):
        assert {k: v.tobytes() for k, v in a.params.items()} == {k: v.tobytes() for k, v in b.params.items()}
        assert a.opt_state.keys() == b.opt_state.keys()
        for key, value in b.opt_state.items():
            if isinstance(value, int):
                assert a.opt_state[key] == value and isinstance(a.opt_state[key], int)
            else:
                assert a.opt_state[key].tobytes() == value.tobytes()
    # training goes on from the loaded state exactly as from the saved one
    last = loaded.snapshots[-1]
    again = nw.iterate(loaded.network, last.params, loaded.x, loaded.target, last.opt_state)
    then = nw.iterate(
        state.network, state.snapshots[-1].params, state.x, state.target, state.snapshots[-1].opt_state
    )
    assert again.loss == then.loss
    assert all(again.new_params[k].tobytes() == then.new_params[k].tobytes() for k in then.new_params)


def test_the_optimiser_state_that_is_kept_is_what_each_optimiser_needs():
    adam = _trained("adam-vs-sgd").snapshots[-1].opt_state
    assert adam["0.weight.step"] == 3 and adam["0.weight.exp_avg"].shape == (1, 1, 2, 2)
    norm = _trained("batch-norm").snapshots[-1].opt_state
    assert set(norm) == {"1.running_mean", "1.running_var"}


def test_a_one_layer_session_also_writes_its_network(tmp_path):
    lesson = lessons.load("worked-example")
    state = State(lesson.spec, lesson.x, lesson.target, [Snapshot(lesson.params, {})], 0)
    path = tmp_path / "one.convstudio"
    sessionfile.save_state(path, state)
    doc = json.loads(path.read_text(encoding="utf-8"))
    assert doc["spec"] == lesson.spec.to_dict()
    assert doc["network"] == json.loads(json.dumps(to_network(lesson.spec)))
    loaded, _ = sessionfile.load_state(path)
    assert loaded.spec == lesson.spec and loaded.network is None
    assert loaded.the_network() == to_network(lesson.spec)


def _saved(tmp_path, name="adam-vs-sgd"):
    path = tmp_path / "s.convstudio"
    sessionfile.save_state(path, _trained(name))
    return path, json.loads(path.read_text(encoding="utf-8"))


def _bad_conv(doc):
    doc["network"]["layers"][0]["kernel"] = 5


def _stranger(doc):
    doc["snapshots"][1]["opt_state"]["0.weight.momentum_buffer"] = doc["snapshots"][1]["params"]["0.weight"]


def _step(doc):
    doc["snapshots"][1]["opt_state"]["0.weight.step"] = 0


def _shape(doc):
    doc["snapshots"][1]["opt_state"]["0.weight.exp_avg"] = {"shape": [1], "float64": "AAAAAAAAAAA="}


def _spec_disagrees(doc):
    doc["spec"] = lessons.load("worked-example").spec.to_dict()


def _params(doc):
    doc["snapshots"][0]["params"]["0.bias"] = doc["snapshots"][0]["params"]["0.weight"]


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (_bad_conv, "its network is impossible: layer 1 (conv): "),
        (
            _stranger,
            "the state of iteration 2 has 0.weight.momentum_buffer, which this network does not keep",
        ),
        (_step, "the state of iteration 2 0.weight.step must be a whole number from 1 to"),
        (_shape, "the state of iteration 2 0.weight.exp_avg must have shape (1, 1, 2, 2), not (1,)"),
        (_spec_disagrees, "its network and its spec describe different networks"),
        (_params, "the parameters must be 0.weight, not 0.weight, 0.bias"),
    ],
)
def test_a_bad_network_part_gets_one_clear_sentence(tmp_path, mutate, message):
    path, doc = _saved(tmp_path)
    mutate(doc)
    path.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(SessionFileError) as caught:
        sessionfile.load_state(path)
    assert str(caught.value).startswith("s.convstudio cannot be opened: ")
    assert message in str(caught.value)


@pytest.mark.parametrize("name", ["adam-vs-sgd", "batch-norm"])
def test_a_format_3_file_saved_by_this_release_keeps_opening_with_its_state(name):
    path = Path(__file__).parent / "fixtures" / f"{name}-v3.convstudio"
    assert json.loads(path.read_text(encoding="utf-8"))["version"] == 3
    loaded, _ = sessionfile.load_state(path)
    fresh = _trained(name)  # the same three iterations, trained again now
    assert loaded.network == fresh.network and loaded.iteration == 3
    assert np.asarray(loaded.losses).tobytes() == np.asarray(fresh.losses).tobytes()
    for a, b in zip(loaded.snapshots, fresh.snapshots, strict=True):
        assert {k: v.tobytes() for k, v in a.params.items()} == {k: v.tobytes() for k, v in b.params.items()}
        assert {k: v if isinstance(v, int) else v.tobytes() for k, v in a.opt_state.items()} == {
            k: v if isinstance(v, int) else v.tobytes() for k, v in b.opt_state.items()
        }
