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
        w,
        QCoreApplication.translate("MainWindow", "◀ Back"),
        lambda: stepping.step(w, -1),
        [Qt.Key.Key_Left, Qt.Key.Key_PageUp],
        QCoreApplication.translate("MainWindow", "Step back"),
    )
    w.act_step = action(
        w,
        QCoreApplication.translate("MainWindow", "Step ▶"),
        lambda: stepping.step(w, +1),
        [Qt.Key.Key_Right, Qt.Key.Key_PageDown],
        QCoreApplication.translate("MainWindow", "Step forward"),
    )
    w.act_phase_back = action(
        w,
        QCoreApplication.translate("MainWindow", "◀◀ Phase"),
        lambda: stepping.training_paused(w) or s.move("phase", -1),
        "Shift+Left",
        QCoreApplication.translate("MainWindow", "Back to the start of the phase"),
    )
    w.act_phase = action(
        w,
        QCoreApplication.translate("MainWindow", "Phase ▶▶"),
        lambda: stepping.training_paused(w) or s.run_to_phase_end(),
        "Shift+Right",
        QCoreApplication.translate("MainWindow", "Run to the end of the phase"),
    )
    w.act_play = action(
        w,
        QCoreApplication.translate("MainWindow", "Play"),
        lambda: stepping.toggle_play(w),
        Qt.Key.Key_Space,
        QCoreApplication.translate("MainWindow", "Play or pause"),
    )
    w.act_reset = action(
        w,
        QCoreApplication.translate("MainWindow", "Reset"),
        lambda: stepping.reset(w),
        "Home",
        QCoreApplication.translate("MainWindow", "Back to the first iteration"),
    )
    w.act_predict = action(
        w,
        QCoreApplication.translate("MainWindow", "&Predict before each step"),
        w.set_predict,
        "Ctrl+P",
        QCoreApplication.translate("MainWindow", "Type what the next step will give before it shows"),
    )
    w.act_predict.setCheckable(True)
    w.act_predict.setIconText(QCoreApplication.translate("MainWindow", "Predict"))
    w.act_undo = s.undo_stack.createUndoAction(w, QCoreApplication.translate("MainWindow", "Undo"))
    w.act_undo.setShortcut(QKeySequence.StandardKey.Undo)
    w.act_redo = s.undo_stack.createRedoAction(w, QCoreApplication.translate("MainWindow", "Redo"))
    # Each key once: a key bound twice triggers nothing (Qt's "Ambiguous shortcut overload").
    redo = [QKeySequence(key) for key in REDO_KEYS] + QKeySequence.keyBindings(QKeySequence.StandardKey.Redo)
    w.act_redo.setShortcuts([QKeySequence(text) for text in dict.fromkeys(key.toString() for key in redo)])
    w.addActions([w.act_undo, w.act_redo])


def _toolbars(w) -> None:  # type: ignore[no-untyped-def]
    bar = w.stepping_bar = QToolBar(QCoreApplication.translate("MainWindow", "Stepping"))
    bar.setObjectName("stepping")
    bar.setMovable(False)
    bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
    w.addToolBar(bar)
    bar.findChild(QToolButton, "qt_toolbar_ext_button").setAccessibleName(
        QCoreApplication.translate("MainWindow", "More commands")
    )
    for act in (w.act_reset, w.act_phase_back, w.act_back, w.act_step, w.act_phase, w.act_predict):
        bar.addAction(act)
    bar.addSeparator()
    bar.addWidget(QLabel(QCoreApplication.translate("MainWindow", " By ")))
    w.unit = QComboBox()
    for unit in UNITS:
        w.unit.addItem(words.unit(unit), unit)
    w.unit.setCurrentIndex(UNITS.index("element"))
    w.unit.setAccessibleName(QCoreApplication.translate("MainWindow", "Step by"))
    w.unit.setToolTip(
        QCoreApplication.translate(
            "MainWindow",
            "How far one step goes: a term of a sum, an element, a layer, a phase or a whole iteration",
        )
    )
    bar.addWidget(w.unit)
    bar.addAction(w.act_play)
    w.speed = QSlider(Qt.Orientation.Horizontal)
    w.speed.setRange(1, 60)
    w.speed.setValue(4)
    w.speed.setFixedWidth(76)
    w.speed.setAccessibleName(QCoreApplication.translate("MainWindow", "Autoplay speed"))
    w.speed.valueChanged.connect(lambda value: _speed_changed(w, value))
    bar.addWidget(w.speed)
    w.speed_label = QLabel()
    w.speed_label.setMinimumWidth(52)
    bar.addWidget(w.speed_label)
    _speed_changed(w, w.speed.value())
    # The iteration counter and the lesson picker have a toolbar of their own, which moves to a
    # second row when the window is too narrow for both (projector mode, 1024 pixels).
    bar = w.lesson_bar = QToolBar(QCoreApplication.translate("MainWindow", "Lesson"))
    bar.setObjectName("lesson")
    bar.setMovable(False)
    w.addToolBar(bar)
    bar.findChild(QToolButton, "qt_toolbar_ext_button").setAccessibleName(
        QCoreApplication.translate("MainWindow", "More commands")
    )
    w.position = QLabel()
    w.position.setMinimumWidth(200)
    bar.addWidget(w.position)
    spacer = QWidget()
    spacer.setSizePolicy(QSizePolicy.Policy.Expanding, spacer.sizePolicy().verticalPolicy())
    bar.addWidget(spacer)
    bar.addWidget(QLabel(QCoreApplication.translate("MainWindow", "Lesson ")))
    picker = w.lesson_picker = QComboBox()
    picker.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    picker.setMinimumContentsLength(14)
    picker.setPlaceholderText(QCoreApplication.translate("MainWindow", "(no lesson)"))
    for entry in lessons.catalogue():
        picker.addItem(entry.titles.get(language.current(), entry.title), entry.name)
    picker.setToolTip(QCoreApplication.translate("MainWindow", "Open a lesson"))
    picker.setAccessibleName(QCoreApplication.translate("MainWindow", "Lesson"))
    picker.activated.connect(lambda i: w.open_lesson(picker.itemData(i)))
    bar.addWidget(picker)


