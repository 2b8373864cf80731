"""Predict mode on deep networks: every step kind of the deep lessons (convolutions, activations,
batch norm's statistics and backward terms, pooling, each optimiser's update with its state) is
asked, checked against the vectorised iteration, and hinted with its numbers after a miss."""

from __future__ import annotations

import math

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from convstudio.engine import lessons
from convstudio.engine import network as nw
from convstudio.engine.cursor import Cursor
from convstudio.engine.equations import equation
from convstudio.ui.instruments.predict import score, view
from tests.ui.windows import open_window

#: The step kinds (section layer) each lesson's first iteration must ask about.
KINDS = {
    "two-conv-layers": {"conv", "act", "gap", "loss", "conv_w", "conv_x", "sgd"},
    "batch-norm": {"conv", "bn_mean", "bn_var", "bn_norm", "bn_affine", "bn_gamma", "bn_beta", "bn_x", "sgd"},
    "adam-vs-sgd": {"conv", "gap", "loss", "conv_w", "adam"},
}


def _type(qtbot, text: str) -> None:
    field = QApplication.focusWidget()
    assert isinstance(field, view.AnswerField)
    qtbot.keyClick(field, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(field, text)
    qtbot.keyClick(field, Qt.Key.Key_Return)


@pytest.mark.parametrize("name", sorted(KINDS))
def test_every_step_of_a_deep_iteration_is_asked_and_checked_and_the_iteration_ends_as_iterate(qtbot, name):
    window = open_window(qtbot, name, active=True)
    qtbot.keyClick(window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    s, panel = window.session, window.predict
    lesson = lessons.load(name)
    result = nw.iterate(lesson.network, lesson.network_params, lesson.x, lesson.target)
    trace = s.trace
    vectorised = {**trace.values, **trace.grads}
    asked, hinted = set(), set()
    for number in range(len(trace)):
        qtbot.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_Right)
        q = panel.question
        assert q is not None and q.step.number == number, f"step {number} of {name} was not asked"
        step = q.step
        truth = result.new_params[step.tensor] if step.phase == "update" else vectorised[step.tensor]
        assert q.value == pytest.approx(float(np.asarray(truth)[step.index]), rel=1e-12, abs=1e-15)
        if step.phase != "update":
            assert math.isnan(s.value(step.tensor)[step.index])  # the cell waits for the answer
        layer = step.section.layer
        if layer not in hinted:  # the first of each kind: a miss shows the numbers, not the result
            hinted.add(layer)
            _type(qtbot, f"{q.value + 1 + abs(q.value):.6g}")
            feedback = panel.feedback.text().replace("&nbsp;", " ")
            assert "Not quite" in feedback and feedback.rstrip().endswith("= ?")
            numbers = (
                equation(step, trace.names, "html").split("<br>")[-1].rsplit(" = ", 1)[0].split(" = ")[-1]
            )
            assert numbers in feedback
        _type(qtbot, f"{q.value:.4g}")  # four digits, as worked by hand
        assert "Right" in panel.feedback.text(), (name, layer, panel.feedback.text())
        asked.add(layer)
    assert asked >= KINDS[name]
    assert panel.score().attempted == len(trace) == score.load_score(name).attempted
    qtbot.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_Right)  # into the next iteration
    assert s.iteration == 1
    for key, value in result.new_params.items():
        np.testing.assert_allclose(s.params[key], value, rtol=1e-12)


def _to_first(session, layer: str) -> None:
    section = next(sec for sec in session.trace.sections if sec.layer == layer)
    session.go_to(Cursor(section.start, 0))


def test_adam_and_batch_norm_questions_ask_in_symbols_and_hint_with_their_state_and_terms(qtbot):
    window = open_window(qtbot, "adam-vs-sgd", active=True)
    qtbot.keyClick(window, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
    s, panel = window.session, window.predict
    _to_first(s, "adam")
    assert panel.intercept("element")
    prompt = panel.prompt.text()
    # Adam's m and v with their bias corrections, in symbols
    assert "β<sub>1</sub>" in prompt and "β<sub>2</sub>" in prompt and prompt.endswith("= ?</p>")
    assert "0.9·0" not in prompt  # symbols only until a miss
    _type(qtbot, "12345")
    assert "0.9·0 + 0.1·" in panel.feedback.text(), panel.feedback.text()  # m from its zero state
    assert window.open_lesson("batch-norm")
    _to_first(s, "bn_x")
    assert panel.intercept("element")
    q = panel.question
    assert q is not None and q.step.section.phase == "backward"
    assert "Predict <b>dL/do" in panel.prompt.text()
    _type(qtbot, "12345")
    assert panel.feedback.text().count("+") >= 2  # its three terms, with their numbers
