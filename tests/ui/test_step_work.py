"""A step does the work its change needs and no more: the strip repaints the box whose picture it
changed, an equation that fits is laid out once (on the document painted), and a narrow panel still
learns its text's widest word, so it scrolls sideways rather than cutting a number."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRect
from PySide6.QtWidgets import QApplication

from convstudio.engine.cursor import Cursor
from convstudio.ui.look.rich_text import RichText
from convstudio.ui.widgets.text_scroll import text_scroll
from tests.ui.windows import open_window


class PaintRects(QObject):
    """The rectangles of a widget's paint events."""

    def __init__(self, widget) -> None:  # type: ignore[no-untyped-def]
        super().__init__()
        self.rects: list[QRect] = []
        widget.installEventFilter(self)

    def eventFilter(self, watched, event) -> bool:  # type: ignore[no-untyped-def]
        if event.type() == QEvent.Type.Paint:
            self.rects.append(event.rect())
        return False


def test_a_step_that_writes_one_element_repaints_only_the_box_it_changed(qtbot):
    w = open_window(qtbot, "two-conv-layers")
    s, strip = w.session, w.network_dock.widget().strip
    section = s.trace.section_for("0:out")
    s.go_to(Cursor(section.start + 1, 0))  # inside layer 1's forward pass: its box is lit already
    QApplication.processEvents()
    paints = PaintRects(strip)
    lit_before = strip.lit
    s.move("element", 1)  # writes o¹'s next element: the lit box's picture changes, nothing else
    QApplication.processEvents()
    assert strip.lit == lit_before
    assert paints.rects, "the strip did not repaint the box whose picture changed"
    box = strip._layout()[strip.lit].toAlignedRect()
    for rect in paints.rects:
        assert rect.intersects(box)
        assert rect.width() < strip.width() / 2, (rect, strip.width())  # not the whole strip


def test_an_equation_that_fits_is_measured_on_the_document_it_paints(qtbot):
    w = open_window(qtbot, "two-conv-layers")
    s, body = w.session, w.equations.body
    section = s.trace.section_for("0:out")
    s.go_to(Cursor(section.start + 1, 0))
    QApplication.processEvents()
    probed = body._probe_html
    s.move("element", 1)  # the same kind of step: its size is known, only checked
    QApplication.processEvents()
    assert body.text() != probed
    assert body._probe_html == probed, "the step's equation was laid out a second time, on the probe"
    assert not w.equations.scroll.verticalScrollBar().isVisible()


def test_a_panel_narrower_than_its_widest_word_scrolls_sideways(qtbot):
    body = RichText()
    scroll = text_scroll(body, lambda: None)
    qtbot.addWidget(scroll)
    word = "dL/dW" + "0123456789" * 6  # one word that never breaks
    body.setText(f"<p>a few short words then {word}</p>")
    scroll.resize(900, 200)
    scroll.show()
    qtbot.waitExposed(scroll)
    QApplication.processEvents()
    assert scroll.horizontalScrollBar().maximum() == 0
    widest = body.narrowest()
    assert 100 < widest < 880
    scroll.resize(widest // 2, 200)  # narrower than the word: the body keeps the word's width
    qtbot.waitUntil(lambda: body.width() >= widest)
    assert scroll.horizontalScrollBar().maximum() > 0
    scroll.resize(900, 200)  # and wide again, no scroll bar
    qtbot.waitUntil(lambda: scroll.horizontalScrollBar().maximum() == 0)


def test_the_lit_box_s_picture_recolours_the_pixel_written_as_a_fresh_picture_would(qtbot):
    w = open_window(qtbot, "two-conv-layers")
    s, strip = w.session, w.network_dock.widget().strip
    section = s.trace.section_for("0:out")
    s.go_to(Cursor(section.start + 3, 0))  # o¹ part written, its largest magnitude among them
    QApplication.processEvents()
    k = strip.lit
    made = strip._made.get(k)
    for _ in range(4):  # until a step writes a value below the largest so far (then it patches)
        s.move("element", 1)
        QApplication.processEvents()
        if strip._made[k][2] is made[2]:
            break
        made = strip._made[k]
    else:
        raise AssertionError("no step recoloured its pixel alone")
    grid, _, patched = strip._made[k]
    strip._made.clear()
    fresh = strip._pixmap(k, grid).toImage()
    assert patched.convertToFormat(fresh.format()) == fresh
