"""The nudge panel's widgets, laid out and wired to its slots."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QTableView,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from convstudio.engine import gradcheck
from convstudio.ui.instruments.nudge.check_table import CheckModel
from convstudio.ui.widgets.matrix_view import MatrixView
from convstudio.ui.widgets.pickers import Pickers


class _Tabs(QTabWidget):
    """Tabs that take the height left over: asked for a height for their width, they answered with
    their plot's preferred height, and the layout drew them over the one-weight box above."""

    def hasHeightForWidth(self) -> bool:
        return False


class _Sweep(QWidget):
    """The sweep's plot above its caption. In its scroll area it is as tall as the tab, or as the
    caption's wrapped lines below the plot's least height need, whichever is more."""

    def __init__(self, plot_slot: QWidget, caption: QLabel) -> None:
        super().__init__()
        self.plot_slot, self.caption = plot_slot, caption
        layout = QVBoxLayout(self)
        layout.addWidget(plot_slot, 1)
        layout.addWidget(caption)

    def heightForWidth(self, width: int) -> int:
        layout = self.layout()
        m = layout.contentsMargins()
        caption = self.caption.heightForWidth(width - m.left() - m.right())
        return m.top() + self.plot_slot.minimumHeight() + layout.spacing() + caption + m.bottom()


