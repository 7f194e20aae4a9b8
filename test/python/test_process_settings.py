"""Process-wide settings descend makes on import: glibc malloc thresholds (host_memory.py) and
the OpenMP runtime's default block time (lowering/host.py), each checked in a fresh process,
with its switch, and with the user's own setting winning."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

# Prints what a fresh process sees after `import descend` (and loading the OpenMP runtime).
PROBE = r"""
import ctypes, json, numpy as np
import descend
from descend import host_memory
from descend.lowering.host import openmp_library
buf = np.empty(1 << 20, np.uint8)  # above glibc's default mmap threshold (128 KiB)
addr = buf.ctypes.data
heap = [l.split()[0].split("-") for l in open("/proc/self/maps") if l.rstrip().endswith("[heap]")]
in_heap = any(int(a, 16) <= addr < int(b, 16) for a, b in heap)
path = openmp_library()
blocktime = ctypes.CDLL(path).kmp_get_blocktime() if path else None
f = descend.jit(lambda a: descend.numpy.exp(a * 2.0))
f(np.ones(1 << 22, np.float32))  # a parallel loop: the OpenMP workers start
import os, threading
masks = {}
for t in os.listdir("/proc/self/task"):
    text = open(f"/proc/self/task/{t}/status").read()
    masks[int(t)] = text.split("Cpus_allowed_list:")[1].split()[0]
workers = [m for t, m in masks.items() if open(f"/proc/self/task/{t}/comm").read().startswith("openmp")]
print(json.dumps({"applied": host_memory.applied(), "in_heap": in_heap, "blocktime": blocktime,
                  "main": masks[threading.get_native_id()], "workers": workers}))
"""

linux_glibc = pytest.mark.skipif(not sys.platform.startswith("linux") or os.confstr("CS_GNU_LIBC_VERSION") is None,
                                 reason="glibc on Linux only")


def probe(**env) -> dict:
    full = {k: v for k, v in os.environ.items()
            if k not in ("KMP_BLOCKTIME", "OMP_WAIT_POLICY", "DESCEND_MALLOC_TUNE", "DESCEND_PIN_THREADS",
                         "DESCEND_NUM_THREADS", "KMP_AFFINITY", "OMP_PROC_BIND", "OMP_PLACES")}
    full.update(env)
    proc = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, env=full, timeout=120)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout.strip().splitlines()[-1])


@linux_glibc
def test_malloc_tuned_on_import():
    from descend import host_memory

    r = probe()
    assert r["applied"] == {"M_MMAP_THRESHOLD": host_memory.MMAP_THRESHOLD,
                            "M_TRIM_THRESHOLD": host_memory.TRIM_THRESHOLD}
    # a 1 MiB buffer comes from the heap (reusing its pages), not from a fresh mmap
    assert r["in_heap"]


@linux_glibc
def test_malloc_tuning_switch():
    r = probe(DESCEND_MALLOC_TUNE="0")
    assert r["applied"] == {}


def test_openmp_block_time_default():
    from descend.lowering.host import BLOCK_TIME_MS

    r = probe()
    if r["blocktime"] is None:
        pytest.skip("no OpenMP runtime")
    assert r["blocktime"] == BLOCK_TIME_MS


def test_openmp_block_time_user_wins():
    r = probe(KMP_BLOCKTIME="37")
    if r["blocktime"] is None:
        pytest.skip("no OpenMP runtime")
    assert r["blocktime"] == 37


def test_worker_places():
    from descend.lowering.host import worker_places

    assert worker_places([0, 1], 2) == "granularity=fine,explicit,proclist=[{0,1},1]"
    assert worker_places([5, 2, 7], 4) == "granularity=fine,explicit,proclist=[{2,5,7},5,7,2]"


def _cpu_list(text: str) -> set:
    out = set()
    for part in text.split(","):
        a, _, b = part.partition("-")
        out |= set(range(int(a), int(b or a) + 1))
    return out


needs_two_cpus = pytest.mark.skipif(len(os.sched_getaffinity(0)) < 2, reason="one CPU")


@needs_two_cpus
def test_workers_pinned_main_thread_not():
    r = probe(DESCEND_NUM_THREADS="2")
    if r["blocktime"] is None:
        pytest.skip("no OpenMP runtime")
    allowed = os.sched_getaffinity(0)
    assert _cpu_list(r["main"]) == allowed  # Python's thread keeps every CPU
    assert r["workers"] and all(len(_cpu_list(m)) == 1 for m in r["workers"])


@needs_two_cpus
def test_pinning_switches():
    for env in ({"DESCEND_PIN_THREADS": "0"}, {"OMP_PROC_BIND": "false"}):
        r = probe(DESCEND_NUM_THREADS="2", **env)
        if r["blocktime"] is None:
            pytest.skip("no OpenMP runtime")
        assert r["workers"] and all(_cpu_list(m) == os.sched_getaffinity(0) for m in r["workers"]), env


@needs_two_cpus
def test_caller_pinned_during_parallel_calls_only():
    """thread_pin.wrap: the calling thread runs on the master CPU while the wrapped call runs,
    and has its own CPU mask back after it (also after a real parallel call)."""
    import numpy as np

    import descend
    import descend.numpy as dnp
    from descend import thread_pin
    from descend.lowering.host import master_cpu

    cpu = master_cpu()
    if cpu is None:
        pytest.skip("workers not pinned here (user affinity settings or no OpenMP runtime)")
    before = os.sched_getaffinity(0)
    assert thread_pin.wrap(lambda argv: os.sched_getaffinity(0))(None) == {cpu}
    assert os.sched_getaffinity(0) == before
    f = descend.jit(lambda a: dnp.exp(a * 2.0))
    a = np.linspace(-1, 1, 1 << 20, dtype=np.float32)
    np.testing.assert_allclose(np.asarray(f(a)), np.exp(a * 2), rtol=2e-6)
    assert os.sched_getaffinity(0) == before
