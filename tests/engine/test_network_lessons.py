"""Lessons in the [network] form: read exactly, one-layer ones as their [spec] twins, impossible
ones refused with the network contract's sentences, and their statements checked."""

from __future__ import annotations

import re

import numpy as np
import pytest

from convstudio.engine import datasets, lesson_claims, lessons
from convstudio.engine import network as nw
from convstudio.engine.network_trace import NetworkTrace
from tests.engine.test_lessons import NETWORK_NAMES

TEXT = '[text]\nintro = "Look at the numbers."\n'
WORKED_TWIN = """
title = "The worked example, as a network"
[network]
input = { channels = 1, height = 3, width = 3 }
layers = [{ type = "conv", filters = 1, kernel = 2, bias = false }, { type = "global_avg_pool" }]
loss = "mse"
optimizer = { type = "sgd", lr = 0.1 }
[data]
input = [[1, 2, 0], [0, 1, 3], [2, 1, 0]]
target = 1
[weights]
"0.weight" = [[0.5, -1], [1, 0.5]]
"""
BARS_TWIN = """
title = "Bars, as a network"
[network]
input = { channels = 1, height = 6, width = 6 }
layers = [
  { type = "conv", filters = 2, kernel = 3 }, { type = "relu" }, { type = "max_pool", size = 2 },
  { type = "flatten" }, { type = "dense", units = 2 },
]
loss = "cross_entropy"
optimizer = { type = "sgd", lr = 0.3 }
[data]
bars = true
batch = 16
seed = 3
[weights]
seed = 0
"""


def _write(tmp_path, text, name="lesson"):
    path = tmp_path / f"{name}.toml"
    path.write_text(text + TEXT, encoding="utf-8")
    return path


@pytest.mark.parametrize(("twin", "name"), [(WORKED_TWIN, "worked-example"), (BARS_TWIN, "bars-classifier")])
def test_a_one_layer_network_lesson_is_its_spec_twin(tmp_path, twin, name):
    lesson, spec_lesson = lessons.load_file(_write(tmp_path, twin)), lessons.load(name)
    assert lesson.form == "network" and spec_lesson.form == "spec"
    assert lesson.spec == spec_lesson.spec
    assert lesson.x.tobytes() == spec_lesson.x.tobytes()
    assert lesson.target.dtype == spec_lesson.target.dtype
    assert lesson.target.tobytes() == spec_lesson.target.tobytes()
    assert lesson.params.keys() == spec_lesson.params.keys()
    assert all(lesson.params[k].tobytes() == spec_lesson.params[k].tobytes() for k in lesson.params)
    assert lesson.network_params.keys() == spec_lesson.network_params.keys()
    assert nw.check(spec_lesson.network) == []


def test_a_spec_lesson_carries_its_network_and_network_keyed_weights():
    lesson = lessons.load("worked-example")
    assert [layer["type"] for layer in lesson.network["layers"]] == ["conv", "global_avg_pool"]
    assert lesson.network_params["0.weight"].tobytes() == lesson.params["W"].tobytes()


DEEP = """
title = "Two layers"
[network]
input = { channels = 1, height = 4, width = 4 }
layers = [
  { type = "conv", filters = 2, kernel = 2 }, { type = "relu" },
  { type = "conv", filters = 1, kernel = 2 }, { type = "global_avg_pool" },
]
loss = "mse"
optimizer = { type = "adam", lr = 0.01 }
[data]
images = "blocks"
batch = 3
seed = 5
target = [1, 0, 2]
[weights]
seed = 4
"2.bias" = [0.25]
"""


def test_a_deep_lesson_has_no_spec_and_its_own_network_weights(tmp_path):
    lesson = lessons.load_file(_write(tmp_path, DEEP))
    assert lesson.spec is None and lesson.form == "network"
    assert lesson.x.shape == (3, 1, 4, 4)
    assert lesson.x.tobytes() == datasets.blocks((3, 1, 4, 4), 5).tobytes()
    assert lesson.target.shape == (3, 1)
    seeded = nw.init_params(lesson.network, 4)
    assert lesson.params is lesson.network_params and lesson.params.keys() == seeded.keys()
    assert lesson.params["0.weight"].tobytes() == seeded["0.weight"].tobytes()
    assert lesson.params["2.bias"].tolist() == [0.25]
    with pytest.raises(ValueError, match="no one-layer Spec"):
        lesson.model()


