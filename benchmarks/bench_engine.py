"""How fast one training iteration of the engine's ops runs, beside PyTorch on one CPU thread.

One iteration is conv2d_forward -> global_avg_pool_forward -> mse_loss -> global_avg_pool_backward
-> conv2d_backward (grad_x and grad_w, no bias), float64. PyTorch does the same with autograd:
F.conv2d -> mean over (2, 3) -> F.mse_loss -> backward() with x and w requiring grad. Both run in
this process, on one thread each (BLAS is pinned before NumPy loads), so the ratio compares like
with like. Without PyTorch the comparison columns say so.

(e) and (f) time one whole iteration of a small digits network through ``network.iterate``
(forward, cross-entropy, backward, one Adam step) beside the same torch.nn.Sequential with
torch.optim.Adam; (f) adds batch norm after each conv. The process keeps freed memory for reuse
(``engine.memory``), as PyTorch's allocator does; ``--default-malloc`` measures without it.


    python benchmarks/bench_engine.py [--networks] [--default-malloc] [--floor]

``--floor`` times (e)'s matrix products alone, at its shapes: the part no implementation avoids.
"""

from __future__ import annotations

import os

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import statistics  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import NamedTuple  # noqa: E402

import numpy as np  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from convstudio.engine import network as nw  # noqa: E402
from convstudio.engine import ops  # noqa: E402
from convstudio.engine.memory import keep_freed_memory  # noqa: E402


class Workload(NamedTuple):
    name: str
    N: int
    C: int
    H: int
    F: int
    k: int
    padding: int
    bar: float  # ours may take at most this fraction of PyTorch's time


WORKLOADS = [
    Workload("(a) worked example: 1x1x3x3, one 2x2 filter", 1, 1, 3, 1, 2, 0, 0.25),
    Workload("(b) one digit: 1x1x28x28, 4 filters 3x3, pad 1", 1, 1, 28, 4, 3, 1, 0.5),
    Workload("(c) a batch: 64x1x28x28, 8 filters 3x3, pad 1", 64, 1, 28, 8, 3, 1, 1.0),
    Workload("(d) colour: 32x3x64x64, 16 filters 5x5, pad 2", 32, 3, 64, 16, 5, 2, 1.0),
]


