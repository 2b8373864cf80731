"""File ▸ Open image folder: a folder of one subfolder per class becomes the session's data set,
the network a classifier of its classes; undo takes it back, and a saved session keeps it."""

from __future__ import annotations

import numpy as np
import pytest

from convstudio.engine.data_set import MAX_VALUES, DataSet
from convstudio.engine.spec import Spec
from convstudio.io import sessionfile
from convstudio.io.image_folder import read_folder
from convstudio.ui.class_names import class_names
from tests.io.test_image_folder import picture
from tests.ui.windows import open_window


@pytest.fixture
def folder(tmp_path):
    for k in range(10):
        picture(tmp_path / "pics" / ("cats", "dogs", "owls")[k % 3] / f"{k}.png", 6 + k, 5 + k)
    return tmp_path / "pics"


def test_the_file_menu_offers_it(qtbot):
    window = open_window(qtbot)
    texts = [a.text() for a in window.menuBar().actions()[0].menu().actions()]
    assert "Open image &folder…" in texts


def test_a_folder_becomes_the_data_set_a_full_batch_at_a_time_and_undo_takes_it_back(qtbot, folder):
    window = open_window(qtbot)
    s = window.session
    assert s.apply_spec(Spec(batch=4, height=5, width=5, kernel=2))
    before = s.spec
    data = read_folder(folder, channels=1, height=5, width=5)
    assert window.files.use_image_folder("pics", data.images, data.labels, len(data.classes))
    spec = s.spec
    assert (spec.loss, spec.head, spec.classes, spec.batch) == ("cross_entropy", "dense", 3, 4)
    assert s.data is not None and s.data.batches.per_epoch == 2  # 10 images: 2 full batches of 4
    assert "10 images of 3 classes" in window.statusBar().currentMessage()
    assert "epoch 1 · batch 1 of 2" in window.position.text()
    first = s.x.copy()
    np.testing.assert_array_equal(first, data.images[s.data.batch(0).samples])
    with qtbot.waitSignal(s.training_finished, timeout=20_000):
        s.train(3)
    assert "epoch 2 · batch 2 of 2" in window.position.text()
    np.testing.assert_array_equal(s.x, data.images[s.data.batch(3).samples])
    s.undo_stack.undo()  # training is not an edit: one undo takes the folder back
    assert s.spec == before and s.data is None


def test_a_saved_session_keeps_the_data_set_bit_for_bit(qtbot, folder, tmp_path):
    window = open_window(qtbot)
    s = window.session
    assert s.apply_spec(Spec(batch=4, height=5, width=5, kernel=2))
    data = read_folder(folder, channels=1, height=5, width=5)
    assert window.files.use_image_folder("pics", data.images, data.labels, len(data.classes), data.classes)
    assert class_names(s, 3) == ["cats", "dogs", "owls"]  # the subfolders name the classes
    path = tmp_path / "with-data.convstudio"
    assert window.files.save_session(path)
    state, _ = sessionfile.load_state(path)
    assert state.data is not None
    np.testing.assert_array_equal(state.data.images, s.data.images)
    np.testing.assert_array_equal(state.data.targets, s.data.targets)
    assert (state.data.batch_size, state.data.seed, state.data.drop_last) == (4, s.data.seed, True)
    assert state.data.targets.dtype == np.int64
    assert state.data.class_names == ("cats", "dogs", "owls")


def test_more_classes_than_a_network_holds_is_one_sentence_and_nothing_changes(qtbot):
    window = open_window(qtbot)
    s = window.session
    before = s.state()
    failures = []
    s.failed.connect(failures.append)
    images, labels = np.zeros((12, 1, 3, 3)), np.arange(12)
    assert not window.files.use_image_folder("many", images, labels, 12)
    assert failures and "classes" in failures[0]
    assert s.spec == before.spec and s.data is None


def test_a_data_set_too_large_to_save_is_refused_saying_so():
    with pytest.raises(ValueError, match="use fewer images or a smaller input"):
        DataSet(np.zeros((2000, 1, 32, 32)), np.zeros(2000), 4)  # 2,048,000 numbers
    DataSet(np.zeros((1953, 1, 32, 32)), np.zeros(1953), 4)  # 1,999,872: kept
    assert 1953 * 32 * 32 <= MAX_VALUES < 2000 * 32 * 32
