"""Where ConvStudio's resources are: the same lookup from a checkout, a wheel and the frozen bundle."""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path


@cache
def resource_dir() -> Path:
    """The folder holding lessons/, images/, icons/ and fonts/."""
    here = Path(__file__).resolve().parent
    candidates = [
        here / "resources",  # installed wheel: resources/ is packaged as convstudio/resources
        here.parent / "resources",  # source checkout or editable install
    ]
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle is not None:  # PyInstaller bundle
        candidates.insert(0, Path(bundle) / "convstudio" / "resources")
    for path in candidates:
        if (path / "lessons").is_dir():
            return path
    raise FileNotFoundError("ConvStudio's resources folder is missing; reinstall ConvStudio")


def resource(*parts: str) -> Path:
    """A file inside the resources folder, e.g. resource("lessons", "worked-example.toml")."""
    return resource_dir().joinpath(*parts)
