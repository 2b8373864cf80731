"""The nudge panel's words: the one-weight result, the check's progress and its summary."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QTimer
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QAbstractItemView

from convstudio.engine.gradcheck import TINY, Nudge
from convstudio.engine.notation import exact, number
from convstudio.ui.instruments.nudge.numbers import aligned, cost_text, duration, minus, shared_prefix
from convstudio.ui.look import colors

AGREE_COLOR = colors.HIGHLIGHT_READ  # bluish green: the digits finite differences and backprop share


class Readout:
    """Writes the results into the panel's labels."""

    def _show_result(self) -> None:
        subject = self.subject
        w = subject.symbol(self.tensor, self.index, "html")
        dw = subject.symbol("d" + self.tensor, self.index, "html")
        value = float(self.session.params[self.tensor][self.index])
        eps = self._eps_text(self.eps)
        if self.error:
            self.message.setText(self.tr("The experiment could not run: {0}").format(self.error))
            self.message.show()
        n = self.result
        self.headline.setText(self.tr("{0} = {1}, nudged by ±{2}").format(w, number(value), eps))
        if n is None:
            self.readout.setText(
                self.tr("Two forward passes over the data, then the slope beside backprop's value…")
            )
            self.verdict.setText("")
            self.one_cost.setText("")
            self._fit_one()
            self._draw_sweep()
            return
        slope, backprop = aligned(n.numeric, n.backprop)
        common = shared_prefix(slope, backprop)
        agree = f"<span style='color:{self._ink(AGREE_COLOR)}'><b>{{}}</b></span>"

        def marked(text: str) -> str:
            return agree.format(minus(text[:common])) + minus(text[common:])

        digits = n.agreeing_digits
        rows = [
            (f"L({w} + ε)", exact(n.loss_plus), self.tr("forward pass 1")),
            (f"L({w} − ε)", exact(n.loss_minus), self.tr("forward pass 2")),
            (self.tr("slope (L₊ − L₋) / 2ε"), marked(slope), ""),
            (self.tr("backprop {0}").format(dw), marked(backprop), ""),
        ]
        quiet = self._ink(self.palette().color(QPalette.ColorRole.PlaceholderText).name())
        table = "".join(
            f"<tr><td nowrap>{a}</td><td>&nbsp;=&nbsp;</td><td nowrap>{b}</td>"
            f"<td nowrap>&nbsp;&nbsp;<span style='color:{quiet}'>{c}</span></td></tr>"
            for a, b, c in rows
        )
        said = (
            self.tr("They agree to <b>{0} significant digit</b> ({1}).")
            if digits == 1
            else self.tr("They agree to <b>{0} significant digits</b> ({1}).")
        )
        self.verdict.setText(said.format(digits, difference_words(n)))
        self.readout.setText(f"<table cellspacing='1'>{table}</table>")
        batch = subject.batch
        weights = subject.count()
        text = cost_text(1, batch, self.nudge_seconds, None)
        if self.backprop_seconds is not None:
            text += self.tr(
                " Backprop got this gradient and the other {0} from 1 forward + 1 backward pass: {1}."
            ).format(f"{weights - 1:,}", duration(self.backprop_seconds))
        self.one_cost.setText(text)
        self._fit_one()
        self._draw_sweep()

    def _show_check_progress(self) -> None:
        done = len(self.model.rows)
        self.progress.setValue(done)
        if self.checking:
            so_far = duration(self.check_seconds)
            left = ""
            if done:
                rest = self.check_seconds / done * (self._check_total - done)
                left = self.tr("; about {0} to go").format(duration(rest)) if rest >= 1 else ""
            self.summary.setText(
                self.tr("Checked {0} of {1} weights: {2} forward passes, {3} so far{4}…").format(
                    f"{done:,}", f"{self._check_total:,}", f"{2 * done:,}", so_far, left
                )
            )

    def _check_finished(self, *, cancelled: bool) -> None:
        self.check_button.setEnabled(True)
        self.cancel_button.setEnabled(False)
        self.progress.hide()
        rows = self.model.rows
        done = len(rows)
        if not done:
            self.summary.setText(self.tr("Cancelled before the first weight.") if cancelled else "")
            return
        worst = rows[self.model.worst]
        head = (
            self.tr("Cancelled after {0} of {1} weights. ").format(f"{done:,}", f"{self._check_total:,}")
            if cancelled
            else ""
        )
        worst_words = (
            self.tr("Worst: {0} agrees to {1} digit ({2}); {3} of {4} agree to 8 or more.")
            if worst.agreeing_digits == 1
            else self.tr("Worst: {0} agrees to {1} digits ({2}); {3} of {4} agree to 8 or more.")
        )
        eight = sum(n.agreeing_digits >= 8 for n in rows)
        self.summary.setText(
            head
            + worst_words.format(
                self.model.symbol(worst, grad=True),
                worst.agreeing_digits,
                difference_words(worst),
                f"{eight:,}",
                f"{done:,}",
            )
        )
        self.cost.setText(
            cost_text(done, self.subject.batch, self.check_seconds, self.check_backprop_seconds)
        )
        worst = self.model.index(self.model.worst, 0)
        # once the rows just added are laid out
        center = QAbstractItemView.ScrollHint.PositionAtCenter
        QTimer.singleShot(0, self.table, lambda: self.table.scrollTo(worst, center))


def difference_words(n: Nudge) -> str:
    """The difference the agreeing digits are counted from, said so that the two agree."""
    if n.tiny:
        return QCoreApplication.translate("Readout", "both below {0}: difference {1}, {2} of {0}").format(
            minus(f"{TINY:.0e}"), minus(f"{n.abs_error:.1e}"), minus(f"{n.compared_error:.1e}")
        )
    return QCoreApplication.translate("Readout", "relative difference {0}").format(
        minus(f"{n.rel_error:.1e}")
    )
