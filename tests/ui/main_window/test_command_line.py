"""The window from the command line: screenshots, an image opened, Qt's messages, instruments
that fit a 1024x768 screen."""

import os
import subprocess
import sys

import numpy as np
import pytest
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QApplication

from tests.ui.main_window.helpers import (
    ROOT,
    make_window,
    png_file,
)


def run(*args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    return subprocess.run(
        [sys.executable, "-m", "convstudio", *args],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip


def test_the_command_line_screenshot(tmp_path):
    shot = tmp_path / "shot.png"
    done = run("--screenshot", str(shot), "--steps", "12")
    assert done.returncode == 0, done.stderr
    image = QImage(str(shot))
    assert (image.width(), image.height()) == (1280, 800)
    colours = {image.pixel(x, y) for x in range(0, 1280, 7) for y in range(0, 800, 7)}
    assert len(colours) > 50  # panels, colours and text, not a blank window
    vermillion = QColor("#D55E00").rgb()  # the written cell's outline (dL/dW11) is drawn
    assert any(image.pixel(x, y) == vermillion for x in range(0, 1280, 2) for y in range(0, 800, 2))
    bad = run("--screenshot", str(shot), "--lesson", "nope")
    assert bad.returncode == 2
    assert bad.stderr.startswith("error: there is no lesson") and len(bad.stderr.strip().splitlines()) == 1
    broken = tmp_path / "broken.png"
    broken.write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(100))
    bad = run("--screenshot", str(shot), "--open", str(broken))
    assert bad.returncode == 2
    assert bad.stderr.startswith("error: ") and "broken.png" in bad.stderr
    assert len(bad.stderr.strip().splitlines()) == 1
    version = run("--version")
    assert version.returncode == 0 and version.stdout.startswith("ConvStudio ")


def test_the_command_line_opens_an_image(tmp_path):
    shot = tmp_path / "shot.png"
    picture = png_file(tmp_path / "blue.png", 12, 9, (20, 60, 200))
    done = run("--screenshot", str(shot), "--open", str(picture), "--projector", "--size", "1024x768")
    assert done.returncode == 0, done.stderr
    image = QImage(str(shot))
    assert (image.width(), image.height()) == (1024, 768)
    blue = QColor(20, 60, 200).rgb()  # the original, shown beside the input
    assert sum(image.pixel(x, y) == blue for x in range(0, 1024, 3) for y in range(0, 768, 3)) > 20


def test_a_screenshot_with_every_instrument_open_prints_nothing(tmp_path):
    """Offscreen, every dock laid out made Qt say "This plugin does not support
    propagateSizeHints()": the start-up drops exactly that line, so a run that went well is silent."""
    shot = tmp_path / "shot.png"
    done = run("--screenshot", str(shot), "--steps", "3", "--instrument", "all", "--projector")
    assert done.returncode == 0 and shot.stat().st_size > 0
    assert (done.stdout, done.stderr) == ("", "")


def test_every_other_qt_message_still_reaches_stderr():
    script = (
        "from PySide6.QtCore import qWarning, qCritical\n"
        "from convstudio.app import HARMLESS, quiet_qt_messages\n"
        "quiet_qt_messages()\n"
        "qWarning(HARMLESS)\n"
        "qWarning(HARMLESS + ' and more')\n"
        "qCritical('something else')\n"
    )
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", QT_MESSAGE_PATTERN="%{type}: %{message}")
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stderr.splitlines() == [
        "warning: This plugin does not support propagateSizeHints() and more",
        "critical: something else",
    ]  # formatted by the message pattern, as Qt's own handler would


def test_every_new_iteration_gets_its_own_colour_scales(qtbot, window, monkeypatch):
    """Scales are kept per trace. A freed trace's memory, and so its id(), can come back for the
    next trace (once in about 40 new windows): make every id() the same, and after each edit W
    must still be scaled by its own largest |W|, before or after the update."""
    from convstudio.ui.instruments.correlation import view as correlation_view
    from convstudio.ui.panels import tensor_panel

    for module in (tensor_panel, correlation_view):
        monkeypatch.setattr(module, "id", lambda _: 1, raising=False)
    window.show_instrument("correlation")
    s = window.session
    for value in (5.0, -8.0, 0.25):
        assert s.edit("W", (0, 0, 0, 0), value)  # a new trace of the same network
        trace = s.trace
        want = max(np.abs(trace.values["W"]).max(), np.abs(trace.it.new_params["W"]).max())
        assert window.tensors.view("W").scale() == pytest.approx(want), value
        corr = window.docks["correlation"].panel.corr
        np.testing.assert_array_equal(corr.w, trace.values["W"])


def test_a_screenshot_waits_for_the_instruments_and_can_follow_training(tmp_path):
    """The nudge experiment runs on a thread: the picture is taken once it has shown its result, so
    two runs draw the same window but for the measured times (CI compares the bundle's with the
    source's). --train runs whole iterations first."""
    shots = [tmp_path / f"nudge{k}.png" for k in (1, 2)]
    for shot in shots:
        done = run("--screenshot", str(shot), "--train", "3", "--steps", "2", "--instrument", "nudge")
        assert done.returncode == 0, done.stderr
    first, second = (QImage(str(s)).convertToFormat(QImage.Format.Format_RGB32) for s in shots)
    differ = sum(first.pixel(x, y) != second.pixel(x, y) for x in range(0, 1280, 2) for y in range(0, 800, 2))
    assert differ < 0.01 * 640 * 400
    bad = run("--screenshot", str(shots[0]), "--train", "-1")
    assert bad.returncode == 2 and "--train must be a whole number from 0 to 100,000, not -1" in bad.stderr


def test_the_screenshot_wait_ends_when_the_nudge_result_is_in(qtbot, window):
    from convstudio.app import wait_until

    panel = window.show_instrument("nudge").panel
    window.show()
    wait_until(QApplication.instance(), lambda: not panel.working)
    assert not panel.working and panel.result is not None
    assert panel.result.backprop == window.session.trace.grads["dW"][0, 0, 0, 0] == -0.75


@pytest.mark.parametrize("projector", [False, True])
def test_every_instrument_fits_a_1024_by_768_window(qtbot, projector):
    """A dock never widens the window past a small screen (it scrolls instead), and the nudge
    panel's one-weight box keeps the height its wrapped text needs above the tabs."""
    from convstudio.app import wait_until
    from convstudio.ui.instruments.registry import INSTRUMENTS

    window = make_window(qtbot, size=(1024, 768))
    if projector:
        window.act_projector.setChecked(True)
    for _ in range(12):
        window.session.move("element", 1)
    for instrument in INSTRUMENTS:
        dock = window.show_instrument(instrument.key)
        panel = dock.panel
        wait_until(QApplication.instance(), lambda p=panel: not getattr(p, "working", False))
        QApplication.processEvents()
        assert window.width() == 1024, instrument.key
        assert window.centralWidget().width() >= window.centralWidget().minimumSizeHint().width()
        if instrument.key == "nudge":
            assert panel.one.geometry().bottom() < panel.tabs.geometry().top()
            assert panel.one.height() >= panel.one.heightForWidth(panel.one.width())
        window.show_instrument(instrument.key, False)
