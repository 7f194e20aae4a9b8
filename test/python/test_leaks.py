"""No leaks: resident memory stays flat over many calls, compiled functions and their
ExecutionEngines are released when the caches drop them, and the caches keep their bounds.

Resident memory is read from /proc/self/statm after `gc.collect()` and glibc's
`malloc_trim(0)` (so freed heap pages are returned and do not read as growth).

Bounds checked (docs/RELIABILITY.md has the measured figures):
- 10,000 calls of a jitted function (and 2,000 eager calls): < 5 MiB growth after warm-up;
- 1,000 distinct jitted functions (1,000 signatures of one function, each a new engine)
  compiled and dropped through the LRU: every evicted engine is freed (weak references),
  no MLIR context outlives its cache entry, and memory stays bounded (< 40 MiB growth
  from the 200th to the 1,000th, where 800 leaked engines would be ~700 MiB);
- jit's cache holds at most `descend.jit` module's CACHE_SIZE compiled signatures per
  function (an LRU; the fast-path table holds no evicted entry), the eager cache at most
  EAGER_CACHE_SIZE (an LRU shared by all descend.numpy functions).

The 1,000 compiles dominate the run time (~30-45 ms each); LEAK_FUNCTIONS lowers the count.
"""

from __future__ import annotations

import ctypes
import gc
import importlib
import os
import sys
import weakref

import numpy as np
import pytest
from mlir import ir

import descend
import descend.numpy as dnp

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc/self/statm")

jit_module = importlib.import_module("descend.jit")
FUNCTIONS = int(os.environ.get("LEAK_FUNCTIONS", "1000"))
MIB = 2**20

try:
    _libc = ctypes.CDLL("libc.so.6")
except OSError:  # not glibc
    _libc = None


def rss_mib() -> float:
    gc.collect()
    if _libc is not None:
        _libc.malloc_trim(0)
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / MIB


def test_10k_calls_keep_memory_flat():
    f = descend.jit(lambda x, y: (dnp.tanh(x * y + 1.0).sum(axis=0), x > y))
    x = np.random.default_rng(0).random((64, 64), dtype=np.float32)
    y = np.ones((64, 64), np.float32)
    for _ in range(500):  # warm-up: caches, allocator arenas
        f(x, y)
    before = rss_mib()
    for _ in range(10_000):
        out = f(x, y)
    del out
    growth = rss_mib() - before
    print(f"10,000 jitted calls: resident memory grew by {growth:.2f} MiB")
    assert growth < 5, f"10,000 calls grew resident memory by {growth:.1f} MiB"
    assert f.trace_count == 1


def test_eager_calls_keep_memory_flat():
    x = np.random.default_rng(1).random(1000, dtype=np.float32)
    for _ in range(200):
        dnp.exp(dnp.add(x, 1.0))
    before = rss_mib()
    for _ in range(2_000):
        out = dnp.exp(dnp.add(x, 1.0))
    del out
    growth = rss_mib() - before
    print(f"2,000 eager calls: resident memory grew by {growth:.2f} MiB")
    assert growth < 5, f"2,000 eager calls grew resident memory by {growth:.1f} MiB"


