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
print(json.dumps({"applied": host_memory.applied(), "in_heap": in_heap, "blocktime": blocktime}))
"""

linux_glibc = pytest.mark.skipif(not sys.platform.startswith("linux") or os.confstr("CS_GNU_LIBC_VERSION") is None,
                                 reason="glibc on Linux only")


def probe(**env) -> dict:
    full = {k: v for k, v in os.environ.items() if k not in ("KMP_BLOCKTIME", "OMP_WAIT_POLICY", "DESCEND_MALLOC_TUNE")}
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
