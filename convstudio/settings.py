"""Every setting ConvStudio keeps between runs, with its default, read and written with its type.

Settings live where QSettings puts them for the organisation and application names that ``app``
sets; a value that is missing or cannot be read as its type gives the default, so a settings file
edited by hand, or written by another version, never stops the window from opening.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

#: Each key and its default; the type of the default is the type the key is read as.
DEFAULTS: dict[str, object] = {
    "lesson": "",  # the last lesson open ("": the first one)
    "instruments": [],  # the instruments left open, by key
    "geometry": QByteArray(),  # the window's, and its docks' and splitters' layout
    "state": QByteArray(),
    "splitter_main": QByteArray(),
    "splitter_bottom": QByteArray(),
    "unit": "element",  # what a step moves by
    "speed": 4,  # autoplay steps a second
    "input_grad": False,
    "projector": False,
    "dark": False,
    "theme": "light",  # light, dark or high-contrast (View ▸ Theme)
    "zoom": 1.0,  # the equations' zoom
    "text_size": 1.0,  # every font's size, as a factor (View ▸ Text size)
    "follow": True,  # the tensor selectors follow the step
    "log_scale": False,  # the loss curve's
    "language": "",  # View ▸ Language: "en", "de", "es" ("": the system's)
}


def use_folder(folder: Path) -> None:
    """Keep settings as INI files in ``folder`` (the tests: never the user's real settings)."""
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(folder))


def read(key: str) -> object:
    """The value of ``key`` as the type of its default, or the default."""
    default = DEFAULTS[key]
    return _typed(QSettings().value(key), default)


def read_bool(key: str) -> bool:
    return bool(read(key))


def read_int(key: str) -> int:
    return int(read(key))  # type: ignore[call-overload]


def read_float(key: str) -> float:
    return float(read(key))  # type: ignore[arg-type]


def read_str(key: str) -> str:
    return str(read(key))


def read_list(key: str) -> list[str]:
    return list(read(key))  # type: ignore[call-overload]


def read_bytes(key: str) -> QByteArray:
    value = read(key)
    assert isinstance(value, QByteArray)
    return value


def write(key: str, value: object) -> None:
    if key not in DEFAULTS:
        raise KeyError(f"{key} is not a ConvStudio setting")
    QSettings().setValue(key, value)


def score(lesson: str | None) -> tuple[int, int]:
    """(predictions right first time, predictions made) in ``lesson`` (None: one's own network)."""
    right, attempted = (
        _typed(QSettings().value(_score_key(lesson, name)), 0) for name in ("right", "attempted")
    )
    return int(right), int(attempted)  # type: ignore[call-overload]


def write_score(lesson: str | None, right: int, attempted: int) -> None:
    settings = QSettings()
    settings.setValue(_score_key(lesson, "right"), right)
    settings.setValue(_score_key(lesson, "attempted"), attempted)


def _score_key(lesson: str | None, name: str) -> str:
    return f"predict/{lesson or 'own-network'}/{name}"


def _typed(value: object, default: object) -> object:
    """``value`` as INI files and the platforms' stores hand it back (often as text) read as the
    type of ``default``; the default if it cannot be."""
    if value is None:
        return default
    if isinstance(default, bool):
        return value in (True, "true") if value in (True, False, "true", "false") else default
    if isinstance(default, int):
        text = str(value)
        return int(text) if text.isdigit() else default
    if isinstance(default, float):
        text = str(value)
        return float(text) if text.replace(".", "", 1).isdigit() else default
    if isinstance(default, QByteArray):
        return value if isinstance(value, QByteArray) else default
    if isinstance(default, list):
        return [str(v) for v in value] if isinstance(value, list) else [str(value)]
    return value if isinstance(value, str) else default
