"""The one worker mechanism: jobs run on their own threads, report on the GUI thread, can be
cancelled, and are all stopped and joined together."""

from __future__ import annotations

import threading
import time

import pytest

from convstudio.session import workers
from convstudio.session.workers import Jobs


@pytest.fixture
def jobs(qapp):
    owner = Jobs()
    yield owner
    owner.stop()
    owner.deleteLater()


def test_a_job_reports_progress_and_its_result_on_the_gui_thread(qtbot, jobs):
    seen: list[tuple[str, object]] = []

    def count(job, n):
        for i in range(n):
            job.report(i)
        return threading.current_thread().name

    job = jobs.submit(
        count, 3, name="ConvStudio test",
        on_progress=lambda v: seen.append((threading.current_thread().name, v)),
        on_done=lambda r: seen.append((threading.current_thread().name, r)),
    )  # fmt: skip
    qtbot.waitUntil(lambda: len(seen) == 4, timeout=5000)
    assert seen == [
        ("MainThread", 0),
        ("MainThread", 1),
        ("MainThread", 2),
        ("MainThread", "ConvStudio test"),
    ]
    assert not job.is_alive() and job.result == "ConvStudio test"


def test_an_expected_error_goes_to_on_error(qtbot, jobs):
    errors: list[BaseException] = []

    def fail(job):
        raise ValueError("no")

    jobs.submit(fail, name="ConvStudio test", on_error=errors.append, errors=(ValueError,))
    qtbot.waitUntil(lambda: bool(errors), timeout=5000)
    assert str(errors[0]) == "no"


def test_a_cancelled_job_stops_at_its_next_check_and_delivers_nothing(qtbot, jobs):
    done: list[object] = []
    started = threading.Event()

    def forever(job):
        started.set()
        while not job.cancelled:
            time.sleep(0.001)
        return "stopped"

    job = jobs.submit(forever, name="ConvStudio test", on_done=done.append)
    assert started.wait(5)
    assert jobs.running() == [job]
    job.cancel()
    job.join(5)
    qtbot.wait(50)
    assert not job.is_alive() and job.result == "stopped" and done == []


def test_stop_all_cancels_and_joins_every_job_of_every_owner(qapp, jobs):
    other = Jobs()
    began = threading.Barrier(3)

    def forever(job):
        began.wait(5)
        while not job.cancelled:
            time.sleep(0.001)

    running = [jobs.submit(forever, name="ConvStudio a"), other.submit(forever, name="ConvStudio b")]
    began.wait(5)
    workers.stop_all()
    assert not any(job.is_alive() for job in running) and all(job.cancelled for job in running)
    other.deleteLater()


def test_a_job_running_hands_the_gil_back_to_the_gui_thread_within_half_a_millisecond(qtbot, jobs):
    import sys

    job = jobs.submit(lambda job: 1, name="ConvStudio test job")  # its owner outlives it (a session)
    job.join()
    assert sys.getswitchinterval() <= workers.GIL_SWITCH <= 0.001
