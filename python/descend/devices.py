"""Devices: the host CPU and NVIDIA GPUs, with JAX's names.

    descend.devices()            # [CpuDevice(id=0)], or the GPUs when GPU is the default backend
    descend.devices("gpu")       # [CudaDevice(id=0), ...]; RuntimeError when no GPU is usable
    descend.default_backend()    # "cpu" ("gpu" with DESCEND_DEFAULT_BACKEND=gpu)
    descend.device_put(x, d)     # an Array on device d (a GPU Array stays in GPU memory)
    descend.jit(f, backend="gpu") / descend.jit(f, device=d)

A GPU is usable when the NVIDIA driver (`libcuda.so.1`) loads, `cuInit`
succeeds and it reports a device (`export_loader.CudaDriver`). Asking for a
GPU where there is none raises a RuntimeError that says why; everything else
works as before. Tracing and lowering for the GPU need no GPU:
`jit(f, backend="gpu").lower(x).as_text("ptx")` works anywhere, and so does
`.compile().export(path)`; running needs one.

GPU functions run through MLIR's ExecutionEngine with `libmlir_cuda_runtime.so`
(the `mgpu*` wrappers the host code calls); arguments and results are device
memory: NumPy inputs are copied in, results are `GpuArray`s that stay on the
device (passed as is to the next GPU function) and are copied to the host
when NumPy asks for them. The default GPU backend stays opt-in until the GPU
path has been run on hardware (see docs/GPU.md).
"""

from __future__ import annotations

import ctypes
import os
import threading
import weakref

import numpy as np

from .array import CPU, Array, Device
from .export_loader import CudaDriver, Mgpu, _Descriptors, cuda_available
from .jit import Compiled, Lowered, _dedupe_results, _print
from .tree import tree_map, tree_unflatten

BACKENDS = ("cpu", "gpu")
_ALIASES = {"cpu": "cpu", "gpu": "gpu", "cuda": "gpu"}


class GpuDevice(Device):
    """An NVIDIA GPU (CUDA device ordinal `id`)."""

    def __init__(self, id: int = 0, name: str = "", chip: str = "sm_90"):
        super().__init__("gpu", id)
        self.device_kind = name
        self.chip = chip

    def __repr__(self) -> str:
        return f"CudaDevice(id={self.id})"

    def __eq__(self, other):
        return isinstance(other, GpuDevice) and other.id == self.id

    def __hash__(self):
        return hash(("gpu", self.id))


_GPUS: list | None = None
_LOCK = threading.Lock()


def _no_gpu_error(what: str) -> RuntimeError:
    return RuntimeError(
        f"descend: {what}, but no NVIDIA GPU is usable here: {CudaDriver.get().error}. "
        "Run on a machine with an NVIDIA GPU and driver, or use the CPU (the default)."
    )


def gpu_devices() -> list[GpuDevice]:
    """The usable GPUs; RuntimeError when there are none."""
    global _GPUS
    with _LOCK:
        if _GPUS is None:
            if not cuda_available():
                raise _no_gpu_error("the GPU backend was requested")
            from .export_loader import cuda_devices

            _GPUS = [GpuDevice(d["id"], d["name"], d["chip"]) for d in cuda_devices()]
        return list(_GPUS)


def _backend_name(backend: str) -> str:
    name = _ALIASES.get(str(backend).lower()) if backend is not None else None
    if name is None:
        raise RuntimeError(f"descend: unknown backend {backend!r}; backends are 'cpu' and 'gpu' (alias 'cuda')")
    return name


def default_backend() -> str:
    """The backend of `jit` without `backend=`/`device=`: "cpu", unless the environment
    variable DESCEND_DEFAULT_BACKEND says "gpu"."""
    env = os.environ.get("DESCEND_DEFAULT_BACKEND")
    return _backend_name(env) if env else "cpu"


def devices(backend: str | None = None) -> list:
    """The devices of `backend` ("cpu" or "gpu"; default: `default_backend()`)."""
    name = _backend_name(backend) if backend is not None else default_backend()
    if name == "cpu":
        return [CPU]
    return gpu_devices()


def local_devices(backend: str | None = None) -> list:
    return devices(backend)


class GpuTarget:
    """Where a jitted function runs on the GPU: a device (None: the first GPU, found at
    run time, so that tracing and lowering work without one) and the chip to compile for."""

    def __init__(self, device: GpuDevice | None = None, chip: str | None = None):
        self.device = device
        self.chip = chip or (device.chip if device is not None else None)

    def resolve_device(self) -> GpuDevice:
        if self.device is None:
            self.device = gpu_devices()[0]
        return self.device

    def resolve_chip(self) -> str:
        """The chip: the device's when one is known or present, else sm_90 (H100)."""
        if self.chip is None:
            if self.device is not None:
                self.chip = self.device.chip
            elif cuda_available():
                self.chip = self.resolve_device().chip
            else:
                from descend.lowering.gpu_pipeline import DEFAULT_CHIP

                self.chip = DEFAULT_CHIP
        return self.chip


