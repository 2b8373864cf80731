"""The exported PyTorch script, run: PyTorch agrees with every number ConvStudio computes, for every
lesson, a later iteration with momentum and random networks of every layer type; a tampered number
makes it fail. Needs PyTorch (CI installs torch==2.13.0); the scripts run side by side, since
each spends seconds importing torch."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from convstudio.engine import lessons
from convstudio.engine import network as nw
from convstudio.engine.model import run_iteration
from convstudio.io import pytorch_script
from tests.engine import networks as random_networks
from tests.io.test_pytorch_script_text import NETWORKS, data_of, second_iteration

pytest.importorskip("torch")

ADAM = {"type": "adam", "lr": 0.01, "betas": [0.8, 0.99], "eps": 1e-8, "weight_decay": 0.01}
SGD = {"type": "sgd", "lr": 0.1, "momentum": 0.9, "weight_decay": 0.01}


def run_scripts(paths):
    """Run each script with this Python in its own folder, all at once; (stdout, stderr, status)."""
    running = [
        subprocess.Popen(
            [sys.executable, path.name],
            cwd=path.parent,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for path in paths
    ]
    return [(*p.communicate(timeout=600), p.returncode) for p in running]


def assert_agrees(run, rows, what):
    """Exit 0, the loss to at least 10 digits, then one "agrees" line for each of ``rows`` tensors."""
    out, err, status = run
    assert status == 0, f"{what}:\n{out}\n{err}"
    lines = out.splitlines()
    assert re.fullmatch(r"loss agrees to 1[0-5] digits: PyTorch \S+, ConvStudio \S+", lines[1]), lines[1]
    body = lines[2:-1]
    assert len(body) == rows and all(" agrees" in line for line in body), out
    assert lines[-1] == f"All {rows + 1} agree: PyTorch computes the numbers ConvStudio shows."


def rows_of(text):
    """How many tensors the script compares: output, dL/dx, each gradient, update and state."""
    expected = data_of(text)["expected"]
    return 2 + len(expected["grads"]) + len(expected["new_params"]) + len(expected["new_state"])


def test_every_lessons_first_iteration_agrees_with_pytorch(tmp_path):
    names = lessons.available(every=True)
    assert "two-conv-layers" in names
    paths = [pytorch_script.write_lesson(lessons.load(name), tmp_path / f"{name}.py") for name in names]
    for name, path, run in zip(names, paths, run_scripts(paths), strict=True):
        assert_agrees(run, rows_of(path.read_text(encoding="utf-8")), name)


def test_a_later_iteration_with_momentum_agrees_with_pytorch(tmp_path):
    paths = []
    for name in ("bars-classifier", "edge-detector"):
        lesson = lessons.load(name)
        spec = lesson.spec.replace(momentum=0.9)
        params, velocity = lesson.params, None
        for number in range(4):
            it = run_iteration(spec, params, lesson.x, lesson.target, velocity, number=number)
            params, velocity = it.new_params, it.new_velocity
        paths.append(pytorch_script.write_iteration(it, tmp_path / f"{name}.py", lesson.title))
    for path, run in zip(paths, run_scripts(paths), strict=True):
        text = path.read_text(encoding="utf-8")
        assert data_of(text)["iteration"] == 4 and "momentum=0.9" in text
        assert any(key.endswith(".momentum_buffer") for key in data_of(text)["state"])
        assert_agrees(run, rows_of(text), path.stem)


def test_networks_of_every_layer_type_agree_with_pytorch_for_sgd_and_adam_from_a_previous_state(tmp_path):
    paths = []
    for name, net in NETWORKS.items():
        for optimizer in (SGD, ADAM):
            net = {**net, "optimizer": optimizer}
            params, state, x, target = second_iteration(net, seed=len(paths))
            assert any(k.endswith("running_var") for k in state) and any(
                k.startswith("0.weight.") for k in state
            )
            path = tmp_path / f"{name}_{optimizer['type']}.py"
            paths.append(pytorch_script.write(path, net, params, x, target, state, iteration=2))
    for path, run in zip(paths, run_scripts(paths), strict=True):
        assert_agrees(run, rows_of(path.read_text(encoding="utf-8")), path.stem)


@settings(max_examples=1, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(nets=st.lists(random_networks.networks(), min_size=4, max_size=4), seed=st.integers(0, 1000))
def test_random_networks_agree_with_pytorch(tmp_path_factory, nets, seed):
    folder = tmp_path_factory.mktemp("random")
    paths = []
    for k, net in enumerate(nets):
        x, target = random_networks.data_for(net, seed + k)
        first = nw.iterate(net, nw.init_params(net, seed + k), x, target)
        paths.append(
            pytorch_script.write(folder / f"net{k}.py", net, first.new_params, x, target, first.new_state)
        )
    for net, path, run in zip(nets, paths, run_scripts(paths), strict=True):
        assert_agrees(run, rows_of(path.read_text(encoding="utf-8")), json.dumps(net))


def tampered(text, change):
    """The script with ``change(data)`` applied to the numbers it holds."""
    start = text.index("DATA = json.loads(r'''") + len("DATA = json.loads(r'''")
    end = text.index("''')", start)
    data = json.loads(text[start:end])
    change(data)
    return text[:start] + json.dumps(data).replace("'", "\\u0027") + text[end:]


def nudge(data, *keys, by=None):
    """Move the first number of ``data[keys[0]][keys[1]]...`` by ``by``, or by a millionth of itself."""
    holder = data
    for key in keys[:-1]:
        holder = holder[key]
    values = np.asarray(holder[keys[-1]], dtype=float)
    values.flat[0] += 1e-6 * max(abs(values.flat[0]), 1.0) if by is None else by
    holder[keys[-1]] = values.tolist()


def test_a_tampered_number_makes_the_script_fail(tmp_path):
    worked = lessons.load("worked-example")
    plain = pytorch_script.script(
        *pytorch_script.from_spec(worked.spec, worked.params)[:2], worked.x, worked.target
    )
    maps = {**NETWORKS["maps"], "optimizer": {**ADAM, "weight_decay": 0.0}}
    params, state, x, target = second_iteration(maps)
    adam = pytorch_script.script(maps, params, x, target, state)

    def numbers(data):
        for keys in (("loss",), ("grad_input",), ("grads", "0.weight"), ("new_params", "0.weight")):
            nudge(data["expected"], *keys)

    def adam_numbers(data):
        nudge(data["expected"], "new_params", "11.weight")
        nudge(data["expected"], "new_state", "3.weight.exp_avg_sq")
        # the conv bias before batch norm: its gradient is rounding noise, so Adam's step there
        # (about lr, either way) is not determined and a step the other way is no disagreement
        assert max(np.abs(data["expected"]["new_state"]["0.bias.exp_avg"])) < 1e-15
        nudge(data["expected"], "new_params", "0.bias", by=2 * ADAM["lr"])

    cases = [
        (plain, numbers, ["loss", "dL/dx ", "dL/d0.weight ", "0.weight after the update "]),
        (plain, lambda data: nudge(data, "x"), ["output "]),  # other data: PyTorch computes other numbers
        (adam, adam_numbers, ["11.weight after the update ", "3.weight exp_avg_sq "]),
    ]
    paths = []
    for k, (text, change, _) in enumerate(cases):
        paths.append(tmp_path / f"tampered{k}.py")
        paths[-1].write_text(tampered(text, change), encoding="utf-8")
    runs = run_scripts(paths)
    for (_, _, differ), (out, err, status) in zip(cases, runs, strict=True):
        assert status == 1, f"{differ}:\n{out}\n{err}"
        lines = out.splitlines()
        for start in differ:
            assert any(line.startswith(start) and "DIFFERS" in line for line in lines), (start, out)
        assert re.search(r"^\d+ of \d+ DIFFER from ConvStudio's numbers\.$", out, re.MULTILINE), out
    adam_out = runs[2][0]
    assert sum("DIFFERS" in line for line in adam_out.splitlines()) == 2, adam_out
    assert re.search(
        r"^0\.bias after the update .* agrees .*1 element\(s\) left out: their average", adam_out, re.M
    )
