"""The main window's views: training with the filter learning and the loss curve, other lessons with
their selectors, hover, projector mode, the palettes, settings kept between runs, every lesson."""

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QApplication

from convstudio.engine.cursor import Cursor
from convstudio.engine.spec import Spec
from convstudio.ui.look import theme
from convstudio.ui.widgets.matrix_view import MatrixView
from tests.ui.main_window.helpers import (
    W0,
    make_window,
    points,
    shown,
)


def test_training_fifty_iterations_lowers_the_loss(qtbot, window):
    s = window.session
    with qtbot.waitSignal(s.training_finished, timeout=20000) as finished:
        s.train(50)
    assert finished.args == ["done"]
    losses = s.losses
    assert len(losses) == 50 and losses[-1] < losses[0] / 10
    assert s.iteration == 50
    assert (
        window.statusBar().currentMessage() == f"Training finished after iteration 50 (loss {losses[-1]:.6g})"
    )
    assert not window.progress.isVisible()
    np.testing.assert_array_equal(shown(window, "W"), s.params["W"].reshape(2, 2))
    loss = window.loss_panel
    qtbot.waitUntil(lambda: points(loss) == 50)
    assert loss.hover_text(7.2) == f"iteration 7: loss = {losses[6]:.6g}"
    assert loss.hover_text(0.2) is None and loss.hover_text(51) is None


def test_the_filter_learns_on_screen_while_training(qtbot, window):
    s = window.session
    w = window.tensors.view("W")
    seen = []  # the weights each time training reported
    s.loss_recorded.connect(lambda: seen.append(s.params["W"][0, 0].copy()))
    s.train(100_000)  # long enough to be watched
    qtbot.waitUntil(lambda: "training: iteration" in w.note() and s.iteration > 50, timeout=5000)
    shown_now = w.values()
    assert not np.array_equal(shown_now, W0)
    assert any(np.array_equal(shown_now, weights) for weights in seen)  # as training left them
    assert window.progress.isVisible() and window.cancel_button.isVisible()
    qtbot.mouseClick(window.cancel_button, Qt.MouseButton.LeftButton)
    assert not s.training and "Training cancelled" in window.statusBar().currentMessage()
    assert "training" not in w.note()


def test_the_loss_curve_redraws_at_most_about_thirty_times_a_second(qtbot, window):
    loss = window.loss_panel
    qtbot.wait(100)
    before = loss.redraws
    for _ in range(500):  # as if training reported 500 iterations at once
        window.session.loss_recorded.emit()
    qtbot.wait(120)
    assert 1 <= loss.redraws - before <= 5


def test_the_loss_curve_tells_iteration_and_loss_under_the_mouse(qtbot, window):
    s = window.session
    with qtbot.waitSignal(s.training_finished, timeout=20000):
        s.train(10)
    loss = window.loss_panel
    qtbot.waitUntil(lambda: points(loss) == 10)
    loss.plot.repaint()  # the view box settles its range when it paints
    view = loss.plot.getPlotItem().vb
    scene_point = view.mapViewToScene(QPointF(4, s.losses[3]))
    loss._mouse_moved(scene_point)
    assert loss.hover_label.toPlainText() == f"iteration 4: loss = {s.losses[3]:.6g}"
    loss._mouse_moved(QPointF(-50, -50))
    assert loss.hover_label.toPlainText() == ""


