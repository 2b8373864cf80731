"""The current step as an equation: symbolic and with its numbers, and the running sum mid-step.

Rich text (HTML subscripts) costs little per step: it is laid out once and painted from that
layout (``rich_text``). LaTeX is one copy away for a teacher's notes.

The equation is set as large as its panel allows, so it reads from the back of a classroom: the
size is found once per kind of step (a layer's elements are alike) and then only ever shrinks, so
the text does not jump about while the learner steps through a layer.
"""

from __future__ import annotations

import re

from PySide6.QtCore import QT_TRANSLATE_NOOP, QEvent, Qt
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import QToolButton, QVBoxLayout, QWidget

from convstudio.engine.equations import equation
from convstudio.engine.network_crossing import crossing_at, crossing_cell, crossing_equation
from convstudio.engine.network_trace import NetworkTrace
from convstudio.engine.notation import Names, number
from convstudio.engine.padding_terms import padding_symbols
from convstudio.engine.section_summary import summary_html, summary_text
from convstudio.engine.steps import Section, Step
from convstudio.session.session import Session
from convstudio.ui.look import words
from convstudio.ui.look.rich_text import RichText
from convstudio.ui.panels.crossing_card import crossing_words
from convstudio.ui.panels.equation_header import Elided, HeaderRow
from convstudio.ui.widgets.text_scroll import text_scroll

HINT = QT_TRANSLATE_NOOP("EquationPanel", "Press → (or Step ▶) to compute the first element.")
#: The equation's size, in multiples of the window's font: as large as fits, within these.
LARGEST, SMALLEST = 2.6, 1.15
#: Smaller still (of the window's font, whatever the zoom) when its widest number would not fit
#: the panel's width: below this the panel scrolls sideways instead.
NARROWEST = 0.75
#: A slash in the text (not in a tag): lines may break there, which splits dL/do11 in two.
SLASH = re.compile(r"/(?![^<]*>)")
WORD_JOINER = "/\u2060"
TALL = 1 << 20
MOST_ZEROS_NAMED = 6
#: Steps by these units show the whole result; by phase, of its last few sections.
SUMMED = ("layer", "phase")
MOST_SUMMED = 3  # a height that any text fits: only its width is measured


