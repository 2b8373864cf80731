"""Predict mode: hints after a miss, a score per lesson kept in the settings; a whole worked-example
iteration predicted from the keyboard (reading and checking answers: tests/engine/test_prediction.py)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from convstudio.engine.cursor import Cursor
from convstudio.engine.equations import equation
from convstudio.ui.instruments.predict import score, view
from convstudio.ui.main_window import MainWindow
from tests.ui.windows import open_window

# The worked example by hand (independent of the engine): IMAGE I (3x3), W (2x2), target 1, lr 0.1.
IMAGE = np.array([[1.0, 2, 0], [0, 1, 3], [2, 1, 0]])
W = np.array([[0.5, -1], [1, 0.5]])
OUT = np.array([[(IMAGE[i : i + 2, j : j + 2] * W).sum() for j in range(2)] for i in range(2)])
P = OUT.mean()
LOSS = (P - 1) ** 2
DP = 2 * (P - 1)
DO = np.full((2, 2), DP / 4)
DW = np.array([[(IMAGE[m : m + 2, k : k + 2] * DO).sum() for k in range(2)] for m in range(2)])
W_NEW = W - 0.1 * DW
#: Every value of the iteration in the trace's order: o, p, L, dL/dp, dL/do, dL/dW, new W.
VALUES = [*OUT.ravel(), P, LOSS, DP, *DO.ravel(), *DW.ravel(), *W_NEW.ravel()]


# --- the panel in the window ----------------------------------------------------------------------


@pytest.fixture
def window(qtbot):
    w = open_window(qtbot, active=True)  # shortcuts go to the active window
    qtbot.keyClick(w, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)  # predict mode on
    assert w.act_predict.isChecked() and w.predict is not None and w.predict.isVisible()
    return w


def type_into_focus(qtbot, text: str, enter: bool = True) -> None:
    field = QApplication.focusWidget()
    assert isinstance(field, view.AnswerField)  # typing goes to the answer box
    qtbot.keyClicks(field, text)
    if enter:
        qtbot.keyClick(field, Qt.Key.Key_Return)


def right_arrow(qtbot, window) -> None:
    qtbot.keyClick(QApplication.focusWidget() or window, Qt.Key.Key_Right)


def plain(html: str) -> str:
    return html.replace("&nbsp;", " ")


def test_a_whole_iteration_predicted_from_the_keyboard(qtbot, window):
    s, panel = window.session, window.predict
    trace = s.trace
    assert len(trace) == len(VALUES) == 19
    first_time = 0
    for number, truth in enumerate(VALUES):
        right_arrow(qtbot, window)
        q = panel.question
        assert q is not None and q.step.number == number and q.value == pytest.approx(truth, abs=1e-15)
        assert s.cursor == Cursor(number, 0)  # asking moves nothing ...
        step = trace.step(number)
        if step.phase != "update":  # ... and the cell stays empty (an update shows the old weight)
            assert math.isnan(s.value(step.tensor)[step.index])
        symbol = trace.names.symbol(step.tensor, step.index, "html")
        assert f"Predict <b>{symbol}</b>" in panel.prompt.text()
        numbers = equation(step, trace.names, "html").split(" = ")[-2]
        assert numbers not in plain(panel.prompt.text())  # symbols only: no numbers yet
        right_arrow(qtbot, window)  # → with the box empty says what to do; it skips nothing
        assert s.cursor == Cursor(number, 0) and "Type your prediction" in panel.feedback.text()
        kind = number % 4
        if kind == 0:  # right first time, typed as a fraction of 16ths where that is exact
            exact = truth * 16
            type_into_focus(qtbot, f"{exact:g}/16" if exact == round(exact) else f"{truth:.6g}")
            first_time += 1
            assert "Right" in panel.feedback.text() and "second try" not in panel.feedback.text()
        elif kind == 1:  # a miss, the hint, then right
            type_into_focus(qtbot, f"{truth + 1:.6g}")
            assert s.cursor == Cursor(number, 0)
            feedback = plain(panel.feedback.text())
            assert "Not quite" in feedback
            hint = equation(step, trace.names, "html")
            assert hint.rsplit(" = ", 1)[0].split(" = ")[-1] in feedback  # the factors' numbers
            assert feedback.rstrip().endswith("= ?")  # ... but not the result
            qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
            type_into_focus(qtbot, f"{truth:.4g}")
            assert "Right on the second try" in panel.feedback.text()
        elif kind == 2:  # two misses: revealed, with the whole equation
            type_into_focus(qtbot, "12345")
            qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
            type_into_focus(qtbot, "-12345")
            assert "Not quite" in panel.feedback.text()
        else:  # gives up
            qtbot.mouseClick(panel.show_button, Qt.MouseButton.LeftButton)
        assert s.cursor == Cursor(number + 1, 0)  # revealed
        assert panel.question is None
        shown = s.value(step.tensor) if step.phase != "update" else s.value("W")
        assert shown[step.index] == pytest.approx(truth, abs=1e-15)
        if kind in (1, 2):
            last = equation(step, trace.names, "html").split(" = ")[-1]
            assert last in panel.feedback.text()
    assert panel.score() == score.Score(first_time, 19) == score.load_score("worked-example")
    assert f"{first_time} of 19 right first time" in panel.score_label.text()
    assert "The worked example" in panel.score_label.text()
    np.testing.assert_allclose(s.value("W")[0, 0], W_NEW, atol=1e-15)


def test_a_bad_answer_is_explained_and_changes_nothing(qtbot, window):
    s, panel = window.session, window.predict
    right_arrow(qtbot, window)
    type_into_focus(qtbot, "I11*W11")
    assert "I11 is a name, not a number" in panel.feedback.text()
    assert s.cursor == Cursor(0, 0) and panel.misses == 0 and panel.question is not None
    assert panel.score() == score.Score(0, 0)


def test_term_by_term_it_asks_for_the_running_sum(qtbot, window):
    s, panel = window.session, window.predict
    window.unit.setCurrentText("term")
    products = (IMAGE[:2, :2] * W).ravel()  # o11's four terms, by hand
    for k in range(1, 5):
        right_arrow(qtbot, window)
        q = panel.question
        assert q.terms == (k if k < 4 else None) and q.value == pytest.approx(products[:k].sum())
        if k < 4:
            assert f"running sum of <b>o<sub>11</sub></b> after term {k} of 4" in panel.prompt.text()
        type_into_focus(qtbot, f"{products[:k].sum():g}")
        assert "Right" in panel.feedback.text()
        assert s.cursor == (Cursor(0, k) if k < 4 else Cursor(1, 0))
    assert panel.score() == score.Score(4, 4)


def test_bigger_steps_go_ahead_and_nothing_is_asked_twice(qtbot, window):
    s, panel = window.session, window.predict
    for _ in range(2):  # o11 and o12, shown
        right_arrow(qtbot, window)
        qtbot.mouseClick(panel.show_button, Qt.MouseButton.LeftButton)
    qtbot.keyClick(window, Qt.Key.Key_Left)
    qtbot.keyClick(window, Qt.Key.Key_Left)
    assert s.cursor == Cursor(0, 0)
    right_arrow(qtbot, window)
    right_arrow(qtbot, window)  # both seen: no questions
    assert s.cursor == Cursor(2, 0) and panel.question is None
    right_arrow(qtbot, window)
    assert panel.question is not None and panel.question.step.number == 2
    window.unit.setCurrentText("layer")
    qtbot.keyClick(window, Qt.Key.Key_Left)  # moving away withdraws the question
    assert panel.question is None
    window.step(+1)  # a layer at once: the student chose to skip, nothing is asked
    assert s.cursor == Cursor(4, 0) and panel.question is None
    assert s.edit("W", (0, 0, 0, 0), 0.25)  # new weights: every element is new again
    window.unit.setCurrentText("element")
    right_arrow(qtbot, window)
    assert panel.question is not None and panel.question.step.number == 0
    assert panel.question.value == pytest.approx(OUT[0, 0] - 0.25)


def test_autoplay_pauses_and_asks(qtbot, window):
    s, panel = window.session, window.predict
    qtbot.keyClick(window, Qt.Key.Key_Space)
    assert not s.playing and panel.question is not None and s.cursor == Cursor(0, 0)
    assert window.act_play.text() == "Play"


def test_the_score_is_kept_per_lesson_and_can_be_reset(qtbot, window):
    panel = window.predict
    right_arrow(qtbot, window)
    type_into_focus(qtbot, "-1")
    right_arrow(qtbot, window)
    type_into_focus(qtbot, "0")
    type_into_focus(qtbot, "0")
    assert score.load_score("worked-example") == score.Score(1, 2)
    assert window.open_lesson("max-pooling")
    assert panel.score() == score.Score(0, 0) and "no predictions yet" in panel.score_label.text()
    right_arrow(qtbot, window)
    type_into_focus(qtbot, f"{window.session.trace.step(0).result:.6g}")
    assert score.load_score("max-pooling") == score.Score(1, 1)
    # a new window (a new start of the app) reads the same scores from the settings
    again = MainWindow(restore_settings=False)
    qtbot.addWidget(again)
    assert again.open_lesson("worked-example")
    again.set_predict(True)
    assert again.predict.score() == score.Score(1, 2)
    assert "1 of 2 right first time (50%)" in again.predict.score_label.text()
    qtbot.mouseClick(again.predict.reset_button, Qt.MouseButton.LeftButton)
    assert score.load_score("worked-example") == score.Score(0, 0)
    assert score.load_score("max-pooling") == score.Score(1, 1)


def test_turning_it_off_or_closing_the_panel_lets_steps_through(qtbot, window):
    s, panel = window.session, window.predict
    right_arrow(qtbot, window)
    assert panel.question is not None
    window.predict_dock.close()
    assert not window.act_predict.isChecked() and not panel.active and panel.question is None
    qtbot.keyClick(window, Qt.Key.Key_Right)
    assert s.cursor == Cursor(1, 0)
    window.act_predict.trigger()
    assert panel.active and window.predict_dock.isVisible()
    window.act_predict.trigger()
    qtbot.keyClick(window, Qt.Key.Key_Right)
    assert s.cursor == Cursor(2, 0)


def test_the_question_follows_the_window_text_size(qtbot, window):
    from PySide6.QtGui import QFont

    panel = window.predict
    before = panel.prompt.font().pointSizeF()
    bigger = QFont(panel.font())
    bigger.setPointSizeF(panel.font().pointSizeF() * 1.35)  # what projector mode does to every font
    panel.setFont(bigger)
    assert panel.prompt.font().pointSizeF() == pytest.approx(before * 1.35)
    assert panel.answer.font().pointSizeF() == pytest.approx(before * 1.35)


def test_where_the_locale_writes_a_decimal_comma_an_answer_may_use_it_everywhere(qtbot, qapp):
    from convstudio.ui import language

    language.install(qapp, "de")
    try:
        w = open_window(qtbot, active=True)
        qtbot.keyClick(w, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier)
        right_arrow(qtbot, w)
        type_into_focus(qtbot, "-1")  # o11
        right_arrow(qtbot, w)
        assert w.predict.question.value == 3.5  # o12
        type_into_focus(qtbot, "max(3,5; 0)")
        assert "Richtig" in w.predict.feedback.text()
    finally:
        language.install(qapp, "en")