def test_several_images_filters_and_channels_have_selectors(qtbot):
    window = make_window(qtbot, "rgb")
    s, boxes = window.session, window.tensors.selectors.boxes
    spec = s.spec
    assert spec.batch > 1 and spec.filters > 1 and spec.channels == 3
    assert all(box.isVisible() for box in boxes.values())
    assert [boxes[k].maximum() for k in "nfc"] == [spec.batch, spec.filters, 3]
    window.tensors.follow.setChecked(False)
    boxes["n"].setValue(2)
    boxes["c"].setValue(3)
    boxes["f"].setValue(2)
    np.testing.assert_array_equal(shown(window, "I"), s.x[1, 2])
    np.testing.assert_array_equal(shown(window, "W"), s.params["W"][1, 2])
    window.tensors.follow.setChecked(True)  # the panels go where the step is
    s.go_to(Cursor(s.trace.find("o", (1, 0, 1, 2)) + 1, 0))
    assert [boxes[k].value() for k in "nf"] == [2, 1]
    assert window.tensors.view("o").highlights()[1] == [(1, 2)]
    assert len(window.tensors.view("W").highlights()[0]) == 4  # one channel's 2x2 of the 12 taps


def test_a_dense_head_shows_scores_probabilities_labels_and_loss(qtbot):
    window = make_window(qtbot, "bars-classifier")
    s = window.session
    views = {name for card in window.tensors.cards.values() for name in card.views}
    assert {"V", "dV", "c", "dc", "s", "ds", "q", "y", "L", "b", "db", "a", "da"} <= views
    trace = s.trace
    s.go_to(Cursor(trace.find("s", (3, 1)) + 1, 0))  # image 4's score for class 2
    assert window.tensors.selectors.boxes["n"].value() == 4
    np.testing.assert_array_equal(shown(window, "s")[0], trace.values["s"][3])
    assert window.tensors.view("s").highlights()[1] == [(0, 1)]
    assert len(window.tensors.view("V").highlights()[0]) == s.spec.features  # the class's row of V
    assert shown(window, "y")[0, 0] == trace.values["y"][3] + 1  # classes count from 1
    assert np.isnan(shown(window, "q")).all()
    y = window.tensors.view("y")
    centre = y.cell_rect(0, 0).center().toPoint()
    qtbot.mouseDClick(y, Qt.MouseButton.LeftButton, pos=centre)
    y.editor().setText("3")
    qtbot.keyClick(y.editor(), Qt.Key.Key_Return)
    assert "from 1 to 2" in y.editor().toolTip()  # only two classes
    label = int(trace.values["y"][3])
    y.editor().setText(str(2 - label))  # the other class, counted from 1
    qtbot.keyClick(y.editor(), Qt.Key.Key_Return)
    assert s.target[3] == 1 - label


def test_a_64x64_image_is_drawn_whole_and_hover_tells_each_cell(qtbot, window):
    s = window.session
    assert s.apply_spec(Spec(height=64, width=64, kernel=3, padding=1))
    s.move("element", 1)
    view = window.tensors.view("I")
    assert view.values().shape == (66, 66) and view.padding() == (1, 1)  # the input in its zero border
    layout = view._layout()
    assert view.rect().toRectF().contains(layout.grid) and view.rect().toRectF().contains(layout.legend)
    assert layout.cell >= 3  # every pixel visible
    assert view.font_size_for(layout.cell) is None  # too small for numbers: hover instead
    point = view.cell_rect(41, 8).center()
    assert view.cell_at(point) == (41, 8)
    assert view.tooltip_text(41, 8) == f"I41,8 = {float(s.x[0, 0, 40, 7])!r}\n(row 41, column 8)"
    reads = set(view.highlights()[0])
    assert reads == {(r, c) for r in range(3) for c in range(3)}  # the 3x3 window, padding too
    assert {cell for cell in reads if not view.in_padding(*cell)} == {(1, 1), (1, 2), (2, 1), (2, 2)}


def test_hover_gives_the_index_and_the_exact_value(qtbot, window):
    view = window.tensors.view("W")
    assert view.tooltip_text(1, 0) == "W21 = 1.0\n(row 2, column 1)"
    assert window.tensors.view("o").tooltip_text(0, 0) == "o11: not computed yet\n(row 1, column 1)"
    seen = []
    view.hovered.connect(seen.append)
    qtbot.mouseMove(view, view.cell_rect(1, 1).center().toPoint())
    qtbot.mouseMove(view, QPoint(1, 1))
    assert seen == [(1, 1), None]