def _speed_changed(w, value: int) -> None:  # type: ignore[no-untyped-def]
    w.speed_label.setText(QCoreApplication.translate("MainWindow", "{0}/s").format(value))
    w.speed.setToolTip(
        QCoreApplication.translate("MainWindow", "Autoplay speed: {0} steps a second").format(value)
    )
    w.session.set_speed(value)


def _menus(w) -> None:  # type: ignore[no-untyped-def]
    bar = w.menuBar()
    _file_menu(w, bar.addMenu(QCoreApplication.translate("MainWindow", "&File")))
    edit = bar.addMenu(QCoreApplication.translate("MainWindow", "&Edit"))
    edit.addActions([w.act_undo, w.act_redo])
    edit.addSeparator()
    edit.addAction(
        action(
            w,
            QCoreApplication.translate("MainWindow", "&Network…"),
            lambda: _edit_network(w),
            "Ctrl+N",
            QCoreApplication.translate("MainWindow", "Change the network"),
        )
    )
    edit.addAction(
        action(
            w,
            QCoreApplication.translate("MainWindow", "Re-&initialise weights…"),
            lambda: _reinitialise(w),
            None,
            QCoreApplication.translate("MainWindow", "Fresh random weights"),
        )
    )
    _step_menu(w, bar.addMenu(QCoreApplication.translate("MainWindow", "&Step")))
    _view_menu(w, bar.addMenu(QCoreApplication.translate("MainWindow", "&View")))
    instruments = bar.addMenu(QCoreApplication.translate("MainWindow", "&Instruments"))
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
    train = bar.addMenu(QCoreApplication.translate("MainWindow", "&Training"))
    train.addAction(
        action(
            w,
            QCoreApplication.translate("MainWindow", "&Run iterations…"),
            lambda: _train(w),
            "Ctrl+T",
            QCoreApplication.translate("MainWindow", "Train many iterations"),
        )
    )
    w.act_cancel = action(
        w,
        QCoreApplication.translate("MainWindow", "&Cancel training"),
        w.session.cancel_training,
        "Esc",
        QCoreApplication.translate("MainWindow", "Stop training"),
    )
    train.addAction(w.act_cancel)
    help_ = bar.addMenu(QCoreApplication.translate("MainWindow", "&Help"))
    help_menu.fill_menu(w, help_)
    help_.addSeparator()
    help_.addAction(
        action(
            w,
            QCoreApplication.translate("MainWindow", "&About ConvStudio"),
            lambda: _about(w),
            None,
            QCoreApplication.translate("MainWindow", "About"),
        )
    )


def _file_menu(w, menu: QMenu) -> None:  # type: ignore[no-untyped-def]
    f = w.files
    menu.addAction(
        action(
            w,
            QCoreApplication.translate("MainWindow", "&Open…"),
            f.open_dialog,
            QKeySequence.StandardKey.Open,
            QCoreApplication.translate("MainWindow", "Open a session or an image"),
        )
    )
    menu.addAction(
        action(
            w,
            QCoreApplication.translate("MainWindow", "&Save session…"),
            f.save_dialog,
            QKeySequence.StandardKey.Save,
            QCoreApplication.translate("MainWindow", "Save everything"),
        )
    )
    menu.addAction(
        action(
            w,
            QCoreApplication.translate("MainWindow", "Load &image…"),
            f.load_image_dialog,
            None,
            QCoreApplication.translate("MainWindow", "Use your own picture as input"),
        )
    )
    folder_tip = QCoreApplication.translate(
        "MainWindow", "Learn from a folder of your own pictures, one subfolder per class"
    )
    menu.addAction(
        action(
            w,
            QCoreApplication.translate("MainWindow", "Open image &folder…"),
            f.image_folder_dialog,
            None,
            folder_tip,
        )
    )
    menu.addSeparator()
    menu.addAction(
        action(
            w,
            QCoreApplication.translate("MainWindow", "Save &screenshot…"),
            f.screenshot_dialog,
            None,
            QCoreApplication.translate("MainWindow", "Save the window as PNG"),
        )
    )
    menu.addMenu(export.menu(w))
    menu.addSeparator()
    menu.addAction(
        action(
            w,
            QCoreApplication.translate("MainWindow", "&Quit"),
            w.close,
            QKeySequence.StandardKey.Quit,
            QCoreApplication.translate("MainWindow", "Quit ConvStudio"),
        )
    )


