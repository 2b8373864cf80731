"""A picture drawn by the learner: what the network makes of it, and the batch with it put in.

The pad draws one grey map of the input's size; a network with three channels sees it in each. The
network's answer is its forward pass alone on that one image: the class probabilities for a
classifier, the predicted map (what the loss compares) otherwise.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

import numpy as np

from convstudio.engine.model import forward
from convstudio.engine.sections import predicted
from convstudio.engine.spec import Spec

#: How much ink one touch of the brush adds to the cell under it and to its four neighbours.
INK, SPREAD = 1.0, 0.35


def brushed(canvas: np.ndarray, row: int, col: int, erase: bool = False) -> np.ndarray:
    """``canvas`` (H, W, values in [0, 1]) after one touch of the brush at (row, col): ink on the cell
    and some on its four neighbours, or (erasing) the cell cleared."""
    out = np.array(canvas, dtype=np.float64)
    h, w = out.shape
    if not (0 <= row < h and 0 <= col < w):
        return out
    if erase:
        out[row, col] = 0.0
        return out
    out[row, col] += INK
    for dr, dc in ((-1, 0), (1, 0), (0, -1), (0, 1)):
        r, c = row + dr, col + dc
        if 0 <= r < h and 0 <= c < w:
            out[r, c] += SPREAD
    return np.clip(out, 0.0, 1.0)


def as_input(spec: Spec, canvas: np.ndarray) -> np.ndarray:
    """The canvas as one input image (1, C, H, W): the same grey map in every channel."""
    canvas = np.asarray(canvas, dtype=np.float64)
    if canvas.shape != (spec.height, spec.width):
        raise ValueError(
            f"the drawing is {canvas.shape[0]}x{canvas.shape[1]}; the input is {spec.height}x{spec.width}"
        )
    return np.repeat(canvas[None, None], spec.channels, axis=1)


def answer(spec: Spec, params: Mapping[str, np.ndarray], canvas: np.ndarray) -> np.ndarray:
    """The network's answer for the drawing: class probabilities (K,) for a classifier, else the
    predicted values, flattened."""
    one = replace(spec, batch=1)
    target = np.zeros(one.target_shape, dtype=np.int64 if spec.loss == "cross_entropy" else np.float64)
    values = forward(one, params, as_input(spec, canvas), target)
    if spec.loss == "cross_entropy":
        return np.asarray(values["q"][0])
    return np.asarray(values[predicted(one)]).reshape(-1)


def placed(
    spec: Spec, x: np.ndarray, target: np.ndarray, image: int, canvas: np.ndarray, label: int | None
) -> tuple[np.ndarray, np.ndarray]:
    """``x`` and ``target`` with the drawing as image ``image`` (0-based) and, for a classifier,
    ``label`` as its class; new arrays, the old ones untouched."""
    if not 0 <= image < x.shape[0]:
        raise ValueError(f"there is no image {image + 1} in a batch of {x.shape[0]}")
    new_x = np.array(x, dtype=np.float64)
    new_x[image] = as_input(spec, canvas)[0]
    new_target = np.array(target)
    if label is not None:
        if spec.loss != "cross_entropy":
            raise ValueError("only a classifier's images have a label")
        if not 0 <= label < spec.n_classes:
            raise ValueError(f"the classes are 1 to {spec.n_classes}, not {label + 1}")
        new_target[image] = label
    return new_x, new_target
