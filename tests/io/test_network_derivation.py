"""A network's derivation states every layer's elements, and its script recomputes every number
(two conv layers, batch norm, Adam and the rest) and fails when one of them is changed."""

from __future__ import annotations

import json
import re
import runpy
import subprocess
import sys

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from convstudio.engine import network as nw
from convstudio.engine.network_trace import NetworkTrace
from convstudio.io import derivation, network_derivation, script_numbers
from tests.engine.networks import data_for, networks

INPUT = {"channels": 1, "height": 5, "width": 5}
TWO_CONV = {
    "input": INPUT,
    "layers": [
        {"type": "conv", "filters": 2, "kernel": 2},
        {"type": "relu"},
        {"type": "conv", "filters": 1, "kernel": 2, "padding": 1, "dilation": 2, "bias": False},
        {"type": "global_avg_pool"},
    ],
    "loss": "mse",
    "optimizer": {"type": "sgd", "lr": 0.1, "momentum": 0.9},
}
BATCH_NORM = {
    "input": INPUT,
    "layers": [
        {"type": "conv", "filters": 2, "kernel": 2, "stride": 2, "bias": False},
        {"type": "batch_norm", "momentum": 0.2},
        {"type": "tanh"},
        {"type": "flatten"},
        {"type": "batch_norm"},
        {"type": "dense", "units": 3},
    ],
    "loss": "cross_entropy",
    "optimizer": {"type": "sgd", "lr": 0.05, "weight_decay": 0.01},
}
ADAM = {
    "input": INPUT,
    "layers": [
        {"type": "conv_transpose", "filters": 2, "kernel": 3, "stride": 2, "padding": 1, "output_padding": 1},
        {"type": "sigmoid"},
        {"type": "max_pool", "size": 2, "stride": 1},
        {"type": "avg_pool", "size": [2, 3]},
        {"type": "conv", "filters": 1, "kernel": [1, 2]},
    ],
    "loss": "mse",
    "optimizer": {"type": "adam", "lr": 0.01, "betas": [0.8, 0.99], "weight_decay": 0.1},
}


def _second_iteration(net, seed=0):
    """The trace of a second iteration: momentum, Adam's moments and running statistics filled."""
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((3, 1, 5, 5))
    out = nw.predict(net, nw.init_params(net, seed), x)
    target = np.array([0, 2, 1]) if net["loss"] == "cross_entropy" else rng.standard_normal(out.shape)
    first = nw.iterate(net, nw.init_params(net, seed), x, target)
    return NetworkTrace.of(net, first.new_params, x, target, first.new_state)


def _run(script):
    return subprocess.run([sys.executable, str(script)], capture_output=True, text=True)


@pytest.mark.parametrize("net", [TWO_CONV, BATCH_NORM, ADAM], ids=["two-conv", "batch-norm", "adam"])
def test_the_script_recomputes_every_number_of_the_network(tmp_path, net):
    trace = _second_iteration(net)
    md, script = derivation.write_trace(trace, tmp_path / "net.md", "A network")
    text = md.read_text(encoding="utf-8")
    assert text.startswith("# A network: one training iteration, element by element")
    for section in trace.sections:
        assert f"### {section.title}\n" in text
    assert text.count("$$") >= 2 * sum(min(s.size, 64) for s in trace.sections)
    out = _run(script)
    assert out.returncode == 0, out.stderr
    assert "every number of the derivation checks out" in out.stdout
    for key in trace.grads:
        assert re.search(rf"gradient {re.escape(key)} +\d+ number", out.stdout), key
    for key in trace.rec.result.new_state:
        assert re.search(rf"new state {re.escape(key)} +\d+ number", out.stdout), key


def test_two_conv_layers_state_the_first_filters_gradient_through_layer_twos_input_gradient(tmp_path):
    trace = _second_iteration(TWO_CONV)
    text = derivation.write_trace(trace, tmp_path / "two.md", "Two")[0].read_text(encoding="utf-8")
    assert "### Backward · layer 3 (conv): dL/da¹" in text
    assert text.index("dL/da¹") < text.index("### Backward · layer 1 (conv): dL/dW¹")
    dw = trace.rec.result.grads["0.weight"][0, 0, 0, 0]
    equation = r"^\\frac\{\\partial L\}\{\\partial \{W\}\^\{1\}_\{1,1,1\}\} = .* = (\S+)(?: \\quad .*)?$"
    stated = re.search(equation, text, flags=re.M)
    assert stated is not None and float(stated.group(1)) == pytest.approx(dw, rel=1e-5)