def test_the_input_gradient_is_shown_on_request(qtbot, window):
    s = window.session
    window.act_input_grad.trigger()
    assert "dI" in window.tensors.cards["I"].views
    s.go_to(Cursor(len(s.trace), 0))
    np.testing.assert_allclose(shown(window, "dI"), s.trace.grads["dI"][0, 0])
    window.act_input_grad.trigger()
    assert "dI" not in window.tensors.cards["I"].views


def every_view(window) -> list[MatrixView]:
    return [v for card in window.tensors.cards.values() for v in card.views.values()]


@pytest.mark.parametrize(
    ("size", "projector"), [((1280, 800), False), ((1024, 768), True), ((1920, 1080), True)]
)
def test_nothing_is_clipped_and_the_worked_example_shows_every_number(qtbot, size, projector):
    window = make_window(qtbot, size=size)
    window.set_projector(projector)
    qtbot.waitUntil(lambda: window.width() == size[0])
    window.session.go_to(Cursor(len(window.session.trace), 0))
    QApplication.processEvents()
    for view in every_view(window):
        layout = view._layout()
        inside = view.rect().toRectF().adjusted(-0.5, -0.5, 0.5, 0.5)
        assert inside.contains(layout.grid) and inside.contains(layout.legend), view.title()
        assert view.font_size_for(layout.cell) is not None, view.title()  # numbers in every cell
    toolbar = [window.position, window.lesson_picker, window.speed, window.unit]
    for widget in toolbar:  # every control on screen, none behind an overflow button
        assert widget.isVisible() and window.rect().contains(
            widget.mapTo(window, widget.rect().bottomRight())
        )
    assert window.equations.point_size() >= QApplication.font().pointSizeF() * 1.15
    window.set_projector(False)


def test_projector_mode_makes_everything_larger_and_is_remembered(qtbot, tmp_path):
    window = make_window(qtbot, restore=True)
    normal = QApplication.font().pointSizeF()
    cell = window.tensors.view("W").max_cell()
    qtbot.keyClick(window, Qt.Key.Key_F5)
    assert window.act_projector.isChecked()
    assert QApplication.font().pointSizeF() == pytest.approx(normal * theme.PROJECTOR_SCALE)
    view = window.tensors.view("W")
    qtbot.waitUntil(lambda: view.max_cell() == pytest.approx(cell * theme.PROJECTOR_SCALE))
    window.close()
    theme.set_projector(QApplication.instance(), False)
    again = make_window(qtbot, restore=True)
    assert again.act_projector.isChecked()
    assert QApplication.font().pointSizeF() == pytest.approx(normal * theme.PROJECTOR_SCALE)
    qtbot.keyClick(again, Qt.Key.Key_F5)
    assert QApplication.font().pointSizeF() == pytest.approx(normal)


