"""The words for what loading a picture did to it on its way to the network's input."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QCoreApplication


def what_loading_did(rgb: np.ndarray, height: int, width: int, channels: int) -> str:
    """One sentence: how an (H, W, 3) picture became a ``channels`` x ``height`` x ``width`` input
    (kept, shrunk by averaging, enlarged by interpolation, stretched, made grey)."""
    h, w = rgb.shape[:2]
    parts = []
    if (h, w) == (height, width):
        parts.append(QCoreApplication.translate("ImageLoading", "kept at {w}×{h} pixels").format(w=w, h=h))
    else:
        shrunk, grown = (height < h or width < w), (height > h or width > w)
        how = (
            QCoreApplication.translate("ImageLoading", "averaged down")
            if shrunk and not grown
            else QCoreApplication.translate("ImageLoading", "interpolated up")
            if grown and not shrunk
            else QCoreApplication.translate("ImageLoading", "resampled")
        )
        parts.append(
            QCoreApplication.translate("ImageLoading", "{how} from {w}×{h} to {W}×{H} pixels").format(
                how=how, w=w, h=h, W=width, H=height
            )
        )
        if abs(w / h - width / height) > 0.01 * width / height:
            parts.append(QCoreApplication.translate("ImageLoading", "stretched to the input's shape"))
    colour = rgb.ndim == 3 and not (
        np.allclose(rgb[..., 0], rgb[..., 1]) and np.allclose(rgb[..., 1], rgb[..., 2])
    )
    if channels == 1 and colour:
        parts.append(QCoreApplication.translate("ImageLoading", "made grey by luminance"))
    elif channels == 3:
        parts.append(QCoreApplication.translate("ImageLoading", "red, green and blue as 3 channels"))
    return QCoreApplication.translate("ImageLoading", "Loading: {what}.").format(what=", ".join(parts))
