"""Projector mode's room for the matrices: its larger fonts take height from the tensors (titles,
indices, colour bars, the strip), so the tensors get a larger share of the window's height and the
matrices come out larger than without, not smaller; leaving the mode gives the old share back."""

from __future__ import annotations

from PySide6.QtWidgets import QSplitter

#: The tensors' share of the height the tensors and the panels below them have, in projector mode:
#: at 1280x800 the most that leaves the equation of a long step (two-conv-layers' dL/do terms) room
#: to fit without scrolling, and that makes a deep network's input grid no smaller than without.
TENSORS_SHARE = 0.77
_BEFORE = "convstudio_sizes_before_projector"


def fit(splitter: QSplitter, projector: bool) -> None:
    """Give the splitter's first widget (the tensors) its projector share, or the sizes it had."""
    before = splitter.property(_BEFORE)
    if projector and before is None:
        sizes = splitter.sizes()
        splitter.setProperty(_BEFORE, sizes)
        total = sum(sizes)
        top = round(total * TENSORS_SHARE)
        splitter.setSizes([top, total - top])
    elif not projector and before is not None:
        splitter.setProperty(_BEFORE, None)
        splitter.setSizes(list(before))
