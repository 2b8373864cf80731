"""File > Export: the current iteration's derivation and script, the panels and the loss curve as PNG
and SVG; each file checked for what it must hold, and a path that cannot be written explained."""

from __future__ import annotations

import re
import subprocess
import sys
import xml.etree.ElementTree as ET

import numpy as np
import pytest
from PySide6.QtCore import QByteArray
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QFileDialog

from convstudio.engine.cursor import Cursor
from convstudio.ui import export
from tests.ui.windows import open_window

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def window(qtbot):
    return open_window(qtbot)


def texts(svg: ET.Element) -> str:
    return " ".join("".join(t.itertext()) for t in svg.iter(f"{SVG}text"))


def test_the_derivation_of_the_current_iteration_and_its_script(window, tmp_path):
    s = window.session
    s.move("iteration", +1)
    s.move("element", +1)  # into iteration 2, whose weights are the first update's
    assert s.iteration == 1
    assert s.edit("I", (0, 0, 2, 2), 4.0)  # and an edit of the input: the export shows it too
    assert export.derivation(window, tmp_path / "now.md")
    text = (tmp_path / "now.md").read_text(encoding="utf-8")
    assert text.startswith("# The worked example: training iteration 2, element by element")
    # by hand: W after one step is [[0.575, -0.8875], [1.075, 0.59375]], I33 is now 4
    w1 = np.array([[0.575, -0.8875], [1.075, 0.59375]])
    image = np.array([[1.0, 2, 0], [0, 1, 3], [2, 1, 4]])
    o22 = (image[1:, 1:] * w1).sum()
    assert o22 == pytest.approx(s.trace.values["o"][0, 0, 1, 1], abs=1e-15)
    assert re.search(r"o_\{22\} = .* = " + re.escape(f"{o22:.6g}") + "\n", text)
    assert r"I = \begin{pmatrix} 1 & 2 & 0 \\ 0 & 1 & 3 \\ 2 & 1 & 4 \end{pmatrix}" in text  # as edited
    assert "Exported now.md and now_check.py" in window.statusBar().currentMessage()
    run = subprocess.run([sys.executable, str(tmp_path / "now_check.py")], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert "every number of the derivation checks out" in run.stdout


def test_the_panels_as_png_and_svg(window, tmp_path):
    s = window.session
    for _ in range(3):
        s.move("element", +1)
    central = window.centralWidget()
    assert export.panels(window, tmp_path / "panels.png")
    image = QImage(str(tmp_path / "panels.png"))
    assert not image.isNull()
    assert (image.width(), image.height()) == (2 * central.width(), 2 * central.height())
    assert (
        len({image.pixel(x, y) for x in range(0, image.width(), 9) for y in range(0, image.height(), 9)}) > 50
    )
    assert export.panels(window, tmp_path / "panels.svg")
    root = ET.parse(tmp_path / "panels.svg").getroot()
    assert root.tag == f"{SVG}svg"
    assert root.get("viewBox") == f"0 0 {central.width()} {central.height()}"
    words = " ".join(texts(root).split())  # one space between words (no-break spaces too)
    # the panels' titles and the current step, o21 = I21·W11 + ... = 0·0.5 + 1·(−1) + 2·1 + 1·0.5 = 1.5,
    # as text
    for shown in ("Input", "Parameters", "Outputs", "0·0.5", "1·(−1)", "= 1.5", "Forward pass"):
        assert shown in words, shown
    tokens = [" ".join("".join(t.itertext()).split()) for t in root.iter(f"{SVG}text")]
    at = tokens.index("Filter W")  # the matrices are text too, cell by cell: W row by row
    assert tokens[at : at + 9] == ["Filter W", "1", "2", "1", "2", "0.5", "−1", "1", "0.5"]
    shapes = [e for e in root.iter() if e.tag in (f"{SVG}path", f"{SVG}rect", f"{SVG}polyline")]
    assert len(shapes) > 20  # frames, highlights, the loss panel's axes: vectors
    for tag in root.iter(f"{SVG}image"):  # the cells are enlarged pixel by pixel, never blurred
        href = tag.get("{http://www.w3.org/1999/xlink}href")
        cells = QImage.fromData(QByteArray.fromBase64(href.split(",", 1)[1].encode()), "PNG")
        assert cells.width() >= float(tag.get("width")) and cells.height() >= float(tag.get("height"))
    assert s.cursor == Cursor(3, 0)


def test_the_loss_curve_as_png_and_svg(window, tmp_path, qtbot):
    s = window.session
    assert not export.loss_curve(window, tmp_path / "early.png")  # no iteration finished yet
    assert "finish one iteration first" in window.statusBar().currentMessage()
    assert not (tmp_path / "early.png").exists()
    with qtbot.waitSignal(s.training_finished, timeout=20000):
        s.train(5)
    item = window.loss_panel.plot.getPlotItem()
    assert export.loss_curve(window, tmp_path / "loss.png")
    image = QImage(str(tmp_path / "loss.png"))
    assert image.width() == 2 * int(item.sceneBoundingRect().width())
    ratio = item.sceneBoundingRect().height() / item.sceneBoundingRect().width()
    assert image.height() == pytest.approx(image.width() * ratio, abs=1)
    assert export.loss_curve(window, tmp_path / "loss.svg")
    root = ET.parse(tmp_path / "loss.svg").getroot()
    words = texts(root)
    assert "iteration" in words and "loss L" in words
    for tick in ("1", "2", "5"):
        assert re.search(rf"(^| ){tick}( |$)", words), tick
    assert any(e.tag in (f"{SVG}path", f"{SVG}polyline") for e in root.iter())


def test_a_path_that_cannot_be_written_is_explained_and_nothing_changes(window, tmp_path):
    s = window.session
    s.move("element", +1)
    blocker = tmp_path / "blocker"
    blocker.write_text("a file where a folder should be")
    for run, name in (
        (export.panels, "p.png"),
        (export.panels, "p.svg"),
        (export.derivation, "d.md"),
    ):
        assert not run(window, blocker / name)
        message = window.statusBar().currentMessage()
        assert "could not be" in message and "blocker" in message, message
    assert not export.panels(window, tmp_path / "panels.jpg")
    assert "can be saved as .png or .svg, not .jpg" in window.statusBar().currentMessage()
    assert s.cursor == Cursor(1, 0) and s.iteration == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["blocker"]


def test_the_file_menu_has_every_export(window, tmp_path, monkeypatch):
    file_menu = next(a.menu() for a in window.menuBar().actions() if a.text() == "&File")
    sub = next(a.menu() for a in file_menu.actions() if a.menu() is not None and "Export" in a.text())
    titles = [a.text().replace("&", "") for a in sub.actions()]
    assert titles == [
        "Derivation (Markdown + script)…",
        "PyTorch script…",
        "Panels as PNG…",
        "Panels as SVG…",
        "Handout (PDF)…",
        "Loss curve as PNG…",
        "Loss curve as SVG…",
    ]
    # the dialog answers with a name without a suffix: the entry's own suffix is added
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(tmp_path / "fig"), ""))
    sub.actions()[3].trigger()
    assert ET.parse(tmp_path / "fig.svg").getroot().tag == f"{SVG}svg"
    sub.actions()[0].trigger()
    assert (tmp_path / "fig.md").exists() and (tmp_path / "fig_check.py").exists()
    sub.actions()[1].trigger()
    compile((tmp_path / "fig.py").read_text(encoding="utf-8"), "fig.py", "exec")
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: ("", ""))  # cancelled
    sub.actions()[2].trigger()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fig.md", "fig.py", "fig.svg", "fig_check.py"]


def test_a_diverged_iteration_is_not_derived(window, tmp_path):
    s = window.session
    assert s.edit("W", (0, 0, 0, 0), 1e200)  # o11 = 1e200, so L = (p - 1)^2 overflows
    assert s.trace.it.loss == float("inf")
    assert not export.derivation(window, tmp_path / "d.md")
    assert "diverged" in window.statusBar().currentMessage()
    assert not any(tmp_path.iterdir())
