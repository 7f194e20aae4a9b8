"""MLIR's ExecutionEngine through its C API with ctypes: LLVM compiles without holding the GIL.

The Python binding (`mlir.execution_engine.ExecutionEngine`) keeps the GIL while LLVM optimizes
and emits code, so two compilations in two Python threads run one after the other. ctypes drops
the GIL around every foreign call: `NativeEngine(module, ...)` and its `lookup` let other Python
threads (descend's shared matmul kernels, compiled in a pool: shared_kernels.py) use the other
cores meanwhile.

    in:  an `ir.Module` in the LLVM dialect (parse it in a context no other thread uses while
         it compiles), LLVM's optimization level, whether to keep a position-independent
         object file for `dump_to_object_file`
    out: an engine whose `lookup(name)` / `lookup_packed(name)` is the address of a symbol /
         of its packed wrapper (machine code made on the first lookup),
         `dump_to_object_file(path)`; destroyed with the object

Same library, same functions as the binding (`mlirExecutionEngineCreate`, ...Lookup,
...LookupPacked, ...DumpToObjectFile, ...Destroy of libMLIRPythonCAPI).
"""

from __future__ import annotations

import ctypes
import functools
from pathlib import Path

import mlir._mlir_libs as _libs


class _Ref(ctypes.Structure):
    _fields_ = [("ptr", ctypes.c_void_p)]


class _StringRef(ctypes.Structure):
    _fields_ = [("data", ctypes.c_char_p), ("length", ctypes.c_size_t)]


def _string(text: str) -> _StringRef:
    data = text.encode()
    return _StringRef(data, len(data))


@functools.cache
def _capi():
    lib = ctypes.CDLL(str(Path(_libs.__file__).parent / "libMLIRPythonCAPI.so"))
    lib.mlirExecutionEngineCreate.argtypes = [_Ref, ctypes.c_int, ctypes.c_int, ctypes.POINTER(_StringRef),
                                              ctypes.c_bool, ctypes.c_bool]
    lib.mlirExecutionEngineCreate.restype = _Ref
    for fn in (lib.mlirExecutionEngineLookup, lib.mlirExecutionEngineLookupPacked):
        fn.argtypes, fn.restype = [_Ref, _StringRef], ctypes.c_void_p
    lib.mlirExecutionEngineDumpToObjectFile.argtypes = [_Ref, _StringRef]
    lib.mlirExecutionEngineDumpToObjectFile.restype = None
    for name, args, res in (
        ("mlirDialectRegistryCreate", [], _Ref), ("mlirRegisterAllDialects", [_Ref], None),
        ("mlirContextCreateWithRegistry", [_Ref, ctypes.c_bool], _Ref), ("mlirDialectRegistryDestroy", [_Ref], None),
        ("mlirRegisterAllLLVMTranslations", [_Ref], None), ("mlirModuleCreateParse", [_Ref, _StringRef], _Ref),
        ("mlirModuleDestroy", [_Ref], None), ("mlirContextDestroy", [_Ref], None),
    ):
        getattr(lib, name).argtypes, getattr(lib, name).restype = args, res
    lib.mlirExecutionEngineDestroy.argtypes = [_Ref]
    lib.mlirExecutionEngineDestroy.restype = None
    get = ctypes.pythonapi.PyCapsule_GetPointer
    get.argtypes, get.restype = [ctypes.py_object, ctypes.c_char_p], ctypes.c_void_p
    return lib


class NativeEngine:
    """An ExecutionEngine for `module` (see the module docstring)."""

    def __init__(self, module, opt_level: int = 2, object_dump: bool = False):
        _capi()  # (also declares PyCapsule_GetPointer's types)
        self._module = module  # the engine reads it while compiling
        pointer = ctypes.pythonapi.PyCapsule_GetPointer(module._CAPIPtr, b"mlir.ir.Module._CAPIPtr")
        self._create(_Ref(pointer), opt_level, object_dump)

    def _create(self, module: _Ref, opt_level: int, object_dump: bool) -> None:
        self._engine = _capi().mlirExecutionEngineCreate(module, opt_level, 0, None, object_dump, object_dump)
        if not self._engine.ptr:
            raise RuntimeError("descend internal error: MLIR could not make an ExecutionEngine for the module")

    @classmethod
    def from_text(cls, text: str, opt_level: int = 2, object_dump: bool = False) -> NativeEngine:
        """Parse `text` (an LLVM-dialect module) into a context of its own and compile it, all
        through the C API: no step holds the GIL. ValueError when it does not parse."""
        capi = _capi()
        self = cls.__new__(cls)
        self._module = None
        registry = capi.mlirDialectRegistryCreate()
        capi.mlirRegisterAllDialects(registry)
        self._context = capi.mlirContextCreateWithRegistry(registry, False)
        capi.mlirDialectRegistryDestroy(registry)
        capi.mlirRegisterAllLLVMTranslations(self._context)
        self._parsed = capi.mlirModuleCreateParse(self._context, _string(text))
        if not self._parsed.ptr:
            raise ValueError("descend internal error: a kernel module did not parse")
        self._create(self._parsed, opt_level, object_dump)
        return self

    def lookup(self, name: str) -> int:
        """The address of `name` (0 when absent); the first lookup emits the machine code."""
        return _capi().mlirExecutionEngineLookup(self._engine, _string(name)) or 0

    def lookup_packed(self, name: str) -> int:
        """The address of `name`'s packed wrapper `void(void **args)` (as the binding's
        `raw_lookup`; 0 when absent)."""
        return _capi().mlirExecutionEngineLookupPacked(self._engine, _string(name)) or 0

    def dump_to_object_file(self, path: str) -> None:
        _capi().mlirExecutionEngineDumpToObjectFile(self._engine, _string(str(path)))

    def __del__(self):
        capi = _capi()
        engine = getattr(self, "_engine", None)
        if engine is not None and engine.ptr:
            capi.mlirExecutionEngineDestroy(engine)
            self._engine = None
        parsed, context = getattr(self, "_parsed", None), getattr(self, "_context", None)
        if parsed is not None and parsed.ptr:  # from_text owns its module and context
            capi.mlirModuleDestroy(parsed)
            self._parsed = None
        if context is not None and context.ptr:
            capi.mlirContextDestroy(context)
            self._context = None
