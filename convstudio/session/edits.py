"""The states an edit leads to: each a pure function of the current state, checked, for the
session to push as one undoable command."""

from __future__ import annotations

import contextlib
import math
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import numpy as np

from convstudio.engine import network as nw
from convstudio.engine.cursor import Cursor
from convstudio.engine.data_set import DataSet
from convstudio.engine.model import check_data, check_params, init_params
from convstudio.engine.network_check import check_network
from convstudio.engine.spec import Spec
from convstudio.engine.spec_network import from_network, param_keys
from convstudio.engine.timeline import Arrays, Snapshot, State
from convstudio.engine.window_limits import window_problems
from convstudio.io import sessionfile_network as sf_network


def fresh_state(
    spec: Spec,
    x: np.ndarray,
    target: np.ndarray,
    params: Arrays | None = None,
    *,
    lesson: str | None = None,
    seed: int = 0,
) -> State:
    """A checked state at iteration 0, or ValueError (SpecError) saying what is wrong."""
    spec.validate()
    x, target = check_data(spec, x, target)
    params = check_params(spec, params) if params is not None else init_params(spec, seed)
    return State(spec, x, target, [Snapshot(params, {})], 0, Cursor(), lesson, seed)


def fresh_network_state(
    network: dict[str, Any],
    x: np.ndarray,
    target: np.ndarray,
    params: Arrays | None = None,
    *,
    lesson: str | None = None,
    seed: int = 0,
) -> State:
    """A checked state at iteration 0 of a network no Spec describes, or ValueError saying why not."""
    problems = nw.check(network)
    if problems:
        raise ValueError("; ".join(problems))
    x, target = sf_network.check_data(network, np.asarray(x, dtype=np.float64), np.asarray(target))
    params = sf_network.check_params(network, params) if params is not None else nw.init_params(network, seed)
    start = [Snapshot(params, {}, {})]
    return State(None, x, target, start, 0, Cursor(), lesson, seed, network=network)


def fresh_like(
    s: State, x: np.ndarray, target: np.ndarray, params: Arrays | None, *, seed: int | None = None
) -> State:
    """A fresh state on the network of ``s`` (its Spec, or its network when it has none)."""
    seed = s.seed if seed is None else seed
    if s.spec is None:
        return fresh_network_state(s.the_network(), x, target, params, lesson=s.lesson, seed=seed)
    return fresh_state(s.spec, x, target, params, lesson=s.lesson, seed=seed)


def with_edit(s: State, tensor: str, index: tuple[int, ...], value: float) -> State:
    """``s`` with one cell of I, t, y or a parameter changed; the iteration restarts from its
    beginning and the iterations after it are forgotten. ``s`` must be a copy the caller owns."""
    value = float(value)
    if not math.isfinite(value):
        raise ValueError("a value must be a finite number")
    kept = s.iteration - s.first
    past = {"cursor": Cursor(), "losses": s.losses.truncated(s.iteration)}
    if s.spec is None:
        return _with_network_edit(s, tensor, index, value, kept, past)
    if tensor == "I":
        x = s.x.copy()
        x[index] = value
        return replace(s, x=x, snapshots=s.snapshots[: kept + 1], **past)
    if tensor in ("t", "y"):
        if s.spec.loss == "cross_entropy" and not (value.is_integer() and 0 <= value < s.spec.n_classes):
            raise ValueError(f"a label is a class number from 0 to {s.spec.n_classes - 1}, not {value:g}")
        target = s.target.copy()
        target[index] = value
        _, target = check_data(s.spec, s.x, target)
        return replace(s, target=target, snapshots=s.snapshots[: kept + 1], **past)
    if tensor not in s.spec.param_shapes():
        raise ValueError(f"{tensor} cannot be edited")
    params = {k: v.copy() if k == tensor else v for k, v in s.snapshots[kept].params.items()}
    params[tensor][index] = value
    snapshots = [*s.snapshots[:kept], Snapshot(params, s.snapshots[kept].velocity)]
    return replace(s, snapshots=snapshots, **past)


def _with_network_edit(
    s: State, tensor: str, index: tuple[int, ...], value: float, kept: int, past: dict[str, Any]
) -> State:
    """``with_edit`` for a network without a Spec: its input is x and its parameters "0.weight"."""
    network = s.the_network()
    if tensor == "x":
        x = s.x.copy()
        x[index] = value
        return replace(s, x=x, snapshots=s.snapshots[: kept + 1], **past)
    if tensor in ("t", "y"):
        target = s.target.copy()
        target[index] = value
        _, target = sf_network.check_data(network, s.x, target)
        return replace(s, target=target, snapshots=s.snapshots[: kept + 1], **past)
    snap = s.snapshots[kept]
    if tensor not in snap.params:
        raise ValueError(f"{tensor} cannot be edited")
    params = {k: v.copy() if k == tensor else v for k, v in snap.params.items()}
    params[tensor][index] = value
    snapshots = [*s.snapshots[:kept], Snapshot(params, snap.velocity, snap.opt_state)]
    return replace(s, snapshots=snapshots, **past)


