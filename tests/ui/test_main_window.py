"""The app used as a student would: the worked example stepped from the keyboard, every panel's
numbers checked against the engine, back across the update, an edit undone, an impossible network,
an image and a broken file, training, and the command line's screenshot."""

from __future__ import annotations

import math
import os
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage

from convstudio.engine.trace import equation
from convstudio.ui.main_window import MainWindow

ROOT = Path(__file__).resolve().parents[2]
W0 = [[0.5, -1], [1, 0.5]]
W1 = [[0.575, -0.8875], [1.075, 0.59375]]


@pytest.fixture
def window(qtbot):
    w = MainWindow(restore_settings=False)
    w._error_dialogs = False
    qtbot.addWidget(w)
    assert w.open_lesson("worked-example")
    w.resize(1280, 800)
    w.show()
    qtbot.waitExposed(w)
    return w


def shown(window, name):
    """What the matrix view of ``name`` shows now (NaN: not computed yet)."""
    card = (
        window.tensors.cards[name.removeprefix("d")] if name.startswith("d") else window.tensors.cards[name]
    )
    return card.views[name].values()


def press(qtbot, window, key, times=1, modifier=Qt.KeyboardModifier.NoModifier):
    for _ in range(times):
        qtbot.keyClick(window, key, modifier)


def test_a_whole_iteration_from_the_keyboard_matches_the_engine(qtbot, window):
    s = window.session
    trace = s.trace
    assert np.isnan(shown(window, "o")).all()  # nothing computed yet: the map is empty
    for number in range(len(trace)):
        press(qtbot, window, Qt.Key.Key_Right)
        step = trace.step(number)
        assert s.cursor.done == number + 1
        # the equation panel shows this step's equation with its numbers
        assert equation(step, trace.names, "text") in window.equations.text()
        # the value just computed appears in its panel, at its place
        name = step.tensor
        card_values = shown(window, name) if name in ("o", "p", "do", "dp", "dW", "W") else None
        if card_values is not None and name in ("o", "do", "dW", "W"):
            assert card_values[step.index[2], step.index[3]] == pytest.approx(step.result, abs=0)
        # the written cell is highlighted where it lives
        if name in ("o", "do", "dW", "W"):
            view = window.tensors.cards[name.removeprefix("d")].views[name]
            assert (step.index[2], step.index[3]) in view.highlights()[1]
    np.testing.assert_array_equal(shown(window, "o"), [[-1, 3.5], [1.5, -1.5]])
    np.testing.assert_array_equal(shown(window, "do"), np.full((2, 2), -0.1875))
    np.testing.assert_array_equal(shown(window, "dW"), [[-0.75, -1.125], [-0.75, -0.9375]])
    np.testing.assert_allclose(shown(window, "W"), W1, rtol=0, atol=1e-15)
    assert "W22" in window.equations.text() and "0.59375" in window.equations.text()


def test_the_first_step_highlights_the_window_and_the_filter(qtbot, window):
    press(qtbot, window, Qt.Key.Key_Right)
    reads_i = set(window.tensors.cards["I"].views["I"].highlights()[0])
    reads_w = set(window.tensors.cards["W"].views["W"].highlights()[0])
    assert reads_i == {(0, 0), (0, 1), (1, 0), (1, 1)}
    assert reads_w == {(0, 0), (0, 1), (1, 0), (1, 1)}
    o = shown(window, "o")
    assert o[0, 0] == -1 and np.isnan(o[0, 1]) and np.isnan(o[1, 1])
    text = window.equations.text()
    assert "o11 = I11·W11 + I12·W12 + I21·W21 + I22·W22 = 1·0.5 + 2·(−1) + 0·1 + 1·0.5 = −1" in text


def test_dw_shows_every_input_cell_it_meets(qtbot, window):
    s = window.session
    start = s.trace.section_for("dW").start
    s.go_to(type(s.cursor)(start + 1, 0))  # dL/dW11 done
    reads_i = set(window.tensors.cards["I"].views["I"].highlights()[0])
    assert reads_i == {(0, 0), (0, 1), (1, 0), (1, 1)}  # I11, I12, I21, I22: where W11 sat
    reads_do = set(window.tensors.cards["o"].views["do"].highlights()[0])
    assert reads_do == {(0, 0), (0, 1), (1, 0), (1, 1)}
    assert "dL/dW11" in window.equations.text()


def test_stepping_back_across_the_update_restores_the_weights_exactly(qtbot, window):
    s = window.session
    press(qtbot, window, Qt.Key.Key_Right, len(s.trace))  # the whole first iteration
    press(qtbot, window, Qt.Key.Key_Right)  # into iteration 2: its first output
    assert s.iteration == 1
    np.testing.assert_array_equal(shown(window, "W"), s.params["W"].reshape(2, 2))
    np.testing.assert_allclose(shown(window, "W"), W1, atol=1e-15)
    press(qtbot, window, Qt.Key.Key_Left, 2)  # back into iteration 1, before its last update
    assert s.iteration == 0
    press(qtbot, window, Qt.Key.Key_Left, 4)  # undo all four updates
    np.testing.assert_array_equal(shown(window, "W"), W0)
    press(qtbot, window, Qt.Key.Key_Left, 1, Qt.KeyboardModifier.ShiftModifier)  # phase back
    assert s.trace.current(s.cursor) is None or s.cursor.done <= s.trace.phase_bounds("backward")[0]