def test_a_lesson_may_name_the_bundled_digits(tmp_path):
    text = """
title = "Digits"
[network]
input = { channels = 1, height = 8, width = 8 }
layers = [{ type = "conv", filters = 10, kernel = 3 }, { type = "relu" }, { type = "global_avg_pool" }]
loss = "cross_entropy"
optimizer = { type = "sgd", lr = 0.1 }
[data]
dataset = "digits"
batch = 12
"""
    lesson = lessons.load_file(_write(tmp_path, text))
    images, labels = datasets.digits()
    assert lesson.x.tobytes() == images[:12].tobytes()
    assert lesson.target.dtype == np.int64
    assert lesson.target.tolist() == labels[:12].tolist()
    assert lesson.spec is None or lesson.spec.batch == 12


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (('kernel = 2 }, { type = "global', 'kernel = 5 }, { type = "global'), "layer 3 (conv): "),
        (('type = "relu"', 'type = "relux"'), "layer 2: unknown type 'relux'"),
        (("lr = 0.01", "lr = 0.01, betas = 3"), "the adam optimizer: betas must be"),
        (("target = [1, 0, 2]", "target = [1, 0]"), "[data] target needs 3 number(s)"),
        (("batch = 3", "batch = 300"), "[data] batch must be a whole number from 1 to 64"),
        (('"2.bias" = [0.25]', '"5.bias" = [0.25]'), "[weights] has 5.bias, but"),
        (('images = "blocks"', 'dataset = "mnist"'), "[data] dataset must be one of digits, not"),
        (("seed = 5", "seed = 5\ncolour = 1"), "[data] has unknown key(s) colour"),
    ],
)
def test_an_impossible_network_lesson_gets_one_clear_sentence(tmp_path, change, message):
    old, new = change
    assert old in DEEP
    with pytest.raises(lessons.LessonError) as error:
        lessons.load_file(_write(tmp_path, DEEP.replace(old, new, 1), "broken"))
    assert str(error.value).startswith("lesson broken.toml: ")
    assert message in str(error.value)


def test_a_lesson_needs_exactly_one_network_table(tmp_path):
    both = WORKED_TWIN.replace("[data]", "[spec]\nkernel = [2, 2]\n[data]")
    neither = 'title = "t"\n[data]\ninput = 1\ntarget = 1\n'
    for text in (both, neither):
        with pytest.raises(lessons.LessonError, match=r"exactly one of \[spec\] \(one conv layer\)"):
            lessons.load_file(_write(tmp_path, text))


def _deep_lesson(tmp_path, expect):
    return lessons.load_file(_write(tmp_path, DEEP + "[expect]\n" + expect + "\n"))


def test_network_statements_are_checked_and_false_ones_reported(tmp_path):
    probe = lessons.load_file(_write(tmp_path, DEEP))
    result = nw.iterate(probe.network, probe.params, probe.x, probe.target)
    loss, dw1 = result.loss, result.grads["0.weight"].ravel().tolist()
    step = (result.new_params["2.bias"] - probe.params["2.bias"]).tolist()
    expect = f"""
values = {{ L = {loss!r} }}
grads = {{ "dL/dW¹" = {dw1!r} }}
step_sizes = {{ "b²" = {step!r} }}
shapes = {{ "0:out" = [3, 2, 3, 3], "a¹" = [3, 2, 3, 3] }}
crossing = [3, 4]
losses = [{loss!r}]
"""
    claims = lesson_claims.verify(_deep_lesson(tmp_path, expect))
    assert [(c.key, c.holds) for c in claims if not c.holds] == []
    assert len(claims) == 6
    wrong = lesson_claims.verify(
        _deep_lesson(
            tmp_path, f'values = {{ L = {loss + 1e-9!r}, "o⁹" = 1 }}\nnonsense = 1\nlosses = [{loss!r}, 0]'
        )
    )
    details = {c.key: (c.holds, c.detail) for c in wrong}
    assert details["values"][0] is False and "o⁹: no such tensor" in details["values"][1]
    assert details["nonsense"] == (False, details["nonsense"][1]) and "unknown" in details["nonsense"][1]
    assert details["losses"][0] is False


def test_the_crossing_fails_when_the_gradient_between_layers_is_not_what_arrives(tmp_path, monkeypatch):
    lesson = _deep_lesson(tmp_path, "crossing = [3]")
    assert all(c.holds for c in lesson_claims.verify(lesson))
    from convstudio.engine import network_trace

    real = network_trace.record

    def tampered(*args, **kwargs):
        rec = real(*args, **kwargs)
        rec.grads["d1:out"] = rec.grads["d1:out"] * 1.5  # what layer 2 receives is no longer layer 3's
        return rec

    monkeypatch.setattr(network_trace, "record", tampered)
    assert not any(c.holds for c in lesson_claims.verify(lesson))


