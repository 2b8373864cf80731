"""GUI tests run offscreen and never touch the user's real settings."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path, qapp):
    from PySide6.QtCore import QCoreApplication

    from convstudio import settings

    QCoreApplication.setOrganizationName("ConvStudioTests")
    QCoreApplication.setApplicationName("ConvStudioTests")
    settings.use_folder(tmp_path / "settings")
    yield tmp_path / "settings"
