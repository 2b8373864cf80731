"""The main panels at their limits: a loss curve of millions of iterations, colour scales of a large
or diverged iteration, equations in a narrow panel at projector sizes, and lesson text once the
learner has changed the lesson's network."""

from __future__ import annotations

import dataclasses
import math
import shutil

import numpy as np
import pytest
from PySide6.QtGui import QTextTable
from PySide6.QtWidgets import QApplication

from convstudio.engine import colour_scale, lessons
from convstudio.engine.cursor import Cursor
from convstudio.engine.spec import Spec
from convstudio.engine.timeline import Losses
from convstudio.session.session import Session
from convstudio.ui.look import theme
from convstudio.ui.look.rich_text import reach
from convstudio.ui.panels import tensor_panel
from convstudio.ui.panels.loss_panel import LossPanel
from tests.ui.windows import open_window


@pytest.fixture(autouse=True)
def themed(qapp):
    """The look the app has (bundled font, Fusion, palette), put back as it was afterwards."""
    font, palette, style = qapp.font(), qapp.palette(), qapp.style().name()
    theme.apply(qapp)
    yield
    theme.set_projector(qapp, False)
    qapp.setFont(font)
    qapp.setStyle(style)
    qapp.setPalette(palette)


make_window = open_window


# --- the loss curve ---------------------------------------------------------------------------


def with_losses(session: Session, losses: np.ndarray) -> None:
    """The session as if it had trained len(losses) iterations (only the last weights kept)."""
    n = len(losses)
    state = dataclasses.replace(session.state(), iteration=n, first=n, losses=Losses(losses))
    session.restore(state)


@pytest.fixture
def long_run(qtbot):
    """A loss panel over 300,000 iterations (a run left training over lunch), the highest and the
    lowest losses in the middle, and a diverged NaN and inf among them."""
    session = Session()
    panel = LossPanel(session)
    qtbot.addWidget(panel)
    panel.resize(500, 300)
    panel.show()
    rng = np.random.default_rng(0)
    n = 300_000
    losses = 0.5 / (1 + np.arange(n) / 2000) * np.exp(0.3 * rng.standard_normal(n))
    losses[123_456], losses[234_567] = 7.5, 1e-9
    losses[200_000], losses[200_001] = np.nan, np.inf
    with_losses(session, losses)
    panel.redraw()
    panel.plot.repaint()  # the view box settles its range (and the downsampling) when it paints
    panel.redraw()
    return panel, losses


def test_a_long_run_draws_each_pixel_columns_extremes_and_hover_stays_exact(long_run):
    panel, losses = long_run
    x, y = panel.curve.getData()
    assert len(x) < 20_000  # a few points per pixel column, not 300,000
    assert np.isfinite(y).all()  # the NaN and inf are left out
    finite = losses[np.isfinite(losses)]
    assert y.max() == finite.max() == 7.5 and y.min() == finite.min() == 1e-9  # peaks kept exactly
    for k in (1, 123_457, 234_568, 299_999, 300_000):  # hover reads the losses, not the drawn points
        assert panel.hover_text(k) == f"iteration {k}: loss = {losses[k - 1]:.6g}"
    assert panel.hover_text(200_001) == "iteration 200001: loss = nan"
    marker = panel.marker.getData()
    assert marker[0].tolist() == [300_000] and marker[1].tolist() == [losses[-1]]
    assert panel.summary.text() == f"iteration 300000: L = {losses[-1]:.6g}"


def test_the_loss_summary_shortens_on_a_narrow_panel(long_run):
    panel, losses = long_run
    full = f"iteration 300000: L = {losses[-1]:.6g}"
    panel.resize(900, 300)
    assert panel.summary.text() == full and panel.summary.toolTip() == ""
    panel.resize(280, 300)
    assert panel.summary.text() == f"L = {losses[-1]:.4g}" and panel.summary.toolTip() == full
    panel.resize(90, 300)
    assert panel.summary.text() == "" and panel.summary.toolTip() == full


def test_a_long_run_on_the_log_scale(long_run):
    panel, _ = long_run
    panel.log.setChecked(True)
    panel.plot.repaint()
    panel.redraw()
    x, y = panel.curve.getData()  # log10 of the losses drawn
    assert len(x) < 20_000
    assert y.max() == pytest.approx(math.log10(7.5)) and y.min() == pytest.approx(-9)


def test_the_marker_style_is_made_once_however_often_it_moves(qtbot):
    """pyqtgraph's symbol cache is keyed by the brush object: a colour given on every redraw made a
    new brush each time, and the cache kept every one of them."""
    session = Session()
    panel = LossPanel(session)
    qtbot.addWidget(panel)
    panel.resize(400, 250)
    panel.show()
    losses = np.linspace(1.0, 0.1, 300)
    for n in range(2, 300):
        with_losses(session, losses[:n])
        panel.redraw()
        panel.plot.repaint()
    assert panel.marker.getData()[0].tolist() == [299]
    assert len(panel.marker.scatter.fragmentAtlas) == 1  # one symbol drawn, one kept


