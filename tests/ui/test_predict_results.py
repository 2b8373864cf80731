"""Predict mode's results as a CSV a student hands in: one row a question with the answers typed,
the result and the time, and the score at the end; written whole or not at all."""

from __future__ import annotations

import csv

import pytest
from PySide6.QtWidgets import QApplication

from convstudio.ui.instruments.predict.results import COLUMNS
from tests.ui.test_predict import VALUES, right_arrow, type_into_focus, window  # noqa: F401


def rows_of(path):  # type: ignore[no-untyped-def]
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def test_every_question_is_a_row_with_its_answers_result_and_time(qtbot, window, tmp_path):  # noqa: F811
    panel = window.predict
    right_arrow(qtbot, window)
    type_into_focus(qtbot, "-1")  # o11, right first time
    right_arrow(qtbot, window)
    type_into_focus(qtbot, "4")  # o12 = 3.5: a miss, then right
    QApplication.focusWidget().selectAll()
    type_into_focus(qtbot, "3.5")
    right_arrow(qtbot, window)
    type_into_focus(qtbot, "0")  # o21 = 1.5: two misses
    QApplication.focusWidget().selectAll()
    type_into_focus(qtbot, "1")
    right_arrow(qtbot, window)
    panel.show_me()  # o22 = -1.5: shown
    right_arrow(qtbot, window)  # p asked, then predict mode turned off: not answered
    window.act_predict.trigger()
    path = tmp_path / "results.csv"
    assert panel.save_results(path)
    rows = rows_of(path)
    assert tuple(rows[0]) == COLUMNS
    body = rows[1:6]
    assert [r[4] for r in body] == ["o11", "o12", "o21", "o22", "p"]
    assert [r[8] for r in body] == ["right", "right on the second try", "wrong", "shown", "not answered"]
    assert [r[6] for r in body] == ["-1", "4 | 3.5", "0 | 1", "", ""]
    assert [float(r[7].replace("−", "-")) for r in body] == pytest.approx(VALUES[:5])
    assert all(r[1] == "The worked example" and r[2] == "1" for r in body)
    assert [r[3] for r in body] == ["1", "2", "3", "4", "5"]
    assert body[0][5] == "o11 = I11·W11 + I12·W12 + I21·W21 + I22·W22"  # the formula, not its result
    assert all(float(r[9]) >= 0 for r in body)
    assert rows[-1] == ["score", "1 / 5"]
    assert "5 question(s)" in panel.feedback.text()


def test_results_that_cannot_be_written_say_why_and_leave_nothing(qtbot, window, tmp_path):  # noqa: F811
    panel = window.predict
    (tmp_path / "a file").write_text("not a folder", encoding="utf-8")
    assert not panel.save_results(tmp_path / "a file" / "results.csv")
    assert "could not be saved" in panel.feedback.text()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a file"]
