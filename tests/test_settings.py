"""Settings: one module knows every key and its default, reads each as its type, and survives a
settings file edited by hand."""

from __future__ import annotations

import pytest

from convstudio import settings


@pytest.fixture(autouse=True)
def folder(tmp_path, qapp):
    from PySide6.QtCore import QCoreApplication

    QCoreApplication.setOrganizationName("ConvStudioTests")
    QCoreApplication.setApplicationName("ConvStudioTests")
    settings.use_folder(tmp_path)
    return tmp_path


def test_nothing_stored_reads_every_default():
    assert settings.read_str("lesson") == "" and settings.read_list("instruments") == []
    assert settings.read_str("unit") == "element" and settings.read_int("speed") == 4
    assert settings.read_float("zoom") == 1.0 and settings.read_bool("follow") is True
    assert settings.read_bool("dark") is False and settings.read_bytes("geometry").isEmpty()
    assert settings.score("worked-example") == (0, 0)


def test_what_is_written_reads_back_as_its_type():
    from PySide6.QtCore import QByteArray

    settings.write("speed", 12)
    settings.write("zoom", 1.5)
    settings.write("dark", True)
    settings.write("follow", False)
    settings.write("instruments", ["nudge", "landscape"])
    settings.write("geometry", QByteArray(b"\x01\x02"))
    settings.write_score("worked-example", 3, 5)
    assert settings.read_int("speed") == 12 and settings.read_float("zoom") == 1.5
    assert settings.read_bool("dark") is True and settings.read_bool("follow") is False
    assert settings.read_list("instruments") == ["nudge", "landscape"]
    assert bytes(settings.read_bytes("geometry").data()) == b"\x01\x02"
    assert settings.score("worked-example") == (3, 5) and settings.score(None) == (0, 0)


def test_a_file_edited_by_hand_gives_defaults_where_it_cannot_be_read(folder):
    from PySide6.QtCore import QSettings

    settings.write("speed", 4)  # makes the file
    path = QSettings().fileName()
    with open(path, "w") as file:
        file.write("[General]\nspeed=fast\nzoom=-2\ndark=perhaps\ninstruments=nudge\ngeometry=junk\n")
        file.write("[predict]\nworked-example\\right=lots\nworked-example\\attempted=7\n")
    assert settings.read_int("speed") == 4 and settings.read_float("zoom") == 1.0
    assert settings.read_bool("dark") is False
    assert settings.read_list("instruments") == ["nudge"]  # one value stands for a list of one
    assert settings.read_bytes("geometry").isEmpty()
    assert settings.score("worked-example") == (0, 7)


def test_an_unknown_key_is_refused():
    with pytest.raises(KeyError, match="not a ConvStudio setting"):
        settings.write("colour", "blue")


def test_only_the_settings_module_reads_or_writes_settings():
    from pathlib import Path

    package = Path(settings.__file__).parent
    users = [
        path.relative_to(package).as_posix()
        for path in package.rglob("*.py")
        if "QSettings" in path.read_text(encoding="utf-8") and path != Path(settings.__file__)
    ]
    assert users == []
