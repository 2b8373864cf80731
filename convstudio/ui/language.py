"""The window's language: the translations it loads and the one the system or View ▸ Language picks
(language_menu switches it at run time).

English is the source language; German and Spanish ship as ``resources/translations/*.qm`` beside
Qt's own translations of its standard dialogs (``qtbase_*.qm``, copied from PySide6).
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLocale, QTranslator

from convstudio import paths, settings

#: The languages ConvStudio ships, the source language first.
SHIPPED = ("en", "de", "es")
#: Each language's name in that language, as language menus show them (never translated).
NAMES = {"en": "English", "de": "Deutsch", "es": "Español"}

_translators: list[QTranslator] = []
_current = ["en"]


def system_language() -> str:
    """The system locale's language if ConvStudio ships it, else English."""
    code = QLocale.system().name().split("_")[0]
    return code if code in SHIPPED else "en"


def chosen(*, remembered: bool = True) -> str:
    """The language View ▸ Language chose last (unless not ``remembered``), else the system's."""
    code = settings.read_str("language") if remembered else ""
    return code if code in SHIPPED else system_language()


def current() -> str:
    """The language the window speaks now: "en", "de" or "es"."""
    return _current[0]


def install(app: QCoreApplication, code: str) -> None:
    """Load ``code``'s translations (ConvStudio's and Qt's) in place of the ones loaded before;
    numbers typed in are read in the system's locale if it speaks ``code`` (or a language ConvStudio
    does not ship, for which English stands in), else in ``code``'s own."""
    for translator in _translators:
        app.removeTranslator(translator)
    _translators.clear()
    folder = str(paths.resource("translations"))
    if code != "en":
        for name in (f"convstudio_{code}", f"qtbase_{code}"):
            translator = QTranslator(app)
            if translator.load(name, folder):
                app.installTranslator(translator)
                _translators.append(translator)
    _current[0] = code
    system = QLocale.system()
    spoken = system.name().split("_")[0]
    keeps_system = spoken == code or (spoken not in SHIPPED and code == "en")
    QLocale.setDefault(system if keeps_system else QLocale(code))


#: What the lessons opened this run translate, by their English texts: a session keeps only those.
_lesson_words: dict[tuple[tuple[str, str], ...], dict[str, dict[str, str]]] = {}


def remember_lesson(text: dict[str, str], translations: dict[str, dict[str, str]]) -> None:
    """Keep a lesson file's translations, for its texts to read in the window's language."""
    _lesson_words[tuple(sorted(text.items()))] = translations


def lesson_text(text: dict[str, str], phase: str) -> str:
    """``phase``'s text in the window's language, of a lesson opened this run whose English texts
    are ``text``; "" if it has none (the English is then shown)."""
    return _lesson_words.get(tuple(sorted(text.items())), {}).get(current(), {}).get(phase, "")
