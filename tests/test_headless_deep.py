"""Training deep lessons on the terminal: their network and data set (mini-batches as the window
draws them), the accuracy on held-out images, and a session file the window and the terminal reopen."""

from __future__ import annotations

import numpy as np
import pytest

from convstudio import cli, headless
from convstudio.engine import lessons
from convstudio.engine import network as nw
from convstudio.io import sessionfile

DEEP = [name for name in lessons.available(every=True) if lessons.load(name).spec is None]


def train(capsys, *argv: str) -> str:  # type: ignore[no-untyped-def]
    assert headless.main(cli.parse_args(list(argv))) == headless.OK
    return capsys.readouterr().out


def test_the_digits_reach_95_percent_on_their_test_images_and_learn_from_the_windows_batches(
    tmp_path, capsys
):
    saved = tmp_path / "digits.convstudio"
    out = train(capsys, "--lesson", "digits", "--train", "176", "--save", str(saved))
    lesson = lessons.load("digits")
    assert lesson.data is not None and lesson.test is not None
    assert "train accuracy" in out and f"({len(lesson.data.images):,} images)" in out
    test_line = next(line for line in out.splitlines() if line.startswith("test accuracy"))
    assert float(test_line.split()[2].rstrip("%")) >= 95.0
    state, _ = sessionfile.load_state(saved)
    assert state.spec is None and state.network == lesson.network and state.iteration == 176
    assert state.data is not None and len(state.data.images) == len(lesson.data.images)
    # the same numbers as iterating batch after batch, as the window does
    params, opt = dict(lesson.network_params), {}
    for number in range(176):
        x, y = lesson.data.arrays(number)
        result = nw.iterate(lesson.network, params, x, y.astype(np.int64), opt)
        params, opt = result.new_params, result.new_state
    snap = state.snapshot(176)
    assert snap is not None
    for key, value in params.items():
        np.testing.assert_array_equal(snap.params[key], value)
    x, y = lesson.data.arrays(176)
    np.testing.assert_array_equal(state.x, x)


@pytest.mark.parametrize("name", DEEP)
def test_every_deep_lesson_trains_saves_and_continues(tmp_path, capsys, name):
    first = tmp_path / "first.convstudio"
    out = train(capsys, "--lesson", name, "--train", "3", "--save", str(first))
    assert f"trained {name}: 3 iterations" in out and "final loss" in out
    again = tmp_path / "again.convstudio"
    out = train(capsys, "--open", str(first), "--train", "2", "--save", str(again))
    assert "iterations in the session: 5" in out
    state, _ = sessionfile.load_state(again)
    assert (state.iteration, len(state.losses), state.spec) == (5, 5, None)
    lesson = lessons.load(name)
    params, opt = dict(lesson.network_params), {}
    losses = []
    for number in range(5):
        x, y = (lesson.x, lesson.target) if lesson.data is None else lesson.data.arrays(number)
        target = y.astype(np.int64) if lesson.network["loss"] == "cross_entropy" else y
        result = nw.iterate(lesson.network, params, x, target, opt)
        params, opt = result.new_params, result.new_state
        losses.append(result.loss)
    np.testing.assert_allclose(np.asarray(state.losses), losses, rtol=0, atol=0)
