"""The network strip on a deep network: its focus mark follows the layer the panels show (a click,
Follow the step, or any set_focus with Follow off), and every box's words fit at 1024x768, in
projector mode too (the pictures get smaller first); a box's tooltip has its words in full."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent
from PySide6.QtGui import QFontMetrics, QHelpEvent
from PySide6.QtWidgets import QApplication, QToolTip

from convstudio.engine.cursor import Cursor
from convstudio.ui.look import theme
from tests.ui.windows import open_window


def test_with_follow_off_set_focus_moves_the_strip_s_mark_and_repaints_it(qtbot):
    w = open_window(qtbot, "two-conv-layers")
    strip = w.network_dock.widget().strip
    w.tensors.follow.setChecked(False)
    qtbot.wait(20)
    before = strip.paints
    w.session.set_focus(2)  # as an instrument's layer picker, not a click on the strip
    assert strip.focused == 2 and w.tensors.focus == 2
    qtbot.waitUntil(lambda: strip.paints > before)


def test_follow_the_step_moves_the_strip_s_mark_with_the_panels_focus(qtbot):
    w = open_window(qtbot, "two-conv-layers")
    s, strip = w.session, w.network_dock.widget().strip
    s.go_to(Cursor(s.trace.section_for("2:out").start + 1, 0))
    assert w.tensors.focus == 2 and strip.focused == 2
    s.go_to(Cursor(s.trace.section_for("d0:out").start + 1, 0))
    assert w.tensors.focus == 1 and strip.focused == 1


@pytest.mark.parametrize("projector", [False, True])
def test_at_1024x768_no_box_of_two_conv_layers_cuts_its_words_short(qtbot, projector):
    app = QApplication.instance()
    font = app.font()
    w = open_window(qtbot, "two-conv-layers", size=(1024, 768))
    try:
        w.set_projector(projector)
        strip = w.network_dock.widget().strip
        qtbot.waitUntil(lambda: theme.is_projector(app) == projector)
        QApplication.processEvents()
        strip.repaint()
        fm = QFontMetrics(strip.font())
        titles = [box.title for box in strip.boxes]
        assert "global avg pool" in titles
        # a smaller picture (projector mode) rather than shorter words
        two_lines = 2 * fm.height()
        assert (0 < strip._side < two_lines) if projector else strip._side == two_lines
        picture = strip._side + 6 if strip._side else 0
        for box, rect in zip(strip.boxes, strip._layout(), strict=True):
            room = rect.width() - picture - 10  # the picture, its margin and the box's own
            assert fm.horizontalAdvance(box.title) <= room and fm.horizontalAdvance(box.shape) <= room, (
                box.title
            )
        assert strip._layout()[-1].right() <= strip.width()
    finally:
        w.set_projector(False)
        app.setFont(font)


def test_a_box_s_tooltip_holds_its_words_in_full(qtbot):
    w = open_window(qtbot, "two-conv-layers", size=(700, 600))
    strip = w.network_dock.widget().strip
    QApplication.processEvents()
    rect = strip._layout()[5]  # global avg pool
    assert strip._side == 0  # no room even for the pictures
    event = QHelpEvent(
        QEvent.Type.ToolTip, rect.center().toPoint(), strip.mapToGlobal(rect.center().toPoint())
    )
    QApplication.sendEvent(strip, event)
    qtbot.waitUntil(lambda: QToolTip.isVisible())
    assert QToolTip.text() == "global avg pool\n1"
