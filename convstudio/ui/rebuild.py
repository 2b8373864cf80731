"""A new main window over the old one's session, showing what the old one showed: how a language
switch rebuilds every text of the window without a restart and without touching the session."""

from __future__ import annotations

from typing import Any


def rebuilt(old: Any) -> Any:
    """A window built now (in the language now installed) over ``old``'s session, with its open
    instruments, docks, splitters, step unit, speed and view choices; ``old`` is hidden and deleted."""
    from convstudio.ui import lesson_locks
    from convstudio.ui.main_window import MainWindow

    session = old.session
    new = MainWindow(session, restore_settings=False)
    session.setParent(new)  # the old window's children go with it; the session must not
    new._restore = old._restore  # closing the new window remembers the settings as the old would
    new._error_dialogs = old._error_dialogs
    new.autosaver, old.autosaver = old.autosaver, None
    for key, dock in old.docks.items():
        if not dock.isHidden():
            new.show_instrument(key)
    if old.act_predict.isChecked():
        new.set_predict(True)
    new.unit.setCurrentIndex(old.unit.currentIndex())
    new.speed.setValue(old.speed.value())
    if old.act_input_grad.isChecked():
        new.act_input_grad.setChecked(True)
        new.tensors.set_input_grad(True)
    new.zoom(old.equations.zoom)
    new.tensors.follow.setChecked(old.tensors.follow.isChecked())
    if old.loss_panel is not None:
        new._log_scale = old.loss_panel.log.isChecked()
    new._lesson_changed(session.lesson)
    lesson_locks.apply(new, old.locks)
    new._playing_changed(session.playing)
    new.restoreGeometry(old.saveGeometry())
    if old.isVisible():
        new.show()
    new.resize(old.size())  # once shown: a window not yet shown keeps a size of its own
    new.restoreState(old.saveState())
    new.main.restoreState(old.main.saveState())
    new.bottom.restoreState(old.bottom.saveState())
    new.finish_startup(now=True)
    old.hide()
    old.deleteLater()
    return new
