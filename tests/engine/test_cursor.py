"""Which step a cursor shows: the one being added term by term, else the last one completed."""

from __future__ import annotations

from convstudio.engine.cursor import Cursor


def test_a_cursor_shows_the_step_in_progress_else_the_last_completed():
    assert (Cursor(0, 0).shown, Cursor(0, 0).adding) == (-1, False)  # nothing computed yet
    assert (Cursor(3, 0).shown, Cursor(3, 0).adding) == (2, False)
    assert (Cursor(3, 2).shown, Cursor(3, 2).adding) == (3, True)
