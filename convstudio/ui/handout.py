"""File ▸ Export ▸ Handout: the current iteration's derivation as a PDF ready to print, with a
picture of the panels at the end of each phase (forward, backward, update)."""

from __future__ import annotations

import html
import math
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QMarginsF, QUrl
from PySide6.QtGui import QImage, QPageLayout, QPageSize, QPdfWriter, QTextDocument
from PySide6.QtWidgets import QApplication

from convstudio.engine.cursor import Cursor
from convstudio.engine.equations import equation
from convstudio.engine.notation import number
from convstudio.engine.steps import Section
from convstudio.session.runs import AnyTrace
from convstudio.ui.export import PNG_SCALE, Window, _reason, _title, widget_png

#: Steps of a section written out as equations; the rest are listed by value, up to LISTED.
WRITTEN = 24
LISTED = 400
PHASES = ("forward", "backward", "update")


def _tr(text: str) -> str:
    return QCoreApplication.translate("", text)


def phase_ends(trace: AnyTrace) -> dict[str, int]:
    """For each phase the trace has, how many steps are done at its end."""
    ends: dict[str, int] = {}
    for section in trace.sections:
        ends[section.phase] = max(ends.get(section.phase, 0), section.stop)
    return ends


def section_html(trace: AnyTrace, section: Section) -> list[str]:
    """A section's steps: the first WRITTEN as equations with their numbers, then the values of the
    rest (up to LISTED), then the sums of any beyond."""
    out = [f"<h3>{html.escape(section.title)}</h3>"]
    written = min(section.size, WRITTEN)
    for k in range(section.start, section.start + written):
        out.append(f"<p class='eq'>{html.escape(equation(trace.step(k), trace.names, 'text'))}</p>")
    listed = min(section.size, LISTED)
    if listed > written:
        out.append("<p>" + html.escape(_tr("The other elements of this section:")) + "</p>")
        pairs = []
        for k in range(section.start + written, section.start + listed):
            step = trace.step(k)
            pairs.append(f"{trace.names.symbol(step.tensor, step.index, 'text')} = {number(step.result)}")
        out.append("<p class='values'>" + html.escape(";  ".join(pairs)) + "</p>")
    if section.size > listed:
        rest = [trace.step(k).result for k in range(section.start + listed, section.stop)]
        out.append(
            "<p>"
            + html.escape(
                _tr("… and {0} more elements, which add up to {1}.").format(
                    section.size - listed, number(float(math.fsum(rest)))
                )
            )
            + "</p>"
        )
    return out


def document(window: Window) -> QTextDocument:
    """The handout of the window's current iteration; the cursor is back where it was after."""
    session = window.session
    trace = session.trace
    doc = QTextDocument()
    doc.setDefaultStyleSheet(
        "h1 { font-size: 16pt; } h2 { font-size: 13pt; margin-top: 12px; } h3 { font-size: 11pt; }"
        " p.eq { font-size: 10pt; margin: 2px 0; } p.values { font-size: 8pt; }"
    )
    title = _title(session.lesson)
    loss = trace.it.loss
    body = [
        f"<h1>{html.escape(title)}</h1>",
        "<p>"
        + html.escape(
            _tr("Training iteration {0}, element by element: every step with its numbers.").format(
                session.iteration + 1
            )
        )
        + "</p>",
    ]
    if math.isfinite(loss):
        body.append("<p>" + html.escape(_tr("Loss L = {0}").format(number(float(loss)))) + "</p>")
    ends = phase_ends(trace)
    names = {"forward": _tr("Forward pass"), "backward": _tr("Backward pass"), "update": _tr("Update")}
    back = session.cursor
    try:
        for phase in PHASES:
            if phase not in ends:
                continue
            session.go_to(Cursor(ends[phase], 0))
            QApplication.processEvents()  # the panels redraw at the phase's end
            image = QImage.fromData(widget_png(window.tensors, PNG_SCALE))
            url = f"panels-{phase}.png"
            doc.addResource(QTextDocument.ResourceType.ImageResource, QUrl(url), image)
            width = 640  # points on the page: the picture keeps its proportions
            body.append(f"<h2>{html.escape(names[phase])}</h2>")
            body.append(f"<p><img src='{url}' width='{width}'></p>")
            for section in trace.sections:
                if section.phase == phase:
                    body += section_html(trace, section)
    finally:
        session.go_to(back)
    doc.setHtml("".join(body))
    return doc


def write(window: Window, path: Path) -> bool:
    """The handout as a PDF at ``path``; an error is shown and False returned if it cannot be."""
    path = Path(path)
    trace = window.session.trace
    if not math.isfinite(trace.it.loss):
        window.show_error(
            _tr("This iteration diverged (its loss is not a number): there is nothing to derive.")
        )
        return False
    if path.suffix.lower() != ".pdf":
        window.show_error(
            _tr("A handout is saved as .pdf, not {0}").format(path.suffix or _tr("a name without a suffix"))
        )
        return False
    doc = document(window)
    part = path.with_name(path.name + ".part")
    try:
        part.open("wb").close()  # Qt's writer reports no error of its own: find out first
        writer = QPdfWriter(str(part))
        writer.setTitle(_title(window.session.lesson))
        writer.setCreator("ConvStudio")
        writer.setPageLayout(
            QPageLayout(
                QPageSize(QPageSize.PageSizeId.A4),
                QPageLayout.Orientation.Portrait,
                QMarginsF(15, 15, 15, 15),
            )
        )
        writer.setResolution(150)
        doc.print_(writer)
        del writer  # closes the file
        if part.stat().st_size == 0:
            raise OSError(_tr("nothing was written"))
        part.replace(path)
    except OSError as error:
        part.unlink(missing_ok=True)
        window.show_error(_tr("The handout could not be written: {0}").format(_reason(error)))
        return False
    window.statusBar().showMessage(_tr("Exported {0}").format(path.name), 6000)
    return True