# --- colour scales ----------------------------------------------------------------------------


MIDDLE = Spec(height=8, width=8, channels=2, batch=3, filters=2, kernel=3, padding=1, bias=True,
              activation="relu", pooling="max", head="dense", classes=3, loss="cross_entropy")  # fmt: skip


def largest_magnitude(trace, name: str) -> float:
    """What a view's colour scale must be: the largest |value| of the tensor in this iteration,
    the parameters after the update included; 1 when there is none."""
    if name == "y":
        return float(trace.spec.n_classes)
    values = [trace.grads[name] if name.startswith("d") else trace.values[name]]
    if name in trace.it.new_params:
        values.append(trace.it.new_params[name])
    finite = [np.abs(v)[~np.isnan(v)] for v in values]
    top = max((float(v.max()) for v in finite if v.size), default=0.0)
    return top if math.isfinite(top) and top > 0 else 1.0


def test_colour_scales_are_each_tensors_largest_magnitude_and_kept_across_the_update(qtbot, monkeypatch):
    window = make_window(qtbot)
    window.tensors.set_input_grad(True)
    s = window.session
    assert s.apply_spec(MIDDLE)
    s.go_to(Cursor(len(s.trace) - 3, 0))  # the update under way: old and new weights side by side
    views = {name: v for card in window.tensors.cards.values() for name, v in card.views.items()}
    assert {"I", "dI", "W", "dW", "b", "V", "dV", "c", "o", "da", "p", "s", "q", "y", "L"} <= set(views)
    first = s.trace
    for name, view in views.items():
        assert view.scale() == largest_magnitude(first, name), name
    calls = []
    original = colour_scale.magnitude
    monkeypatch.setattr(colour_scale, "magnitude", lambda v: calls.append(1) or original(v))
    s.go_to(Cursor(len(s.trace), 0))
    assert s.move("element", 1) and s.iteration == 1  # into the next iteration: its own scales
    second = s.trace
    assert calls and not np.array_equal(second.values["W"], first.values["W"])
    for name, view in views.items():
        assert view.scale() == largest_magnitude(second, name), name
    calls.clear()
    assert s.move("element", -1) and s.iteration == 0  # back across the update: kept, not recomputed
    assert s.move("element", 1) and s.iteration == 1
    assert calls == []
    assert views["W"].scale() == largest_magnitude(second, "W")


def test_a_diverged_iteration_keeps_colour_scales_without_warnings(qtbot):
    """A weight of 1e308 overflows the forward pass: o11 and L are inf, dL/do is inf, and every
    dL/dW is NaN (inf times an input of 0). The all-NaN tensor gets scale 1 (pytest turns the
    RuntimeWarning of a NaN maximum into an error), the others their finite largest magnitude."""
    window = make_window(qtbot)
    s = window.session
    assert s.edit("W", (0, 0, 0, 1), 1e308)
    s.go_to(Cursor(len(s.trace) - 1, 0))
    trace = s.trace
    assert np.isnan(trace.grads["dW"]).all() and math.isinf(trace.values["L"])
    assert window.tensors.view("dW").scale() == 1.0
    assert window.tensors.view("W").scale() == 1e308
    assert window.tensors.view("o").scale() == 1.0  # inf is no scale either
    assert tensor_panel.magnitude(np.full((2, 2), np.nan)) == 0.0
    assert tensor_panel.magnitude(np.array([np.nan, -3.0, 2.0])) == 3.0


# --- equations: never broken inside a number or symbol ------------------------------------------


def lines_of(doc):
    """(block text, [line start positions]) of every laid-out block, table cells included."""
    doc.size()  # lays the document out
    out = []
    block = doc.begin()
    while block.isValid():
        layout = block.layout()
        out.append((block.text(), [layout.lineAt(i).textStart() for i in range(layout.lineCount())]))
        block = block.next()
    return out


def right_edge(doc, block) -> float:
    layout = block.layout()
    left = doc.documentLayout().blockBoundingRect(block).x()
    return max(
        left + layout.lineAt(i).x() + layout.lineAt(i).naturalTextWidth() for i in range(layout.lineCount())
    )


def left_edge(doc, block) -> float:
    return doc.documentLayout().blockBoundingRect(block).x() + block.layout().lineAt(0).x()


