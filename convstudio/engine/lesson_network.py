"""Lessons in the ``[network]`` form: a network of any depth, its data and its first weights.

::

    [network]                         # exactly the network contract's plain data
    input = { channels = 1, height = 4, width = 4 }
    layers = [{ type = "conv", filters = 1, kernel = 2 }, { type = "global_avg_pool" }]
    loss = "mse"
    optimizer = { type = "sgd", lr = 0.1 }

    [data]
    input = [...]                     # numbers: (N, C, H, W), N from how many there are, or
    images = "blocks"                 # a generator from datasets.IMAGES (with batch, seed), or
    bars = true                       # the bars set, images and labels (with batch, seed), or
    dataset = "digits"                # a bundled data set's first `batch` images and labels, or
    test = 0.2                        # with dataset: the whole set, this share held out by seed
                                      # and the rest trained on in mini-batches of `batch`
    target = [...]                    # numbers of the output's shape, or class labels

    [weights]                         # numbers keyed like the parameters; the rest from `seed`
    "0.weight" = [[0.5, -1], [1, 0.5]]
    seed = 0
    init = "he"                       # optional: He's initialisation instead of PyTorch's default
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from typing import Any, NamedTuple

import numpy as np

from convstudio.engine import datasets
from convstudio.engine import network as nw
from convstudio.engine.data_set import DataSet
from convstudio.engine.gradient_flow import he_init
from convstudio.engine.lesson_values import LessonError, numbers, seed_of, weights_table
from convstudio.engine.network_check import check_network
from convstudio.engine.quoting import brief, quoted

DATA_KEYS = {"input", "images", "bars", "dataset", "batch", "seed", "target", "test"}
#: The bundled data sets a lesson may name, each giving (images, labels).
DATASETS = {"digits": datasets.digits}
#: what the classes of a bundled data set are called: the digits are themselves
CLASS_NAMES = {"digits": tuple(str(d) for d in range(10))}
#: The most images a generated or bundled batch may hold (as the window's limit).
MAX_BATCH = 64

Arrays = dict[str, np.ndarray]
#: The initialisations a lesson's ``[weights] init`` may name: PyTorch's default, or He's for ReLU.
INITS: dict[str, Callable[[Any, int], Arrays]] = {"default": nw.init_params, "he": he_init}


def data(network: Any, table: dict[str, Any]) -> tuple[np.ndarray, np.ndarray, int]:
    """The network checked, then its (x, target) and the data's seed; every problem a LessonError."""
    problems = nw.check(network)
    if problems:
        raise LessonError(f"[network]: {'; '.join(problems)}")
    seed = seed_of(table, "[data]")
    x, labels = _images(network, table, seed)
    return x, _target(network, table, x, labels), seed


class Split(NamedTuple):
    """A bundled data set shared out by seed: mini-batches of ``train``, ``test`` held out."""

    train: DataSet
    test_x: np.ndarray
    test_y: np.ndarray


def split(network: Any, table: dict[str, Any]) -> Split | None:
    """The train and test parts ``[data]`` asks for with ``test``; None when it holds no test share."""
    if "test" not in table:
        return None
    fraction = table["test"]
    if "dataset" not in table:
        raise LessonError("[data] test holds out part of a bundled data set: it needs dataset")
    if isinstance(fraction, bool) or not isinstance(fraction, (int, float)) or not 0 < fraction < 1:
        raise LessonError(
            f"[data] test is the share held out, a number between 0 and 1, not {brief(fraction)}"
        )
    data(network, table)  # the network, the data set's name and its image size, checked
    images, labels = DATASETS[table["dataset"]]()
    seed = seed_of(table, "[data]")
    train, test = datasets.split(labels, float(fraction), seed)
    batch = _batch(table)
    if batch > len(train):
        raise LessonError(f"[data] batch {batch} is more than the {len(train)} training images")
    try:
        part = DataSet(
            images[train], labels[train].astype(np.int64), batch, seed, drop_last=True,
            class_names=CLASS_NAMES.get(table["dataset"], ()),
        )  # fmt: skip
    except ValueError as error:
        raise LessonError(f"[data]: {error}") from None
    return Split(part, images[test], labels[test].astype(np.int64))


