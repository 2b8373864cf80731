"""The loss landscape opened from the Instruments menu: the map through the current weights, the
path SGD took (checked against the engine run by hand), divergence, odd picks and odd networks."""

from __future__ import annotations

import math
import time

import numpy as np
import pytest

from convstudio.engine import landscape_map, lessons
from convstudio.engine import timeline as session_module
from convstudio.engine.landscape import Plane, cells
from convstudio.engine.landscape_map import fit_range
from convstudio.engine.model import Model
from convstudio.ui.instruments.landscape import view as landscape_panel
from convstudio.ui.instruments.landscape.view import LandscapePanel
from tests.ui.windows import open_window

W11, W12 = ("W", (0, 0, 0, 0)), ("W", (0, 0, 0, 1))


@pytest.fixture
def window(qtbot):
    return open_window(qtbot)


def open_panel(qtbot, window) -> LandscapePanel:
    panel = window.show_instrument("landscape").panel
    assert isinstance(panel, LandscapePanel)
    settle(qtbot, panel)
    return panel


def settle(qtbot, panel):
    """Let coalesced redraws and slices of the map run, then draw what the session holds now."""
    qtbot.wait(panel_wait_ms())
    qtbot.waitUntil(lambda: not panel.busy, timeout=10000)
    panel.redraw()
    qtbot.waitUntil(lambda: not panel.busy, timeout=10000)


def panel_wait_ms() -> int:
    return 2 * landscape_panel.REDRAW_MS


def train(qtbot, session, iterations):
    with qtbot.waitSignal(session.training_finished, timeout=30000) as finished:
        session.train(iterations)
    return finished.args[0]


def value_at_current_point(panel) -> float:
    """The map's cell at the current point (the grid passes through it exactly)."""
    a0, b0 = panel.path[-1]
    (j,) = np.flatnonzero(panel.a_values == a0)
    (i,) = np.flatnonzero(panel.b_values == b0)
    return float(panel.loss_grid[i, j])


def test_the_map_passes_through_the_current_weights_and_the_path_follows_training(qtbot, window):
    s = window.session
    panel = open_panel(qtbot, window)
    assert panel.picks == (W11, W12)
    assert panel.loss_grid.shape == (landscape_map.GRID, landscape_map.GRID)
    assert value_at_current_point(panel) == pytest.approx(s.trace.it.loss, rel=1e-14)
    assert s.trace.it.loss == 0.140625  # the worked example's first loss, as the lesson says
    assert len(panel.path) == 1 and "iteration 1" in panel.caption.text()

    assert train(qtbot, s, 30) == "done"
    settle(qtbot, panel)
    # the engine run by hand from the lesson's start: W11 and W12 at the start of every iteration
    lesson = lessons.load("worked-example")
    model = Model(lesson.spec, lesson.x, lesson.target, params=lesson.params)
    expected = [model.params["W"][0, 0, 0, :2].copy()]
    for _ in range(30):
        model.step()
        expected.append(model.params["W"][0, 0, 0, :2].copy())
    assert panel.path.shape == (31, 2)
    np.testing.assert_array_equal(panel.path, np.array(expected))
    np.testing.assert_array_equal(panel.path, s.path((W11, W12)))
    assert value_at_current_point(panel) == pytest.approx(s.trace.it.loss, rel=1e-12, abs=1e-300)
    assert "iteration 31" in panel.caption.text()
    # the view followed the path: every point of a converging run is on the map
    assert panel.off_map == 0 and not panel.message.isVisible()
    x0, x1, y0, y1 = panel._view_rect()
    assert (panel.path[:, 0] >= x0).all() and (panel.path[:, 0] <= x1).all()
    assert (panel.path[:, 1] >= y0).all() and (panel.path[:, 1] <= y1).all()


