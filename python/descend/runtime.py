"""Run compiled functions: the ExecutionEngine and the C calling convention.

The pipeline leaves one public function `@name(in0, ..., out0, ...)` whose
arguments are memrefs with identity layout and whose results were turned into
caller-provided out-params. With `llvm.emit_c_interface` it is reachable as
`_mlir_ciface_name`, taking one pointer to a memref descriptor per argument;
the ExecutionEngine's packed wrapper of that symbol takes one `void**` array
whose entries point at those descriptor pointers.

A descriptor of a rank-r memref is `{ptr allocated, ptr aligned, i64 offset,
i64 sizes[r], i64 strides[r]}`: 3 + 2r words. `Executable` precomputes the
constant words per argument; a call copies that template, writes the data
pointers of the NumPy inputs and of freshly allocated outputs, and calls the
wrapper. Nothing is copied: outputs are written by the generated code into the
arrays returned. Descriptors are per call, so concurrent calls are safe.
"""

from __future__ import annotations

import ctypes
from pathlib import Path

import numpy as np
from mlir import ir as _mlir_ir
from mlir.execution_engine import ExecutionEngine

from descend.dialects.types import TType

_LIB_DIR = Path(_mlir_ir.__file__).parent / "lib"
SHARED_LIBS = [str(_LIB_DIR / "libmlir_c_runner_utils.so")]
_PACKED = ctypes.CFUNCTYPE(None, ctypes.c_void_p)


def _strides(shape) -> list:
    strides, acc = [], 1
    for d in reversed(shape):
        strides.append(acc)
        acc *= max(d, 1)
    return strides[::-1]


class Executable:
    """A function compiled to machine code, callable on NumPy arrays.

    `in_types`/`out_types` are the TTypes of the inputs and outputs;
    `__call__(arrays)` takes C-contiguous arrays of exactly those types and
    returns a list of new NumPy arrays."""

    def __init__(self, llvm_module, name: str, in_types: list, out_types: list, opt_level: int = 3):
        self.engine = ExecutionEngine(llvm_module, opt_level=opt_level, shared_libs=SHARED_LIBS)
        address = self.engine.raw_lookup("_mlir_ciface_" + name)
        if not address:
            raise RuntimeError(f"compiled module has no entry point _mlir_ciface_{name}")
        self._fn = _PACKED(address)
        self.in_types = [TType(tuple(t.shape), t.dtype) for t in in_types]
        self.out_types = [TType(tuple(t.shape), t.dtype) for t in out_types]
        self._out_dtypes = [np.dtype(t.dtype) for t in self.out_types]
        template, offsets = [], []
        for t in self.in_types + self.out_types:
            offsets.append(len(template))
            template += [0, 0, 0] + list(t.shape) + _strides(t.shape)
        self._template = np.array(template, dtype=np.int64)
        self._offsets = np.array(offsets, dtype=np.int64)
        self._n = len(offsets)

    def __call__(self, arrays: list) -> list:
        outs = [np.empty(t.shape, dtype=dt) for t, dt in zip(self.out_types, self._out_dtypes)]
        desc = self._template.copy()
        for off, a in zip(self._offsets.tolist(), arrays + outs):
            ptr = a.__array_interface__["data"][0]
            desc[off] = ptr
            desc[off + 1] = ptr
        # argv[i] -> ptrs[i] -> descriptor i
        ptrs = desc.ctypes.data + 8 * self._offsets
        argv = np.empty(self._n, dtype=np.int64)
        argv[:] = ptrs.ctypes.data + 8 * np.arange(self._n, dtype=np.int64)
        self._fn(argv.ctypes.data)
        return outs