def arrays(wl: Workload) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Seeded input, filters and target for a workload."""
    rng = np.random.default_rng(0)
    x = rng.standard_normal((wl.N, wl.C, wl.H, wl.H))
    w = rng.standard_normal((wl.F, wl.C, wl.k, wl.k))
    return x, w, rng.standard_normal((wl.N, wl.F))


def ours(wl: Workload) -> Callable[[], object]:
    """One iteration through convstudio.engine.ops."""
    x, w, target = arrays(wl)
    p = wl.padding

    def step() -> object:
        y = ops.conv2d_forward(x, w, padding=p)
        pooled = ops.global_avg_pool_forward(y)
        _, grad_pooled = ops.mse_loss(pooled, target)
        grad_y = ops.global_avg_pool_backward(y, grad_pooled)
        return ops.conv2d_backward(x, w, grad_y, padding=p, bias=False)

    return step


def theirs(wl: Workload) -> Callable[[], object] | None:
    """The same iteration in PyTorch autograd, or None when PyTorch is not installed."""
    try:
        import torch
        import torch.nn.functional as F  # noqa: N812 - PyTorch's own convention
    except ImportError:
        return None
    torch.set_num_threads(1)
    x, w, target = (torch.from_numpy(a) for a in arrays(wl))
    x.requires_grad_(True)
    w.requires_grad_(True)
    p = wl.padding

    def step() -> object:
        x.grad = w.grad = None
        loss = F.mse_loss(F.conv2d(x, w, padding=p).mean(dim=(2, 3)), target)
        loss.backward()
        return x.grad, w.grad

    return step


def _batch_size(step: Callable[[], object]) -> tuple[int, float]:
    """Calls per batch (about 1 ms of them) and the time of one call, after first-use caches."""
    step()
    start = time.perf_counter()
    step()
    once = time.perf_counter() - start
    return max(1, min(1000, int(1e-3 / max(once, 1e-9)))), once


def _time_batch(step: Callable[[], object], calls: int) -> float:
    start = time.perf_counter()
    for _ in range(calls):
        step()
    return (time.perf_counter() - start) / calls


def median_us(step: Callable[[], object], budget: float = 2.0, most: int = 20_000) -> float:
    """Median time of one call in microseconds, over batches of calls filling about `budget` seconds."""
    per_batch, once = _batch_size(step)
    batches = max(7, min(most // per_batch, int(budget / max(once * per_batch, 1e-9))))
    return statistics.median(_time_batch(step, per_batch) for _ in range(batches)) * 1e6


def paired_us(
    ours: Callable[[], object], theirs: Callable[[], object], budget: float = 4.0
) -> tuple[float, float]:
    """Median microseconds of each, their batches taking turns, so that both see the same machine
    (another process waking up slows both sides, not one)."""
    (ours_batch, ours_once), (theirs_batch, theirs_once) = _batch_size(ours), _batch_size(theirs)
    pair = ours_once * ours_batch + theirs_once * theirs_batch
    rounds = max(7, min(20_000, int(budget / max(pair, 1e-9))))
    mine, other = [], []
    for _ in range(rounds):
        mine.append(_time_batch(ours, ours_batch))
        other.append(_time_batch(theirs, theirs_batch))
    return statistics.median(mine) * 1e6, statistics.median(other) * 1e6


def check_agreement(wl: Workload, step: Callable[[], object], reference: Callable[[], object]) -> None:
    """Both sides must compute the same gradients, or the timing means nothing."""
    grad_x, grad_w, _ = step()  # type: ignore[misc]
    want_x, want_w = reference()  # type: ignore[misc]
    np.testing.assert_allclose(grad_x, want_x.numpy(), rtol=1e-9, atol=1e-12, err_msg=wl.name)
    np.testing.assert_allclose(grad_w, want_w.numpy(), rtol=1e-9, atol=1e-12, err_msg=wl.name)


def ops_rows() -> list[str]:
    """One Markdown table row per workload."""
    rows = []
    for wl in WORKLOADS:
        step, reference = ours(wl), theirs(wl)
        if reference is not None:
            check_agreement(wl, step, reference)
        if reference is None:
            mine = median_us(step)
            rows.append(f"| {wl.name} | {mine:,.1f} | n/a | n/a | {wl.bar:g}x | n/a (no PyTorch) |")
            continue
        mine, torch_us = paired_us(step, reference)
        ratio = mine / torch_us
        verdict = "pass" if ratio <= wl.bar else "FAIL"
        rows.append(f"| {wl.name} | {mine:,.1f} | {torch_us:,.1f} | {ratio:.2f}x | {wl.bar:g}x | {verdict} |")
    return rows


class NetWorkload(NamedTuple):
    name: str
    batch_norm: bool
    bar: float


NET_WORKLOADS = [
    NetWorkload(
        "(e) 64x1x28x28 → conv 8 → ReLU → max-pool → conv 16 → ReLU → GAP → dense 10, Adam", False, 0.6
    ),
    NetWorkload("(f) the same with batch norm after each conv", True, 0.8),
]


def digits_network(batch_norm: bool) -> dict[str, object]:
    norm: list[dict[str, object]] = [{"type": "batch_norm"}] if batch_norm else []
    return {
        "input": {"channels": 1, "height": 28, "width": 28},
        "layers": [
            {"type": "conv", "filters": 8, "kernel": 3, "padding": 1},
            *norm,
            {"type": "relu"},
            {"type": "max_pool", "size": 2},
            {"type": "conv", "filters": 16, "kernel": 3, "padding": 1},
            *norm,
            {"type": "relu"},
            {"type": "global_avg_pool"},
            {"type": "dense", "units": 10},
        ],
        "loss": "cross_entropy",
        "optimizer": {"type": "adam", "lr": 1e-3},
    }


def net_data() -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(0)
    return rng.standard_normal((64, 1, 28, 28)), rng.integers(0, 10, 64)


def ours_net(wl: NetWorkload) -> Callable[[], object]:
    """One iteration through network.iterate, each starting from the previous one's state."""
    network = digits_network(wl.batch_norm)
    x, labels = net_data()
    current = {"params": nw.init_params(network), "state": None}

    def step() -> object:
        result = nw.iterate(network, current["params"], x, labels, current["state"])  # type: ignore[arg-type]
        current["params"], current["state"] = result.new_params, result.new_state  # type: ignore[assignment]
        return result

    return step


