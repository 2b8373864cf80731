"""The app used as a student would: the worked example stepped from the keyboard, every panel's
numbers checked against the engine, term by term with the running sum, back across the update, an
edit made by double-click and undone, an image (and its original) and a broken file."""

import os
import struct
import zlib

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QCheckBox, QComboBox, QSlider

from convstudio.engine.cursor import Cursor
from convstudio.engine.equations import equation
from convstudio.ui.panels.tensor_panel import base
from tests.ui.main_window.helpers import (
    I0,
    W0,
    W1,
    cells,
    expected,
    make_window,
    png_file,
    press,
    shown,
)


def test_a_whole_iteration_from_the_keyboard_matches_the_engine(qtbot, window):
    s = window.session
    trace = s.trace
    views = {name: view for card in window.tensors.cards.values() for name, view in card.views.items()}
    assert set(views) == {"I", "W", "dW", "o", "do", "p", "dp", "t", "L"}
    assert np.isnan(shown(window, "o")).all()  # nothing computed yet: the map is empty
    for number in range(len(trace)):
        press(qtbot, window, Qt.Key.Key_Right)
        step = trace.step(number)
        assert s.cursor == Cursor(number + 1, 0)
        # the equation panel shows this step's equation with its numbers
        assert window.equations.text() == equation(step, trace.names, "text")
        # every view shows what the engine says, NaN where this iteration has not got to yet
        for name, view in views.items():
            np.testing.assert_array_equal(view.values(), expected(trace, s.cursor, name), err_msg=name)
        # the written cell is outlined where it lives, the cells read where they live
        ndim = len(step.index)
        reads = step.reads()
        for name, view in views.items():
            got_reads, got_writes, _, got_subject = view.highlights()
            assert set(got_writes) == (cells([step.index], ndim) if name == step.tensor else set()), name
            want = cells(reads[name], np.ndim(trace.values[base(name)])) if name in reads else set()
            assert set(got_reads) == want, (number, name)
            gradient_of = step.phase == "backward" and name == base(step.tensor)
            assert set(got_subject) == (cells([step.index], ndim) if gradient_of else set()), name
        # the written tensor's title says what went into the cell
        assert views[step.tensor].note().endswith(f"{step.result:g}".replace("-", "−"))
    np.testing.assert_array_equal(shown(window, "o"), [[-1, 3.5], [1.5, -1.5]])
    np.testing.assert_array_equal(shown(window, "do"), np.full((2, 2), -0.1875))
    np.testing.assert_array_equal(shown(window, "dW"), [[-0.75, -1.125], [-0.75, -0.9375]])
    np.testing.assert_allclose(shown(window, "W"), W1, rtol=0, atol=1e-15)
    assert shown(window, "L")[0, 0] == pytest.approx((0.625 - 1) ** 2)
    assert "W22" in window.equations.text() and "0.59375" in window.equations.text()
    press(qtbot, window, Qt.Key.Key_Right)  # into iteration 2: its loss curve has one point
    assert window.loss_panel.data()[1].tolist() == [pytest.approx(0.140625)]


def test_the_first_step_highlights_the_window_and_the_filter(qtbot, window):
    press(qtbot, window, Qt.Key.Key_Right)
    reads_i = set(window.tensors.view("I").highlights()[0])
    reads_w = set(window.tensors.view("W").highlights()[0])
    assert reads_i == {(0, 0), (0, 1), (1, 0), (1, 1)}
    assert reads_w == {(0, 0), (0, 1), (1, 0), (1, 1)}
    o = shown(window, "o")
    assert o[0, 0] == -1 and np.isnan(o[0, 1]) and np.isnan(o[1, 1])
    assert window.tensors.view("o").highlights()[1] == [(0, 0)]
    assert window.tensors.view("o").note() == "o11 = −1"
    text = window.equations.text()
    assert "o11 = I11·W11 + I12·W12 + I21·W21 + I22·W22 = 1·0.5 + 2·(−1) + 0·1 + 1·0.5 = −1" in text


