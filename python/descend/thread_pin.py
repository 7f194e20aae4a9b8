"""The calling thread pinned to one CPU for the length of a call of parallel compiled code.

descend pins its OpenMP workers one per CPU (lowering/host.py) and leaves the calling thread
(Python's, the OpenMP master) free, so that threads and processes it starts are not confined.
Free, the caller was often on the CPU of a pinned worker when a call started (after a pause, the
scheduler had put it there), and the two then shared that core for the whole call: `exp(a*b+a)`
on 2^20 elements took 0.11-0.25 ms from run to run, and a 256^3 matmul ran at 180-475 GFLOP/s.
`wrap(fn)` pins the caller to `master_cpu()` (the one CPU no worker is pinned to) just before
`fn` runs and gives it back its own CPU mask right after: 0.10 ms and ~500 GFLOP/s every run.

Costs three system calls per call, so only calls of code with parallel loops are wrapped
(`Executable.uses_openmp`); nothing is done when the workers are not pinned (the user's own
affinity settings, DESCEND_PIN_THREADS=0, one CPU) or without Linux's sched_setaffinity.
"""

from __future__ import annotations

import ctypes
import functools
import threading

_SET_BYTES = 128  # cpu_set_t: 1024 CPUs


@functools.cache
def _libc():
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        for name in ("sched_setaffinity", "sched_getaffinity"):
            fn = getattr(libc, name)
            fn.argtypes, fn.restype = [ctypes.c_int, ctypes.c_size_t, ctypes.c_void_p], ctypes.c_int
        return libc
    except (OSError, AttributeError):
        return None


@functools.cache
def _one_cpu_mask():
    """The cpu_set_t of `master_cpu()`, or None when the caller is not to be pinned."""
    from descend.lowering.host import master_cpu

    cpu = master_cpu()
    if cpu is None or _libc() is None or cpu >= _SET_BYTES * 8:
        return None
    mask = (ctypes.c_ubyte * _SET_BYTES)()
    mask[cpu // 8] = 1 << (cpu % 8)
    return mask


_saved = threading.local()


def wrap(fn):
    """`fn` (a callable of one argument: the compiled code's argument array) run with the
    calling thread pinned to the master CPU; `fn` itself when nothing is to be pinned."""
    one = _one_cpu_mask()
    if one is None:
        return fn
    libc = _libc()
    get, set_ = libc.sched_getaffinity, libc.sched_setaffinity

    def pinned(argv):
        own = getattr(_saved, "mask", None)
        if own is None:
            own = _saved.mask = (ctypes.c_ubyte * _SET_BYTES)()
        if get(0, _SET_BYTES, own) != 0:  # cannot read it: run unpinned
            return fn(argv)
        set_(0, _SET_BYTES, one)
        try:
            return fn(argv)
        finally:
            set_(0, _SET_BYTES, own)

    return pinned
