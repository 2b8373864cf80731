"""The main window tests' fixtures: the app's own look for every test, and a window on the worked
example."""

from __future__ import annotations

import pytest

from convstudio.ui.look import theme
from tests.ui.main_window.helpers import make_window


@pytest.fixture(autouse=True)
def themed(qapp):
    """The look the app has (bundled font, Fusion, palette), put back as it was afterwards."""
    font, palette, style = qapp.font(), qapp.palette(), qapp.style().name()
    theme.apply(qapp)
    yield
    qapp.setFont(font)
    qapp.setStyle(style)
    qapp.setPalette(palette)


@pytest.fixture
def window(qtbot):
    return make_window(qtbot)