def theirs_net(wl: NetWorkload) -> Callable[[], object] | None:
    """The same network as torch.nn.Sequential and torch.optim.Adam, or None without PyTorch."""
    try:
        import torch
        from torch import nn
    except ImportError:
        return None
    torch.set_num_threads(1)
    norm = (lambda c: [nn.BatchNorm2d(c)]) if wl.batch_norm else (lambda c: [])
    model = nn.Sequential(
        nn.Conv2d(1, 8, 3, padding=1),
        *norm(8),
        nn.ReLU(),
        nn.MaxPool2d(2),
        nn.Conv2d(8, 16, 3, padding=1),
        *norm(16),
        nn.ReLU(),
        nn.AdaptiveAvgPool2d(1),
        nn.Flatten(),
        nn.Linear(16, 10),
    ).double()
    network = digits_network(wl.batch_norm)
    dense = f"{len(network['layers']) - 1}."  # type: ignore[arg-type]
    torch_dense = f"{len(model) - 1}."  # PyTorch's global pooling is two modules, ours one layer
    params = nw.init_params(network)
    loaded = {k.replace(dense, torch_dense): torch.from_numpy(v) for k, v in params.items()}
    missing, _ = model.load_state_dict(loaded, strict=False)
    assert all("running" in key or "num_batches" in key for key in missing), missing
    opt = torch.optim.Adam(model.parameters(), lr=1e-3)
    x, labels = (torch.from_numpy(a) for a in net_data())
    loss_fn = nn.CrossEntropyLoss()

    def step() -> object:
        opt.zero_grad()
        loss = loss_fn(model(x), labels)
        loss.backward()
        opt.step()
        return loss

    return step


def net_rows() -> list[str]:
    """One Markdown table row per whole-network workload."""
    rows = []
    for wl in NET_WORKLOADS:
        step, reference = ours_net(wl), theirs_net(wl)
        first = step()
        if reference is None:
            mine = median_us(step)
            rows.append(f"| {wl.name} | {mine:,.1f} | n/a | n/a | {wl.bar:g}x | n/a (no PyTorch) |")
            continue
        loss = reference()
        assert abs(first.loss - loss.item()) < 1e-9, (wl.name, first.loss, loss.item())  # type: ignore[attr-defined]
        mine, torch_us = paired_us(step, reference)
        ratio = mine / torch_us
        verdict = "pass" if ratio <= wl.bar else "FAIL"
        rows.append(f"| {wl.name} | {mine:,.1f} | {torch_us:,.1f} | {ratio:.2f}x | {wl.bar:g}x | {verdict} |")
    return rows


def gemm_floor_us() -> float:
    """The matrix products alone of one (e) iteration, at its shapes, as batched BLAS calls: conv 1's
    forward and dL/dW, conv 2's forward, dL/dW and the columns of dL/dI. No engine, no PyTorch; what
    neither side can go under on this machine, against which the bars can be read."""
    rng = np.random.default_rng(0)
    c1, w1, g1 = rng.random((64, 9, 784)), rng.random((8, 9)), rng.random((64, 8, 784))
    c2, w2, g2 = rng.random((64, 72, 196)), rng.random((16, 72)), rng.random((64, 16, 196))

    def products() -> None:
        np.matmul(w1, c1)
        np.matmul(c1, g1.transpose(0, 2, 1)).sum(axis=0)
        np.matmul(w2, c2)
        np.matmul(c2, g2.transpose(0, 2, 1)).sum(axis=0)
        np.matmul(w2.T, g2)

    return median_us(products)


def main() -> None:
    if "--floor" in sys.argv:
        print(f"(e)'s matrix products alone: {gemm_floor_us():,.0f} µs")
        return
    print("| workload (forward + backward) | ours µs | PyTorch µs | ratio | bar | |")
    print("|---|---:|---:|---:|---:|---|")
    only_networks = "--networks" in sys.argv
    if "--default-malloc" not in sys.argv:
        keep_freed_memory()
    for row in ([] if only_networks else ops_rows()) + net_rows():
        print(row, flush=True)


if __name__ == "__main__":
    main()
