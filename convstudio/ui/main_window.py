"""The main window: the panels over one Session, their docks and layout, the status it shows, its geometry.

A command (``actions``, ``files``) calls the session, the session signals what changed, and every
panel redraws itself. The loss curve (pyqtgraph) is built by ``finish_startup`` after the first paint.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QMainWindow,
    QMessageBox,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from convstudio import settings
from convstudio.engine import lessons
from convstudio.engine.cursor import UNITS
from convstudio.engine.lesson_locks import Locks
from convstudio.session.session import Session
from convstudio.ui import (
    actions,
    batch_position,
    equation_status,
    language,
    projector_room,
    stepping,
    toolbar_fit,
)
from convstudio.ui.files import Files
from convstudio.ui.first_paint import AfterFirstPaint, ReportFirstPaint
from convstudio.ui.instrument_dock import InstrumentDock, NetworkDock
from convstudio.ui.instruments.registry import INSTRUMENTS, Instrument
from convstudio.ui.look import words
from convstudio.ui.panels.equation_panel import EquationPanel
from convstudio.ui.panels.lesson_panel import LessonPanel
from convstudio.ui.panels.network_panel import NetworkPanel
from convstudio.ui.panels.tensor_panel import TensorPanel
from convstudio.ui.training_status import TrainingStatus

if TYPE_CHECKING:
    from convstudio.ui.instruments.predict.view import PredictPanel

DEFAULT_LESSON = "worked-example"
#: The widest a newly opened instrument dock starts, as a share of the window.
DOCK_SHARE = 0.4


def _splitter(
    orientation: Qt.Orientation, widgets: list[QWidget], stretch: list[int], sizes: list[int]
) -> QSplitter:
    splitter = QSplitter(orientation)
    for i, (widget, factor) in enumerate(zip(widgets, stretch, strict=True)):
        splitter.addWidget(widget)
        splitter.setStretchFactor(i, factor)
    splitter.setSizes(sizes)
    return splitter


class MainWindow(QMainWindow):
    def __init__(self, session: Session | None = None, *, restore_settings: bool = True) -> None:
        super().__init__()
        self.session = session or Session(self)
        self.setWindowTitle("ConvStudio")
        self._restore = restore_settings
        self._error_dialogs = True
        self.loss_panel: QWidget | None = None
        self.autosaver = None
        self.docks: dict[str, InstrumentDock] = {}
        self.predict: PredictPanel | None = None  # built when predict mode is first turned on
        self.locks = Locks()  # what the open lesson keeps from the student (ui/lesson_locks.py)

        self.tensors = TensorPanel(self.session)
        self.equations = EquationPanel(self.session)
        self.lesson_panel = LessonPanel(self.session)
        self.loss_slot = QWidget()  # the loss curve goes here after the first paint
        QVBoxLayout(self.loss_slot).setContentsMargins(0, 0, 0, 0)

        panels = [self.equations, self.lesson_panel, self.loss_slot]
        self.bottom = _splitter(Qt.Orientation.Horizontal, panels, [3, 2, 2], [560, 360, 360])
        self.main = _splitter(Qt.Orientation.Vertical, [self.tensors, self.bottom], [3, 2], [520, 280])
        self.setCentralWidget(self.main)
        self.network_dock = NetworkDock(NetworkPanel(self.session), self)  # after: not first in the tab order

        self.files = Files(self)
        actions.add_to(self)
        toolbar_fit.name_buttons(self)
        self._make_status_bar()
        s = self.session
        s.once_per_action(dict.fromkeys(("cursor_moved", "params_changed"), self._update_position), self)
        s.failed.connect(self.show_error)
        s.move_refused.connect(self._move_refused)
        s.playing_changed.connect(self._playing_changed)
        s.lesson_changed.connect(self._lesson_changed)
        s.undo_stack.cleanChanged.connect(self._clean_changed)
        self.resize(1280, 800)
        if os.environ.get("CONVSTUDIO_REPORT_FIRST_PAINT") == "1":  # benchmarks/bench_ui.py
            self._first_paint = ReportFirstPaint(self)
            self.installEventFilter(self._first_paint)
        if restore_settings:
            self._read_settings()
        self._update_position()
        self._sync_view_actions()

    # --- the status bar -----------------------------------------------------------------------

    def _make_status_bar(self) -> None:
        bar = self.statusBar()
        self.training_status = TrainingStatus(self.session, bar, self._update_position)
        self.progress, self.cancel_button = self.training_status.progress, self.training_status.cancel_button
        self.equation_line = equation_status.EquationStatus(self.session, self.equations, bar)

    # --- what files does, under the names the command line and the tests use -----------------

    def open_lesson(self, name: str, *, raise_errors: bool = False) -> bool:
        return self.files.open_lesson(name, raise_errors=raise_errors)

    def open_path(self, path: Path, *, raise_errors: bool = False) -> bool:
        return self.files.open_path(path, raise_errors=raise_errors)

    def load_image(self, path: Path, *, raise_errors: bool = False) -> bool:
        return self.files.load_image(path, raise_errors=raise_errors)

    def save_session(self, path: Path) -> bool:
        return self.files.save_session(path)

    def offer_recovery(self, path: Path, *, ask: bool = True) -> bool:
        return self.files.offer_recovery(path, ask=ask)

    # --- start-up and settings ----------------------------------------------------------------

    def start_autosave(self, path: Path, interval_ms: int | None = None) -> None:
        """Write the session to ``path`` while it changes; a clean close deletes it."""
        from convstudio.session import autosave

        self.autosaver = autosave.Autosaver(self.session, path, interval_ms or autosave.INTERVAL_MS)
        self.autosaver.start()

    def finish_startup(self, *, now: bool = False) -> None:
        """Build what the first paint does not need (the loss curve), once the window shows."""
        if now:
            self._build_loss_panel()
        elif self.loss_panel is None:
            self._after_paint = AfterFirstPaint(self._build_loss_panel)
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
        dock = InstrumentDock(instrument.shown_title(), instrument.build(self.session), self)
        dock.setObjectName(instrument.key)
        action = self.instrument_actions[instrument.key]
        dock.visibilityChanged.connect(lambda _: action.setChecked(not dock.isHidden()))
        area = Qt.DockWidgetArea.RightDockWidgetArea
        self.addDockWidget(area, dock)
        others = [d for d in self.docks.values() if self.dockWidgetArea(d) == area and not d.isFloating()]
        if others:
            self.tabifyDockWidget(others[-1], dock)
        else:  # as wide as the instrument asks, leaving the main panels most of the window
            self.resizeDocks([dock], [self._dock_width(dock.frame)], Qt.Orientation.Horizontal)
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
        return name if lessons.title(name) is not None else DEFAULT_LESSON

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
            self.unit.setCurrentIndex(UNITS.index(unit))
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
            settings.write("unit", self.unit.currentData())
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
        stepping.step(self, direction)

    def reset(self) -> None:
        stepping.reset(self)

    def set_predict(self, on: bool) -> None:
        """Predict mode: each step forward first asks for its value (the panel is built once)."""
        built = self.predict is None
        if self.predict is None:
            from convstudio.ui.instruments.predict.view import PredictPanel

            self.predict = PredictPanel(self.session, self.unit.currentData)
            self.predict_dock = QDockWidget(self.tr("Predict"), self)
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

    def _playing_changed(self, playing: bool) -> None:
        self.act_play.setText(self.tr("Pause") if playing else self.tr("Play"))

    def _move_refused(self, message: str) -> None:
        self.statusBar().showMessage(message, 6000)

    def _update_position(self) -> None:
        s = self.session
        if s.training:  # the iteration whose weights and loss every panel shows meanwhile
            self.position.setText(
                self.tr("Training · iteration {0} of {1}").format(s.iteration, self.training_status.end)
            )
        else:
            trace, cursor = s.trace, s.cursor
            number = cursor.shown
            phase = trace.section_of(number).phase if number >= 0 else "forward"
            # the step shown, counted as the equation panel counts it, and the term reached within it
            where = self.tr("step {0}/{1}").format(number + 1, len(trace))
            if cursor.terms:
                where += self.tr(", term {0}").format(cursor.terms)
            phase_words = words.phase(phase)
            self.position.setText(f"{batch_position.words(s.data, s.iteration)} · {phase_words} · {where}")
        # Room for the longest text this iteration can show, stepping by term included: the
        # counter then never widens the toolbar, and so never wraps it, as the student steps.
        steps, digits = "8" * len(str(len(s.trace))), "8" * max(len(str(s.iteration + 1)), 3)
        longest = self.tr("Iteration {0} · backward · step {1}/{1}, term 88").format(digits, steps)
        metrics = self.position.fontMetrics()
        wide = max(metrics.horizontalAdvance(longest), metrics.horizontalAdvance(self.position.text()))
        if wide + 6 > self.position.minimumWidth():  # grow only, so the toolbar does not twitch
            self.position.setMinimumWidth(wide + 6)
            QTimer.singleShot(0, self, self._wrap_toolbars)  # once the toolbar has taken the new width

    def zoom(self, factor: float) -> None:
        for panel in (self.equations, self.lesson_panel):
            if hasattr(panel, "set_zoom"):
                panel.set_zoom(getattr(panel, "zoom", 1.0) * factor)

    def _wrap_toolbars(self) -> None:
        """Both toolbars on one row, with fewer words if need be; a second row only if that fails."""
        toolbar_fit.fit(self)

    def resizeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().resizeEvent(event)
        self._wrap_toolbars()

    def changeEvent(self, event) -> None:  # type: ignore[no-untyped-def]
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:  # projector mode
            self._wrap_toolbars()
            self._sync_view_actions()
            QTimer.singleShot(0, self, self._reserve_position)  # once the counter has the new font too

    def _reserve_position(self) -> None:
        """The counter's room measured again in its font now (grown and shrunk with projector mode)."""
        self.position.setMinimumWidth(0)
        self.position.setText("")  # a label keeps its size hint until its text changes
        self._update_position()

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
        projector = theme.is_projector(app)  # type: ignore[arg-type]
        self.act_projector.setChecked(projector)
        projector_room.fit(self.main, projector)
        self.tensors.set_tight(projector)  # narrower margins: their room goes to the matrices
        self.act_dark.setChecked(theme.is_dark(app.palette()))  # type: ignore[union-attr]

    # --- lessons, files, the network ----------------------------------------------------------

    def _lesson_changed(self, name: str) -> None:
        self.lesson_picker.setCurrentIndex(self.lesson_picker.findData(name))  # -1: no lesson
        self._update_title()

    def _clean_changed(self, _clean: bool) -> None:
        self._update_title()

    def _update_title(self) -> None:
        title = lessons.title(self.session.lesson or "", language.current()) or ""
        dirty = "" if self.session.undo_stack.isClean() else " •"
        self.setWindowTitle(f"{title}{dirty} — ConvStudio" if title else "ConvStudio")

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
