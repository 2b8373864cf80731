"""The tensor panel's card layouts, one page per focused layer and crossing, kept until the network
changes: as *Follow the step* moves the focus across layers a page is shown again, not built anew
(building one takes longer than a step may). In projector mode the pages' margins are narrower: the
larger row numbers take width from the matrices, and at 1024 pixels width is what bounds them."""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass, field

from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QStackedLayout, QVBoxLayout, QWidget

from convstudio.ui.panels.tensor_cards import Card

#: Pages kept at most (a network of 8 layers has up to 8 foci, each with or without a crossing).
MOST_PAGES = 24
#: A column's side margins, the gap between columns and between a card's views: as usual, and in
#: projector mode (tight), where the room they give up goes to the matrices.
MARGIN, TIGHT_MARGIN = 4, 1
GAP, TIGHT_GAP = -1, 2  # -1: the style's spacing
VIEW_GAP, TIGHT_VIEW_GAP = 8, 4


@dataclass
class Page:
    """One built layout: its columns, its cards, and where the panel's shared cards go in it."""

    widget: QWidget
    columns: QHBoxLayout
    cards: dict[str, Card] = field(default_factory=dict)
    original_at: tuple[QGridLayout, int] | None = None  # the loaded picture, under the input
    optimiser_at: tuple[QGridLayout, int] | None = None  # the optimiser's state, under its weight
    crossing_stretch: int | None = None  # the crossing's own column, last, if the page has one
    groups: list[QVBoxLayout] = field(default_factory=list)  # the columns' own layouts


class Pages:
    """Pages in a stacked layout over ``box``, the one shown current, by a key of what they lay out."""

    def __init__(self, box: QWidget) -> None:
        self.stack = QStackedLayout(box)
        self.stack.setContentsMargins(0, 0, 0, 0)
        self._pages: dict[Hashable, Page] = {}
        self.tight = False  # projector mode's narrower margins

    def set_tight(self, on: bool) -> None:
        """Narrower margins (projector mode) or the usual ones, on the page shown and any shown later."""
        self.tight = on
        current = next((p for p in self._pages.values() if p.widget is self.stack.currentWidget()), None)
        if current is not None:
            self._fit(current)

    def _fit(self, page: Page) -> None:
        margin = TIGHT_MARGIN if self.tight else MARGIN
        page.columns.setSpacing(TIGHT_GAP if self.tight else GAP)
        for column in page.groups:
            column.setContentsMargins(margin, 0, margin, 0)
        for card in page.cards.values():
            card.grid.setSpacing(TIGHT_VIEW_GAP if self.tight else VIEW_GAP)

    def get(self, key: Hashable) -> Page | None:
        return self._pages.get(key)

    def new(self, key: Hashable) -> Page:
        """An empty page, kept under ``key`` (the oldest one dropped beyond MOST_PAGES)."""
        if len(self._pages) >= MOST_PAGES:
            self._drop(next(iter(self._pages)))
        widget = QWidget()
        columns = QHBoxLayout(widget)
        columns.setContentsMargins(0, 0, 0, 0)
        page = self._pages[key] = Page(widget, columns)
        self.stack.addWidget(widget)
        return page

    def show(self, page: Page) -> None:
        self._fit(page)
        self.stack.setCurrentWidget(page.widget)

    def clear(self) -> None:
        """Forget every page (the network changed: its shapes and names with it)."""
        for key in list(self._pages):
            self._drop(key)

    def _drop(self, key: Hashable) -> None:
        widget = self._pages.pop(key).widget
        self.stack.removeWidget(widget)
        widget.hide()  # deleteLater waits for the event loop; do not paint meanwhile
        widget.setParent(None)
        widget.deleteLater()
