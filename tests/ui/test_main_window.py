"""The app used as a student would: the worked example stepped from the keyboard, every panel's
numbers checked against the engine, term by term with the running sum, back across the update, an
edit made by double-click and undone, an impossible network, an image (and its original) and a
broken file, training with the filter learning, other lessons with their selectors, projector mode,
the dark palette, settings kept between runs, and the command line."""

from __future__ import annotations

import os
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QCheckBox, QComboBox, QSlider

from convstudio.engine.cursor import Cursor
from convstudio.engine.equations import equation
from convstudio.engine.spec import Spec
from convstudio.ui.look import theme
from convstudio.ui.main_window import MainWindow
from convstudio.ui.panels.tensor_panel import base
from convstudio.ui.widgets.matrix_view import MatrixView
from tests.ui.windows import open_window

ROOT = Path(__file__).resolve().parents[2]
I0 = [[1, 2, 0], [0, 1, 3], [2, 1, 0]]
W0 = [[0.5, -1], [1, 0.5]]
W1 = [[0.575, -0.8875], [1.075, 0.59375]]


@pytest.fixture(autouse=True)
def themed(qapp):
    """The look the app has (bundled font, Fusion, palette), put back as it was afterwards."""
    font, palette, style = qapp.font(), qapp.palette(), qapp.style().name()
    theme.apply(qapp)
    yield
    qapp.setFont(font)
    qapp.setStyle(style)
    qapp.setPalette(palette)


def make_window(qtbot, lesson="worked-example", size=(1280, 800), restore=False) -> MainWindow:
    return open_window(qtbot, lesson, size, restore, active=True)  # shortcuts go to the active window


@pytest.fixture
def window(qtbot):
    return make_window(qtbot)


def shown(window, name):
    """What the matrix view of ``name`` shows now (NaN: not computed yet)."""
    return window.tensors.view(name).values()


def expected(trace, cursor, name):
    """What the engine says ``name`` is at ``cursor``, as the view of the first image shows it."""
    values = np.asarray(trace.value_at(name, cursor), dtype=np.float64)
    return values[0, 0] if values.ndim == 4 else values.reshape(1, -1) if values.ndim < 2 else values


def cells(index, ndim):
    """The (row, col) of tensor cells in a view of the first image, filter and channel."""
    out = set()
    for i in np.asarray(index).reshape(len(index), -1):
        i = tuple(int(v) for v in i)
        if ndim == 4 and i[:2] == (0, 0):
            out.add(i[2:])
        elif ndim == 2:
            out.add(i)
        elif ndim in (0, 1):
            out.add((0, i[0]) if i else (0, 0))
    return out


def points(loss) -> int:
    """How many points the loss curve draws."""
    x = loss.curve.getData()[0]
    return 0 if x is None else len(x)


def press(qtbot, window, key, times=1, modifier=Qt.KeyboardModifier.NoModifier):
    for _ in range(times):
        qtbot.keyClick(window, key, modifier)


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


def _png(path: Path, width: int, height: int, rgb=(200, 100, 50)) -> Path:
    image = QImage(width, height, QImage.Format.Format_RGB888)
    image.fill(QColor(*rgb))
    assert image.save(str(path))
    return path


def test_loading_an_image_shows_its_original_and_a_corrupt_file_changes_nothing(qtbot, window, tmp_path):
    s = window.session
    before = s.x.copy()
    assert not window.tensors.original.isVisible()
    good = _png(tmp_path / "orange.png", 30, 20)
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


def test_training_fifty_iterations_lowers_the_loss(qtbot, window):
    s = window.session
    with qtbot.waitSignal(s.training_finished, timeout=20000) as finished:
        s.train(50)
    assert finished.args == ["done"]
    losses = s.losses
    assert len(losses) == 50 and losses[-1] < losses[0] / 10
    assert s.iteration == 50
    assert (
        window.statusBar().currentMessage() == f"Training finished after iteration 50 (loss {losses[-1]:.6g})"
    )
    assert not window.progress.isVisible()
    np.testing.assert_array_equal(shown(window, "W"), s.params["W"].reshape(2, 2))
    loss = window.loss_panel
    qtbot.waitUntil(lambda: points(loss) == 50)
    assert loss.hover_text(7.2) == f"iteration 7: loss = {losses[6]:.6g}"
    assert loss.hover_text(0.2) is None and loss.hover_text(51) is None


