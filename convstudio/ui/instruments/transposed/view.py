"""The transposed convolution instrument: the window convolution's dL/dI computed again as a
transposed convolution of dL/do by the same W, one stamp per dL/do cell, beside the trace's dL/dI,
with the count of kernel taps landing on each cell and the output-size arithmetic. On a deep network
with a conv_transpose layer it shows that layer's forward beside a convolution's dL/dI."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from convstudio.engine.network_trace import NetworkTrace
from convstudio.engine.transposed import size_text
from convstudio.session.session import Session
from convstudio.ui.instruments.transposed.backward import ConvBackward
from convstudio.ui.instruments.transposed.network_backward import Shown, choose
from convstudio.ui.panels.layer_focus import focus_of
from convstudio.ui.widgets.matrix_view import MatrixView
from convstudio.ui.widgets.pickers import Pickers


class TransposedView(QWidget):
    """dL/do, the picked cell's stamp, the transposed convolution's output, the trace's dL/dI and the taps."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.pickers = Pickers(
            self.tr("Show the stamp of the dL/do cell the current backward step computes or reads"),
            keys="nfc",
            box_tip=self.tr("Which {what} to show"),
        )
        self.cell = {"row": QSpinBox(), "column": QSpinBox()}
        # add() puts each widget right after the boxes, so the last added comes first
        for key, box in reversed(self.cell.items()):
            box.setMinimum(1)
            label = QLabel(self.tr("Row") if key == "row" else self.tr("Column"))
            label.setBuddy(box)
            box.setAccessibleName(
                self.tr("dL/do cell's row") if key == "row" else self.tr("dL/do cell's column")
            )
            self.pickers.add(box)
            self.pickers.add(label)
            box.valueChanged.connect(self._picked)
        for box in self.pickers.boxes.values():
            box.valueChanged.connect(self._picked)
        self.pickers.follow.toggled.connect(lambda on: on and self.redraw())
        self.grad_o = MatrixView()
        self.stamp = MatrixView()
        self.output = MatrixView()
        self.grad_input = MatrixView()
        self.taps = MatrixView()
        self.grad_o.setAccessibleName(self.tr("dL/do, the transposed convolution's input"))
        self.stamp.setAccessibleName(self.tr("The picked dL/do cell's stamp on the output grid"))
        self.output.setAccessibleName(self.tr("The transposed convolution's output"))
        self.grad_input.setAccessibleName(self.tr("The convolution's dL/dI"))
        self.taps.setAccessibleName(self.tr("Kernel taps landing on each output cell"))
        self.grids = QWidget()
        grids = QGridLayout(self.grids)
        grids.setContentsMargins(0, 0, 0, 0)
        for k, view in enumerate((self.grad_o, self.stamp, self.taps, self.output, self.grad_input)):
            grids.addWidget(view, k // 3, k % 3)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.working = QLabel()
        self.working.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(self.pickers, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.grids, 3)
        # in a small window the words scroll rather than squeeze the grids to nothing
        words = QWidget()
        words_layout = QVBoxLayout(words)
        words_layout.setContentsMargins(0, 0, 0, 0)
        words_layout.addWidget(self.summary)
        words_layout.addWidget(self.working)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(words)
        layout.addWidget(scroll, 2)
        self._quiet = False
        self.shown: ConvBackward | None = None
        self.what: Shown | None = None
        self._focus = 0
        session.focus_changed.connect(self._focused)
        self._once = session.once_per_action(
            {
                "spec_changed": self.redraw,
                "data_changed": self.redraw,
                "params_changed": self.redraw,
                "cursor_moved": self.redraw,
            },
            self,
        )
        self.redraw()

    def _focused(self, layer: int) -> None:
        self._focus = layer
        self.redraw()

    def _picked(self) -> None:
        if not self._quiet:
            self.pickers.follow.setChecked(False)
            self.redraw()

    def choice(self, backward: ConvBackward) -> tuple[tuple[int, int, int, int], int, tuple[int, int] | None]:
        """((n, f, i, j) of the dL/do cell whose stamp shows, input channel c, dL/dI cell (r, s) the
        step computes or None): the step's when following a dL/do or dL/dI step, else the boxes'
        (on a conv_transpose layer: its input cell and the output cell the step computes)."""
        what = self.what
        assert what is not None and what.backward is backward
        step = self.session.step
        p = self.pickers
        N, F, Ho, Wo = backward.view.x.shape
        picked = (
            min(p.value("n"), N - 1),
            min(p.value("f"), F - 1),
            min(self.cell["row"].value() - 1, Ho - 1),
            min(self.cell["column"].value() - 1, Wo - 1),
        )
        channel = min(p.value("c"), backward.grad_input.shape[1] - 1)
        if not p.follow.isChecked() or step is None:
            return picked, channel, None
        if step.tensor == what.stamps:
            n, f, i, j = step.index
            return (n, f, i, j), channel, None
        if step.tensor == what.sums:
            n, c, r, s = step.index
            reaching = backward.contributors(n, c, r, s)
            cell = (n, *reaching[0]) if reaching else (n, *picked[1:])
            return (cell[0], cell[1], cell[2], cell[3]), c, (r, s)
        return picked, channel, None

    def redraw(self) -> None:
        trace, step = self.session.trace, self.session.step
        if self.pickers.follow.isChecked() and isinstance(trace, NetworkTrace):
            self._focus = focus_of(trace, step, self._focus)
        what = choose(trace, self._focus)
        self.what = what
        self.grids.setVisible(what is not None)
        if what is None:
            self.shown = None
            self.summary.setText(
                self.tr(
                    "This network has no conv or conv_transpose layer: there is no convolution whose "
                    "input gradient could be shown as a transposed convolution."
                )
            )
            self.working.setText("")
            return
        backward = what.backward
        self.shown = backward
        view = backward.view
        N, F, Ho, Wo = view.x.shape
        C = backward.grad_input.shape[1]
        self._quiet = True
        self.pickers.configure({"n": N, "f": F, "c": C})
        self.cell["row"].setMaximum(Ho)
        self.cell["column"].setMaximum(Wo)
        (n, f, i, j), c, target = self.choice(backward)
        for key, value in (("n", n), ("f", f), ("c", c)):
            self.pickers.set_value(key, value)
        self.cell["row"].setValue(i + 1)
        self.cell["column"].setValue(j + 1)
        self._quiet = False
        self.grad_o.set_title(self._title(what, "stamps"))
        self.grad_o.set_matrix(view.x[n, f])
        reaching = (
            [] if target is None else [(a, b) for g, a, b in backward.contributors(n, c, *target) if g == f]
        )
        self.grad_o.set_highlights(reads=[(i, j)], extra=reaching)
        stamp = view.stamp(n, f, i, j)[c]
        name = self.session.trace.names.symbol(what.stamps, (n, f, i, j), "text")
        self.stamp.set_title(self.tr("Stamp of {0}").format(name))
        self.stamp.setToolTip(
            self.tr("{0} × W, placed with its top left at row {1}, column {2}").format(
                name, i * view.stride[0] - view.padding[0] + 1, j * view.stride[1] - view.padding[1] + 1
            )
        )
        self.stamp.set_matrix(stamp)
        written = [] if target is None else [target]
        self.stamp.set_highlights(writes=written)
        self.output.set_title(self._title(what, "sums"))
        self.output.set_matrix(view.forward[n, c])
        self.output.set_highlights(writes=written)
        self.grad_input.set_title(self._title(what, "other"))
        self.grad_input.set_matrix(backward.grad_input[n, c])
        self.grad_input.set_highlights(writes=written)
        self.taps.set_title(self.tr("Taps per cell"))
        self.taps.set_matrix(backward.taps.astype(float), signed=False)
        self.summary.setText(self._summary(what))
        self.working.setText("\n".join(self._working(backward)))

    def _name(self, key: str) -> str:
        """A trace tensor's name without indices, a gradient's as dL/d…"""
        name = self.session.trace.names.name(key)
        return "dL/d" + name if key.startswith("d") else name

    def _title(self, what: Shown, part: str) -> str:
        """The title of the grid of the stamping tensor, the stamps' sum or the other side."""
        if what.layer is not None:
            return {
                "stamps": self.tr("Input {0}").format(self._name(what.stamps)),
                "sums": self.tr("Output {0}").format(self._name(what.sums)),
                "other": self.tr("Conv's dL/dI"),
            }[part]
        if what.conv is not None:
            return {
                "stamps": self.tr("{0}, the input").format(self._name(what.stamps)),
                "sums": self.tr("Sum of the stamps"),
                "other": self.tr("{0}, the trace's").format(self._name(what.sums))
                if what.backward.from_trace
                else self.tr("{0}, the backward's").format(self._name(what.sums)),
            }[part]
        return {
            "stamps": self.tr("dL/do, the input"),
            "sums": self.tr("Sum of the stamps"),
            "other": self.tr("dL/dI, the trace's")
            if what.backward.from_trace
            else self.tr("dL/dI, the backward's"),
        }[part]

    def _summary(self, what: Shown) -> str:
        backward = what.backward
        view = backward.view
        if what.layer is not None:
            return self._layer_summary(what)
        text = self.tr(
            "dL/dI, the full convolution of dL/do with the flipped W, is the transposed convolution of "
            "dL/do by the same W: each dL/do cell stamps the kernel, times its value, at "
            "(i·{0} − {1}, j·{2} − {3}), "
            "and the stamps add up."
        ).format(view.stride[0], view.padding[0], view.stride[1], view.padding[1])
        if backward.finite:
            text += " " + self.tr(
                "It equals the convolution's dL/dI cell for cell: the largest difference is {0:.3g}."
            ).format(backward.largest_difference)
        else:
            text += " " + self.tr(
                "This run diverged: its gradients are no longer finite numbers, so the two sides cannot "
                "be compared. Undo, or lower the learning rate and reset."
            )
        low, high = int(backward.taps.min()), int(backward.taps.max())
        if low != high:
            text += " " + self.tr(
                "From {0} to {1} taps land on a cell: where the kernel size is not a multiple of the stride, "
                "the stamps overlap unevenly (the checkerboard)."
            ).format(low, high)
        if not backward.from_trace:
            text += " " + self.tr("Show the input gradient to step through dL/dI in the trace.")
        if what.conv is not None:
            text = (
                self.tr("Layer {0} (conv), as the backward pass sees it.").format(what.conv + 1) + " " + text
            )
        return text

    def _layer_summary(self, what: Shown) -> str:
        backward, view = what.backward, what.backward.view
        assert what.layer is not None
        F, C = view.weight.shape[1], view.weight.shape[0]
        text = self.tr(
            "Layer {0} (conv_transpose) computes {1} from {2} as a convolution from {3} channel(s) to "
            "{4} with the same W sends its output gradient back to its input: each cell of {2} stamps "
            "the kernel, times its value, at (i·{5} − {6}, j·{7} − {8}), and the stamps add up."
        ).format(
            what.layer + 1,
            self._name(what.sums),
            self._name(what.stamps),
            F,
            C,
            view.stride[0],
            view.padding[0],
            view.stride[1],
            view.padding[1],
        )
        if backward.finite:
            text += " " + self.tr(
                "The convolution's dL/dI, with {0} as its dL/do, equals the layer's output cell for cell: "
                "the largest difference is {1:.3g}."
            ).format(self._name(what.stamps), backward.largest_difference)
        else:
            text += " " + self.tr(
                "This run diverged: its values are no longer finite numbers, so the two sides cannot "
                "be compared. Undo, or lower the learning rate and reset."
            )
        low, high = int(backward.taps.min()), int(backward.taps.max())
        if low != high:
            text += " " + self.tr(
                "From {0} to {1} taps land on a cell: where the kernel size is not a multiple of the stride, "
                "the stamps overlap unevenly (the checkerboard)."
            ).format(low, high)
        return text

    def _working(self, backward: ConvBackward) -> list[str]:
        view = backward.view
        lines = []
        if backward.dilation != (1, 1):
            (kh, kw), (dh, dw) = backward.kernel, backward.dilation
            lines.append(
                self.tr(
                    "Dilation {0}×{1}: the {2}×{3} kernel spreads to {4}×{5} with zeros between its taps."
                ).format(dh, dw, kh, kw, *view.kernel)
            )
        for a, axis in enumerate((self.tr("rows"), self.tr("columns"))):
            working = size_text(
                axis,
                view.x.shape[2 + a],
                view.kernel[a],
                view.stride[a],
                view.padding[a],
                view.output_padding[a],
            )
            lines.append(self.tr("Output size, {0}").format(working))
        lines.append(
            self.tr(
                "output_padding {0}×{1} gives back what the convolution's floor division dropped."
            ).format(*view.output_padding)
        )
        return lines
