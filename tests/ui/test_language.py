"""View ▸ Language: the window speaks German or Spanish at once, over the same session, and the
choice is remembered; without one, the system locale decides."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QLocale, Qt

from convstudio import settings
from convstudio.ui import language, language_menu
from tests.ui.windows import open_window

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def english_again(qapp):
    """Whatever a test switched to, the next test starts in English."""
    yield
    language.install(qapp, "en")
    language_menu.latest.clear()


def choose(window, code: str):  # type: ignore[no-untyped-def]
    """Trigger View ▸ Language ▸ ``code``; the window that replaced ``window``."""
    act = next(a for a in window.language_group.actions() if a.data() == code)
    act.trigger()
    return language_menu.latest[0] if language_menu.latest else window


def menus(window) -> list[str]:  # type: ignore[no-untyped-def]
    return [a.text() for a in window.menuBar().actions()]


def test_switching_language_rebuilds_every_text_and_keeps_the_session(qtbot):
    window = open_window(qtbot)
    session = window.session
    for _ in range(5):
        session.move("element", 1)
    cursor, undo = session.cursor, session.undo_stack.count()
    assert menus(window)[0] == "&File"

    german = choose(window, "de")
    qtbot.addWidget(german)
    assert german is not window and german.session is session
    assert session.cursor == cursor and session.undo_stack.count() == undo
    assert menus(german)[:3] == ["&Datei", "&Bearbeiten", "&Schritt"]
    assert german.lesson_panel.title.text() == "<b>Vorwärtsdurchlauf</b>"
    assert "Jedes Ausgabeelement ist eine einfache Summe" in german.lesson_panel.text()
    assert german.windowTitle().startswith("Das Rechenbeispiel")
    assert german.lesson_picker.currentText() == "Das Rechenbeispiel"
    assert german.unit.currentText() == "Element" and german.unit.currentData() == "element"
    assert german.equations.where.text() == " · Schritt 5 von 19"
    assert settings.read_str("language") == "de"

    spanish = choose(german, "es")
    qtbot.addWidget(spanish)
    assert spanish.session is session and session.cursor == cursor
    assert menus(spanish)[:3] == ["&Archivo", "&Editar", "&Paso"]
    assert spanish.lesson_panel.title.text() == "<b>Pasada hacia delante</b>"
    assert settings.read_str("language") == "es"

    spanish.act_step.trigger()  # the new window steps the same session
    assert session.cursor != cursor and spanish.equations.where.text() == " · paso 6 de 19"


def test_a_language_switch_keeps_the_open_instruments_and_the_view(qtbot):
    window = open_window(qtbot)
    window.show_instrument("nudge")
    window.unit.setCurrentIndex(window.unit.findData("term"))
    german = choose(window, "de")
    qtbot.addWidget(german)
    assert german.size() == window.size() and german.isVisible() and not window.isVisible()
    assert not german.docks["nudge"].isHidden()
    assert german.docks["nudge"].windowTitle() == "Auslenkungsexperiment"
    assert german.unit.currentData() == "term"


def test_a_lesson_file_of_ones_own_speaks_its_languages_and_english_for_the_rest(qtbot, tmp_path):
    text = (ROOT / "resources" / "lessons" / "worked-example.toml").read_text(encoding="utf-8")
    english_only = text[: text.index("[text.de]")] + text[text.index("[expect]") :]
    mine = tmp_path / "mine.toml"
    mine.write_text(
        english_only.replace("[expect]", '[text.de]\nintro = "Mein Anfang."\n\n[expect]'), encoding="utf-8"
    )
    window = open_window(qtbot, lesson=None)
    assert window.open_path(mine)
    german = choose(window, "de")
    qtbot.addWidget(german)
    assert german.lesson_panel.text() == "<p>Mein Anfang.</p>"
    german.session.move("element", 1)
    assert german.lesson_panel.text().startswith("<p>Each output element is a plain sum")  # not translated


def test_the_remembered_language_wins_over_the_system_one():
    settings.write("language", "es")
    assert language.chosen() == "es"
    assert language.chosen(remembered=False) == language.system_language()
    settings.write("language", "fr")  # not shipped: the system's
    assert language.chosen() == language.system_language()


def test_numbers_are_read_in_the_language_chosen(qapp):
    language.install(qapp, "de")
    assert QLocale().decimalPoint() == ","
    language.install(qapp, "en")
    assert QLocale().decimalPoint() == "."


@pytest.mark.parametrize(("lang", "expected", "file_menu", "point"), [
    ("de_DE.UTF-8", "de", "&Datei", ","),
    ("es_ES.UTF-8", "es", "&Archivo", ","),
    ("fr_FR.UTF-8", "en", "&File", ","),  # English stands in; numbers are still read as in French
    ("en_GB.UTF-8", "en", "&File", "."),
])  # fmt: skip
def test_the_system_locale_picks_the_language_at_start(lang, expected, file_menu, point):
    code = (
        "from PySide6.QtCore import QCoreApplication, QLocale\n"
        "from convstudio.ui import language\n"
        "app = QCoreApplication([])\n"
        "language.install(app, language.chosen(remembered=False))\n"
        "print(language.current(), QCoreApplication.translate('', '&File'), QLocale().decimalPoint())\n"
    )
    env = {**os.environ, "LANG": lang, "LC_ALL": lang}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.split() == [expected, file_menu, point]


def test_qt_standard_dialogs_speak_the_language(qapp):
    language.install(qapp, "de")
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "Abbrechen"


def test_a_deep_network_names_its_layers_in_the_language(qtbot):
    window = open_window(qtbot, lesson="two-conv-layers")
    window.session.move("element", 1)
    german = choose(window, "de")
    qtbot.addWidget(german)
    assert german.tensors.layer_label.text() == "<b>Schicht 1 von 5: Faltung</b>"
    assert german.equations.header.text().startswith("Vorwärts · Schicht 1 (Faltung): Faltung")


def test_a_cell_takes_a_number_with_a_decimal_comma(qtbot, qapp):
    language.install(qapp, "de")
    window = open_window(qtbot)
    view = window.tensors.view("W")
    qtbot.mouseDClick(view, Qt.MouseButton.LeftButton, pos=view.cell_rect(0, 1).center().toPoint())
    editor = view.editor()
    editor.setText("−0,75")
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert view.editor() is None and window.session.params["W"][0, 0, 0, 1] == -0.75
