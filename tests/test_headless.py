"""``convstudio --train N`` without ``--screenshot`` trains on the terminal, with no Qt: it reports the
loss and accuracy, saves a session the window opens, stops cleanly on Ctrl+C and says when training
diverged."""

from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
from pathlib import Path

import numpy as np

from convstudio import cli, headless
from convstudio.engine import fit, lessons
from convstudio.io import sessionfile

ROOT = Path(__file__).resolve().parents[1]

LESSON = """
title = "A lesson of one's own"

[spec]
height = 4
width = 4
filters = 2
kernel = [2, 2]
bias = true
activation = "{activation}"
pooling = "global_avg"
loss = "mse"
lr = {lr}
momentum = {momentum}

[data]
images = "blocks"
seed = 3
target = [[0.5, -0.25]]

[weights]
seed = 1

[text]
intro = "Two filters."
"""


def run(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "convstudio", *args],
        cwd=ROOT, capture_output=True, text=True, timeout=timeout,
    )  # fmt: skip


def lesson_file(tmp_path: Path, lr: float = 0.1, momentum: float = 0.0, activation: str = "relu") -> Path:
    path = tmp_path / "own.toml"
    path.write_text(LESSON.format(lr=lr, momentum=momentum, activation=activation), encoding="utf-8")
    return path


def test_training_on_the_terminal_reports_and_saves_a_session_that_continues(tmp_path):
    saved = tmp_path / "first.convstudio"
    done = run("--lesson", "worked-example", "--train", "30", "--save", str(saved))
    assert done.returncode == 0, done.stderr
    assert "final loss" in done.stdout and f"saved {saved}" in done.stdout
    assert "accuracy" not in done.stdout  # a regression lesson has none
    state, text = sessionfile.load_state(saved)
    assert (state.iteration, len(state.losses), state.lesson) == (30, 30, "worked-example")
    assert text == lessons.load("worked-example").text
    again = tmp_path / "again.convstudio"
    done = run("--open", str(saved), "--train", "20", "--save", str(again))
    assert done.returncode == 0, done.stderr
    more, _ = sessionfile.load_state(again)
    assert (more.iteration, len(more.losses)) == (50, 50)
    np.testing.assert_array_equal(np.asarray(more.losses)[:30], np.asarray(state.losses))
    model = lessons.load("worked-example").model()
    np.testing.assert_array_equal(np.asarray(more.losses), model.train(50))
    current = more.snapshot(50)
    assert current is not None
    np.testing.assert_array_equal(current.params["W"], model.params["W"])


def test_a_classifier_reports_its_accuracy_as_percentages():
    done = run("--lesson", "bars-classifier", "--train", "40")
    assert done.returncode == 0, done.stderr
    model = lessons.load("bars-classifier").model()
    model.train(40)
    assert f"train accuracy {100 * model.accuracy():.1f}% (16 images)" in done.stdout
    assert "test accuracy" in done.stdout
    assert f"final loss {model.loss():.6g}" in done.stdout


def test_momentum_is_carried_as_the_window_carries_it(tmp_path):
    saved = tmp_path / "m.convstudio"
    args = cli.parse_args(
        ["--open", str(lesson_file(tmp_path, momentum=0.9)), "--train", "12", "--save", str(saved)]
    )
    assert headless.main(args) == headless.OK
    state, _ = sessionfile.load_state(saved)
    model = lessons.load_file(lesson_file(tmp_path, momentum=0.9)).model()
    model.train(12)
    snap = state.snapshot(12)
    assert snap is not None and set(snap.velocity) == set(model.velocity) == {"W", "b"}
    for name in ("W", "b"):
        np.testing.assert_array_equal(snap.params[name], model.params[name])
        np.testing.assert_array_equal(snap.velocity[name], model.velocity[name])


