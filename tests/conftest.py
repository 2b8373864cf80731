"""Every test runs headless. Nothing here imports Qt: the engine tests must run without it."""

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("LANG", "C.UTF-8")