def contrast(a: QColor, b: QColor) -> float:
    """WCAG contrast ratio of two colours."""

    def luminance(c: QColor) -> float:
        def channel(v: float) -> float:
            return v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4

        return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF())

    hi, lo = sorted((luminance(a), luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


@pytest.mark.parametrize("dark", [False, True])
def test_both_palettes_keep_every_text_legible(qtbot, dark):
    from convstudio.ui.dialogs import network_editor
    from convstudio.ui.look import colors

    window = make_window(qtbot)
    window.set_dark(dark)
    qtbot.waitUntil(lambda: theme.is_dark(window.palette()) == dark)  # the change reaches every widget
    palette = window.palette()
    assert theme.is_dark(palette) == dark and window.act_dark.isChecked() == dark
    window_bg, base_bg = palette.color(palette.ColorRole.Window), palette.color(palette.ColorRole.Base)
    assert contrast(palette.color(palette.ColorRole.WindowText), window_bg) >= 7
    assert contrast(palette.color(palette.ColorRole.Text), base_bg) >= 7
    note = QColor(colors.NOTE_DARK if dark else colors.NOTE_LIGHT)
    assert contrast(note, window_bg) >= 4.5  # the note beside a title
    assert contrast(QColor(network_editor.PROBLEM[dark]), window_bg) >= 4.5
    assert contrast(palette.color(palette.ColorRole.PlaceholderText), window_bg) >= 3  # indices
    # cell numbers: black or white, whichever reads better, on every colour of the map
    for rgba in colors.LUT:
        text = QColor(colors.text_color_for(rgba))
        assert contrast(text, QColor(*(int(v) for v in rgba[:3]))) >= 4.5
    plot_bg = window.loss_panel.plot.backgroundBrush().color()
    assert plot_bg == base_bg  # the loss curve follows the palette
    window.set_dark(False)


def test_view_choices_are_kept_between_runs(qtbot):
    window = make_window(qtbot, restore=True)
    window.open_lesson("edge-detector")
    window.unit.setCurrentText("term")
    window.speed.setValue(25)
    window.tensors.follow.setChecked(False)
    window.loss_panel.log.setChecked(True)
    window.zoom(1.15)
    window.set_dark(True)
    window.act_input_grad.trigger()
    window.resize(1100, 700)
    window.close()
    theme.set_dark(QApplication.instance(), False)
    again = make_window(qtbot, lesson="worked-example", size=(1280, 800), restore=True)
    assert again.last_lesson() == "edge-detector"
    assert again.unit.currentText() == "term" and again.speed.value() == 25
    assert not again.tensors.follow.isChecked()
    assert again.loss_panel.log.isChecked()
    assert again.equations.zoom == pytest.approx(1.15)
    assert again.act_dark.isChecked() and theme.is_dark(QApplication.palette())
    assert again.act_input_grad.isChecked()
    again.set_dark(False)


def test_every_lesson_is_in_the_picker_and_opens(qtbot, window):
    from convstudio.engine import lessons

    names = [window.lesson_picker.itemData(i) for i in range(window.lesson_picker.count())]
    assert sorted(names) == sorted(lessons.available(every=True)) and len(names) == 16
    for i, name in enumerate(names):
        window.lesson_picker.activated.emit(i)  # as if picked from the list
        assert window.session.lesson == name and window.session.cursor == Cursor()
        lesson = lessons.load(name)
        if lesson.spec is None:  # a deep network: its first layer is in focus
            assert window.session.deep and window.tensors.focus == 0
            weight = lesson.params["0.weight"]
            np.testing.assert_array_equal(window.tensors.view("0.weight").values(), weight[0, 0])
            shown = window.tensors.view("x")
            (ph, pw), (rows, cols) = shown.padding(), shown.values().shape
            np.testing.assert_array_equal(shown.values()[ph : rows - ph, pw : cols - pw], lesson.x[0, 0])
            continue
        np.testing.assert_array_equal(window.tensors.view("W").values(), lesson.params["W"][0, 0])
        shown = window.tensors.view("I")
        (ph, pw), (rows, cols) = shown.padding(), shown.values().shape
        np.testing.assert_array_equal(shown.values()[ph : rows - ph, pw : cols - pw], lesson.x[0, 0])


def test_reinitialising_the_weights_uses_the_seed(qtbot, window):
    from convstudio.engine.model import init_params

    s = window.session
    assert s.reinitialise(7)
    expected_w = init_params(s.spec, 7)["W"]
    np.testing.assert_array_equal(s.params["W"], expected_w)
    np.testing.assert_array_equal(shown(window, "W"), expected_w[0, 0])
    s.undo_stack.undo()
    np.testing.assert_array_equal(shown(window, "W"), W0)


def test_switching_lessons_rebuilds_the_panels(qtbot, window):
    assert window.open_lesson("rgb")
    assert window.session.spec.channels == 3
    assert window.tensors.selectors.boxes["c"].maximum() == 3
    assert shown(window, "I").shape == (4, 4)
    assert "Colour images" in window.windowTitle()
    assert window.lesson_picker.currentData() == "rgb"
