"""The loss curve follows the data it shows: range and ticks after a long run and a short one, the
first iterations' steep fall, zero losses on the log scale, and the loss as soon as it is computed."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from PySide6.QtCore import QPointF

from convstudio.engine.timeline import Losses
from convstudio.session.session import Session
from convstudio.ui.panels.loss_panel import LossPanel, log_floor, tick_spacing


def with_losses(session: Session, losses: np.ndarray) -> None:
    n = len(losses)
    session.restore(dataclasses.replace(session.state(), iteration=n, first=n, losses=Losses(losses)))


@pytest.fixture
def panel(qtbot):
    session = Session()
    panel = LossPanel(session)
    qtbot.addWidget(panel)
    panel.resize(400, 260)
    panel.show()
    qtbot.waitExposed(panel)
    return panel


def ticks(panel: LossPanel) -> int:
    """How many ticks the iteration axis draws over the range in view."""
    axis = panel.plot.getPlotItem().getAxis("bottom")
    low, high = panel.plot.getPlotItem().vb.viewRange()[0]
    return sum(len(values) for _, values in axis.tickValues(low, high, axis.width()))


def test_after_a_long_run_a_short_history_gets_its_own_range_and_a_few_ticks(panel):
    """Two million iterations, then three: the old range with ticks spaced for three iterations
    asked pyqtgraph for millions of ticks (and tens of TiB to compare them) in the next paint."""
    session = panel.session
    with_losses(session, np.linspace(1.0, 0.1, 1_999_999))
    panel.redraw()
    panel.plot.repaint()
    assert panel.plot.getPlotItem().vb.viewRange()[0][1] >= 1_999_999
    with_losses(session, np.array([0.5, 0.25, 0.125]))
    panel.redraw()
    low, high = panel.plot.getPlotItem().vb.viewRange()[0]
    assert low <= 1 and 3 <= high < 4
    assert ticks(panel) <= 10
    panel.plot.repaint()
    assert panel.plot.getPlotItem().vb.viewRange()[0][1] < 4


def test_ticks_never_outnumber_the_room_on_the_axis():
    for span in (0.001, 3, 10, 999, 123_456, 2e6, 1e300):
        major, minor = tick_spacing(span, 300.0, 40.0)
        assert major >= 1 and span / major <= 300.0 / 60.0 + 1
        assert minor <= major and span / minor <= 5 * (300.0 / 60.0 + 1)


def test_the_linear_scale_starts_at_zero_and_shows_every_loss_in_plain_numbers(panel):
    losses = np.array([0.140625, 0.0037133789, 9.80564e-05] + [1e-12] * 97)
    with_losses(panel.session, losses)
    panel.redraw()
    panel.plot.repaint()
    low, high = panel.plot.getPlotItem().vb.viewRange()[1]
    assert low <= 0 < 0.140625 <= high < 0.16 and low > -0.01  # a loss is never negative
    axis = panel.plot.getPlotItem().getAxis("left")
    assert axis.labelString().count("x0.001") == 0 and axis.autoSIPrefixScale == 1.0
    assert panel.curve.curve.opts["antialias"]  # aliased wide lines break the first fall into dashes


def test_zero_losses_stand_on_a_floor_on_the_log_scale_and_a_note_says_so(panel, recwarn):
    losses = np.array([0.14, 3.7e-3, 1e-5, 1.2e-32, 0.0, 0.0])
    with_losses(panel.session, losses)
    panel.log.setChecked(True)
    panel.redraw()
    panel.plot.repaint()
    x, y = panel.curve.getData()
    assert len(x) == 6 and np.isfinite(y).all() and y.min() == pytest.approx(-33)
    marker = panel.marker.getData()
    assert marker[0].tolist() == [6] and np.isfinite(marker[1]).all()
    assert panel.floor_note.isVisible() and "1e-33" in panel.floor_note.text()
    low, high = panel.plot.getPlotItem().vb.viewRange()[1]
    assert low <= -33 and high >= np.log10(0.14)
    assert not [w for w in recwarn if "All-NaN" in str(w.message)]
    panel.log.setChecked(False)
    assert not panel.floor_note.isVisible()


def test_the_log_floor_is_a_decade_below_the_smallest_positive_loss():
    assert log_floor(np.array([0.5, 0.01])) is None
    assert log_floor(np.array([0.5, 2.5e-7, 0.0])) == pytest.approx(1e-8)
    assert log_floor(np.array([0.0])) == pytest.approx(1e-3)


def test_the_loss_appears_when_the_forward_pass_computes_it(panel):
    session = panel.session
    panel.redraw()
    assert panel.empty.isVisible() and len(panel.data()[1]) == 0
    loss_step = session.trace.find("L", ())
    while session.cursor.done <= loss_step:
        session.move("element", +1)
    panel.redraw()
    assert panel.data()[1].tolist() == [session.trace.it.loss]
    assert not panel.empty.isVisible() and panel.marker.getData()[0].tolist() == [1]
    session.move("element", -1)  # back before the loss step: not computed yet
    panel.redraw()
    assert len(panel.data()[1]) == 0


def test_no_empty_hover_box_hides_the_first_iterations(panel):
    """The hover label's filled box sat at (0, 0) even when empty, over the first steep fall."""
    with_losses(panel.session, np.array([0.14, 3.7e-3, 1e-4] + [1e-12] * 97))
    panel.redraw()
    assert not panel.hover_label.isVisible()
    view = panel.plot.getPlotItem().vb
    panel._mouse_moved(view.mapViewToScene(QPointF(2, 0.05)))
    assert panel.hover_label.isVisible() and "iteration 2" in panel.hover_label.toPlainText()
    panel._mouse_moved(QPointF(-50, -50))
    assert not panel.hover_label.isVisible()


def test_training_long_then_reinitialising_and_stepping_repaints_a_short_curve(qtbot):
    """The crash sequence of ordinary use, shortened: train, re-initialise, two iterations, grab."""
    from tests.ui.windows import open_window

    window = open_window(qtbot)
    s = window.session
    with qtbot.waitSignal(s.training_finished, timeout=60000):
        s.train(5000)
    loss = window.loss_panel
    qtbot.waitUntil(lambda: loss._drawn[0] is not None and loss._drawn[0][0] == 5000)
    window.grab()
    assert loss.plot.getPlotItem().vb.viewRange()[0][1] >= 5000
    assert s.reinitialise(s.seed + 1)
    for _ in range(2):
        assert s.move("iteration", +1)
    qtbot.waitUntil(lambda: loss._drawn[0] is not None and loss._drawn[0][0] == 2)
    low, high = loss.plot.getPlotItem().vb.viewRange()[0]
    assert low <= 1 and 2 <= high < 3 and ticks(loss) <= 10
    assert not window.grab().isNull()


def test_a_diverged_loss_gets_no_marker_at_infinity(panel):
    with_losses(panel.session, np.array([0.5, np.inf]))
    panel.redraw()
    assert panel.marker.getData()[0] is None or len(panel.marker.getData()[0]) == 0
    assert np.isfinite(panel.curve.getData()[1]).all()
    panel.plot.repaint()
