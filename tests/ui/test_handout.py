"""File ▸ Export ▸ Handout: a PDF holding every number of the current iteration's derivation, with
the panels pictured at the end of each phase; the cursor stays where the student left it."""

from __future__ import annotations

import re

import pytest

from convstudio.engine.equations import equation
from convstudio.engine.notation import number
from convstudio.ui import export, handout
from tests.ui.windows import open_window

pypdf = pytest.importorskip("pypdf")


def pdf_text(path) -> str:  # type: ignore[no-untyped-def]
    reader = pypdf.PdfReader(str(path))
    return "".join(page.extract_text() for page in reader.pages)


def squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


def images(path) -> int:  # type: ignore[no-untyped-def]
    return sum(len(page.images) for page in pypdf.PdfReader(str(path)).pages)


def test_the_worked_examples_handout_holds_every_equation_and_number(qtbot, tmp_path):
    window = open_window(qtbot)
    window.session.move("element", 5)
    where = window.session.cursor
    path = tmp_path / "handout.pdf"
    assert export.handout(window, path)
    assert window.session.cursor == where
    text = squeezed(pdf_text(path))
    trace = window.session.trace
    assert len(trace) == 19
    for k in range(len(trace)):
        step = trace.step(k)
        assert squeezed(equation(step, trace.names, "text")) in text, k
        assert squeezed(number(step.result)) in text
    assert squeezed(number(trace.it.loss)) in text
    assert images(path) == 3  # forward, backward, update
    assert "handout.pdf" in window.statusBar().currentMessage()


def test_a_deep_networks_handout_lists_every_layer(qtbot, tmp_path):
    window = open_window(qtbot, "two-conv-layers")
    path = tmp_path / "deep.pdf"
    assert export.handout(window, path)
    text = squeezed(pdf_text(path))
    trace = window.session.trace
    for section in trace.sections:
        assert squeezed(section.title) in text
        for k in range(section.start, min(section.stop, section.start + handout.WRITTEN)):
            assert squeezed(number(trace.step(k).result)) in text


def test_a_handout_needs_a_pdf_name_and_a_folder_it_can_write(qtbot, tmp_path):
    window = open_window(qtbot)
    messages: list[str] = []
    window.show_error = messages.append  # type: ignore[method-assign]
    assert not export.handout(window, tmp_path / "handout.txt")
    assert ".pdf" in messages[-1]
    assert not export.handout(window, tmp_path / "missing" / "handout.pdf")
    assert "could not be written" in messages[-1]
    assert not (tmp_path / "missing").exists()
