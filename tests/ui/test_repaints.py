"""One user action, one redraw: each session signal goes out at most once, each panel redraws at
most once, and each matrix view paints once, for the actions a learner takes most."""

from __future__ import annotations

from collections import Counter

import pytest
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QWidget

from convstudio.engine.cursor import Cursor
from convstudio.engine.spec import Spec
from convstudio.session.session import CHANGES
from convstudio.ui.main_window import MainWindow
from convstudio.ui.panels.equation_panel import EquationPanel
from convstudio.ui.panels.lesson_panel import LessonPanel
from convstudio.ui.panels.loss_panel import LossPanel
from convstudio.ui.panels.tensor_panel import TensorPanel
from convstudio.ui.widgets.matrix_view import MatrixView
from tests.ui.windows import open_window

#: The redraws of each panel, counted: (class, method).
REDRAWS = [
    (TensorPanel, "rebuild"),
    (TensorPanel, "refresh"),
    (EquationPanel, "refresh"),
    (LessonPanel, "refresh"),
    (LossPanel, "redraw"),
    (MainWindow, "_update_position"),
]


class Paints(QObject):
    """Counts the paint events of every matrix view of one window."""

    def __init__(self, window: QWidget) -> None:
        super().__init__()
        self.window = window
        self.counts: Counter[int] = Counter()
        self.names: dict[int, str] = {}

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if (
            event.type() == QEvent.Type.Paint
            and isinstance(obj, MatrixView)
            and self.window.isAncestorOf(obj)
        ):
            self.counts[id(obj)] += 1
            self.names[id(obj)] = f"{type(obj).__name__} {obj.objectName()}".strip()
        return False

    def most(self) -> tuple[int, list[str]]:
        top = max(self.counts.values(), default=0)
        return top, sorted({self.names[k] for k, n in self.counts.items() if n == top})


@pytest.fixture
def counted(qtbot, monkeypatch):
    """A window whose panels count their redraws, its session its change signals."""
    redraws: Counter[str] = Counter()
    for cls, name in REDRAWS:
        real = getattr(cls, name)

        def counting(self, *args, _real=real, _key=f"{cls.__name__}.{name}", **kwargs):
            redraws[_key] += 1
            # a signal's argument a redraw with no parameters would not have been given
            return _real(self, *args[: _real.__code__.co_argcount - 1], **kwargs)

        monkeypatch.setattr(cls, name, counting)
    window = open_window(qtbot)
    signals: Counter[str] = Counter()
    for name in CHANGES:
        getattr(window.session, name).connect(lambda *_, _name=name: signals.update([_name]))
    paints = Paints(window)
    QApplication.instance().installEventFilter(paints)
    settle(qtbot)
    yield window, redraws, signals, paints
    QApplication.instance().removeEventFilter(paints)


def settle(qtbot) -> None:
    """Let every coalesced redraw (the loss curve's, ~30 a second) and paint happen."""
    qtbot.wait(150)


def act(qtbot, counted, action) -> tuple[Counter[str], Counter[str], tuple[int, list[str]]]:
    """The signals, redraws and most paints of one widget that ``action`` caused."""
    _, redraws, signals, paints = counted
    for counter in (redraws, signals, paints.counts):
        counter.clear()
    action()
    settle(qtbot)
    return Counter(signals), Counter(redraws), paints.most()


def check_once(signals, redraws, paints, most_paints: int = 1) -> None:
    assert signals and max(signals.values()) == 1, signals
    assert redraws and max(redraws.values()) == 1, redraws
    assert 1 <= paints[0] <= most_paints, paints


def test_a_cell_edit_redraws_each_panel_once(qtbot, counted):
    window = counted[0]
    signals, redraws, paints = act(qtbot, counted, lambda: window.session.edit("W", (0, 0, 0, 0), 2.0))
    check_once(signals, redraws, paints)
    assert redraws["TensorPanel.refresh"] == 1 and "TensorPanel.rebuild" not in redraws


def test_a_step_redraws_each_panel_once(qtbot, counted):
    window = counted[0]
    signals, redraws, paints = act(qtbot, counted, lambda: window.step(+1))
    check_once(signals, redraws, paints)
    assert signals == Counter({"cursor_moved": 1})


def test_a_step_across_an_iteration_redraws_each_panel_once(qtbot, counted):
    window = counted[0]
    s = window.session
    s.go_to(Cursor(len(s.trace), 0))
    settle(qtbot)
    signals, redraws, paints = act(qtbot, counted, lambda: window.step(+1))
    assert s.iteration == 1
    check_once(signals, redraws, paints)
    assert {"params_changed", "loss_recorded", "cursor_moved"} <= set(signals)
    assert redraws["TensorPanel.refresh"] == 1 and redraws["LossPanel.redraw"] == 1


def test_a_network_change_rebuilds_each_panel_once(qtbot, counted):
    window = counted[0]
    signals, redraws, paints = act(qtbot, counted, lambda: window.session.apply_spec(Spec(filters=2)))
    assert window.session.spec.filters == 2
    check_once(signals, redraws, paints)
    assert redraws["TensorPanel.rebuild"] == 1 and redraws["TensorPanel.refresh"] == 1  # rebuild's own


def test_a_network_with_other_cards_paints_each_view_once(qtbot, counted):
    window = counted[0]
    spec = Spec(activation="relu", pooling="none")
    signals, redraws, paints = act(qtbot, counted, lambda: window.session.apply_spec(spec))
    assert "a" in window.tensors.cards and "p" not in window.tensors.cards
    check_once(signals, redraws, paints)


def test_opening_a_file_redraws_each_panel_once(qtbot, counted, tmp_path):
    window = counted[0]
    s = window.session
    s.move("iteration", +1)
    s.move("element", +1)
    s.go_to(Cursor(3, 0))
    path = tmp_path / "s.convstudio"
    assert window.save_session(path)
    s.apply_spec(Spec(filters=2))
    settle(qtbot)
    signals, redraws, paints = act(qtbot, counted, lambda: window.open_path(path))
    assert s.iteration == 1 and s.cursor == Cursor(3, 0) and s.spec.filters == 1
    check_once(signals, redraws, paints)