def test_the_filter_learns_on_screen_while_training(qtbot, window):
    s = window.session
    w = window.tensors.view("W")
    seen = []  # the weights each time training reported
    s.loss_recorded.connect(lambda: seen.append(s.params["W"][0, 0].copy()))
    s.train(100_000)  # long enough to be watched
    qtbot.waitUntil(lambda: "training: iteration" in w.note() and s.iteration > 50, timeout=5000)
    shown_now = w.values()
    assert not np.array_equal(shown_now, W0)
    assert any(np.array_equal(shown_now, weights) for weights in seen)  # as training left them
    assert window.progress.isVisible() and window.cancel_button.isVisible()
    qtbot.mouseClick(window.cancel_button, Qt.MouseButton.LeftButton)
    assert not s.training and "Training cancelled" in window.statusBar().currentMessage()
    assert "training" not in w.note()


def test_the_loss_curve_redraws_at_most_about_thirty_times_a_second(qtbot, window):
    loss = window.loss_panel
    qtbot.wait(100)
    before = loss.redraws
    for _ in range(500):  # as if training reported 500 iterations at once
        window.session.loss_recorded.emit()
    qtbot.wait(120)
    assert 1 <= loss.redraws - before <= 5


def test_the_loss_curve_tells_iteration_and_loss_under_the_mouse(qtbot, window):
    s = window.session
    with qtbot.waitSignal(s.training_finished, timeout=20000):
        s.train(10)
    loss = window.loss_panel
    qtbot.waitUntil(lambda: points(loss) == 10)
    loss.plot.repaint()  # the view box settles its range when it paints
    view = loss.plot.getPlotItem().vb
    scene_point = view.mapViewToScene(QPointF(4, s.losses[3]))
    loss._mouse_moved(scene_point)
    assert loss.hover_label.toPlainText() == f"iteration 4: loss = {s.losses[3]:.6g}"
    loss._mouse_moved(QPointF(-50, -50))
    assert loss.hover_label.toPlainText() == ""


def test_several_images_filters_and_channels_have_selectors(qtbot):
    window = make_window(qtbot, "rgb")
    s, boxes = window.session, window.tensors.selectors.boxes
    spec = s.spec
    assert spec.batch > 1 and spec.filters > 1 and spec.channels == 3
    assert all(box.isVisible() for box in boxes.values())
    assert [boxes[k].maximum() for k in "nfc"] == [spec.batch, spec.filters, 3]
    window.tensors.follow.setChecked(False)
    boxes["n"].setValue(2)
    boxes["c"].setValue(3)
    boxes["f"].setValue(2)
    np.testing.assert_array_equal(shown(window, "I"), s.x[1, 2])
    np.testing.assert_array_equal(shown(window, "W"), s.params["W"][1, 2])
    window.tensors.follow.setChecked(True)  # the panels go where the step is
    s.go_to(Cursor(s.trace.find("o", (1, 0, 1, 2)) + 1, 0))
    assert [boxes[k].value() for k in "nf"] == [2, 1]
    assert window.tensors.view("o").highlights()[1] == [(1, 2)]
    assert len(window.tensors.view("W").highlights()[0]) == 4  # one channel's 2x2 of the 12 taps


def test_a_dense_head_shows_scores_probabilities_labels_and_loss(qtbot):
    window = make_window(qtbot, "bars-classifier")
    s = window.session
    views = {name for card in window.tensors.cards.values() for name in card.views}
    assert {"V", "dV", "c", "dc", "s", "ds", "q", "y", "L", "b", "db", "a", "da"} <= views
    trace = s.trace
    s.go_to(Cursor(trace.find("s", (3, 1)) + 1, 0))  # image 4's score for class 2
    assert window.tensors.selectors.boxes["n"].value() == 4
    np.testing.assert_array_equal(shown(window, "s")[0], trace.values["s"][3])
    assert window.tensors.view("s").highlights()[1] == [(0, 1)]
    assert len(window.tensors.view("V").highlights()[0]) == s.spec.features  # the class's row of V
    assert shown(window, "y")[0, 0] == trace.values["y"][3] + 1  # classes count from 1
    assert np.isnan(shown(window, "q")).all()
    y = window.tensors.view("y")
    centre = y.cell_rect(0, 0).center().toPoint()
    qtbot.mouseDClick(y, Qt.MouseButton.LeftButton, pos=centre)
    y.editor().setText("3")
    qtbot.keyClick(y.editor(), Qt.Key.Key_Return)
    assert "from 1 to 2" in y.editor().toolTip()  # only two classes
    label = int(trace.values["y"][3])
    y.editor().setText(str(2 - label))  # the other class, counted from 1
    qtbot.keyClick(y.editor(), Qt.Key.Key_Return)
    assert s.target[3] == 1 - label