def _step_menu(w, menu: QMenu) -> None:  # type: ignore[no-untyped-def]
    menu.addActions([w.act_step, w.act_back, w.act_phase, w.act_phase_back, w.act_play, w.act_reset])
    menu.addSeparator()
    menu.addAction(w.act_predict)
    menu.addSeparator()
    for key, unit in zip("12345", UNITS, strict=True):
        menu.addAction(
            action(
                w,
                QCoreApplication.translate("MainWindow", "Step by {0}").format(words.unit(unit)),
                lambda _=False, u=unit: w.unit.setCurrentIndex(UNITS.index(u)),
                f"Ctrl+{key}",
            )
        )


def _view_menu(w, menu: QMenu) -> None:  # type: ignore[no-untyped-def]
    w.act_input_grad = action(
        w,
        QCoreApplication.translate("MainWindow", "Show dL/d&I"),
        w.tensors.set_input_grad,
        None,
        QCoreApplication.translate("MainWindow", "Also compute and show the input's gradient"),
    )
    w.act_input_grad.setCheckable(True)
    menu.addAction(w.act_input_grad)
    menu.addAction(w.network_dock.toggleViewAction())
    menu.addAction(
        action(
            w,
            QCoreApplication.translate("MainWindow", "&Larger text"),
            lambda: w.zoom(1.15),
            QKeySequence.StandardKey.ZoomIn,
            QCoreApplication.translate("MainWindow", "Larger equations (projector)"),
        )
    )
    menu.addAction(
        action(
            w,
            QCoreApplication.translate("MainWindow", "&Smaller text"),
            lambda: w.zoom(1 / 1.15),
            QKeySequence.StandardKey.ZoomOut,
            QCoreApplication.translate("MainWindow", "Smaller equations"),
        )
    )
    menu.addSeparator()
    w.act_projector = action(
        w,
        QCoreApplication.translate("MainWindow", "&Projector mode"),
        w.set_projector,
        "F5",
        QCoreApplication.translate("MainWindow", "Everything larger, for a classroom"),
    )
    w.act_projector.setCheckable(True)
    menu.addAction(w.act_projector)
    w.act_dark = action(
        w,
        QCoreApplication.translate("MainWindow", "&Dark palette"),
        w.set_dark,
        None,
        QCoreApplication.translate("MainWindow", "Light text on a dark background"),
    )
    w.act_dark.setCheckable(True)
    menu.addAction(w.act_dark)
    from convstudio.ui.look import theme_menu

    theme_menu.add(w, menu)
    language_menu.add(w, menu)


def _edit_network(w) -> None:  # type: ignore[no-untyped-def]
    from convstudio.ui.dialogs.spec_editor import SpecEditor

    dialog = SpecEditor(w.session.spec, w)
    if dialog.exec() and dialog.spec is not None:
        w.session.apply_spec(dialog.spec)


def _reinitialise(w) -> None:  # type: ignore[no-untyped-def]
    seed, ok = QInputDialog.getInt(
        w,
        QCoreApplication.translate("MainWindow", "Re-initialise weights"),
        QCoreApplication.translate("MainWindow", "Seed:"),
        w.session.seed + 1,
        0,
        2**31 - 1,
    )
    if ok:
        w.session.reinitialise(seed)


def _train(w) -> None:  # type: ignore[no-untyped-def]
    count, ok = QInputDialog.getInt(
        w,
        QCoreApplication.translate("MainWindow", "Train"),
        QCoreApplication.translate("MainWindow", "Iterations to run:"),
        100,
        1,
        1_000_000,
        10,
    )
    if ok:
        w.session.train(count)


def _about(w) -> None:  # type: ignore[no-untyped-def]
    QMessageBox.about(
        w,
        QCoreApplication.translate("MainWindow", "About ConvStudio"),
        QCoreApplication.translate(
            "MainWindow",
            "<b>ConvStudio {0}</b><p>See how a convolutional network learns its filters, one multiply-add "
            "at a time.</p>",
        ).format(__version__),
    )
