"""Matmul kernels compiled once, shared by every module that calls them.

`matmul-schedule` (lowering/matmul_schedule.py) puts shape-generic kernel functions
`@__descend_matmul_<i>` into each module that has a large float contraction; in LLVM they
cost more than the rest of a typical training step. A kernel depends only on its text (element
type, layouts, dimension roles, tiles), so `externalize` takes them out of a module just before
the ExecutionEngine compiles it:

    in:  an LLVM-dialect module (the end of the `llvm` stage) and LLVM's optimization level
    out: the module with each kernel's body replaced by a call through a pointer variable
         `@__descend_kptr_<hash of its text>`, and a `Pending` per kernel: the variable and
         the future `Kernel` (symbol `__descend_kernel_<hash>`, address of its machine code)
         to point it at

A kernel is compiled at most once per process (a table keyed by its text and the optimization
level) and, with the on-disk cache on (descend.compile_cache), once per machine: an entry
`<key>/` holds `manifest.json` (`"kind": "kernel"`), the kernel's object file and a shared
library made from it, loaded by later processes. The key covers the kernel module's text,
LLVM's optimization level and `compile_cache.compiler_fingerprint()`. Entries are checked
(key, checksums) and removed when broken, as function entries are.

Only the JIT path uses this (`Executable(..., shared_kernels=True)`, from `Lowered.compile`):
`as_text`, descend-opt and `descend.export` keep the kernels inline (an export is
self-contained), and an on-disk cache entry of a function links the kernels' object files into
its library (the entry loads on its own). DESCEND_SHARED_KERNELS=0 keeps kernels inline
everywhere. Kernels compile in a thread pool (one thread per core) through `NativeEngine`, which
releases the GIL: a module's kernels compile at the same time as each other and as the module's
own LLVM compile (`externalize` returns Futures, `resolve` waits; the MLP step: 0.44 -> 0.3 s).
Thread-safe: the table is guarded by one lock, each kernel compiled once. DESCEND_LOG_COMPILE adds the
phases `shared kernels` (all of this, for a module with kernels) and `kernel <id> compile`.
"""

from __future__ import annotations

import ctypes
import functools
import hashlib
import json
import os
import re
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from mlir import ir

from . import compile_log
from .native_engine import NativeEngine

__all__ = ["Kernel", "enabled", "has_kernels", "externalize", "resolve", "clear_process_table"]

PREFIX = "__descend_matmul_"
FORMAT = 1
_lock = threading.Lock()
_table: dict = {}  # (kernel text hash, opt level) -> Future of its Kernel


@dataclass
class Kernel:
    """A compiled kernel: `symbol` at `address`; `keep` holds what owns the code (an engine
    or a loaded library); `object_bytes`/`engine` give its object file (for linking into an
    on-disk cache entry)."""

    symbol: str
    address: int
    keep: object = None
    object_bytes: bytes | None = None
    engine: object = field(default=None, repr=False)

    def write_object(self, path: Path) -> None:
        """Write the kernel's object file (position-independent) to `path`."""
        if self.object_bytes is not None:
            Path(path).write_bytes(self.object_bytes)
        else:
            self.engine.dump_to_object_file(str(path))


def enabled() -> bool:
    """DESCEND_SHARED_KERNELS unset or not 0/false/no/off."""
    return os.environ.get("DESCEND_SHARED_KERNELS", "").strip().lower() not in ("0", "false", "no", "off")


def clear_process_table() -> None:
    """Forget the kernels compiled in this process (tests; code already compiled keeps its own)."""
    with _lock:
        _table.clear()


def _name(op) -> str:
    return ir.StringAttr(op.attributes["sym_name"]).value


def _module_attrs(module) -> str:
    attrs = [f"{a.name} = {a.attr}" for a in module.operation.attributes]
    return f" attributes {{{', '.join(attrs)}}}" if attrs else ""


def has_kernels(module) -> bool:
    """Whether `module` (LLVM dialect) defines a matmul-schedule kernel."""
    return any(op.operation.name == "llvm.func" and _name(op).startswith(PREFIX) for op in module.body.operations)


