"""A network the window cannot show yet, named on the command line, is refused with its reason."""

from __future__ import annotations

import os
import subprocess
import sys


def test_a_deep_lesson_on_the_command_line_exits_2_with_the_reason(tmp_path):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    shot = tmp_path / "shot.png"
    args = [sys.executable, "-m", "convstudio", "--lesson", "two-conv-layers", "--screenshot", str(shot)]
    run = subprocess.run(args, capture_output=True, text=True, env=env, timeout=120)
    assert run.returncode == 2
    assert "two-conv-layers" in run.stderr and "cannot be shown yet" in run.stderr
    assert not shot.exists()
