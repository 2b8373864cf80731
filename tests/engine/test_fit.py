"""The training loop over mini-batches agrees with a loop written out by hand, stops when asked,
keeps the last finite state when training diverges, and trains the digits to 95% test accuracy."""

from __future__ import annotations

import numpy as np
import pytest

from convstudio.engine import datasets, fit
from convstudio.engine import network as net

SMALL = {
    "input": {"channels": 1, "height": 5, "width": 5},
    "layers": [
        {"type": "conv", "filters": 2, "kernel": 3},
        {"type": "relu"},
        {"type": "flatten"},
        {"type": "dense", "units": 3},
    ],
    "loss": "cross_entropy",
    "optimizer": {"type": "adam", "lr": 0.05},
}

#: Two conv layers and a dense head, twice the digits lesson's filters.
DIGITS = {
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


def _data(n: int = 10, seed: int = 1) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    return rng.uniform(0, 1, (n, 1, 5, 5)), rng.integers(0, 3, n)


def _by_hand(network, params, x, y, iterations, batch_size, seed):
    """Epoch after epoch: shuffle by (seed, epoch), cut into batches, the last one shorter."""
    losses, state, k = [], None, 0
    for epoch in range(iterations):
        order = np.random.default_rng([seed, epoch]).permutation(len(x))
        for start in range(0, len(x), batch_size):
            if k == iterations:
                return params, state, losses
            rows = order[start : start + batch_size]
            result = net.iterate(network, params, x[rows], y[rows], state)
            params, state = result.new_params, result.new_state
            losses.append(result.loss)
            k += 1
    return params, state, losses


def test_mini_batches_and_epochs_match_a_loop_written_by_hand():
    x, y = _data()
    params = net.init_params(SMALL, seed=3)
    done = fit.fit(SMALL, params, x, y, iterations=9, batch_size=4, seed=7)
    want_params, want_state, want_losses = _by_hand(SMALL, params, x, y, 9, 4, 7)
    assert done.done == 9 and not done.stopped and done.diverged is None
    np.testing.assert_array_equal(done.losses, want_losses)
    for key, value in want_params.items():
        np.testing.assert_array_equal(done.params[key], value)
    assert done.state["0.weight.step"] == want_state["0.weight.step"] == 9


def test_a_batch_as_large_as_the_set_is_the_set_in_its_own_order():
    x, y = _data()
    params = net.init_params(SMALL)
    done = fit.fit(SMALL, params, x, y, iterations=3)
    state = None
    for _ in range(3):
        result = net.iterate(SMALL, params, x, y, state)
        params, state = result.new_params, result.new_state
    for key, value in params.items():
        np.testing.assert_array_equal(done.params[key], value)


def test_a_run_continued_from_where_another_stopped_is_one_run():
    x, y = _data()
    params = net.init_params(SMALL)
    whole = fit.fit(SMALL, params, x, y, iterations=8, batch_size=3, seed=2)
    first = fit.fit(SMALL, params, x, y, iterations=5, batch_size=3, seed=2)
    rest = fit.fit(SMALL, first.params, x, y, iterations=3, batch_size=3, seed=2, state=first.state, start=5)
    np.testing.assert_array_equal(np.concatenate([first.losses, rest.losses]), whole.losses)
    for key, value in whole.params.items():
        np.testing.assert_array_equal(rest.params[key], value)


def test_the_stop_flag_ends_the_run_after_a_whole_iteration():
    x, y = _data()
    params = net.init_params(SMALL)
    heard = []
    done = fit.fit(
        SMALL, params, x, y, iterations=50, batch_size=4, stop=lambda: len(heard) >= 3, progress=heard.append
    )
    assert done.stopped and done.done == 3
    want, _, _ = _by_hand(SMALL, params, x, y, 3, 4, 0)
    for key, value in want.items():
        np.testing.assert_array_equal(done.params[key], value)
    assert [(p.done, p.total, p.iteration, p.epoch) for p in heard] == [
        (1, 50, 0, 0),
        (2, 50, 1, 0),
        (3, 50, 2, 0),
    ]


def test_progress_counts_epochs_from_the_first_iteration_of_the_data():
    x, y = _data()
    heard = []
    fit.fit(SMALL, net.init_params(SMALL), x, y, iterations=4, batch_size=4, start=2, progress=heard.append)
    # 10 samples in batches of 4: three batches an epoch
    assert [(p.iteration, p.epoch) for p in heard] == [(2, 0), (3, 1), (4, 1), (5, 1)]


def test_a_diverging_run_keeps_its_last_finite_state_and_says_why():
    network = {
        "input": {"channels": 1, "height": 3, "width": 3},
        "layers": [{"type": "conv", "filters": 1, "kernel": 2}, {"type": "global_avg_pool"}],
        "loss": "mse",
        "optimizer": {"type": "sgd", "lr": 1e5},
    }
    x = np.arange(9.0).reshape(1, 1, 3, 3)
    done = fit.fit(network, net.init_params(network), x, np.ones((1, 1)), iterations=500)
    assert done.diverged is not None and not done.stopped
    assert 0 < done.done < 500
    assert "diverged" in str(done.diverged) and "learning rate" in str(done.diverged)
    assert np.isfinite(done.losses).all()
    assert all(np.isfinite(v).all() for v in done.params.values())


def test_accuracy_and_the_confusion_matrix_count_each_image_once():
    x, y = _data(n=300, seed=5)  # more than one chunk of predictions
    params = net.init_params(SMALL, seed=2)
    counts = fit.confusion(SMALL, params, x, y, 3)
    naive = np.zeros((3, 3), dtype=np.int64)
    for image, label in zip(x, y, strict=True):
        naive[label, int(np.argmax(net.predict(SMALL, params, image[None])[0]))] += 1
    np.testing.assert_array_equal(counts, naive)
    assert fit.accuracy(SMALL, params, x, y) == pytest.approx(np.trace(naive) / 300)


def test_the_digits_network_reaches_95_percent_test_accuracy():
    x, y = datasets.digits()
    train, test = datasets.split(y, 0.2, seed=0)
    per_epoch = -(-len(train) // 32)
    done = fit.fit(
        DIGITS, net.init_params(DIGITS, seed=0), x[train], y[train], iterations=10 * per_epoch, batch_size=32
    )
    assert done.diverged is None
    assert fit.accuracy(DIGITS, done.params, x[test], y[test]) >= 0.95


def test_the_loss_over_a_set_is_the_loss_of_one_forward_pass_over_all_of_it():
    x, y = _data(n=300, seed=4)
    params = net.init_params(SMALL, seed=1)
    whole = net.iterate(SMALL, params, x, y).loss  # the loss before its update
    assert fit.loss(SMALL, params, x, y) == pytest.approx(whole, rel=1e-12)
    mse = {**SMALL, "loss": "mse"}
    target = np.random.default_rng(0).normal(size=(300, 3))
    assert fit.loss(mse, params, x, target) == pytest.approx(
        net.iterate(mse, params, x, target).loss, rel=1e-12
    )