def test_no_qt_is_imported_on_the_way():
    code = (
        "import sys; from convstudio.app import main; rc = main(['--train', '3']); "
        "qt = [m for m in sys.modules if m.startswith(('PySide6', 'shiboken6', 'pyqtgraph'))]; "
        "print(qt or 'none'); "
        "sys.exit(rc)"
    )
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-1] == "none"


def test_ctrl_c_stops_after_the_iteration_saves_and_exits_130(tmp_path):
    saved = tmp_path / "stopped.convstudio"
    process = subprocess.Popen(
        [sys.executable, "-m", "convstudio", "--lesson", "edge-detector", "--train", "100000",
         "--save", str(saved)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        first = process.stdout.readline()
        assert first.startswith("iteration 1 "), first
        process.send_signal(signal.SIGINT)
        out, err = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == headless.INTERRUPTED, err
    assert "stopped by Ctrl+C after" in out and "Traceback" not in err
    state, _ = sessionfile.load_state(saved)
    assert 1 <= state.iteration < 100_000 and len(state.losses) == state.iteration
    assert f"iterations in the session: {state.iteration:,}" in out


def test_a_diverging_run_says_so_exits_1_and_saves_what_it_had(tmp_path):
    saved = tmp_path / "diverged.convstudio"
    done = run(
        "--open",
        str(lesson_file(tmp_path, lr=1e6, activation="none")),
        "--train",
        "1000",
        "--save",
        str(saved),
    )
    assert done.returncode == headless.FAILED
    assert "diverged" in done.stderr and "learning rate" in done.stderr
    state, _ = sessionfile.load_state(saved)
    assert 0 <= state.iteration < 1000 and np.isfinite(np.asarray(state.losses)).all()
    snap = state.snapshot(state.iteration)
    assert snap is not None and all(np.isfinite(v).all() for v in snap.params.values())


def test_what_cannot_be_trained_gets_one_line_and_status_2(tmp_path):
    done = run("--lesson", "nope", "--train", "5")
    assert done.returncode == 2 and done.stderr.startswith("error: there is no lesson")
    assert len(done.stderr.strip().splitlines()) == 1
    image = tmp_path / "picture.png"
    image.write_bytes(b"\x89PNG\r\n\x1a\n")
    done = run("--open", str(image), "--train", "5")
    assert (
        done.returncode == 2 and "picture.png" in done.stderr and len(done.stderr.strip().splitlines()) == 1
    )


def test_a_session_that_cannot_be_written_is_an_error(tmp_path):
    (tmp_path / "a-file").write_text("not a folder")
    done = run("--train", "2", "--save", str(tmp_path / "a-file" / "x.convstudio"))
    assert done.returncode == headless.FAILED and "could not be saved" in done.stderr


def _progress(total: int, done: int) -> fit.Progress:
    return fit.Progress(done, total, done - 1, 0, 0.5)


def test_on_a_terminal_the_progress_is_one_line_rewritten():
    out = io.StringIO()
    line = headless.ProgressLine(out, tty=True)
    for k in range(1, 6):
        line(_progress(5, k))
    assert "\n" not in out.getvalue() and out.getvalue().startswith("\r")
    assert out.getvalue().endswith("iteration 5 (5 of 5), epoch 1, loss 0.5")
    line.close()
    assert out.getvalue().endswith("\n")


def test_elsewhere_the_progress_is_a_line_every_tenth_of_the_run():
    out = io.StringIO()
    line = headless.ProgressLine(out, tty=False)
    for k in range(1, 1001):
        line(_progress(1000, k))
    line.close()
    done = [int(row.split("(")[1].split(" ")[0].replace(",", "")) for row in out.getvalue().splitlines()]
    assert done == [1, 100, 200, 300, 400, 500, 600, 700, 800, 900, 1000]


def test_an_environment_without_a_terminal_still_gets_plain_lines():
    done = run("--train", "10", timeout=60)
    assert done.returncode == 0 and "\r" not in done.stdout
    assert os.linesep.join(done.stdout.splitlines()[:1]).startswith("iteration 1 (1 of 10)")
