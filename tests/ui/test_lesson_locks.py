"""A lesson file can lock what a teacher wants fixed: the network editor, some or every instrument,
the choice of lesson. Another lesson or a session file opens unlocked; a wrong [locks] is named."""

from __future__ import annotations

import pytest

from convstudio.engine import lessons
from convstudio.engine.lesson_locks import Locks, parse
from convstudio.ui.rebuild import rebuilt
from tests.ui.windows import open_window

BASE = (lessons.lesson_dir() / "worked-example.toml").read_text(encoding="utf-8")


def locked_lesson(tmp_path, locks: str):  # type: ignore[no-untyped-def]
    path = tmp_path / "locked.toml"
    path.write_text(BASE + "\n[locks]\n" + locks + "\n", encoding="utf-8")
    return path


def test_the_locks_table_is_read_and_a_wrong_one_is_named():
    assert parse({}) == Locks()
    assert parse({"editor": True, "instruments": ["nudge", "graph"], "lesson": True}) == Locks(
        True, ("nudge", "graph"), True
    )
    assert parse({"instruments": True}).hides("landscape")
    assert not parse({"instruments": ["nudge"]}).hides("landscape")
    with pytest.raises(ValueError, match="unknown key"):
        parse({"editors": True})
    with pytest.raises(ValueError, match="editor must be true or false"):
        parse({"editor": "yes"})
    with pytest.raises(ValueError, match="list of instrument keys"):
        parse({"instruments": [1]})


def test_a_wrong_locks_table_in_a_lesson_file_is_one_sentence(tmp_path):
    with pytest.raises(lessons.LessonError, match=r"lesson .*\[locks\] has unknown key"):
        lessons.load_file(locked_lesson(tmp_path, "hidden = true"))


def test_a_locked_lesson_hides_what_it_locks_and_another_lesson_unlocks(qtbot, tmp_path):
    window = open_window(qtbot)
    window.show_instrument("nudge")
    window.show_instrument("landscape")
    path = locked_lesson(tmp_path, 'editor = true\ninstruments = ["nudge", "graph"]\nlesson = true')
    assert window.open_path(path)
    assert not window.act_network.isVisible() and not window.act_network.isEnabled()
    for key in ("nudge", "graph"):
        assert not window.instrument_actions[key].isVisible()
    assert window.docks["nudge"].isHidden()  # closed as the lesson opened
    assert not window.docks["landscape"].isHidden()  # not locked: stays open
    assert window.instrument_actions["landscape"].isVisible()
    assert not window.lesson_picker.isEnabled() and not window.act_open.isEnabled()
    again = rebuilt(window)  # a language switch keeps the locks
    qtbot.addWidget(again)
    assert not again.lesson_picker.isEnabled() and not again.instrument_actions["nudge"].isVisible()
    assert again.open_lesson("edge-detector")  # a lesson the program opens (a script, a test)
    assert again.act_network.isVisible() and again.lesson_picker.isEnabled()
    assert all(act.isVisible() for act in again.instrument_actions.values())


def test_every_instrument_can_be_locked_at_once_and_a_session_file_opens_unlocked(qtbot, tmp_path):
    window = open_window(qtbot)
    assert window.open_path(locked_lesson(tmp_path, "instruments = true"))
    assert not any(act.isVisible() for act in window.instrument_actions.values())
    assert window.act_network.isVisible()  # only what is named is locked
    saved = tmp_path / "s.convstudio"
    assert window.save_session(saved)
    assert window.open_path(saved)
    assert all(act.isVisible() for act in window.instrument_actions.values())
