"""Run compiled functions: the ExecutionEngine and the C calling convention.

The pipeline leaves one public function `@name(in0, ..., out0, ...)` whose
arguments are memrefs with identity layout and whose results were turned into
caller-provided out-params. With `llvm.emit_c_interface` it is reachable as
`_mlir_ciface_name`, taking one pointer to a memref descriptor per argument;
the ExecutionEngine's packed wrapper of that symbol takes one `void**` array
whose entries point at those descriptor pointers.

A descriptor of a rank-r memref is `{ptr allocated, ptr aligned, i64 offset,
i64 sizes[r], i64 strides[r]}`: 3 + 2r words. `Executable` builds, once per
thread, a block holding every descriptor (the constant words filled in) and
the argument vector pointing at them; a call writes the data pointers of the
NumPy inputs and of freshly allocated outputs and calls the wrapper. Nothing
is copied: outputs are written by the generated code into the arrays
returned. Descriptors are per thread, so concurrent calls are safe.
"""

from __future__ import annotations

import ctypes
import os
import threading
from pathlib import Path

import numpy as np
from mlir import ir
from mlir import ir as _mlir_ir

from descend.dialects.types import TType
from descend.native_engine import NativeEngine

from . import buffer_pool, compile_log, host_memory, thread_pin

host_memory.tune()  # freed outputs and temporaries keep their pages (host_memory.py)

_LIB_DIR = Path(_mlir_ir.__file__).parent / "lib"
SHARED_LIBS = [str(_LIB_DIR / "libmlir_c_runner_utils.so")]
# Loaded once into the process (RTLD_GLOBAL), where every engine finds its symbols
# (memrefCopy, ...): given as `shared_libs`, the library costs each engine ~1.4 MiB of
# resident memory, and the in-memory object file kept for `dump_to_object_file` ~0.7 MiB;
# without both an engine holds ~0.16 MiB (test/python/test_leaks.py, docs/RELIABILITY.md).
_RUNTIME_LIBS = [ctypes.CDLL(lib, mode=ctypes.RTLD_GLOBAL) for lib in SHARED_LIBS]
_PACKED = ctypes.CFUNCTYPE(None, ctypes.c_void_p)


def _strides(shape) -> list:
    strides, acc = [], 1
    for d in reversed(shape):
        strides.append(acc)
        acc *= max(d, 1)
    return strides[::-1]


_DYNAMIC_INDEX = -(2**31)  # llvm.getelementptr's rawConstantIndices entry for an SSA index
_ALLOC_FUNCTIONS = ("@malloc", "@aligned_alloc", "@_mlir_memref_to_llvm_alloc")


