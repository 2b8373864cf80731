"""The main window: the panels over one Session, the stepping controls, menus and status bar.

Data flows one way: an action here calls the session (a move or an undoable command), the session
signals what changed, and every panel redraws itself. The loss curve (pyqtgraph, half a second to
import) is built by ``finish_startup`` after the first paint.
"""

from __future__ import annotations

import os
import time
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence, QResizeEvent
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QDockWidget,
    QFileDialog,
    QInputDialog,
    QLabel,
    QMainWindow,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSlider,
    QSplitter,
    QToolBar,
    QVBoxLayout,
    QWidget,
)

from convstudio import __version__, settings
from convstudio.engine import lessons
from convstudio.engine.cursor import UNITS
from convstudio.session.session import Session
from convstudio.ui import export
from convstudio.ui.dialogs import help_menu
from convstudio.ui.instruments.predict.view import PredictPanel
from convstudio.ui.instruments.registry import INSTRUMENTS, Instrument
from convstudio.ui.panels.equation_panel import EquationPanel
from convstudio.ui.panels.lesson_panel import LessonPanel
from convstudio.ui.panels.tensor_panel import TensorPanel

DEFAULT_LESSON = "worked-example"
SESSION_FILTER = "ConvStudio sessions (*.convstudio *.json)"
IMAGE_FILTER = "Images (*.png *.jpg *.jpeg *.bmp *.gif)"
LESSON_FILTER = "Lessons (*.toml)"
#: The widest a newly opened instrument dock starts, as a share of the window.
DOCK_SHARE = 0.4


class _FirstPaint(QObject):
    """Prints when the window first paints, then quits: how the start-up benchmark times us."""

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            print("first-paint", time.time(), flush=True)
            watched.removeEventFilter(self)
            QTimer.singleShot(0, QApplication.quit)
        return False


class _AfterFirstPaint(QObject):
    """Runs ``then`` once the window has painted for the first time (and the event loop is free)."""

    def __init__(self, then) -> None:  # type: ignore[no-untyped-def]
        super().__init__()
        self.then = then

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self.then)
        return False


