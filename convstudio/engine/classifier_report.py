"""How well a classifier does on its training and test images: the accuracies, the confusion matrix,
the test images each cell counts, the misclassified ones, and the first layer's filters to look at.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from convstudio.engine import network as net
from convstudio.engine.data_set import DataSet

#: Images predicted at a time: small enough that a measurement on a worker thread hands the
#: interpreter back to the event loop every few milliseconds (and the digits run fastest so).
CHUNK = 64


@dataclass(frozen=True, eq=False)
class Report:
    """One iteration's weights measured: accuracies as fractions, the test images' predicted
    classes (int64 (N,)) and the confusion matrix (true class rows, predicted class columns)."""

    iteration: int
    train_accuracy: float
    test_accuracy: float
    test_labels: np.ndarray
    test_predicted: np.ndarray
    confusion: np.ndarray

    def cell(self, true: int, guess: int) -> np.ndarray:
        """The test images (indices, ascending) of class ``true`` predicted as ``guess``."""
        return cell_images(self.test_labels, self.test_predicted, true, guess)

    def misclassified(self) -> np.ndarray:
        """The test images (indices, ascending) whose predicted class is not their label."""
        return np.flatnonzero(self.test_predicted != self.test_labels)


def classes(network: Mapping[str, Any]) -> int:
    """How many classes a classifier's last dense layer scores."""
    return int(network["layers"][-1]["units"])


def measure(
    network: Mapping[str, Any],
    params: Mapping[str, np.ndarray],
    state: Mapping[str, Any] | None,
    train: tuple[np.ndarray, np.ndarray],
    test: tuple[np.ndarray, np.ndarray],
    iteration: int,
) -> Report:
    """The report of ``params`` (the weights at the start of iteration ``iteration``)."""
    train_predicted = predicted(network, params, train[0], state)
    test_labels = np.asarray(test[1], dtype=np.int64)
    test_predicted = predicted(network, params, test[0], state)
    return Report(
        iteration,
        float(np.mean(train_predicted == np.asarray(train[1]))),
        float(np.mean(test_predicted == test_labels)),
        test_labels,
        test_predicted,
        confusion(test_labels, test_predicted, classes(network)),
    )


def predicted(
    network: Mapping[str, Any],
    params: Mapping[str, np.ndarray],
    x: np.ndarray,
    state: Mapping[str, Any] | None,
) -> np.ndarray:
    """Each image's class, the highest of its scores: int64 (N,)."""
    parts = [
        net.predict(network, params, x[i : i + CHUNK], state).argmax(axis=1) for i in range(0, len(x), CHUNK)
    ]
    return np.concatenate(parts).astype(np.int64)


def confusion(labels: np.ndarray, predicted: np.ndarray, k: int) -> np.ndarray:
    """How many images of each class (row) were predicted as each class (column): int64 (k, k)."""
    counts = np.zeros((k, k), dtype=np.int64)
    np.add.at(counts, (np.asarray(labels, dtype=np.int64), np.asarray(predicted, dtype=np.int64)), 1)
    return counts


def cell_images(labels: np.ndarray, predicted: np.ndarray, true: int, guess: int) -> np.ndarray:
    """The images (indices, ascending) of class ``true`` predicted as ``guess``."""
    return np.flatnonzero((np.asarray(labels) == true) & (np.asarray(predicted) == guess))


def first_filters(network: Mapping[str, Any], params: Mapping[str, np.ndarray]) -> np.ndarray | None:
    """The first conv layer's filters (F, C, kh, kw), or None for a network without one."""
    for i, layer in enumerate(network["layers"]):
        if layer["type"] == "conv":
            return np.asarray(params[f"{i}.weight"])
    return None


def trained(
    network: Mapping[str, Any], params: Mapping[str, np.ndarray], data: DataSet, iterations: int
) -> tuple[dict[str, np.ndarray], dict[str, Any]]:
    """The parameters and optimiser state after ``iterations`` iterations over ``data``'s
    mini-batches, from iteration 0: what the window's training reaches."""
    weights, state = dict(params), None
    for number in range(iterations):
        result = net.iterate(network, weights, *data.arrays(number), state)
        weights, state = result.new_params, result.new_state
    return weights, dict(state or {})
