"""Training on the terminal: ``convstudio --lesson NAME --train N`` without a window, for teachers'
scripts and machines with no screen.

Nothing here imports Qt. The run is the engine's ``fit`` over the lesson's network; Ctrl+C asks it
to stop after the iteration under way, and what was trained is still reported and saved. The session
file is the one the window writes, so the window opens it where the terminal left off.
"""

from __future__ import annotations

import argparse
import signal
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import Any, TextIO

import numpy as np

from convstudio.engine import fit, lessons, spec_network, timeline
from convstudio.engine.cursor import Cursor
from convstudio.engine.data_set import DataSet
from convstudio.engine.lessons import Lesson
from convstudio.engine.spec import Spec
from convstudio.engine.timeline import Arrays, Losses, Snapshot, State

#: Exit statuses: trained; training diverged or the session could not be saved; the lesson or file
#: could not be opened; stopped by Ctrl+C (128 + SIGINT, as a shell reports it).
OK, FAILED, REFUSED, INTERRUPTED = 0, 1, 2, 130
#: The tty progress line is rewritten at most this often (seconds): printing is slower than a tiny
#: iteration.
REDRAW_SECONDS = 0.1


@dataclass
class Start:
    """Where a run begins: the network, its data, and its weights and history so far; ``spec`` is the
    same network as the window holds it (what the session file is written from), None for a network
    only the network contract describes."""

    spec: Spec | None
    network: dict[str, Any]
    x: np.ndarray
    target: np.ndarray
    #: keyed as the network contract keys them ("0.weight"), as is the optimiser's state
    params: Arrays
    opt_state: dict[str, Any]
    iteration: int
    losses: Losses
    lesson: str | None
    seed: int
    text: dict[str, str]
    #: images (N, C, H, W) and int labels held out from training, if the data has them
    test: tuple[np.ndarray, np.ndarray] | None = None
    #: a data set learnt from in mini-batches (``x``, ``target``: the current iteration's batch)
    data: DataSet | None = None

    def training_set(self) -> tuple[np.ndarray, np.ndarray]:
        """The images and targets the run learns from: the data set's, or the lesson's batch."""
        if self.data is not None:
            return self.data.images, self.data.targets
        return self.x, self.target


def lesson_network(lesson: Lesson) -> tuple[dict[str, Any], Arrays]:
    """The lesson's network (the network contract's plain data) and its first parameters, keyed so."""
    if lesson.spec is None:
        return lesson.network, dict(lesson.network_params)
    return spec_network.to_network(lesson.spec), _network_keyed(lesson.spec, lesson.params)


def _network_keyed(spec: Spec, params: Arrays) -> Arrays:
    keys = spec_network.param_keys(spec)
    return {keys[name]: value for name, value in params.items()}


def _spec_keyed(spec: Spec, params: Arrays) -> Arrays:
    return {name: params[key] for name, key in spec_network.param_keys(spec).items()}


def _optimizer_state(spec: Spec, velocity: Arrays) -> dict[str, Any]:
    """The window's momentum buffers (W, b, ...) as the network's SGD state."""
    if not spec.momentum:
        return {}
    keys = spec_network.param_keys(spec)
    return {f"{keys[name]}.momentum_buffer": value for name, value in velocity.items()}


def _velocity(spec: Spec, state: dict[str, Any]) -> Arrays:
    if not spec.momentum:
        return {}
    keys = spec_network.param_keys(spec)
    return {
        name: state[f"{key}.momentum_buffer"]
        for name, key in keys.items()
        if f"{key}.momentum_buffer" in state
    }


def _labels(network: dict[str, Any], target: np.ndarray) -> np.ndarray:
    """The target as the network contract takes it: int class labels for cross-entropy."""
    return target.astype(np.int64) if network["loss"] == "cross_entropy" else target


def opened(args: argparse.Namespace) -> Start:
    """The lesson or session the command line names; ValueError (one sentence) if it cannot be used."""
    if args.open:
        path = Path(args.open)
        suffix = path.suffix.lower()
        if suffix in (".convstudio", ".json"):
            from convstudio.io import sessionfile

            state, text = sessionfile.load_state(path)
            snap = state.snapshot(state.iteration)
            assert snap is not None  # a loaded session always keeps its current weights
            losses = state.losses.truncated(state.iteration)
            if state.spec is None:
                params, opt_state = dict(snap.params), dict(snap.opt_state)
            else:
                params = _network_keyed(state.spec, snap.params)
                opt_state = _optimizer_state(state.spec, snap.velocity)
            return Start(
                state.spec, state.the_network(), state.x, state.target, params, opt_state,
                state.iteration, losses, state.lesson, state.seed, text, data=state.data,
            )  # fmt: skip
        if suffix != ".toml":
            raise ValueError(
                f"--train without --screenshot trains a lesson (.toml) or a saved session (.convstudio), "
                f"not {path.name}; open an image in the window"
            )
        lesson = lessons.load_file(path)
    else:
        lesson = lessons.load(args.lesson or "worked-example")
    network, params = lesson_network(lesson)
    return Start(
        lesson.spec, network, lesson.x, lesson.target, params, {}, 0, Losses(), lesson.name, lesson.seed,
        dict(lesson.text), lesson.test, lesson.data,
    )  # fmt: skip


