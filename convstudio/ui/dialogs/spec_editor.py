"""The network editor: every Spec setting, checked as it is typed; an impossible network is explained
in place (the sentences below the form, and the names of the settings they mention in the same
colour) and cannot be applied."""

from __future__ import annotations

import math

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from convstudio.engine.spec import ACTIVATIONS, HEADS, LIMITS, LOSSES, POOLINGS, Spec
from convstudio.ui.look import theme, words
from convstudio.ui.widgets.accessible_names import name_form_fields

PAIRS = {
    "kernel": (1, "kernel"),
    "stride": (1, "stride"),
    "padding": (0, "padding"),
    "dilation": (1, "dilation"),
}
#: Words in a problem that point at a setting: its name turns the problem colour, the problem its tooltip.
NAMED_BY = {
    "height": ("height",),
    "width": ("width",),
    "channels": ("channels",),
    "batch": ("batch",),
    "filters": ("filters must", "2 filters"),
    "classes": ("classes",),
    "kernel": ("kernel", " filter does not fit", " filter (dilated"),
    "stride": ("stride",),
    "padding": ("padding",),
    "dilation": ("dilation", "dilated"),
    "lr": ("learning rate",),
    "momentum": ("momentum",),
    "pool_size": ("pooling window",),
    "pooling": ("global average pooling",),
    "head": ("dense head",),
    "loss": ("cross-entropy",),
}
#: The colour of problems: dark enough on the light palette, light enough on the dark one (4.5:1).
PROBLEM = {False: "#B3261E", True: "#FF8A80"}


def limits_text() -> str:
    """The largest network the editor accepts, in one sentence (engine.model.LIMITS)."""
    k = LIMITS
    return QCoreApplication.translate(
        "SpecEditor",
        "The largest network: {0}×{1} images with {2} channels, {3} in a batch, {4} filters up to {5}×{5} "
        "(stride up to {6}, padding {7}, dilation {8}), {9} classes.",
    ).format(
        k["height"], k["width"], k["channels"], k["batch"], k["filters"], k["kernel"],
        k["stride"], k["padding"], k["dilation"], k["classes"],
    )  # fmt: skip


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def _number(value: float, *, decimals: int, high: float, step: float) -> QDoubleSpinBox:
    box = QDoubleSpinBox()
    box.setDecimals(decimals)
    box.setRange(0.0, high)
    box.setSingleStep(step)
    box.setValue(value)
    return box


class PairEdit(QWidget):
    """Rows x columns, two spin boxes."""

    def __init__(self, low: int, high: int, value: tuple[int, int]) -> None:
        super().__init__()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.boxes = []
        for i, v in enumerate(value):
            box = QSpinBox()
            box.setRange(low, high)
            box.setValue(v)
            box.setAccelerated(True)
            self.boxes.append(box)
            layout.addWidget(box)
            if i == 0:
                layout.addWidget(QLabel("×"))

    def value(self) -> tuple[int, int]:
        return (self.boxes[0].value(), self.boxes[1].value())