def test_redraws_are_coalesced_while_training(qtbot, window):
    s = window.session
    panel = open_panel(qtbot, window)
    before, live = panel.redraws, []  # the reports that came while training ran, and when
    s.loss_recorded.connect(lambda: live.append(time.perf_counter()) if s.training else None)
    started = time.perf_counter()
    with qtbot.waitSignal(s.training_finished, timeout=30000):
        s.train(3000)
    elapsed = time.perf_counter() - started
    during = panel.redraws - before
    # the map followed training live, but at most ~30 times a second however often it reported
    # (on a busy machine every iteration can arrive in one report, with nothing to follow live)
    assert live, "training reported no iteration while it ran"
    if live[-1] - live[0] > 3 * landscape_panel.REDRAW_MS / 1000:
        assert during >= 1
    assert during <= len(live) and (during < len(live) or len(live) <= 2)
    assert during <= elapsed * 1000 / landscape_panel.REDRAW_MS + 3
    settle(qtbot, panel)
    assert len(panel.path) == 3001


def test_a_diverging_learning_rate_shows_its_message_and_the_path_leaving_the_map(qtbot, window):
    s = window.session
    panel = open_panel(qtbot, window)
    assert s.apply_spec(s.spec.replace(lr=0.5))
    assert train(qtbot, s, 20) == "done"  # growing, not yet overflowing
    settle(qtbot, panel)
    assert panel.off_map > 0
    assert any(arrow.isVisible() for arrow in panel.arrows)
    assert "off the map" in panel.message.text()
    assert s.apply_spec(s.spec.replace(lr=1e6))  # far too large: NaN within a few iterations
    assert train(qtbot, s, 200) == "diverged"
    settle(qtbot, panel)
    assert panel.message.isVisible()
    assert "diverged" in panel.message.text() and "learning rate" in panel.message.text()
    # the weights are huge: the map may overflow, but its colours and contours stay finite
    low, high = panel.colour_bar.levels()
    assert math.isfinite(low) and math.isfinite(high) and low < high
    assert np.isfinite(panel.path[-1]).all()
    # a new network clears the message
    assert s.apply_spec(s.spec.replace(lr=0.1))
    settle(qtbot, panel)
    assert "diverged" not in panel.message.text()


def test_huge_weights_overflow_part_of_the_map_without_breaking_it(qtbot, window):
    s = window.session
    panel = open_panel(qtbot, window)
    assert s.edit("W", (0, 0, 1, 1), 1e150)
    settle(qtbot, panel)
    assert panel.flat and "the same everywhere" in panel.message.text()  # 1e150 drowns W11 and W12
    panel.following = False
    panel._set_view((-1e155, 1e155, -1e155, 1e155))  # zoomed far out: the corners overflow
    settle(qtbot, panel)
    grid = panel.loss_grid
    assert np.isinf(grid).any() and np.isfinite(grid).any()
    low, high = panel.colour_bar.levels()
    assert math.isfinite(low) and math.isfinite(high) and low < high
    assert "overflows on" in panel.message.text()
    assert any(contour.isVisible() for contour in panel.contours)


def test_picking_weights_by_name_and_refusing_bad_ones(qtbot, window):
    s = window.session
    panel = open_panel(qtbot, window)
    panel.pick_b.setEditText("W22")
    panel.pick_b.lineEdit().editingFinished.emit()
    settle(qtbot, panel)
    assert panel.picks == (W11, ("W", (0, 0, 1, 1)))
    assert panel.plot.getPlotItem().getAxis("left").labelText == "W<sub>22</sub>"
    plane = Plane(s.spec, s.params, s.x, s.target, panel.picks)
    np.testing.assert_allclose(panel.loss_grid, plane.grid(panel.a_values, panel.b_values), rtol=1e-15)
    for text, reason in (
        ("Z9", "not a weight"),
        ("W31", "outside W"),
        ("W11", "two different"),
        ("W1", "2 index"),
    ):
        panel.pick_b.setEditText(text)
        panel.pick_b.lineEdit().editingFinished.emit()
        assert panel.picks == (W11, ("W", (0, 0, 1, 1))), text
        assert reason in panel.message.text(), text
        assert panel.pick_b.currentText() == "W22"  # the picker shows the weight still in use
    panel.pick_a.setCurrentIndex(1)
    panel.pick_a.activated.emit(1)
    assert panel.picks == (W12, ("W", (0, 0, 1, 1)))


