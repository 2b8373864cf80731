"""Training without the window: iterations a second for each lesson, and the digits to 95%.

(a) Each bundled lesson trained as ``convstudio --lesson NAME --train N`` trains it (engine/fit.py
over the lesson's network, the whole set each iteration), for about a second.
(b) A two-conv-layer digits network (conv 16 3x3, ReLU, 2x2 max pool, conv 32 3x3, ReLU, flatten,
dense 10; cross-entropy; Adam lr 0.01; mini-batches of 32) on the bundled digits split 80/20 by
seed 0, epoch by epoch until the test accuracy reaches 95%: epochs, seconds, accuracies.
BLAS is pinned to one thread before NumPy loads, as in bench_engine.py.

    python benchmarks/bench_train.py [--seconds S]
"""

from __future__ import annotations

import os

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from convstudio.engine import datasets, fit, lessons  # noqa: E402
from convstudio.engine import network as net  # noqa: E402
from convstudio.headless import lesson_network  # noqa: E402

DIGITS: dict[str, Any] = {
    "input": {"channels": 1, "height": 8, "width": 8},
    "layers": [
        {"type": "conv", "filters": 16, "kernel": 3, "padding": 1},
        {"type": "relu"},
        {"type": "max_pool", "size": 2},
        {"type": "conv", "filters": 32, "kernel": 3, "padding": 1},
        {"type": "relu"},
        {"type": "flatten"},
        {"type": "dense", "units": 10},
    ],
    "loss": "cross_entropy",
    "optimizer": {"type": "adam", "lr": 0.01},
}
BATCH, GOAL, MAX_EPOCHS = 32, 0.95, 50


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


def digits_to_goal() -> None:
    x, y = datasets.digits()
    train, test = datasets.split(y, 0.2, seed=0)
    per_epoch = -(-len(train) // BATCH)
    params, state, done = net.init_params(DIGITS, seed=0), None, 0
    print(
        f"\ndigits: {len(train)} training, {len(test)} test images; {per_epoch} batches of {BATCH} an epoch"
    )
    print(f"{'epoch':>5}{'seconds':>9}{'iterations/s':>14}{'train':>8}{'test':>8}")
    elapsed = 0.0  # training only, not the accuracy measured after each epoch
    for epoch in range(1, MAX_EPOCHS + 1):
        began = time.perf_counter()
        run = fit.fit(
            DIGITS,
            params,
            x[train],
            y[train],
            iterations=per_epoch,
            batch_size=BATCH,
            state=state,
            start=done,
        )
        params, state, done = run.params, run.state, done + run.done
        elapsed += time.perf_counter() - began
        accuracies = [fit.accuracy(DIGITS, params, x[rows], y[rows]) for rows in (train, test)]
        test_acc = accuracies[1]
        shown = "".join(f"{100 * a:>7.1f}%" for a in accuracies)
        print(f"{epoch:>5}{elapsed:>9.2f}{done / elapsed:>14,.0f}{shown}")
        if test_acc >= GOAL:
            print(
                f"{100 * GOAL:.0f}% test accuracy after {epoch} epochs ({done} iterations) in {elapsed:.2f} s"
            )
            return
    print(f"{100 * GOAL:.0f}% test accuracy not reached in {MAX_EPOCHS} epochs")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=1.0, help="time per lesson (default 1)")
    args = parser.parse_args()
    lesson_rates(args.seconds)
    digits_to_goal()


if __name__ == "__main__":
    main()
