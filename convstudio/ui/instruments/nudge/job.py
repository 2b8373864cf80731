"""The nudge panel's background job: a thread that runs a generator and hands its items over a queue."""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterator
from typing import Any

DONE = object()


class Job(threading.Thread):
    """Runs a generator away from the event loop, handing each item over through a queue.

    It reads only arrays the session never modifies in place, and stops before the next item when
    asked; an error becomes an item too, for the panel to show."""

    def __init__(self, kind: str, work: Iterator[tuple[Any, ...]]) -> None:
        super().__init__(name=f"ConvStudio nudge ({kind})", daemon=True)
        self._work = work
        self._halt = threading.Event()
        self.results: queue.SimpleQueue[object] = queue.SimpleQueue()

    def run(self) -> None:
        try:
            for item in self._work:
                if self._halt.is_set():
                    return
                self.results.put(item)
        except Exception as error:  # shown in the panel; the window carries on
            self.results.put(error)
        self.results.put(DONE)

    def stop(self) -> None:
        self._halt.set()

    def take(self, most: int = 1 << 30) -> list[object]:
        out: list[object] = []
        while len(out) < most:
            try:
                out.append(self.results.get_nowait())
            except queue.Empty:
                break
        return out
