"""`DESCEND_LOG_COMPILE=1`: where the compile time of each function goes, on stderr.

One line per phase of each compiled function, printed when the phase ends:

    descend compile jit_step: trace 21.3 ms (cpu 20.9 ms)   (every line: wall and process CPU time)
    descend compile jit_step: dsc 9.8 ms            (dsc-verify, dsc-canonicalize)
    descend compile jit_step: cache miss 0.4 ms     (key; on a hit: `cache hit`, then nothing else)
    descend compile jit_step: stage linalg 35.0 ms  (one line per pipeline stage: linalg, buffers, loops, llvm)
    descend compile jit_step: llvm-opt 120.0 ms     (ExecutionEngine: translation to LLVM IR + LLVM's -O passes)
    descend compile jit_step: llvm-codegen 150.0 ms (machine code, at the first symbol lookup)
    descend compile jit_step: cache store 12.0 ms
    descend compile jit_step: total 400.0 ms

`trace` includes grad/jvp/vmap, which transform while tracing. `DESCEND_LOG_COMPILE=2` also
times every pass of the pipeline (`pass <stage>/<element>`: each runs in its own pass
manager). Unset or `0`: off, and `phase` costs one environment lookup.
"""

from __future__ import annotations

import os
import sys
import time
from contextlib import contextmanager

__all__ = ["level", "phase", "log"]


def level() -> int:
    """0 (off), 1 (phases) or 2 (also each pass), from DESCEND_LOG_COMPILE."""
    v = os.environ.get("DESCEND_LOG_COMPILE", "").strip().lower()
    if v in ("", "0", "false", "no", "off"):
        return 0
    return 2 if v == "2" else 1


def log(name: str, what: str, seconds: float, cpu: float | None = None) -> None:
    """Print one phase line: `descend compile <name>: <what> <ms> ms` (and the process's CPU
    time in it, which a loaded machine inflates less than the wall time)."""
    extra = f" (cpu {cpu * 1e3:.1f} ms)" if cpu is not None else ""
    print(f"descend compile {name}: {what} {seconds * 1e3:.1f} ms{extra}", file=sys.stderr, flush=True)


@contextmanager
def phase(name: str, what: str, enabled: bool | None = None):
    """Time the block and log it as phase `what` of function `name` (when logging is on)."""
    if enabled is None:
        enabled = level() > 0
    if not enabled:
        yield
        return
    t0, c0 = time.perf_counter(), time.process_time()
    try:
        yield
    finally:
        log(name, what, time.perf_counter() - t0, time.process_time() - c0)
