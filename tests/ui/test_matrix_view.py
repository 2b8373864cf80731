"""The matrix view draws as vectors and text into an export, and an empty tensor keeps its range."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import numpy as np
from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QPainter
from PySide6.QtSvg import QSvgGenerator

from convstudio.ui.widgets.matrix_view import MatrixView

SVG = "{http://www.w3.org/2000/svg}"


def drawn_text(view: MatrixView, path) -> list[str]:
    """What ``view`` writes as text when it is rendered into an SVG file."""
    generator = QSvgGenerator()
    generator.setFileName(str(path))
    generator.setSize(view.size())
    generator.setViewBox(QRect(0, 0, view.width(), view.height()))
    painter = QPainter(generator)
    view.render(painter, QPoint(0, 0))
    painter.end()
    return [" ".join("".join(t.itertext()).split()) for t in ET.parse(path).getroot().iter(f"{SVG}text")]


def test_an_export_gets_the_numbers_as_text(qtbot, tmp_path):
    view = MatrixView()
    qtbot.addWidget(view)
    view.resize(220, 220)
    view.set_title("Output o")
    view.set_matrix(np.array([[-1.0, 3.5], [1.5, -1.5]]), scale=3.5)
    view.grab()  # the screen's cached layer exists; the export must not reuse its pixels
    text = drawn_text(view, tmp_path / "o.svg")
    assert text[0] == "Output o"
    for number in ("−1", "3.5", "1.5", "−1.5", "−3.5", "0"):
        assert number in text, number


def test_a_tensor_not_yet_computed_shows_no_range(qtbot, tmp_path):
    """A one-cell tensor's colour bar spans plus and minus its own value: before the value is
    computed (a student may be predicting it) the bar has no numbers."""
    view = MatrixView()
    qtbot.addWidget(view)
    view.resize(160, 160)
    view.set_title("Pooled p")
    view.set_matrix(np.full((1, 1), np.nan), scale=0.625)
    assert not any("0.625" in t or "0.62" in t for t in drawn_text(view, tmp_path / "empty.svg"))
    view.set_matrix(np.array([[0.625]]), scale=0.625)
    assert "0.625" in drawn_text(view, tmp_path / "known.svg")


def test_a_diverging_run_colours_without_overflow():
    """Values near the float limit over a small scale clip to the ends of the map (warnings are
    errors in the tests, so an overflow in the division fails here)."""
    from convstudio.ui.look import colors

    index = colors.lut_index(np.array([1e308, -1e308, np.inf, -np.inf, np.nan, 0.0]), 1e-10)
    end = colors.LUT_SIZE - 1
    assert index.tolist() == [end, 0, end, 0, end // 2, end // 2]
