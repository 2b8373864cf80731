"""NumPy's BLAS on one thread: the engine's matrix products share the machine with the window.

On the largest deep network the window accepts, OpenBLAS's second thread made an iteration no
faster (9.8 s either way on 2 cores) but took a whole core: while the next iteration was computed
ahead, the worker, that thread and the event loop shared two cores, and a step of the window took
2.4 times its CPU time (a median of 21 ms for 8.8 ms of work). One thread also gives the same sums
wherever an iteration runs: OpenBLAS splits some products differently on two threads, and the last
bits of a result depended on how many it had. A user's ``OPENBLAS_NUM_THREADS`` or
``OMP_NUM_THREADS`` is left as set.
"""

from __future__ import annotations

import ctypes
import os
import sys
from pathlib import Path

import numpy as np

#: The OpenBLAS entry points, as NumPy's wheels (scipy-openblas, 64-bit integers) or a plain
#: OpenBLAS name them.
_NAMES = ("scipy_openblas{}64_", "openblas{}64_", "openblas{}")
_lib: ctypes.CDLL | None = None
_searched = False


def _candidates() -> list[str]:
    """Paths of the OpenBLAS NumPy loaded: from the process's mappings where the system lists them,
    else beside NumPy, where its wheels keep it."""
    found: list[str] = []
    maps = Path("/proc/self/maps")
    if sys.platform.startswith("linux") and maps.exists():
        for line in maps.read_text().splitlines():
            parts = line.split(maxsplit=5)  # address, permissions, offset, device, inode, path
            path = parts[5] if len(parts) == 6 else ""
            if "openblas" in Path(path).name.lower() and path not in found:
                found.append(path)
    here = Path(np.__file__).resolve().parent
    for folder in (here.parent / "numpy.libs", here / ".dylibs", here.parent / "numpy" / ".libs"):
        if folder.is_dir():
            found += sorted(str(p) for p in folder.iterdir() if "openblas" in p.name.lower())
    return found


def _library() -> ctypes.CDLL | None:
    global _lib, _searched
    if not _searched:
        _searched = True
        for path in _candidates():
            try:
                lib = ctypes.CDLL(path)
            except OSError:
                continue
            if _entry(lib, "_set_num_threads") is not None:
                _lib = lib
                break
    return _lib


def _entry(lib: ctypes.CDLL, what: str) -> ctypes._CFuncPtr | None:  # type: ignore[name-defined]
    for name in _NAMES:
        fn = getattr(lib, name.format(what), None)
        if fn is not None:
            return fn
    return None


def threads() -> int | None:
    """How many threads NumPy's BLAS uses, or None when it is not an OpenBLAS this can ask."""
    lib = _library()
    fn = _entry(lib, "_get_num_threads") if lib is not None else None
    if fn is None:
        return None
    fn.argtypes, fn.restype = [], ctypes.c_int
    return int(fn())


def one_thread() -> bool:
    """Put NumPy's BLAS on one thread, unless the user chose a number; whether it is on one now."""
    if not any(os.environ.get(v) for v in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS")):
        lib = _library()
        fn = _entry(lib, "_set_num_threads") if lib is not None else None
        if fn is not None:
            fn.argtypes, fn.restype = [ctypes.c_int], None
            fn(1)
    return threads() == 1
