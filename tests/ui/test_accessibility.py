"""What a screen reader finds: a name on every control with every instrument open, matrix views
as tables of cells that say their element, position, value and role in the step, the equation as
plain text in the status bar, and the loss curve's latest values."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtGui import QAccessible, QAccessibleInterface, QAction
from PySide6.QtWidgets import QWidget

from convstudio.engine.notation import exact
from convstudio.ui.dialogs import help_menu
from convstudio.ui.dialogs.network_editor import NetworkEditor
from convstudio.ui.instruments.registry import INSTRUMENTS
from convstudio.ui.widgets.accessible_plots import latest_points
from convstudio.ui.widgets.matrix_view import MatrixView
from tests.ui.windows import open_window

R = QAccessible.Role
INTERACTIVE = {
    R.PushButton, R.CheckBox, R.RadioButton, R.ComboBox, R.SpinBox, R.Slider, R.Dial, R.Table,
    R.List, R.Tree, R.EditableText, R.ButtonMenu, R.ButtonDropDown, R.PageTab, R.ScrollBar,
}  # fmt: skip
NAME = QAccessible.Text.Name


def unnamed(widget: QWidget) -> list[str]:
    """Every visible interactive accessible under ``widget`` without a name, as "Role Class"."""
    missing: list[str] = []

    def walk(node: QAccessibleInterface | None) -> None:
        if node is None or not node.isValid() or node.state().invisible or node.role() == R.Cell:
            return
        role = node.role()
        if role in INTERACTIVE and role != R.ScrollBar and not node.text(NAME).strip():
            owner = node.object()
            missing.append(f"{role.name} {type(owner).__name__} {owner.objectName() if owner else ''}")
        if role == R.ComboBox:
            return  # its popup list and line edit speak through the combo box
        for i in range(node.childCount()):
            walk(node.child(i))

    walk(QAccessible.queryAccessibleInterface(widget))
    return missing


def cells(view: MatrixView) -> list[str]:
    table = QAccessible.queryAccessibleInterface(view)
    return [table.child(i).text(NAME) for i in range(table.childCount())]


@pytest.fixture
def window(qtbot):
    return open_window(qtbot)


def test_every_control_of_the_window_has_a_name_with_every_instrument_open(qtbot, window):
    for instrument in INSTRUMENTS:
        window.show_instrument(instrument.key)
    assert window.session.move("element", +1)
    qtbot.wait(50)
    assert unnamed(window) == []


def test_the_network_editor_names_its_controls(qtbot, window):
    editor = NetworkEditor(window.session.network, 1, window)
    qtbot.addWidget(editor)
    editor.show()
    assert unnamed(editor) == []
    editor.optimizer.kind.setCurrentIndex(editor.optimizer.kind.findData("adam"))
    for row in range(editor.list.count()):  # every layer's form
        editor.list.setCurrentRow(row)
        assert unnamed(editor) == []


def test_a_matrix_view_is_a_table_whose_cells_say_name_position_value_and_role(qtbot):
    view = MatrixView()
    qtbot.addWidget(view)
    view.set_title("Filter W")
    view.set_matrix(np.array([[0.5, -1.0], [1.0, np.nan]]), describe=lambda r, c: f"W{r + 1}{c + 1} = x")
    view.set_highlights(reads=[(1, 0)], writes=[(0, 0)])
    table = QAccessible.queryAccessibleInterface(view)
    assert table.role() == R.Table and table.text(NAME) == "Filter W"
    assert "2 rows, 2 columns" in table.text(QAccessible.Text.Description)
    assert table.childCount() == 4
    first = table.child(0)
    assert first.role() == R.Cell and first.text(QAccessible.Text.Value) == "0.5"
    assert table.indexOfChild(table.child(3)) == 3
    assert cells(view) == [
        "W11, row 1, column 1, 0.5, written by this step",
        "W12, row 1, column 2, −1.0",
        "W21, row 2, column 1, 1.0, read by this step",
        "W22, row 2, column 2, not computed yet",
    ]
    view.set_matrix(np.zeros((1, 3)))  # the cells follow the data's shape
    assert table.childCount() == 3 and cells(view)[2] == "Filter W, row 1, column 3, 0.0"
    assert table.child(3) is None


def test_the_window_filter_cells_read_the_session_weights(qtbot, window):
    session = window.session
    while session.step is None or session.step.phase != "forward":
        assert session.move("element", +1)
    views = [v for v in window.tensors.findChildren(MatrixView) if v.isVisible() and v.title() == "Filter W"]
    assert views, [v.title() for v in window.tensors.findChildren(MatrixView)]
    view = views[0]
    w11 = float(view.values()[0, 0])
    first = QAccessible.queryAccessibleInterface(view).child(0)
    assert first.text(QAccessible.Text.Value) == view.tooltip_text(0, 0).split(" = ")[1].split("\n")[0]
    assert first.text(NAME).startswith("W11, row 1, column 1, ")
    assert "read by this step" in first.text(NAME)
    assert np.isfinite(w11)


def test_the_status_line_says_the_current_equation_in_plain_text(qtbot, window):
    session = window.session
    line = window.equation_line
    assert session.move("element", +1)
    assert line.text() == window.equations.text() != ""
    assert line.text().startswith("o11 = I11·W11") and "<" not in line.text()
    assert line.accessibleName() == line.text()
    assert session.move("element", +1)
    assert line.text().startswith("o12 = ")
    accessible = QAccessible.queryAccessibleInterface(line)
    assert accessible.text(NAME) == line.text()


def test_the_loss_curve_describes_its_latest_values(qtbot, window):
    session = window.session
    for _ in range(3):
        assert session.move("iteration", +1)
    plot = window.loss_panel.plot
    qtbot.waitUntil(lambda: "3 points" in plot.accessibleDescription())
    _, losses = window.loss_panel.data()
    assert plot.accessibleName() == "Loss curve"
    assert f"iteration 3, L {exact(float(losses[2]))}" in plot.accessibleDescription()


def test_latest_points_names_the_last_five_only():
    text = latest_points("iteration", "L", np.arange(1, 8), np.array([7, 6, 5, 4, 3, 2, np.nan]))
    assert text.startswith("7 points; the latest: iteration 3, L 5.0;")
    assert text.endswith("iteration 7, L not a number") and "iteration 2," not in text
    assert latest_points("iteration", "L", [], []) == "No points yet"


def test_the_shortcuts_page_lists_every_action_that_has_keys(qtbot, window):
    listed = {(command, keys) for _, command, keys in help_menu.shortcuts(window)}
    with_keys = [a for a in window.findChildren(QAction) if any(not k.isEmpty() for k in a.shortcuts())]
    assert with_keys
    for action in with_keys:
        keys = ", ".join(k.toString() for k in action.shortcuts() if not k.isEmpty())
        assert (help_menu._plain(action.text()), keys) in listed, action.text()


def test_the_image_folder_dialog_names_its_controls(qtbot, tmp_path):
    from convstudio.io.image_folder import read_folder
    from convstudio.ui.dialogs.image_folder import ImageFolderDialog
    from tests.ui.test_image_folder_dialog import _folder

    data = read_folder(_folder(tmp_path, {"cats": 2, "dogs": 3}), channels=1, height=4, width=4)
    dialog = ImageFolderDialog(data)
    qtbot.addWidget(dialog)
    dialog.show()
    assert unnamed(dialog) == []
