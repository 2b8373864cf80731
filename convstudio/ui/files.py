"""The window's files: opening lessons, sessions and images, saving, screenshots and the recovery offer.

Every failure is said through the window's ``show_error`` and leaves the session as it was (the
session guarantees it); ``raise_errors`` hands the error to the caller instead (the command line).
This module never imports the window: the window imports it.
"""

from __future__ import annotations

import datetime
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QLocale
from PySide6.QtWidgets import QFileDialog, QMainWindow, QMessageBox

from convstudio.engine import lessons
from convstudio.engine.data_set import MAX_NAME
from convstudio.engine.lesson_locks import Locks
from convstudio.ui import language, lesson_locks

SESSION_FILTER = QT_TRANSLATE_NOOP("Files", "ConvStudio sessions (*.convstudio *.json)")
IMAGE_FILTER = QT_TRANSLATE_NOOP("Files", "Images (*.png *.jpg *.jpeg *.bmp *.gif)")
LESSON_FILTER = QT_TRANSLATE_NOOP("Files", "Lessons (*.toml)")


def _translated(text: str) -> str:
    """``text``, marked with QT_TRANSLATE_NOOP in this module's context, in the window's language."""
    return QCoreApplication.translate("Files", text)


class Files:
    """Opens and saves for ``window`` (the main window), through its session and its dialogs."""

    def __init__(self, window: QMainWindow) -> None:
        self.window = window
        self.session = window.session  # type: ignore[attr-defined]

    def open_lesson(self, name: str, *, raise_errors: bool = False) -> bool:
        """The bundled lesson ``name``."""
        try:
            lesson = lessons.load(name)
        except lessons.LessonError as error:
            if raise_errors:
                raise
            self.window.show_error(str(error))  # type: ignore[attr-defined]
            return False
        self.window.lesson_panel.know_bundled(lesson)  # type: ignore[attr-defined]
        return self._open(lesson)

    def _open(self, lesson: lessons.Lesson) -> bool:
        language.remember_lesson(lesson.text, lesson.translations)
        if not self.session.start(lesson):
            return False
        lesson_locks.apply(self.window, lesson.locks)
        return True

    def open_path(self, path: Path, *, raise_errors: bool = False) -> bool:
        """A session file, a lesson file (.toml) or an image, by its name's ending."""
        try:
            if path.suffix.lower() == ".toml":
                return self._open(lessons.load_file(path))
            if path.suffix.lower() in (".convstudio", ".json"):
                from convstudio.io import sessionfile

                state, text = sessionfile.load_state(path)
                if not self.session.open_state(state, text):
                    return False
                lesson_locks.apply(self.window, Locks())  # a session file opens unlocked
                return True
            else:
                return self.load_image(path, raise_errors=True)
        except ValueError as error:
            if raise_errors:
                raise
            self.window.show_error(str(error))  # type: ignore[attr-defined]
            return False
        return True

    def open_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self.window,
            QCoreApplication.translate("Files", "Open"),
            "",
            f"{_translated(SESSION_FILTER)};;{_translated(IMAGE_FILTER)};;{_translated(LESSON_FILTER)}",
        )
        if path:
            self.open_path(Path(path))

    def save_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self.window,
            QCoreApplication.translate("Files", "Save session"),
            "session.convstudio",
            _translated(SESSION_FILTER),
        )
        if path:
            self.save_session(Path(path))

    def save_session(self, path: Path) -> bool:
        """Everything, to ``path``; the undo stack is clean once it is written."""
        from convstudio.io import sessionfile

        try:
            sessionfile.save_state(path, self.session.state(), self.session.lesson_text)
        except (OSError, ValueError) as error:
            self.window.show_error(
                QCoreApplication.translate("Files", "The session could not be saved: {0}").format(error)
            )  # type: ignore[attr-defined]
            return False
        self.session.undo_stack.setClean()
        self.window.statusBar().showMessage(
            QCoreApplication.translate("Files", "Saved {0}").format(path.name), 4000
        )
        return True

    def load_image_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self.window, QCoreApplication.translate("Files", "Load image"), "", _translated(IMAGE_FILTER)
        )
        if path:
            self.load_image(Path(path))

    def load_image(self, path: Path, *, raise_errors: bool = False) -> bool:
        """The picture at ``path`` as the input, fitted to the network; the panel shows the original."""
        from convstudio.io import images

        try:
            rgb, x = images.load_input(path, self.session.spec)
        except ValueError as error:
            if raise_errors:
                raise
            self.window.show_error(str(error))  # type: ignore[attr-defined]
            return False
        if not self.session.set_input(
            x, QCoreApplication.translate("Files", "Load image {0}").format(path.name)
        ):
            return False
        height, width = rgb.shape[:2]
        self.window.tensors.show_original(rgb, f"{path.name} ({width}×{height})")  # type: ignore[attr-defined]
        return True

    def image_folder_dialog(self) -> None:
        """File ▸ Open image folder: a folder of one subfolder per class becomes the data set."""
        from convstudio.ui.dialogs.image_folder import open_image_folder

        show_error = self.window.show_error  # type: ignore[attr-defined]
        shape = self.session.network["input"]
        channels, height, width = (shape[k] for k in ("channels", "height", "width"))
        data = open_image_folder(self.window, channels, height, width, show_error)
        if data is not None:
            self.use_image_folder(data.folder.name, data.images, data.labels, len(data.classes), data.classes)

    def use_image_folder(self, name: str, images, labels, n_classes: int, classes=()) -> bool:  # type: ignore[no-untyped-def]
        """Learn from a folder's labelled images (``classes``: its subfolders' names); the status bar
        says how many and in what batches."""
        if not self.session.set_data(
            images,
            labels,
            n_classes,
            QCoreApplication.translate("Files", "Open image folder {0}").format(name),
            tuple(c[:MAX_NAME] for c in classes),
        ):
            return False
        batches = self.session.data.batches
        self.window.statusBar().showMessage(  # type: ignore[attr-defined]
            QCoreApplication.translate(
                "Files", "Learning from {0} images of {1} classes in “{2}”: {3} batches of {4} an epoch"
            ).format(len(images), n_classes, name, batches.per_epoch, batches.batch_size),
            8000,
        )
        return True

    def screenshot_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(
            self.window,
            QCoreApplication.translate("Files", "Save screenshot"),
            "convstudio.png",
            QCoreApplication.translate("Files", "PNG images (*.png)"),
        )
        if path and not self.window.grab().save(path):
            self.window.show_error(
                QCoreApplication.translate("Files", "Cannot write {0}").format(Path(path).name)
            )  # type: ignore[attr-defined]

    def offer_recovery(self, path: Path, *, ask: bool = True) -> bool:
        """After a crash the recovery file is still there: offer it (or take it when ``ask`` is False)."""
        from convstudio.session import autosave

        if not autosave.recoverable(path):
            return False
        if ask:
            answer = QMessageBox.question(
                self.window,
                QCoreApplication.translate("Files", "Restore your work?"),
                QCoreApplication.translate(
                    "Files",
                    "ConvStudio did not close properly last time. "
                    "Restore the session it saved automatically{0}?",
                ).format(_describe_saved(path)),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.Yes,
            )
            if answer != QMessageBox.StandardButton.Yes:
                return False
        if self.open_path(path):
            self.window.statusBar().showMessage(
                QCoreApplication.translate("Files", "Restored the session saved before ConvStudio stopped."),
                8000,
            )
            return True
        return False


def _describe_saved(path: Path) -> str:
    """What the offer says of the saved session, e.g. ' (The worked example, iteration 7, saved at
    14:02 on 3 March)'; nothing if the file cannot be read."""
    from convstudio.io import sessionfile

    try:
        state, _ = sessionfile.load_state(path)
        saved = datetime.datetime.fromtimestamp(path.stat().st_mtime)
    except (OSError, ValueError):
        return ""  # opening it will say what is wrong
    title = (
        lessons.title(state.lesson or "", language.current())
        or state.lesson
        or QCoreApplication.translate("Files", "your own network")
    )
    when = QLocale().toString(saved, QCoreApplication.translate("Files", "HH:mm 'on' d MMMM"))
    return QCoreApplication.translate("Files", " ({0}, iteration {1}, saved at {2})").format(
        title, state.iteration + 1, when
    )
