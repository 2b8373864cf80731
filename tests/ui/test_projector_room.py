"""Projector mode makes the matrices larger, not smaller: the tensors take a larger share of the
window's height, and leaving the mode gives the old share back."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

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