def test_with_optimizer_checks_the_same_start_under_another_optimiser(tmp_path):
    probe = lessons.load_file(_write(tmp_path, DEEP))
    sgd = {**probe.network, "optimizer": {"type": "sgd", "lr": 0.5}}
    after = nw.iterate(sgd, probe.params, probe.x, probe.target).new_params["0.weight"].ravel().tolist()
    sgd_text = '{ type = "sgd", lr = 0.5 }'
    expect = f'with_optimizer = {{ optimizer = {sgd_text}, after_one_step = {{ "0.weight" = {after!r} }} }}'
    assert all(c.holds for c in lesson_claims.verify(_deep_lesson(tmp_path, expect)))
    wrong = expect.replace("lr = 0.5", "lr = 0.25")
    assert not any(c.holds for c in lesson_claims.verify(_deep_lesson(tmp_path, wrong)))


@pytest.mark.parametrize("name", NETWORK_NAMES)
def test_each_network_lesson_teaches_every_phase_and_its_statements_hold(name):
    lesson = lessons.load(name)
    assert lesson.form == "network" and lesson.spec is None
    assert set(lesson.text) == set(lessons.PHASE_TEXTS)
    assert all(len(text.split()) >= 20 for text in lesson.text.values())
    assert len(lesson.expect) >= 4
    claims = lesson_claims.verify(lesson)
    assert [(c.key, c.detail) for c in claims if not c.holds] == []


def _numbers_in(text):
    return {float(n) for n in re.findall(r"-?\d+\.\d+|-?\d+", text.replace("−", "-"))}


def test_two_conv_layers_says_with_its_numbers_that_w1_learns_through_layer_2s_input_gradient():
    lesson = lessons.load("two-conv-layers")
    backward = lesson.text["backward"]
    result = nw.iterate(lesson.network, lesson.params, lesson.x, lesson.target)
    trace = NetworkTrace.of(lesson.network, lesson.params, lesson.x, lesson.target)
    assert "dL/da¹" in backward and "layer 2's input gradient" in backward
    said = _numbers_in(backward)
    assert set(result.grads["0.weight"].ravel().tolist()) <= said  # dL/dW¹, every weight
    assert set(trace.grads["d1:out"].ravel()[:3].tolist()) <= said  # dL/da¹'s first row
    assert {"crossing"} <= set(lesson.expect) and lesson.expect["crossing"] == [2, 3, 4, 5]


def test_batch_norm_says_the_backwards_three_terms_with_their_numbers():
    lesson = lessons.load("batch-norm")
    trace = NetworkTrace.of(lesson.network, lesson.params, lesson.x, lesson.target)
    step = trace.step(trace.section_for("d0:out").start)
    terms = [float(np.prod([c.values[0] for c in block.columns])) for block in step.blocks]
    assert len(terms) == 3 and sum(terms) == pytest.approx(step.result, abs=1e-15)
    said = _numbers_in(lesson.text["backward"])
    assert {round(t, 4) for t in (*terms, step.result)} <= said


def test_adam_moves_every_weight_by_about_its_rate_and_sgd_by_the_gradient():
    lesson = lessons.load("adam-vs-sgd")
    adam = nw.iterate(lesson.network, lesson.params, lesson.x, lesson.target)
    sgd_net = {**lesson.network, "optimizer": lesson.expect["with_optimizer"]["optimizer"]}
    sgd = nw.iterate(sgd_net, lesson.params, lesson.x, lesson.target)
    adam_steps = np.abs(adam.new_params["0.weight"] - lesson.params["0.weight"])
    sgd_steps = np.abs(sgd.new_params["0.weight"] - lesson.params["0.weight"])
    np.testing.assert_allclose(adam_steps, 0.05, rtol=1e-7)
    np.testing.assert_allclose(sgd_steps, 0.05 * np.abs(adam.grads["0.weight"]), rtol=1e-12)
    assert sgd_steps.max() / sgd_steps.min() > 50


def test_the_transposed_convolution_counts_uneven_overlaps_as_a_checkerboard():
    lesson = lessons.load("transposed-conv")
    out = nw.predict(lesson.network, lesson.params, lesson.x)[0, 0]
    per_axis = np.array([1, 1, 2, 1, 2, 1, 1], dtype=float)  # stamps 3 wide, 2 apart
    np.testing.assert_array_equal(out, np.outer(per_axis, per_axis))
    even = {**lesson.network, "layers": [{**lesson.network["layers"][0], "kernel": 4, "padding": 1}]}
    inside = nw.predict(even, {"0.weight": np.ones((1, 1, 4, 4))}, lesson.x)[0, 0, 1:-1, 1:-1]
    assert (inside == 4).all()  # a kernel that is a multiple of the stride covers evenly