class Controls:
    """Builds the panel's widgets: the one-weight box above, the ε sweep and the check below."""

    def _build(self) -> None:
        self.one = one = QGroupBox(self.tr("Nudge one weight"))
        self.tensor_box = QComboBox()
        self.tensor_box.setAccessibleName(QCoreApplication.translate("NudgePanel", "Parameter to nudge"))
        self.tensor_box.setToolTip(self.tr("Which parameter tensor to nudge"))
        self.tensor_box.activated.connect(lambda _: self._tensor_chosen())
        pickers = Pickers(
            self.tr("Nudge the weight whose gradient or update the current step computes"),
            keys="fc",
            box_tip=self.tr("Which {what} of W the grid shows"),
            follow_right=True,
        )
        self.filter_box, self.channel_box = pickers.boxes["f"], pickers.boxes["c"]
        self.filter_label, self.channel_label = pickers.labels["f"], pickers.labels["c"]
        for box in pickers.boxes.values():
            box.valueChanged.connect(lambda _: self._slice_changed())
        self.follow = pickers.follow
        self.eps_box = QComboBox()
        self.eps_box.setEditable(True)
        self.eps_box.setAccessibleName(QCoreApplication.translate("NudgePanel", "Nudge size"))
        self.eps_box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        for eps in gradcheck.EPS_STEPS:
            self.eps_box.addItem(f"{eps:.0e}".replace("e-0", "e-"), eps)
        self.eps_box.setToolTip(
            self.tr(
                "How far to nudge the weight, in decades (or type a value): too large and the slope is a "
                "chord's, too small and rounding swamps the difference"
            )
        )
        self.eps_box.activated.connect(lambda i: self.set_eps(float(self.eps_box.itemData(i))))
        line = self.eps_box.lineEdit()
        assert line is not None
        line.editingFinished.connect(self._eps_typed)
        pickers.add(self.tensor_box, first=True)
        pickers.add(QLabel(self.tr("Weight")), first=True)
        self.picker = MatrixView()
        self.picker.setToolTip(self.tr("Click a weight to nudge it"))
        self.picker.clicked.connect(self._cell_clicked)
        self.picker.setMinimumSize(110, 100)
        self.picker.setMaximumHeight(190)  # the grid shows the weights to click; the rest needs the room
        self.picker.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        eps_row = QHBoxLayout()
        eps_row.addWidget(QLabel(self.tr("Nudge ε")))
        eps_row.addWidget(self.eps_box)
        eps_row.addStretch(1)
        self.headline = QLabel()
        self.headline.setWordWrap(True)
        self.verdict = QLabel()
        self.verdict.setWordWrap(True)
        self.readout = QLabel()
        self.readout.setTextFormat(Qt.TextFormat.RichText)
        self.readout.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.readout.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.readout.setToolTip(
            self.tr(
                "The two losses come from two forward passes over the whole batch; backprop's value from "
                "one forward and one backward pass, shared by every weight. Green: the digits they share."
            )
        )
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.message.hide()
        right = QVBoxLayout()
        right.addLayout(eps_row)
        right.addWidget(self.headline)
        right.addWidget(self.verdict)
        right.addWidget(self.message)
        right.addStretch(1)
        middle = QHBoxLayout()
        middle.addWidget(self.picker, 2)
        middle.addLayout(right, 3)
        self.one_cost = QLabel()
        self.one_cost.setWordWrap(True)
        self.plot_slot = QWidget()
        QVBoxLayout(self.plot_slot).setContentsMargins(0, 0, 0, 0)
        self.plot_slot.setMinimumHeight(110)
        self.sweep_caption = QLabel()
        self.sweep_caption.setTextFormat(Qt.TextFormat.RichText)
        self.sweep_caption.setWordWrap(True)
        self._restyle()
        layout = QVBoxLayout(one)
        layout.addWidget(pickers)
        layout.addLayout(middle, 1)
        layout.addWidget(self.readout)
        layout.addWidget(self.one_cost)
        sweep = _Sweep(self.plot_slot, self.sweep_caption)
        # on a short screen the caption scrolls below the plot rather than being drawn over it
        sweep_scroll = QScrollArea()
        sweep_scroll.setWidgetResizable(True)
        sweep_scroll.setFrameShape(QFrame.Shape.NoFrame)
        sweep_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        sweep_scroll.setWidget(sweep)

        every = QWidget()
        self.check_which = QComboBox()
        self.check_which.setAccessibleName(QCoreApplication.translate("NudgePanel", "Parameters to check"))
        self.check_which.setToolTip(self.tr("Which parameters to nudge, one at a time"))
        self.check_button = QPushButton(self.tr("Check"))
        self.check_button.setToolTip(
            self.tr("Nudge every weight in turn and compare each slope with backprop")
        )
        self.check_button.clicked.connect(self._check_clicked)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setToolTip(self.tr("Stop after the weight being nudged"))
        self.cancel_button.clicked.connect(self.cancel_check)
        self.cancel_button.setEnabled(False)
        self.progress = QProgressBar()
        self.progress.setFormat(self.tr("%v / %m weights"))
        self.progress.hide()
        row = QHBoxLayout()
        row.addWidget(self.check_which, 1)
        row.addWidget(self.check_button)
        row.addWidget(self.cancel_button)
        self.model = CheckModel(self)
        self.table = QTableView()
        self.table.setAccessibleName(
            QCoreApplication.translate("NudgePanel", "Nudged slopes beside backprop")
        )
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 6)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.table.clicked.connect(self._row_clicked)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.cost = QLabel()
        self.cost.setWordWrap(True)
        layout = QVBoxLayout(every)
        layout.addLayout(row)
        layout.addWidget(self.progress)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)
        layout.addWidget(self.cost)

        # Below the one weight, in turns: the same weight for every ε, or every weight for one ε.
        self.tabs = _Tabs()
        self.tabs.addTab(sweep_scroll, self.tr("Every ε"))
        self.tabs.addTab(every, self.tr("Every parameter"))
        self.tabs.setTabToolTip(
            0, self.tr("The same weight nudged by ε from 1e-1 to 1e-12: how far off each slope is")
        )
        self.tabs.setTabToolTip(
            1, self.tr("Every weight nudged in turn: a table, its worst row, and what it cost")
        )
        outer = QVBoxLayout(self)
        outer.setContentsMargins(4, 4, 4, 4)
        outer.addWidget(one)
        outer.addWidget(self.tabs, 1)
