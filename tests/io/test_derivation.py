"""The exported derivation states every element with its numbers, and its script checks them all."""

from __future__ import annotations

import re
import runpy
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from convstudio.engine import lessons
from convstudio.engine.equations import equation
from convstudio.engine.model import init_params, run_iteration
from convstudio.engine.network_trace import NetworkTrace
from convstudio.engine.spec import Spec
from convstudio.engine.trace import Trace
from convstudio.io import derivation, script_numbers

ROOT = Path(__file__).resolve().parents[2]


def results(text: str) -> dict[str, str]:
    """Each display equation's left-hand side and the number it ends with."""
    out = {}
    for body in re.findall(r"\$\$\n(.*?)\n\$\$", text, flags=re.S):
        lhs = re.split(r" = | \\leftarrow ", body, maxsplit=1)[0]
        out[lhs] = body.rsplit(" = ", 1)[-1]
    return out


def test_the_worked_example_derivation_and_its_script(tmp_path):
    written = derivation.write(lessons.load("worked-example"), tmp_path / "worked.md")
    assert [p.name for p in written] == ["worked.md", "worked_check.py"]
    text = written[0].read_text(encoding="utf-8")
    found = results(text)
    # the numbers, each at its own equation (W_{12} alone is the update: "W_{12} \leftarrow")
    assert found["o_{11}"] == "-1"
    assert found["p"] == "0.625"
    assert found["L"] == "0.140625"
    assert found[r"\frac{\partial L}{\partial W_{11}}"] == "-0.75"
    assert found[r"\frac{\partial L}{\partial W_{12}}"] == "-1.125"
    assert found["W_{12}"] == "-0.8875"
    assert (
        r"o_{11} = I_{11} \cdot W_{11} + I_{12} \cdot W_{12} + I_{21} \cdot W_{21} + I_{22} \cdot W_{22}"
        r" = 1 \cdot 0.5 + 2 \cdot (-1) + 0 \cdot 1 + 1 \cdot 0.5 = -1" in text
    )
    assert (
        r"W_{12} \leftarrow W_{12} - \eta \cdot \frac{\partial L}{\partial W_{12}} = -1 - 0.1 \cdot (-1.125)"
        in text
    )
    # the data it starts from, then every step: 4 o, p, L, dL/dp, 4 dL/do, 4 dL/dW, 4 updates
    assert r"I = \begin{pmatrix} 1 & 2 & 0 \\ 0 & 1 & 3 \\ 2 & 1 & 0 \end{pmatrix}" in text
    assert text.count("$$") == 2 * (3 + 19)
    out = subprocess.run([sys.executable, str(written[1])], capture_output=True, text=True, check=True)
    assert "every number of the derivation checks out (19 numbers)" in out.stdout


