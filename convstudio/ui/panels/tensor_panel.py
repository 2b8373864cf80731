"""The tensors of the network as matrix views, each beside its gradient, following the cursor.

Three groups side by side, as data flows: the input (I, and dL/dI as an option; the original of a
loaded picture), the parameters (W and dL/dW, the bias, the dense weights) and the outputs (o, a,
p, s, each with its gradient; the last of them beside the target and the loss, which compares
them). A card shows one 2-D slice of its tensors; the image, filter and channel selectors pick
the slice, and follow the step being computed unless the learner turns that off.

At every step the cells the step reads are outlined, the cell it writes, and (backward) the value
whose gradient it is; a note beside the written tensor's title gives the value, the running sum
while adding term by term, or old -> new during the update.
"""

from __future__ import annotations

from collections.abc import Hashable

import numpy as np
from PySide6.QtCore import Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from convstudio.engine.colour_scale import magnitude
from convstudio.engine.network_crossing import Crossing
from convstudio.engine.network_trace import NetworkTrace
from convstudio.engine.steps import Step
from convstudio.session.session import Session
from convstudio.ui.class_names import label_numbers
from convstudio.ui.look.loading_words import what_loading_did
from convstudio.ui.panels import layer_focus, tensor_scales
from convstudio.ui.panels.crossing_card import CrossingCard, crossing_for
from convstudio.ui.panels.optimiser_card import OptimiserCard, stateful
from convstudio.ui.panels.padded_input import framed, padding_of, shifted
from convstudio.ui.panels.tensor_cards import (
    MIN_HEIGHT,
    STRETCH,
    Card,
    HighlightKey,
    OriginalCard,
    base,
    column_stretch,
    letters_for,
    thumbnail,
    title_of,
)
from convstudio.ui.panels.tensor_pages import Page, Pages
from convstudio.ui.panels.tensor_slices import (
    KeptByTrace,
    cells_in,
    describer,
    has_slice,
    never_negative,
    note_for,
    output_cards,
    reads_of,
    slice_at,
    slice_key,
)
from convstudio.ui.panels.training_redraw import PARAMETERS, TrainingRedraw
from convstudio.ui.widgets.matrix_view import MatrixView
from convstudio.ui.widgets.pickers import Pickers

#: The outputs column lays its cards out two abreast when it has more than this.
MOST_IN_A_COLUMN = 3

__all__ = ["TensorPanel", "base", "magnitude", "never_negative"]