def _elem_bytes(t) -> int:
    s = str(t)
    if s.startswith(("i", "f", "bf")) and s.lstrip("bfi").isdigit():
        return max(1, (int(s.lstrip("bfi")) + 7) // 8)
    return 8  # a vector or struct: a lower bound is enough here


def _constant_int(value):
    op = value.owner
    if getattr(op, "name", None) == "llvm.mlir.constant":
        try:
            return ir.IntegerAttr(op.attributes["value"]).value
        except (ValueError, TypeError, KeyError):
            return None
    return None


def largest_allocation(llvm_module) -> int:
    """The largest constant-size heap allocation (bytes) in the generated code: memref.alloc
    lowers to `malloc(ptrtoint(gep null[n]) + align)`; 0 when there is none it can read."""
    largest = 0
    calls = []
    advance = ir.WalkResult.ADVANCE  # looked up once: per op it cost more than the walk itself

    def collect(op):
        if op.name == "llvm.call":
            calls.append(op)
        return advance

    llvm_module.operation.walk(collect)
    for op in calls:
        if "callee" in op.attributes and str(op.attributes["callee"]) in _ALLOC_FUNCTIONS:
            size = op.operands[len(op.operands) - 1].owner
            while getattr(size, "name", None) == "llvm.add":  # + alignment
                size = size.operands[0].owner
            gep = size.operands[0].owner if getattr(size, "name", None) == "llvm.ptrtoint" else None
            if getattr(gep, "name", None) == "llvm.getelementptr":
                raw = list(ir.DenseI32ArrayAttr(gep.attributes["rawConstantIndices"]))
                count = raw[0] if raw and raw[0] != _DYNAMIC_INDEX else _constant_int(gep.operands[1]) if len(gep.operands) > 1 else None
                if count is not None:
                    largest = max(largest, count * _elem_bytes(ir.TypeAttr(gep.attributes["elem_type"]).value))
    return largest


def llvm_opt_level() -> int:
    """LLVM's optimization level for the generated code: DESCEND_LLVM_OPT (0-3), default 2
    (measured against 3, interleaved in one process: no case of benchmarks/run.py --quick ran
    slower beyond noise, softmax and layernorm ran 8-25% faster, and LLVM took ~10% less time)."""
    from descend.lowering.host import env_int

    return min(max(env_int("DESCEND_LLVM_OPT", 2), 0), 3)


def _physical_memory() -> int:
    try:
        return os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (ValueError, OSError):
        return 2**62


class Executable:
    """A function compiled to machine code, callable on NumPy arrays.

    `in_types`/`out_types` are the TTypes of the inputs and outputs;
    `__call__(arrays)` takes C-contiguous arrays of exactly those types and
    returns a list of new NumPy arrays.

    The call path is cached: each thread gets (once) its own block of
    descriptors and the `void**` argument array pointing at them, so a call only
    allocates the outputs, writes 2 data pointers per argument and calls the
    packed entry point (ctypes releases the GIL during the call)."""

    def __init__(self, llvm_module, name: str, in_types: list, out_types: list, opt_level: int | None = None,
                 object_dump: bool = False, shared_kernels: bool = False):
        """`object_dump`: compile position-independent code and keep the object file, for
        `engine.dump_to_object_file` (the on-disk cache, descend.compile_cache).
        `shared_kernels`: the module's matmul kernels are compiled once per process and
        machine and called, not compiled again (descend.shared_kernels; `self.kernels`)."""
        # The generated code does not check malloc: a temporary that cannot be allocated
        # would be a NULL dereference (a segfault, found by test_fuzz_api.py), so refuse here.
        need = largest_allocation(llvm_module)
        if need > _physical_memory():
            raise MemoryError(
                f"{name}: the compiled code needs a temporary buffer of {need} bytes, more than this "
                f"machine's memory ({_physical_memory()} bytes)"
            )
        self.uses_openmp = _uses_openmp(llvm_module)
        if self.uses_openmp:
            from descend.lowering.host import openmp_library

            if openmp_library() is None:  # loads it into the process (RTLD_GLOBAL)
                raise RuntimeError("descend: the compiled code uses OpenMP but no OpenMP runtime was found "
                                   "(pip install intel-openmp, or set DESCEND_NUM_THREADS=1)")
        if opt_level is None:
            opt_level = llvm_opt_level()
        logging = compile_log.level() > 0
        self.kernels, pending = [], []
        if shared_kernels:
            from . import shared_kernels as _shared

            if _shared.enabled() and _shared.has_kernels(llvm_module):
                with compile_log.phase(name, "shared kernels", logging):  # they compile meanwhile, in threads
                    pending = _shared.externalize(llvm_module, opt_level, name)
        # Through the C API, LLVM runs without the GIL: the kernels' threads go on meanwhile.
        # The module calls its kernels through pointer variables, so it compiles without them.
        with compile_log.phase(name, "llvm-opt", logging):  # translation to LLVM IR and LLVM's passes
            self.engine = NativeEngine(llvm_module, opt_level, object_dump=object_dump)
        with compile_log.phase(name, "llvm-codegen", logging):  # the JIT emits machine code on first lookup
            address = self.engine.lookup_packed("_mlir_ciface_" + name)
        self.kernel_pointers = [p.pointer for p in pending]
        if pending:
            with compile_log.phase(name, "shared kernels wait", logging):
                self.kernels = _shared.resolve(pending)
            _shared.fill(self.engine.lookup, self.kernel_pointers, [k.address for k in self.kernels])
        if not address:
            raise RuntimeError(f"compiled module has no entry point _mlir_ciface_{name}")
        self._setup(address, in_types, out_types)

    @classmethod
    def from_library(cls, library, address: int, in_types: list, out_types: list,
                     uses_openmp: bool = False) -> Executable:
        """An Executable for a packed entry point at `address` in an already loaded shared
        library (`library` is kept alive as `engine`): a function from the on-disk cache."""
        self = cls.__new__(cls)
        self.engine = library
        self.uses_openmp = uses_openmp
        self.kernels, self.kernel_pointers = [], []
        self._setup(address, in_types, out_types)
        return self

    def _setup(self, address: int, in_types: list, out_types: list) -> None:
        self._fn = _PACKED(address)
        # (parallel code runs with the caller pinned to the CPU no worker is on: thread_pin.py)
        self._call = thread_pin.wrap(self._fn) if self.uses_openmp else self._fn
        self.in_types = [TType(tuple(t.shape), t.dtype) for t in in_types]
        self.out_types = [TType(tuple(t.shape), t.dtype) for t in out_types]
        self._out_dtypes = [np.dtype(t.dtype) for t in self.out_types]
        self._out_specs = [(tuple(t.shape), dt) for t, dt in zip(self.out_types, self._out_dtypes)]
        template, offsets = [], []
        for t in self.in_types + self.out_types:
            offsets.append(len(template))
            template += [0, 0, 0] + list(t.shape) + _strides(t.shape)
        self._template = template
        self._offsets = offsets
        self.thread_slots = _ThreadSlots(template, offsets)

    def __call__(self, arrays: list) -> list:
        block, argv = self.thread_slots.value
        outs = [buffer_pool.empty(shape, dt) for shape, dt in self._out_specs]
        for off, x in zip(self._offsets, arrays + outs):
            block[off] = block[off + 1] = data_pointer(x)
        self._call(argv)
        return outs


class _ThreadSlots(threading.local):
    """Per thread (threading.local runs __init__ once in each thread that uses it):
    `value` = (ctypes int64 block holding every descriptor then the pointers to them,
    the address of the `void**` argument vector in it)."""

    def __init__(self, template: list, offsets: list):
        n, words = len(offsets), len(template)
        block = (ctypes.c_int64 * (words + 2 * n))(*template)
        base = ctypes.addressof(block)
        ptrs = words  # ptrs[i] = &descriptor i ; argv[i] = &ptrs[i]
        for i, off in enumerate(offsets):
            block[ptrs + i] = base + 8 * off
            block[ptrs + n + i] = base + 8 * (ptrs + i)
        self.value = (block, base + 8 * (ptrs + n))


def _data_pointer_offset() -> int | None:
    """The byte offset of `data` in NumPy's array object (`PyArrayObject_fields`: it follows
    the object header), checked on a few arrays; None where it does not hold (another Python
    implementation or object layout): then `data_pointer` asks NumPy."""
    offset = object.__basicsize__
    try:
        probes = [np.empty(3, np.float32), np.zeros((2, 5), np.int8)[1], np.arange(4.0)[::-1]]
        if all(ctypes.c_void_p.from_address(id(a) + offset).value == a.ctypes.data for a in probes):
            return offset
    except (ValueError, OverflowError, TypeError):
        pass
    return None


_DATA_OFFSET = _data_pointer_offset()
_from_address = ctypes.c_void_p.from_address


def _data_pointer_slow(x: np.ndarray) -> int:
    return x.__array_interface__["data"][0]


def _data_pointer_fast(x: np.ndarray) -> int:
    # PyArray_DATA(x), read from the object itself: ~0.1 us where __array_interface__ takes ~0.8 us.
    # Only ever given an np.ndarray (the caller holds a reference), so the address is valid.
    return _from_address(id(x) + _DATA_OFFSET).value or 0


data_pointer = _data_pointer_slow if _DATA_OFFSET is None else _data_pointer_fast
data_pointer.__doc__ = "The address of the first element of NumPy array `x` (its data pointer)."


def _uses_openmp(module) -> bool:
    found = []

    def visit(op):
        if op.name.startswith("omp."):
            found.append(op)
            return ir.WalkResult.INTERRUPT
        return ir.WalkResult.ADVANCE

    module.operation.walk(visit, ir.WalkOrder.PRE_ORDER)
    return bool(found)