def test_batch_norm_and_the_optimisers_state_are_written_out(tmp_path):
    text = derivation.write_trace(_second_iteration(BATCH_NORM), tmp_path / "bn.md", "BN")[0].read_text(
        encoding="utf-8"
    )
    assert "batch mean μ²" in text and "normalised value x̂²" in text and "dL/dγ²" in text
    assert "- `1.running_mean`:" in text and "## Running statistics" in text
    assert "Optimiser: sgd, lr 0.05, momentum 0, weight_decay 0.01." in text
    adam = derivation.write_trace(_second_iteration(ADAM), tmp_path / "adam.md", "Adam")[0]
    adam_text = adam.read_text(encoding="utf-8")
    assert "betas (0.8, 0.99)" in adam_text and r"\hat{m}" in adam_text
    assert "- `0.weight.step`: 1" in adam_text


@pytest.mark.parametrize(
    ("where", "message"),
    [
        (("grads", "d0.weight"), "gradient d0.weight"),
        (("values", "1:xhat"), "value 1:xhat"),
        (("new_params", "5.bias"), "new 5.bias"),
        (("new_state", "1.running_var"), "new state 1.running_var"),
    ],
)
def test_the_script_fails_when_one_number_is_changed(tmp_path, where, message):
    _, script = derivation.write_trace(_second_iteration(BATCH_NORM), tmp_path / "bn.md", "BN")
    code = script.read_text(encoding="utf-8")
    start = code.index('DATA = json.loads(r"""') + len('DATA = json.loads(r"""')
    end = code.index('""")', start)
    data = json.loads(code[start:end])
    value = np.array(data[where[0]][where[1]], dtype=float)
    value.reshape(-1)[0] += 1e-6 * max(1.0, abs(value.reshape(-1)[0]))
    data[where[0]][where[1]] = value.tolist()
    script.write_text(code[:start] + json.dumps(data) + code[end:], encoding="utf-8")
    out = _run(script)
    assert out.returncode != 0 and f"AssertionError: {message}" in out.stderr


def test_a_changed_loss_fails_too(tmp_path):
    _, script = derivation.write_network(
        ADAM, nw.init_params(ADAM), np.ones((2, 1, 5, 5)), np.zeros((2, 1, 4, 2)), tmp_path / "a.md", "A"
    )
    assert _run(script).returncode == 0
    code = script.read_text(encoding="utf-8")
    changed = re.sub(r'"L": ([-0-9.e]+)', lambda m: f'"L": {float(m.group(1)) * 1.001!r}', code)
    script.write_text(changed, encoding="utf-8")
    out = _run(script)
    assert out.returncode != 0 and "AssertionError: L" in out.stderr


def test_large_tensors_are_summed_and_their_data_kept_exactly(tmp_path, monkeypatch):
    monkeypatch.setattr(network_derivation, "MAX_LISTED", 4)
    monkeypatch.setattr(network_derivation, "PER_SECTION", 2)
    monkeypatch.setattr(script_numbers, "MAX_LISTED", 4)  # what the script's numbers follow
    monkeypatch.setattr(script_numbers, "PER_SECTION", 2)
    md, script = derivation.write_trace(_second_iteration(TWO_CONV), tmp_path / "big.md", "Big")
    text = md.read_text(encoding="utf-8")
    assert "*their absolute values to*" in text and "too many to list; the script holds them" in text
    code = script.read_text(encoding="utf-8")
    assert '"float64": "' in code and '"sum_abs": ' in code
    out = _run(script)
    assert out.returncode == 0, out.stderr


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_random_networks_of_every_layer_type_have_scripts_that_pass(tmp_path_factory, data):
    net = data.draw(networks())
    seed = data.draw(st.integers(0, 1000))
    x, target = data_for(net, seed)
    first = nw.iterate(net, nw.init_params(net, seed), x, target)
    trace = NetworkTrace.of(net, first.new_params, x, target, first.new_state)
    folder = tmp_path_factory.mktemp("random")
    _, script = derivation.write_trace(trace, folder / "r.md", "Random")
    runpy.run_path(str(script), run_name="__main__")  # in this process: an AssertionError fails the test


def test_a_bias_before_batch_norm_under_adam_checks_out(tmp_path):
    """Its gradient is rounding noise, which Adam turns into a step of ±lr on the noise's sign."""
    net = {
        "input": INPUT,
        "layers": [
            {"type": "conv", "filters": 2, "kernel": 2},
            {"type": "batch_norm"},
            {"type": "batch_norm"},
            {"type": "global_avg_pool"},
        ],
        "loss": "mse",
        "optimizer": {"type": "adam", "lr": 0.1},
    }
    trace = _second_iteration(net, seed=3)
    assert np.abs(trace.rec.result.grads["0.bias"]).max() < 1e-15
    _, script = derivation.write_trace(trace, tmp_path / "noise.md", "Noise")
    out = _run(script)
    assert out.returncode == 0, out.stderr
