"""The equation panel's header reads in full in projector mode (two-conv-layers' backward titles
were cut short at 1024x768 and 1280x800): on its one line it gives up the layer's type, then
"step N of M", which the toolbar's position also says; the tooltip and the accessible name keep
every word. A tensor's note gives
up digits before it is cut."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from convstudio.engine.cursor import Cursor
from convstudio.ui.look.short_text import rounded_note
from tests.ui.windows import open_window


def _fits(label) -> bool:  # type: ignore[no-untyped-def]
    shown = label.shown()
    return "…" not in shown and label.fontMetrics().horizontalAdvance(shown) <= label.width()


@pytest.mark.parametrize("size", [(1024, 768), (1280, 800)])
def test_in_projector_mode_the_backward_header_reads_in_full(qtbot, size):
    app = QApplication.instance()
    font = app.font()
    w = open_window(qtbot, "two-conv-layers", size=size)
    try:
        w.set_projector(True)
        w.session.go_to(Cursor(40, 0))
        qtbot.wait(100)
        panel = w.equations
        title, where = panel.header, panel.where
        assert title.text() == "Backward · layer 3 (conv): dL/dW²" and where.text() == " · step 40 of 71"
        assert _fits(title) and _fits(where), (title.shown(), title.width(), where.shown())
        assert title.shown() in (title.text(), "Backward · layer 3: dL/dW²")  # all words, or all but one
        if not where.isVisible():  # the step's number is still on screen, in the toolbar
            assert "40/71" in w.position.text() and w.position.isVisible(), w.position.text()
        else:
            assert where.shown() == " · step 40 of 71"
        assert panel.header_row.height() <= panel.copy_button.sizeHint().height() + 2  # one line
        full = "Backward · layer 3 (conv): dL/dW² · step 40 of 71"
        assert title.toolTip() == full and title.accessibleName() == full
        right = panel.copy_button.mapTo(panel, panel.copy_button.rect().topRight()).x()
        assert right < panel.width()  # the Copy button stays in the panel
    finally:
        w.set_projector(False)
        app.setFont(font)


def test_a_wide_panel_keeps_the_header_on_one_line(qtbot):
    w = open_window(qtbot, "two-conv-layers", size=(1280, 800))
    w.session.go_to(Cursor(40, 0))
    qtbot.wait(50)
    assert w.equations.where.isVisible()
    assert w.equations.header.shown() == "Backward · layer 3 (conv): dL/dW²"
    assert w.equations.where.shown() == " · step 40 of 71"


def test_a_note_gives_up_digits_but_keeps_three():
    assert rounded_note("= −0.171875") == "= −0.172"
    assert rounded_note("0.5 → 0.396875") == "0.5 → 0.397"
    assert rounded_note("= 2") == "= 2"


def test_at_1024x768_in_projector_mode_a_gradients_note_keeps_its_value(qtbot):
    app = QApplication.instance()
    font = app.font()
    w = open_window(qtbot, "two-conv-layers", size=(1024, 768))
    try:
        w.set_projector(True)
        w.session.go_to(Cursor(45, 0))  # dL/da¹21 = −0.171875, beside a narrow view's title
        qtbot.wait(100)
        view = w.tensors.view("d1:out")
        assert view.note() == "dL/da¹21 = −0.171875"
        # once projector mode's layout has settled (on a busy machine, after more than 100 ms)
        kept = lambda: "…" not in view.painted_note() and "0.172" in view.painted_note()  # noqa: E731
        qtbot.waitUntil(kept, timeout=3000)
    finally:
        w.set_projector(False)
        app.setFont(font)
