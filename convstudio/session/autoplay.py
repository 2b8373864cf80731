"""Autoplay: a QTimer on the event loop steps the session's cursor forward until paused."""

from __future__ import annotations

from PySide6.QtCore import QTimer


class Autoplay:
    """The session's autoplay (a part of :class:`Session`, kept apart)."""

    def _init_autoplay(self) -> None:
        self._play_timer = QTimer(self)
        self._play_timer.timeout.connect(self._play_tick)
        self._play_unit = "element"

    @property
    def playing(self) -> bool:
        return self._play_timer.isActive()

    def play(self, steps_per_second: float = 4.0, unit: str = "element") -> None:
        """Step forward by ``unit`` on a timer, 1 to 60 steps a second, until paused."""
        self._play_unit = unit
        self.set_speed(steps_per_second)
        if not self.playing:
            self._play_timer.start()
            self.playing_changed.emit(True)

    def set_speed(self, steps_per_second: float) -> None:
        rate = min(max(float(steps_per_second), 1.0), 60.0)
        self._play_timer.setInterval(round(1000 / rate))

    def pause(self) -> None:
        if self.playing:
            self._play_timer.stop()
            self.playing_changed.emit(False)

    def _play_tick(self) -> None:
        if not self.move(self._play_unit, +1):
            self.pause()