def externalize(module, opt_level: int, name: str = "") -> list:
    """Take the kernel definitions out of `module` (LLVM dialect, changed in place): each
    kernel's body becomes a call through a pointer variable of the module (so the module
    compiles and links without the kernel), and the kernel compiles on its own, shared.
    Returns a `Pending` per kernel: `resolve` them and `fill` the pointers before the
    module's code runs. A kernel that refers to
    anything but function declarations of the module stays inline."""
    ops = list(module.body.operations)
    decls = {}
    for op in ops:
        if op.operation.name == "llvm.func" and len(op.regions[0].blocks) == 0:
            decls[_name(op)] = op.operation.get_asm(use_local_scope=True)  # (= str(op), faster: see below)
    kernels = []
    for op in ops:
        if (op.operation.name != "llvm.func" or not _name(op).startswith(PREFIX) or len(op.regions[0].blocks) == 0
                or not str(op.attributes["function_type"]).startswith("!llvm.func<void (")):
            continue
        old = _name(op)
        # (the same text as str(op), printed without numbering the rest of the module: ~3x faster)
        text = op.operation.get_asm(use_local_scope=True).replace(f"@{old}(", "@__KERNEL__(", 1)
        refs = set(re.findall(r"@([\w$.]+)", text)) - {"__KERNEL__"}
        if not refs <= set(decls):
            continue
        body = "\n".join(decls[r] for r in sorted(refs))
        digest = hashlib.sha256((_module_attrs(module) + "\n" + body + "\n" + text).encode()).hexdigest()
        symbol = "__descend_kernel_" + digest[:32]
        kernel_text = f"module{_module_attrs(module)} {{\n{body}\n{text.replace('@__KERNEL__(', f'@{symbol}(', 1)}\n}}"
        pointer = "__descend_kptr_" + digest[:32]
        kernels.append(Pending(pointer, _get(symbol, digest, kernel_text, opt_level, name)))
        with module.context, ir.Location.unknown():
            parsed = ir.Module.parse(_call_through(old, pointer, list(op.regions[0].blocks[0].arguments)))
            for new_op in list(parsed.body.operations):  # (`parsed` kept alive while its ops move)
                new_op.operation.move_before(op)
            op.operation.erase()
    return kernels


def _call_through(fname: str, pointer: str, args: list) -> str:
    """A module with the pointer variable `@pointer` (null) and `@fname(args)` calling the
    function it points to with the same arguments: what replaces a kernel's definition."""
    types = ", ".join(str(a.type) for a in args)
    params = ", ".join(f"%a{i}: {a.type}" for i, a in enumerate(args))
    names = ", ".join(f"%a{i}" for i in range(len(args)))
    return (f"module {{\nllvm.mlir.global external @{pointer}() {{addr_space = 0 : i32}} : !llvm.ptr {{\n"
            f"  %0 = llvm.mlir.zero : !llvm.ptr\n  llvm.return %0 : !llvm.ptr\n}}\n"
            f"llvm.func internal @{fname}({params}) {{\n"
            f"  %p = llvm.mlir.addressof @{pointer} : !llvm.ptr\n"
            f"  %f = llvm.load %p : !llvm.ptr -> !llvm.ptr\n"
            f"  llvm.call %f({names}) : !llvm.ptr, ({types}) -> ()\n  llvm.return\n}}\n}}")


def _get(symbol: str, digest: str, text: str, opt_level: int, name: str) -> Future:
    """The kernel as a Future: from this process's table, else loaded from the on-disk cache,
    else compiled in the pool (LLVM then runs while the caller goes on: `resolve`)."""
    with _lock:
        pending = _table.get((digest, opt_level))
        if pending is None:
            from . import compile_cache

            key = _disk_key(digest, opt_level) if compile_cache.enabled() else None
            kernel = _load(key, symbol, name) if key is not None else None
            if kernel is not None:
                pending = Future()
                pending.set_result(kernel)
            else:
                pending = _pool().submit(_compile_and_store, symbol, text, opt_level, name, key)
            _table[(digest, opt_level)] = pending
        return pending


@dataclass
class Pending:
    """A kernel taken out of a module by `externalize`: the module calls it through the
    pointer variable `pointer` (null until set: `fill`); `future` gives its `Kernel`."""

    pointer: str
    future: Future