def test_a_64x64_image_is_drawn_whole_and_hover_tells_each_cell(qtbot, window):
    s = window.session
    assert s.apply_spec(Spec(height=64, width=64, kernel=3, padding=1))
    s.move("element", 1)
    view = window.tensors.view("I")
    assert view.values().shape == (66, 66) and view.padding() == (1, 1)  # the input in its zero border
    layout = view._layout()
    assert view.rect().toRectF().contains(layout.grid) and view.rect().toRectF().contains(layout.legend)
    assert layout.cell >= 3  # every pixel visible
    assert view.font_size_for(layout.cell) is None  # too small for numbers: hover instead
    point = view.cell_rect(41, 8).center()
    assert view.cell_at(point) == (41, 8)
    assert view.tooltip_text(41, 8) == f"I41,8 = {float(s.x[0, 0, 40, 7])!r}\n(row 41, column 8)"
    reads = set(view.highlights()[0])
    assert reads == {(r, c) for r in range(3) for c in range(3)}  # the 3x3 window, padding too
    assert {cell for cell in reads if not view.in_padding(*cell)} == {(1, 1), (1, 2), (2, 1), (2, 2)}


def test_hover_gives_the_index_and_the_exact_value(qtbot, window):
    view = window.tensors.view("W")
    assert view.tooltip_text(1, 0) == "W21 = 1.0\n(row 2, column 1)"
    assert window.tensors.view("o").tooltip_text(0, 0) == "o11: not computed yet\n(row 1, column 1)"
    seen = []
    view.hovered.connect(seen.append)
    qtbot.mouseMove(view, view.cell_rect(1, 1).center().toPoint())
    qtbot.mouseMove(view, QPoint(1, 1))
    assert seen == [(1, 1), None]


def test_the_input_gradient_is_shown_on_request(qtbot, window):
    s = window.session
    window.act_input_grad.trigger()
    assert "dI" in window.tensors.cards["I"].views
    s.go_to(Cursor(len(s.trace), 0))
    np.testing.assert_allclose(shown(window, "dI"), s.trace.grads["dI"][0, 0])
    window.act_input_grad.trigger()
    assert "dI" not in window.tensors.cards["I"].views


def every_view(window) -> list[MatrixView]:
    return [v for card in window.tensors.cards.values() for v in card.views.values()]


@pytest.mark.parametrize(
    ("size", "projector"), [((1280, 800), False), ((1024, 768), True), ((1920, 1080), True)]
)
def test_nothing_is_clipped_and_the_worked_example_shows_every_number(qtbot, size, projector):
    window = make_window(qtbot, size=size)
    window.set_projector(projector)
    qtbot.waitUntil(lambda: window.width() == size[0])
    window.session.go_to(Cursor(len(window.session.trace), 0))
    QApplication.processEvents()
    for view in every_view(window):
        layout = view._layout()
        inside = view.rect().toRectF().adjusted(-0.5, -0.5, 0.5, 0.5)
        assert inside.contains(layout.grid) and inside.contains(layout.legend), view.title()
        assert view.font_size_for(layout.cell) is not None, view.title()  # numbers in every cell
    toolbar = [window.position, window.lesson_picker, window.speed, window.unit]
    for widget in toolbar:  # every control on screen, none behind an overflow button
        assert widget.isVisible() and window.rect().contains(
            widget.mapTo(window, widget.rect().bottomRight())
        )
    assert window.equations.point_size() >= QApplication.font().pointSizeF() * 1.15
    window.set_projector(False)


