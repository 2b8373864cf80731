"""Projector mode makes the matrices larger, not smaller: the tensors take a larger share of the
window's height and narrower margins (at 1024 pixels width bounds the matrices), the toolbars stay
on one row at 1280x800 (fewer words, full names), and leaving the mode gives the old share back."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from convstudio.ui import toolbar_fit
from tests.ui.windows import open_window


def _grid(w, name: str) -> float:
    QApplication.processEvents()
    return w.tensors.view(name)._layout().grid.width()


def _share(sizes: list[int]) -> float:
    return sizes[0] / sum(sizes)


def test_at_1280x800_the_input_grid_is_larger_in_projector_mode_and_the_share_comes_back(qtbot):
    app = QApplication.instance()
    font = app.font()
    w = open_window(qtbot, "worked-example")
    qtbot.wait(100)  # the panels settle
    normal, sizes = _grid(w, "I"), w.main.sizes()
    try:
        w.set_projector(True)
        qtbot.waitUntil(lambda: w.main.sizes()[0] > sizes[0])
        qtbot.wait(50)
        projected = _grid(w, "I")
        assert projected > normal, (projected, normal)
        assert w.equations.point_size() > 20  # the equation stays large too
        w.set_projector(False)
        qtbot.waitUntil(lambda: abs(_share(w.main.sizes()) - _share(sizes)) < 0.02)  # the old share back
    finally:
        app.setFont(font)  # as the other tests found it


def test_a_wide_input_column_is_not_squeezed_beside_small_outputs(qtbot):
    w = open_window(qtbot, "two-conv-layers")
    QApplication.processEvents()
    x, out = w.tensors.view("x"), w.tensors.view("0:out")
    # the 4x4 input's cells are no smaller than the 3x3 output's by more than its extra column
    assert x._layout().cell * 4 >= out._layout().cell * 3


def test_on_a_deep_network_the_input_grid_is_no_smaller_and_a_long_equation_still_fits(qtbot):
    app = QApplication.instance()
    font = app.font()
    w = open_window(qtbot, "two-conv-layers")
    for _ in range(5):  # o¹11's four products and their sum: a long equation
        w.session.move("element", 1)
    qtbot.wait(100)
    normal, sizes = _grid(w, "x"), w.main.sizes()
    try:
        w.set_projector(True)
        qtbot.waitUntil(lambda: w.main.sizes()[0] > sizes[0])
        qtbot.wait(50)
        assert _grid(w, "x") >= normal
        assert not w.equations.scroll.verticalScrollBar().isVisible()  # the equation fits as it is
    finally:
        w.set_projector(False)
        app.setFont(font)


def _input(lesson: str) -> str:
    return "I" if lesson == "worked-example" else "x"


def _cell_and_numbers(w, name: str) -> tuple[float, float]:
    """The input grid's cell side and the points of the numbers in it."""
    QApplication.processEvents()
    view = w.tensors.view(name)
    cell = view._layout().cell
    return cell, view.font_size_for(cell)


@pytest.mark.parametrize("lesson", ["worked-example", "two-conv-layers"])
def test_at_1280x800_projector_mode_keeps_the_toolbars_on_one_row_and_the_input_grid_larger(qtbot, lesson):
    app = QApplication.instance()
    font = app.font()
    w = open_window(qtbot, lesson)
    qtbot.wait(100)
    assert not w.toolBarBreak(w.lesson_bar) and toolbar_fit.shortened(w) == 0  # every word, one row
    (normal, normal_numbers), sizes = _cell_and_numbers(w, _input(lesson)), w.main.sizes()
    try:
        w.set_projector(True)
        qtbot.waitUntil(lambda: w.main.sizes()[0] > sizes[0])
        qtbot.wait(50)
        assert not w.toolBarBreak(w.lesson_bar)  # a second row would take its height from the matrices
        cell, numbers = _cell_and_numbers(w, _input(lesson))
        assert cell > normal and numbers > normal_numbers, (cell, normal)
        for act in (w.act_phase_back, w.act_back, w.act_step, w.act_phase):  # arrows, named in full
            button = w.stepping_bar.widgetForAction(act)
            assert button.isVisible() and button.accessibleName() == act.text()
        assert w.act_step.toolTip() == "Step forward (Right)"
        for label in (w.position, w.lesson_picker, w.unit, w.speed):
            assert label.isVisible() and w.rect().contains(label.mapTo(w, label.rect().bottomRight()))
        w.set_projector(False)  # every word back, on one row
        qtbot.waitUntil(lambda: toolbar_fit.shortened(w) == 0)
        assert not w.toolBarBreak(w.lesson_bar) and w.act_step.iconText() == "Step ▶"
    finally:
        w.set_projector(False)
        app.setFont(font)


@pytest.mark.parametrize("lesson", ["worked-example", "two-conv-layers"])
def test_at_1024x768_projector_mode_makes_the_input_grid_larger_too(qtbot, lesson):
    app = QApplication.instance()
    font = app.font()
    w = open_window(qtbot, lesson, size=(1024, 768))
    qtbot.wait(100)
    assert not w.toolBarBreak(w.lesson_bar)  # fewer words: one row at 1024 pixels too
    (normal, normal_numbers), name = _cell_and_numbers(w, _input(lesson)), _input(lesson)
    try:
        w.set_projector(True)
        view = w.tensors.view(name)
        qtbot.waitUntil(lambda: view.font().pointSizeF() > font.pointSizeF())
        qtbot.wait(100)
        # the view's width bounds the grid here, not its height: the narrower margins of projector
        # mode more than make up for its larger row numbers (63.1 px cells against 63.9 without)
        cell, numbers = _cell_and_numbers(w, name)
        assert cell >= normal * 1.03 and numbers > normal_numbers, (cell, normal)
        assert _grid(w, name) >= 1.03 * normal * view.values().shape[1] - 0.01
        assert w.width() <= 1024
        w.set_projector(False)  # the usual margins back
        qtbot.waitUntil(lambda: abs(_cell_and_numbers(w, name)[0] - normal) < 0.5)
    finally:
        w.set_projector(False)
        app.setFont(font)


def test_a_shortened_toolbar_gets_its_words_back_when_the_window_widens(qtbot):
    w = open_window(qtbot, "two-conv-layers", size=(900, 700))
    qtbot.wait(50)
    assert toolbar_fit.shortened(w) > 0
    assert w.act_step.iconText() == "▶" and w.act_step.text() == "Step ▶"  # the Step menu keeps the words
    w.resize(1280, 800)
    qtbot.waitUntil(lambda: toolbar_fit.shortened(w) == 0)
    assert w.act_step.iconText() == "Step ▶" and w.predict_button.isVisible()
