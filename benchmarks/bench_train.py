"""Training without the window: iterations a second for each lesson, and the digits lesson to 95%.

(a) Each bundled lesson trained as ``convstudio --lesson NAME --train N`` trains it (engine/fit.py
over the lesson's network, the whole set each iteration), for about a second.
(b) The digits lesson as ``convstudio --lesson digits --train N`` trains it (its network, first
weights, split and mini-batches), from its first weights until the test accuracy reaches 95%, beside
the same network in PyTorch (float64, one thread) from the same first weights on the same batches,
in this process; both first check that they reach the same losses. The wall time counts training
only; the test accuracy, measured after every iteration, is not counted. Best of ``--repeats``.
BLAS is pinned to one thread before NumPy loads, as in bench_engine.py.

    python benchmarks/bench_train.py [--seconds S] [--repeats R] [--profile]
"""

from __future__ import annotations

import os

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

import numpy as np  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from convstudio import headless  # noqa: E402
from convstudio.engine import fit, lessons  # noqa: E402
from convstudio.engine.batches import Batches  # noqa: E402
from convstudio.headless import lesson_network  # noqa: E402

GOAL, MAX_ITERATIONS, SAME_LOSSES = 0.95, 2000, 20
#: one iteration's step: returns its loss; and a test accuracy of the current weights
Step = Callable[[np.ndarray, np.ndarray], float]
Accuracy = Callable[[], float]


def lesson_rates(seconds: float) -> None:
    print(f"{'lesson':<26}{'iterations/s':>14}")
    for name in lessons.available():
        lesson = lessons.load(name)
        network, params = lesson_network(lesson)
        target = lesson.target.astype("int64") if network["loss"] == "cross_entropy" else lesson.target
        fit.fit(network, params, lesson.x, target, iterations=20)  # warm up
        n = 50
        while True:
            began = time.perf_counter()
            fit.fit(network, params, lesson.x, target, iterations=n)
            elapsed = time.perf_counter() - began
            if elapsed >= seconds / 4:
                break
            n *= 2
        print(f"{name:<26}{n / elapsed:>14,.0f}")


def digits_start() -> headless.Start:
    """The digits lesson as ``--lesson digits --train N`` opens it."""
    return headless.opened(argparse.Namespace(open=None, lesson="digits"))


def ours(start: headless.Start) -> tuple[Step, Accuracy]:
    """The engine's training, fit.fit as ``--train`` calls it, one iteration at a time (``start=k``
    picks iteration k's mini-batch), from the lesson's first weights."""
    network, data, test = start.network, start.data, start.test
    assert data is not None and test is not None
    images, labels = start.training_set()
    labels = labels.astype(np.int64)
    now: dict[str, Any] = {"params": start.params, "state": dict(start.opt_state), "k": 0}

    def step(_x: np.ndarray, _y: np.ndarray) -> float:
        run = fit.fit(
            network, now["params"], images, labels, iterations=1, batch_size=data.batch_size,
            seed=data.seed, drop_last=data.drop_last, state=now["state"], start=now["k"],
        )  # fmt: skip
        now["params"], now["state"], now["k"] = run.params, run.state, now["k"] + 1
        return float(run.losses[0])

    def accuracy() -> float:
        return fit.accuracy(network, now["params"], *test, now["state"])

    return step, accuracy


def theirs(start: headless.Start) -> tuple[Step, Accuracy] | None:
    """The same network as torch.nn.Sequential (float64, one thread) and torch.optim.Adam, loaded with
    the lesson's first weights; None without PyTorch."""
    try:
        import torch
        from torch import nn
    except ImportError:
        return None
    torch.set_num_threads(1)
    network = start.network
    assert [layer["type"] for layer in network["layers"]] == [
        "conv", "relu", "max_pool", "conv", "relu", "flatten", "dense",
    ]  # fmt: skip
    conv1, conv2, dense = (network["layers"][i] for i in (0, 3, 6))
    model = nn.Sequential(
        nn.Conv2d(network["input"]["channels"], conv1["filters"], conv1["kernel"], padding=conv1["padding"]),
        nn.ReLU(),
        nn.MaxPool2d(network["layers"][2]["size"]),
        nn.Conv2d(conv1["filters"], conv2["filters"], conv2["kernel"], padding=conv2["padding"]),
        nn.ReLU(),
        nn.Flatten(),
        nn.LazyLinear(dense["units"]),
    ).double()
    model(torch.zeros((1, *start.x.shape[1:]), dtype=torch.float64))  # the lazy layer learns its size
    model.load_state_dict({k: torch.from_numpy(np.array(v)) for k, v in start.params.items()})
    opt = torch.optim.Adam(model.parameters(), lr=network["optimizer"]["lr"])
    loss_fn = nn.CrossEntropyLoss()
    assert start.test is not None
    test_x, test_y = (torch.from_numpy(np.ascontiguousarray(a)) for a in start.test)

    def step(x: np.ndarray, y: np.ndarray) -> float:
        opt.zero_grad()
        loss = loss_fn(model(torch.from_numpy(x)), torch.from_numpy(y))
        loss.backward()
        opt.step()
        return float(loss.item())

    def accuracy() -> float:
        with torch.no_grad():
            return float((model(test_x).argmax(dim=1) == test_y).double().mean())

    return step, accuracy


