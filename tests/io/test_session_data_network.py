"""A deep network's data set in the session file: the digits lesson's training images come back as
they were, labels as whole class numbers the network can train on, and bad labels are refused."""

from __future__ import annotations

import json
from dataclasses import replace

import numpy as np
import pytest

from convstudio.engine import lessons
from convstudio.engine import network as nw
from convstudio.engine.data_set import DataSet
from convstudio.io import sessionfile
from convstudio.io.sessionfile import SessionFileError
from convstudio.session.edits import fresh_network_state


def _digits_state():
    lesson = lessons.load("digits")
    state = fresh_network_state(
        lesson.network, lesson.x, lesson.target, lesson.network_params, lesson="digits"
    )
    data = lesson.data
    assert data is not None
    return replace(state, data=data), data


def test_a_digits_session_reopens_with_its_data_set_and_trains_on_it(tmp_path):
    state, data = _digits_state()
    path = tmp_path / "digits.convstudio"
    sessionfile.save_state(path, state)
    loaded, _ = sessionfile.load_state(path)
    assert loaded.data is not None
    np.testing.assert_array_equal(loaded.data.images, data.images)
    assert loaded.data.targets.dtype == np.int64
    np.testing.assert_array_equal(loaded.data.targets, data.targets)
    assert (loaded.data.batch_size, loaded.data.seed, loaded.data.drop_last) == (32, 0, True)
    assert loaded.data.class_names == tuple("0123456789")  # the digits are their own class names
    x, y = loaded.data.arrays(5)
    result = nw.iterate(loaded.network, state.snapshots[0].params, x, y)
    assert result.loss == nw.iterate(state.network, state.snapshots[0].params, *data.arrays(5)).loss


@pytest.mark.parametrize(("label", "words"), [(10, "from 0 to 9"), (2.5, "whole class number")])
def test_a_label_the_network_has_no_class_for_is_refused(tmp_path, label, words):
    state, data = _digits_state()
    targets = np.array(data.targets, dtype=np.float64)
    targets[3] = label
    bad = DataSet(data.images, targets, data.batch_size, data.seed, data.drop_last)
    path = tmp_path / "bad.convstudio"
    sessionfile.save_state(path, replace(state, data=bad))
    with pytest.raises(SessionFileError, match=f"its data set: .*{words}"):
        sessionfile.load_state(path)
    assert json.loads(path.read_text())["data"] is not None


def test_a_file_without_class_names_opens_numbering_them_and_bad_names_are_refused(tmp_path):
    state, _ = _digits_state()
    path = tmp_path / "digits.convstudio"
    sessionfile.save_state(path, state)
    doc = json.loads(path.read_text())
    assert doc["data"]["class_names"] == list("0123456789")
    del doc["data"]["class_names"]  # as ConvStudio wrote it before classes had names
    path.write_text(json.dumps(doc))
    loaded, _ = sessionfile.load_state(path)
    assert loaded.data is not None and loaded.data.class_names == ()
    doc["data"]["class_names"] = [1, 2]
    path.write_text(json.dumps(doc))
    with pytest.raises(SessionFileError, match="class_names must be a list of texts"):
        sessionfile.load_state(path)
