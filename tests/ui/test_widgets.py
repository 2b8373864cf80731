"""The shared widgets: signals_blocked and the image, filter and channel pickers."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QSpinBox

from convstudio.ui.widgets.pickers import Pickers
from convstudio.ui.widgets.signals import signals_blocked


def test_signals_blocked_silences_every_object_and_lets_them_speak_again(qapp):
    boxes = QSpinBox(), QSpinBox()
    heard: list[int] = []
    for box in boxes:
        box.valueChanged.connect(heard.append)
    with signals_blocked(*boxes):
        boxes[0].setValue(3)
        boxes[1].setValue(4)
    assert heard == []
    boxes[0].setValue(5)
    assert heard == [5]


def test_signals_blocked_unblocks_after_an_exception_and_keeps_an_outer_block(qapp):
    box = QSpinBox()
    with pytest.raises(RuntimeError), signals_blocked(box):
        raise RuntimeError("inside")
    assert not box.signalsBlocked()
    with signals_blocked(box):
        with signals_blocked(box):
            pass
        assert box.signalsBlocked()  # the inner block does not end the outer one
    assert not box.signalsBlocked()


def test_pickers_show_a_box_only_when_there_is_a_choice_and_set_values_quietly(qapp):
    pickers = Pickers("follow", lone_follow=False)
    heard: list[int] = []
    pickers.boxes["f"].valueChanged.connect(heard.append)
    pickers.configure({"n": 1, "f": 3, "c": 1})
    assert [pickers.boxes[k].isVisibleTo(pickers) for k in "nfc"] == [False, True, False]
    assert pickers.follow.isVisibleTo(pickers)
    pickers.set_value("f", 2)
    assert pickers.value("f") == 2 and heard == []
    pickers.configure({"n": 1, "f": 1, "c": 1})
    assert not pickers.follow.isVisibleTo(pickers)
    always = Pickers("follow")
    always.configure({"n": 1, "f": 1, "c": 1})
    assert always.follow.isVisibleTo(always)
