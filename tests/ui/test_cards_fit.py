"""No matrix is cut off: a card that cannot hold its views stacked puts them side by side (the digits
lesson's b¹ and dL/db¹ beside the classifier dock were cut at 1280x800)."""

from __future__ import annotations

import pytest

from tests.ui.windows import open_window


@pytest.mark.parametrize(
    ("lesson", "size", "dock"),
    [
        ("digits", (1280, 800), "classifier"),
        ("digits", (1024, 768), None),
        ("two-conv-layers", (1024, 768), None),
    ],
)
def test_every_view_lies_inside_its_card(qtbot, lesson, size, dock):
    window = open_window(qtbot, lesson, size=size)
    if dock is not None:
        window.show_instrument(dock)
    for _ in range(3):
        qtbot.wait(20)
    cards = window.tensors.cards
    assert cards
    for key, card in cards.items():
        for name, view in card.views.items():
            g = view.geometry()
            assert g.height() >= view.minimumHeight(), (key, name)
            assert g.bottom() < card.height() and g.right() < card.width(), (key, name, g, card.size())


@pytest.mark.parametrize("lesson", ["digits", "two-conv-layers"])
def test_projector_mode_at_1024_fits_the_window_to_the_screen(qtbot, lesson):
    window = open_window(qtbot, lesson, size=(1024, 768))
    window.set_projector(True)
    try:
        window.resize(1024, 768)
        qtbot.wait(20)
        assert window.minimumSizeHint().width() <= 1024  # the digits' picker row asked for 1041
        assert window.width() <= 1024
    finally:
        window.set_projector(False)