def test_dw11_marks_the_weight_every_input_cell_it_met_and_every_do(qtbot, window):
    s = window.session
    start = s.trace.section_for("dW").start
    s.go_to(Cursor(start + 1, 0))  # dL/dW11 done
    assert set(window.tensors.view("I").highlights()[0]) == {(0, 0), (0, 1), (1, 0), (1, 1)}
    assert set(window.tensors.view("do").highlights()[0]) == {(0, 0), (0, 1), (1, 0), (1, 1)}
    assert window.tensors.view("dW").highlights()[1] == [(0, 0)]  # written
    assert window.tensors.view("W").highlights()[3] == [(0, 0)]  # the weight it is the gradient of
    assert window.tensors.view("W").highlights()[:2] == ([], [])
    assert "dL/dW11" in window.equations.text()
    assert window.tensors.view("dW").note() == "dL/dW11 = −0.75"


def test_term_by_term_the_cell_holds_the_running_sum(qtbot, window):
    s = window.session
    window.unit.setCurrentText("term")
    start = s.trace.section_for("dW").start
    s.go_to(Cursor(start, 0))  # just before dL/dW11
    dout = s.trace.grads["do"][0, 0]
    image = np.asarray(I0, dtype=np.float64)
    terms = [dout[i, j] * image[i, j] for i in range(2) for j in range(2)]  # do_ij · I_ij, row-major
    for k in range(1, 4):
        press(qtbot, window, Qt.Key.Key_Right)
        assert s.cursor == Cursor(start, k)
        running = sum(terms[:k])
        dw = window.tensors.view("dW")
        assert dw.values()[0, 0] == pytest.approx(running, abs=1e-15)
        assert np.isnan(dw.values()[0, 1])
        assert f"so far: {running:g}".replace("-", "−") in dw.note() and f"({k} of 4 terms)" in dw.note()
        i, j = divmod(k - 1, 2)
        assert window.tensors.view("I").highlights()[0] == [(i, j)]  # the term being added
        assert window.tensors.view("do").highlights()[0] == [(i, j)]
        assert set(window.tensors.view("I").highlights()[2]) == {(0, 0), (0, 1), (1, 0), (1, 1)}
        assert window.tensors.view("W").highlights()[3] == [(0, 0)]
        assert f"Running sum after {k} of 4 terms" in window.equations.body.text()
        assert f"(term {k} of 4)" in window.equations.text()
    press(qtbot, window, Qt.Key.Key_Right)  # the last term completes the element
    assert s.cursor == Cursor(start + 1, 0)
    assert window.tensors.view("dW").values()[0, 0] == pytest.approx(sum(terms)) == -0.75


def test_the_update_shows_the_weight_old_and_new(qtbot, window):
    s = window.session
    start = s.trace.section_for("W").start  # the update of W
    s.go_to(Cursor(start + 1, 0))
    w = window.tensors.view("W")
    assert w.note() == "W11: 0.5 → 0.575"
    assert w.values()[0, 0] == pytest.approx(0.575) and w.values()[0, 1] == -1  # W12 not yet
    assert w.highlights()[1] == [(0, 0)]
    assert window.tensors.view("dW").highlights()[0] == [(0, 0)]
    assert "W11 ← W11 − η·dL/dW11 = 0.5 − 0.1·(−0.75) = 0.575" in window.equations.text()


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
    assert s.params["W"].reshape(2, 2).tolist() == W0
    press(qtbot, window, Qt.Key.Key_Left, 1, Qt.KeyboardModifier.ShiftModifier)  # phase back
    assert s.cursor == Cursor(s.trace.phase_bounds("backward")[0], 0)
    press(qtbot, window, Qt.Key.Key_Right, 1, Qt.KeyboardModifier.ShiftModifier)  # to the phase's end
    assert s.cursor == Cursor(s.trace.phase_bounds("backward")[1], 0)


def test_moving_by_layer_phase_and_iteration_and_reset(qtbot, window):
    s = window.session
    trace = s.trace
    window.unit.setCurrentText("layer")
    press(qtbot, window, Qt.Key.Key_Right)
    assert s.cursor == Cursor(trace.section_for("o").stop, 0)  # the whole convolution
    assert np.isfinite(shown(window, "o")).all() and np.isnan(shown(window, "p")).all()
    window.unit.setCurrentText("phase")
    press(qtbot, window, Qt.Key.Key_Right)
    assert s.cursor == Cursor(trace.phase_bounds("forward")[1], 0)
    window.unit.setCurrentText("iteration")
    press(qtbot, window, Qt.Key.Key_Right, 3)
    assert s.iteration == 2 and "Iteration 3" in window.position.text()
    qtbot.keyClick(window, Qt.Key.Key_Home)  # reset
    assert s.iteration == 0 and s.cursor == Cursor()
    assert s.params["W"].reshape(2, 2).tolist() == W0


