"""Accessible names taken from the labels a form already shows, so the two cannot disagree."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QAbstractSpinBox, QFormLayout, QLabel


def name_form_fields(form: QFormLayout) -> None:
    """Name each field of ``form`` by its row's label; a field of several boxes (rows × columns)
    names each box by the label and its place ("Kernel, 1 of 2")."""
    for row in range(form.rowCount()):
        label = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
        field = form.itemAt(row, QFormLayout.ItemRole.FieldRole)
        if label is None or field is None or not isinstance(label.widget(), QLabel) or field.widget() is None:
            continue
        text = label.widget().text().replace("&", "")
        widget = field.widget()
        boxes = widget.findChildren(QAbstractSpinBox)
        if isinstance(widget, QAbstractSpinBox) or not boxes:
            widget.setAccessibleName(text)
            continue
        for i, box in enumerate(boxes, start=1):
            box.setAccessibleName(
                QCoreApplication.translate("Forms", "{0}, {1} of {2}").format(text, i, len(boxes))
            )