def for_spec(s: State, spec: Spec) -> State:
    """``s`` on another network: data and weights kept where their shapes still fit."""
    spec.validate()
    x = s.x if s.x.shape == spec.input_shape else sample_input(spec, s.seed)
    target = s.target
    try:
        _, target = check_data(spec, x, target)
    except ValueError:
        target = default_target(spec)
    current = s.snapshot(s.iteration)
    assert current is not None
    params: Arrays | None = current.params
    if {k: v.shape for k, v in current.params.items()} != spec.param_shapes():
        params = None
    data = s.data
    if data is not None and _learns_from(spec, data.images, data.targets):  # the data set stays
        kept = DataSet(
            data.images, data.targets, spec.batch, data.seed, drop_last=True, class_names=data.class_names
        )
        x, target = kept.arrays(0)
        return replace(fresh_state(spec, x, target, params, lesson=s.lesson, seed=s.seed), data=kept)
    return fresh_state(spec, x, target, params, lesson=s.lesson, seed=s.seed)


def for_network(
    s: State, network: dict[str, Any], batch: int, origins: Sequence[int | None] | None = None
) -> State:
    """``s`` on another network of any depth, ``batch`` images at a time: a one-layer state stays
    one while a Spec describes the network; the input and target are kept where their shapes
    still fit, and each layer's weights where its type and shapes are unchanged (the rest from
    the seed). ``origins`` gives each new layer's index in the current network (None: a new
    layer); without it a layer is the one at its own index."""
    if s.spec is not None:
        spec = from_network(network, batch)
        if spec is not None:
            return for_spec(s, spec)
    problems = window_problems(network, batch)
    if problems:
        raise ValueError("; ".join(problems))
    shape = (batch, *(network["input"][k] for k in ("channels", "height", "width")))
    x = s.x if s.x.shape == shape else np.round(np.random.default_rng(s.seed).uniform(0, 1, shape), 1)
    try:
        _, target = sf_network.check_data(network, x, s.target)
    except ValueError:
        out = check_network(network).layers[-1].out_shape
        target = np.arange(batch) % out[0] if network["loss"] == "cross_entropy" else np.ones((batch, *out))
    params = _kept_params(s, network, origins)
    return fresh_network_state(network, x, target, params, lesson=s.lesson, seed=s.seed)


def _kept_params(s: State, network: dict[str, Any], origins: Sequence[int | None] | None) -> Arrays:
    """Fresh parameters of ``network`` from the seed, but the current ones of each layer whose
    origin has its type and shapes."""
    current = s.snapshot(s.iteration)
    assert current is not None
    old = dict(current.params)
    if s.spec is not None:  # the one-layer names W, b, V, c as the network's keys
        old = {key: old[name] for name, key in param_keys(s.spec).items()}
    old_types = [layer.get("type") for layer in s.the_network()["layers"]]
    params = nw.init_params(network, s.seed)
    for key, fresh in params.items():
        i, name = key.split(".")
        j = int(i) if origins is None else origins[int(i)]
        was = f"{j}.{name}"
        same = j is not None and j < len(old_types) and old_types[j] == network["layers"][int(i)]["type"]
        if same and was in old and old[was].shape == fresh.shape:
            params[key] = old[was]
    return params


def _learns_from(spec: Spec, images: np.ndarray, targets: np.ndarray) -> bool:
    """Whether ``spec`` can learn from these labelled images, a full batch at a time."""
    return (
        images.shape[1:] == spec.input_shape[1:]
        and spec.loss == "cross_entropy"
        and int(targets.max()) < spec.n_classes
        and spec.batch <= len(images)
    )


def lesson_params(s: State) -> Arrays:
    """The weights the lesson (or, for a network of one's own, its seed) starts from."""
    from convstudio.engine import lessons

    if s.lesson in lessons.available(every=True):
        with contextlib.suppress(lessons.LessonError):
            lesson = lessons.load(s.lesson)  # type: ignore[arg-type]
            if s.spec is None and lesson.network == s.network:
                return lesson.network_params
            if s.spec is not None and lesson.spec == s.spec:
                return lesson.params
    if s.spec is None:
        return nw.init_params(s.the_network(), s.seed)
    return init_params(s.spec, s.seed)