def test_space_plays_and_pauses_at_the_chosen_speed(qtbot, window):
    s = window.session
    window.speed.setValue(60)
    press(qtbot, window, Qt.Key.Key_Space)
    assert s.playing and window.act_play.text() == "Pause"
    assert s._play_timer.interval() == round(1000 / 60)
    qtbot.waitUntil(lambda: s.cursor.done >= 3, timeout=5000)
    press(qtbot, window, Qt.Key.Key_Space)
    assert not s.playing and window.act_play.text() == "Play"


def test_arrows_step_whichever_control_has_the_focus(qtbot):
    window = make_window(qtbot, "rgb")
    s = window.session
    controls = [*window.tensors.selectors.boxes.values(), window.unit, window.speed, window.lesson_picker,
                window.tensors.follow]  # fmt: skip
    assert any(isinstance(c, QAbstractSpinBox) for c in controls)
    for control in controls:
        assert isinstance(control, (QAbstractSpinBox, QComboBox, QSlider, QCheckBox))
        control.setFocus()
        qtbot.waitUntil(lambda c=control: QApplication.focusWidget() is c)
        before = s.cursor.done
        qtbot.keyClick(control, Qt.Key.Key_Right)
        assert s.cursor.done == before + 1, type(control).__name__
        qtbot.keyClick(control, Qt.Key.Key_Left)
        assert s.cursor.done == before, type(control).__name__


def test_double_click_edits_a_weight_and_undo_puts_it_back(qtbot, window):
    s = window.session
    view = window.tensors.view("W")
    centre = view.cell_rect(0, 1).center().toPoint()
    qtbot.mouseDClick(view, Qt.MouseButton.LeftButton, pos=centre)
    editor = view.editor()
    assert editor is not None and editor.text() == "-1.0"
    editor.setText("banana")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert view.editor() is editor and "finite number" in editor.toolTip()  # refused, still open
    assert s.params["W"][0, 0, 0, 1] == -1.0
    editor.setText("2")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert view.editor() is None
    assert s.params["W"][0, 0, 0, 1] == 2.0
    assert shown(window, "W")[0, 1] == 2.0
    assert window.windowTitle().startswith("The worked example •")  # unsaved change
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


def test_editing_an_input_pixel_and_the_target(qtbot, window):
    s = window.session
    window.tensors.view("I").edited.emit(2, 0, -3.0)
    assert s.x[0, 0, 2, 0] == -3.0 and shown(window, "I")[2, 0] == -3.0
    window.tensors.view("t").edited.emit(0, 0, 0.25)
    assert s.target[0, 0] == 0.25 and shown(window, "t")[0, 0] == 0.25
    press(qtbot, window, Qt.Key.Key_Right, 6)  # through the loss: it uses the new target
    assert shown(window, "L")[0, 0] == pytest.approx((s.trace.values["p"][0, 0] - 0.25) ** 2)
    s.undo_stack.undo()
    s.undo_stack.undo()
    assert s.x[0, 0, 2, 0] == 2.0 and s.target[0, 0] == 1.0


def test_loading_an_image_shows_its_original_and_a_corrupt_file_changes_nothing(qtbot, window, tmp_path):
    s = window.session
    before = s.x.copy()
    assert not window.tensors.original.isVisible()
    good = png_file(tmp_path / "orange.png", 30, 20)
    assert window.load_image(good)
    assert not np.array_equal(s.x, before)
    lum = 0.299 * 200 / 255 + 0.587 * 100 / 255 + 0.114 * 50 / 255
    np.testing.assert_allclose(s.x, np.full((1, 1, 3, 3), lum), atol=1e-6)
    np.testing.assert_allclose(shown(window, "I"), np.full((3, 3), lum), atol=1e-6)
    original = window.tensors.original
    assert original.isVisible() and "orange.png (30×20)" in original.title.text()
    picture = original.picture.pixmap().toImage()
    assert not picture.isNull() and picture.pixelColor(picture.width() // 2, picture.height() // 2) == QColor(
        200, 100, 50
    )  # in colour, as it was
    s.undo_stack.undo()  # the old input, without the original
    assert not original.isVisible() and np.array_equal(s.x, before)
    s.undo_stack.redo()
    assert original.isVisible()
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
