"""A loaded picture's preview: pixels drawn as pixels, and a sentence saying what loading did."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtGui import QColor, QImage

from convstudio.ui.look.loading_words import what_loading_did
from tests.ui.windows import open_window


def bar_png(path, size=8):
    """A sharp vertical white bar two pixels wide on black."""
    image = QImage(size, size, QImage.Format.Format_RGB888)
    image.fill(QColor(0, 0, 0))
    for y in range(size):
        for x in (size // 2 - 1, size // 2):
            image.setPixelColor(x, y, QColor(255, 255, 255))
    assert image.save(str(path))
    return path


def test_a_small_bar_stays_sharp_in_the_preview_and_the_title_says_it_was_kept(qtbot, tmp_path):
    window = open_window(qtbot, lesson="bars-classifier")
    spec = window.session.spec
    assert spec.height == spec.width == 6
    assert window.load_image(bar_png(tmp_path / "bar.png", 6))
    original = window.tensors.original
    assert original.isVisible()
    picture = original.picture.pixmap().toImage()
    assert picture.width() >= 40  # enlarged
    greys = {picture.pixelColor(x, picture.height() // 2).red() for x in range(picture.width())}
    assert greys <= {0, 255}  # black and white only: no smoothed grey ramp at the bar's edges
    assert "kept at 6×6 pixels" in original.title.text()


@pytest.mark.parametrize(
    ("shape", "target", "channels", "words"),
    [
        ((8, 8), (8, 8), 1, ["kept at 8×8 pixels"]),
        ((20, 30), (3, 3), 1, ["averaged down from 30×20 to 3×3 pixels", "stretched", "made grey"]),
        ((4, 4), (8, 8), 3, ["interpolated up from 4×4 to 8×8 pixels", "3 channels"]),
        ((4, 16), (8, 8), 1, ["resampled from 16×4 to 8×8", "stretched"]),
    ],
)
def test_the_sentence_says_what_loading_did(qapp, shape, target, channels, words):
    rgb = np.zeros((*shape, 3))
    rgb[..., 0] = 0.7  # in colour
    text = what_loading_did(rgb, *target, channels)
    for word in words:
        assert word in text
    if shape == target:
        assert "stretched" not in text


def test_a_grey_picture_is_not_said_to_be_made_grey(qapp):
    assert "grey" not in what_loading_did(np.full((8, 8, 3), 0.5), 8, 8, 1)
