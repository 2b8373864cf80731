"""The shipped languages are complete and current: every message of the code is in each .ts with a
finished translation that keeps its placeholders, and each .qm is compiled from its .ts as it is."""

from __future__ import annotations

import ast
import importlib.util
import re
import shutil
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def _translations_script():  # type: ignore[no-untyped-def]
    """packaging/translations.py, which is a folder of scripts, not a package."""
    spec = importlib.util.spec_from_file_location(
        "packaging_translations", ROOT / "packaging" / "translations.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


script = _translations_script()


def messages(ts: Path) -> dict[tuple[str, str], ET.Element]:
    """Each message of a .ts file, by (context, source), with its translation element."""
    out = {}
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            out[(name, message.findtext("source") or "")] = message.find("translation")
    return out


def placeholders(text: str) -> list[str]:
    """What ``str.format`` and Qt fill in: {0}, {name}, {1:.0%}, %v, %m, %n; and HTML tags."""
    return sorted(re.findall(r"\{[^}]*\}|%[vmn]|</?\w+", text))


@pytest.mark.parametrize("language", script.LANGUAGES)
def test_every_message_has_a_finished_translation_that_keeps_its_placeholders(language):
    found = messages(script.FOLDER / f"convstudio_{language}.ts")
    assert len(found) > 500
    unfinished = [key for key, t in found.items() if t is None or t.get("type") or not (t.text or "").strip()]
    assert unfinished == [], f"not translated to {language}: {unfinished[:10]}"
    for (context, source), translation in found.items():
        assert translation is not None
        assert placeholders(translation.text or "") == placeholders(source), (context, source)
        assert ("&" in source.replace("&nbsp;", "")) == (
            "&" in (translation.text or "").replace("&nbsp;", "")
        ), f"{context}: {source!r} and its {language} translation differ in having a shortcut letter"


@pytest.mark.parametrize("language", script.LANGUAGES)
def test_each_ts_holds_exactly_the_messages_the_code_has(language, tmp_path):
    fresh = tmp_path / f"fresh_{language}.ts"
    script.update(fresh)  # a .ts made from the code alone
    committed = script.FOLDER / f"convstudio_{language}.ts"
    new = sorted(set(messages(fresh)) - set(messages(committed)))
    gone = sorted(set(messages(committed)) - set(messages(fresh)))
    assert new == [], f"run python packaging/translations.py and translate: {new[:10]}"
    assert gone == [], f"run python packaging/translations.py: no longer in the code: {gone[:10]}"


@pytest.mark.parametrize("language", script.LANGUAGES)
def test_each_qm_is_compiled_from_its_ts_as_it_is(language, tmp_path):
    ts = script.FOLDER / f"convstudio_{language}.ts"
    shutil.copy(ts, tmp_path / ts.name)
    script.release(tmp_path / ts.name, tmp_path / "fresh.qm")
    assert (tmp_path / "fresh.qm").read_bytes() == ts.with_suffix(".qm").read_bytes(), (
        "run python packaging/translations.py"
    )


@pytest.mark.parametrize("language", script.LANGUAGES)
def test_qt_own_translations_ship_for_each_language(language):
    from PySide6.QtCore import QTranslator

    translator = QTranslator()
    assert translator.load(f"qtbase_{language}", str(script.FOLDER))
    assert translator.translate("QPlatformTheme", "Cancel") not in ("", "Cancel")


def test_the_script_reads_the_same_languages_the_window_offers():
    from convstudio.ui import language

    assert ("en", *script.LANGUAGES) == language.SHIPPED


def test_every_helper_lupdate_reads_as_tr_translates_as_lupdate_files_it():
    # lupdate files tr() and _tr() under the enclosing class, or no context outside one: a module's
    # _tr() must translate in no context, and be called outside classes only.
    wrong = []
    for path in sorted((ROOT / "convstudio").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        helper = next((n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "_tr"), None)
        if helper is not None and 'translate("", text)' not in ast.unparse(helper).replace("'", '"'):
            wrong.append(f"{path.relative_to(ROOT)}: _tr() must return QCoreApplication.translate('', text)")
        for cls in (n for n in ast.walk(tree) if isinstance(n, ast.ClassDef)):
            for call in (n for n in ast.walk(cls) if isinstance(n, ast.Call)):
                if isinstance(call.func, ast.Name) and call.func.id == "_tr":
                    wrong.append(f"{path.relative_to(ROOT)}:{call.lineno}: _tr() inside class {cls.name}")
    assert wrong == []


def test_no_module_names_qcoreapplication_translate_tr():
    # lupdate reads tr("Context", "text") as tr(text, disambiguation), so a local alias named tr
    # files the context's name as the text and the real text is never translated.
    wrong = []
    for path in sorted((ROOT / "convstudio").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Assign) and ast.unparse(node.value) == "QCoreApplication.translate":
                wrong += [
                    f"{path.relative_to(ROOT)}:{node.lineno}" for t in node.targets if ast.unparse(t) == "tr"
                ]
    assert wrong == []


def test_module_helpers_translate_at_run_time(qapp):
    from PySide6.QtCore import QTranslator

    from convstudio.ui import handout
    from convstudio.ui.dialogs.network_fields import field_label, field_words
    from convstudio.ui.panels import optimiser_card

    translator = QTranslator()
    assert translator.load(str(ROOT / "resources" / "translations" / "convstudio_de.qm"))
    qapp.installTranslator(translator)
    try:
        assert field_label("kernel") == "Kern"
        assert (
            field_words("kernel") == "Kern" and field_words("size") == "Fenstergröße"
        )  # nouns keep capitals
        assert handout._tr("Loss L = {0}") == "Verlust L = {0}"
        assert optimiser_card._tr("step of {0}") == "Schritt von {0}"
    finally:
        qapp.removeTranslator(translator)


@pytest.mark.parametrize("language", script.LANGUAGES)
def test_every_instrument_title_and_tip_is_translated(language):
    from convstudio.ui.instruments.registry import INSTRUMENTS

    found = messages(ROOT / "resources" / "translations" / f"convstudio_{language}.ts")
    missing = [text for i in INSTRUMENTS for text in (i.title, i.tip) if ("Instruments", text) not in found]
    assert missing == []
