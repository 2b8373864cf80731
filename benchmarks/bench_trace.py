"""How fast the element trace opens and serves steps on the largest workloads.

One layer: workload (c) with a dense head: N=64 C=1 28x28, 8 filters 3x3 pad 1, ReLU, 2x2 max
pooling, dense layer to 2 classes, softmax cross-entropy, bias, and the optional dL/dI steps:
1.9 million steps. "Open" is one vectorised iteration plus the trace's section table.

Deep: the heaviest network the window accepts (8 layers, 4 of them conv, every size at today's
limits): N=64 C=3 64x64 -> conv 16 7x7 pad 3 -> batch norm -> ReLU -> conv 16 7x7 pad 3 -> batch
norm -> ReLU -> conv 16 7x7 pad 3 -> conv 16 7x7 pad 3 -> MSE, Adam, with the dL/dI steps: 76
million steps, the dL/dW and batch-statistic elements 262,144 terms each. "Open" is the section
table over the recorded iteration (which is timed on its own: it is the vectorised iteration).

"Fetch" builds one step with all its terms. Bars: open < 50 ms, every step < 1 ms.

    python benchmarks/bench_trace.py
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from convstudio.engine import network as nw
from convstudio.engine.equations import equation
from convstudio.engine.model import Model
from convstudio.engine.network_trace import NetworkTrace
from convstudio.engine.spec import Spec
from convstudio.engine.trace import Trace
from convstudio.engine.trace_record import Recorded, record

SPEC = Spec(
    height=28,
    width=28,
    batch=64,
    filters=8,
    kernel=3,
    padding=1,
    bias=True,
    activation="relu",
    pooling="max",
    head="dense",
    classes=2,
    loss="cross_entropy",
)


def _conv() -> dict[str, object]:
    return {"type": "conv", "filters": 16, "kernel": 7, "padding": 3}


DEEP = {
    "input": {"channels": 3, "height": 64, "width": 64},
    "layers": [
        _conv(),
        {"type": "batch_norm"},
        {"type": "relu"},
        _conv(),
        {"type": "batch_norm"},
        {"type": "relu"},
        _conv(),
        _conv(),
    ],
    "loss": "mse",
    "optimizer": {"type": "adam", "lr": 0.001},
}


def model() -> Model:
    rng = np.random.default_rng(0)
    return Model(SPEC, rng.uniform(0, 1, SPEC.input_shape), rng.integers(0, 2, SPEC.batch), seed=0)


def bench_open(m: Model, repeats: int = 15) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        Trace(m.run(input_grad=True))
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1e3


def bench_fetch(trace: Trace | NetworkTrace, per_section: int = 20, repeats: int = 3) -> dict[str, float]:
    """Worst time (ms) to build a step, per section, over its first, last and random steps; each
    step's time the least of ``repeats`` builds (the machine's noise left out). Built afresh each
    time: ``Trace.step`` keeps the last two steps, which the panels ask for again and again."""
    rng = np.random.default_rng(1)
    worst: dict[str, float] = {}
    for sec in trace.sections:
        numbers = {sec.start, sec.stop - 1, *rng.integers(sec.start, sec.stop, per_section).tolist()}
        for number in sorted(numbers):
            times = []
            for _ in range(repeats):
                start = time.perf_counter()
                trace.build(number) if isinstance(trace, NetworkTrace) else trace._build(number)
                times.append((time.perf_counter() - start) * 1e3)
            worst[sec.tensor] = max(worst.get(sec.tensor, 0.0), min(times))
    return worst


def deep_recorded() -> Recorded:
    rng = np.random.default_rng(0)
    x = rng.uniform(0, 1, (64, 3, 64, 64))
    target = rng.standard_normal((64, 16, 64, 64))
    return record(DEEP, nw.init_params(DEEP, 0), x, target)


def bench_deep(repeats: int = 15) -> None:
    start = time.perf_counter()
    rec = deep_recorded()
    iteration = time.perf_counter() - start
    opens = []
    for _ in range(repeats):
        start = time.perf_counter()
        NetworkTrace(rec, input_grad=True)
        opens.append(time.perf_counter() - start)
    trace = NetworkTrace(rec, input_grad=True)
    first: dict[str, float] = {}
    for sec in trace.sections:  # first use of each section fills its caches (shifted grids, padding)
        start = time.perf_counter()
        trace.build(sec.start)
        first[sec.title] = (time.perf_counter() - start) * 1e3
    worst = bench_fetch(trace)
    slowest = max(worst, key=worst.__getitem__)
    cold = max(first, key=first.__getitem__)
    dw = trace.section_for("d0.weight")
    assert dw is not None
    start = time.perf_counter()
    text = equation(trace.step(dw.start), trace.names, "html")
    render = (time.perf_counter() - start) * 1e3
    print()
    print(f"| trace of the heaviest deep network ({len(trace):,} steps) | best | bar |")
    print("|---|---|---|")
    print(f"| the recorded iteration (vectorised, every intermediate kept) | {iteration:.1f} s | |")
    print(f"| open (section table) | {min(opens) * 1e3:.2f} ms | < 50 ms |")
    label = ("dL/d" if slowest.startswith("d") else "") + trace.names.name(slowest)
    print(f"| fetch the slowest step (a {label} element) | {worst[slowest]:.3f} ms | < 1 ms |")
    print(f"| first step of a section, caches cold ({cold}) | {first[cold]:.1f} ms | |")
    print(f"| render a dL/dW¹ equation ({len(text):,} characters of HTML) | {render:.3f} ms | |")


def main() -> None:
    m = model()
    trace = Trace(m.run(input_grad=True))
    trace.step(trace.section_for("dW").start)  # first-use caches (index grids, padded input)
    opened = bench_open(m)
    worst = bench_fetch(trace)
    slowest = max(worst, key=worst.__getitem__)
    start = time.perf_counter()
    text = equation(trace.step(trace.section_for("dW").start), trace.names, "html")
    render = (time.perf_counter() - start) * 1e3
    print(f"| trace of (c) + dense head ({len(trace):,} steps) | median | bar |")
    print("|---|---|---|")
    print(f"| open (one iteration + section table) | {opened:.1f} ms | < 50 ms |")
    print(f"| fetch the slowest step (a {slowest} element) | {worst[slowest]:.3f} ms | < 1 ms |")
    print(f"| render the longest equation ({len(text):,} characters of HTML) | {render:.3f} ms | |")
    bench_deep()


if __name__ == "__main__":
    main()
