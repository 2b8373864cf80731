"""A section as a whole: its formula as the layer computes it and the tensor it wrote, equal to
what ``iterate`` computes, for a network's trace and the one-layer trace."""

from __future__ import annotations

import numpy as np

from convstudio.engine import lessons
from convstudio.engine import network as nw
from convstudio.engine.network_trace import NetworkTrace
from convstudio.engine.section_summary import (
    formula,
    matrix_html,
    matrix_text,
    summary_html,
    summary_text,
    summary_value,
)
from convstudio.engine.trace import Trace


def test_each_section_of_two_conv_layers_sums_up_as_its_layer_computes_it():
    lesson = lessons.load("two-conv-layers")
    trace = NetworkTrace.of(lesson.network, lesson.params, lesson.x, lesson.target)
    result = nw.iterate(lesson.network, lesson.params, lesson.x, lesson.target)
    forms = {sec.tensor: formula(trace, sec) for sec in trace.sections}
    assert forms["0:out"] == "o¹ = I ⋆ W¹"
    assert forms["1:out"] == "a¹ = relu(o¹)"
    assert forms["d2.weight"] == "dL/dW² = a¹ ⋆ dL/do²"
    assert forms["d1:out"] == "dL/da¹ = dL/do² ∗ W²"
    assert forms["d0:out"] == "dL/do¹ = dL/da¹ ⊙ relu′(o¹)"
    assert forms["0.weight"] == "W¹ ←" and forms["L"] == "L"
    for sec in trace.sections:
        value = summary_value(trace, sec)
        if sec.phase == "update":
            np.testing.assert_array_equal(value, result.new_params[sec.tensor])
        elif sec.tensor.startswith("d") and sec.tensor[1:] in result.grads:
            np.testing.assert_array_equal(value, result.grads[sec.tensor[1:]])
    d_w1 = summary_html(trace, trace.section_for("d0.weight"))
    for text in ("2.406", "0.3438", "1.031", "2.234", "dL/dW¹ = I ⋆ dL/do¹ ="):
        assert text in d_w1


def test_the_one_layer_trace_sums_up_with_its_sections_own_formulas():
    trace = Trace(lessons.load("worked-example").model().run())
    conv_w = next(sec for sec in trace.sections if sec.tensor == "dW")
    assert formula(trace, conv_w) == "dL/dW = I ⋆ dL/do"
    np.testing.assert_array_equal(summary_value(trace, conv_w), trace.grads["dW"])
    update = next(sec for sec in trace.sections if sec.phase == "update")
    np.testing.assert_array_equal(summary_value(trace, update), trace.it.new_params[update.tensor])


def test_a_matrix_prints_in_brackets_a_row_each_and_large_ones_cut_short():
    html = matrix_html(np.array([[1.0, -2.5], [0.0, 3.25]]))
    assert html.count("<tr>") == 2 and "⎡" in html and "⎦" in html and "−2.5" in html
    assert matrix_html(np.array([[1.0, 2.0]])).startswith("<table") and "[" in matrix_html(np.array([[1.0]]))
    big = matrix_html(np.arange(100.0).reshape(10, 10))
    assert big.count("<tr>") == 9 and "⋮" in big and "…" in big  # 8 rows, the ellipsis row


def test_the_summary_in_text_and_latex_has_the_numbers_the_panel_shows():
    lesson = lessons.load("two-conv-layers")
    trace = NetworkTrace.of(lesson.network, lesson.params, lesson.x, lesson.target)
    d_w1 = trace.section_for("d0.weight")
    assert summary_text(trace, d_w1) == "dL/dW¹ = I ⋆ dL/do¹ = [[2.406, 0.3438], [1.031, 2.234]]"
    latex = summary_text(trace, trace.section_for("d0:out"), "latex")
    grad = r"\frac{\partial L}{\partial "
    assert latex.startswith(grad + r"o^{1}} = " + grad + r"a^{1}} \odot \operatorname{relu}'(o^{1}) =")
    assert summary_text(trace, trace.section_for("0.weight")).startswith("W¹ ← [[")
    assert summary_text(trace, trace.section_for("0.weight"), "latex").startswith(
        r"W^{1} \leftarrow \begin{bmatrix}"
    )


def test_a_matrix_in_text_is_cut_short_where_the_panel_cuts_it():
    assert matrix_text(np.array([[1.0, -2.5], [0.0, 3.25]])) == "[[1, −2.5], [0, 3.25]]"
    assert matrix_text(np.array([[1.0, -2.5]]), "latex") == r"\begin{bmatrix} 1 & -2.5 \end{bmatrix}"
    big = matrix_text(np.arange(100.0).reshape(10, 10))
    assert big.count("[") == 9 and big.endswith(", …]") and "7, …]" in big  # 8 rows of 8, then …