def test_editing_a_weight_and_undoing_it(qtbot, window):
    s = window.session
    view = window.tensors.cards["W"].views["W"]
    view.edited.emit(0, 1, 2.0)
    assert s.params["W"][0, 0, 0, 1] == 2.0
    assert shown(window, "W")[0, 1] == 2.0
    press(qtbot, window, Qt.Key.Key_Z, 1, Qt.KeyboardModifier.ControlModifier)
    assert s.params["W"][0, 0, 0, 1] == -1.0
    press(
        qtbot,
        window,
        Qt.Key.Key_Z,
        1,
        Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier,
    )
    assert s.params["W"][0, 0, 0, 1] == 2.0


def test_an_impossible_network_is_explained_and_cannot_be_applied(qtbot, window):
    from convstudio.ui.spec_editor import SpecEditor

    editor = SpecEditor(window.session.spec, window)
    qtbot.addWidget(editor)
    editor.pairs["kernel"].boxes[0].setValue(5)
    editor.pairs["kernel"].boxes[1].setValue(5)
    assert not editor.apply_button.isEnabled()
    assert "a 5x5 filter does not fit a 3x3 image with padding 0" in editor.problems.text().lower()
    editor.pairs["stride"].boxes[0].setValue(0)
    assert "stride must be from 1" in editor.problems.text().lower()
    editor.pairs["kernel"].boxes[0].setValue(2)
    editor.pairs["kernel"].boxes[1].setValue(2)
    editor.pairs["stride"].boxes[0].setValue(1)
    editor.ints["filters"].setValue(2)
    assert editor.apply_button.isEnabled() and editor.spec is not None
    assert window.session.apply_spec(editor.spec)
    assert window.session.spec.filters == 2
    assert window.tensors.selectors.boxes["f"].isVisible()


def _png(path: Path, width: int, height: int, rgb=(200, 100, 50)) -> Path:
    image = QImage(width, height, QImage.Format.Format_RGB888)
    image.fill(QImage(1, 1, QImage.Format.Format_RGB888).pixelColor(0, 0).fromRgb(*rgb))
    assert image.save(str(path))
    return path


def test_loading_an_image_and_a_corrupt_file(qtbot, window, tmp_path):
    s = window.session
    before = s.x.copy()
    good = _png(tmp_path / "orange.png", 30, 20)
    assert window.load_image(good)
    assert not np.array_equal(s.x, before)
    lum = 0.299 * 200 / 255 + 0.587 * 100 / 255 + 0.114 * 50 / 255
    np.testing.assert_allclose(s.x, np.full((1, 1, 3, 3), lum), atol=1e-6)
    x_now = s.x.copy()
    bad = tmp_path / "broken.png"
    bad.write_bytes(os.urandom(2000))
    assert not window.load_image(bad)
    assert "broken.png" in window.statusBar().currentMessage()
    np.testing.assert_array_equal(s.x, x_now)  # nothing lost
    huge = tmp_path / "huge.png"
    ihdr = struct.pack(">IIBBBBB", 20000, 20000, 8, 2, 0, 0, 0)
    chunk = b"IHDR" + ihdr
    huge.write_bytes(
        b"\x89PNG\r\n\x1a\n" + struct.pack(">I", 13) + chunk + struct.pack(">I", zlib.crc32(chunk))
    )
    assert not window.load_image(huge)
    np.testing.assert_array_equal(s.x, x_now)


def test_training_fifty_iterations_lowers_the_loss(qtbot, window):
    s = window.session
    with qtbot.waitSignal(s.training_finished, timeout=20000) as finished:
        s.train(50)
    assert finished.args == ["done"]
    losses = s.losses
    assert len(losses) == 50 and losses[-1] < losses[0] / 10
    assert s.iteration == 50
    assert "Training finished" in window.statusBar().currentMessage()
    assert not window.progress.isVisible()
    np.testing.assert_array_equal(shown(window, "W"), s.params["W"].reshape(2, 2))


def test_a_diverging_learning_rate_stops_with_advice(qtbot, window):
    s = window.session
    assert s.apply_spec(s.spec.replace(lr=1e6))
    with qtbot.waitSignal(s.training_finished, timeout=20000) as finished:
        s.train(200)
    assert finished.args == ["diverged"]
    message = window.statusBar().currentMessage()
    assert "learning rate" in message or "Training stopped" in message
    assert all(math.isfinite(v) for v in s.params["W"].ravel())
    press(qtbot, window, Qt.Key.Key_Left)  # stepping back works from there
    assert s.cursor.done == len(s.trace) - 1


def test_switching_lessons_rebuilds_the_panels(qtbot, window):
    assert window.open_lesson("rgb")
    assert window.session.spec.channels == 3
    assert window.tensors.selectors.boxes["c"].maximum() == 3
    assert shown(window, "I").shape == (4, 4)
    assert "Colour images" in window.windowTitle()
    assert window.lesson_picker.currentData() == "rgb"


def test_the_command_line_screenshot(tmp_path):
    shot = tmp_path / "shot.png"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run(
        [sys.executable, "-m", "convstudio", "--screenshot", str(shot), "--steps", "5"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    image = QImage(str(shot))
    assert (image.width(), image.height()) == (1280, 800)
    colours = {image.pixel(x, y) for x in range(0, 1280, 7) for y in range(0, 800, 7)}
    assert len(colours) > 50  # panels, colours and text, not a blank window
    bad = subprocess.run(
        [sys.executable, "-m", "convstudio", "--screenshot", str(shot), "--lesson", "nope"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert bad.returncode == 2
    assert bad.stderr.startswith("error: there is no lesson") and len(bad.stderr.strip().splitlines()) == 1
