"""The main window as its tests open it (active, so that shortcuts reach it), and readings of what
the panels show against what the engine says."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage

from convstudio.ui.main_window import MainWindow
from tests.ui.windows import open_window

ROOT = Path(__file__).resolve().parents[3]
I0 = [[1, 2, 0], [0, 1, 3], [2, 1, 0]]
W0 = [[0.5, -1], [1, 0.5]]
W1 = [[0.575, -0.8875], [1.075, 0.59375]]


def make_window(qtbot, lesson="worked-example", size=(1280, 800), restore=False) -> MainWindow:
    return open_window(qtbot, lesson, size, restore, active=True)  # shortcuts go to the active window


def shown(window, name):
    """What the matrix view of ``name`` shows now (NaN: not computed yet)."""
    return window.tensors.view(name).values()


def expected(trace, cursor, name):
    """What the engine says ``name`` is at ``cursor``, as the view of the first image shows it."""
    values = np.asarray(trace.value_at(name, cursor), dtype=np.float64)
    return values[0, 0] if values.ndim == 4 else values.reshape(1, -1) if values.ndim < 2 else values


def cells(index, ndim):
    """The (row, col) of tensor cells in a view of the first image, filter and channel."""
    out = set()
    for i in np.asarray(index).reshape(len(index), -1):
        i = tuple(int(v) for v in i)
        if ndim == 4 and i[:2] == (0, 0):
            out.add(i[2:])
        elif ndim == 2:
            out.add(i)
        elif ndim in (0, 1):
            out.add((0, i[0]) if i else (0, 0))
    return out


def points(loss) -> int:
    """How many points the loss curve draws."""
    x = loss.curve.getData()[0]
    return 0 if x is None else len(x)


def press(qtbot, window, key, times=1, modifier=Qt.KeyboardModifier.NoModifier):
    for _ in range(times):
        qtbot.keyClick(window, key, modifier)


def png_file(path: Path, width: int, height: int, rgb=(200, 100, 50)) -> Path:
    image = QImage(width, height, QImage.Format.Format_RGB888)
    image.fill(QColor(*rgb))
    assert image.save(str(path))
    return path
