"""The window on a deep network: the focused layer's tensors under the trace's names, the focus
following the cursor across layers, the strip's click, and training from the window."""

from __future__ import annotations

import numpy as np

from convstudio.engine import lessons
from convstudio.engine import network as nw
from convstudio.engine.cursor import Cursor
from tests.ui.windows import open_window


def _to(w, tensor: str) -> None:
    """Put the cursor just after the first step that writes ``tensor``."""
    s = w.session
    s.go_to(Cursor(s.trace.section_for(tensor).start + 1, 0))


def test_the_first_backward_element_of_layer_one_shows_dl_da1_as_the_trace_has_it(qtbot):
    w = open_window(qtbot, "two-conv-layers")
    s, panel = w.session, w.tensors
    assert s.deep and panel.focus == 0
    _to(w, "d1:out")  # layer 2's input gradient: dL/da¹, the gradient arriving in layer 1
    assert s.trace.layer_of(s.step.number).index == 2 and panel.focus == 2
    view = panel.view("d1:out")
    assert view.title().startswith("dL/da¹")
    shown = view.values()
    expected = s.trace.grads["d1:out"][0, 0]
    assert np.isfinite(shown[0, 0]) and shown[0, 0] == expected[0, 0]
    assert np.isnan(shown[0, 1])  # not computed yet
    s.go_to(Cursor(s.trace.section_for("d0:out").start, 0))  # every dL/da¹ cell done, next layer
    _to(w, "d0:out")
    assert panel.focus == 1  # the ReLU of layer 1: its input gradient dL/do¹
    np.testing.assert_array_equal(panel.view("d0:out").values()[0, 0], s.trace.grads["d0:out"][0, 0, 0, 0])
    np.testing.assert_array_equal(panel.view("d1:out").values(), s.trace.grads["d1:out"][0, 0])


def test_the_focus_stays_when_follow_is_off_and_the_strip_picks_the_layer(qtbot):
    w = open_window(qtbot, "two-conv-layers")
    panel = w.tensors
    panel.follow.setChecked(False)
    _to(w, "2:out")
    assert panel.focus == 0
    w.network_dock.widget().strip.box_clicked.emit(2)  # as a click on the second conv's box
    assert panel.focus == 2 and "2.weight" in {n for c in panel.cards.values() for n in c.views}
    lesson = lessons.load("two-conv-layers")
    np.testing.assert_array_equal(panel.view("2.weight").values(), lesson.params["2.weight"][0, 0])


def test_replaying_an_iteration_in_the_window_then_training_equals_iterate(qtbot):
    w = open_window(qtbot, "two-conv-layers")
    s = w.session
    lesson = lessons.load("two-conv-layers")
    while s.iteration == 0:
        assert s.move("element", +1)
    result = nw.iterate(lesson.network, lesson.params, lesson.x, lesson.target)
    for key, value in result.new_params.items():
        np.testing.assert_array_equal(s.params[key], value)
        s.set_focus(int(key.split(".")[0]))
        np.testing.assert_array_equal(w.tensors.view(key).values(), value[0, 0])
    with qtbot.waitSignal(s.training_finished, timeout=20_000):
        s.train(5)
    params, state = lesson.params, None
    for _ in range(6):
        r = nw.iterate(lesson.network, params, lesson.x, lesson.target, state)
        params, state = r.new_params, r.new_state
    assert s.iteration == 6
    for key, value in params.items():
        np.testing.assert_array_equal(s.params[key], value)


def test_an_adam_update_lights_its_layer_notes_old_and_new_and_keeps_the_status_line_to_one_line(qtbot):
    w = open_window(qtbot, "two-conv-layers")
    s = w.session
    _to(w, "2.weight")  # an update of the second conv's filter (layer index 2)
    assert s.step.phase == "update" and w.tensors.focus == 2
    strip = w.network_dock.widget().strip
    assert strip.lit == 3  # the input box, then layers 0, 1, 2
    old, new = s.trace.values["2.weight"][0, 0, 0, 0], s.trace.it.new_params["2.weight"][0, 0, 0, 0]
    assert w.tensors.view("2.weight").note().endswith(f"{old:g} → {new:g}".replace("-", "−"))
    adam = open_window(qtbot, "adam-vs-sgd")
    _to(adam, "0.weight")
    assert adam.session.step.op == "adam" and len(adam.equations.text().splitlines()) > 1
    line = adam.equation_line.text()
    assert "\n" not in line and line.startswith("mW11 ← β1·mW11") and "W11 ← W11 − " in line


def test_each_instrument_on_a_deep_network_works_or_says_in_its_dock_that_it_cannot(qtbot):
    from convstudio.ui.instruments.registry import INSTRUMENTS

    w = open_window(qtbot, "worked-example")
    docks = {i.key: w.show_instrument(i.key) for i in INSTRUMENTS}
    assert all(d.panel is not None for d in docks.values())
    assert w.open_lesson("two-conv-layers")
    for _ in range(40):
        assert w.session.move("element", +1)
    for instrument in INSTRUMENTS:  # every instrument works on a network of any depth
        dock = docks[instrument.key]
        assert dock.panel is not None and dock.panel.isVisibleTo(dock)
    assert w.open_lesson("worked-example")  # a one-layer network: each instrument is back
    assert all(docks[i.key].panel is not None for i in INSTRUMENTS)
    w.session.move("element", +1)


def test_the_iteration_computed_ahead_brings_its_colour_scales_and_the_step_into_it_computes_none(
    qtbot, monkeypatch
):
    import threading

    from convstudio.engine import colour_scale
    from convstudio.session import training

    monkeypatch.setattr(training, "PREFETCH_SLOWER_THAN", 0.0)  # every next iteration computed ahead
    threads: list[str] = []
    real = colour_scale.magnitude

    def spy(values):  # type: ignore[no-untyped-def]
        threads.append(threading.current_thread().name)
        return real(values)

    monkeypatch.setattr(colour_scale, "magnitude", spy)
    w = open_window(qtbot, "two-conv-layers")
    s = w.session
    s.go_to(Cursor(len(s.trace), 0))
    assert s._ahead is not None
    s._ahead.join()
    assert "ConvStudio next iteration" in threads  # the worker worked them out
    threads.clear()
    assert s.move("element", +1) and s.iteration == 1  # into the iteration the worker computed
    it = s.trace.it
    assert "MainThread" not in threads  # not one scale worked out on the event loop (the worker
    # now computing the iteration after may be)
    assert set(it.scales) == set(it.values) | set(it.grads)
    views = {name: v for card in w.tensors.cards.values() for name, v in card.views.items()}
    assert views
    for name in views:
        if name != "y":
            want = colour_scale.tensor_scale(it.values, it.grads, it.new_params, name)
            assert it.scales[name] == want and views[name].scale() == want, name
