"""Every test runs headless. Nothing here imports Qt: the engine tests must run without it."""

import os
import sys

import pytest
from hypothesis import settings

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("LANG", "C.UTF-8")

# No per-example deadline: a shared 2-core CI machine may pause any example for longer than the
# default 200 ms, and a slow example is not a wrong one (the benchmarks watch speed).
settings.register_profile("convstudio", deadline=None)
settings.load_profile("convstudio")


@pytest.fixture(autouse=True)
def jobs_stopped():
    """No job a test started outlives it: one left training would race the next test (and exit)."""
    yield
    workers = sys.modules.get("convstudio.session.workers")  # never imported: no job ran, no Qt needed
    if workers is not None:
        workers.stop_all()
