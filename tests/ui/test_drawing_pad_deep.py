"""The drawing pad on deep networks: the answer follows each stroke, and the drawing becomes the
image whose forward and backward pass the trace steps through."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPoint, Qt

from convstudio.engine import network as nw
from convstudio.engine.network_drawing import answer, as_input
from convstudio.ui.instruments.drawing.view import DrawingView
from tests.ui.windows import open_window


def _view(qtbot, lesson):
    window = open_window(qtbot, lesson, size=(1280, 800))
    view = window.show_instrument("drawing").panel
    assert isinstance(view, DrawingView)
    return window, view


def _stroke(qtbot, pad, cells):
    def centre(row, col):
        rect = pad.cell_rect(row, col)
        return QPoint(int(rect.center().x()), int(rect.center().y()))

    qtbot.mousePress(pad, Qt.MouseButton.LeftButton, pos=centre(*cells[0]))
    for cell in cells[1:]:
        qtbot.mouseMove(pad, centre(*cell))
    qtbot.mouseRelease(pad, Qt.MouseButton.LeftButton, pos=centre(*cells[-1]))


@pytest.mark.parametrize("lesson", ["two-conv-layers", "batch-norm", "adam-vs-sgd"])
def test_a_stroke_on_a_deep_network_changes_its_answer_as_predict_computes_it(qtbot, lesson):
    window, view = _view(qtbot, lesson)
    session = window.session
    height, width = session.x.shape[2:]
    assert view.pad.canvas.shape == (height, width) and view.label_box.isHidden()
    before = view.output.text()
    _stroke(qtbot, view.pad, [(row, 1) for row in range(height)])
    expected = nw.predict(session.network, session.params, as_input(session.network, view.pad.canvas))
    assert view.output.text() != before
    np.testing.assert_allclose(
        answer(session.network, session.params, view.pad.canvas), expected[0].reshape(-1), rtol=1e-12
    )
    assert float(view.output.text().replace("−", "-")) == pytest.approx(float(expected[0, 0]), rel=1e-3)
    assert view.note.text() == ""


def test_batch_norm_answers_with_the_running_statistics_of_the_iteration(qtbot):
    window, view = _view(qtbot, "batch-norm")
    session = window.session
    view.pad.set_canvas(np.eye(3))
    fresh = view.output.text()
    while session.iteration == 0:  # one whole iteration: the running statistics move
        assert session.move("phase", +1)
    assert session.optimizer_state
    expected = nw.predict(
        session.network, session.params, as_input(session.network, np.eye(3)), session.optimizer_state
    )
    assert float(view.output.text().replace("−", "-")) == pytest.approx(float(expected[0, 0]), rel=1e-3)
    assert view.output.text() != fresh


@pytest.mark.parametrize("lesson", ["two-conv-layers", "batch-norm"])
def test_stepping_through_the_drawing_traces_its_forward_and_backward_pass_and_undo_takes_it_out(
    qtbot, lesson
):
    window, view = _view(qtbot, lesson)
    session = window.session
    old_x = session.x.copy()
    canvas = np.eye(*session.x.shape[2:])
    view.pad.set_canvas(canvas)
    view.image_box.setValue(session.x.shape[0])
    assert view.use_drawing()
    image = session.x.shape[0] - 1
    np.testing.assert_array_equal(session.x[image, 0], canvas)
    assert session.cursor.done == 0 and session.iteration == 0
    result = nw.iterate(session.network, session.params, session.x, session.target)
    trace = session.trace
    np.testing.assert_array_equal(trace.values["x"][image, 0], canvas)  # the forward pass reads it
    first = trace.step(0)
    assert first.blocks[0].columns[0].tensor == "x"
    np.testing.assert_allclose(trace.values["L"], result.loss, rtol=1e-12)
    np.testing.assert_allclose(trace.grads["d0.weight"], result.grads["0.weight"], rtol=1e-12)
    while session.iteration == 0:
        assert session.move("phase", +1)
    for key, value in result.new_params.items():
        np.testing.assert_allclose(session.params[key], value, rtol=1e-12)
    session.undo_stack.undo()
    np.testing.assert_array_equal(session.x, old_x)


def test_the_pad_follows_the_window_from_a_deep_network_to_a_one_layer_one(qtbot):
    window, view = _view(qtbot, "two-conv-layers")
    assert view.pad.canvas.shape == (4, 4)
    assert window.open_lesson("bars-classifier", raise_errors=True)
    assert view.pad.canvas.shape == (6, 6) and not view.bars.isHidden()
    assert window.open_lesson("batch-norm", raise_errors=True)
    assert view.pad.canvas.shape == (3, 3) and view.bars.isHidden()
    assert view.image_box.maximum() == 2


DEEP_CLASSIFIER = """
title = "A deep classifier"
[network]
input = { channels = 1, height = 6, width = 6 }
layers = [
  { type = "conv", filters = 2, kernel = 3 },
  { type = "batch_norm" },
  { type = "relu" },
  { type = "max_pool", size = 2 },
  { type = "flatten" },
  { type = "dense", units = 2 },
]
loss = "cross_entropy"
optimizer = { type = "adam", lr = 0.01 }
[data]
bars = true
batch = 4
seed = 0
[weights]
seed = 0
[text]
intro = "Bars."
forward = "Forward."
backward = "Backward."
update = "Update."
"""


def test_a_deep_classifier_shows_its_class_probabilities_and_takes_the_drawing_with_its_label(
    qtbot, tmp_path
):
    path = tmp_path / "deep-classifier.toml"
    path.write_text(DEEP_CLASSIFIER, encoding="utf-8")
    window = open_window(qtbot, "worked-example", size=(1280, 800))
    view = window.show_instrument("drawing").panel
    assert window.open_path(path, raise_errors=True)
    session = window.session
    assert session.deep and not view.bars.isHidden() and not view.label_box.isHidden()
    assert view.label_box.maximum() == 2 and view.image_box.maximum() == 4
    before = view.bars.values.copy()
    _stroke(qtbot, view.pad, [(row, 2) for row in range(6)])
    np.testing.assert_allclose(
        view.bars.values, answer(session.network, session.params, view.pad.canvas, session.optimizer_state)
    )
    assert view.bars.values.sum() == pytest.approx(1.0) and not np.allclose(view.bars.values, before)
    assert "most likely class" in view.bars.accessibleDescription()
    view.image_box.setValue(3)
    label = 1 - int(session.target[2])  # the other class than the one it had
    view.label_box.setValue(label + 1)
    assert view.use_drawing()
    assert session.target[2] == label and np.array_equal(session.x[2, 0], view.pad.canvas)
    result = nw.iterate(session.network, session.params, session.x, session.target)
    np.testing.assert_allclose(session.trace.values["L"], result.loss, rtol=1e-12)


def test_on_the_digits_the_classes_are_the_digits_themselves(qtbot):
    window, view = _view(qtbot, "digits")
    session = window.session
    assert view.label_box.minimum() == 1 and view.label_box.maximum() == 10
    view.label_box.setValue(8)
    assert view.label_box.text() == "7"  # class 8 of 10 is the digit 7, as the confusion matrix says
    assert (
        "class 7:" in view.bars.accessibleDescription()
        and "class 10" not in view.bars.accessibleDescription()
    )
    view.label_box.lineEdit().setText("3")  # typed as the digit
    view.label_box.interpretText()
    assert view.label_box.value() == 4
    view.pad.set_canvas(np.eye(8))
    assert view.use_drawing()
    assert session.target[0] == 3  # the label the engine learns from: the digit
    assert session.data is not None and session.data.class_names == tuple(
        "0123456789"
    )  # still learning from it
    np.testing.assert_array_equal(session.x[0, 0], np.eye(8))
    window.tensors.set_focus(len(session.trace.layers) - 1)  # the loss layer: the labels card shows
    card = next(c for c in window.tensors.cards.values() if "y" in c.views)
    assert card.views["y"].values()[0, 0] == 3  # the digit too
