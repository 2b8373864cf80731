"""NumPy's BLAS runs on one thread once the engine is imported (unless the user chose otherwise):
the window keeps a core while a worker computes."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from convstudio.engine import blas

ROOT = Path(__file__).resolve().parents[2]
ASK = "import numpy; import convstudio.engine; from convstudio.engine import blas; print(blas.threads())"


def threads_in_a_fresh_process(**env: str) -> str:
    clean = {k: v for k, v in os.environ.items() if k not in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS")}
    clean["PYTHONPATH"] = str(ROOT)
    run = subprocess.run(
        [sys.executable, "-c", ASK], capture_output=True, text=True, env=clean | env, timeout=60, cwd=ROOT
    )
    assert run.returncode == 0, run.stderr
    return run.stdout.strip()


def test_importing_the_engine_puts_blas_on_one_thread():
    assert threads_in_a_fresh_process() == "1"


def test_a_users_thread_count_is_kept():
    assert threads_in_a_fresh_process(OPENBLAS_NUM_THREADS="2") == "2"


def test_this_process_runs_blas_on_one_thread():
    assert blas.threads() == 1
    assert blas.one_thread()