def resolve_target(backend=None, device=None):
    """None for the CPU, or a `GpuTarget`, from jit's `backend=`/`device=` arguments."""
    if device is not None:
        if not isinstance(device, Device):
            raise TypeError(f"jit: device must be a descend Device (from descend.devices()), not {type(device).__name__}")
        if backend is not None and _backend_name(backend) != device.platform:
            raise ValueError(f"jit: device {device} is not on backend {backend!r}")
        return GpuTarget(device) if device.platform == "gpu" else None
    name = _backend_name(backend) if backend is not None else default_backend()
    return GpuTarget() if name == "gpu" else None


# ---------------------------------------------------------------- lowering and compiling


class GpuLowered(Lowered):
    """A traced function lowered for an NVIDIA GPU: stages dsc, linalg, buffers, gpu,
    nvvm, binary, and "ptx" (the kernels' PTX assembly)."""

    backend = "gpu"

    @property
    def stage_names(self) -> list:
        from descend.lowering.gpu_pipeline import GPU_STAGE_NAMES

        return [*GPU_STAGE_NAMES, "ptx"]

    @property
    def chip(self) -> str:
        return self.target.resolve_chip()

    def _module_at(self, stage: str):
        from mlir import ir

        from descend.lowering.gpu_pipeline import GPU_STAGE_NAMES, gpu_stages, run_gpu_stages

        module = ir.Module.parse(self._dsc_text, self._context)
        stages = gpu_stages(self.chip)
        if GPU_STAGE_NAMES.index(stage) <= GPU_STAGE_NAMES.index("linalg"):
            run_gpu_stages(module, upto=stage, stages=stages)
            return module
        run_gpu_stages(module, upto="linalg", stages=stages)
        self._out_index = _dedupe_results(module, self.name)
        run_gpu_stages(module, upto=stage, start="linalg", stages=stages)
        return module

    def as_text(self, stage: str = "dsc", debug_info: bool | None = None) -> str:
        """The IR after `stage`, or for "ptx" the PTX assembly of every kernel."""
        if stage not in self.stage_names:
            raise ValueError(f"unknown GPU stage {stage!r}; stages are {', '.join(self.stage_names)}")
        if stage == "ptx":
            from descend.lowering.gpu_pipeline import ptx_of

            return ptx_of(self.as_text("binary"))
        if debug_info is None:
            debug_info = stage == "dsc"
        key = f"{stage}:{debug_info}"
        if key not in self._texts:
            self._texts[key] = _print(self._module_at(stage), debug_info)
        return self._texts[key]

    def compile(self) -> GpuCompiled:
        """A `Compiled` for the GPU: it runs where a GPU is usable (RuntimeError otherwise)
        and exports anywhere (`.export(path)`)."""
        module = self._module_at("binary")
        index = self._out_index
        types = self.out_types if index is None else [self.out_types[index.index(k)] for k in range(max(index) + 1)]
        return GpuCompiled(module, self, types, index)


def gpu_lowered(lowered: Lowered, target: GpuTarget) -> GpuLowered:
    """The GPU version of a traced function."""
    new = GpuLowered.__new__(GpuLowered)
    new.__dict__.update(lowered.__dict__)
    new._texts = {}
    new.target = target
    return new


# ---------------------------------------------------------------- running on the GPU


class _Runtime:
    """MLIR's CUDA runtime wrappers (libmlir_cuda_runtime.so), loaded once per process."""

    instance = None
    lock = threading.Lock()

    @classmethod
    def get(cls):
        with cls.lock:
            if cls.instance is None:
                from .export import RUNTIME_DIR

                path = RUNTIME_DIR / "libmlir_cuda_runtime.so"
                try:
                    lib = ctypes.CDLL(str(path), mode=ctypes.RTLD_GLOBAL)
                except OSError as e:
                    raise RuntimeError(f"descend: cannot load MLIR's CUDA runtime {path}: {e}") from None
                cls.instance = (str(path), Mgpu(lib))
            return cls.instance


class GpuArray(Array):
    """An Array in GPU memory. NumPy conversion copies it to the host (once, then cached)."""

    def __init__(self, ptr: int, shape, dtype, device: GpuDevice, mgpu: Mgpu):
        self._ptr = ptr
        self._shape = tuple(int(d) for d in shape)
        self._dtype = np.dtype(dtype)
        self._device = device
        self._mgpu = mgpu
        self._host = None
        weakref.finalize(self, mgpu.free, ptr)

    shape = property(lambda self: self._shape)
    dtype = property(lambda self: self._dtype)
    ndim = property(lambda self: len(self._shape))
    size = property(lambda self: int(np.prod(self._shape, dtype=np.int64)))
    device = property(lambda self: self._device)

    @property
    def _buffer(self) -> np.ndarray:
        if self._host is None:
            host = np.empty(self._shape, dtype=self._dtype)
            self._mgpu.copy(host.ctypes.data, self._ptr, host.nbytes)
            host.flags.writeable = False
            self._host = host
        return self._host

    def devices(self):
        return {self._device}

    def block_until_ready(self) -> GpuArray:
        return self  # every GPU call synchronizes its stream before returning


