"""The window's commands: every QAction with its words, keys and tip, and the toolbars and menus.

``add_to(window)`` sets the actions and toolbar widgets on the window as attributes (``act_step``,
``unit``, ``lesson_picker``...), as a Qt Designer ``setupUi`` does; what a command does lives in
``stepping``, ``files`` or the window (docks, view). This module never imports the window: the
window imports it.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QInputDialog,
    QLabel,
    QMainWindow,
    QMenu,
    QMessageBox,
    QSizePolicy,
    QSlider,
    QToolBar,
    QToolButton,
    QWidget,
)

from convstudio import __version__
from convstudio.engine import lessons
from convstudio.engine.cursor import UNITS
from convstudio.ui import export, language, language_menu, stepping
from convstudio.ui.dialogs import help_menu
from convstudio.ui.instruments.registry import INSTRUMENTS
from convstudio.ui.look import words

Keys = QKeySequence | QKeySequence.StandardKey | Qt.Key | str
#: The redo keys: Ctrl+Shift+Z and Ctrl+Y, as every platform's Redo is one of them, then the platform's own.
REDO_KEYS = ["Ctrl+Shift+Z", "Ctrl+Y"]


def _tr(text: str) -> str:
    # lupdate reads _tr() as tr() (packaging/translations.py), which outside a class has no context.
    return QCoreApplication.translate("", text)


def add_to(window: QMainWindow) -> None:
    """Give ``window`` its actions, its two toolbars and its menus."""
    _stepping_actions(window)
    _toolbars(window)
    _menus(window)


def action(
    window: QMainWindow, text: str, slot, keys: Keys | list[Keys] | None = None, tip: str = ""
) -> QAction:  # type: ignore[no-untyped-def]
    """An action of ``window`` (so its keys work wherever the focus is in the window); the tooltip
    names its first key."""
    act = QAction(text, window)
    sequences = [QKeySequence(key) for key in (keys if isinstance(keys, list) else [keys] if keys else [])]
    sequences = [key for key in sequences if not key.isEmpty()]  # a standard key this platform lacks
    if sequences:
        act.setShortcuts(sequences)
        act.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
    if tip:
        act.setToolTip(f"{tip} ({sequences[0].toString()})" if sequences else tip)
        act.setStatusTip(tip)
    act.triggered.connect(slot)
    window.addAction(act)
    return act


def _stepping_actions(w) -> None:  # type: ignore[no-untyped-def]
    s = w.session
    w.act_back = action(
        w, _tr("◀ Back"), lambda: stepping.step(w, -1), [Qt.Key.Key_Left, Qt.Key.Key_PageUp], _tr("Step back")
    )
    w.act_step = action(
        w,
        _tr("Step ▶"),
        lambda: stepping.step(w, +1),
        [Qt.Key.Key_Right, Qt.Key.Key_PageDown],
        _tr("Step forward"),
    )
    w.act_phase_back = action(
        w,
        _tr("◀◀ Phase"),
        lambda: stepping.training_paused(w) or s.move("phase", -1),
        "Shift+Left",
        _tr("Back to the start of the phase"),
    )
    w.act_phase = action(
        w,
        _tr("Phase ▶▶"),
        lambda: stepping.training_paused(w) or s.run_to_phase_end(),
        "Shift+Right",
        _tr("Run to the end of the phase"),
    )
    w.act_play = action(
        w, _tr("Play"), lambda: stepping.toggle_play(w), Qt.Key.Key_Space, _tr("Play or pause")
    )
    w.act_reset = action(
        w, _tr("Reset"), lambda: stepping.reset(w), "Home", _tr("Back to the first iteration")
    )
    w.act_predict = action(
        w,
        _tr("&Predict before each step"),
        w.set_predict,
        "Ctrl+P",
        _tr("Type what the next step will give before it shows"),
    )
    w.act_predict.setCheckable(True)
    w.act_predict.setIconText(_tr("Predict"))
    w.act_undo = s.undo_stack.createUndoAction(w, _tr("Undo"))
    w.act_undo.setShortcut(QKeySequence.StandardKey.Undo)
    w.act_redo = s.undo_stack.createRedoAction(w, _tr("Redo"))
    # Each key once: a key bound twice triggers nothing (Qt's "Ambiguous shortcut overload").
    redo = [QKeySequence(key) for key in REDO_KEYS] + QKeySequence.keyBindings(QKeySequence.StandardKey.Redo)
    w.act_redo.setShortcuts([QKeySequence(text) for text in dict.fromkeys(key.toString() for key in redo)])
    w.addActions([w.act_undo, w.act_redo])


def _toolbars(w) -> None:  # type: ignore[no-untyped-def]
    bar = w.stepping_bar = QToolBar(_tr("Stepping"))
    bar.setObjectName("stepping")
    bar.setMovable(False)
    bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    w.addToolBar(bar)
    bar.findChild(QToolButton, "qt_toolbar_ext_button").setAccessibleName(_tr("More commands"))
    for act in (w.act_reset, w.act_phase_back, w.act_back, w.act_step, w.act_phase):
        bar.addAction(act)
    # Predict through a button of its own, which a narrow window can leave to the Step menu (Ctrl+P).
    predict = QToolButton()
    predict.setDefaultAction(w.act_predict)
    predict.setAutoRaise(True)
    predict.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    w.predict_button = bar.addWidget(predict)
    bar.addSeparator()
    w.by_label = bar.addWidget(QLabel(_tr(" By ")))
    w.unit = QComboBox()
    for unit in UNITS:
        w.unit.addItem(words.unit(unit), unit)
    w.unit.setCurrentIndex(UNITS.index("element"))
    w.unit.setAccessibleName(_tr("Step by"))
    w.unit.setToolTip(
        _tr("How far one step goes: a term of a sum, an element, a layer, a phase or a whole iteration")
    )
    bar.addWidget(w.unit)
    bar.addAction(w.act_play)
    w.speed = QSlider(Qt.Orientation.Horizontal)
    w.speed.setRange(1, 60)
    w.speed.setValue(4)
    w.speed.setFixedWidth(76)
    w.speed.setAccessibleName(_tr("Autoplay speed"))
    w.speed.valueChanged.connect(lambda value: _speed_changed(w, value))
    bar.addWidget(w.speed)
    w.speed_label = QLabel()
    w.speed_label.setMinimumWidth(52)
    w.speed_figure = bar.addWidget(w.speed_label)
    _speed_changed(w, w.speed.value())
    # The iteration counter and the lesson picker have a toolbar of their own, which moves to a
    # second row when the window is too narrow for both (projector mode, 1024 pixels).
    bar = w.lesson_bar = QToolBar(_tr("Lesson"))
    bar.setObjectName("lesson")
    bar.setMovable(False)
    w.addToolBar(bar)
    bar.findChild(QToolButton, "qt_toolbar_ext_button").setAccessibleName(_tr("More commands"))
    w.position = QLabel()
    w.position.setMinimumWidth(200)
    bar.addWidget(w.position)
    spacer = QWidget()
    spacer.setSizePolicy(QSizePolicy.Policy.Expanding, spacer.sizePolicy().verticalPolicy())
    bar.addWidget(spacer)
    w.lesson_label = bar.addWidget(QLabel(_tr("Lesson ")))
    picker = w.lesson_picker = QComboBox()
    picker.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    picker.setMinimumContentsLength(14)
    picker.setPlaceholderText(_tr("(no lesson)"))
    for entry in lessons.catalogue():
        picker.addItem(entry.titles.get(language.current(), entry.title), entry.name)
    picker.setToolTip(_tr("Open a lesson"))
    picker.setAccessibleName(_tr("Lesson"))
    picker.activated.connect(lambda i: w.open_lesson(picker.itemData(i)))
    bar.addWidget(picker)


def _speed_changed(w, value: int) -> None:  # type: ignore[no-untyped-def]
    w.speed_label.setText(_tr("{0}/s").format(value))
    w.speed.setToolTip(_tr("Autoplay speed: {0} steps a second").format(value))
    w.session.set_speed(value)


def _menus(w) -> None:  # type: ignore[no-untyped-def]
    bar = w.menuBar()
    _file_menu(w, bar.addMenu(_tr("&File")))
    edit = bar.addMenu(_tr("&Edit"))
    edit.addActions([w.act_undo, w.act_redo])
    edit.addSeparator()
    w.act_network = action(w, _tr("&Network…"), lambda: _edit_network(w), "Ctrl+N", _tr("Change the network"))
    edit.addAction(w.act_network)
    edit.addAction(
        action(w, _tr("Re-&initialise weights…"), lambda: _reinitialise(w), None, _tr("Fresh random weights"))
    )
    _step_menu(w, bar.addMenu(_tr("&Step")))
    _view_menu(w, bar.addMenu(_tr("&View")))
    instruments = bar.addMenu(_tr("&Instruments"))
    w.instrument_actions = {}
    for instrument in INSTRUMENTS:
        act = action(
            w,
            instrument.shown_title(),
            lambda on, i=instrument: w.show_instrument(i.key, on),
            instrument.shortcut,
            instrument.shown_tip(),
        )
        act.setCheckable(True)
        instruments.addAction(act)
        w.instrument_actions[instrument.key] = act
    train = bar.addMenu(_tr("&Training"))
    train.addAction(
        action(w, _tr("&Run iterations…"), lambda: _train(w), "Ctrl+T", _tr("Train many iterations"))
    )
    w.act_cancel = action(w, _tr("&Cancel training"), w.session.cancel_training, "Esc", _tr("Stop training"))
    train.addAction(w.act_cancel)
    help_ = bar.addMenu(_tr("&Help"))
    help_menu.fill_menu(w, help_)
    help_.addSeparator()
    help_.addAction(action(w, _tr("&About ConvStudio"), lambda: _about(w), None, _tr("About")))


def _file_menu(w, menu: QMenu) -> None:  # type: ignore[no-untyped-def]
    f = w.files
    w.act_open = action(
        w, _tr("&Open…"), f.open_dialog, QKeySequence.StandardKey.Open, _tr("Open a session or an image")
    )
    menu.addAction(w.act_open)
    menu.addAction(
        action(w, _tr("&Save session…"), f.save_dialog, QKeySequence.StandardKey.Save, _tr("Save everything"))
    )
    menu.addAction(
        action(w, _tr("Load &image…"), f.load_image_dialog, None, _tr("Use your own picture as input"))
    )
    folder_tip = _tr("Learn from a folder of your own pictures, one subfolder per class")
    menu.addAction(action(w, _tr("Open image &folder…"), f.image_folder_dialog, None, folder_tip))
    menu.addSeparator()
    menu.addAction(
        action(w, _tr("Save &screenshot…"), f.screenshot_dialog, None, _tr("Save the window as PNG"))
    )
    menu.addMenu(export.menu(w))
    menu.addSeparator()
    menu.addAction(action(w, _tr("&Quit"), w.close, QKeySequence.StandardKey.Quit, _tr("Quit ConvStudio")))


def _step_menu(w, menu: QMenu) -> None:  # type: ignore[no-untyped-def]
    menu.addActions([w.act_step, w.act_back, w.act_phase, w.act_phase_back, w.act_play, w.act_reset])
    menu.addSeparator()
    menu.addAction(w.act_predict)
    menu.addSeparator()
    for key, unit in zip("12345", UNITS, strict=True):
        menu.addAction(
            action(
                w,
                _tr("Step by {0}").format(words.unit(unit)),
                lambda _=False, u=unit: w.unit.setCurrentIndex(UNITS.index(u)),
                f"Ctrl+{key}",
            )
        )


def _view_menu(w, menu: QMenu) -> None:  # type: ignore[no-untyped-def]
    w.act_input_grad = action(
        w,
        _tr("Show dL/d&I"),
        w.tensors.set_input_grad,
        None,
        _tr("Also compute and show the input's gradient"),
    )
    w.act_input_grad.setCheckable(True)
    menu.addAction(w.act_input_grad)
    menu.addAction(w.network_dock.toggleViewAction())
    menu.addAction(
        action(
            w,
            _tr("&Larger text"),
            lambda: w.zoom(1.15),
            QKeySequence.StandardKey.ZoomIn,
            _tr("Larger equations (projector)"),
        )
    )
    menu.addAction(
        action(
            w,
            _tr("&Smaller text"),
            lambda: w.zoom(1 / 1.15),
            QKeySequence.StandardKey.ZoomOut,
            _tr("Smaller equations"),
        )
    )
    menu.addSeparator()
    w.act_projector = action(
        w, _tr("&Projector mode"), w.set_projector, "F5", _tr("Everything larger, for a classroom")
    )
    w.act_projector.setCheckable(True)
    menu.addAction(w.act_projector)
    w.act_dark = action(w, _tr("&Dark palette"), w.set_dark, None, _tr("Light text on a dark background"))
    w.act_dark.setCheckable(True)
    menu.addAction(w.act_dark)
    from convstudio.ui.look import text_size_menu, theme_menu

    theme_menu.add(w, menu)
    text_size_menu.add(w, menu)
    language_menu.add(w, menu)


def _edit_network(w) -> None:  # type: ignore[no-untyped-def]
    from convstudio.ui.dialogs.network_editor import NetworkEditor

    session = w.session
    dialog = NetworkEditor(session.network, int(session.x.shape[0]), w)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.accepted.connect(lambda: session.apply_network(dialog.network, dialog.batch, dialog.origins))
    dialog.open()


def _reinitialise(w) -> None:  # type: ignore[no-untyped-def]
    seed, ok = QInputDialog.getInt(
        w, _tr("Re-initialise weights"), _tr("Seed:"), w.session.seed + 1, 0, 2**31 - 1
    )
    if ok:
        w.session.reinitialise(seed)


def _train(w) -> None:  # type: ignore[no-untyped-def]
    count, ok = QInputDialog.getInt(w, _tr("Train"), _tr("Iterations to run:"), 100, 1, 1_000_000, 10)
    if ok:
        w.session.train(count)


def _about(w) -> None:  # type: ignore[no-untyped-def]
    QMessageBox.about(
        w,
        _tr("About ConvStudio"),
        _tr(
            "<b>ConvStudio {0}</b><p>See how a convolutional network learns its filters, one multiply-add "
            "at a time.</p>"
        ).format(__version__),
    )
