"""The host CPU as LLVM sees it, and the CPU pipeline's switches.

`host_cpu()` / `host_features()` ask the LLVM library that the MLIR bindings
load (`LLVMGetHostCPUName`, `LLVMGetHostCPUFeatures`): the same answer the
ExecutionEngine's code generator uses (it targets the host CPU and features).
`simd_bytes()` is the widest vector register: 64 with AVX-512, 32 with AVX2,
16 otherwise.

Switches (environment variables, read when a pipeline is built):

  DESCEND_FAST_MATH=0            keep exp/tanh/log on libm (no polynomials)
  DESCEND_VECTORIZE=0            no MLIR-level vectorization (affine-super-vectorize)
  DESCEND_VECTOR_SIZE=N          elements per vector (default: simd_bytes() / 4)
  DESCEND_NUM_THREADS=N          threads for parallel loops (default: all cores; 1 = off)
  DESCEND_PIN_THREADS=0          leave OpenMP workers unpinned (see _set_defaults)
  DESCEND_PARALLEL_THRESHOLD=N   loop nests with fewer iterations stay single-threaded
  DESCEND_MATMUL_SCHEDULE=0      float contractions keep the generic loops (no packed kernels)
  DESCEND_MATMUL_EPILOGUES=0     bias add / relu after a contraction stay separate passes (matmul_epilogue.py)
  DESCEND_ROW_FUSION=0           keep nests over the same rows apart (row_fusion.py)
  DESCEND_ELIDE_COPIES=0         keep result copies and shared fills (copy_elision.py, shared_fills.py)
  DESCEND_LICM=0                 no loop-invariant code motion (licm.py)
  DESCEND_RECIPROCAL=0           keep divisions by loop invariants (licm.py)
  DESCEND_FMA=0                  polynomials with mulf + addf instead of fma (fast_math.py)
  DESCEND_MULTI_ACC=0            one accumulator per reduction loop, ordered horizontal sums (multi_acc.py)
"""

from __future__ import annotations

import ctypes
import functools
import os
from pathlib import Path


@functools.cache
def _llvm():
    import mlir

    base = Path(mlir.__path__[0]).parent
    for cand in (base / "llvm" / "lib" / "libLLVM.so", *sorted((base / "llvm" / "lib").glob("libLLVM*.so*"))):
        if cand.exists():
            try:
                lib = ctypes.CDLL(str(cand))
                lib.LLVMGetHostCPUName.restype = ctypes.c_void_p
                lib.LLVMGetHostCPUFeatures.restype = ctypes.c_void_p
                return lib
            except (OSError, AttributeError):
                continue
    return None


@functools.cache
def host_cpu() -> str:
    lib = _llvm()
    if lib is None:
        return "generic"
    return ctypes.string_at(lib.LLVMGetHostCPUName()).decode()


@functools.cache
def host_features() -> frozenset:
    lib = _llvm()
    if lib is None:
        return _cpuinfo_features()
    text = ctypes.string_at(lib.LLVMGetHostCPUFeatures()).decode()
    return frozenset(f[1:] for f in text.split(",") if f.startswith("+"))


def _cpuinfo_features() -> frozenset:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("flags"):
                return frozenset(line.split(":", 1)[1].split())
    except OSError:
        pass
    return frozenset()


@functools.cache
def simd_bytes() -> int:
    f = host_features()
    if "avx512f" in f:
        return 64
    if "avx2" in f or "avx" in f:
        return 32
    return 16


def env_int(name: str, default: int) -> int:
    v = os.environ.get(name, "").strip()
    try:
        return int(v) if v else default
    except ValueError:
        return default


def env_flag(name: str, default: bool = True) -> bool:
    v = os.environ.get(name, "").strip().lower()
    if not v:
        return default
    return v not in ("0", "false", "no", "off")


@functools.cache
def openmp_library() -> str | None:
    """Path of an OpenMP runtime with LLVM's `__kmpc_*` entry points, or None.

    Looked up in order: $DESCEND_OPENMP_LIB; Intel's libiomp5 from the `intel-openmp`
    wheel (a core dependency on Linux x86_64, installed into <prefix>/lib); LLVM's libomp
    (Debian's libomp5-NN). GCC's libgomp lacks `__kmpc_*` and is not used."""
    import ctypes.util
    import sys

    cands = []
    env = os.environ.get("DESCEND_OPENMP_LIB", "").strip()
    if env:
        cands.append(env)
    for prefix in dict.fromkeys([sys.prefix, sys.base_prefix]):
        cands += [str(Path(prefix) / "lib" / "libiomp5.so"), str(Path(prefix) / "lib" / "libomp.so")]
    for name in ("iomp5", "omp"):
        found = ctypes.util.find_library(name)
        if found:
            cands.append(found)
    cands += [str(p) for p in sorted(Path("/usr/lib").glob("llvm-*/lib/libomp.so*"))]
    cands += ["libomp.so.5"]
    for c in cands:
        try:
            first_load = _mapped_path(c) is None
            lib = ctypes.CDLL(c, mode=ctypes.RTLD_GLOBAL)
            if hasattr(lib, "__kmpc_fork_call"):
                _set_defaults(lib, first_load)
                return c if os.path.isabs(c) else (_mapped_path(c) or c)
        except OSError:
            continue
    return None


