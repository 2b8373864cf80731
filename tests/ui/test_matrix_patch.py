"""A step that writes one cell of a 64x64 map, or changes only a title's note, patches the kept
pixmap, and what it paints is what drawing the whole view afresh paints."""

from __future__ import annotations

import numpy as np
from PySide6.QtGui import QImage

from convstudio.ui.widgets.matrix_patch import changed_cells
from convstudio.ui.widgets.matrix_view import MatrixView


def _view(qtbot, values: np.ndarray, note: str = "") -> MatrixView:  # type: ignore[no-untyped-def]
    view = MatrixView()
    qtbot.addWidget(view)
    view.resize(300, 330)
    view.set_title("o¹", note)
    view.set_matrix(values, scale=2.0)
    view.show()  # a hidden view is sent its size again at every grab, which draws it all again
    qtbot.waitExposed(view)
    return view


def _pixels(view: MatrixView) -> np.ndarray:
    image = view.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    data = np.frombuffer(image.constBits(), dtype=np.uint8, count=image.sizeInBytes())
    return data.reshape(image.height(), image.bytesPerLine() // 4, 4)[:, : image.width(), :3].copy()


def _filled(count: int) -> np.ndarray:
    values = np.full((64, 64), np.nan)
    values.ravel()[:count] = np.linspace(-2.0, 2.0, 4096)[:count]
    return values


def test_writing_one_cell_of_a_large_map_patches_it_and_paints_as_a_fresh_view(qtbot):
    view = _view(qtbot, _filled(100), "o¹ = 1")
    view.grab()  # the kept pixmap exists
    kept = view._static
    view.set_matrix(_filled(101), scale=2.0)
    view.set_title("o¹", "o¹ = 2")
    patched = _pixels(view)
    assert view._static is kept, "the whole pixmap was drawn again"
    fresh = _pixels(_view(qtbot, _filled(101), "o¹ = 2"))
    assert patched.shape == fresh.shape
    differ = np.any(patched != fresh, axis=2)
    assert differ.mean() < 0.002, differ.sum()  # at most a pixel's edge of a square
    centre = view.cell_rect(1, 36).center()  # cell 101 of the row-major order: row 1, column 36
    y, x = int(centre.y()), int(centre.x())
    assert (patched[y, x] == fresh[y, x]).all()
    assert not (patched[y, x] == _pixels(_view(qtbot, _filled(100)))[y, x]).all()  # it did change


def test_a_new_slice_or_a_new_title_draws_the_whole_view_again(qtbot):
    view = _view(qtbot, _filled(100))
    view.grab()
    kept = view._static
    view.set_matrix(_filled(3000), scale=2.0)  # thousands of cells: not a patch
    view.grab()
    assert view._static is not kept
    kept = view._static
    view.set_title("a¹")  # another name: the title's room may change
    view.grab()
    assert view._static is not kept


def test_changed_cells_counts_nan_alike_and_gives_up_past_its_limit():
    old = np.array([[np.nan, 1.0], [2.0, np.nan]])
    new = np.array([[np.nan, 1.0], [3.0, 4.0]])
    assert changed_cells(old, new) == [(1, 0), (1, 1)]
    assert changed_cells(old, new, most=1) is None
    assert changed_cells(old, new[:1]) is None


def test_a_cell_written_among_numbers_gets_its_colour_lines_and_number_as_a_fresh_view(qtbot):
    before = np.array([[0.5, -1.25, np.nan], [np.nan, np.nan, np.nan], [np.nan, np.nan, np.nan]])
    after = before.copy()
    after[0, 2] = 1.75
    view = _view(qtbot, before, "o = 1")
    assert view.font_size_for(view._layout().cell) is not None  # numbers in the cells
    view.grab()
    kept = view._static
    view.set_matrix(after, scale=2.0)
    patched = _pixels(view)
    assert view._static is kept, "the whole pixmap was drawn again"
    fresh = _pixels(_view(qtbot, after, "o = 1"))
    differ = np.any(patched != fresh, axis=2)
    assert differ.mean() < 0.002, differ.sum()
