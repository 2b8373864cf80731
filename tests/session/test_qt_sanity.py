"""Guards against a Qt binding that corrupts the interpreter: every panel update is a signal."""

import gc
import sys

from PySide6.QtCore import QObject, Signal


class _Emitter(QObject):
    plain = Signal()
    flag = Signal(bool)


def test_emitting_signals_leaves_reference_counts_alone(qtbot):
    # PySide6 6.12.0 dropped a reference to True on every emit; after enough steps the
    # interpreter aborts ("bool_dealloc"). pyproject.toml excludes it; this keeps it out.
    # The garbage collector stays out of it: objects of earlier tests freed meanwhile (a Spec
    # with bias=False) would change the counts too.
    emitter = _Emitter()
    seen = []
    emitter.flag.connect(seen.append)
    gc.collect()
    gc.disable()
    try:
        before = sys.getrefcount(True), sys.getrefcount(False)
        for _ in range(1000):
            emitter.plain.emit()
            emitter.flag.emit(False)
        assert (sys.getrefcount(True), sys.getrefcount(False)) == (before[0], before[1] + 1000)
        seen.clear()
        assert (sys.getrefcount(True), sys.getrefcount(False)) == before
    finally:
        gc.enable()