class TensorPanel(QWidget):
    """Every tensor of the current network; values as of the cursor, highlights of the step."""

    def __init__(self, session: Session, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName(self.tr("Tensors of the step"))
        self.session = session
        # The panel takes the keyboard first (not a selector, which would show a text cursor);
        # the window's arrow and space shortcuts work whoever has it.
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.selectors = Pickers(
            self.tr("Show the image, filter and channel the current step works on"),
            box_tip=self.tr("Which {what} the panels show (↑ and ↓ change it)"),
            arrows=True,
            lone_follow=False,
        )
        self.selectors.row.addWidget(HighlightKey())
        for box in self.selectors.boxes.values():
            box.valueChanged.connect(self.refresh)
        self.follow = self.selectors.follow
        self.follow.toggled.connect(self.refresh)
        self.layer_label = QLabel()  # which layer of a deep network the cards show
        self.selectors.row.insertWidget(0, self.layer_label)
        self.focus = 0  # that layer's index
        session.focus_changed.connect(self.set_focus)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(4, 4, 4, 4)
        outer.addWidget(self.selectors)
        self.groups_box = QWidget()
        self.pages = Pages(self.groups_box)
        self.groups: QHBoxLayout  # the columns of the page shown
        outer.addWidget(self.groups_box, 1)
        self.cards: dict[str, Card] = {}
        self._shown = KeptByTrace()  # each view's slice, while its trace and cells written stay
        self.original = OriginalCard()
        self.crossing_card = CrossingCard()
        self.optimiser = OptimiserCard()  # Adam's or momentum's state, for a deep network's weight
        self._optimiser_key = ""
        self._crossing: Crossing | None = None  # the crossing the cards were built for
        self._padding: dict[str, tuple[int, int]] = {}  # conv inputs' zero borders, by tensor
        self._originals: list[tuple[np.ndarray, QImage, str]] = []
        self._original_row: tuple[QGridLayout, int] = (QGridLayout(), 0)
        self._show_input_grad = False
        self.training = TrainingRedraw(session, lambda: self.cards, self._title, self)
        session.once_per_action(
            {"spec_changed": self._network_changed, "data_changed": self.refresh,
             "params_changed": self.refresh, "cursor_moved": self.refresh}, self,
        )  # fmt: skip
        self.rebuild()

    def view(self, name: str) -> MatrixView:
        """The matrix view that shows ``name`` (a tensor or its gradient, e.g. "W" or "dW")."""
        for card in self.cards.values():
            if name in card.views:
                return card.views[name]
        raise KeyError(f"no view shows {name}")

    def set_tight(self, on: bool) -> None:
        """Projector mode's narrower margins, their room to the matrices (at 1024 wide their bound)."""
        self.layout().setContentsMargins(*((1, 4, 1, 4) if on else (4, 4, 4, 4)))  # type: ignore[union-attr]
        self.selectors.row.setContentsMargins(*((3, 0, 3, 0) if on else (0, 0, 0, 0)))  # where it was
        self.pages.set_tight(on)

    # --- building -----------------------------------------------------------------------------

    def set_input_grad(self, on: bool) -> None:
        self._show_input_grad = on
        self.session.set_input_grad(on)
        self.rebuild()

    def show_original(self, rgb: np.ndarray, text: str) -> None:
        """Show the picture the current input was made from, for as long as that input is shown
        (undo hides it again, redo brings it back)."""
        x = self.session.x
        did = what_loading_did(rgb, x.shape[-2], x.shape[-1], x.shape[-3])
        self._originals = [*self._originals[-7:], (x, thumbnail(rgb), f"{text}<br>{did}")]
        self._update_original()

    def _update_original(self) -> None:
        x = self.session.x
        match = next((o for o in reversed(self._originals) if o[0] is x), None)
        if match is not None:
            self.original.show_image(match[1], match[2])
        self.original.setVisible(match is not None)
        grid, row = self._original_row  # hidden, it leaves its room to the input
        grid.setRowStretch(row, 2 if match is not None else 0)

    def set_focus(self, layer: int) -> None:
        """Show layer ``layer`` of a deep network (the strip's click; a one-layer network has one)."""
        if isinstance(self.session.trace, NetworkTrace) and layer != self.focus:
            self.focus = layer
            self.rebuild()

    def _network_changed(self) -> None:
        self.pages.clear()
        self.rebuild()

    def rebuild(self) -> None:
        """Cards for the current network (after a spec change), or for the focused layer of a deep one."""
        trace = self.session.trace
        if isinstance(trace, NetworkTrace):
            self.focus = min(self.focus, len(trace.layers) - 1)
            self.selectors.configure(layer_focus.selector_sizes(trace, self.focus))
            columns = layer_focus.columns(trace, self.focus, self._show_input_grad)
            self.layer_label.setText(f"<b>{layer_focus.heading(trace, self.focus)}</b>")
        else:
            spec = self.session.spec
            self.selectors.configure({"n": spec.batch, "f": spec.filters, "c": spec.channels})
            params = [p for p in PARAMETERS if p in spec.param_shapes()]
            columns = [
                (self.tr("Input"), [["I", "dI"] if self._show_input_grad else ["I"]]),
                (self.tr("Parameters"), [[p, "d" + p] for p in params]),
                (self.tr("Outputs"), output_cards(self.session.spec)),
            ]
        self.layer_label.setVisible(isinstance(trace, NetworkTrace))
        self._crossing = self._crossing_now()
        weight = f"{self.focus}.weight"
        shown = isinstance(trace, NetworkTrace) and weight in trace.values and stateful(trace)
        self._optimiser_key = weight if shown else ""
        self._padding = padding_of(trace, None if self.session.deep else self.session.spec, self.focus)
        for shared in (self.optimiser, self.original, self.crossing_card):
            shared.setParent(None)  # into the page about to show
        crossing = None if self._crossing is None else self._crossing.tensor
        key = (repr(columns), crossing, self._optimiser_key, tuple(sorted(self._padding.items())))
        page = self.pages.get(key) or self._build_page(key, columns, crossing)
        self.cards, self.groups = page.cards, page.columns
        if page.original_at is not None:
            grid, row = self._original_row = page.original_at
            grid.addWidget(self.original, row, 0)
        if page.optimiser_at is not None:
            grid, row = page.optimiser_at
            grid.addWidget(self.optimiser, row, 0)
        if page.crossing_stretch is not None:  # a column of its own, beside the layer's
            page.columns.addWidget(self.crossing_card, page.crossing_stretch)
        self.pages.show(page)
        self.refresh()
        if not self.isVisible():
            return  # the window lays everything out as it first shows
        for i in range(self.groups.count()):
            widget = self.groups.itemAt(i).widget()
            if widget is not None:
                widget.show()  # now, rather than when the event loop gets to it
        self._settle()

    def _build_page(
        self, key: Hashable, columns: list[tuple[str, list[list[str]]]], crossing: str | None
    ) -> Page:
        """The cards of ``columns`` laid out on a new page (and a place for the crossing's column)."""
        page = self.pages.new(key)
        for place, (title, cards) in enumerate(columns):
            if place:
                line = QFrame()
                line.setFrameShape(QFrame.Shape.VLine)
                line.setFrameShadow(QFrame.Shadow.Sunken)
                page.columns.addWidget(line)
            # A title over plain window background rather than a group box, whose tinted inside
            # the matrix views would have to match: they paint their whole rectangle themselves.
            group = QWidget()
            column = QVBoxLayout(group)
            page.groups.append(column)  # side margins: the pages set them (narrower in projector mode)
            heading = QLabel(f"<b>{title}</b>")
            heading.setObjectName("column")
            column.addWidget(heading)
            grid = QGridLayout()
            grid.setContentsMargins(0, 0, 0, 0)
            grid.setHorizontalSpacing(14)
            column.addLayout(grid, 1)
            abreast = 2 if len(cards) > MOST_IN_A_COLUMN and title == "Outputs" else 1
            needed = 0
            for i, names in enumerate(cards):
                card = Card(self.session, names)
                for name, view in card.views.items():
                    view.set_padding(*self._padding.get(name, (0, 0)))
                height = self._min_height(names[0])
                card.setMinimumHeight(height)
                page.cards[names[0]] = card
                row, col = divmod(i, abreast)
                last_alone = abreast > 1 and i == len(cards) - 1 and col == 0
                grid.addWidget(card, row, col, 1, abreast if last_alone else 1)
                stretch = max(grid.rowStretch(row), STRETCH.get(names[0], 1))
                grid.setRowStretch(row, stretch)
                needed += height if col == 0 else 0
            if title == "Input":
                page.original_at = (grid, len(cards))
            if any(names[0] == self._optimiser_key for names in cards):  # under the weight it updates
                page.optimiser_at = (grid, len(cards))
                grid.setRowStretch(len(cards), 1)
            stretch = column_stretch(cards, abreast, self._shape)
            if needed > 420:  # more than fits at 1280x800: scroll rather than squeeze
                scroll = QScrollArea()
                scroll.setWidgetResizable(True)
                scroll.setWidget(group)
                scroll.setFrameShape(QScrollArea.Shape.NoFrame)
                page.columns.addWidget(scroll, stretch)
            else:
                page.columns.addWidget(group, stretch)
        if crossing is not None:
            page.crossing_stretch = column_stretch([[crossing, crossing]], 1, self._shape)
        return page

    def _settle(self) -> None:
        """Lay the cards out now, before they paint: pickers shown or hidden, new cards and new
        shapes would otherwise move every view once more after its first paint."""
        outer = self.layout()
        assert outer is not None
        for layout in (self.selectors.row, outer):
            layout.invalidate()
            layout.activate()
        for card in self.cards.values():
            card.arrange()  # the shapes may have changed: side by side or one above the other

    def _min_height(self, tensor: str) -> int:
        """The least height of the card that leads with ``tensor``: maps get more than rows."""
        return MIN_HEIGHT.get(tensor, 130 if len(self._shape(tensor)) == 4 else 80)

    def _shape(self, tensor: str) -> tuple[int, ...]:
        if self.session.deep:
            return tuple(np.shape(self.session.trace.values.get(tensor, ())))
        spec = self.session.spec
        shapes = {"I": spec.input_shape, "o": spec.conv_shape, "a": spec.conv_shape, "p": spec.pooled_shape,
                  "t": spec.target_shape, **spec.param_shapes()}  # fmt: skip
        return tuple(shapes.get(tensor, ()))

    # --- refreshing ---------------------------------------------------------------------------

    def refresh(self) -> None:
        session = self.session
        trace, cursor = session.trace, session.cursor
        scales = trace.it.scales  # kept with the iteration, computed ahead with it if it was
        step = session.step
        deep = isinstance(trace, NetworkTrace)
        if deep and self.follow.isChecked():
            focus = layer_focus.focus_of(trace, step, self.focus)
            if focus != self.focus or self._crossing_now() != self._crossing:
                if focus != self.focus:
                    self.focus = focus
                    self.session.set_focus(focus)  # the strip marks it; this panel has it already
                self.rebuild()  # which refreshes
                return
        elif deep and self._crossing_now() != self._crossing:
            self.rebuild()
            return
        if step is not None and self.follow.isChecked():
            self._follow(step)
        mid = step is not None and cursor.adding
        reads, extra = reads_of(step, cursor)
        writes = {step.tensor: np.array([step.index])} if step is not None else {}
        subject = {}
        if step is not None and step.phase == "backward":
            subject = {base(step.tensor): np.array([step.index])}
        names = trace.names
        classes = float(trace.layers[-1].out_shape[0] if deep else self.session.spec.n_classes)
        for card in self.cards.values():
            for name, view in card.views.items():
                ndim = self._ndim(base(name))
                lead = tuple(self.selectors.value(k) for k in self._letters(name, ndim))
                card.lead[name] = lead
                note, running, cell = "", None, []
                if step is not None and name == step.tensor:
                    cell = cells_in(np.array([step.index]), lead)
                    if cell:
                        note = note_for(step, names, cursor.terms if mid else 0)
                        if mid and step.op == "sum":  # the running sum stands in the cell being written
                            running = step.partial(cursor.terms)
                pad = self._padding.get(name, (0, 0))
                there = name != "y" and has_slice(trace, name)
                scale = tensor_scales.scale(trace, name, scales) if there else None
                key = (slice_key(trace, name, lead, cursor), running, scale, pad)
                # a view given other values since (training redraws them) is worked out again
                kept = self._shown.get(id(view), trace, key) is view.shown_array()
                if not there or not kept:  # else as the last step left it
                    shown = slice_at(trace, name, lead, cursor)
                    if shown is None:
                        view.set_matrix(np.full((1, 1), np.nan))
                        view.set_title(self._title(name), self.tr("not computed"))
                        continue
                    if running is not None:
                        shown = shown.copy()
                        shown[cell[0]] = running
                    if name == "y":  # class numbers from 1, as the lessons and equations say, or the digits
                        numbers = np.array(label_numbers(self.session, int(classes)))
                        at = np.clip(np.nan_to_num(shown).astype(int), 0, int(classes) - 1)
                        shown, scale = numbers[at].astype(np.float64), float(max(numbers))
                    shown, describe = framed(shown, describer(names, name, lead, ndim, shown), pad)
                    never = (
                        layer_focus.never_negative(trace, name) if deep else never_negative(trace.spec, name)
                    )
                    view.set_matrix(shown, scale=scale, describe=describe, signed=not never)
                    self._shown.put(id(view), trace, key, view.shown_array())
                view.set_title(self._title(name), note)
                view.set_highlights(
                    *(shifted(cells_in(m.get(name), lead), pad) for m in (reads, writes, extra, subject))
                )
        updating = step is not None and step.phase == "update"  # the state matters then only
        self.optimiser.setVisible(bool(self._optimiser_key) and updating)
        if self._optimiser_key and updating:
            key = self._optimiser_key
            lead = self.cards[key].lead.get(key, ())
            written = step.index if step is not None and step.tensor == key else None
            self.optimiser.show_state(trace, key, cursor.done, lead, trace.names.name(key), written)
        if self._crossing is not None and step is not None:
            card = next(c for c in self.cards.values() if self._crossing.tensor in c.views)
            self.crossing_card.show_crossing(trace, self._crossing, card, step, mid)
        self._update_original()

    def _crossing_now(self) -> Crossing | None:
        trace = self.session.trace
        return crossing_for(trace, self.session.step, self.focus) if isinstance(trace, NetworkTrace) else None

    def _follow(self, step: Step) -> None:
        for key, value in zip(self._letters(step.tensor, len(step.index)), step.index, strict=False):
            self.selectors.set_value(key, value)

    def _letters(self, tensor: str, ndim: int) -> str:
        trace = self.session.trace
        if isinstance(trace, NetworkTrace):
            return layer_focus.letters(trace, self.focus, tensor, ndim)
        return letters_for(tensor, ndim)

    def _title(self, tensor: str) -> str:
        trace = self.session.trace
        return layer_focus.title(trace, tensor) if isinstance(trace, NetworkTrace) else title_of(tensor)

    def _ndim(self, tensor: str) -> int:
        values = self.session.trace.values
        return int(np.ndim(values[tensor])) if tensor in values else 0
