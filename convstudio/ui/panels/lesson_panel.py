"""The lesson's teaching text for the current phase: what to look at, what to notice.

The text is set as large as its panel allows (within bounds), so it reads on a projector too.
A lesson's text describes the lesson's network and learning rate: once the learner changes either
(Edit > Network), a note above the text says what differs, since its numbers may no longer be those
on screen.
"""

from __future__ import annotations

import copy
import dataclasses
import html
import re

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QEvent
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from convstudio.engine import lessons, network_edit
from convstudio.engine.spec import Spec
from convstudio.session.session import Session
from convstudio.ui import language
from convstudio.ui.look import words
from convstudio.ui.look.rich_text import RichText
from convstudio.ui.widgets.text_scroll import text_scroll

GENERIC = {
    "intro": QT_TRANSLATE_NOOP(
        "LessonPanel", "Step through one training iteration: the forward pass, backprop, then the update."
    ),
    "forward": QT_TRANSLATE_NOOP(
        "LessonPanel",
        "Each output element is a sum of products of the window's cells and the filter's weights.",
    ),
    "backward": QT_TRANSLATE_NOOP(
        "LessonPanel", "Each gradient element adds up how every place a value was used changed the loss."
    ),
    "update": QT_TRANSLATE_NOOP(
        "LessonPanel", "Each weight takes a step against its gradient: W ← W − η·dL/dW."
    ),
}
#: Each phase's heading above its text.
HEADINGS = {
    "intro": QT_TRANSLATE_NOOP("LessonPanel", "Start"),
    "forward": QT_TRANSLATE_NOOP("LessonPanel", "Forward pass"),
    "backward": QT_TRANSLATE_NOOP("LessonPanel", "Backprop"),
    "update": QT_TRANSLATE_NOOP("LessonPanel", "Update"),
}


def _translated(text: str) -> str:
    """``text``, marked with QT_TRANSLATE_NOOP in this module's context, in the window's language."""
    return QCoreApplication.translate("LessonPanel", text)


#: The text's size, in multiples of the window's font: as large as fits, within these.
LARGEST, SMALLEST = 1.4, 1.0


def render(text: str) -> str:
    """Plain lesson text to rich text: paragraphs, and *emphasis* in italics; everything escaped."""
    paragraphs = [" ".join(p.split()) for p in text.strip().split("\n\n") if p.strip()]
    out = []
    for p in paragraphs:
        escaped = html.escape(p).replace("/", "/\u2060")  # no line break inside dL/dW
        out.append("<p>" + re.sub(r"\*([^*]+)\*", r"<i>\1</i>", escaped) + "</p>")
    return "".join(out)


def _setting(value: object) -> str:
    if isinstance(value, bool):
        return (
            QCoreApplication.translate("LessonPanel", "on")
            if value
            else QCoreApplication.translate("LessonPanel", "off")
        )
    if isinstance(value, tuple):
        return "×".join(str(v) for v in value)
    if value is None:
        return QCoreApplication.translate(
            "LessonPanel", "as the window"
        )  # a pooling stride of None: the window's size
    if isinstance(value, float):
        return f"{value:g}"
    return words.option(str(value))


def differences(lesson: Spec, now: Spec) -> list[str]:
    """The settings of ``now`` that differ from the lesson's, as "filters 1 → 2"."""
    out = []
    for field in dataclasses.fields(Spec):
        was, is_ = getattr(lesson, field.name), getattr(now, field.name)
        if was != is_:
            out.append(f"{words.setting(field.name)} {_setting(was)} → {_setting(is_)}")
    return out


def note(lesson: Spec | None, now: Spec) -> str:
    """Rich text saying how the network differs from the lesson's ("" if it does not)."""
    changed = differences(lesson, now) if lesson is not None else []
    if not changed:
        return ""
    lr_only = all(c.startswith(words.setting("lr")) for c in changed)
    said = (
        QCoreApplication.translate("LessonPanel", "You changed the lesson's learning rate ({0}).")
        if lr_only
        else QCoreApplication.translate("LessonPanel", "You changed the lesson's network ({0}).")
    )
    rest = QCoreApplication.translate(
        "LessonPanel",
        "The text below was written for the lesson's: the numbers on screen may differ from those it gives.",
    )
    return f"<p><i>{said.format(html.escape('; '.join(changed)))} {rest}</i></p>"


