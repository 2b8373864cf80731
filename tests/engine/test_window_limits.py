"""The window's limits: 8 layers, 4 conv or conv_transpose, today's sizes, each refusal naming its layer."""

from __future__ import annotations

import copy
import importlib.util
from pathlib import Path

import pytest

from convstudio.engine import lessons
from convstudio.engine.spec_network import to_network
from convstudio.engine.window_limits import window_problems, window_problems_by_place
from tests.engine.test_lessons import NAMES

ROOT = Path(__file__).resolve().parents[2]


def _heaviest():
    spec = importlib.util.spec_from_file_location("bench_trace", ROOT / "benchmarks" / "bench_trace.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.DEEP


def _conv(**fields):
    return {"type": "conv", "filters": 2, "kernel": 3, "padding": 1, **fields}


def _net(layers, size=8):
    return {
        "input": {"channels": 1, "height": size, "width": size},
        "layers": layers,
        "loss": "mse",
        "optimizer": {"type": "sgd", "lr": 0.1},
    }


def test_the_heaviest_network_the_trace_benchmark_times_is_one_the_window_shows():
    assert window_problems(_heaviest(), batch=64) == []


@pytest.mark.parametrize("name", NAMES)
def test_every_lesson_fits_the_window(name):
    lesson = lessons.load(name)
    assert window_problems(to_network(lesson.spec), batch=lesson.x.shape[0]) == []


def test_nine_layers_or_five_convs_are_refused_with_the_counts():
    problems = window_problems(_net([_conv()] * 5 + [{"type": "relu"}] * 4))
    assert "up to 8 layers; this one has 9" in problems[0]
    assert "up to 4 conv or conv_transpose layers; this network has 5" in problems[1]


def test_a_field_beyond_its_limit_names_the_layer_and_the_limit():
    layers = [_conv(), {"type": "relu"}, _conv(filters=32, kernel=[3, 9], padding=[1, 4])]
    problems = window_problems(_net(layers, size=16))
    assert "layer 3 (conv): the window shows filters up to 16, not 32" in problems
    assert "layer 3 (conv): the window shows kernel up to 7, not 9" in problems
    assert "layer 3 (conv): the window shows padding up to 3, not 4" in problems


def test_an_upsampling_that_outgrows_the_window_says_what_would_fit():
    layers = [{"type": "conv_transpose", "filters": 1, "kernel": 4, "stride": 4}]
    problems = window_problems(_net(layers, size=32))
    assert problems == [
        "layer 1 (conv_transpose): its 128x128 maps are larger than the 64x64 the window shows; "
        "use a stride of 1 or a smaller kernel"
    ]


def test_inputs_and_batches_beyond_the_limits_and_broken_networks_are_all_said():
    net = _net([_conv()])
    net["input"] = {"channels": 4, "height": 65, "width": 8}
    problems = window_problems(net, batch=65)
    assert "the input: the window shows up to 3 channels, not 4" in problems
    assert "the input: the window shows up to 64 rows, not 65" in problems
    assert "the window shows batches of up to 64 images, not 65" in problems
    broken = copy.deepcopy(_net([{"type": "conv", "filters": 1, "kernel": 9}]))
    assert any(p.startswith("layer 1 (conv):") for p in window_problems(broken))


def test_each_refusal_says_where_it_is_a_layer_by_its_index():
    places = window_problems_by_place(_net([_conv(), _conv(filters=99)]), batch=10_000)
    assert [where for where, _ in places] == ["batch", 1]
    assert [sentence for _, sentence in places] == window_problems(_net([_conv(), _conv(filters=99)]), 10_000)