def test_every_lesson_opens_with_two_weights_and_its_loss_under_the_marker(qtbot, window):
    panel = open_panel(qtbot, window)
    for name in lessons.available():
        assert window.open_lesson(name)
        settle(qtbot, panel)
        s = window.session
        assert panel.picks == tuple(cell for _, cell in cells(s.spec, 2)), name
        assert value_at_current_point(panel) == pytest.approx(s.trace.it.loss, rel=1e-12), name
        assert np.isfinite(panel.loss_grid).all(), name


def test_a_network_with_one_weight_says_so_and_recovers(qtbot, window):
    s = window.session
    panel = open_panel(qtbot, window)
    assert s.apply_spec(s.spec.replace(kernel=1))
    settle(qtbot, panel)
    assert panel.picks is None
    assert "single parameter" in panel.message.text()
    assert not panel.pick_a.isEnabled()
    assert s.apply_spec(s.spec.replace(kernel=1, bias=True))  # W11 and b
    settle(qtbot, panel)
    assert panel.picks == (W11, ("b", (0,)))
    assert value_at_current_point(panel) == pytest.approx(s.trace.it.loss, rel=1e-12)


def test_panning_stops_following_and_fit_to_path_follows_again(qtbot, window):
    s = window.session
    panel = open_panel(qtbot, window)
    panel.view.translateBy(x=5.0, y=5.0)  # as a drag does
    panel.view.sigRangeChangedManually.emit([True, True])
    settle(qtbot, panel)
    assert not panel.following
    assert "View fixed" in panel.caption.text()
    a_before = panel.a_values.copy()
    assert train(qtbot, s, 5) == "done"
    settle(qtbot, panel)
    assert panel.a_values[0] == pytest.approx(a_before[0], abs=0.1)  # the view stayed where it was put
    assert panel.off_map == 6 and "off the map" in panel.message.text()
    panel.fit.click()
    settle(qtbot, panel)
    assert panel.following and panel.off_map == 0


def test_the_map_is_computed_in_slices_when_it_is_slow(qtbot, window, monkeypatch):
    s = window.session
    panel = open_panel(qtbot, window)
    monkeypatch.setattr(landscape_panel, "SLICE_FLOATS", 1)  # one row a slice
    monkeypatch.setattr(landscape_panel, "SLICE_SECONDS", 0.0)
    panel.redraw()
    assert panel.busy
    assert np.isnan(panel.loss_grid[-1]).all() and np.isfinite(panel.loss_grid[0]).all()
    qtbot.waitUntil(lambda: not panel.busy, timeout=10000)
    plane = Plane(s.spec, s.params, s.x, s.target, panel.picks)
    np.testing.assert_allclose(panel.loss_grid, plane.grid(panel.a_values, panel.b_values), rtol=1e-15)


def test_the_update_phase_moves_a_marker_one_weight_at_a_time(qtbot, window):
    s = window.session
    panel = open_panel(qtbot, window)
    seen = []
    while s.iteration == 0 and s.move("element", +1):
        if panel.step_marker.data.size:
            seen.append(tuple(panel.step_marker.getData()[i][0] for i in range(2)))
        if s.iteration == 0 and s.cursor.done == len(s.trace):
            break
    # W11 moved first (0.5 -> 0.575), then W12 (-1 -> -0.8875): an L-shaped step
    assert seen[0] == (0.575, -1.0)
    assert seen[-1] == (0.575, -0.8875)


