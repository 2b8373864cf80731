"""The classifier instrument on the digits lesson: the accuracy curves follow training, the confusion
matrix counts every test image once and its cells list exactly the images they count, the gallery
shows the first layer's filters as they are now, and a misclassified image is one click from being
the image the trace steps through."""

from __future__ import annotations

import itertools

import numpy as np
from PySide6.QtCore import Qt

from convstudio.engine import fit, lessons
from convstudio.ui.instruments.classifier.filter_gallery import filter_picture
from convstudio.ui.instruments.classifier.view import ClassifierView
from tests.ui.windows import open_window

TRAINED = 60


def _trained_view(qtbot, count=TRAINED):
    window = open_window(qtbot, lesson="digits", size=(1280, 800))
    view = window.show_instrument("classifier").panel
    assert isinstance(view, ClassifierView)
    session = window.session
    # In two runs, each measured before the next: at least two points however busy the machine is
    # (one run can end before the first measurement would start).
    for part in (count // 2, count - count // 2):
        with qtbot.waitSignal(session.training_finished, timeout=60_000):
            session.train(part)
        view.wait()
    return window, view, session


def _predicted(session, test):
    snap = session.state().snapshot(session.iteration)
    return fit.predicted(session.network, snap.params, test[0], snap.opt_state)


def test_the_confusion_matrix_counts_each_test_image_once_and_a_cell_lists_exactly_its_images(qtbot):
    _, view, session = _trained_view(qtbot)
    test = lessons.load("digits").test
    assert test is not None
    predicted = _predicted(session, test)
    counts = view.table.counts()
    assert counts.sum() == len(test[1]) == 359
    for true in range(10):
        for guess in range(10):
            assert counts[true, guess] == np.count_nonzero((test[1] == true) & (predicted == guess))
    true, guess = max(
        ((t, g) for t in range(10) for g in range(10) if t != g), key=lambda cell: counts[cell]
    )  # the most common mistake: a cell with images in it
    assert counts[true, guess] > 0
    expected = [i for i in range(len(test[1])) if test[1][i] == true and predicted[i] == guess]
    assert view.cell_images.indices() == expected  # before any click: the most common mistake
    true, guess = 3, 3  # a right answer's cell, clicked
    rect = view.table.visualItemRect(view.table.item(true, guess))
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    shown = view.cell_images.indices()
    assert shown == [i for i in range(len(test[1])) if test[1][i] == true and predicted[i] == guess]
    assert str(counts[true, guess]) in view.cell_caption.text()


def test_the_accuracy_curves_are_measured_while_training_and_end_at_the_current_weights(qtbot):
    _, view, session = _trained_view(qtbot)
    iterations, train, test = view.plot.data()
    assert len(iterations) >= 2 and iterations[-1] == session.iteration == TRAINED
    assert np.all(np.diff(iterations) > 0)
    lesson = lessons.load("digits")
    snap = session.state().snapshot(session.iteration)
    assert test[-1] == 100 * fit.accuracy(session.network, snap.params, *lesson.test, snap.opt_state)
    data = session.data
    assert train[-1] == 100 * fit.accuracy(session.network, snap.params, data.images, data.targets)
    state = session.state()
    for n, train_percent, test_percent in zip(iterations, train, test, strict=True):  # each along the way
        kept = state.snapshot(int(n))
        assert test_percent == 100 * fit.accuracy(session.network, kept.params, *lesson.test, kept.opt_state)
        assert train_percent == 100 * fit.accuracy(session.network, kept.params, data.images, data.targets)
    assert test[-1] > 80


def test_the_gallery_shows_the_first_layers_filters_of_the_current_iteration(qtbot):
    _, view, session = _trained_view(qtbot, count=5)
    weights = session.params["0.weight"]
    assert len(view.gallery.pictures) == 8
    assert view.gallery.scale == np.abs(weights).max()
    for k, label in enumerate(view.gallery.pictures):
        expected = filter_picture(weights[k], view.gallery.scale).toImage()
        assert label.pixmap().toImage() == expected
    first = view.gallery.pictures[0].pixmap().toImage()
    with qtbot.waitSignal(session.training_finished, timeout=60_000):
        session.train(5)
    later = filter_picture(session.params["0.weight"][0], np.abs(session.params["0.weight"]).max()).toImage()
    assert later != first
    qtbot.waitUntil(lambda: view.gallery.pictures[0].pixmap().toImage() == later)  # it follows training


def test_a_click_on_a_misclassified_image_makes_it_image_1_of_the_batch_the_trace_steps_through(qtbot):
    _, view, session = _trained_view(qtbot)
    test = lessons.load("digits").test
    assert test is not None
    predicted = _predicted(session, test)
    wrong = [i for i in range(len(test[1])) if predicted[i] != test[1][i]]
    assert view.wrong.indices() == wrong[: len(view.wrong.indices())] and wrong
    pick = wrong[0]
    assert view.wrong.item(0).text() == f"{test[1][pick]}→{predicted[pick]}"  # digits named as digits
    iteration, losses = session.iteration, list(session.losses)
    rect = view.wrong.visualItemRect(view.wrong.item(0))
    qtbot.mouseClick(view.wrong.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert session.iteration == iteration and list(session.losses) == losses  # nothing trained is lost
    np.testing.assert_array_equal(session.x[0], test[0][pick])
    assert session.target[0] == test[1][pick]
    np.testing.assert_array_equal(session.trace.values["x"][0], test[0][pick])
    session.undo_stack.undo()
    assert not np.array_equal(session.x[0], test[0][pick])


def test_a_lesson_without_test_images_gets_a_sentence_instead(qtbot):
    window = open_window(qtbot, lesson="two-conv-layers", size=(1280, 800))
    view = window.show_instrument("classifier").panel
    assert view.empty.isVisibleTo(view) and not view.body.isVisibleTo(view)
    assert "Handwritten digits" in view.empty.text()


def test_at_1024x768_the_classifier_stacks_its_parts_and_does_not_scroll_sideways(qtbot):
    window = open_window(qtbot, lesson="digits", size=(1024, 768))
    dock = window.show_instrument("classifier")
    view = dock.panel
    qtbot.waitUntil(lambda: view._narrow is True)
    qtbot.wait(100)  # the dock's scroll area settles
    assert dock.widget().horizontalScrollBar().maximum() == 0
    parts = [view.table, view.cell_caption, view.cell_images, view.gallery, view.wrong_caption, view.wrong]
    for upper, lower in itertools.pairwise(parts):  # one under the other, none over another
        assert upper.geometry().bottom() < lower.geometry().top(), (upper, lower)
    assert view.table.width() >= 0.9 * view.width()  # the whole width for the ten columns
    wide = open_window(qtbot, lesson="digits", size=(1280, 800)).show_instrument("classifier").panel
    qtbot.waitUntil(lambda: wide._narrow is False)  # at 1280x800, side by side as before
    qtbot.wait(100)
    assert wide.table.geometry().right() < wide.cell_images.geometry().left()