def check_equation(window) -> None:
    """Lines break only at a space; the left-hand side ends before its relation sign; nothing
    reaches past the panel's right edge."""
    panel = window.equations
    doc = panel.body.doc
    width = panel.scroll.viewport().width()
    assert panel.body.width() <= width  # no sideways scrolling
    doc.setTextWidth(panel.body.width())  # as the next paint lays it out
    for text, starts in lines_of(doc):
        for start in starts[1:]:
            assert text[start - 1] == " ", f"a line of {text!r} breaks inside {text[start - 3 : start + 3]!r}"
    tables = [f for f in doc.rootFrame().childFrames() if isinstance(f, QTextTable)]
    for table in tables:
        if table.columns() == 3:  # beside the left-hand side: it must end before the relation sign
            lhs = table.cellAt(0, 0).firstCursorPosition().block()
            relation = table.cellAt(0, 1).firstCursorPosition().block()
            assert relation.text().strip() in ("=", "←")
            assert right_edge(doc, lhs) <= left_edge(doc, relation) + 0.5, lhs.text()
    assert reach(doc) <= width + 1


@pytest.mark.parametrize(
    ("lesson", "size", "projector", "zoom", "dock"),
    [
        ("stride-padding-dilation", (1024, 768), True, 3, None),  # View > Larger text three times
        ("stride-padding-dilation", (1024, 768), True, 1, "correlation"),  # a dock narrows the panel
        ("rgb", (1024, 768), True, 2, "nudge"),  # long symbols: dL/dW1,2,1,1
        ("bars-classifier", (1280, 800), False, 0, "unrolled"),
    ],
)
def test_equations_never_break_inside_a_number_or_symbol(qtbot, lesson, size, projector, zoom, dock):
    window = make_window(qtbot, lesson, size)
    window.set_projector(projector)
    if dock:
        window.show_instrument(dock)
    for _ in range(zoom):
        window.zoom(1.15)
    s = window.session
    trace = s.trace
    # every kind of step: the first few of each section, and term by term into a long sum
    starts = [sec.start for sec in trace.sections]
    for number in sorted({n for start in starts for n in (start, start + 1)} - {len(trace)}):
        s.go_to(Cursor(number + 1, 0))
        QApplication.processEvents()
        check_equation(window)
    s.go_to(Cursor(trace.section_for("dW").start, 3))
    QApplication.processEvents()
    check_equation(window)


def test_a_narrow_panel_puts_the_left_hand_side_above(qtbot):
    window = make_window(qtbot, "stride-padding-dilation", (1024, 768))
    window.set_projector(True)
    s = window.session
    s.go_to(Cursor(14, 0))
    QApplication.processEvents()
    wide = window.equations.body.text()
    assert "white-space:nowrap" in wide  # beside it, in a table's first column
    window.show_instrument("correlation")
    QApplication.processEvents()
    narrow = window.equations.body.text()
    assert narrow.startswith("<p>dL/\u2060do<sub>12</sub></p>")  # above, on its own line
    check_equation(window)
    assert window.equations.text() == "dL/do12 = 1/9·dL/dp = 1/9·(−0.666667) = −0.0740741"


# --- lesson text and the learner's own network ----------------------------------------------------


def test_the_lesson_text_says_when_the_network_or_rate_is_no_longer_the_lessons(qtbot):
    window = make_window(qtbot)
    s, panel = window.session, window.lesson_panel
    original = panel.text()
    assert "You changed" not in original and "η = 0.1" in lessons.load("worked-example").text["update"]
    assert s.apply_spec(s.spec.replace(lr=0.5))
    assert panel.text().startswith(
        "<p><i>You changed the lesson's learning rate (learning rate η 0.1 → 0.5)."
    )
    assert panel.text().endswith(original)  # the lesson's own text follows
    assert s.apply_spec(s.spec.replace(filters=2, kernel=3))
    assert (
        "the lesson's network (filters 1 → 2; filter size 2×2 → 3×3; learning rate η 0.1 → 0.5)"
        in panel.text()
    )
    s.go_to(Cursor(len(s.trace), 0))  # the update's text carries the note too
    assert "You changed" in panel.text() and "η = 0.1" in panel.text()
    s.undo_stack.undo()
    s.undo_stack.undo()
    assert s.spec == lessons.load("worked-example").spec
    assert "You changed" not in panel.text()


def test_a_lesson_from_a_file_notes_a_changed_network_too(qtbot, tmp_path):
    mine = tmp_path / "my-lesson.toml"
    shutil.copy(lessons.lesson_dir() / "max-pooling.toml", mine)
    window = make_window(qtbot)
    s, panel = window.session, window.lesson_panel
    assert window.open_path(mine)
    assert s.lesson == "my-lesson" and "You changed" not in panel.text()
    assert s.apply_spec(s.spec.replace(pooling="avg"))
    assert "(pooling max → average)" in panel.text()
    s.undo_stack.undo()
    assert "You changed" not in panel.text()