def batches(start: headless.Start) -> Callable[[int], tuple[np.ndarray, np.ndarray]]:
    """Iteration k's mini-batch, as fit.fit takes it from the lesson's data set."""
    data = start.data
    assert data is not None
    images, labels = start.training_set()
    labels = labels.astype(np.int64)
    plan = Batches(len(images), data.batch_size, data.seed, data.drop_last)

    def batch(k: int) -> tuple[np.ndarray, np.ndarray]:
        rows = plan.batch(k).samples
        return np.ascontiguousarray(images[rows]), labels[rows]

    return batch


def to_goal(
    make: Callable[[], tuple[Step, Accuracy]], batch: Callable[[int], tuple[np.ndarray, np.ndarray]]
) -> tuple[int, float]:
    """(iterations, seconds of training) from the first weights to GOAL test accuracy."""
    step, accuracy = make()
    elapsed = 0.0
    for k in range(MAX_ITERATIONS):
        x, y = batch(k)
        began = time.perf_counter()
        step(x, y)
        elapsed += time.perf_counter() - began
        if accuracy() >= GOAL:
            return k + 1, elapsed
    raise SystemExit(f"{100 * GOAL:.0f}% test accuracy not reached in {MAX_ITERATIONS} iterations")


def digits_to_goal(repeats: int, profile: bool) -> None:
    start = digits_start()
    batch = batches(start)
    reference = theirs(start)
    if reference is not None:
        (mine, _), (other, _) = ours(start), reference
        worst = 0.0
        for k in range(SAME_LOSSES):
            x, y = batch(k)
            a, b = mine(x, y), other(x, y)
            assert abs(a - b) < 1e-9, (k, a, b)
            worst = max(worst, abs(a - b))
        print(f"\nthe first {SAME_LOSSES} losses agree with PyTorch's to {worst:.1e} (bar 1e-9)")
    rows = [("ConvStudio", lambda: ours(start))]
    if reference is not None:
        rows.append(("PyTorch float64, 1 thread", lambda: theirs(start)))  # type: ignore[arg-type, return-value]
    results = {}
    for name, make in rows:
        runs = [to_goal(make, batch) for _ in range(repeats)]
        results[name] = min(runs, key=lambda r: r[1])
    load = os.getloadavg()[0]
    print(f"\ndigits lesson to {100 * GOAL:.0f}% test accuracy (best of {repeats}; load average {load:.2f})")
    print("| trainer | iterations | seconds | iterations/s |")
    print("|---|---:|---:|---:|")
    for name, (n, seconds) in results.items():
        print(f"| {name} | {n} | {seconds:.3f} | {n / seconds:,.0f} |")
    if reference is not None:
        ratio = results["ConvStudio"][1] / results["PyTorch float64, 1 thread"][1]
        print(f"ratio (ours / PyTorch, wall time): {ratio:.2f}x (bar 1.0x)")
    if profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        profiler.runcall(to_goal, lambda: ours(start), batch)
        pstats.Stats(profiler).sort_stats("tottime").print_stats(15)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=1.0, help="time per lesson (default 1)")
    parser.add_argument("--repeats", type=int, default=3, help="runs to 95%% of each trainer (default 3)")
    parser.add_argument("--profile", action="store_true", help="profile the engine's run to 95%%")
    parser.add_argument("--digits-only", action="store_true", help="skip the lessons' rates")
    args = parser.parse_args()
    if not args.digits_only:
        lesson_rates(args.seconds)
    digits_to_goal(args.repeats, args.profile)


if __name__ == "__main__":
    main()