class ProgressLine:
    """The run's progress: one line rewritten in place on a terminal; else a line every tenth of the run."""

    def __init__(self, out: TextIO, *, tty: bool) -> None:
        self.out, self.tty = out, tty
        self._drawn = 0.0
        self._width = 0

    def __call__(self, p: fit.Progress) -> None:
        line = (
            f"iteration {p.iteration + 1:,} ({p.done:,} of {p.total:,}), epoch {p.epoch + 1:,}, "
            f"loss {p.loss:.6g}"
        )
        if self.tty:
            now = time.monotonic()
            if p.done == p.total or now - self._drawn >= REDRAW_SECONDS:
                self._drawn = now
                self.out.write("\r" + line.ljust(self._width))
                self._width = len(line)
                self.out.flush()
        elif p.done == 1 or p.done * 10 // p.total != (p.done - 1) * 10 // p.total:
            print(line, file=self.out, flush=True)

    def close(self) -> None:
        """End the rewritten line, so that what is printed next starts on its own."""
        if self.tty and self._width:
            self.out.write("\n")
            self.out.flush()


def main(args: argparse.Namespace) -> int:
    """Train ``args.train`` iterations of the lesson or session, report, save; the exit status."""
    try:
        start = opened(args)
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return REFUSED
    if start.iteration + args.train > timeline.MAX_ITERATIONS:
        print(f"error: {timeline.full_message()}", file=sys.stderr)
        return REFUSED
    network = start.network
    images, targets = start.training_set()
    labels = _labels(network, targets)
    data = start.data
    stopping = False

    def stop_soon(_signum: int, _frame: FrameType | None) -> None:
        nonlocal stopping
        stopping = True

    out = sys.stdout
    line = ProgressLine(out, tty=out.isatty())
    previous = signal.signal(signal.SIGINT, stop_soon)
    began = time.perf_counter()
    try:
        run = fit.fit(
            network,
            start.params,
            images,
            labels,
            iterations=args.train,
            batch_size=None if data is None else data.batch_size,
            seed=0 if data is None else data.seed,
            drop_last=data is not None and data.drop_last,
            state=start.opt_state,
            start=start.iteration,
            stop=lambda: stopping,
            progress=line,
        )
    finally:
        signal.signal(signal.SIGINT, previous)
        line.close()
    seconds = time.perf_counter() - began
    report(out, start, network, run, images, labels, seconds)
    status = OK
    if run.stopped:
        print(f"stopped by Ctrl+C after {run.done:,} of {args.train:,} iterations", file=out, flush=True)
        status = INTERRUPTED
    if run.diverged is not None:
        print(f"error: {run.diverged} The weights before it are kept.", file=sys.stderr, flush=True)
        status = FAILED
    if args.save:
        try:
            save(Path(args.save), start, run)
        except (OSError, ValueError) as error:
            print(f"error: the session could not be saved: {error}", file=sys.stderr)
            return FAILED
        print(f"saved {args.save}", file=out, flush=True)
    return status


def report(
    out: TextIO,
    start: Start,
    network: dict[str, Any],
    run: fit.Fitted,
    images: np.ndarray,
    labels: np.ndarray,
    seconds: float,
) -> None:
    """The figures a run ends with: iterations and time, the trained weights' loss, and accuracy."""
    name = start.lesson or "the network"
    rate = f", {run.done / seconds:,.0f} iterations a second" if run.done and seconds > 0 else ""
    print(f"trained {name}: {run.done:,} iterations in {seconds:.2f} s{rate}", file=out)
    total = start.iteration + run.done
    print(f"iterations in the session: {total:,}", file=out)
    print(f"final loss {fit.loss(network, run.params, images, labels, run.state):.6g}", file=out)
    if network["loss"] == "cross_entropy":
        train = fit.accuracy(network, run.params, images, labels, run.state)
        print(f"train accuracy {100 * train:.1f}% ({len(labels):,} images)", file=out)
        if start.test is None:
            print("test accuracy: none (this lesson holds no test images)", file=out)
        else:
            x, y = start.test
            print(
                f"test accuracy {100 * fit.accuracy(network, run.params, x, y, run.state):.1f}% "
                f"({len(y):,} images)",
                file=out,
            )
    out.flush()


def save(path: Path, start: Start, run: fit.Fitted) -> None:
    """The trained session as the window saves it: the current weights and every iteration's loss."""
    from convstudio.io import sessionfile

    spec = start.spec
    iteration = start.iteration + run.done
    if spec is None:
        snapshot = Snapshot(dict(run.params), {}, dict(run.state))
    else:
        snapshot = Snapshot(_spec_keyed(spec, run.params), _velocity(spec, run.state))
    x, target = (start.x, start.target) if start.data is None else start.data.arrays(iteration)
    state = State(
        spec,
        x,
        target,
        [snapshot],
        iteration,
        Cursor(),
        start.lesson,
        start.seed,
        first=iteration,
        losses=start.losses.extend(run.losses.tolist()),
        network=start.network if spec is None else None,
        data=start.data,
    )
    sessionfile.save_state(path, state, start.text)