def test_projector_mode_makes_everything_larger_and_is_remembered(qtbot, tmp_path):
    window = make_window(qtbot, restore=True)
    normal = QApplication.font().pointSizeF()
    cell = window.tensors.view("W").max_cell()
    qtbot.keyClick(window, Qt.Key.Key_F5)
    assert window.act_projector.isChecked()
    assert QApplication.font().pointSizeF() == pytest.approx(normal * theme.PROJECTOR_SCALE)
    view = window.tensors.view("W")
    qtbot.waitUntil(lambda: view.max_cell() == pytest.approx(cell * theme.PROJECTOR_SCALE))
    window.close()
    theme.set_projector(QApplication.instance(), False)
    again = make_window(qtbot, restore=True)
    assert again.act_projector.isChecked()
    assert QApplication.font().pointSizeF() == pytest.approx(normal * theme.PROJECTOR_SCALE)
    qtbot.keyClick(again, Qt.Key.Key_F5)
    assert QApplication.font().pointSizeF() == pytest.approx(normal)


def contrast(a: QColor, b: QColor) -> float:
    """WCAG contrast ratio of two colours."""

    def luminance(c: QColor) -> float:
        def channel(v: float) -> float:
            return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

        return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF())

    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


@pytest.mark.parametrize("dark", [False, True])
def test_both_palettes_keep_every_text_legible(qtbot, dark):
    from convstudio.ui.dialogs import network_editor
    from convstudio.ui.look import colors

    window = make_window(qtbot)
    window.set_dark(dark)
    qtbot.waitUntil(lambda: theme.is_dark(window.palette()) == dark)  # the change reaches every widget
    palette = window.palette()
    assert theme.is_dark(palette) == dark and window.act_dark.isChecked() == dark
    window_bg, base_bg = palette.color(palette.ColorRole.Window), palette.color(palette.ColorRole.Base)
    assert contrast(palette.color(palette.ColorRole.WindowText), window_bg) >= 7
    assert contrast(palette.color(palette.ColorRole.Text), base_bg) >= 7
    note = QColor(colors.NOTE_DARK if dark else colors.NOTE_LIGHT)
    assert contrast(note, window_bg) >= 4.5  # the note beside a title
    assert contrast(QColor(network_editor.PROBLEM[dark]), window_bg) >= 4.5
    assert contrast(palette.color(palette.ColorRole.PlaceholderText), window_bg) >= 3  # indices
    # cell numbers: black or white, whichever reads better, on every colour of the map
    for rgba in colors.LUT:
        text = QColor(colors.text_color_for(rgba))
        assert contrast(text, QColor(*(int(v) for v in rgba[:3]))) >= 4.5
    plot_bg = window.loss_panel.plot.backgroundBrush().color()
    assert plot_bg == base_bg  # the loss curve follows the palette
    window.set_dark(False)


def test_view_choices_are_kept_between_runs(qtbot):
    window = make_window(qtbot, restore=True)
    window.open_lesson("edge-detector")
    window.unit.setCurrentText("term")
    window.speed.setValue(25)
    window.tensors.follow.setChecked(False)
    window.loss_panel.log.setChecked(True)
    window.zoom(1.15)
    window.set_dark(True)
    window.act_input_grad.trigger()
    window.resize(1100, 700)
    window.close()
    theme.set_dark(QApplication.instance(), False)
    again = make_window(qtbot, lesson="worked-example", size=(1280, 800), restore=True)
    assert again.last_lesson() == "edge-detector"
    assert again.unit.currentText() == "term" and again.speed.value() == 25
    assert not again.tensors.follow.isChecked()
    assert again.loss_panel.log.isChecked()
    assert again.equations.zoom == pytest.approx(1.15)
    assert again.act_dark.isChecked() and theme.is_dark(QApplication.palette())
    assert again.act_input_grad.isChecked()
    again.set_dark(False)


