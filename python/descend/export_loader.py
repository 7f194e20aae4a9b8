"""Load and call a function exported by descend, with only NumPy and ctypes.

    from descend.export_loader import load
    f = load("exported/")            # the export's directory or its manifest.json
    y = f(np.ones((4, 4), np.float32))

This module imports nothing but the standard library and NumPy: it runs where
MLIR, LLVM and the rest of descend are not installed (copy this one file next
to the export). `descend.jit(f).lower(*args).compile().export(path)` writes
the export: a shared library plus `manifest.json`:

    {"format": "descend-export", "version": 1, "name": ..., "target": "cpu"|"gpu",
     "library": "<file>.so", "entry": "_mlir_ciface_<symbol>",
     "inputs":  [{"shape": [...], "dtype": "float32"}, ...],
     "buffers": [{"shape": [...], "dtype": ...}, ...],   # what the entry point writes
     "outputs": [k, ...],     # for each output leaf, the buffer it is (null: one each)
     "out_tree": {...},       # nested {"kind": tuple|list|dict|none|leaf, ...}
     "runtime_libs": [...],   # shared libraries shipped beside it, loaded first
     "gpu": {"chip": "sm_90", "runtime": "bundled"|"mlir"}}

Calling convention (as `descend.runtime`): the entry point takes one pointer
per argument, inputs then output buffers, each to a memref descriptor
`{ptr allocated, ptr aligned, i64 offset, i64 sizes[r], i64 strides[r]}`, and
writes the outputs into the caller's buffers. For the GPU target the pointers
are device pointers: the loader copies inputs to the device, calls, and
copies the outputs back, using the `mgpu*` runtime functions that the library
itself exports (descend's bundled CUDA driver shim, or MLIR's
`libmlir_cuda_runtime.so`). `cuda_available()` says whether a usable NVIDIA
driver and device are present.
"""

from __future__ import annotations

import ctypes
import json
import os
import threading
from pathlib import Path

import numpy as np

try:  # registers NumPy's "bfloat16" dtype, for exports that use it (NumPy alone has none)
    import ml_dtypes  # noqa: F401
except ImportError:  # pragma: no cover
    pass

FORMAT = "descend-export"
VERSION = 1

__all__ = ["ExportError", "ExportedFunction", "load", "cuda_available", "cuda_devices", "CudaDriver"]


class ExportError(RuntimeError):
    """An export that cannot be loaded or called: missing or corrupt manifest, wrong arguments."""


# ---------------------------------------------------------------- memref descriptors


def _strides(shape) -> list:
    strides, acc = [], 1
    for d in reversed(shape):
        strides.append(acc)
        acc *= max(int(d), 1)
    return strides[::-1]


class _Descriptors:
    """Descriptors for a fixed list of (shape) arguments; `pointers(data_ptrs)` fills them."""

    def __init__(self, shapes):
        template, offsets = [], []
        for shape in shapes:
            offsets.append(len(template))
            template += [0, 0, 0] + [int(d) for d in shape] + _strides(shape)
        self._template = np.array(template or [0], dtype=np.int64)
        self._offsets = offsets

    def build(self, data_ptrs):
        """(descriptor array, [pointer to each descriptor]); keep the array alive during the call."""
        desc = self._template.copy()
        for off, p in zip(self._offsets, data_ptrs):
            desc[off] = p
            desc[off + 1] = p
        base = desc.ctypes.data
        return desc, [base + 8 * off for off in self._offsets]


# ---------------------------------------------------------------- the CUDA driver