def sample_input(spec: Spec, seed: int) -> np.ndarray:
    """Seeded images for a network whose input shape changed: one decimal, in [0, 1]."""
    return np.round(np.random.default_rng(seed).uniform(0, 1, spec.input_shape), 1)


def default_target(spec: Spec) -> np.ndarray:
    """Targets of 1 (MSE), or labels 0, 1, 0, ... (cross-entropy)."""
    if spec.loss == "cross_entropy":
        return np.arange(spec.batch) % spec.n_classes
    return np.ones(spec.pred_shape)


def with_data(
    s: State, images: np.ndarray, labels: np.ndarray, n_classes: int, names: tuple[str, ...] = ()
) -> State:
    """``s`` learning from labelled images (N, C, H, W) of the network's input size: a classifier
    of ``n_classes`` (a dense head and cross-entropy, unless it already is one), its batch no
    larger than the set and every batch full; weights kept where their shapes still fit, the
    iteration back at 1. A network without a Spec is not changed: it must already fit them
    (see ``_with_network_data``)."""
    spec = s.spec
    if spec is None:
        return _with_network_data(s, images, labels, n_classes, names)
    if spec.loss != "cross_entropy" or spec.n_classes != n_classes:
        spec = replace(spec, head="dense", classes=n_classes, loss="cross_entropy")
    spec = replace(spec, batch=min(spec.batch, len(images)))
    data = DataSet(images, labels, batch_size=spec.batch, seed=s.seed, drop_last=True, class_names=names)
    kept = for_spec(s, spec).snapshots[0].params
    x, target = data.arrays(0)
    return replace(fresh_state(spec, x, target, kept, lesson=s.lesson, seed=s.seed), data=data)


def _with_network_data(
    s: State, images: np.ndarray, labels: np.ndarray, n_classes: int, names: tuple[str, ...] = ()
) -> State:
    """``with_data`` for a network of any depth: a cross-entropy network whose last layer has
    ``n_classes`` outputs learns from the images, its batch size kept (no larger than the set) and
    its current weights kept; any other network is a ValueError saying what would fit."""
    network = s.the_network()
    image = tuple(network["input"][k] for k in ("channels", "height", "width"))
    if tuple(images.shape[1:]) != image:
        raise ValueError(f"the images are {images.shape[1:]}; the network takes {image}")
    if network["loss"] != "cross_entropy":
        raise ValueError(
            f"the network learns with the {network['loss']} loss; a folder of {n_classes} classes needs "
            f"cross-entropy and a last dense layer of {n_classes} units"
        )
    outputs = check_network(network).layers[-1].out_shape[0]
    if outputs != n_classes:
        last = network["layers"][-1]["type"]
        fix = (
            f"change the last dense layer to {n_classes} units"
            if last == "dense"
            else f"end it in a dense layer of {n_classes} units"
        )
        raise ValueError(f"the network ends in {outputs} outputs; the folder has {n_classes} classes: {fix}")
    batch = min(len(s.x), len(images))
    data = DataSet(images, labels, batch_size=batch, seed=s.seed, drop_last=True, class_names=names)
    current = s.snapshot(s.iteration)
    assert current is not None
    x, target = data.arrays(0)
    fresh = fresh_network_state(network, x, target, current.params, lesson=s.lesson, seed=s.seed)
    return replace(fresh, data=data)


def with_batch_image(s: State, position: int, image: np.ndarray, label: int) -> State:
    """``s`` whose current mini-batch holds ``image`` (C, H, W) labelled ``label`` at ``position``
    (0-based): the data set's image there is replaced, so the current iteration is traced through
    it; that iteration restarts from its first step and the ones after it are forgotten."""
    data = s.data
    if data is None:
        raise ValueError("only a session that learns from a data set has mini-batches to put an image in")
    samples = data.batch(s.iteration).samples
    if not 0 <= position < len(samples):
        raise ValueError(f"there is no image {position + 1} in a mini-batch of {len(samples)}")
    if np.shape(image) != data.images.shape[1:]:
        raise ValueError(f"the image is {np.shape(image)}; the data set's images are {data.images.shape[1:]}")
    images, targets = np.array(data.images), np.array(data.targets)
    images[samples[position]], targets[samples[position]] = image, label
    kept = s.iteration - s.first
    return replace(
        s,
        data=DataSet(images, targets, data.batch_size, data.seed, data.drop_last, data.class_names),
        snapshots=s.snapshots[: kept + 1],
        cursor=Cursor(),
        losses=s.losses.truncated(s.iteration),
    )
