"""Large output buffers reused across calls instead of fresh pages from the kernel each time.

glibc serves an allocation above 32 MiB (its largest mmap threshold, see host_memory.py) with a
fresh `mmap`: every 4 KiB page of a new output then costs a page fault and the kernel's zeroing
on first write, 16k faults for a 64 MiB output. `empty(shape, dtype)` returns an array over a
block taken from this pool when one of the same size is idle, and the block goes back to the pool
when the last array (or view) over it dies: the array's base is a `_Block`, whose `__del__`
returns the memory, and every view keeps the `_Block` alive (NumPy's base chain stops at a
non-array object).

Outputs below MIN_BYTES come from `np.empty` (malloc reuses those pages already). Idle blocks are
kept up to DESCEND_BUFFER_POOL_MB MiB in all (default 256; 0 turns the pool off), the oldest
dropped first. Used by the call paths of compiled functions (dispatch.py, runtime.py).
"""

from __future__ import annotations

import threading
from collections import OrderedDict

import numpy as np

from descend.lowering.host import env_int

MIN_BYTES = 32 << 20
ALIGN = 64  # a cache line: full-width AVX-512 stores never straddle two


LIMIT = max(env_int("DESCEND_BUFFER_POOL_MB", 256), 0) << 20
_lock = threading.Lock()
_idle: OrderedDict = OrderedDict()  # id(raw) -> raw (uint8 arrays), oldest first
_idle_bytes = 0


class _Block:
    """Owner of one pooled block while arrays use it (their `base`)."""

    __slots__ = ("raw", "__array_interface__")

    def __init__(self, raw: np.ndarray, shape: tuple, dtype: np.dtype):
        self.raw = raw
        address = raw.ctypes.data
        self.__array_interface__ = {"shape": tuple(shape), "typestr": dtype.str, "version": 3,
                                    "data": (address + (-address) % ALIGN, False)}

    def __del__(self):
        try:
            _release(self.raw)
        except Exception:  # noqa: BLE001 - interpreter shutdown: the memory is freed with `raw`
            pass


def _take(nbytes: int) -> np.ndarray:
    global _idle_bytes
    with _lock:
        for key, raw in _idle.items():
            if raw.nbytes == nbytes + ALIGN:
                del _idle[key]
                _idle_bytes -= raw.nbytes
                return raw
    return np.empty(nbytes + ALIGN, np.uint8)


def _release(raw: np.ndarray) -> None:
    global _idle_bytes
    with _lock:
        if raw.nbytes > LIMIT:
            return
        _idle[id(raw)] = raw
        _idle_bytes += raw.nbytes
        while _idle_bytes > LIMIT:
            _, old = _idle.popitem(last=False)
            _idle_bytes -= old.nbytes


def _nbytes(shape, dtype: np.dtype) -> int:
    return int(np.prod(shape, dtype=np.int64)) * dtype.itemsize


def pooled(shape, dtype) -> bool:
    """Whether `empty(shape, dtype)` takes its buffer from the pool."""
    return LIMIT > 0 and _nbytes(shape, np.dtype(dtype)) >= MIN_BYTES


def empty(shape, dtype) -> np.ndarray:
    """An uninitialized C-contiguous array like `np.empty(shape, dtype)`; at least MIN_BYTES
    large, its memory is a reused block of the pool."""
    dtype = np.dtype(dtype)
    if not pooled(shape, dtype):
        return np.empty(shape, dtype)
    return np.asarray(_Block(_take(_nbytes(shape, dtype)), shape, dtype))


def idle_bytes() -> int:
    """Bytes held by idle blocks now."""
    return _idle_bytes