class SpecEditor(QDialog):
    def __init__(self, spec: Spec, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Network"))
        self.spec: Spec | None = spec
        self._base = spec
        form = self.form = QFormLayout()
        self.ints: dict[str, QSpinBox] = {}
        for name, label in (
            ("height", self.tr("Image height")),
            ("width", self.tr("Image width")),
            ("channels", self.tr("Channels")),
            ("batch", self.tr("Images in the batch")),
            ("filters", self.tr("Filters")),
            ("classes", self.tr("Classes (dense head)")),
        ):
            box = QSpinBox()
            # A wider range than allowed, so that a value out of range is explained, not silently clamped.
            box.setRange(0, LIMITS[name] * 4)
            box.setValue(getattr(spec, name))
            self.ints[name] = box
            form.addRow(label, box)
        self.pairs: dict[str, PairEdit] = {}
        for name, (low, _) in PAIRS.items():
            edit = PairEdit(low - 1 if name != "padding" else 0, LIMITS[name] * 4, getattr(spec, name))
            self.pairs[name] = edit
            form.addRow(_capitalised(words.setting(name)), edit)
        self.bias = QCheckBox(self.tr("Bias per filter (and per class)"))
        self.bias.setChecked(spec.bias)
        form.addRow(self.tr("Bias"), self.bias)
        self.choices: dict[str, QComboBox] = {}
        for name, options in (
            ("activation", ACTIVATIONS),
            ("pooling", POOLINGS),
            ("head", HEADS),
            ("loss", LOSSES),
        ):
            combo = QComboBox()
            for option in options:
                combo.addItem(words.option(option), option)
            combo.setCurrentIndex(combo.findData(getattr(spec, name)))
            self.choices[name] = combo
            form.addRow(_capitalised(words.setting(name)), combo)
        self.pool_size = PairEdit(1, 16, spec.pool_size)
        form.addRow(self.tr("Pool size"), self.pool_size)
        self.lr = _number(spec.lr, decimals=6, high=1e6, step=0.01)
        form.addRow(self.tr("Learning rate η"), self.lr)
        self.momentum = _number(spec.momentum, decimals=3, high=0.999, step=0.1)
        form.addRow(self.tr("Momentum"), self.momentum)

        self.problems = QLabel()
        self.problems.setWordWrap(True)
        self.problems.setTextFormat(Qt.TextFormat.RichText)
        self.problems.setObjectName("problems")
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.limits = QLabel(limits_text())
        self.limits.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Apply | QDialogButtonBox.StandardButton.Cancel
        )
        self.apply_button = self.buttons.button(QDialogButtonBox.StandardButton.Apply)
        self.apply_button.setDefault(True)
        self.apply_button.clicked.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        name_form_fields(form)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.summary)
        layout.addWidget(self.problems)
        layout.addWidget(self.limits)
        layout.addWidget(self.buttons)
        for box in self.ints.values():
            box.valueChanged.connect(self.check)
        for edit in [*self.pairs.values(), self.pool_size]:
            for box in edit.boxes:
                box.valueChanged.connect(self.check)
        for combo in self.choices.values():
            combo.currentIndexChanged.connect(self.check)
        self.bias.toggled.connect(self.check)
        self.lr.valueChanged.connect(self.check)
        self.momentum.valueChanged.connect(self.check)
        self.check()

    def current(self) -> Spec:
        """The spec as typed (it may be impossible)."""
        return self._base.replace(
            **{name: box.value() for name, box in self.ints.items()},
            **{name: edit.value() for name, edit in self.pairs.items()},
            **{name: combo.currentData() for name, combo in self.choices.items()},
            bias=self.bias.isChecked(),
            pool_size=self.pool_size.value(),
            lr=self.lr.value(),
            momentum=self.momentum.value(),
        )

    def check(self) -> None:
        """Explain every problem in place; Apply only for a network that can be built."""
        spec = self.current()
        problems = spec.problems()
        self.spec = None if problems else spec
        self.apply_button.setEnabled(not problems)
        color = PROBLEM[theme.is_dark(self.palette())]
        self._mark(problems, color)
        if problems:
            items = "".join(f"<li>{p[0].upper() + p[1:]}.</li>" for p in problems)
            self.problems.setText(self.tr("<b>This network cannot be built:</b><ul>{0}</ul>").format(items))
            self.problems.setStyleSheet(f"QLabel#problems {{ color: {color}; }}")
            self.summary.setText("")
        else:
            self.problems.setText("")
            ho, wo = spec.conv_shape[2:]
            params = sum(math.prod(s) for s in spec.param_shapes().values())
            self.summary.setText(
                self.tr(
                    "Output map {0}×{1} per filter; {2} parameters. Applying starts a fresh iteration."
                ).format(ho, wo, params)
            )
        self.pool_size.setEnabled(spec.pooling in ("max", "avg"))
        self.ints["classes"].setEnabled(spec.head == "dense")

    def labels(self) -> dict[str, QLabel]:
        """The name of each setting in the form, by the Spec field it sets."""
        rows: dict[str, QWidget] = {**self.ints, **self.pairs, **self.choices}
        rows.update(pool_size=self.pool_size, lr=self.lr, momentum=self.momentum)
        out = {}
        for name, widget in rows.items():
            label = self.form.labelForField(widget)
            if isinstance(label, QLabel):
                out[name] = label
        return out

    def marked(self) -> set[str]:
        """The settings named by a problem now."""
        return {name for name, label in self.labels().items() if label.property("problem")}

    def _mark(self, problems: list[str], color: str) -> None:
        for name, label in self.labels().items():
            named = [p for p in problems if any(word in p.lower() for word in NAMED_BY.get(name, ()))]
            label.setStyleSheet(f"QLabel {{ color: {color}; font-weight: bold; }}" if named else "")
            label.setToolTip(" ".join(p[0].upper() + p[1:] + "." for p in named))
            label.setProperty("problem", bool(named))
