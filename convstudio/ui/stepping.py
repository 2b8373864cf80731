"""What the stepping commands do: a step by the chosen unit, a step that pauses training, reset, play."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMainWindow


def step(window: QMainWindow, direction: int) -> None:
    """One step of the unit the toolbar shows, forward (+1) or back (-1); predict mode may hold it."""
    w, s = window, window.session  # type: ignore[attr-defined]
    s.pause()
    if training_paused(w):
        return
    unit = w.unit.currentData()  # type: ignore[attr-defined]
    if direction > 0 and w.predict is not None and w.predict.intercept(unit):  # type: ignore[attr-defined]
        return  # predict mode: the step waits for the student's prediction
    moved = s.move(unit, direction)
    if not moved and direction < 0 and s.iteration == 0:
        w.statusBar().showMessage(
            QCoreApplication.translate("MainWindow", "This is the start of the first iteration."), 3000
        )


def training_paused(window: QMainWindow) -> bool:
    """A step while training runs stops it where it is (True): the student looks at that."""
    s = window.session  # type: ignore[attr-defined]
    if not s.training:
        return False
    s.cancel_training()
    window.statusBar().showMessage(
        QCoreApplication.translate(
            "MainWindow",
            "Training paused at the end of iteration {0}: step on from here, or run more "
            "iterations (Training > Run iterations).",
        ).format(s.iteration + 1),
        8000,
    )
    return True


def reset(window: QMainWindow) -> None:
    """Back to iteration 1 and its first weights, saying so when the session had to restart."""
    s = window.session  # type: ignore[attr-defined]
    first, last = s.first_kept, s.iteration
    if s.rewind():
        window.statusBar().showMessage(
            QCoreApplication.translate(
                "MainWindow",
                "Restarted from the first weights: the history kept only iterations {0} to {1}. "
                "Edit > Undo returns to the trained weights.",
            ).format(first + 1, last + 1),
            10000,
        )


def toggle_play(window: QMainWindow) -> None:
    """Autoplay on at the toolbar's speed and unit, or off."""
    s = window.session  # type: ignore[attr-defined]
    if s.playing:
        s.pause()
    else:
        s.play(window.speed.value(), window.unit.currentData())  # type: ignore[attr-defined]