def test_hover_reads_the_loss_at_the_nearest_grid_point(qtbot, window):
    panel = open_panel(qtbot, window)
    a0, b0 = panel.path[-1]
    assert panel.hover_text(a0 + 1e-6, b0 - 1e-6) == "W11 = 0.5, W12 = -1: L = 0.140625"
    assert panel.hover_text(1e6, 0.0) is None


def test_the_session_path_has_nan_where_the_timeline_dropped_weights(qtbot, window, monkeypatch):
    s = window.session
    monkeypatch.setattr(session_module, "TIMELINE_BUDGET", 10 * 8 * 4)  # about ten iterations
    panel = open_panel(qtbot, window)
    assert train(qtbot, s, 40) == "done"
    path = s.path((W11, W12))
    assert path.shape == (41, 2)
    dropped = np.isnan(path).all(axis=1)
    assert dropped[0] and not dropped[-1] and not np.isnan(path[~dropped]).any()
    np.testing.assert_array_equal(path[-1], s.params["W"][0, 0, 0, :2])
    np.testing.assert_array_equal(s.path((W11, W12), start=39), path[39:])
    settle(qtbot, panel)
    assert len(panel.path) == 41  # the panel draws what is left


def test_log_colour_shows_log_loss_and_keeps_zero_on_the_scale(qtbot, window):
    s = window.session
    panel = open_panel(qtbot, window)
    # W = [[1, 0], [0, 0]] copies the image, whose mean is the target 1: L = 0 exactly, whatever
    # order a BLAS sums in (training gets there too, but only to the last bit on some processors)
    for index, value in (((0, 0, 0, 0), 1.0), ((0, 0, 0, 1), 0.0), ((0, 0, 1, 0), 0.0), ((0, 0, 1, 1), 0.0)):
        assert s.edit("W", index, value)
    panel.log.setChecked(True)
    settle(qtbot, panel)
    grid, shown = panel.loss_grid, panel.shown_values()
    assert value_at_current_point(panel) == 0.0 == s.trace.it.loss
    positive = grid > 0
    np.testing.assert_array_equal(shown[positive], np.log10(grid[positive]))
    assert np.isfinite(shown).all()  # zero is drawn as the smallest loss on the map, not -inf
    low, high = panel.colour_bar.levels()
    assert low == pytest.approx(np.log10(grid[positive].min())) and high == pytest.approx(
        np.log10(grid.max())
    )