def _batch(data: dict[str, Any]) -> int:
    batch = data.get("batch", 1)
    if not isinstance(batch, int) or isinstance(batch, bool) or not 1 <= batch <= MAX_BATCH:
        raise LessonError(f"[data] batch must be a whole number from 1 to {MAX_BATCH}, not {brief(batch)}")
    return batch


def _images(network: dict[str, Any], data: dict[str, Any], seed: int) -> tuple[np.ndarray, np.ndarray | None]:
    extra = sorted(set(data) - DATA_KEYS)
    if extra:
        raise LessonError(f"[data] has unknown key(s) {', '.join(map(quoted, extra))}")
    sources = [k for k in ("input", "images", "bars", "dataset") if k in data]
    if len(sources) != 1:
        raise LessonError("[data] needs exactly one of input, images, bars or dataset")
    image = tuple(network["input"][k] for k in ("channels", "height", "width"))
    if "input" in data:
        if "batch" in data:
            raise LessonError("[data] batch is for generated images; written numbers give their own count")
        per = math.prod(image)
        count = _count(data["input"])
        return numbers(data["input"], (max(count // per, 1), *image), "[data] input"), None
    shape = (_batch(data), *image)
    if "images" in data:
        if not isinstance(data["images"], str) or data["images"] not in datasets.IMAGES:
            choices = ", ".join(datasets.IMAGES)
            raise LessonError(f"[data] images must be one of {choices}, not {brief(data['images'])}")
        return datasets.IMAGES[data["images"]](shape, seed), None
    if "bars" in data:
        if data["bars"] is not True:
            raise LessonError(f"[data] bars must be true (the bars data set), not {brief(data['bars'])}")
        x, labels = datasets.bars(shape, seed)
        return x, labels.astype(np.int64)
    name = data["dataset"]
    if not isinstance(name, str) or name not in DATASETS:
        raise LessonError(f"[data] dataset must be one of {', '.join(DATASETS)}, not {brief(name)}")
    images, labels = DATASETS[name]()
    if images.shape[1:] != image:
        wanted = "x".join(map(str, images.shape[1:]))
        raise LessonError(f"[data] the {name} images are {wanted} (C x H x W); set [network] input to fit")
    return images[: shape[0]], labels[: shape[0]]


def _count(value: Any) -> int:
    """How many numbers nested lists hold (a lone value is one)."""
    return sum(_count(v) for v in value) if isinstance(value, list) else 1


def _target(
    network: dict[str, Any], data: dict[str, Any], x: np.ndarray, labels: np.ndarray | None
) -> np.ndarray:
    out_shape = (x.shape[0], *check_network(network).layers[-1].out_shape)
    if network["loss"] == "cross_entropy":
        if "target" in data:
            labels = numbers(data["target"], (x.shape[0],), "[data] target (the labels)")
        if labels is None:
            raise LessonError("[data] needs a target: one class label per image")
        K = out_shape[1]
        if not (np.all(labels == np.round(labels)) and labels.min() >= 0 and labels.max() < K):
            raise LessonError(f"[data] the labels must be class numbers from 0 to {K - 1}")
        return np.asarray(labels).astype(np.int64)
    if "target" not in data:
        raise LessonError(f"[data] needs a target: numbers of the output's shape {out_shape}")
    return numbers(data["target"], out_shape, "[data] target")


def weights(network: Any, weights: Any, init: Callable[[int], Arrays] | None = None) -> Arrays:
    """The parameters ``[weights]`` writes, the rest from its seed by ``init`` (network-keyed;
    ``network.init_params`` if None), or by the initialisation its ``init`` names."""
    fresh = init if init is not None else (lambda seed: nw.init_params(network, seed))
    if isinstance(weights, dict) and "init" in weights:
        name = weights["init"]
        if not isinstance(name, str) or name not in INITS:
            raise LessonError(f"[weights] init must be one of {', '.join(INITS)}, not {brief(name)}")
        fresh = functools.partial(INITS[name], network)
        weights = {k: v for k, v in weights.items() if k != "init"}
    return weights_table(weights, nw.param_shapes(network), fresh)
