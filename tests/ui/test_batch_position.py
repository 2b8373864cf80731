"""The toolbar's words for where an iteration stands in the epochs."""

from __future__ import annotations

import numpy as np

from convstudio.engine.data_set import DataSet
from convstudio.ui.batch_position import batch_position, with_batch_position, words


def _data(n: int, batch_size: int) -> DataSet:
    return DataSet(np.zeros((n, 1, 2, 2)), np.zeros(n, dtype=np.int64), batch_size=batch_size)


def test_the_position_names_the_epoch_and_the_batch_from_one(qapp: object) -> None:
    data = _data(64, 8)  # 8 batches an epoch
    assert batch_position(data, 0) == "epoch 1 · batch 1 of 8"
    assert batch_position(data, 10) == "epoch 2 · batch 3 of 8"
    assert batch_position(_data(10, 4), 5) == "epoch 2 · batch 3 of 3"  # the short last batch counts


def test_without_a_data_set_the_words_are_todays(qapp: object) -> None:
    assert batch_position(None, 5) == ""
    assert with_batch_position("Iteration 6", None, 5) == "Iteration 6"
    assert with_batch_position("Iteration 11", _data(64, 8), 10) == "Iteration 11 · epoch 2 · batch 3 of 8"


def test_the_toolbar_names_the_iteration_and_its_batch(qapp: object) -> None:
    assert words(None, 0) == "Iteration 1"
    assert words(_data(64, 8), 10) == "Iteration 11 · epoch 2 · batch 3 of 8"
