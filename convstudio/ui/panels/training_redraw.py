"""The parameters as training leaves them, iteration after iteration, at most ~30 redraws a second
however fast it trains: the filter seen learning while the tensor panel's trace waits."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from PySide6.QtCore import QObject, QTimer

from convstudio.session.session import Session
from convstudio.ui.panels.tensor_cards import Card

REDRAW_MS = 33
#: The one-layer network's parameters, in the order the panel shows them.
PARAMETERS = ("W", "b", "V", "c")


class TrainingRedraw(QObject):
    """Redraws the parameter cards of ``cards()`` while ``session`` trains; ``title`` names a tensor."""

    def __init__(
        self,
        session: Session,
        cards: Callable[[], Mapping[str, Card]],
        title: Callable[[str], str],
        parent: QObject,
    ) -> None:
        super().__init__(parent)
        self.session, self._cards, self._title = session, cards, title
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(REDRAW_MS)
        self.timer.timeout.connect(self.show)
        session.loss_recorded.connect(self._loss_recorded)

    def _loss_recorded(self) -> None:
        if self.session.training and not self.timer.isActive():
            self.timer.start()

    def show(self) -> None:
        session = self.session
        if not session.training:
            return
        params, cards = session.params, self._cards()
        for name in params if session.deep else PARAMETERS:
            card = cards.get(name)
            if card is None or name not in params:
                continue
            view = card.views[name]
            values = params[name][card.lead.get(name, ())]
            view.set_title(self._title(name), self.tr("training: iteration {0}").format(session.iteration))
            view.set_matrix(values)
            view.set_highlights()
