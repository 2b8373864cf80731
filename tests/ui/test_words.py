"""The words for the network's settings and options: one table, every option named, translated."""

from __future__ import annotations

import dataclasses

from PySide6.QtCore import QCoreApplication

from convstudio.engine.spec import ACTIVATIONS, HEADS, LOSSES, POOLINGS, Spec
from convstudio.ui.look import words


def test_every_option_the_engine_offers_has_words():
    offered = {*ACTIVATIONS, *POOLINGS, *HEADS, *LOSSES}
    assert offered - set(words.OPTIONS) == set()
    assert words.option("relu") == "ReLU" and words.option("cross_entropy") == "softmax cross-entropy"


def test_every_setting_of_the_network_has_words():
    assert {field.name for field in dataclasses.fields(Spec)} - set(words.SETTINGS) == set()
    assert words.setting("kernel") == "filter size" and words.setting("lr") == "learning rate η"


def test_a_value_without_words_reads_as_it_is():
    assert words.option("made_up") == "made_up" and words.setting("made_up") == "made_up"


def test_the_words_go_through_the_translation(monkeypatch, qapp):
    asked = []

    def translate(context, text, *args):  # type: ignore[no-untyped-def]
        asked.append((context, text))
        return text.upper()

    monkeypatch.setattr(QCoreApplication, "translate", staticmethod(translate))
    assert words.option("avg") == "AVERAGE" and words.setting("pool_size") == "POOLING WINDOW"
    assert asked == [("Words", "average"), ("Words", "pooling window")]


def test_the_lesson_note_names_a_change_in_the_settings_words(qtbot):
    from convstudio.ui.panels import lesson_panel

    changed = lesson_panel.differences(Spec(), Spec().replace(pooling="avg", kernel=(3, 3)))
    assert f"{words.setting('pooling')} {words.option('global_avg')} → {words.option('avg')}" in changed
    assert any(change.startswith("filter size ") for change in changed)


def test_a_section_title_reads_in_the_window_language_phrase_by_phrase(qapp):
    from convstudio.ui import language

    title = "Backward · layer 5 (global_avg_pool): dL/da²"
    assert words.section_title(title) == "Backward · layer 5 (global avg pool): dL/da²"
    language.install(qapp, "de")
    try:
        assert words.section_title(title) == "Rückwärts · Schicht 5 (globales Avg-Pooling): dL/da²"
        pooling = words.section_title("Forward · global average pooling")
        assert pooling == "Vorwärts · globales Average-Pooling"
        assert words.section_title("Backward · dL/dI = dL/do ∗ flipped W (full)") == (
            "Rückwärts · dL/dI = dL/do ∗ gespiegeltes W (voll)"
        )
    finally:
        language.install(qapp, "en")
