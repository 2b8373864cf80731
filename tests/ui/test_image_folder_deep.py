"""File ▸ Open image folder on a deep network (the digits lesson): the folder's images, converted to
its 1x8x8 input, become the data set when the network ends in one output per class; otherwise one
sentence says what would fit and nothing changes."""

from __future__ import annotations

import numpy as np
import pytest

from convstudio.io import sessionfile
from convstudio.io.image_folder import read_folder
from convstudio.ui.dialogs import image_folder as dialog
from tests.io.test_image_folder import picture
from tests.ui.windows import open_window


def _folder(root, classes: int, per_class: int = 5):  # type: ignore[no-untyped-def]
    for k in range(classes * per_class):
        picture(root / f"class{k % classes}" / f"{k}.png", 9 + k % 7, 8 + k % 5)
    return root


@pytest.fixture
def ten(tmp_path):  # type: ignore[no-untyped-def]
    return _folder(tmp_path / "ten", 10)


def _choose(monkeypatch, folder, accept: bool = True) -> list[str]:  # type: ignore[no-untyped-def]
    """The folder dialog answers ``folder`` and the preview dialog OK; the conversions it showed."""
    shown: list[str] = []
    monkeypatch.setattr(dialog.QFileDialog, "getExistingDirectory", lambda *a: str(folder))

    def exec_(self) -> int:  # type: ignore[no-untyped-def]
        shown.append(self.conversion.text())
        return int(dialog.QDialog.DialogCode.Accepted if accept else dialog.QDialog.DialogCode.Rejected)

    monkeypatch.setattr(dialog.ImageFolderDialog, "exec", exec_)
    return shown


def test_a_folder_of_ten_classes_becomes_the_digits_networks_data_set_and_undo_takes_it_back(
    qtbot, monkeypatch, ten
):
    window = open_window(qtbot, lesson="digits")
    s = window.session
    lesson_data, network, weights = s.data, s.network, s.params
    assert s.test_set is not None
    shown = _choose(monkeypatch, ten)
    window.files.image_folder_dialog()
    assert shown and "grey" in shown[0] and "8" in shown[0]  # it said how it converted them
    assert s.deep and s.network == network  # the network is not changed
    assert s.data is not lesson_data and s.data.images.shape == (50, 1, 8, 8)
    expected = read_folder(ten, channels=1, height=8, width=8)
    np.testing.assert_array_equal(s.data.images, expected.images)
    np.testing.assert_array_equal(s.data.targets, expected.labels)
    assert s.data.batch_size == 32 and s.data.batches.per_epoch == 1  # 50 images: one full batch
    assert s.iteration == 0 and s.x.shape == (32, 1, 8, 8)
    for key, value in weights.items():  # the weights it had are where it starts from
        np.testing.assert_array_equal(s.params[key], value)
    assert s.test_set is None  # the digits' test set says nothing about the folder's classes
    assert "50 images of 10 classes" in window.statusBar().currentMessage()
    with qtbot.waitSignal(s.training_finished, timeout=30_000):
        s.train(2)
    np.testing.assert_array_equal(s.x, expected.images[s.data.batch(2).samples])
    s.undo_stack.undo()
    assert s.data is lesson_data and s.test_set is not None


def test_a_deep_sessions_folder_is_saved_and_opens_again_bit_for_bit(qtbot, monkeypatch, ten, tmp_path):
    window = open_window(qtbot, lesson="digits")
    s = window.session
    _choose(monkeypatch, ten)
    window.files.image_folder_dialog()
    path = tmp_path / "folder.convstudio"
    assert window.files.save_session(path)
    state, _ = sessionfile.load_state(path)
    assert state.spec is None and state.data is not None
    np.testing.assert_array_equal(state.data.images, s.data.images)
    np.testing.assert_array_equal(state.data.targets, s.data.targets)
    assert state.data.batch_size == 32


def test_a_folder_of_three_classes_says_what_would_fit_and_nothing_changes(qtbot, monkeypatch, tmp_path):
    window = open_window(qtbot, lesson="digits")
    s = window.session
    before = s.state()
    failures: list[str] = []
    s.failed.connect(failures.append)
    _choose(monkeypatch, _folder(tmp_path / "three", 3))
    window.files.image_folder_dialog()
    assert failures == [
        "the network ends in 10 outputs; the folder has 3 classes: change the last dense layer to 3 units"
    ]
    assert s.data is before.data and s.network == before.network and s.undo_stack.count() == 0


def test_a_network_that_is_not_a_classifier_is_told_it_needs_cross_entropy(qtbot, tmp_path):
    window = open_window(qtbot, lesson="two-conv-layers")
    s = window.session
    assert s.deep and s.network["loss"] == "mse"
    failures: list[str] = []
    s.failed.connect(failures.append)
    shape = tuple(s.network["input"][k] for k in ("channels", "height", "width"))
    assert not window.files.use_image_folder("pics", np.zeros((6, *shape)), np.arange(6) % 2, 2)
    assert failures and "cross-entropy" in failures[0] and "2 units" in failures[0]
    assert s.data is None