class LessonPanel(QWidget):
    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("Lesson text"))
        self.session = session
        self.zoom = 1.0
        self.title = QLabel()
        self.title.setWordWrap(True)
        self.body = RichText()
        self._sizes: dict[tuple[object, ...], float] = {}
        self.scroll = text_scroll(self.body, self._fit)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 6, 8, 6)
        layout.addWidget(self.title)
        layout.addWidget(self.scroll, 1)
        self._shown: tuple[str | None, str, str, Spec | str | None] | None = None
        self._bundled: dict[str, lessons.Lesson | None] = {}
        self._first_seen: tuple[dict[str, str], Spec | None] | None = None
        changes = ("cursor_moved", "lesson_changed", "params_changed", "spec_changed")
        session.once_per_action(dict.fromkeys(changes, self.refresh), self)
        self.refresh()

    def lesson_spec(self) -> Spec | None:
        """The network the lesson's text was written for: the bundled lesson's, if its text is this
        one; else (a lesson opened from a file) the network shown when its text first came."""
        texts = self.session.lesson_text
        if not texts:
            return None  # no lesson: the general text fits any network
        bundled = self._bundled_lesson()
        if bundled is not None:
            return bundled.spec
        if self._first_seen is None or self._first_seen[0] is not texts:
            self._first_seen = (texts, None if self.session.deep else self.session.spec)
        return self._first_seen[1]

    def know_bundled(self, lesson: lessons.Lesson) -> None:
        """The bundled lesson just read to open it: its text need not be read again (its network
        copied: the session trains the one it was given)."""
        self._bundled[lesson.name] = dataclasses.replace(lesson, network=copy.deepcopy(lesson.network))

    def _bundled_lesson(self) -> lessons.Lesson | None:
        """The bundled lesson whose text is shown, if it is one."""
        name, texts = self.session.lesson, self.session.lesson_text
        if name is None or not texts:
            return None
        if name not in self._bundled:
            try:
                self._bundled[name] = lessons.load(name) if name in lessons.available(every=True) else None
            except lessons.LessonError:
                self._bundled[name] = None
        bundled = self._bundled[name]
        return bundled if bundled is not None and bundled.text == texts else None

    def deep_note(self) -> str:
        """Rich text saying that a deep network is not the lesson's ("" if it is, or no lesson)."""
        bundled = self._bundled_lesson()
        if bundled is None or network_edit.same(bundled.network, self.session.network):
            return ""
        sentence = self.tr(
            "You changed the lesson's network. The text below was written for the lesson's: "
            "the numbers on screen may differ from those it gives."
        )
        return f"<p><i>{html.escape(sentence, quote=False)}</i></p>"

    def translated(self, phase: str) -> str:
        """The lesson's text for ``phase`` in the window's language: the bundled lesson's while the
        session's text is that lesson's own (a session file of it too), else that of a lesson file
        opened this run; "" otherwise (the session's text is then shown as it is)."""
        name, texts = self.session.lesson, self.session.lesson_text
        self._bundled_lesson()  # loads the bundled lesson once
        bundled = self._bundled.get(name) if name is not None else None
        if bundled is not None and bundled.text == texts:
            return bundled.text_in(language.current()).get(phase, "")
        return language.lesson_text(texts, phase)

    def phase(self) -> str:
        """The phase of the step the cursor shows (found without building the step)."""
        done, terms = self.session.cursor
        number = done if terms > 0 else done - 1
        return "intro" if number < 0 else self.session.trace.section_of(number).phase

    def set_zoom(self, factor: float) -> None:
        self.zoom = min(max(factor, 0.6), 3.0)
        self._fit()

    def point_size(self) -> float:
        return self.body.point_size()

    def _fit(self) -> None:
        """The largest size at which the text fits without scrolling (or the smallest allowed),
        found once per text and panel size."""
        viewport = self.scroll.viewport()
        width, height = viewport.width(), viewport.height()
        if width < 50 or height < 20:
            return
        base = max(self.font().pointSizeF(), 9.0) * self.zoom
        key = (self._shown, width, height, base)
        if key not in self._sizes:
            smallest = round(base * SMALLEST * 2) / 2  # whole half points, as fit() gives
            self._sizes[key] = self.body.fit(width, height, smallest, base * LARGEST)
        self.body.set_point_size(self._sizes[key])

    def changeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        if event.type() == QEvent.Type.FontChange:  # projector mode: everything scales
            self._fit()
        super().changeEvent(event)

    def refresh(self) -> None:
        phase = self.phase()
        deep = self.session.deep
        spec = None if deep else self.session.spec
        texts = self.session.lesson_text
        text = self.translated(phase) or texts.get(phase) or _translated(GENERIC[phase])
        # by value: an id() can come back for another text once the first is gone
        key = (self.session.lesson, phase, text, repr(self.session.network) if deep else spec)
        if key == self._shown:
            return  # the text changes only with the phase, the lesson or the network
        self._shown = key
        self.title.setText(f"<b>{_translated(HEADINGS[phase])}</b>")
        self.body.setText(
            (self.deep_note() if spec is None else note(self.lesson_spec(), spec)) + render(text)
        )
        self._fit()

    def text(self) -> str:
        return self.body.text()