def device_put(x, device=None):
    """`x` (an array, scalar or pytree of them) as descend Arrays on `device` (a Device or a
    backend name; default: the first device of the default backend)."""
    if device is None or isinstance(device, str):
        device = devices(device)[0]
    if not isinstance(device, Device):
        raise TypeError(f"device_put: expected a descend Device, got {type(device).__name__}")

    def put(v):
        if device.platform == "cpu":
            if isinstance(v, Array) and not isinstance(v, GpuArray):
                return v
            return Array(np.array(np.asarray(v)))
        if isinstance(v, GpuArray) and v.device == device:
            return v
        if not cuda_available():
            raise _no_gpu_error("device_put to a GPU was requested")
        host = np.ascontiguousarray(np.asarray(v))
        _, mgpu = _Runtime.get()
        ptr = mgpu.alloc(host.nbytes)
        mgpu.copy(ptr, host.ctypes.data, host.nbytes)
        return GpuArray(ptr, host.shape, host.dtype, device, mgpu)

    return tree_map(put, x)


class GpuCompiled(Compiled):
    """A function compiled for the GPU. It is JIT-loaded (MLIR ExecutionEngine with
    libmlir_cuda_runtime.so) on the first call, which needs a usable GPU."""

    def __init__(self, module, lowered: GpuLowered, buffer_types, out_index):
        self._module = module
        self._lowered = lowered
        self.out_tree = lowered.out_tree
        self.name = lowered.name
        self._out_index = out_index
        self.in_types = list(lowered.in_types)
        self.buffer_types = list(buffer_types)
        self._engine = None
        self._lock = threading.Lock()
        self._exe = _Signature(self.in_types)  # Compiled.__call__ checks arguments against it

    def _ready(self) -> None:
        with self._lock:
            if self._engine is not None:
                return
            device = self._lowered.target.resolve_device()  # RuntimeError without a GPU
            from mlir.execution_engine import ExecutionEngine

            from .runtime import SHARED_LIBS

            path, mgpu = _Runtime.get()
            engine = ExecutionEngine(self._module, opt_level=3, shared_libs=[path, *SHARED_LIBS])
            if hasattr(engine, "initialize"):
                engine.initialize()  # the global constructors load the kernels' modules
            address = engine.raw_lookup("_mlir_ciface_" + self.name)
            if not address:
                raise RuntimeError(f"compiled module has no entry point _mlir_ciface_{self.name}")
            self._fn = ctypes.CFUNCTYPE(None, ctypes.c_void_p)(address)
            self._mgpu = mgpu
            self._device = device
            self._desc = _Descriptors([t.shape for t in self.in_types + self.buffer_types])
            self._engine = engine

    def call_flat(self, leaves: list):
        self._ready()
        mg, device = self._mgpu, self._device
        temps, ptrs = [], []
        try:
            for x, t in zip(leaves, self.in_types):
                if isinstance(x, GpuArray) and x.device == device:
                    ptrs.append(x._ptr)
                    continue
                host = np.ascontiguousarray(np.asarray(x, dtype=t.dtype))
                p = mg.alloc(host.nbytes)
                temps.append(p)
                mg.copy(p, host.ctypes.data, host.nbytes)
                ptrs.append(p)
            outs = []
            for t in self.buffer_types:
                dt = np.dtype(t.dtype)
                nbytes = int(np.prod(t.shape, dtype=np.int64)) * dt.itemsize
                outs.append(GpuArray(mg.alloc(nbytes), t.shape, dt, device, mg))
            desc, dptrs = self._desc.build(ptrs + [o._ptr for o in outs])
            slots = np.array(dptrs, dtype=np.int64)  # the packed wrapper takes argv[i] -> descriptor pointer i
            argv = slots.ctypes.data + 8 * np.arange(len(dptrs), dtype=np.int64)
            self._fn(argv.ctypes.data)
            del desc, slots
        finally:
            for p in temps:
                mg.free(p)
        if self._out_index is not None:  # a value returned several times: one buffer per output
            seen, res = set(), []
            for j, k in enumerate(self._out_index):
                if k in seen:
                    # (int32 and uint32 outputs of the same bits share a buffer: each keeps its dtype)
                    host = np.asarray(outs[k]).view(np.dtype(self._lowered.out_types[j].dtype))
                    res.append(device_put(host, device))
                else:
                    res.append(outs[k])
                seen.add(k)
            outs = res
        return tree_unflatten(self.out_tree, outs)


class _Signature:
    def __init__(self, in_types):
        self.in_types = in_types
