"""The toolbars on one row while they can be: a second row of toolbar takes its height from the
matrices, so when the window is too narrow for every word (projector mode, a 1024-pixel screen) the
toolbars give up words first, one ``SHORTENINGS`` step at a time, and the lesson picker moves to a
second row only if the shortest toolbars are still too wide. Every command stays in its menu with
its key, and every control keeps its full name for screen readers and in its tooltip."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QMainWindow

#: The lesson picker's width, in characters, with every word and once shortened.
PICKER_CHARACTERS = (14, 10)


def _arrow_actions(w) -> dict:  # type: ignore[no-untyped-def]
    """The stepping actions and the arrows (no words, so nothing to translate) that can stand for them."""
    return {w.act_phase_back: "◀◀", w.act_back: "◀", w.act_step: "▶", w.act_phase: "▶▶"}


def _arrows(w, on: bool) -> None:  # type: ignore[no-untyped-def]
    """The stepping buttons show their arrows only (their tooltips and names keep the words)."""
    for act, arrows in _arrow_actions(w).items():
        act.setIconText(arrows if on else "")  # "": the action's own words again


def _words(w, on: bool) -> None:  # type: ignore[no-untyped-def]
    """No "By" before the step unit nor "Lesson" before the picker: their boxes keep those names."""
    w.by_label.setVisible(not on)
    w.lesson_label.setVisible(not on)


def _speed(w, on: bool) -> None:  # type: ignore[no-untyped-def]
    """No "4/s" beside the speed slider: the slider's tooltip says the speed."""
    w.speed_figure.setVisible(not on)


def _predict(w, on: bool) -> None:  # type: ignore[no-untyped-def]
    """Predict left to the Step menu (Ctrl+P)."""
    w.predict_button.setVisible(not on)


def _picker(w, on: bool) -> None:  # type: ignore[no-untyped-def]
    """A narrower lesson picker (the open list still shows every title in full)."""
    picker = w.lesson_picker
    picker.setMinimumContentsLength(PICKER_CHARACTERS[on])
    # The box caches its least width at the longer length: a maximum narrows it for its toolbar.
    picker.setMaximumWidth(picker.sizeHint().width() if on else 16777215)


#: What a window too narrow for every word gives up, in order.
SHORTENINGS: tuple[Callable[[QMainWindow, bool], None], ...] = (_arrows, _words, _speed, _picker, _predict)
_LEVEL = "convstudio_toolbar_shortened"


def name_buttons(w) -> None:  # type: ignore[no-untyped-def]
    """Each stepping button's accessible name is its action's full words, whatever it shows."""
    for act in _arrow_actions(w):
        w.stepping_bar.widgetForAction(act).setAccessibleName(act.text().replace("&", ""))


def shortened(w) -> int:  # type: ignore[no-untyped-def]
    """How many of SHORTENINGS the toolbars have now."""
    return int(w.property(_LEVEL) or 0)


def _shorten(w, level: int) -> None:  # type: ignore[no-untyped-def]
    now = shortened(w)
    for i, step in enumerate(SHORTENINGS):
        if (i < level) != (i < now):
            step(w, i < level)
    w.setProperty(_LEVEL, level)


def _wanted(w, wrap: bool) -> int:  # type: ignore[no-untyped-def]
    """The width the toolbars need on one row, or on two (the wider of them)."""
    bars = (w.stepping_bar, w.lesson_bar)
    for bar in bars:  # a toolbar keeps its size hint until told a widget's has changed
        bar.layout().invalidate()
    widths = [bar.sizeHint().width() for bar in bars]
    return max(widths) if wrap else sum(widths)


def fit(w) -> None:  # type: ignore[no-untyped-def]
    """The fewest shortenings that put both toolbars on one row; if none does, two rows, with the
    fewest shortenings that fit each."""
    width = w.width()
    for wrap in (False, True):
        for level in range(len(SHORTENINGS) + 1):
            _shorten(w, level)
            if _wanted(w, wrap) <= width:
                break
        if _wanted(w, wrap) <= width:
            break
    if wrap != w.toolBarBreak(w.lesson_bar):
        if wrap:
            w.insertToolBarBreak(w.lesson_bar)
        else:
            w.removeToolBarBreak(w.lesson_bar)
