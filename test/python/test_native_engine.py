"""descend.native_engine: MLIR's ExecutionEngine through the C API (ctypes, GIL released)."""

from __future__ import annotations

import ctypes
import threading

import pytest
from mlir import ir

from descend.native_engine import NativeEngine

ADD = """
module {
  llvm.func @add(%a: i64, %b: i64) -> i64 attributes {llvm.emit_c_interface} {
    %c = llvm.add %a, %b : i64
    llvm.return %c : i64
  }
}
"""


def _call_add(engine, a: int, b: int) -> int:
    """Call @add through its packed wrapper (void** of argument and result pointers)."""
    x, y, r = ctypes.c_int64(a), ctypes.c_int64(b), ctypes.c_int64()
    argv = (ctypes.c_void_p * 3)(ctypes.addressof(x), ctypes.addressof(y), ctypes.addressof(r))
    ctypes.CFUNCTYPE(None, ctypes.c_void_p)(engine.lookup_packed("add"))(argv)
    return r.value


def test_compile_lookup_call_and_object_file(tmp_path):
    engine = NativeEngine(ir.Module.parse(ADD, ir.Context()), 2, object_dump=True)
    assert _call_add(engine, 40, 2) == 42
    assert engine.lookup("add") != 0 and engine.lookup("no_such_symbol") == 0
    engine.dump_to_object_file(tmp_path / "add.o")
    assert (tmp_path / "add.o").read_bytes()[:4] == b"\x7fELF"


def test_engines_compile_in_threads():
    results = [None] * 4

    def work(i):
        engine = NativeEngine(ir.Module.parse(ADD, ir.Context()), 2)
        results[i] = _call_add(engine, i, 100)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [100, 101, 102, 103]


def test_untranslatable_module_is_an_error():
    module = ir.Module.parse("module { func.func @f() { return } }", ir.Context())
    with pytest.raises(RuntimeError, match="ExecutionEngine"):
        NativeEngine(module, 2)
