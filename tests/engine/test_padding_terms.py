"""The terms that read a convolution's zero padding, named as the cells outside the input they
stand for, for the one-layer trace and a network's trace alike."""

from __future__ import annotations

import numpy as np

from convstudio.engine import lessons
from convstudio.engine.network_trace import NetworkTrace
from convstudio.engine.padding_terms import padding_cells, padding_symbols
from convstudio.engine.trace import Trace


def test_the_stride_padding_dilation_lesson_names_the_three_zeros_of_o13():
    trace = Trace(lessons.load("stride-padding-dilation").model().run())
    step = trace.step(2)  # o13: two cells apart (dilation), from column 2·2 − 1 (stride, padding)
    assert trace.names.symbol(step.tensor, step.index) == "o13"
    assert padding_cells(step) == [("I", (0, 0, -1, 3)), ("I", (0, 0, -1, 5)), ("I", (0, 0, 1, 5))]
    assert padding_symbols(step, trace.names) == (["I04", "I06", "I26"], 3)
    assert padding_symbols(step, trace.names, most=1) == (["I04"], 3)
    # every cell named lies outside the 5x5 input, and each is a term whose factor is zero
    x = trace.values["I"]
    for _, (_n, _c, r, col) in padding_cells(step):
        assert not (0 <= r < x.shape[2] and 0 <= col < x.shape[3])
    terms = step.blocks[0].columns[0]
    assert terms.pad is not None and list(terms.values[terms.pad]) == [0.0, 0.0, 0.0]
    assert padding_symbols(trace.step(4), trace.names) == ([], 0)  # o22 = I13·W11 + ... reads no padding


def test_a_padded_conv_layer_of_a_network_names_its_padding_in_the_network_s_symbols():
    network = {
        "input": {"channels": 1, "height": 3, "width": 3},
        "layers": [
            {"type": "conv", "filters": 1, "kernel": 2, "bias": False},
            {"type": "conv", "filters": 1, "kernel": 3, "padding": 1, "bias": False},
            {"type": "global_avg_pool"},
        ],
        "loss": "mse",
        "optimizer": {"type": "sgd", "lr": 0.1},
    }
    params = {"0.weight": np.ones((1, 1, 2, 2)), "1.weight": np.ones((1, 1, 3, 3))}
    trace = NetworkTrace.of(network, params, np.arange(9.0).reshape(1, 1, 3, 3), np.array([[1.0]]))
    step = trace.step(trace.section_for("1:out").start)  # o²11: a 3x3 window over the 2x2 o¹, padded by 1
    symbols, count = padding_symbols(step, trace.names)
    assert symbols == ["o¹00", "o¹01", "o¹02", "o¹10", "o¹20"] and count == 5
    assert padding_symbols(trace.step(0), trace.names) == ([], 0)  # the first layer has no padding
