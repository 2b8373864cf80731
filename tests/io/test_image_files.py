"""Images: a real one reads exactly, a bad one gets one clear message, and conversion to the
network's input."""

from __future__ import annotations

import os
import time
import tracemalloc

import numpy as np
import pytest

from convstudio.engine.spec import Spec
from convstudio.io import images
from convstudio.io.images import ImageError
from tests.io.bad_bytes import cut, idat, png_header, save_image, sparse, write_file

# --- images ----------------------------------------------------------------------------------


def test_a_real_image_reads_exactly(qapp, tmp_path):
    rgb = images.read_image(save_image(tmp_path, "a.png", 41, 30))  # odd width: rows are padded in memory
    assert rgb.shape == (30, 41, 3)
    assert rgb[2, 3, 0] == pytest.approx(18 / 255) and rgb[2, 3, 1] == pytest.approx(16 / 255)
    assert rgb[:, :, 2] == pytest.approx(120 / 255)
    for fmt in ("JPEG", "BMP"):
        assert images.read_image(save_image(tmp_path, f"a.{fmt.lower()}", fmt=fmt)).shape == (30, 40, 3)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda d: d / "missing.png", "missing.png does not exist"),
        (lambda d: d, "is a folder"),
        (lambda d: write_file(d / "empty.png", b""), "empty.png is empty (0 bytes)"),
        (
            lambda d: write_file(d / "noise.png", os.urandom(4000)),
            "noise.png is not an image ConvStudio can read",
        ),
        (lambda d: cut(save_image(d, "cut.png", 200, 200), 0.5), "cut.png is cut short"),
        (lambda d: cut(save_image(d, "cut.jpg", 200, 200, "JPEG"), 0.3), "cut.jpg is cut short"),
        (
            lambda d: write_file(d / "giant.png", png_header(20000, 20000) + idat()),
            "claims 20000x20000 pixels",
        ),
        (lambda d: write_file(d / "header.png", png_header(20000, 20000)), "header.png is cut short"),
        (lambda d: sparse(d / "huge.png", 60 * 1024 * 1024), "huge.png is 63 MB"),
    ],
)
def test_a_bad_image_gets_one_clear_message(qapp, tmp_path, make, message):
    path = make(tmp_path)
    tracemalloc.start()
    started = time.perf_counter()
    with pytest.raises(ImageError) as caught:
        images.read_image(path)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)
    assert time.perf_counter() - started < 2  # refused before any giant decode
    assert peak < 20 * 1024 * 1024


def test_conversion_to_the_network_input():
    rgb = np.zeros((4, 6, 3))
    rgb[..., 0] = 1.0  # pure red
    gray = images.to_input(rgb, 2, 3, 1)
    np.testing.assert_allclose(gray, np.full((1, 2, 3), 0.299))
    colour = images.to_input(rgb, 8, 12, 3)  # growing: bilinear
    np.testing.assert_allclose(colour[0], 1.0)
    np.testing.assert_allclose(colour[1:], 0.0)
    ramp = np.linspace(0, 1, 6)[None, :, None] * np.ones((4, 6, 3))
    shrunk = images.to_input(ramp, 1, 2, 1)  # area averaging keeps the mean of each half
    np.testing.assert_allclose(shrunk[0, 0], [ramp[0, :3, 0].mean(), ramp[0, 3:, 0].mean()])
    with pytest.raises(ImageError, match="1 \\(gray\\) or 3 \\(RGB\\)"):
        images.to_input(rgb, 2, 2, 2)


def test_load_input_fills_the_batch(qapp, tmp_path):
    spec = Spec(height=5, width=5, channels=3, batch=2)
    rgb, x = images.load_input(save_image(tmp_path, "b.png"), spec)
    assert rgb.shape == (30, 40, 3) and x.shape == (2, 3, 5, 5)
    np.testing.assert_array_equal(x[0], x[1])
    assert x.min() >= 0 and x.max() <= 1