def test_1000_compiled_functions_are_released(monkeypatch):
    """1,000 signatures of one jitted function (1,000 engines) through an LRU of 16: the
    evicted ones are freed, memory stays bounded, and so does the number of MLIR contexts."""
    size = 16
    monkeypatch.setattr(jit_module, "CACHE_SIZE", size)
    f = descend.jit(lambda x, k: dnp.exp(x) * k + 1.0, static_argnums=1)
    x = np.ones(8, np.float32)
    engines = []
    base_contexts = ir.Context._get_live_count()
    checkpoint = None
    for i in range(FUNCTIONS):
        np.testing.assert_allclose(np.asarray(f(x, float(i))), np.e * i + 1.0, rtol=1e-6)
        engines.append(weakref.ref(next(reversed(f._cache.values()))._exe.engine))
        if i == min(199, FUNCTIONS // 5):
            checkpoint = rss_mib()
    growth = rss_mib() - checkpoint
    gc.collect()
    alive = sum(e() is not None for e in engines)
    contexts = ir.Context._get_live_count() - base_contexts
    print(f"{FUNCTIONS} compiled functions: {alive} engines alive, {contexts} MLIR contexts, "
          f"{growth:.1f} MiB growth after the first {min(200, FUNCTIONS // 5 + 1)}")
    assert f.trace_count == FUNCTIONS
    assert len(f._cache) == size
    assert alive == size, f"{alive} engines alive, the cache holds {size}"
    assert contexts <= size, f"{contexts} MLIR contexts alive for a cache of {size}"
    assert growth < 40, f"compiling and dropping {FUNCTIONS} functions grew memory by {growth:.0f} MiB"
    f.clear_cache()
    gc.collect()
    assert all(e() is None for e in engines), "clear_cache() left engines alive"


def test_fast_path_keeps_no_evicted_function(monkeypatch):
    """Calls with plain NumPy arrays take a fast path with its own table: it must not keep
    functions the LRU dropped (it did: up to 2 x CACHE_SIZE engines per function)."""
    size = 4
    monkeypatch.setattr(jit_module, "CACHE_SIZE", size)
    f = descend.jit(lambda x: x * 2.0)
    refs = []
    for n in range(1, 13):
        f(np.ones(n, np.float32))
        refs.append(weakref.ref(next(reversed(f._cache.values()))._exe))
        f(np.ones(n, np.float32))  # a fast-path hit
    gc.collect()
    assert sum(r() is not None for r in refs) == size
    assert len(f._fast_cache) <= size
    assert set(map(id, f._fast_cache.values())) <= set(map(id, f._cache.values()))


def test_jit_cache_is_an_lru(monkeypatch):
    monkeypatch.setattr(jit_module, "CACHE_SIZE", 3)
    f = descend.jit(lambda x, k: x + k, static_argnums=1)
    x = np.ones(2, np.float32)
    for k in (1, 2, 3):
        f(x, k)
    f(x, 1)  # 1 becomes the most recently used
    f(x, 4)  # evicts 2, the least recently used
    assert f.trace_count == 4
    f(x, 1)
    f(x, 3)
    assert f.trace_count == 4  # 1 and 3 were kept
    f(x, 2)
    assert f.trace_count == 5  # 2 was dropped
    assert len(f._cache) == 3


def test_eager_cache_bound(monkeypatch):
    size = 8
    monkeypatch.setattr(jit_module, "EAGER_CACHE_SIZE", size)
    refs = []
    for n in range(1, 25):  # 24 signatures of one eager op
        np.testing.assert_allclose(np.asarray(dnp.sin(np.zeros(n, np.float32))), 0.0)
        refs.append(weakref.ref(next(reversed(jit_module._EAGER_CACHE.values()))._exe))
    gc.collect()
    assert len(jit_module._EAGER_CACHE) <= size
    assert sum(r() is not None for r in refs) <= size


def test_outputs_are_owned_by_numpy():
    """Results are NumPy-owned buffers: dropping them frees them (the generated code writes
    into arrays allocated per call; nothing is returned from inside the engine). glibc may keep
    up to descend's trim threshold of freed heap (host_memory.py) instead of returning it."""
    from descend import host_memory

    f = descend.jit(lambda x: dnp.exp(x))
    x = np.zeros(1 << 20, np.float32)  # 4 MiB per output
    f(x)
    before = rss_mib()
    outs = [np.asarray(f(x)) for _ in range(50)]
    held = rss_mib() - before
    del outs
    released = before + held - rss_mib()
    print(f"50 outputs of 4 MiB: {held:.0f} MiB held, {released:.0f} MiB released when dropped")
    kept = host_memory.applied().get("M_TRIM_THRESHOLD", 0) / 2**20
    assert held > 150 and released > 150 - kept


def test_failing_signatures_leave_nothing_behind():
    """A signature whose tracing fails keeps no compile lock (or anything else) per call."""
    f = descend.jit(lambda x: dnp.reshape(x, (7,)))
    for n in range(1, 60):
        with pytest.raises((TypeError, ValueError)):
            f(np.ones(n + (n >= 7), np.float32))
    assert not f._compile_locks and not f._cache