def resolve(pending: list) -> list:
    """The `Kernel`s of `externalize`'s `Pending`s, once compiled (raises what a compile raised)."""
    return [p.future.result() for p in pending]


def fill(lookup, pointers: list, addresses: list) -> None:
    """Point each kernel pointer variable (found with `lookup(name)`: an address in the
    compiled module) at its kernel's code: before the module's code first runs."""
    for pointer, address in zip(pointers, addresses):
        where = lookup(pointer)
        if not where:
            raise RuntimeError(f"descend internal error: kernel pointer {pointer} not found")
        ctypes.c_void_p.from_address(where).value = address


@functools.cache
def _pool() -> ThreadPoolExecutor:
    return ThreadPoolExecutor(max_workers=max(os.cpu_count() or 1, 1), thread_name_prefix="descend-kernel")


def _compile_and_store(symbol: str, text: str, opt_level: int, name: str, key: str | None) -> Kernel:
    with compile_log.phase(name, f"kernel {symbol[-8:]} compile", compile_log.level() > 0):
        kernel = _compile(symbol, text, opt_level)
    if key is not None:
        _store(key, kernel)
    return kernel


def _compile(symbol: str, text: str, opt_level: int) -> Kernel:
    """Compile one kernel module (parsed into its own MLIR context: nothing shared with the
    caller's module, which the calling thread goes on lowering) without the GIL (NativeEngine)."""
    engine = NativeEngine.from_text(text, opt_level, object_dump=True)
    address = engine.lookup(symbol)
    if not address:
        raise RuntimeError(f"descend internal error: shared kernel {symbol} has no address")
    return Kernel(symbol, address, keep=engine, engine=engine)


def _disk_key(digest: str, opt_level: int) -> str:
    from .compile_cache import compiler_fingerprint

    h = hashlib.sha256()
    for part in ("kernel", f"format {FORMAT}", compiler_fingerprint(), f"llvm-opt {opt_level}", digest):
        h.update(part.encode())
        h.update(b"\0")
    return h.hexdigest()


def _load(key: str, symbol: str, name: str) -> Kernel | None:
    from .compile_cache import _file_sha, _remove, cache_dir

    root = cache_dir()
    entry = root / key if root is not None else None
    if entry is None or not entry.is_dir():
        return None
    try:
        manifest = json.loads((entry / "manifest.json").read_text(encoding="utf-8"))
        if manifest.get("kind") != "kernel" or manifest.get("key") != key or manifest.get("symbol") != symbol:
            raise ValueError("the manifest does not describe this kernel")
        obj = (entry / "kernel.o").read_bytes()
        if hashlib.sha256(obj).hexdigest() != manifest["object_sha256"]:
            raise ValueError("the object file's checksum does not match")
        if _file_sha(entry / "libkernel.so") != manifest["sha256"]:
            raise ValueError("the library's checksum does not match")
        lib = ctypes.CDLL(str(entry / "libkernel.so"))
        address = ctypes.cast(getattr(lib, symbol), ctypes.c_void_p).value
        try:
            os.utime(entry / "manifest.json")  # recently used
        except OSError:
            pass
        return Kernel(symbol, address, keep=lib, object_bytes=obj)
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as e:
        if compile_log.level():
            compile_log.log(name, f"kernel cache entry {key[:12]} unusable ({type(e).__name__}: {e}); rebuilding")
        _remove(entry)
        return None


def _store(key: str, kernel: Kernel) -> bool:
    """Write `kernel` (object file and a shared library linked from it) under `key`; False
    when it could not (the cache is optional)."""
    from .compile_cache import _file_sha, link_library, write_entry

    def fill(tmp: Path, link: list):
        kernel.write_object(tmp / "kernel.o")
        if not link_library(link, tmp / "libkernel.so", [tmp / "kernel.o"]):
            return None
        return {"format": FORMAT, "kind": "kernel", "key": key, "symbol": kernel.symbol,
                "sha256": _file_sha(tmp / "libkernel.so"), "object_sha256": _file_sha(tmp / "kernel.o")}

    return write_entry(key, fill)