class CudaDriver:
    """The few CUDA driver calls needed to find devices (ctypes on libcuda.so.1)."""

    _instance = None
    _lock = threading.Lock()

    def __init__(self):
        self.error = None
        self.lib = None
        names = ["libcuda.so.1", "libcuda.so"] if os.name != "nt" else ["nvcuda.dll"]
        errors = []
        for name in names:
            try:
                self.lib = ctypes.CDLL(name)
                break
            except OSError as e:
                errors.append(str(e))
        if self.lib is None:
            self.error = "the NVIDIA driver library (libcuda.so.1) could not be loaded: " + "; ".join(errors)
            return
        rc = self.lib.cuInit(0)
        if rc != 0:
            self.error = f"cuInit failed: {self._name(rc)}"
            return
        count = ctypes.c_int(0)
        rc = self.lib.cuDeviceGetCount(ctypes.byref(count))
        if rc != 0:
            self.error = f"cuDeviceGetCount failed: {self._name(rc)}"
            return
        if count.value == 0:
            self.error = "the NVIDIA driver reports no CUDA device"
        self.count = count.value

    def _name(self, rc: int) -> str:
        s = ctypes.c_char_p()
        try:
            self.lib.cuGetErrorName(rc, ctypes.byref(s))
        except Exception:  # pragma: no cover - driver without the call
            return f"CUresult {rc}"
        return s.value.decode() if s.value else f"CUresult {rc}"

    @classmethod
    def get(cls) -> CudaDriver:
        with cls._lock:
            if cls._instance is None:
                cls._instance = cls()
            return cls._instance

    @property
    def ok(self) -> bool:
        return self.error is None

    def device_info(self, ordinal: int) -> dict:
        """{"name", "compute_capability": (major, minor), "chip": "sm_XY", "memory": bytes}."""
        dev = ctypes.c_int()
        self._check(self.lib.cuDeviceGet(ctypes.byref(dev), ordinal), "cuDeviceGet")
        buf = ctypes.create_string_buffer(256)
        self._check(self.lib.cuDeviceGetName(buf, 256, dev), "cuDeviceGetName")
        major, minor = ctypes.c_int(), ctypes.c_int()
        # CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR = 75, _MINOR = 76
        self._check(self.lib.cuDeviceGetAttribute(ctypes.byref(major), 75, dev), "cuDeviceGetAttribute")
        self._check(self.lib.cuDeviceGetAttribute(ctypes.byref(minor), 76, dev), "cuDeviceGetAttribute")
        mem = ctypes.c_size_t()
        try:
            self.lib.cuDeviceTotalMem_v2(ctypes.byref(mem), dev)
        except AttributeError:  # pragma: no cover
            pass
        return {
            "name": buf.value.decode(errors="replace"),
            "compute_capability": (major.value, minor.value),
            "chip": f"sm_{major.value}{minor.value}",
            "memory": mem.value,
        }

    def _check(self, rc, what):
        if rc != 0:
            raise RuntimeError(f"{what} failed: {self._name(rc)}")


def cuda_available() -> bool:
    """Whether an NVIDIA driver (libcuda) loads, initializes and reports at least one device."""
    return CudaDriver.get().ok


def cuda_devices() -> list[dict]:
    """`CudaDriver.device_info` of every CUDA device ([] when none is usable)."""
    drv = CudaDriver.get()
    if not drv.ok:
        return []
    return [dict(drv.device_info(i), id=i) for i in range(drv.count)]