def test_every_lesson_is_in_the_picker_and_opens(qtbot, window):
    from convstudio.engine import lessons

    names = [window.lesson_picker.itemData(i) for i in range(window.lesson_picker.count())]
    assert sorted(names) == sorted(lessons.available(every=True)) and len(names) == 16
    for i, name in enumerate(names):
        window.lesson_picker.activated.emit(i)  # as if picked from the list
        assert window.session.lesson == name and window.session.cursor == Cursor()
        lesson = lessons.load(name)
        if lesson.spec is None:  # a deep network: its first layer is in focus
            assert window.session.deep and window.tensors.focus == 0
            weight = lesson.params["0.weight"]
            np.testing.assert_array_equal(window.tensors.view("0.weight").values(), weight[0, 0])
            shown = window.tensors.view("x")
            (ph, pw), (rows, cols) = shown.padding(), shown.values().shape
            np.testing.assert_array_equal(shown.values()[ph : rows - ph, pw : cols - pw], lesson.x[0, 0])
            continue
        np.testing.assert_array_equal(window.tensors.view("W").values(), lesson.params["W"][0, 0])
        shown = window.tensors.view("I")
        (ph, pw), (rows, cols) = shown.padding(), shown.values().shape
        np.testing.assert_array_equal(shown.values()[ph : rows - ph, pw : cols - pw], lesson.x[0, 0])


def test_reinitialising_the_weights_uses_the_seed(qtbot, window):
    from convstudio.engine.model import init_params

    s = window.session
    assert s.reinitialise(7)
    expected_w = init_params(s.spec, 7)["W"]
    np.testing.assert_array_equal(s.params["W"], expected_w)
    np.testing.assert_array_equal(shown(window, "W"), expected_w[0, 0])
    s.undo_stack.undo()
    np.testing.assert_array_equal(shown(window, "W"), W0)


def test_switching_lessons_rebuilds_the_panels(qtbot, window):
    assert window.open_lesson("rgb")
    assert window.session.spec.channels == 3
    assert window.tensors.selectors.boxes["c"].maximum() == 3
    assert shown(window, "I").shape == (4, 4)
    assert "Colour images" in window.windowTitle()
    assert window.lesson_picker.currentData() == "rgb"


