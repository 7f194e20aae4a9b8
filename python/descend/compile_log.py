"""`DESCEND_LOG_COMPILE=1`: where the compile time of each function goes, on stderr.

One line per phase of each compiled function, printed when the phase ends, with its wall
and process CPU time (a loaded machine inflates the first more than the second):

    descend compile jit_step: trace 15.0 ms (cpu 14.5 ms)
    descend compile jit_step: cache lookup 2.5 ms (cpu 2.4 ms)    on a hit, `total` follows
    descend compile jit_step: dsc 5.5 ms (cpu 5.2 ms)             dsc-verify, dsc-canonicalize
    descend compile jit_step: stage linalg 15.0 ms (cpu 14.4 ms): python passes 10.9 ms, upstream 4.1 ms
    ...                                                           also buffers, loops, llvm
    descend compile jit_step: llvm-opt 243.0 ms (cpu 243.0 ms)    translation to LLVM IR, LLVM's -O passes
    descend compile jit_step: llvm-codegen 246.3 ms (cpu 246.3 ms)  machine code (at the first lookup)
    descend compile jit_step: cache store 4.0 ms (cpu 1.2 ms)     descend.compile_cache
    descend compile jit_step: total 680.0 ms (cpu 680.0 ms)

`trace` includes grad/jvp/vmap, which transform while tracing. While logging, each pass runs
in its own pass manager, timed: a stage's line splits its time between descend's Python
passes and upstream MLIR passes; `DESCEND_LOG_COMPILE=2` also prints each pass
(`pass <stage>/<element> [python|upstream]`). Unset or `0`: off, and `phase` costs one environment lookup.
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


def log(name: str, what: str, seconds: float | None = None, cpu: float | None = None, detail: str = "") -> None:
    """Print one line: `descend compile <name>: <what> <ms> ms` (and the process's CPU time in
    it, which a loaded machine inflates less than the wall time; then `detail`)."""
    wall = f" {seconds * 1e3:.1f} ms" if seconds is not None else ""
    extra = f" (cpu {cpu * 1e3:.1f} ms)" if cpu is not None else ""
    detail = f": {detail}" if detail else ""
    print(f"descend compile {name}: {what}{wall}{extra}{detail}", file=sys.stderr, flush=True)


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