class Mgpu:
    """Device memory through the `mgpu*` functions of an MLIR CUDA runtime library
    (descend's bundled shim inside an export, or `libmlir_cuda_runtime.so`)."""

    def __init__(self, lib):
        self.lib = lib
        vp = ctypes.c_void_p
        lib.mgpuStreamCreate.restype = vp
        lib.mgpuStreamCreate.argtypes = []
        lib.mgpuStreamSynchronize.argtypes = [vp]
        lib.mgpuStreamDestroy.argtypes = [vp]
        lib.mgpuMemAlloc.restype = vp
        lib.mgpuMemAlloc.argtypes = [ctypes.c_uint64, vp, ctypes.c_bool]
        lib.mgpuMemFree.argtypes = [vp, vp]
        lib.mgpuMemcpy.argtypes = [vp, vp, ctypes.c_size_t, vp]
        self._error = getattr(lib, "descend_gpu_error", None)
        if self._error is not None:
            self._error.restype = ctypes.c_char_p
            lib.descend_gpu_clear_error.argtypes = []

    def check(self, what: str) -> None:
        if self._error is None:
            return
        msg = self._error()
        if msg:
            self.lib.descend_gpu_clear_error()
            raise RuntimeError(f"descend GPU runtime: {what}: {msg.decode(errors='replace')}")

    def alloc(self, nbytes: int) -> int:
        p = self.lib.mgpuMemAlloc(max(int(nbytes), 1), None, False)
        self.check("device allocation")
        if not p:
            raise MemoryError(f"could not allocate {nbytes} bytes of GPU memory")
        return p

    def free(self, ptr: int) -> None:
        if ptr:
            self.lib.mgpuMemFree(ptr, None)

    def copy(self, dst: int, src: int, nbytes: int) -> None:
        """Synchronous copy between any two (host or device) addresses (unified addressing)."""
        if nbytes == 0:
            return
        stream = self.lib.mgpuStreamCreate()
        self.lib.mgpuMemcpy(dst, src, nbytes, stream)
        self.lib.mgpuStreamSynchronize(stream)
        self.lib.mgpuStreamDestroy(stream)
        self.check("copy")


# ---------------------------------------------------------------- exported functions


