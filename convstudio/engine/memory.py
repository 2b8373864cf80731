"""Keep freed large blocks in the process for reuse, as PyTorch's caching allocator does.

By default glibc's malloc maps every large array (a batch of maps is several megabytes) fresh
from the system and unmaps it when freed, so each new array pays a page fault per 4 KiB; one
training iteration of a digits network spent more time there than computing. Raising malloc's
mmap and trim thresholds makes freed blocks come back without faults. An explicit call, not an
import side effect: it changes the whole process.
"""

from __future__ import annotations

import ctypes
import ctypes.util

_M_TRIM_THRESHOLD = -1
_M_MMAP_THRESHOLD = -3


def keep_freed_memory(limit: int = 1 << 27) -> bool:
    """Reuse freed blocks up to ``limit`` bytes instead of unmapping them; False without glibc's malloc."""
    name = ctypes.util.find_library("c")
    try:
        mallopt = ctypes.CDLL(name).mallopt
    except (OSError, AttributeError, TypeError):
        return False
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    mallopt.restype = ctypes.c_int
    return bool(mallopt(_M_MMAP_THRESHOLD, limit)) and bool(mallopt(_M_TRIM_THRESHOLD, 4 * limit))
