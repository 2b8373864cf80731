"""The path gradient descent takes, drawn on the landscape's map and clipped to its view."""

from __future__ import annotations

import math

import numpy as np

from convstudio.engine.landscape_map import clip_path
from convstudio.ui.instruments.landscape.plot import MAX_ARROWS

MAX_DOTS = 400


class PathDrawing:
    """Draws the path, its start and current point, this iteration's step and the exits."""

    def _on_map(self, point: np.ndarray) -> np.ndarray:
        """Whether each point (..., 2) lies in the view."""
        x0, x1, y0, y1 = self._view_rect()
        return (point[..., 0] >= x0) & (point[..., 0] <= x1) & (point[..., 1] >= y0) & (point[..., 1] <= y1)

    def _draw_path(self) -> None:
        path = self.path
        rect = self._view_rect()
        finite = path[np.isfinite(path).all(axis=1)]
        inside = finite[self._on_map(finite)]
        pairs, where, direction = clip_path(path, rect)
        self.path_under.setData(pairs[:, 0], pairs[:, 1], connect="pairs")
        self.path_line.setData(pairs[:, 0], pairs[:, 1], connect="pairs")
        if len(inside) <= MAX_DOTS:
            self.path_dots.setData(inside[:, 0], inside[:, 1])
        else:  # a long run: the line alone reads better than a string of beads
            self.path_dots.clear()
        first = finite[:1] if len(path) > 1 else finite[:0]
        self.start_marker.setData(first[:, 0], first[:, 1])
        current = path[-1:]
        self.marker.setData(current[:, 0], current[:, 1])
        where, direction = where[-MAX_ARROWS:], direction[-MAX_ARROWS:]
        for k, arrow in enumerate(self.arrows):
            if k < len(where):
                # The arrow is drawn in pixels (y down) and points left at angle 0.
                arrow.setStyle(angle=math.degrees(math.atan2(direction[k, 1], -direction[k, 0])))
                arrow.setPos(where[k, 0], where[k, 1])
                arrow.show()
            else:
                arrow.hide()
        self.off_map = len(finite) - len(inside)

    def _cursor_moved(self) -> None:
        """During the update phase the picked weights take their new values one at a time: a dashed
        line shows the step from the current point to where the weights are now."""
        s = self.session
        if self.picks is None or not self.isVisible() or s.training or not len(self.path):
            return
        if s.trace.it.number != s.iteration:
            return
        now = np.array([float(s.value(t)[i]) for t, i in self.picks])
        start = self.path[-1]
        if np.array_equal(now, start) or not np.isfinite(now).all():
            self.step_line.setData([], [])
            self.step_marker.clear()
            return
        piece, _, _ = clip_path(np.array([start, now]), self._view_rect())  # a diverging step is huge
        self.step_line.setData(piece[:, 0], piece[:, 1])
        shown = now[None] if self._on_map(now) else np.zeros((0, 2))
        self.step_marker.setData(shown[:, 0], shown[:, 1])
