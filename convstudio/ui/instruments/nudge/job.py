"""The nudge panel's background work: a generator run as one of the session's jobs, its items
handed over through a queue the panel polls."""

from __future__ import annotations

import queue
from collections.abc import Iterator
from typing import Any

from convstudio.session.workers import Job, Jobs

DONE = object()


class Feed:
    """A generator run as a session job, handing each item over through a queue that the panel
    polls (a check's rows come faster than the panel should redraw).

    It reads only arrays the session never modifies in place, and stops before the next item when
    cancelled; an error becomes an item too, for the panel to show."""

    def __init__(self, jobs: Jobs, kind: str, work: Iterator[tuple[Any, ...]]) -> None:
        self.results: queue.SimpleQueue[object] = queue.SimpleQueue()
        self._job = jobs.submit(self._run, work, name=f"ConvStudio nudge ({kind})")

    def _run(self, job: Job, work: Iterator[tuple[Any, ...]]) -> None:
        try:
            for item in work:
                if job.cancelled:
                    return
                self.results.put(item)
        except Exception as error:  # shown in the panel; the window carries on
            self.results.put(error)
        self.results.put(DONE)

    def stop(self) -> None:
        self._job.cancel()

    def take(self, most: int = 1 << 30) -> list[object]:
        out: list[object] = []
        while len(out) < most:
            try:
                out.append(self.results.get_nowait())
            except queue.Empty:
                break
        return out
