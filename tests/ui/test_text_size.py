"""View ▸ Text size scales every font of the window, combines with projector mode and is remembered."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QApplication

from convstudio import settings
from convstudio.ui.look import text_size_menu, theme
from tests.ui.windows import open_window


@pytest.fixture
def normal_size():
    """The font's points at text size 1.0 with projector mode off; put back afterwards."""
    app = QApplication.instance()
    theme.set_projector(app, False)
    theme.set_text_size(app, 1.0)
    yield QApplication.font().pointSizeF()
    theme.set_projector(app, False)
    theme.set_text_size(app, 1.0)


def pick(window, factor: float) -> None:  # type: ignore[no-untyped-def]
    (act,) = [a for a in window.text_size_group.actions() if a.data() == factor]
    act.trigger()


def test_a_text_size_scales_every_font_and_the_cells(qtbot, normal_size):
    window = open_window(qtbot)
    view = window.tensors.view("W")
    cell = view.max_cell()
    pick(window, 1.5)
    assert QApplication.font().pointSizeF() == pytest.approx(normal_size * 1.5)
    qtbot.waitUntil(lambda: window.menuBar().font().pointSizeF() == pytest.approx(normal_size * 1.5))
    qtbot.waitUntil(lambda: window.tensors.view("W").max_cell() == pytest.approx(cell * 1.5))
    window.set_projector(True)
    assert QApplication.font().pointSizeF() == pytest.approx(normal_size * 1.5 * theme.PROJECTOR_SCALE)
    window.set_projector(False)
    assert QApplication.font().pointSizeF() == pytest.approx(normal_size * 1.5)
    assert [a.isChecked() for a in window.text_size_group.actions()].count(True) == 1


def test_the_text_size_is_remembered(qtbot, normal_size):
    window = open_window(qtbot, restore=True)
    pick(window, 0.9)
    assert settings.read_float("text_size") == pytest.approx(0.9)
    window.close()
    theme.set_text_size(QApplication.instance(), 1.0)
    again = open_window(qtbot, restore=True)
    assert QApplication.font().pointSizeF() == pytest.approx(normal_size * 0.9)
    checked = [a.data() for a in again.text_size_group.actions() if a.isChecked()]
    assert checked == [0.9]


def test_a_size_not_offered_falls_back_to_normal(qtbot, normal_size):
    settings.write("text_size", 7.0)
    assert text_size_menu.remembered() == 1.0
    open_window(qtbot)
    assert QApplication.font().pointSizeF() == pytest.approx(normal_size)