@pytest.mark.parametrize("name", lessons.available())
def test_every_lesson_writes_every_step_and_its_script_passes(tmp_path, name):
    lesson = lessons.load(name)
    written = derivation.write(lesson, tmp_path / f"{name}.md")
    text = written[0].read_text(encoding="utf-8")
    trace = Trace(run_iteration(lesson.spec, lesson.params, lesson.x, lesson.target))
    for section in trace.sections:  # the first elements of every section as equations, with numbers
        for number in range(section.start, section.start + min(section.size, derivation.PER_SECTION)):
            assert equation(trace.step(number), trace.names, "latex") in text
        assert section.title in text
    for needed in ("## Forward", "## Backward", "## Update", r"\frac{\partial L}{\partial o_{"):
        assert needed in text
    if lesson.spec.bias:
        assert r"\frac{\partial L}{\partial b_{" in text or r"\frac{\partial L}{\partial b}" in text
    out = subprocess.run([sys.executable, str(written[1])], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert f"checks out ({len(trace)} numbers)" in out.stdout  # one per step


def test_long_sections_list_the_values_of_the_elements_not_written_out(tmp_path):
    lesson = lessons.load("bars-classifier")
    (md, _) = derivation.write(lesson, tmp_path / "bars.md")
    text = md.read_text(encoding="utf-8")
    assert "*… and 448 more elements of this section; all 512 values:*" in text
    # the last output element of the last image, which no equation shows, is among the values
    o = run_iteration(lesson.spec, lesson.params, lesson.x, lesson.target).values["o"]
    block = text.split(r"o_{16,2,:,:} = \begin{pmatrix} ", 1)[1].split(r" \end{pmatrix}", 1)[0]
    last = float(block.rsplit("&", 1)[-1].replace(r" \times 10^{", "e").rstrip("} "))
    assert last == pytest.approx(o[15, 1, 3, 3], rel=1e-5)


def test_large_tensors_are_summed_and_their_data_kept_exactly(tmp_path, monkeypatch, capsys):
    """Past MAX_LISTED values a tensor is not listed: the Markdown states its first elements (as
    equations) and two sums, the script checks those and holds the inputs as exact bytes."""
    monkeypatch.setattr(derivation, "MAX_LISTED", 100)
    monkeypatch.setattr(derivation, "PER_SECTION", 10)
    monkeypatch.setattr(script_numbers, "MAX_LISTED", 100)  # what the script's numbers follow
    monkeypatch.setattr(script_numbers, "PER_SECTION", 10)
    lesson = lessons.load("edge-detector")  # 8 images of 8x8 (512 inputs), 288 outputs
    md, script = derivation.write(lesson, tmp_path / "edges.md")
    text = md.read_text(encoding="utf-8")
    o = run_iteration(lesson.spec, lesson.params, lesson.x, lesson.target).values["o"]
    assert "$I$: 512 values (8×1×8×8), too many to list; the script holds them." in text
    assert "*… and 278 more elements of this section. All 288 of them add up to* " in text
    assert f"${o.sum():.6g}$, *their absolute values to* ${np.abs(o).sum():.6g}$." in text
    code = script.read_text(encoding="utf-8")
    assert '"float64": "' in code and len(code) < 20000
    runpy.run_path(str(script), run_name="__main__")
    assert "value o       12 number(s) agree" in capsys.readouterr().out  # 10 elements, 2 sums
    wrong = re.sub(r'"sum": (-?[\d.e-]+)', lambda m: f'"sum": {float(m.group(1)) + 1e-6!r}', code, count=1)
    script.write_text(wrong, encoding="utf-8")
    with pytest.raises(AssertionError, match=r"^o$"):
        runpy.run_path(str(script), run_name="__main__")


@pytest.mark.parametrize(
    "changes",
    [
        {"activation": "sigmoid", "pooling": "avg", "momentum": 0.9},
        {"activation": "tanh", "pooling": "max", "pool_size": (2, 2), "pool_stride": (1, 1)},
        {"pooling": "none", "head": "dense", "bias": True, "loss": "cross_entropy", "classes": 3},
        {"filters": 3, "pooling": "global_avg", "loss": "cross_entropy", "batch": 2},
        {"stride": (2, 1), "padding": (1, 2), "dilation": (1, 2), "channels": 2, "bias": True},
    ],
)
def test_the_script_covers_every_layer(tmp_path, capsys, changes):
    """A second iteration (momentum buffers filled), dL/dI on: the script agrees with all of it."""
    spec = Spec(height=5, width=6, **changes).validate()
    rng = np.random.default_rng(3)
    x = rng.uniform(-1, 1, spec.input_shape)
    target = (
        np.arange(spec.batch) % spec.n_classes if spec.loss == "cross_entropy" else np.ones(spec.pred_shape)
    )
    first = run_iteration(spec, init_params(spec, 1), x, target)
    it = run_iteration(spec, first.new_params, x, target, first.new_velocity, number=1, input_grad=True)
    written = derivation.write_trace(Trace(it), tmp_path / "second.md", "A test network")
    assert "# A test network: training iteration 2" in written[0].read_text(encoding="utf-8")
    runpy.run_path(str(written[1]), run_name="__main__")
    out = capsys.readouterr().out
    assert "gradient dI" in out and "every number of the derivation checks out" in out
    if spec.momentum:
        assert "new velocity W" in out


@pytest.mark.parametrize(
    ("stated", "wrong", "message"),
    [
        ('"L": 0.140625', '"L": 0.15', "AssertionError: L"),
        ('"dW": [[[[-0.75, -1.125]', '"dW": [[[[-0.75, -1.12]', "AssertionError: dW"),
        ('"new_params": {"W": [[[[0.575, ', '"new_params": {"W": [[[[0.5751, ', "AssertionError: W after"),
    ],
)
def test_the_script_catches_a_wrong_number(tmp_path, stated, wrong, message):
    _, script = derivation.write(lessons.load("worked-example"), tmp_path / "w.md")
    code = script.read_text(encoding="utf-8")
    assert stated in code
    script.write_text(code.replace(stated, wrong), encoding="utf-8")
    out = subprocess.run([sys.executable, str(script)], capture_output=True, text=True)
    assert out.returncode != 0 and message in out.stderr


def test_an_unwritable_place_raises_and_leaves_nothing(tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where a folder should be")
    with pytest.raises(OSError):
        derivation.write(lessons.load("worked-example"), blocker / "d.md")
    assert blocker.read_text() == "a file where a folder should be"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["not-a-folder"]


def test_the_command_line_writes_it_and_reports_errors(tmp_path):
    out = tmp_path / "d.md"
    run = [sys.executable, "-m", "convstudio"]
    ok = subprocess.run(
        [*run, "--lesson", "worked-example", "--export-derivation", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert ok.returncode == 0, ok.stderr
    assert "W_{12}" in out.read_text(encoding="utf-8")
    assert (tmp_path / "d_check.py").exists()
    bad = subprocess.run(
        [*run, "--lesson", "nope", "--export-derivation", str(out)], cwd=ROOT, capture_output=True, text=True
    )
    assert bad.returncode == 2
    assert bad.stderr.startswith('error: there is no lesson "nope"') and len(bad.stderr.splitlines()) == 1


@pytest.mark.parametrize("name", [n for n in lessons.available(every=True) if lessons.load(n).spec is None])
def test_every_deep_lesson_writes_every_layer_and_its_script_passes(tmp_path, name):
    lesson = lessons.load(name)
    written = derivation.write(lesson, tmp_path / f"{name}.md")
    text = written[0].read_text(encoding="utf-8")
    trace = NetworkTrace.of(lesson.network, lesson.network_params, lesson.x, lesson.target)
    for section in trace.sections:
        assert section.title in text
    out = subprocess.run([sys.executable, str(written[1])], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert "checks out" in out.stdout


def test_the_command_line_exports_a_deep_lesson(tmp_path):
    out = tmp_path / "deep.md"
    run = subprocess.run(
        [sys.executable, "-m", "convstudio", "--lesson", "two-conv-layers", "--export-derivation", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stderr
    assert "dL/da¹" in out.read_text(encoding="utf-8")  # layer 2's input gradient reaches layer 1
