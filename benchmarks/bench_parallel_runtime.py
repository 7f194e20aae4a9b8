"""OpenMP vs MLIR's async runtime for descend's parallel loops, measured on the same IR.

    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python benchmarks/bench_parallel_runtime.py

descend runs its parallel loops (`scf.parallel` after the `loops` stage: elementwise chunks,
row loops, the matmul kernels' work items) through OpenMP (`convert-scf-to-openmp`, LLVM's
`__kmpc_*` runtime). MLIR has a second way: `async-parallel-for` splits an `scf.parallel` into
`async.execute` tasks run by `libmlir_async_runtime` (a work-stealing thread pool). This script
takes each workload's module after the `loops` stage, lowers it both ways (the same `llvm`
stage, with `convert-scf-to-openmp` + `convert-openmp-to-llvm` replaced by `async-parallel-for`
+ the async runtime passes for the second) and times the two compiled functions interleaved in
one process with the single-threaded pipeline as the reference. The two runtimes run in separate
processes (`KINDS=serial,openmp` and `KINDS=serial,async`, which this script starts): with both
thread pools in one process, OpenMP's 2^20-element case ran 2.4x slower than alone. Prints a
table per process (median ms per call).
"""

from __future__ import annotations

import ctypes
import os
import statistics
import sys
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "python"))

from mlir import ir, passmanager  # noqa: E402

import descend  # noqa: E402
import descend.numpy as dnp  # noqa: E402
from descend.lowering.host import num_threads, openmp_library  # noqa: E402
from descend.lowering.pipeline import add_elements, cpu_stages  # noqa: E402
from descend.runtime import Executable  # noqa: E402

KINDS = tuple(os.environ.get("KINDS", "serial,openmp,async").split(","))  # serial first: the reference
ASYNC = ["async-parallel-for{{async-dispatch=true num-workers={threads} min-task-size=1}}", "async-to-async-runtime",
         "async-runtime-ref-counting", "async-runtime-ref-counting-opt", "convert-async-to-llvm"]


def llvm_stage(kind: str, threads: int) -> list[str]:
    """The `llvm` stage's elements for `kind` in ("openmp", "async", "serial")."""
    stage = dict(cpu_stages(threads=threads if kind == "openmp" else max(threads, 2)))["llvm"]
    if kind == "openmp":
        return stage
    out = []
    for element in stage:
        if element.startswith("convert-scf-to-openmp"):
            if kind == "async":
                out += [e.format(threads=threads) for e in ASYNC]
        elif element != "convert-openmp-to-llvm":
            out.append(element)
    return out


def build(fn, args, kind: str, threads: int):
    """Compile `fn` for `args` with the parallel loops of the `loops` stage lowered as `kind`
    ("serial": the pipeline for one thread, no parallel loops at all)."""
    lowered = descend.jit(fn).lower(*args)
    saved = os.environ.get("DESCEND_NUM_THREADS")
    os.environ["DESCEND_NUM_THREADS"] = str(1 if kind == "serial" else threads)  # read by the loops stage
    try:
        module = lowered._module_at("loops")
    finally:
        if saved is None:
            del os.environ["DESCEND_NUM_THREADS"]
        else:
            os.environ["DESCEND_NUM_THREADS"] = saved
    with module.context:
        pm = passmanager.PassManager("builtin.module")
        add_elements(pm, llvm_stage(kind, threads) if kind != "serial" else dict(cpu_stages(threads=1))["llvm"])
        pm.run(module.operation)
    exe = Executable(module, lowered.name, lowered.in_types, lowered.out_types)
    return lambda *a: exe([np.ascontiguousarray(x) for x in a])


def workloads():
    r = np.random.default_rng(0)
    a = r.standard_normal(1 << 24, dtype=np.float32)
    b = r.standard_normal(1 << 24, dtype=np.float32)
    x = r.standard_normal((4096, 1024), dtype=np.float32)
    m = r.standard_normal((1024, 1024), dtype=np.float32)
    return [
        ("exp(a*b+a) 2^24", lambda a, b: dnp.exp(a * b + a), (a, b)),
        ("exp(a*b+a) 2^20", lambda a, b: dnp.exp(a * b + a), (a[: 1 << 20], b[: 1 << 20])),
        ("softmax 4096x1024", lambda x: descend.nn.softmax(x, axis=-1), (x,)),
        ("matmul 1024^3", lambda p, q: p @ q, (m, m)),
    ]


def main() -> int:
    if "KINDS" not in os.environ:  # one process per runtime (see the docstring)
        import subprocess

        for kinds in ("serial,openmp", "serial,async"):
            subprocess.run([sys.executable, __file__], env={**os.environ, "KINDS": kinds}, check=True)
        return 0
    threads = num_threads()
    lib = Path(ir.__file__).resolve().parent / "lib"  # the MLIR wheel's runtime libraries
    for name in ("libmlir_async_runtime.so", "libmlir_c_runner_utils.so"):
        ctypes.CDLL(str(lib / name), mode=ctypes.RTLD_GLOBAL)
    openmp_library()
    print(f"threads: {threads}; median ms per call, interleaved, after warm-up")
    print(f"{'workload':20} {'serial':>8} {'openmp':>8} {'async':>8}  async/openmp")
    for name, fn, args in workloads():
        fns = {k: build(fn, args, k, threads) for k in KINDS}
        ref = fns["serial"](*args)[0]
        for k in KINDS[1:]:
            got = fns[k](*args)[0]
            np.testing.assert_allclose(got, ref, rtol=1e-5, atol=1e-5)
        times = {k: [] for k in fns}
        deadline = time.perf_counter() + 4.0
        while time.perf_counter() < deadline or len(times[KINDS[-1]]) < 5:
            for k, f in fns.items():
                time.sleep(0.02)
                t0 = time.perf_counter()
                while time.perf_counter() - t0 < 0.002:  # back to speed, as in run.py
                    f(*args)
                for _ in range(2):
                    t1 = time.perf_counter()
                    f(*args)
                    times[k].append(time.perf_counter() - t1)
        med = {k: statistics.median(v) * 1e3 for k, v in times.items()}
        ratio = f"{med['async'] / med['openmp']:.2f}x" if {"async", "openmp"} <= set(med) else ""
        print(f"{name:20} " + " ".join(f"{med.get(k, float('nan')):8.3f}" for k in ("serial", "openmp", "async")) + f"  {ratio}",
              flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
