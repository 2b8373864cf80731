"""A deep lesson named on the command line opens, steps and is saved as a screenshot."""

from __future__ import annotations

import os
import subprocess
import sys


def test_a_deep_lesson_on_the_command_line_takes_its_steps_and_saves_the_window(tmp_path):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    shot = tmp_path / "shot.png"
    args = [sys.executable, "-m", "convstudio", "--lesson", "two-conv-layers", "--screenshot", str(shot)]
    run = subprocess.run([*args, "--steps", "40"], capture_output=True, text=True, env=env, timeout=120)
    assert run.returncode == 0, run.stderr
    assert "Traceback" not in run.stderr
    assert shot.stat().st_size > 10_000
