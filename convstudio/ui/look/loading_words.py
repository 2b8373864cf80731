"""The words for what loading a picture did to it on its way to the network's input."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QCoreApplication


def _tr(text: str) -> str:
    return QCoreApplication.translate("ImageLoading", text)


def what_loading_did(rgb: np.ndarray, height: int, width: int, channels: int) -> str:
    """One sentence: how an (H, W, 3) picture became a ``channels`` x ``height`` x ``width`` input
    (kept, shrunk by averaging, enlarged by interpolation, stretched, made grey)."""
    h, w = rgb.shape[:2]
    parts = []
    if (h, w) == (height, width):
        parts.append(_tr("kept at {w}×{h} pixels").format(w=w, h=h))
    else:
        shrunk, grown = (height < h or width < w), (height > h or width > w)
        how = (
            _tr("averaged down")
            if shrunk and not grown
            else _tr("interpolated up")
            if grown and not shrunk
            else _tr("resampled")
        )
        parts.append(_tr("{how} from {w}×{h} to {W}×{H} pixels").format(how=how, w=w, h=h, W=width, H=height))
        if abs(w / h - width / height) > 0.01 * width / height:
            parts.append(_tr("stretched to the input's shape"))
    colour = rgb.ndim == 3 and not (
        np.allclose(rgb[..., 0], rgb[..., 1]) and np.allclose(rgb[..., 1], rgb[..., 2])
    )
    if channels == 1 and colour:
        parts.append(_tr("made grey by luminance"))
    elif channels == 3:
        parts.append(_tr("red, green and blue as 3 channels"))
    return _tr("Loading: {what}.").format(what=", ".join(parts))
