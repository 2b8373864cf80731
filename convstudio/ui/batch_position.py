"""The words that say where an iteration stands in the epochs: "epoch 2 · batch 3 of 8"."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from convstudio.engine.data_set import DataSet


def batch_position(data: DataSet | None, iteration: int) -> str:
    """Iteration ``iteration``'s (from 0) epoch and batch, counted from 1; "" without a data set."""
    if data is None:
        return ""
    batch = data.batch(iteration)
    return QCoreApplication.translate("BatchPosition", "epoch {0} · batch {1} of {2}").format(
        batch.epoch + 1, batch.index + 1, data.batches.per_epoch
    )


def with_batch_position(text: str, data: DataSet | None, iteration: int) -> str:
    """``text`` (the toolbar's iteration words) with the batch position beside it, when there is one."""
    where = batch_position(data, iteration)
    return f"{text} · {where}" if where else text


def words(data: DataSet | None, iteration: int) -> str:
    """The toolbar's "Iteration 11", with "epoch 2 · batch 3 of 8" beside it when there is a data set."""
    text = QCoreApplication.translate("BatchPosition", "Iteration {0}").format(iteration + 1)
    return with_batch_position(text, data, iteration)