class EquationPanel(QWidget):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("Equations"))
        self.session = session
        self.zoom = 1.0
        self._shown: tuple[Step, Names, int | None] | None = None  # text and LaTeX are made on demand
        self._summary: list[Section] = []  # the sections a layer's or phase's summary shows
        self._kind: tuple[object, ...] = ()
        self._bodies = ("", "")  # the equation beside its left-hand side, and below it
        self._sizes: dict[tuple[object, ...], float] = {}
        self._least: dict[tuple[object, ...], int] = {}  # the widest side-by-side need, per kind
        # What is computed (changes with the layer) and where (changes every step): plain text in
        # two labels is cheaper to set every step than one rich-text label.
        self.header = Elided()
        self.header.setObjectName("equationHeader")
        bold = self.header.font()
        bold.setBold(True)
        self.header.setFont(bold)
        self.where = Elided()
        self.body = RichText()
        self.copy_button = QToolButton()
        self.copy_button.setText(self.tr("Copy"))
        self.copy_button.setToolTip(self.tr("Copy the equation as text and as LaTeX"))
        self.copy_button.clicked.connect(self.copy)
        copy_latex = QAction(self.tr("Copy as LaTeX"), self)
        copy_latex.triggered.connect(lambda: QGuiApplication.clipboard().setText(self.latex()))
        copy_text = QAction(self.tr("Copy as text"), self)
        copy_text.triggered.connect(lambda: QGuiApplication.clipboard().setText(self.text()))
        self.body.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.body.addActions([copy_text, copy_latex])
        self.header_row = HeaderRow(self.header, self.where, self.copy_button)
        self.scroll = text_scroll(self.body, self._fit)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addWidget(self.header_row)
        layout.addWidget(self.scroll, 1)
        session.once_per_action(
            dict.fromkeys(("cursor_moved", "params_changed", "spec_changed"), self.refresh), self
        )
        session.training_progress.connect(self._show_training)
        self._training_shown = False
        self.refresh()

    def set_zoom(self, factor: float) -> None:
        self.zoom = min(max(factor, 0.6), 3.0)
        self._sizes.clear()
        self._fit()

    def text(self) -> str:
        """What the panel shows in plain text (what Copy puts on the clipboard first): the step's
        equation, or the summary of a layer or phase with its matrices."""
        return self._as("text")

    def latex(self) -> str:
        return self._as("latex")

    def _as(self, fmt: str) -> str:
        if self._shown is None:
            return ""
        if self._summary:
            return "\n".join(summary_text(self.session.trace, sec, fmt) for sec in self._summary)
        return equation(*self._shown[:2], fmt, terms=self._shown[2])

    def point_size(self) -> float:
        """The equation's font size now."""
        return self.body.point_size()

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(f"{self.text()}\n\n{self.latex()}" if self._shown else "")

    def _show_training(self) -> None:
        """While training runs its steps go by unseen: say so, rather than show an old iteration."""
        if self._training_shown:
            return
        self._training_shown = True
        self.header_row.set_text(self.tr("Training"), "")
        self._kind = ("hint",)
        said = self.tr("The equations come back when training stops (Esc, or any step).")
        self._bodies = (f"<p>{said}</p>",) * 2
        self._shown = None
        self._fit()

    def refresh(self) -> None:
        s = self.session
        self._training_shown = False
        self._summary = []
        trace, cursor = s.trace, s.cursor
        step = s.step
        total = len(trace)
        if step is None:
            self.header_row.set_text(
                self.tr("Iteration {0}").format(s.iteration + 1), self.tr(" · step 0 of {0}").format(total)
            )
            self._kind = ("hint",)
            self._bodies = (f"<p>{self.tr(HINT)}</p>",) * 2
            self._shown = None
            self._fit()
            return
        mid = cursor.adding
        terms = cursor.terms if mid else None
        if s.moved_by in SUMMED and not mid and cursor.done == step.section.stop:
            self._show_summary(step, s.moved_by)
            return
        where = self.tr(" · step {0} of {1}").format(step.number + 1, total)
        self.header_row.set_text(words.section_title(step.section.title), where)
        names = trace.names
        self._shown = (step, names, terms)
        html = SLASH.sub(WORD_JOINER, equation(step, names, "html", terms=terms))
        # Lines break after a plus or minus sign, never before it.
        html = html.replace(" + ", "&nbsp;+ ").replace(" − ", "&nbsp;− ")
        running = ""
        if mid and step.op == "sum":
            running = self.tr("<p>Running sum after {0} of {1} terms: <b>{2}</b></p>").format(
                cursor.terms, step.n_terms, number(step.partial(cursor.terms), "html")
            )
        crossing = crossing_at(trace, step.number) if isinstance(trace, NetworkTrace) else None
        if crossing is not None:
            cell = (
                None
                if mid and step.tensor == crossing.tensor
                else crossing_cell(trace, crossing, step.number)
            )
            running += (
                f"<p>{crossing_equation(trace, crossing, cell, 'html')}<br>{crossing_words(crossing)}</p>"
            )
        running += self._padding_words(step, names)
        aligned, stacked = (
            "".join(self._layout(line, below) for line in html.split("<br>")) for below in (False, True)
        )
        self._bodies = (aligned + running, stacked + running)
        self._kind = (step.section.phase, step.section.layer, step.section.tensor, mid)
        self._fit()

    def _show_summary(self, step: Step, unit: str) -> None:
        """The layer's (or the phase's last few layers') whole result, not only its last element."""
        trace, section = self.session.trace, step.section
        sections = [section]
        if unit == "phase":
            sections = [
                sec for sec in trace.sections if sec.phase == section.phase and sec.stop <= section.stop
            ]
        phases = {"forward": self.tr("The forward pass"), "backward": self.tr("The backward pass")}
        self.header_row.set_text(
            section.title if unit == "layer" else phases.get(section.phase, self.tr("The update")),
            self.tr(" · step {0} of {1} · done").format(step.number + 1, len(trace)),
        )
        self._shown = (step, trace.names, None)
        self._summary = sections[-MOST_SUMMED:]
        body = "".join(summary_html(trace, sec) for sec in self._summary)
        self._bodies = (body, body)
        self._kind = ("summary", unit, section.tensor)
        self._fit()

    def _padding_words(self, step: Step, names: Names) -> str:
        """Which zeros of the equation are the padding, by the cells outside the input they stand for."""
        zeros, count = padding_symbols(step, names, "html", MOST_ZEROS_NAMED)
        if not zeros:
            return ""
        shown = ", ".join(zeros)
        if count > len(zeros):
            shown = self.tr("{0} and {1} more").format(shown, count - len(zeros))
        return "<p>{}</p>".format(self.tr("The zeros are padding: {0}, outside the input.").format(shown))

    @staticmethod
    def _layout(line: str, stacked: bool = False) -> str:
        """``lhs = symbolic = numbers = result`` (or ``lhs ← ...`` for an update) on lines of their
        own, aligned on the relation sign beside the left-hand side, or below it (``stacked``: for
        a panel too narrow for both side by side)."""
        parts = line.split(" = ")
        lhs, rest, relation = parts[0], parts[1:], "="
        if " ← " in lhs:
            lhs, right = lhs.split(" ← ", 1)
            rest, relation = [right, *rest], "←"
        if len(rest) < 2:
            return "<p>" + line + "</p>"
        # The left-hand side never wraps: Qt measures a word ending in a subscript without it, so a
        # column sized to the word let o₁₂'s subscript run over the "=" once the panel was narrow.
        first = "" if stacked else f"<td align='right' style='white-space:nowrap'>{lhs}</td>"
        blank = "" if stacked else "<td></td>"
        rows = "".join(
            f"<tr>{first if i == 0 else blank}"
            f"<td>&nbsp;{relation if i == 0 else '='}&nbsp;</td><td>{part}</td></tr>"
            for i, part in enumerate(rest)
        )
        return (f"<p>{lhs}</p>" if stacked else "") + f"<table cellspacing='2'>{rows}</table>"

    # --- size ---------------------------------------------------------------------------------

    def _fit(self) -> None:
        """The largest size at which the equation fits the panel without scrolling (or the
        smallest allowed), remembered per kind of step and panel size, and only ever shrunk."""
        viewport = self.scroll.viewport()
        width, height = viewport.width(), viewport.height()
        aligned, stacked = self._bodies
        if width < 50 or height < 20:
            self.body.setText(aligned)
            return
        base = max(self.font().pointSizeF(), 9.0) * self.zoom
        smallest, largest = round(base * SMALLEST * 2) / 2, base * LARGEST
        # Side by side unless even the smallest size is too wide for that: then the left-hand side
        # goes above (a number never breaks inside, so a narrow panel would scroll sideways).
        narrow = stacked != aligned and self._least_width(aligned, smallest) > width
        self.body.setText(stacked if narrow else aligned)
        key = (*self._kind, narrow, width, height, base)
        size = self._sizes.get(key)
        if size is not None:
            self.body.set_point_size(size)
            if self.body.fits(width, height if size > smallest else TALL):
                return
            largest = max(size, smallest)  # this step's equation is longer than the kind's earlier ones
        size = self.body.fit(width, height, smallest, largest)
        if narrow and not self.body.fits(width, TALL, size):  # a word would stick out at the side
            floor = max(round(self.font().pointSizeF() * NARROWEST * 2) / 2, 8.0)
            size = self.body.fit(width, TALL, min(floor, size), size)
        self.body.set_point_size(size)
        self._sizes[key] = size

    def _least_width(self, aligned: str, points: float) -> int:
        """The width the side-by-side layout needs at ``points``. Measured (a fraction of a
        millisecond) only when the panel is less than twice as wide as this kind of step has needed:
        numbers of one kind of step differ by a few characters, not by as much again."""
        key = (*self._kind, points)
        seen = self._least.get(key)
        if seen is not None and self.scroll.viewport().width() > 2 * seen:
            return seen
        least = self.body.narrowest(points, aligned)
        self._least[key] = max(least, seen or 0)
        return least

    def changeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        if event.type() == QEvent.Type.FontChange:  # projector mode: everything scales
            self._sizes.clear()
            self._fit()
        super().changeEvent(event)
