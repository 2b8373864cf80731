"""The drawing pad: the mouse and the keyboard draw, the answer follows, the drawing can be stepped."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt

from convstudio.engine.drawing import answer
from convstudio.ui.instruments.drawing.view import DrawingView
from tests.ui.windows import open_window


def _view(qtbot, lesson="bars-classifier"):
    window = open_window(qtbot, size=(1280, 800))
    window.open_lesson(lesson, raise_errors=True)
    dock = window.show_instrument("drawing")
    view = dock.panel
    assert isinstance(view, DrawingView)
    return window, view


def _centre(pad, row, col):
    rect = pad.cell_rect(row, col)
    return QPoint(int(rect.center().x()), int(rect.center().y()))


def test_a_stroke_inks_cells_and_the_answer_changes_with_it(qtbot):
    window, view = _view(qtbot)
    before = view.bars.values.copy()
    pad = view.pad
    qtbot.mousePress(pad, Qt.MouseButton.LeftButton, pos=_centre(pad, 0, 2))
    for row in range(1, 6):
        qtbot.mouseMove(pad, _centre(pad, row, 2))
    qtbot.mouseRelease(pad, Qt.MouseButton.LeftButton, pos=_centre(pad, 5, 2))
    assert (pad.canvas[:, 2] == 1).all()
    session = window.session
    np.testing.assert_allclose(view.bars.values, answer(session.spec, session.params, pad.canvas))
    assert not np.allclose(view.bars.values, before)
    assert "most likely class" in view.bars.accessibleDescription()


def test_the_keyboard_draws_without_stepping_the_trace(qtbot):
    window, view = _view(qtbot)
    pad = view.pad
    pad.setFocus()
    cursor = window.session.cursor
    start = pad.cursor
    qtbot.keyClick(pad, Qt.Key.Key_Right)
    qtbot.keyClick(pad, Qt.Key.Key_Space)
    assert pad.cursor == (start[0], start[1] + 1)
    assert pad.canvas[pad.cursor] == 1
    assert window.session.cursor == cursor  # the arrow moved the pad's cell, not the trace
    qtbot.keyClick(pad, Qt.Key.Key_Delete)
    assert pad.canvas[pad.cursor] == 0
    assert "row" in pad.accessibleDescription()


def test_stepping_through_the_drawing_puts_it_in_the_batch_with_its_label_and_undo_takes_it_out(qtbot):
    window, view = _view(qtbot)
    session = window.session
    old_x, old_target = session.x.copy(), session.target.copy()
    view.pad.set_canvas(np.eye(6))
    view.image_box.setValue(2)
    view.label_box.setValue(1)
    assert view.use_drawing()
    assert np.array_equal(session.x[1, 0], np.eye(6)) and session.target[1] == 0
    assert session.cursor.done == 0 and session.iteration == 0
    assert "Image 2 is now the drawing" in view.note.text()
    session.undo_stack.undo()
    assert np.array_equal(session.x, old_x) and np.array_equal(session.target, old_target)


def test_a_regression_network_shows_its_predicted_values_and_no_label(qtbot):
    window, view = _view(qtbot, "worked-example")
    assert view.label_box.isHidden() and view.bars.isHidden()
    view.copy_image()  # the image's 2s and 3s are clipped to the pad's ink, 1
    assert view.pad.canvas.max() == 1 and view.pad.canvas[0, 0] == 1 and view.pad.canvas[0, 2] == 0
    assert view.output.text() == "0.75"  # the mean of o = [[0, 2], [0.5, 0.5]] for the clipped image
    window.session.edit("W", (0, 0, 0, 0), 1.5)
    assert view.output.text() != "0.75"  # the answer follows the weights


@pytest.mark.parametrize("lesson", ["rgb", "stride-padding-dilation"])
def test_the_pad_fits_each_network_it_opens_with(qtbot, lesson):
    window, view = _view(qtbot, lesson)
    spec = window.session.spec
    assert view.pad.canvas.shape == (spec.height, spec.width)
    window.open_lesson("bars-classifier", raise_errors=True)
    assert view.pad.canvas.shape == (6, 6)
