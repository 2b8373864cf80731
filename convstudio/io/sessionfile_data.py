"""A session's data set in the session file (format 4): its images, targets, batch size and seed.

Which batch each iteration learnt from follows from these (``engine.batches``), so nothing is
stored per iteration."""

from __future__ import annotations

from typing import Any

import numpy as np

from convstudio.engine.data_set import DataSet
from convstudio.engine.spec import Spec
from convstudio.io.session_arrays import SessionFileError, array, load_array, whole
from convstudio.io.sessionfile_network import check_data

KEYS = {"images", "targets", "batch_size", "seed", "drop_last"}
#: what a file may add (ConvStudio 0.x files before class names have none)
OPTIONAL = {"class_names"}


def data_doc(data: DataSet | None, lazy: bool = False) -> dict[str, Any] | None:
    if data is None:
        return None
    return {
        "images": array(data.images, lazy),
        "targets": array(np.asarray(data.targets, dtype=np.float64), lazy),
        "batch_size": data.batch_size,
        "seed": data.seed,
        "drop_last": data.drop_last,
        **({"class_names": list(data.class_names)} if data.class_names else {}),
    }


def load_data(value: Any, spec: Spec | None, network: dict[str, Any] | None = None) -> DataSet | None:
    """The data set a session file gives (None for none), checked against its network: the Spec, or
    without one ``network`` (the network contract's plain data)."""
    if value is None:
        return None
    if not isinstance(value, dict) or not KEYS <= set(value) <= KEYS | OPTIONAL:
        raise SessionFileError(
            f"its data set must have {', '.join(sorted(KEYS))} (and may have {', '.join(sorted(OPTIONAL))})"
        )
    names = value.get("class_names", [])
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        raise SessionFileError("the data set's class_names must be a list of texts")
    images = load_array(value["images"], "the data set's images")
    targets = load_array(value["targets"], "the data set's targets")
    if not isinstance(value["drop_last"], bool):
        raise SessionFileError("the data set's drop_last must be true or false")
    batch_size = whole(value["batch_size"], "the data set's batch size", 1, 10**6)
    seed = whole(value["seed"], "the data set's seed", 0, 2**63 - 1)
    if spec is not None:
        if images.ndim != 4 or images.shape[1:] != spec.input_shape[1:]:
            raise SessionFileError(
                f"the data set's images are {images.shape}, not the network's input {spec.input_shape[1:]}"
            )
        if batch_size != spec.batch:
            raise SessionFileError(
                f"the data set's batch size {batch_size} is not the network's {spec.batch}"
            )
        if spec.loss == "cross_entropy" and not (
            np.all(targets == np.rint(targets)) and targets.min() >= 0 and targets.max() < spec.n_classes
        ):
            raise SessionFileError(
                f"the data set's labels must be class numbers from 0 to {spec.n_classes - 1}"
            )
    if spec is not None and spec.loss == "cross_entropy":
        targets = targets.astype(np.int64)
    if spec is None and network is not None:
        try:
            images, targets = check_data(network, images, targets)
        except SessionFileError as error:
            raise SessionFileError(f"its data set: {error}") from None
    try:
        return DataSet(images, targets, batch_size, seed, value["drop_last"], tuple(names))
    except ValueError as error:
        raise SessionFileError(f"its data set: {error}") from None
