"""The exported PyTorch script as text, without PyTorch: it compiles, names each layer's module, holds
ConvStudio's numbers bit for bit, and refuses what cannot be checked."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pytest

from convstudio.engine import lessons
from convstudio.engine import network as nw
from convstudio.engine.model import run_iteration
from convstudio.io import pytorch_script

#: Between them, every layer type of the network contract (batch norm on maps and on features).
MAPS_NET = {
    "input": {"channels": 2, "height": 5, "width": 6},
    "layers": [
        {
            "type": "conv",
            "filters": 3,
            "kernel": [2, 3],
            "stride": [1, 2],
            "padding": [1, 0],
            "dilation": [2, 1],
        },
        {"type": "batch_norm", "eps": 1e-3, "momentum": 0.2},
        {"type": "relu"},
        {"type": "conv_transpose", "filters": 2, "kernel": 3, "stride": 2, "padding": 1, "output_padding": 1},
        {"type": "sigmoid"},
        {"type": "max_pool", "size": 2, "stride": 1},
        {"type": "avg_pool", "size": [2, 1]},
        {"type": "tanh"},
        {"type": "flatten"},
        {"type": "dense", "units": 4, "bias": False},
        {"type": "batch_norm"},
        {"type": "dense", "units": 3},
    ],
    "loss": "cross_entropy",
    "optimizer": {"type": "sgd", "lr": 0.1, "momentum": 0.9, "weight_decay": 0.01},
}
POOLED_NET = {
    "input": {"channels": 1, "height": 4, "width": 4},
    "layers": [
        {"type": "conv", "filters": 2, "kernel": 2, "bias": False},
        {"type": "tanh"},
        {"type": "global_avg_pool"},
        {"type": "flatten"},
        {"type": "batch_norm"},
        {"type": "dense", "units": 2},
        {"type": "sigmoid"},
    ],
    "loss": "mse",
    "optimizer": {"type": "adam", "lr": 0.01, "betas": [0.8, 0.99], "eps": 1e-8, "weight_decay": 0.01},
}
NETWORKS = {"maps": MAPS_NET, "pooled": POOLED_NET}


def data_for(net, seed=0, batch=4):
    rng = np.random.default_rng(seed)
    shape = (batch, net["input"]["channels"], net["input"]["height"], net["input"]["width"])
    x = rng.standard_normal(shape)
    out = nw.predict(net, nw.init_params(net, seed), x)
    if net["loss"] == "cross_entropy":
        return x, rng.integers(0, out.shape[1], batch)
    return x, rng.uniform(0, 1, out.shape)


def second_iteration(net, seed=0):
    """The network, the parameters and state after one iterate, the data, and the second iterate."""
    x, target = data_for(net, seed)
    first = nw.iterate(net, nw.init_params(net, seed), x, target)
    return first.new_params, first.new_state, x, target


def data_of(text):
    """The JSON the script holds."""
    start = text.index("DATA = json.loads(r'''") + len("DATA = json.loads(r'''")
    return json.loads(text[start : text.index("''')", start)])


def test_the_script_compiles_and_names_every_layers_module():
    texts = {}
    for name, net in NETWORKS.items():
        params, state, x, target = second_iteration(net)
        texts[name] = pytorch_script.script(net, params, x, target, state)
        compile(texts[name], f"{name}.py", "exec")
    maps, pooled = texts["maps"], texts["pooled"]
    used = {layer["type"] for net in NETWORKS.values() for layer in net["layers"]}
    assert used == set(pytorch_script.MODULES)
    for module in pytorch_script.MODULES.values():
        assert module + "(" in maps + pooled, module
    assert (
        "nn.Conv2d(2, 3, kernel_size=(2, 3), stride=(1, 2), padding=(1, 0), dilation=(2, 1), bias=True)"
        in maps
    )
    assert "nn.BatchNorm2d(3, eps=0.001, momentum=0.2)" in maps
    assert (
        "nn.ConvTranspose2d(3, 2, kernel_size=(3, 3), stride=(2, 2), padding=(1, 1), output_padding=(1, 1)"
        in maps
    )
    assert "nn.MaxPool2d(kernel_size=(2, 2), stride=(1, 1), ceil_mode=False)" in maps
    assert "nn.AvgPool2d(kernel_size=(2, 1), stride=(2, 1), ceil_mode=False)" in maps
    assert "nn.Linear(24, 4, bias=False)" in maps and "nn.BatchNorm1d(4, eps=1e-05, momentum=0.1)" in maps
    assert "nn.CrossEntropyLoss(" in maps and "torch.long" in maps
    assert "torch.optim.SGD(parameters, lr=0.1, momentum=0.9, weight_decay=0.01)" in maps
    assert "nn.Sequential(nn.AdaptiveAvgPool2d(1), nn.Flatten())" in pooled
    assert "nn.BatchNorm1d(2," in pooled and 'nn.MSELoss(reduction="mean")' in pooled
    assert "torch.optim.Adam(parameters, lr=0.01, betas=(0.8, 0.99), eps=1e-08, weight_decay=0.01)" in pooled
    # one module per layer, in order: the parameters' keys are the network contract's
    assert maps.count("        # layer ") == len(MAPS_NET["layers"])
    assert (
        maps.index("# layer 4 (conv_transpose)") < maps.index("nn.ConvTranspose2d") < maps.index("# layer 5")
    )


def test_the_script_holds_what_iterate_computes_bit_for_bit():
    params, state, x, target = second_iteration(POOLED_NET)
    text = pytorch_script.script(POOLED_NET, params, x, target, state, title="It's mine", iteration=2)
    data = data_of(text)
    result = nw.iterate(POOLED_NET, params, x, target, state)
    assert data["title"] == "It's mine" and data["iteration"] == 2 and data["network"] == POOLED_NET
    assert np.array_equal(data["x"], x) and np.array_equal(data["target"], target)
    assert data["params"].keys() == params.keys() and data["state"].keys() == state.keys()
    assert all(np.array_equal(data["state"][k], v) for k, v in state.items())
    expected = data["expected"]
    assert expected["loss"] == result.loss
    assert np.array_equal(expected["output"], result.output)
    assert np.array_equal(expected["grad_input"], result.grad_input)
    for key in params:
        assert np.array_equal(expected["grads"][key], result.grads[key]), key
        assert np.array_equal(expected["new_params"][key], result.new_params[key]), key
    assert expected["new_state"]["0.weight.step"] == 2
    assert expected["new_state"].keys() == result.new_state.keys()


def test_a_lessons_spec_becomes_the_network_with_its_momentum():
    lesson = lessons.load("bars-classifier")
    spec = lesson.spec.replace(momentum=0.9)
    params, velocity = lesson.params, None
    for number in range(3):
        it = run_iteration(spec, params, lesson.x, lesson.target, velocity, number=number)
        params, velocity = it.new_params, it.new_velocity
    it = run_iteration(spec, params, lesson.x, lesson.target, velocity, number=3)
    network, keyed, state = pytorch_script.from_spec(spec, it.params, it.velocity)
    assert set(keyed) == {"0.weight", "0.bias", "4.weight", "4.bias"}
    assert set(state) == {key + ".momentum_buffer" for key in keyed}
    assert np.array_equal(state["4.weight.momentum_buffer"], velocity["V"])
    text = pytorch_script.script(network, keyed, lesson.x, lesson.target, state, iteration=4)
    data = data_of(text)
    assert data["iteration"] == 4
    np.testing.assert_allclose(data["expected"]["loss"], it.loss, rtol=1e-13)
    np.testing.assert_allclose(data["expected"]["new_params"]["0.weight"], it.new_params["W"], rtol=1e-12)


def test_what_cannot_be_checked_is_refused_with_a_reason(tmp_path):
    lesson = lessons.load("worked-example")
    network, _, _ = pytorch_script.from_spec(lesson.spec, lesson.params)
    huge = {"0.weight": np.full((1, 1, 2, 2), 1e200)}
    with pytest.raises(ValueError, match="diverged"):
        pytorch_script.write(tmp_path / "x.py", network, huge, lesson.x, lesson.target)
    with pytest.raises(nw.NetworkError, match="layer 1 \\(conv\\)"):
        pytorch_script.script(
            {**network, "layers": [{"type": "conv", "filters": 1, "kernel": 9}]}, {}, lesson.x, 1
        )
    assert not any(tmp_path.iterdir())


def test_the_command_line_writes_the_lessons_script_without_importing_torch(tmp_path):
    target = tmp_path / "rgb_check.py"
    done = subprocess.run(
        [sys.executable, "-m", "convstudio", "--lesson", "rgb", "--export-pytorch", str(target)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == str(target)
    text = target.read_text(encoding="utf-8")
    compile(text, target.name, "exec")
    assert data_of(text)["title"] == lessons.load("rgb").title and "python rgb_check.py" in text
    refused = subprocess.run(
        [sys.executable, "-m", "convstudio", "--lesson", "nope", "--export-pytorch", str(tmp_path / "n.py")],
        capture_output=True,
        text=True,
    )
    assert refused.returncode == 2 and refused.stderr.startswith("error: there is no lesson")
    assert not (tmp_path / "n.py").exists()
    clean = subprocess.run(
        [sys.executable, "-c", "import sys, convstudio.io.pytorch_script; print('torch' in sys.modules)"],
        capture_output=True,
        text=True,
    )
    assert clean.stdout.strip() == "False", clean.stderr
