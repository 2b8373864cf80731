"""What a new student met in the first hour: the lesson kept under undo, both Redo keys, Reset to
iteration 1, a clean title, one iteration number while training, routine limits in the status bar,
a toolbar that stays one row, one notation for gradients, and the Help menu's pages."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

import numpy as np
import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMessageBox

from convstudio.engine.cursor import Cursor
from convstudio.ui.dialogs import help_menu
from convstudio.ui.dialogs.help_menu import LessonsDialog, ReadingDialog, ShortcutsDialog
from convstudio.ui.look import theme
from convstudio.ui.panels import lesson_panel
from tests.ui.windows import open_window

I0 = [[1, 2, 0], [0, 1, 3], [2, 1, 0]]
W0 = [[0.5, -1], [1, 0.5]]


@pytest.fixture(autouse=True)
def themed(qapp):
    """The look the app has (bundled font, Fusion, palette), put back as it was afterwards."""
    font, palette, style = qapp.font(), qapp.palette(), qapp.style().name()
    theme.apply(qapp)
    yield
    qapp.setFont(font)
    qapp.setStyle(style)
    qapp.setPalette(palette)


@pytest.fixture
def window(qtbot):
    return open_window(qtbot, active=True)


def test_undo_never_takes_the_lesson_away(qtbot, window):
    s = window.session
    assert s.undo_stack.count() == 0 and not window.act_undo.isEnabled()
    assert s.edit("W", (0, 0, 0, 0), 2.0)
    for _ in range(3):  # one Ctrl+Z too many, and then some
        qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    np.testing.assert_array_equal(s.params["W"][0, 0], W0)
    np.testing.assert_array_equal(s.x[0, 0], I0)
    assert float(s.target.ravel()[0]) == 1.0 and s.lesson == "worked-example"
    assert window.lesson_picker.currentData() == "worked-example"


def test_the_title_is_clean_until_something_changes(window):
    assert window.windowTitle() == "The worked example — ConvStudio"
    window.session.edit("W", (0, 0, 0, 0), 2.0)
    assert window.windowTitle() == "The worked example • — ConvStudio"
    window.session.undo_stack.undo()
    assert window.windowTitle() == "The worked example — ConvStudio"


def test_no_two_commands_share_a_key(window):
    keys = Counter(
        key.toString()
        for action in window.findChildren(QAction)
        for key in action.shortcuts()
        if not key.isEmpty()
    )
    assert [key for key, n in keys.items() if n > 1] == []
    assert {"Ctrl+Shift+Z", "Ctrl+Y"} <= {k.toString() for k in window.act_redo.shortcuts()}


@pytest.mark.parametrize("modifiers", ["Ctrl+Y", "Ctrl+Shift+Z"])
def test_redo_by_either_key(qtbot, window, modifiers):
    s = window.session
    s.edit("W", (0, 0, 0, 0), 2.0)
    s.undo_stack.undo()
    assert s.params["W"][0, 0, 0, 0] == 0.5
    sequence = QKeySequence(modifiers)[0]
    qtbot.keyClick(window, sequence.key(), sequence.keyboardModifiers())
    assert s.params["W"][0, 0, 0, 0] == 2.0


def test_page_down_and_page_up_step_too(qtbot, window):
    s = window.session
    qtbot.keyClick(window, Qt.Key.Key_PageDown)
    qtbot.keyClick(window, Qt.Key.Key_PageDown)
    assert s.cursor == Cursor(2, 0)
    qtbot.keyClick(window, Qt.Key.Key_PageUp)
    assert s.cursor == Cursor(1, 0)


def _train(qtbot, s, count: int) -> None:
    with qtbot.waitSignal(s.training_finished, timeout=20_000):
        s.train(count)


def test_reset_after_a_long_run_returns_to_iteration_1_and_its_weights(qtbot, window, monkeypatch):
    monkeypatch.setattr("convstudio.engine.timeline.TIMELINE_SNAPSHOTS", 20)
    s = window.session
    _train(qtbot, s, 200)
    assert s.first_kept > 0
    qtbot.keyClick(window, Qt.Key.Key_Home)
    assert s.iteration == 0 and s.cursor == Cursor()
    assert window.position.text().startswith("Iteration 1 ·")
    np.testing.assert_array_equal(s.params["W"][0, 0], W0)
    assert "Restarted from the first weights" in window.statusBar().currentMessage()
    s.undo_stack.undo()  # the trained weights are not lost
    assert s.iteration == 200


def test_reset_within_the_kept_history_is_a_move(qtbot, window):
    s = window.session
    _train(qtbot, s, 5)
    window.reset()
    assert s.iteration == 0 and s.undo_stack.count() == 0
    np.testing.assert_array_equal(s.params["W"][0, 0], W0)


def test_the_first_iteration_kept_is_a_status_message_not_a_dialog(qtbot, window, monkeypatch):
    monkeypatch.setattr("convstudio.engine.timeline.TIMELINE_SNAPSHOTS", 20)
    window._error_dialogs = True  # as the student has them
    s = window.session
    _train(qtbot, s, 100)
    s.undo_stack.clear()
    while s.iteration > s.first_kept or s.cursor != Cursor():
        s.move("iteration", -1)
    qtbot.keyClick(window, Qt.Key.Key_Left)
    assert "too far back" in window.statusBar().currentMessage()
    assert not [box for box in window.findChildren(QMessageBox) if box.isVisible()]


def test_a_session_file_without_a_lesson_drops_the_lessons_title(window, tmp_path):
    from convstudio.io import sessionfile

    path = tmp_path / "own.convstudio"
    sessionfile.save_state(path, replace(window.session.state(), lesson=None), {})
    assert window.session.undo_stack.isClean()
    assert window.open_path(path)
    assert window.lesson_picker.currentIndex() == -1
    assert window.windowTitle() == "ConvStudio"


def test_one_iteration_number_while_training_and_a_step_pauses_it(qtbot, window):
    s, filter_view = window.session, window.tensors.view("W")
    _train(qtbot, s, 3)
    assert "Training finished" in window.statusBar().currentMessage()
    s.train(1_000_000)
    qtbot.waitUntil(lambda: s.iteration > 60, timeout=5000)
    assert window.statusBar().currentMessage() == ""  # the last run's outcome is gone
    assert window.position.text().startswith(f"Training · iteration {s.iteration} of ")
    assert window.progress.text().endswith("%")  # a share: the number is said once, above
    qtbot.waitUntil(lambda: filter_view.note() == f"training: iteration {s.iteration}", timeout=5000)
    assert window.equations.header.text() == "Training" and "Iteration" not in window.equations.text()
    qtbot.keyClick(window, Qt.Key.Key_Right)
    assert not s.training
    last = s.iteration
    assert s.cursor.done == len(s.trace)  # the end of the last iteration that ran, not far beyond
    assert f"Training paused at the end of iteration {last + 1}" in window.statusBar().currentMessage()
    assert window.position.text().startswith(f"Iteration {last + 1} · update")


@pytest.mark.parametrize("lesson", ["worked-example", "stride-padding-dilation", "bars-classifier"])
def test_stepping_by_term_never_wraps_the_toolbar(qtbot, lesson):
    window = open_window(qtbot, lesson, active=True)
    qtbot.wait(10)
    assert not window.toolBarBreak(window.lesson_bar)
    central = window.centralWidget().y()
    window.unit.setCurrentText("term")
    s = window.session
    texts = []
    for _ in range(60):  # into the backward pass, term by term
        s.move("term", +1)
        qtbot.wait(1)
        texts.append(window.position.text())
        assert not window.toolBarBreak(window.lesson_bar), texts[-1]
    assert any(", term" in text for text in texts)
    window.unit.setCurrentText("element")
    s.move("element", +1)
    qtbot.wait(10)
    assert window.centralWidget().y() == central


def test_the_lesson_text_is_kept_by_value_not_by_id(window, monkeypatch):
    panel, s = window.lesson_panel, window.session
    monkeypatch.setattr(lesson_panel, "id", lambda _obj: 0, raising=False)  # an id come back
    s.lesson_text = {"intro": "The first text."}
    panel.refresh()
    s.lesson_text = {"intro": "Another text altogether."}
    panel.refresh()
    assert "Another text altogether." in panel.text()


def test_panels_and_equations_name_a_gradient_alike(window):
    s = window.session
    while s.step is None or s.step.tensor != "dW":
        s.move("element", +1)
    equation = window.equations.text() if hasattr(window.equations, "text") else ""
    assert "∂" not in equation and "dL/dW" in equation.replace("<sub>", "").replace("</sub>", "")
    assert window.tensors.view("dW") is not None


def test_the_update_text_holds_for_a_gradient_of_zero(window):
    s = window.session
    while s.step is None or s.step.phase != "update":
        s.move("element", +1)
    text = window.lesson_panel.text()
    assert "W11 goes up" not in text and "a gradient of 0 leaves it where it is" in text


def test_the_shortcuts_page_lists_the_real_keys(qtbot, window):
    rows = help_menu.shortcuts(window)
    keys = {(command, k) for _, command, k in rows}
    assert any(command == "Redo" and k.startswith("Ctrl+Shift+Z, Ctrl+Y") for command, k in keys)
    assert any(command == "Step ▶" and "PgDown" in k for command, k in keys)
    window.act_step.setShortcuts([QKeySequence("F9")])  # the page follows the actions
    assert any(command == "Step ▶" and k == "F9" for _, command, k in help_menu.shortcuts(window))
    page = ShortcutsDialog(window)
    qtbot.addWidget(page)
    assert page.table.rowCount() == len(help_menu.shortcuts(window))


def test_the_help_menu_has_lessons_shortcuts_and_how_to_read_the_screen(qtbot, window):
    menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&Help")
    texts = [a.text() for a in menu.actions()]
    assert texts[:3] == ["&Lessons…", "&Keyboard shortcuts…", "How to read the &screen…"]
    lessons = LessonsDialog(window)
    qtbot.addWidget(lessons)
    names = [lessons.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(lessons.list.count())]
    assert "stride-padding-dilation" in names
    lessons._open(lessons.list.item(names.index("stride-padding-dilation")))
    assert window.session.lesson == "stride-padding-dilation"
    reading = ReadingDialog(window)
    qtbot.addWidget(reading)
    marks = {(colour, dashed) for colour, dashed, _ in help_menu.reading_items()}
    assert {("#009E73", False), ("#D55E00", False), ("#D55E00", True), ("#56B4E9", True)} == marks
    assert any("∂L/∂W11" in text for text in reading.texts)


def test_the_window_opens_inside_a_small_screen(qtbot):
    """A 1280x800 window on a smaller screen (offscreen's is 800x600) is shrunk to its free area,
    leaving room for the title bar, and placed at its corner: nothing runs off the screen."""
    from convstudio.app import FRAME_ALLOWANCE, fit_to_screen
    from convstudio.ui.main_window import MainWindow

    w = MainWindow(restore_settings=False)
    qtbot.addWidget(w)
    w.resize(1280, 800)
    free = w.screen().availableGeometry()
    assert free.width() < 1280 or free.height() < 800  # the case this test is about
    fit_to_screen(w)
    assert w.width() <= free.width() and w.height() <= free.height() - FRAME_ALLOWANCE
    assert (w.x(), w.y()) == (free.x(), free.y())
    w.resize(320, 240)
    fit_to_screen(w)  # a window that fits keeps its size
    assert (w.width(), w.height()) == (320, 240)