# How long (ms) an OpenMP worker spins after a parallel loop before it sleeps, unless the user set
# KMP_BLOCKTIME or OMP_WAIT_POLICY. The runtime's default, 200 ms, keeps one of the cores busy for
# 0.2 s after each call: NumPy's BLAS or JAX called right after ran at half speed (a matmul
# alternating with NumPy's at 10-50 ms intervals: 250 GFLOP/s for us, 70 for NumPy). Measured on
# the MLP step called back to back: 1, 5, 20 and 200 ms all give 2.1-2.4 ms per step; 0 (sleep at
# once, every parallel loop wakes the workers) gives 3.2 ms.
BLOCK_TIME_MS = 10
_USER_AFFINITY = ("KMP_AFFINITY", "OMP_PROC_BIND", "OMP_PLACES", "GOMP_CPU_AFFINITY")
_MASTER_CPU: int | None = None  # set when the workers were pinned (see master_cpu)


def master_cpu() -> int | None:
    """The CPU a thread calling parallel compiled code runs on during the call (the workers
    are pinned to the others: `_set_defaults`), or None when the workers are not pinned."""
    openmp_library()
    return _MASTER_CPU


def worker_places(cpus: list[int], threads: int) -> str:
    """KMP_AFFINITY's explicit places for `threads` OpenMP threads on the allowed `cpus`: the
    first place (the calling thread, Python's) is all of them, so the runtime never confines it
    (descend pins it to cpus[0] only for the length of a parallel call: thread_pin.py); worker i
    is pinned to cpus[i] (round robin past the last)."""
    cpus = sorted(cpus)
    places = ["{" + ",".join(map(str, cpus)) + "}"] + [str(cpus[i % len(cpus)]) for i in range(1, max(threads, 2))]
    return f"granularity=fine,explicit,proclist=[{','.join(places)}]"


def _set_defaults(lib, first_load: bool) -> None:
    """Before the runtime's first parallel region (kmp_set_defaults; nothing for a runtime
    without it, or one that another library loaded first and may have started):

    * BLOCK_TIME_MS as the block time, unless the user set KMP_BLOCKTIME or OMP_WAIT_POLICY;
    * workers pinned one per CPU (`worker_places`), unless the user set an affinity or
      DESCEND_PIN_THREADS=0. Unpinned, a worker that had slept (more than the block time
      between calls) was often woken onto the calling thread's CPU and stayed there: both
      threads of a 2-thread loop on one core. `exp(a*b+a)` on 2^20 elements, called after
      60-250 ms idle: 0.25 ms unpinned, 0.10 ms pinned (0.10 either way back to back)."""
    if not first_load:
        return
    try:
        fn = lib.kmp_set_defaults
    except AttributeError:
        return
    fn.argtypes, fn.restype = [ctypes.c_char_p], None
    settings = []  # one call: a second kmp_set_defaults ignores KMP_AFFINITY (runtime started)
    if "KMP_BLOCKTIME" not in os.environ and "OMP_WAIT_POLICY" not in os.environ:
        settings.append(f"KMP_BLOCKTIME={BLOCK_TIME_MS}")
    if env_flag("DESCEND_PIN_THREADS") and not any(k in os.environ for k in _USER_AFFINITY):
        try:
            cpus = sorted(os.sched_getaffinity(0))
        except (AttributeError, OSError):
            cpus = []
        threads = max(1, env_int("DESCEND_NUM_THREADS", os.cpu_count() or 1))
        if len(cpus) > 1 and threads > 1:
            settings.append(f"KMP_AFFINITY={worker_places(cpus, threads)}")
            global _MASTER_CPU
            _MASTER_CPU = cpus[0]
    if settings:
        fn("|".join(settings).encode())


def _mapped_path(name: str) -> str | None:
    """The path of the library mapped into the process whose file name starts like `name`'s
    (`libomp.so.5` -> `.../libomp.so...`), or None."""
    stem = os.path.basename(name).split(".so")[0] + ".so"
    try:
        for line in Path("/proc/self/maps").read_text().splitlines():
            if stem in line and "/" in line:
                return line[line.index("/"):]
    except OSError:
        pass
    return None


def num_threads() -> int:
    """Threads for parallel loops: $DESCEND_NUM_THREADS, else all cores; 1 without an OpenMP runtime."""
    n = max(1, env_int("DESCEND_NUM_THREADS", os.cpu_count() or 1))
    if n > 1 and openmp_library() is None:
        return 1
    return n