class MainWindow(QMainWindow):
    def __init__(self, session: Session | None = None, *, restore_settings: bool = True) -> None:
        super().__init__()
        self.session = session or Session(self)
        self.setWindowTitle("ConvStudio")
        self._restore = restore_settings
        self._error_dialogs = True
        self.loss_panel: QWidget | None = None
        self.autosaver = None
        self._lesson_titles: dict[str, str] = {}
        self._training_end = 0  # the iteration the running training stops after
        self.docks: dict[str, InstrumentDock] = {}
        self.predict: PredictPanel | None = None  # built when predict mode is first turned on

        self.tensors = TensorPanel(self.session)
        self.equations = EquationPanel(self.session)
        self.lesson_panel = LessonPanel(self.session)
        self.loss_slot = QWidget()  # the loss curve goes here after the first paint
        QVBoxLayout(self.loss_slot).setContentsMargins(0, 0, 0, 0)

        self.bottom = QSplitter(Qt.Orientation.Horizontal)
        self.bottom.addWidget(self.equations)
        self.bottom.addWidget(self.lesson_panel)
        self.bottom.addWidget(self.loss_slot)
        self.bottom.setStretchFactor(0, 3)
        self.bottom.setStretchFactor(1, 2)
        self.bottom.setStretchFactor(2, 2)
        self.main = QSplitter(Qt.Orientation.Vertical)
        self.main.addWidget(self.tensors)
        self.main.addWidget(self.bottom)
        self.main.setStretchFactor(0, 3)
        self.main.setStretchFactor(1, 2)
        self.main.setSizes([520, 280])
        self.bottom.setSizes([560, 360, 360])
        self.setCentralWidget(self.main)

        self._make_actions()
        self._make_toolbar()
        self._make_menus()
        self._make_status_bar()
        s = self.session
        s.once_per_action(dict.fromkeys(("cursor_moved", "params_changed"), self._update_position), self)
        s.failed.connect(self.show_error)
        s.move_refused.connect(lambda message: self.statusBar().showMessage(message, 6000))
        s.playing_changed.connect(self._playing_changed)
        s.training_progress.connect(self._training_progress)
        s.training_finished.connect(self._training_finished)
        s.lesson_changed.connect(self._lesson_changed)
        s.undo_stack.cleanChanged.connect(self._clean_changed)
        self.resize(1280, 800)
        if os.environ.get("CONVSTUDIO_REPORT_FIRST_PAINT") == "1":  # benchmarks/bench_ui.py
            self._first_paint = _FirstPaint(self)
            self.installEventFilter(self._first_paint)
        if restore_settings:
            self._read_settings()
        self._update_position()
        self._sync_view_actions()

    # --- actions ------------------------------------------------------------------------------

    def _action(self, text: str, slot, shortcut=None, tip: str = "") -> QAction:  # type: ignore[no-untyped-def]
        action = QAction(text, self)
        if shortcut is not None:
            keys = shortcut if isinstance(shortcut, list) else [shortcut]
            action.setShortcuts([QKeySequence(key) for key in keys])
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        if tip:
            action.setToolTip(f"{tip} ({action.shortcut().toString()})" if shortcut is not None else tip)
            action.setStatusTip(tip)
        action.triggered.connect(slot)
        self.addAction(action)
        return action

    def _make_actions(self) -> None:
        s = self.session
        self.act_back = self._action(
            "◀ Back", lambda: self.step(-1), [Qt.Key.Key_Left, Qt.Key.Key_PageUp], "Step back"
        )
        self.act_step = self._action(
            "Step ▶", lambda: self.step(+1), [Qt.Key.Key_Right, Qt.Key.Key_PageDown], "Step forward"
        )
        self.act_phase_back = self._action(
            "◀◀ Phase",
            lambda: self._training_paused() or s.move("phase", -1),
            QKeySequence("Shift+Left"),
            "Back to the start of the phase",
        )
        self.act_phase = self._action(
            "Phase ▶▶",
            lambda: self._training_paused() or s.run_to_phase_end(),
            QKeySequence("Shift+Right"),
            "Run to the end of the phase",
        )
        self.act_play = self._action("Play", self.toggle_play, Qt.Key.Key_Space, "Play or pause")
        self.act_reset = self._action(
            "Reset", self.reset, QKeySequence("Home"), "Back to the first iteration"
        )
        self.act_predict = self._action(
            "&Predict before each step",
            self.set_predict,
            QKeySequence("Ctrl+P"),
            "Type what the next step will give before it shows",
        )
        self.act_predict.setCheckable(True)
        self.act_predict.setIconText("Predict")
        self.act_undo = s.undo_stack.createUndoAction(self, "Undo")
        self.act_undo.setShortcut(QKeySequence.StandardKey.Undo)
        self.act_redo = s.undo_stack.createRedoAction(self, "Redo")
        # Ctrl+Shift+Z and Ctrl+Y both, as every platform's Redo is one of them; each key once, since
        # a key bound twice triggers nothing (Qt's "Ambiguous shortcut overload").
        redo_keys = [QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")]
        redo_keys += QKeySequence.keyBindings(QKeySequence.StandardKey.Redo)
        self.act_redo.setShortcuts(list(dict.fromkeys(redo_keys)))
        self.addActions([self.act_undo, self.act_redo])

    def _make_toolbar(self) -> None:
        bar = QToolBar("Stepping")
        bar.setObjectName("stepping")
        bar.setMovable(False)
        bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
        self.addToolBar(bar)
        bar.addAction(self.act_reset)
        bar.addAction(self.act_phase_back)
        bar.addAction(self.act_back)
        bar.addAction(self.act_step)
        bar.addAction(self.act_phase)
        bar.addAction(self.act_predict)
        bar.addSeparator()
        bar.addWidget(QLabel(" By "))
        self.unit = QComboBox()
        self.unit.addItems(list(UNITS))
        self.unit.setCurrentText("element")
        self.unit.setToolTip(
            "How far one step goes: a term of a sum, an element, a layer, a phase or a whole iteration"
        )
        bar.addWidget(self.unit)
        bar.addAction(self.act_play)
        self.speed = QSlider(Qt.Orientation.Horizontal)
        self.speed.setRange(1, 60)
        self.speed.setValue(4)
        self.speed.setFixedWidth(76)
        self.speed.valueChanged.connect(self._speed_changed)
        bar.addWidget(self.speed)
        self.speed_label = QLabel()
        self.speed_label.setMinimumWidth(52)
        bar.addWidget(self.speed_label)
        self._speed_changed(self.speed.value())
        # The iteration counter and the lesson picker have a toolbar of their own, which moves to
        # a second row when the window is too narrow for both (projector mode, 1024 pixels).
        self.stepping_bar = bar
        bar = self.lesson_bar = QToolBar("Lesson")
        bar.setObjectName("lesson")
        bar.setMovable(False)
        self.addToolBar(bar)
        self.position = QLabel()
        self.position.setMinimumWidth(200)
        bar.addWidget(self.position)
        spacer = QWidget()
        spacer.setSizePolicy(
            spacer.sizePolicy().horizontalPolicy().Expanding, spacer.sizePolicy().verticalPolicy()
        )
        bar.addWidget(spacer)
        bar.addWidget(QLabel("Lesson "))
        self.lesson_picker = QComboBox()
        self.lesson_picker.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.lesson_picker.setMinimumContentsLength(14)
        self.lesson_picker.setPlaceholderText(self.tr("(no lesson)"))
        for entry in lessons.catalogue():
            self._lesson_titles[entry.name] = entry.title
            self.lesson_picker.addItem(entry.title, entry.name)
        self.lesson_picker.setToolTip("Open a lesson")
        self.lesson_picker.activated.connect(lambda i: self.open_lesson(self.lesson_picker.itemData(i)))
        bar.addWidget(self.lesson_picker)

    def _make_menus(self) -> None:
        s = self.session
        menu = self.menuBar()
        file = menu.addMenu("&File")
        file.addAction(
            self._action(
                "&Open…", self.open_dialog, QKeySequence.StandardKey.Open, "Open a session or an image"
            )
        )
        file.addAction(
            self._action("&Save session…", self.save_dialog, QKeySequence.StandardKey.Save, "Save everything")
        )
        file.addAction(
            self._action("Load &image…", self.load_image_dialog, None, "Use your own picture as input")
        )
        file.addSeparator()
        file.addAction(
            self._action("Save &screenshot…", self.screenshot_dialog, None, "Save the window as PNG")
        )
        file.addMenu(export.menu(self))
        file.addSeparator()
        file.addAction(self._action("&Quit", self.close, QKeySequence.StandardKey.Quit, "Quit ConvStudio"))
        edit = menu.addMenu("&Edit")
        edit.addAction(self.act_undo)
        edit.addAction(self.act_redo)
        edit.addSeparator()
        edit.addAction(
            self._action("&Network…", self.edit_spec, QKeySequence("Ctrl+N"), "Change the network")
        )
        edit.addAction(
            self._action("Re-&initialise weights…", self.reinitialise, None, "Fresh random weights")
        )
        step = menu.addMenu("&Step")
        for action in (
            self.act_step,
            self.act_back,
            self.act_phase,
            self.act_phase_back,
            self.act_play,
            self.act_reset,
        ):
            step.addAction(action)
        step.addSeparator()
        step.addAction(self.act_predict)
        step.addSeparator()
        for key, unit in zip("12345", UNITS, strict=True):
            step.addAction(
                self._action(
                    f"Step by {unit}", lambda _=False, u=unit: self.unit.setCurrentText(u), f"Ctrl+{key}"
                )
            )
        view = menu.addMenu("&View")
        self.act_input_grad = self._action(
            "Show dL/d&I", self.tensors.set_input_grad, None, "Also compute and show the input's gradient"
        )
        self.act_input_grad.setCheckable(True)
        view.addAction(self.act_input_grad)
        view.addAction(
            self._action(
                "&Larger text",
                lambda: self.zoom(1.15),
                QKeySequence.StandardKey.ZoomIn,
                "Larger equations (projector)",
            )
        )
        view.addAction(
            self._action(
                "&Smaller text",
                lambda: self.zoom(1 / 1.15),
                QKeySequence.StandardKey.ZoomOut,
                "Smaller equations",
            )
        )
        view.addSeparator()
        self.act_projector = self._action(
            "&Projector mode", self.set_projector, QKeySequence("F5"), "Everything larger, for a classroom"
        )
        self.act_projector.setCheckable(True)
        view.addAction(self.act_projector)
        self.act_dark = self._action("&Dark palette", self.set_dark, None, "Light text on a dark background")
        self.act_dark.setCheckable(True)
        view.addAction(self.act_dark)
        instruments = menu.addMenu("&Instruments")
        self.instrument_actions: dict[str, QAction] = {}
        for instrument in INSTRUMENTS:
            action = self._action(
                instrument.title,
                lambda on, i=instrument: self.show_instrument(i.key, on),
                QKeySequence(instrument.shortcut),
                instrument.tip,
            )
            action.setCheckable(True)
            instruments.addAction(action)
            self.instrument_actions[instrument.key] = action
        train = menu.addMenu("&Training")
        train.addAction(
            self._action(
                "&Run iterations…", self.train_dialog, QKeySequence("Ctrl+T"), "Train many iterations"
            )
        )
        self.act_cancel = self._action(
            "&Cancel training", s.cancel_training, QKeySequence("Esc"), "Stop training"
        )
        train.addAction(self.act_cancel)
        help_ = menu.addMenu("&Help")
        help_menu.fill_menu(self, help_)
        help_.addSeparator()
        help_.addAction(self._action("&About ConvStudio", self.about, None, "About"))

    def _make_status_bar(self) -> None:
        bar = self.statusBar()
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(220)
        # A share, not a count: the iteration itself is named once, in the toolbar.
        self.progress.setFormat("%p%")
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.clicked.connect(self.session.cancel_training)
        bar.addPermanentWidget(self.progress)
        bar.addPermanentWidget(self.cancel_button)
        self.progress.hide()
        self.cancel_button.hide()

    # --- start-up, recovery and settings ------------------------------------------------------

    def start_autosave(self, path: Path, interval_ms: int | None = None) -> None:
        """Write the session to ``path`` while it changes; a clean close deletes it."""
        from convstudio.session import autosave

        self.autosaver = autosave.Autosaver(self.session, path, interval_ms or autosave.INTERVAL_MS)
        self.autosaver.start()

    def offer_recovery(self, path: Path, *, ask: bool = True) -> bool:
        """After a crash the recovery file is still there: offer it (or take it when ``ask`` is False)."""
        from convstudio.session import autosave

        if not autosave.recoverable(path):
            return False
        if ask:
            answer = QMessageBox.question(
                self,
                "Restore your work?",
                "ConvStudio did not close properly last time. Restore the session it saved "
                f"automatically{self._describe_saved(path)}?",
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.Yes,
            )
            if answer != QMessageBox.StandardButton.Yes:
                return False
        if self.open_path(path):
            self.statusBar().showMessage("Restored the session saved before ConvStudio stopped.", 8000)
            return True
        return False

    def _describe_saved(self, path: Path) -> str:
        """What the offer says of the saved session, e.g. ' (The worked example, iteration 7, saved at
        14:02 on 3 March)'; nothing if the file cannot be read."""
        import datetime

        from convstudio.io import sessionfile

        try:
            state, _ = sessionfile.load_state(path)
            saved = datetime.datetime.fromtimestamp(path.stat().st_mtime)
        except (OSError, ValueError):
            return ""  # opening it will say what is wrong
        title = self._lesson_titles.get(state.lesson or "", state.lesson or "your own network")
        when = f"{saved:%H:%M} on {saved.day} {saved:%B}"
        return f" ({title}, iteration {state.iteration + 1}, saved at {when})"

    def finish_startup(self, *, now: bool = False) -> None:
        """Build what the first paint does not need (the loss curve), once the window shows."""
        if now:
            self._build_loss_panel()
        elif self.loss_panel is None:
            self._after_paint = _AfterFirstPaint(self._build_loss_panel)
            self.installEventFilter(self._after_paint)

    def _build_loss_panel(self) -> None:
        if self.loss_panel is not None:
            return
        from convstudio.ui.panels.loss_panel import LossPanel

        self.loss_panel = LossPanel(self.session)
        self.loss_panel.log.setChecked(getattr(self, "_log_scale", False))
        self.loss_slot.layout().addWidget(self.loss_panel)

    def show_instrument(self, key: str, on: bool = True) -> InstrumentDock:
        """Open (building it the first time) or close the instrument ``key`` in its dock."""
        dock = self.docks.get(key) or self._build_dock(next(i for i in INSTRUMENTS if i.key == key))
        dock.setVisible(on)
        if on:
            dock.raise_()
        return dock

    def _build_dock(self, instrument: Instrument) -> InstrumentDock:
        dock = InstrumentDock(instrument.title, instrument.build(self.session), self)
        dock.setObjectName(instrument.key)
        action = self.instrument_actions[instrument.key]
        dock.visibilityChanged.connect(lambda _: action.setChecked(not dock.isHidden()))
        area = Qt.DockWidgetArea.RightDockWidgetArea
        self.addDockWidget(area, dock)
        others = [d for d in self.docks.values() if self.dockWidgetArea(d) == area and not d.isFloating()]
        if others:
            self.tabifyDockWidget(others[-1], dock)
        else:  # as wide as the instrument asks, leaving the main panels most of the window
            self.resizeDocks([dock], [self._dock_width(dock.panel)], Qt.Orientation.Horizontal)
        self.docks[instrument.key] = dock
        return dock

    def _dock_width(self, panel: QWidget) -> int:
        """The width a new dock starts with: what the instrument asks for, within DOCK_SHARE of the
        window; wider, up to its minimum, if the main panels keep theirs (else the dock scrolls)."""
        share = int(self.width() * DOCK_SHARE)
        room = self.width() - self.centralWidget().minimumSizeHint().width() - 16
        least = panel.minimumSizeHint().width()
        return max(min(panel.sizeHint().width(), share), min(least, room), 0)

    def last_lesson(self) -> str:
        name = settings.read_str("lesson") if self._restore else DEFAULT_LESSON
        return name if name in self._lesson_titles else DEFAULT_LESSON

    def _read_settings(self) -> None:
        for key in settings.read_list("instruments"):
            if key in self.instrument_actions:
                self.show_instrument(key)
        for key, restore in (
            ("geometry", self.restoreGeometry),
            ("state", self.restoreState),
            ("splitter_main", self.main.restoreState),
            ("splitter_bottom", self.bottom.restoreState),
        ):
            value = settings.read_bytes(key)
            if not value.isEmpty():
                restore(value)
        unit = settings.read_str("unit")
        if unit in UNITS:
            self.unit.setCurrentText(unit)
        self.speed.setValue(settings.read_int("speed"))
        if settings.read_bool("input_grad"):
            self.act_input_grad.setChecked(True)
            self.tensors.set_input_grad(True)
        if settings.read_bool("projector"):
            self.set_projector(True)
        if settings.read_bool("dark"):
            self.set_dark(True)
        self.zoom(settings.read_float("zoom"))
        self.tensors.follow.setChecked(settings.read_bool("follow"))
        self._log_scale = settings.read_bool("log_scale")

    def closeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        self.session.pause()
        self.session.cancel_training()
        if self.autosaver is not None:
            self.autosaver.discard()
        if self._restore:
            settings.write("geometry", self.saveGeometry())
            settings.write("state", self.saveState())
            settings.write("splitter_main", self.main.saveState())
            settings.write("splitter_bottom", self.bottom.saveState())
            settings.write("unit", self.unit.currentText())
            settings.write("speed", self.speed.value())
            settings.write("input_grad", self.act_input_grad.isChecked())
            settings.write("projector", self.act_projector.isChecked())
            settings.write("dark", self.act_dark.isChecked())
            settings.write("zoom", self.equations.zoom)
            settings.write("follow", self.tensors.follow.isChecked())
            if self.loss_panel is not None:
                settings.write("log_scale", self.loss_panel.log.isChecked())  # type: ignore[attr-defined]
            settings.write("instruments", [k for k, d in self.docks.items() if not d.isHidden()])
            if self.session.lesson:
                settings.write("lesson", self.session.lesson)
        super().closeEvent(event)

    # --- stepping -----------------------------------------------------------------------------

    def step(self, direction: int) -> None:
        self.session.pause()
        if self._training_paused():
            return
        if direction > 0 and self.predict is not None and self.predict.intercept(self.unit.currentText()):
            return  # predict mode: the step waits for the student's prediction
        moved = self.session.move(self.unit.currentText(), direction)
        if not moved and direction < 0 and self.session.iteration == 0:
            self.statusBar().showMessage(self.tr("This is the start of the first iteration."), 3000)

    def _training_paused(self) -> bool:
        """A step while training runs stops it where it is (True): the student looks at that."""
        s = self.session
        if not s.training:
            return False
        s.cancel_training()
        self.statusBar().showMessage(
            self.tr(
                "Training paused at the end of iteration {0}: step on from here, or run more "
                "iterations (Training > Run iterations)."
            ).format(s.iteration + 1),
            8000,
        )
        return True

    def reset(self) -> None:
        """Back to iteration 1 and its first weights, saying so when the session had to restart."""
        s = self.session
        first, last = s.first_kept, s.iteration
        if s.rewind():
            self.statusBar().showMessage(
                self.tr(
                    "Restarted from the first weights: the history kept only iterations {0} to {1}. "
                    "Edit > Undo returns to the trained weights."
                ).format(first + 1, last + 1),
                10000,
            )

    def set_predict(self, on: bool) -> None:
        """Predict mode: each step forward first asks for its value (the panel is built once)."""
        built = self.predict is None
        if self.predict is None:
            self.predict = PredictPanel(self.session, self.unit.currentText)
            self.predict_dock = QDockWidget("Predict", self)
            self.predict_dock.setObjectName("predict")
            self.predict_dock.setWidget(self.predict)
            self.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.predict_dock)
            self.resizeDocks([self.predict_dock], [320], Qt.Orientation.Horizontal)
        dock = self.predict_dock
        self.act_predict.setChecked(on)
        self.predict.set_active(on)
        dock.setVisible(on)
        if on:
            dock.raise_()
        if built:  # closing the dock turns the mode off; hiding it behind a tab does not
            dock.visibilityChanged.connect(
                lambda _: dock.isHidden() and self.act_predict.isChecked() and self.act_predict.trigger()
            )

    def toggle_play(self) -> None:
        if self.session.playing:
            self.session.pause()
        else:
            self.session.play(self.speed.value(), self.unit.currentText())

    def _speed_changed(self, value: int) -> None:
        self.speed_label.setText(f"{value}/s")
        self.speed.setToolTip(f"Autoplay speed: {value} steps a second")
        self.session.set_speed(value)

    def _playing_changed(self, playing: bool) -> None:
        self.act_play.setText("Pause" if playing else "Play")

    def _update_position(self) -> None:
        s = self.session
        if s.training:  # the iteration whose weights and loss every panel shows meanwhile
            self.position.setText(
                self.tr("Training · iteration {0} of {1}").format(s.iteration, self._training_end)
            )
        else:
            trace, cursor = s.trace, s.cursor
            number = cursor.done if cursor.terms > 0 else cursor.done - 1  # the step shown, not built
            phase = trace.section_of(number).phase if number >= 0 else "forward"
            # the step shown, counted as the equation panel counts it, and the term reached within it
            where = f"step {number + 1}/{len(trace)}" + (f", term {cursor.terms}" if cursor.terms else "")
            self.position.setText(f"Iteration {s.iteration + 1} · {phase} · {where}")
        # Room for the longest text this iteration can show, stepping by term included: the
        # counter then never widens the toolbar, and so never wraps it, as the student steps.
        steps, digits = "8" * len(str(len(s.trace))), "8" * max(len(str(s.iteration + 1)), 3)
        longest = f"Iteration {digits} · backward · step {steps}/{steps}, term 88"
        metrics = self.position.fontMetrics()
        wide = max(metrics.horizontalAdvance(longest), metrics.horizontalAdvance(self.position.text()))
        if wide + 6 > self.position.minimumWidth():  # grow only, so the toolbar does not twitch
            self.position.setMinimumWidth(wide + 6)
            QTimer.singleShot(0, self._wrap_toolbars)  # once the toolbar has taken the new width

    def zoom(self, factor: float) -> None:
        for panel in (self.equations, self.lesson_panel):
            if hasattr(panel, "set_zoom"):
                panel.set_zoom(getattr(panel, "zoom", 1.0) * factor)

    def _wrap_toolbars(self) -> None:
        """The lesson picker on a second row only when one row is too narrow for everything."""
        wanted = self.stepping_bar.sizeHint().width() + self.lesson_bar.sizeHint().width()
        wrap = wanted > self.width()
        if wrap != self.toolBarBreak(self.lesson_bar):
            if wrap:
                self.insertToolBarBreak(self.lesson_bar)
            else:
                self.removeToolBarBreak(self.lesson_bar)

    def resizeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().resizeEvent(event)
        self._wrap_toolbars()

    def changeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:  # projector mode
            self._wrap_toolbars()

    def set_projector(self, on: bool) -> None:
        """Projector mode: every font (and so every cell, label and equation) larger."""
        from convstudio.ui.look import theme

        theme.set_projector(QApplication.instance(), on)  # type: ignore[arg-type]
        self.act_projector.setChecked(on)

    def set_dark(self, on: bool) -> None:
        from convstudio.ui.look import theme

        theme.set_dark(QApplication.instance(), on)  # type: ignore[arg-type]
        self.act_dark.setChecked(on)

    def _sync_view_actions(self) -> None:
        """The View menu's ticks say what the application shows (the command line may set them)."""
        from convstudio.ui.look import theme

        app = QApplication.instance()
        self.act_projector.setChecked(theme.is_projector(app))  # type: ignore[arg-type]
        self.act_dark.setChecked(theme.is_dark(app.palette()))  # type: ignore[union-attr]

    # --- lessons, files, the network ----------------------------------------------------------

    def open_lesson(self, name: str, *, raise_errors: bool = False) -> bool:
        try:
            lesson = lessons.load(name)
        except lessons.LessonError as error:
            if raise_errors:
                raise
            self.show_error(str(error))
            return False
        return self.session.open_lesson(
            lesson.name, lesson.spec, lesson.x, lesson.target, lesson.params, lesson.text, lesson.seed
        )

    def _lesson_changed(self, name: str) -> None:
        self.lesson_picker.setCurrentIndex(self.lesson_picker.findData(name))  # -1: no lesson
        self._update_title()

    def _clean_changed(self, _clean: bool) -> None:
        self._update_title()

    def _update_title(self) -> None:
        title = self._lesson_titles.get(self.session.lesson or "", "")
        dirty = "" if self.session.undo_stack.isClean() else " •"
        self.setWindowTitle(f"{title}{dirty} — ConvStudio" if title else "ConvStudio")

    def open_path(self, path: Path, *, raise_errors: bool = False) -> bool:
        """A session file, a lesson file (.toml) or an image, by its name's ending."""
        try:
            if path.suffix.lower() == ".toml":
                lesson = lessons.load_file(path)
                return self.session.open_lesson(
                    lesson.name, lesson.spec, lesson.x, lesson.target, lesson.params, lesson.text, lesson.seed
                )
            if path.suffix.lower() in (".convstudio", ".json"):
                from convstudio.io import sessionfile

                state, text = sessionfile.load_state(path)
                self.session.open_state(state, text)
            else:
                return self.load_image(path, raise_errors=True)
        except ValueError as error:
            if raise_errors:
                raise
            self.show_error(str(error))
            return False
        return True

    def open_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, "Open", "", f"{SESSION_FILTER};;{IMAGE_FILTER};;{LESSON_FILTER}"
        )
        if path:
            self.open_path(Path(path))

    def save_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Save session", "session.convstudio", SESSION_FILTER)
        if path:
            self.save_session(Path(path))

    def save_session(self, path: Path) -> bool:
        from convstudio.io import sessionfile

        try:
            sessionfile.save_state(path, self.session.state(), self.session.lesson_text)
        except (OSError, ValueError) as error:
            self.show_error(f"The session could not be saved: {error}")
            return False
        self.session.undo_stack.setClean()
        self.statusBar().showMessage(f"Saved {path.name}", 4000)
        return True

    def load_image_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Load image", "", IMAGE_FILTER)
        if path:
            self.load_image(Path(path))

    def load_image(self, path: Path, *, raise_errors: bool = False) -> bool:
        from convstudio.io import images

        try:
            rgb, x = images.load_input(path, self.session.spec)
        except ValueError as error:
            if raise_errors:
                raise
            self.show_error(str(error))
            return False
        if not self.session.set_input(x, f"Load image {path.name}"):
            return False
        height, width = rgb.shape[:2]
        self.tensors.show_original(rgb, f"{path.name} ({width}×{height})")
        return True

    def screenshot_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Save screenshot", "convstudio.png", "PNG images (*.png)")
        if path and not self.grab().save(path):
            self.show_error(f"Cannot write {Path(path).name}")

    def edit_spec(self) -> None:
        from convstudio.ui.dialogs.spec_editor import SpecEditor

        dialog = SpecEditor(self.session.spec, self)
        if dialog.exec() and dialog.spec is not None:
            self.session.apply_spec(dialog.spec)

    def reinitialise(self) -> None:
        seed, ok = QInputDialog.getInt(
            self, "Re-initialise weights", "Seed:", self.session.seed + 1, 0, 2**31 - 1
        )
        if ok:
            self.session.reinitialise(seed)

    # --- training -----------------------------------------------------------------------------

    def train_dialog(self) -> None:
        count, ok = QInputDialog.getInt(self, "Train", "Iterations to run:", 100, 1, 1_000_000, 10)
        if ok:
            self.session.train(count)

    def _training_progress(self, done: int, total: int) -> None:
        if not self.progress.isVisible():
            self.statusBar().clearMessage()  # the last run's outcome is old news now
            self.progress.show()
            self.cancel_button.show()
        self._training_end = self.session.iteration + total - done
        self.progress.setMaximum(total)
        self.progress.setValue(done)
        self._update_position()

    def _training_finished(self, reason: str) -> None:
        self.progress.hide()
        self.cancel_button.hide()
        s, losses = self.session, self.session.losses
        last = s.iteration  # the iteration whose loss was recorded last (1-based)
        if s.cursor.done >= len(s.trace) and reason != "done":  # the end of the iteration shown
            losses, last = [s.trace.it.loss], s.iteration + 1
        words = {
            "done": "Training finished",
            "cancelled": "Training cancelled",
            "diverged": "Training stopped",
        }
        what = f" after iteration {last} (loss {losses[-1]:.6g})" if losses and last else ""
        self.statusBar().showMessage(f"{words.get(reason, reason)}{what}", 8000)

    # --- messages -----------------------------------------------------------------------------

    def show_error(self, message: str) -> None:
        """Say what went wrong; the state is unchanged (the session guarantees it)."""
        self.statusBar().showMessage(message, 10000)
        if self._error_dialogs and self.isVisible():
            box = QMessageBox(
                QMessageBox.Icon.Warning, "ConvStudio", message, QMessageBox.StandardButton.Ok, self
            )
            box.setWindowModality(Qt.WindowModality.WindowModal)
            box.open()
            self._last_error = box

    def about(self) -> None:
        QMessageBox.about(
            self,
            "About ConvStudio",
            f"<b>ConvStudio {__version__}</b><p>See how a convolutional network learns its filters, "
            "one multiply-add at a time.</p>",
        )


class InstrumentDock(QDockWidget):
    """An instrument in a dock, inside a scroll area: on a small screen or a projector's large text
    the dock scrolls rather than widening the window past the screen or drawing widgets over each
    other. ``panel`` is the instrument itself."""

    def __init__(self, title: str, panel: QWidget, parent: QWidget | None = None) -> None:
        super().__init__(title, parent)
        self.panel = panel
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(_AtLeast(panel))
        self.setWidget(scroll)


class _AtLeast(QWidget):
    """Gives its one child all its room, and asks the scroll area for the child's minimum size only.
    A scroll area around a widget whose text wraps sizes it to its preferred height for the width,
    which for a plot is far more than it needs: the dock scrolled with room to spare."""

    def __init__(self, child: QWidget) -> None:
        super().__init__()
        self.child = child
        child.setParent(self)

    def sizeHint(self) -> QSize:
        return self.child.sizeHint()

    def minimumSizeHint(self) -> QSize:
        return self.child.minimumSizeHint().expandedTo(self.child.minimumSize())

    def resizeEvent(self, event: QResizeEvent) -> None:
        self.child.setGeometry(self.rect())

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.LayoutRequest:  # the child's minimum may have changed
            self.updateGeometry()
        return super().event(event)