def test_each_cell_is_painted_where_its_weights_are(qtbot, window):
    """The colour on screen at (a, b) is the colour of L(a, b): the map is neither transposed nor
    flipped, whatever pyqtgraph's global image axis order."""
    from PySide6.QtCore import QPointF

    panel = open_panel(qtbot, window)
    shown = panel.shown_values()
    low, high = panel.colour_bar.levels()
    picture = panel.plot.grab().toImage()
    corners = [(0, 0), (0, -1), (-1, 0), (-1, -1)]  # the map's values differ at its four corners
    for i, j in corners:
        i, j = i % len(panel.b_values), j % len(panel.a_values)
        scene = panel.view.mapViewToScene(QPointF(panel.a_values[j], panel.b_values[i]))
        # a point a quarter of a cell inward, so the pixel is inside the cell
        inward = QPointF(-3 if j else 3, 3 if i else -3)
        at = panel.plot.mapFromScene(scene + inward)
        ratio = picture.devicePixelRatio()
        colour = picture.pixelColor(round(at.x() * ratio), round(at.y() * ratio))
        expected = panel._lut[round((shown[i, j] - low) / (high - low) * 255)]
        assert abs(colour.red() - int(expected[0])) <= 12, (i, j)
        assert abs(colour.green() - int(expected[1])) <= 12, (i, j)
        assert abs(colour.blue() - int(expected[2])) <= 12, (i, j)
    # the dashed contour at the current loss passes through the current point
    contour = panel.contour_here
    assert contour.isVisible()
    contour.boundingRect()  # builds its path
    elements = map(contour.path.elementAt, range(contour.path.elementCount()))
    points = np.array([(p.x(), p.y()) for p in (contour.mapToView(QPointF(e.x, e.y)) for e in elements)])
    here = panel.path[-1]
    start, step = points[:-1], points[1:] - points[:-1]
    t = np.clip(((here - start) * step).sum(axis=1) / np.maximum((step * step).sum(axis=1), 1e-300), 0, 1)
    nearest = np.hypot(*(start + t[:, None] * step - here).T).min()
    assert nearest < 0.05 * (panel.a_values[1] - panel.a_values[0])
    # every corner of every contour lies on a cell edge where the map, read linearly, has its level
    a, b = panel.a_values, panel.b_values
    for contour in panel.contours:
        if not contour.isVisible():
            continue
        contour.boundingRect()
        elements = map(contour.path.elementAt, range(contour.path.elementCount()))
        for e in elements:
            p = contour.mapToView(QPointF(e.x, e.y))
            jf, i_f = (p.x() - a[0]) / (a[1] - a[0]), (p.y() - b[0]) / (b[1] - b[0])
            if not (0 <= jf <= len(a) - 1 and 0 <= i_f <= len(b) - 1):
                continue  # drawn out to the map's edge
            i, j = min(int(i_f), len(b) - 2), min(int(jf), len(a) - 2)
            u, v = jf - j, i_f - i
            value = (
                shown[i, j] * (1 - u) * (1 - v)
                + shown[i, j + 1] * u * (1 - v)
                + shown[i + 1, j] * (1 - u) * v
                + shown[i + 1, j + 1] * u * v
            )
            assert value == pytest.approx(contour.level, abs=1e-6 * (high - low))


def test_weights_at_the_float_limit_are_off_a_map_that_stays_finite(qtbot, window):
    s = window.session
    panel = open_panel(qtbot, window)
    assert s.edit("W", (0, 0, 0, 0), 1.7e308)
    settle(qtbot, panel)
    x0, x1, y0, y1 = panel._view_rect()
    limit = landscape_map.VIEW_LIMIT
    assert -limit <= x0 < x1 <= limit and -limit <= y0 < y1 <= limit
    assert "The current point, W11 = 1.7e+308, W12 = -1, is off the map." in panel.message.text()
    assert panel.hover_text((x0 + x1) / 2, (y0 + y1) / 2) is not None
    assert s.edit("W", (0, 0, 0, 0), -1.7e308)
    settle(qtbot, panel)
    assert "W11 = -1.7e+308" in panel.message.text()
    # and a path near the limit fits a view without overflowing its centre or its width
    path = np.array([[-1.7e308, 1.7e308], [1.7e308, -1.7e308]])
    x0, x1, y0, y1 = fit_range(path, np.array([1.0, 2.0]), (1.7e308, -1.7e308))
    assert (x0, x1, y0, y1) == (-limit / 2, limit / 2, -limit / 2, limit / 2)


def test_a_slow_map_is_finished_by_a_session_job_not_on_the_event_loop(qtbot, window, monkeypatch):
    import threading

    threads: list[str] = []
    real = Plane.grid

    def spy(self, a_values, b_values):
        threads.append(threading.current_thread().name)
        return real(self, a_values, b_values)

    panel = open_panel(qtbot, window)
    monkeypatch.setattr(Plane, "grid", spy)
    monkeypatch.setattr(landscape_panel, "SLICE_FLOATS", 1)  # one row a chunk
    monkeypatch.setattr(landscape_panel, "SLICE_SECONDS", 0.0)
    panel.redraw()
    qtbot.waitUntil(lambda: not panel.busy, timeout=10000)
    assert threads[0] == "MainThread"  # the first slice, at once
    assert len(threads) == len(panel.b_values) and set(threads[1:]) == {"ConvStudio landscape"}
    assert np.isfinite(panel.loss_grid).all()
