"""The network strip on a deep network: its focus mark follows the layer the panels show (a click,
Follow the step, or any set_focus with Follow off), and every box's words fit at 1024x768."""

from __future__ import annotations

from PySide6.QtGui import QFontMetrics

from convstudio.engine.cursor import Cursor
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


def test_at_1024x768_no_box_of_two_conv_layers_cuts_its_words_short(qtbot):
    w = open_window(qtbot, "two-conv-layers", size=(1024, 768))
    strip = w.network_dock.widget().strip
    strip.repaint()
    fm = QFontMetrics(strip.font())
    side = 2 * fm.height()
    titles = [box.title for box in strip.boxes]
    assert "global avg pool" in titles
    for box, rect in zip(strip.boxes, strip._layout(), strict=True):
        room = rect.width() - side - 16  # the picture, its margins and the box's own
        assert fm.horizontalAdvance(box.title) <= room and fm.horizontalAdvance(box.shape) <= room, box.title
    assert strip._layout()[-1].right() <= strip.width()
