"""No thread a test started outlives it: one left training would race the next test (and exit)."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def threads_stopped():
    yield
    from convstudio.session.session import stop_threads

    stop_threads()
