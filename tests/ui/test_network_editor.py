"""The network editor on a deep lesson and a one-layer one: add, reorder, an impossible network
explained on its layer, Return applies, and undo restores."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from convstudio.ui import actions
from convstudio.ui.dialogs.network_editor import NetworkEditor
from tests.ui.windows import open_window


def _editor(qtbot, w) -> NetworkEditor:  # type: ignore[no-untyped-def]
    actions._edit_network(w)
    (dialog,) = [
        d for d in w.findChildren(NetworkEditor) if d.isVisible()
    ]  # a closed one waits to be deleted
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog)
    return dialog


def _types(network) -> list[str]:  # type: ignore[no-untyped-def]
    return [layer["type"] for layer in network["layers"]]


def test_adding_a_layer_to_two_conv_layers_and_pressing_return_is_one_undoable_edit(qtbot):
    w = open_window(qtbot, "two-conv-layers")
    before, weights = w.session.network, dict(w.session.params)
    dialog = _editor(qtbot, w)
    dialog.list.setCurrentRow(1)
    dialog.add_type.setCurrentIndex(dialog.add_type.findData("batch_norm"))
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert _types(dialog.network) == ["conv", "relu", "batch_norm", "conv", "relu", "global_avg_pool"]
    assert dialog.origins == [0, 1, None, 2, 3, 4]
    assert "3. batch_norm  → 1×3×3" in dialog.list.item(2).text()
    assert (
        dialog.list.currentRow() == 2 and dialog.apply_button.isEnabled() and dialog.apply_button.isDefault()
    )
    qtbot.keyClick(dialog.list, Qt.Key.Key_Return)
    assert _types(w.session.network) == _types(dialog.network) and w.session.deep
    # The conv layers kept their weights, the second one at its new index.
    np.testing.assert_array_equal(w.session.params["0.weight"], weights["0.weight"])
    np.testing.assert_array_equal(w.session.params["3.weight"], weights["2.weight"])
    assert set(w.session.params) == {"0.weight", "2.weight", "2.bias", "3.weight"}
    w.session.undo_stack.undo()
    assert w.session.network == before
    for key, value in weights.items():
        np.testing.assert_array_equal(w.session.params[key], value)


def test_layers_move_up_and_down_from_the_keyboard(qtbot):
    w = open_window(qtbot, "two-conv-layers")
    dialog = _editor(qtbot, w)
    dialog.list.setCurrentRow(1)
    dialog.list.setFocus()
    qtbot.keyClick(dialog.list, Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier)
    assert _types(dialog.network) == ["conv", "conv", "relu", "relu", "global_avg_pool"]
    assert dialog.list.currentRow() == 2 and dialog.list.hasFocus()  # the moved layer stays picked
    qtbot.keyClick(dialog.list, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    qtbot.keyClick(dialog.list, Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier)
    assert _types(dialog.network) == ["relu", "conv", "conv", "relu", "global_avg_pool"]
    assert not dialog.up_button.isEnabled() and dialog.origins == [1, 0, 2, 3, 4]
    qtbot.keyClick(dialog.list, Qt.Key.Key_Delete)
    assert _types(dialog.network) == ["conv", "conv", "relu", "global_avg_pool"]
    weights = w.session.params
    qtbot.keyClick(dialog.list, Qt.Key.Key_Return)
    for new, old in (("0.weight", "0.weight"), ("1.weight", "2.weight")):  # each conv keeps its own
        np.testing.assert_array_equal(w.session.params[new], weights[old])


def test_an_impossible_network_names_its_layer_and_cannot_be_applied_even_by_return(qtbot):
    w = open_window(qtbot, "two-conv-layers")
    before = w.session.network
    dialog = _editor(qtbot, w)
    dialog.list.setCurrentRow(2)
    kernel = dialog.fields.widgets["kernel"]
    kernel.boxes[0].setValue(4)
    kernel.boxes[1].setValue(4)
    assert not dialog.apply_button.isEnabled()
    assert "Layer 3 (conv): " in dialog.problems.text() and dialog.marked() == {2}
    assert (
        dialog.list.item(2).text().startswith("⚠ 3. conv") and "cannot be built" in dialog.list.item(2).text()
    )
    assert "Layer 3 (conv)" in dialog.list.item(2).toolTip()
    qtbot.keyClick(kernel.boxes[1], Qt.Key.Key_Return)
    assert w.session.network == before and dialog.isVisible()
    kernel.boxes[0].setValue(2)
    kernel.boxes[1].setValue(2)
    assert dialog.apply_button.isEnabled() and dialog.problems.text() == "" and dialog.marked() == set()


def test_the_loss_optimiser_and_input_are_edited_too(qtbot):
    w = open_window(qtbot, "two-conv-layers")
    dialog = _editor(qtbot, w)
    dialog.optimizer.kind.setCurrentIndex(dialog.optimizer.kind.findData("adam"))
    dialog.optimizer.betas[0].setText("0.8")
    dialog.optimizer.edits["eps"].setText("tiny")
    assert (
        not dialog.apply_button.isEnabled() and "eps must be a number of at least 0" in dialog.problems.text()
    )
    dialog.optimizer.edits["eps"].setText("1e-6")
    dialog.inputs["height"].setValue(5)
    assert "→ 1×4×3" in dialog.list.item(0).text()  # 5x4 input, 2x2 kernel
    dialog.loss.setCurrentIndex(dialog.loss.findData("cross_entropy"))
    assert dialog.apply_button.isEnabled()
    qtbot.keyClick(dialog.optimizer.edits["lr"], Qt.Key.Key_Return)
    net = w.session.network
    assert net["optimizer"] == {
        "type": "adam",
        "lr": 0.1,
        "betas": [0.8, 0.999],
        "eps": 1e-6,
        "weight_decay": 0.0,
    }
    assert (
        net["input"]["height"] == 5 and w.session.x.shape == (1, 1, 5, 4) and net["loss"] == "cross_entropy"
    )


def test_on_a_one_layer_lesson_return_applies_and_a_new_layer_makes_the_network_deep(qtbot):
    w = open_window(qtbot, "worked-example")
    spec, weights = w.session.spec, w.session.params
    dialog = _editor(qtbot, w)
    filters = dialog.fields.widgets["filters"]
    filters.setValue(2)
    qtbot.keyClick(filters, Qt.Key.Key_Return)
    assert not w.session.deep and w.session.spec.filters == 2
    w.session.undo_stack.undo()
    assert w.session.spec == spec
    dialog = _editor(qtbot, w)
    dialog.list.setCurrentRow(0)
    dialog.add_type.setCurrentIndex(dialog.add_type.findData("relu"))
    dialog.add_button.click()
    dialog.add_type.setCurrentIndex(dialog.add_type.findData("conv"))
    dialog.add_button.click()
    assert _types(dialog.network) == ["conv", "relu", "conv", "global_avg_pool"]
    qtbot.keyClick(dialog.list, Qt.Key.Key_Return)
    assert w.session.deep and _types(w.session.network) == ["conv", "relu", "conv", "global_avg_pool"]
    np.testing.assert_array_equal(w.session.params["0.weight"], weights["W"])  # the first filter stays
    w.session.move("element", +1)
    w.session.undo_stack.undo()
    assert not w.session.deep and w.session.spec == spec
    np.testing.assert_array_equal(w.session.params["W"], weights["W"])


def test_the_lesson_text_says_when_a_deep_lesson_s_network_was_changed(qtbot):
    w = open_window(qtbot, "two-conv-layers")
    note = "You changed the lesson's network"
    assert note not in w.lesson_panel.text()
    qtbot.keyClick(_editor(qtbot, w).list, Qt.Key.Key_Return)  # applied as it was: the same network
    assert note not in w.lesson_panel.text()
    dialog = _editor(qtbot, w)
    dialog.fields.widgets["filters"].setValue(2)
    qtbot.keyClick(dialog.list, Qt.Key.Key_Return)
    assert note in w.lesson_panel.text()
    w.session.undo_stack.undo()
    assert note not in w.lesson_panel.text()
