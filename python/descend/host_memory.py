"""glibc's malloc tuned so that freed buffers keep their pages (applied when descend is imported).

Every compiled call allocates its outputs (`np.empty`) and its temporaries (`malloc` in the
generated code) and frees them when done. glibc serves requests above its mmap threshold
(128 KiB, raised on the fly up to the largest chunk freed) with fresh `mmap`s and gives the top of
the heap back to the kernel when more than its trim threshold is free. With a training step's
mix of sizes, both happen on every call: the pages come back zero-filled by the kernel, one page
fault per 4 KiB, and the heap is grown and shrunk with `brk`. Profiled on the MLP step of
benchmarks/run.py (784-512-512-10, batch 256): ~20% of the samples were page faults and 5% `brk`;
with the settings below the step went from 3.6 to 2.2 ms, and NumPy's step from 5.4 to 2.1 ms.

`tune()` fixes both thresholds (which also turns off glibc's on-the-fly adjustment):

  * M_MMAP_THRESHOLD = 32 MiB (glibc's own upper bound for it): buffers below it come from the
    heap and reuse its pages;
  * M_TRIM_THRESHOLD = 64 MiB: up to 64 MiB of free memory at the top of the heap is kept.

The cost is memory: a process keeps up to 64 MiB of freed heap that it would otherwise have
returned, which is what glibc's own adjustment reaches after freeing one 32 MiB buffer.
DESCEND_MALLOC_TUNE=0 leaves malloc as it is; nothing is done when the C library is not glibc.
"""

from __future__ import annotations

import ctypes
import ctypes.util

from descend.lowering.host import env_flag

M_TRIM_THRESHOLD = -1
M_MMAP_THRESHOLD = -3
MMAP_THRESHOLD = 32 << 20
TRIM_THRESHOLD = 64 << 20

_applied: dict = {}


def tune() -> dict:
    """Apply the settings once per process; returns {option name: bytes} of those glibc
    accepted ({} when switched off or not on glibc)."""
    if _applied or not env_flag("DESCEND_MALLOC_TUNE"):
        return dict(_applied)
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        mallopt = libc.mallopt
        libc.gnu_get_libc_version  # noqa: B018 - present only in glibc
    except (OSError, AttributeError):
        return {}
    mallopt.argtypes, mallopt.restype = [ctypes.c_int, ctypes.c_int], ctypes.c_int
    for name, option, value in (("M_MMAP_THRESHOLD", M_MMAP_THRESHOLD, MMAP_THRESHOLD),
                                ("M_TRIM_THRESHOLD", M_TRIM_THRESHOLD, TRIM_THRESHOLD)):
        if mallopt(option, value) == 1:
            _applied[name] = value
    return dict(_applied)


def applied() -> dict:
    """{option name: bytes} of the settings in force (empty when none were applied)."""
    return dict(_applied)