def run(*args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.run(
        [sys.executable, "-m", "convstudio", *args],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def test_the_command_line_screenshot(tmp_path):
    shot = tmp_path / "shot.png"
    done = run("--screenshot", str(shot), "--steps", "12")
    assert done.returncode == 0, done.stderr
    image = QImage(str(shot))
    assert (image.width(), image.height()) == (1280, 800)
    colours = {image.pixel(x, y) for x in range(0, 1280, 7) for y in range(0, 800, 7)}
    assert len(colours) > 50  # panels, colours and text, not a blank window
    vermillion = QColor("#D55E00").rgb()  # the written cell's outline (dL/dW11) is drawn
    assert any(image.pixel(x, y) == vermillion for x in range(0, 1280, 2) for y in range(0, 800, 2))
    bad = run("--screenshot", str(shot), "--lesson", "nope")
    assert bad.returncode == 2
    assert bad.stderr.startswith("error: there is no lesson") and len(bad.stderr.strip().splitlines()) == 1
    broken = tmp_path / "broken.png"
    broken.write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(100))
    bad = run("--screenshot", str(shot), "--open", str(broken))
    assert bad.returncode == 2
    assert bad.stderr.startswith("error: ") and "broken.png" in bad.stderr
    assert len(bad.stderr.strip().splitlines()) == 1
    version = run("--version")
    assert version.returncode == 0 and version.stdout.startswith("ConvStudio ")


def test_the_command_line_opens_an_image(tmp_path):
    shot = tmp_path / "shot.png"
    picture = _png(tmp_path / "blue.png", 12, 9, (20, 60, 200))
    done = run("--screenshot", str(shot), "--open", str(picture), "--projector", "--size", "1024x768")
    assert done.returncode == 0, done.stderr
    image = QImage(str(shot))
    assert (image.width(), image.height()) == (1024, 768)
    blue = QColor(20, 60, 200).rgb()  # the original, shown beside the input
    assert sum(image.pixel(x, y) == blue for x in range(0, 1024, 3) for y in range(0, 768, 3)) > 20


def test_a_screenshot_with_every_instrument_open_prints_nothing(tmp_path):
    """Offscreen, every dock laid out made Qt say "This plugin does not support
    propagateSizeHints()": the start-up drops exactly that line, so a run that went well is silent."""
    shot = tmp_path / "shot.png"
    done = run("--screenshot", str(shot), "--steps", "3", "--instrument", "all", "--projector")
    assert done.returncode == 0 and shot.stat().st_size > 0
    assert (done.stdout, done.stderr) == ("", "")


def test_every_other_qt_message_still_reaches_stderr():
    script = (
        "from PySide6.QtCore import qWarning, qCritical\n"
        "from convstudio.app import HARMLESS, quiet_qt_messages\n"
        "quiet_qt_messages()\n"
        "qWarning(HARMLESS)\n"
        "qWarning(HARMLESS + ' and more')\n"
        "qCritical('something else')\n"
    )
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", QT_MESSAGE_PATTERN="%{type}: %{message}")
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stderr.splitlines() == [
        "warning: This plugin does not support propagateSizeHints() and more",
        "critical: something else",
    ]  # formatted by the message pattern, as Qt's own handler would


def test_every_new_iteration_gets_its_own_colour_scales(qtbot, window, monkeypatch):
    """Scales are kept per trace. A freed trace's memory, and so its id(), can come back for the
    next trace (once in about 40 new windows): make every id() the same, and after each edit W
    must still be scaled by its own largest |W|, before or after the update."""
    from convstudio.ui.instruments.correlation import view as correlation_view
    from convstudio.ui.panels import tensor_panel

    for module in (tensor_panel, correlation_view):
        monkeypatch.setattr(module, "id", lambda _: 1, raising=False)
    window.show_instrument("correlation")
    s = window.session
    for value in (5.0, -8.0, 0.25):
        assert s.edit("W", (0, 0, 0, 0), value)  # a new trace of the same network
        trace = s.trace
        want = max(np.abs(trace.values["W"]).max(), np.abs(trace.it.new_params["W"]).max())
        assert window.tensors.view("W").scale() == pytest.approx(want), value
        corr = window.docks["correlation"].panel.corr
        np.testing.assert_array_equal(corr.w, trace.values["W"])


def test_a_screenshot_waits_for_the_instruments_and_can_follow_training(tmp_path):
    """The nudge experiment runs on a thread: the picture is taken once it has shown its result, so
    two runs draw the same window but for the measured times (CI compares the bundle's with the
    source's). --train runs whole iterations first."""
    shots = [tmp_path / f"nudge{k}.png" for k in (1, 2)]
    for shot in shots:
        done = run("--screenshot", str(shot), "--train", "3", "--steps", "2", "--instrument", "nudge")
        assert done.returncode == 0, done.stderr
    first, second = (QImage(str(s)).convertToFormat(QImage.Format.Format_RGB32) for s in shots)
    differ = sum(first.pixel(x, y) != second.pixel(x, y) for x in range(0, 1280, 2) for y in range(0, 800, 2))
    assert differ < 0.01 * 640 * 400
    bad = run("--screenshot", str(shots[0]), "--train", "-1")
    assert bad.returncode == 2 and "--train must be a whole number from 0 to 100,000, not -1" in bad.stderr


def test_the_screenshot_wait_ends_when_the_nudge_result_is_in(qtbot, window):
    from convstudio.app import wait_until

    panel = window.show_instrument("nudge").panel
    window.show()
    wait_until(QApplication.instance(), lambda: not panel.working)
    assert not panel.working and panel.result is not None
    assert panel.result.backprop == window.session.trace.grads["dW"][0, 0, 0, 0] == -0.75


@pytest.mark.parametrize("projector", [False, True])
def test_every_instrument_fits_a_1024_by_768_window(qtbot, projector):
    """A dock never widens the window past a small screen (it scrolls instead), and the nudge
    panel's one-weight box keeps the height its wrapped text needs above the tabs."""
    from convstudio.app import wait_until
    from convstudio.ui.instruments.registry import INSTRUMENTS

    window = make_window(qtbot, size=(1024, 768))
    if projector:
        window.act_projector.setChecked(True)
    for _ in range(12):
        window.session.move("element", 1)
    for instrument in INSTRUMENTS:
        dock = window.show_instrument(instrument.key)
        panel = dock.panel
        wait_until(QApplication.instance(), lambda p=panel: not getattr(p, "working", False))
        QApplication.processEvents()
        assert window.width() == 1024, instrument.key
        assert window.centralWidget().width() >= window.centralWidget().minimumSizeHint().width()
        if instrument.key == "nudge":
            assert panel.one.geometry().bottom() < panel.tabs.geometry().top()
            assert panel.one.height() >= panel.one.heightForWidth(panel.one.width())
        window.show_instrument(instrument.key, False)
