"""A drawing as a network of any depth sees it: its answer (batch norm with the running statistics)
and the batch with the drawing put in as one image."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from convstudio.engine import network as net
from convstudio.engine.network_check import check_network


def _input(network: Mapping[str, Any]) -> tuple[int, int, int]:
    shape = network["input"]
    return int(shape["channels"]), int(shape["height"]), int(shape["width"])


def classifier(network: Mapping[str, Any]) -> bool:
    """Whether the network's answer is class probabilities (its loss is cross_entropy)."""
    return bool(network["loss"] == "cross_entropy")


def n_classes(network: Mapping[str, Any]) -> int:
    """How many classes the network's last layer scores (its output's features)."""
    checked = check_network(network)
    if checked.problems or not checked.layers:
        raise ValueError("the network cannot be built, so it has no classes")
    return int(np.prod(checked.layers[-1].out_shape))


def as_input(network: Mapping[str, Any], canvas: np.ndarray) -> np.ndarray:
    """The canvas as one input image (1, C, H, W): the same grey map in every channel."""
    channels, height, width = _input(network)
    canvas = np.asarray(canvas, dtype=np.float64)
    if canvas.shape != (height, width):
        raise ValueError(f"the drawing is {canvas.shape[0]}x{canvas.shape[1]}; the input is {height}x{width}")
    return np.repeat(canvas[None, None], channels, axis=1)


def answer(
    network: Mapping[str, Any],
    params: Mapping[str, np.ndarray],
    canvas: np.ndarray,
    state: Mapping[str, Any] | None = None,
) -> np.ndarray:
    """The network's answer for the drawing alone: class probabilities (K,) for a classifier, else
    its output flattened; ``state`` holds batch norm's running statistics."""
    out = np.asarray(net.predict(network, params, as_input(network, canvas), state))[0].reshape(-1)
    if not classifier(network):
        return out
    shifted = np.exp(out - out.max())
    return np.asarray(shifted / shifted.sum())


def placed(
    network: Mapping[str, Any],
    x: np.ndarray,
    target: np.ndarray,
    image: int,
    canvas: np.ndarray,
    label: int | None,
) -> tuple[np.ndarray, np.ndarray]:
    """``x`` and ``target`` with the drawing as image ``image`` (0-based) and, for a classifier,
    ``label`` as its class; new arrays, the old ones untouched."""
    if not 0 <= image < x.shape[0]:
        raise ValueError(f"there is no image {image + 1} in a batch of {x.shape[0]}")
    new_x = np.array(x, dtype=np.float64)
    new_x[image] = as_input(network, canvas)[0]
    new_target = np.array(target)
    if label is not None:
        if not classifier(network):
            raise ValueError("only a classifier's images have a label")
        k = n_classes(network)
        if not 0 <= label < k:
            raise ValueError(f"the classes are 1 to {k}, not {label + 1}")
        new_target[image] = label
    return new_x, new_target
