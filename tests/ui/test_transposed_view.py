"""The transposed convolution instrument: its output is the trace's dL/dI, its stamps and tap counts
those of a naive loop, and it follows the step."""

from __future__ import annotations

import numpy as np

from convstudio.engine import lessons, transposed
from convstudio.ui.instruments.transposed.view import TransposedView
from tests.ui.windows import open_window


def _view(qtbot, lesson):
    window = open_window(qtbot, lesson=lesson, size=(1280, 800))
    view = window.show_instrument("transposed").panel
    assert isinstance(view, TransposedView)
    return window, view


def _naive(trace):
    """(dL/dI, taps) by stamping: every dL/do cell adds its value times each tap of W where it lands."""
    g = trace.geometry
    w, grad_o = trace.values["W"], trace.grads["do"]
    N, F, Ho, Wo = grad_o.shape
    out = np.zeros((N, g.C, g.H, g.W))
    taps = np.zeros((g.H, g.W), dtype=int)
    for n, f, i, j in np.ndindex(N, F, Ho, Wo):
        for m, k in np.ndindex(g.kh, g.kw):
            r, s = i * g.sh + m * g.dh - g.ph, j * g.sw + k * g.dw - g.pw
            if 0 <= r < g.H and 0 <= s < g.W:
                out[n, :, r, s] += grad_o[n, f, i, j] * w[f, :, m, k]
                if n == 0 and f == 0:
                    taps[r, s] += 1
    return out, taps


def _to(session, tensor, index):
    while session.step is None or (session.step.tensor, session.step.index) != (tensor, index):
        assert session.move("element", 1)


def test_the_output_is_the_traces_input_gradient_and_the_taps_a_checkerboard(qtbot):
    window, view = _view(qtbot, "stride-padding-dilation")
    s = window.session
    s.set_input_grad(True)
    _to(s, "do", (0, 0, 2, 1))
    naive, taps = _naive(s.trace)
    np.testing.assert_allclose(s.trace.grads["dI"], naive, atol=1e-15)
    shown = view.shown
    assert shown is not None and shown.from_trace
    np.testing.assert_allclose(view.output.values(), naive[0, 0], atol=1e-15)
    np.testing.assert_array_equal(view.grad_input.values(), s.trace.grads["dI"][0, 0])
    np.testing.assert_array_equal(view.taps.values(), taps)
    assert taps.min() == 0 and taps.max() == 4  # stride 2 over a 3-wide spread kernel
    assert "largest difference is 0." in view.summary.text() or "difference is 1e-" in view.summary.text()
    # rows: (3 − 1)·2 − 2·1 + 3 + 0 = 5, the input's 5 rows
    assert "(3 − 1)·2 − 2·1 + 3 + 0 = 5" in view.working.text()
    assert "spreads to 3×3" in view.working.text()
    # the step's dL/do cell (row 3, column 2) stamps 0.5·do and −1·do at rows 4, columns 2 and 4
    do = s.trace.grads["do"][0, 0, 2, 1]
    expected = np.zeros((5, 5))
    expected[3, 1], expected[3, 3] = 0.5 * do, -1.0 * do
    np.testing.assert_allclose(view.stamp.values(), expected, atol=1e-15)
    assert view.grad_o.highlights()[0] == [(2, 1)]


def test_without_a_dilation_the_taps_are_the_engines(qtbot):
    window, view = _view(qtbot, "worked-example")
    s = window.session
    assert s.spec.dilation == (1, 1)
    g = s.trace.geometry
    expected = transposed.tap_counts((g.Ho, g.Wo), (g.kh, g.kw), (g.sh, g.sw), (g.ph, g.pw))
    np.testing.assert_array_equal(view.taps.values(), expected)
    assert view.shown is not None and not view.shown.from_trace
    _, grad_input = _naive(s.trace)[0], view.shown.grad_input
    np.testing.assert_allclose(view.output.values(), _naive(s.trace)[0][0, 0], atol=1e-15)
    np.testing.assert_allclose(grad_input, _naive(s.trace)[0], atol=1e-15)
    assert "Show the input gradient" in view.summary.text()


def test_a_dI_step_shows_a_stamp_that_reaches_its_cell_and_picking_stops_following(qtbot):
    window, view = _view(qtbot, "stride-padding-dilation")
    s = window.session
    s.set_input_grad(True)
    _to(s, "dI", (0, 0, 3, 3))
    cell, channel, target = view.choice(view.shown)
    assert target == (3, 3) and channel == 0
    # dL/dI[3, 3] gets i·2 + m·2 − 1 = 3 from (i, m) = (1, 1) or (2, 0): the first is (1, 1)
    assert cell == (0, 0, 1, 1)
    assert view.output.highlights()[1] == [(3, 3)]
    assert sorted(view.grad_o.highlights()[2]) == [(1, 1), (1, 2), (2, 1), (2, 2)]
    assert view.stamp.values()[3, 3] != 0
    view.cell["row"].setValue(1)
    assert not view.pickers.follow.isChecked()
    s.move("element", 1)
    assert view.choice(view.shown)[0] == (0, 0, 0, 1)  # the picked cell stays
    view.pickers.follow.setChecked(True)
    assert view.choice(view.shown)[2] is not None


def test_every_lesson_shows_the_same_numbers_both_ways(qtbot):
    window, view = _view(qtbot, "worked-example")
    s = window.session
    for name in lessons.available():
        assert window.open_lesson(name), name
        for on in (False, True):
            s.set_input_grad(on)
            for _ in range(s.trace.phase_bounds("backward")[0] + 3):
                s.move("element", 1)
            assert view.shown is not None
            assert view.shown.largest_difference < 1e-12, name
            naive, taps = _naive(s.trace)
            np.testing.assert_allclose(view.shown.view.forward, naive, atol=1e-12, err_msg=name)
            np.testing.assert_array_equal(view.shown.taps, taps, err_msg=name)


def test_a_diverged_run_is_named_not_compared(qtbot):
    window, view = _view(qtbot, "worked-example")
    s = window.session
    assert s.edit("I", (0, 0, 0, 0), 1e300)  # products of 1e300 overflow to inf
    assert s.edit("W", (0, 0, 0, 0), 1e300)
    s.move("phase", 2)
    qtbot.waitUntil(lambda: "diverged" in view.summary.text())
    assert "largest difference" not in view.summary.text()


def test_the_output_size_working_names_its_axes_in_the_windows_language(qtbot, qapp):
    from convstudio.ui import language

    language.install(qapp, "de")
    try:
        window, view = _view(qtbot, "stride-padding-dilation")
        window.session.set_input_grad(True)
        _to(window.session, "do", (0, 0, 2, 1))
        working = view.working.text()
        assert "Ausgabegröße, Zeilen: (H − 1)·s" in working and "Ausgabegröße, Spalten: (H − 1)·s" in working
        assert "rows" not in working and "cols" not in working
    finally:
        language.install(qapp, "en")