def _read_manifest(path: Path) -> tuple[dict, Path]:
    path = Path(path)
    manifest = path / "manifest.json" if path.is_dir() else path
    if not manifest.exists():
        raise ExportError(f"no descend export at '{path}': {manifest} does not exist")
    try:
        data = json.loads(manifest.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        raise ExportError(f"corrupt descend export manifest '{manifest}': {e}") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ExportError(f"'{manifest}' is not a descend export manifest (no \"format\": \"{FORMAT}\")")
    if data.get("version") != VERSION:
        raise ExportError(f"'{manifest}': unsupported export version {data.get('version')!r} (this loader reads {VERSION})")
    for key in ("library", "entry", "inputs", "buffers", "target"):
        if key not in data:
            raise ExportError(f"corrupt descend export manifest '{manifest}': missing \"{key}\"")
    try:
        for spec in data["inputs"] + data["buffers"]:
            spec["shape"] = [int(d) for d in spec["shape"]]
            spec["dtype"] = np.dtype(spec["dtype"]).name
    except (TypeError, KeyError, ValueError) as e:
        raise ExportError(f"corrupt descend export manifest '{manifest}': bad shape/dtype entry ({e})") from None
    return data, manifest.parent


def _unflatten(tree, leaves):
    it = iter(leaves)

    def rec(t):
        kind = t["kind"]
        if kind == "leaf":
            return next(it)
        if kind == "none":
            return None
        children = [rec(c) for c in t["children"]]
        if kind == "tuple":
            return tuple(children)
        if kind == "list":
            return children
        if kind == "dict":
            return dict(zip(t["keys"], children))
        raise ExportError(f"unknown output tree node {kind!r}")

    return rec(tree)


class ExportedFunction:
    """A function loaded from a descend export; call it with NumPy arrays (or scalars)."""

    def __init__(self, path):
        self.manifest, self.directory = _read_manifest(path)
        m = self.manifest
        self.name = m.get("name", "f")
        self.target = m["target"]
        self.in_specs = [(tuple(s["shape"]), np.dtype(s["dtype"])) for s in m["inputs"]]
        self.buf_specs = [(tuple(s["shape"]), np.dtype(s["dtype"])) for s in m["buffers"]]
        self.outputs = m.get("outputs")
        self.output_dtypes = m.get("output_dtypes")  # int32 and uint32 outputs may share a buffer
        self.out_tree = m.get("out_tree")
        if self.target == "gpu" and not cuda_available():
            raise RuntimeError(
                f"descend export '{self.name}' targets an NVIDIA GPU, but none is usable here: "
                f"{CudaDriver.get().error}"
            )
        self._libs = []
        for lib in m.get("runtime_libs", []):
            p = self.directory / lib
            try:
                self._libs.append(ctypes.CDLL(str(p), mode=ctypes.RTLD_GLOBAL))
            except OSError as e:
                raise ExportError(f"descend export '{self.name}': cannot load runtime library {p}: {e}") from None
        lib_path = self.directory / m["library"]
        if not lib_path.exists():
            raise ExportError(f"descend export '{self.name}': library {lib_path} does not exist")
        try:
            self.lib = ctypes.CDLL(str(lib_path))
        except OSError as e:
            raise ExportError(f"descend export '{self.name}': cannot load {lib_path}: {e}") from None
        try:
            fn = getattr(self.lib, m["entry"])
        except AttributeError:
            raise ExportError(f"descend export '{self.name}': {lib_path} has no symbol {m['entry']}") from None
        n = len(self.in_specs) + len(self.buf_specs)
        fn.restype = None
        fn.argtypes = [ctypes.c_void_p] * n
        self._fn = fn
        self._desc = _Descriptors([s for s, _ in self.in_specs] + [s for s, _ in self.buf_specs])
        self._mgpu = None
        if self.target == "gpu":
            self._mgpu = Mgpu(self.lib)
            self._mgpu.check("loading the kernels")

    def __repr__(self) -> str:
        sig = ", ".join(f"{d.name}{list(s)}" for s, d in self.in_specs)
        return f"<descend export {self.name}({sig}) target={self.target}>"

    def _inputs(self, args) -> list:
        if len(args) != len(self.in_specs):
            raise TypeError(f"{self.name}: expected {len(self.in_specs)} array arguments, got {len(args)}")
        arrays = []
        for i, (x, (shape, dtype)) in enumerate(zip(args, self.in_specs)):
            a = np.asarray(x)
            if a.shape != shape:
                raise TypeError(f"{self.name}: argument {i} has shape {a.shape}, but was exported for {shape}")
            if a.dtype != dtype:
                if isinstance(x, (bool, int, float)) and np.can_cast(np.min_scalar_type(x), dtype, "same_kind"):
                    a = np.asarray(x, dtype=dtype)
                else:
                    raise TypeError(f"{self.name}: argument {i} has dtype {a.dtype}, but was exported for {dtype}")
            arrays.append(np.ascontiguousarray(a))
        return arrays

    def call_flat(self, *args) -> list:
        """The output buffers as a flat list of NumPy arrays."""
        ins = self._inputs(args)
        bufs = [np.empty(s, dtype=d) for s, d in self.buf_specs]
        if self._mgpu is None:
            desc, ptrs = self._desc.build([a.ctypes.data for a in ins + bufs])
            self._fn(*ptrs)
            del desc
        else:
            self._call_gpu(ins, bufs)
        return bufs

    def _call_gpu(self, ins, bufs) -> None:
        mg = self._mgpu
        dev = []
        try:
            for a in ins + bufs:
                dev.append(mg.alloc(a.nbytes))
            for a, p in zip(ins, dev):
                mg.copy(p, a.ctypes.data, a.nbytes)
            desc, ptrs = self._desc.build(dev)
            self._fn(*ptrs)
            mg.check(f"running {self.name}")
            for b, p in zip(bufs, dev[len(ins) :]):
                mg.copy(b.ctypes.data, p, b.nbytes)
            del desc
        finally:
            for p in dev:
                mg.free(p)

    def __call__(self, *args):
        bufs = self.call_flat(*args)
        if self.outputs is None:
            outs = bufs
        else:
            seen, outs = set(), []
            for j, k in enumerate(self.outputs):
                out = bufs[k] if k not in seen else bufs[k].copy()
                if self.output_dtypes is not None and out.dtype.name != self.output_dtypes[j]:
                    out = out.view(self.output_dtypes[j])  # the same bits, the other signedness
                outs.append(out)
                seen.add(k)
        if self.out_tree is None:
            return outs[0] if len(outs) == 1 else tuple(outs)
        return _unflatten(self.out_tree, outs)


def load(path) -> ExportedFunction:
    """Load the export in directory `path` (or at manifest file `path`)."""
    return ExportedFunction(path)
