"""``signals_blocked``: set a widget's value from code without its signals answering as if the user had."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from PySide6.QtCore import QObject


@contextmanager
def signals_blocked(*objects: QObject) -> Iterator[None]:
    """Block the signals of ``objects`` inside the ``with`` block; each is left as it was before,
    also when the block raises (napari's ``qt_signals_blocked``)."""
    before = [o.blockSignals(True) for o in objects]
    try:
        yield
    finally:
        for o, was in zip(objects, before, strict=True):
            o.blockSignals(was)
