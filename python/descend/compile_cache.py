"""The on-disk cache of compiled functions: a new process's first call loads machine code.

    DESCEND_CACHE=0                 off
    DESCEND_CACHE_DIR=PATH          where (default $XDG_CACHE_HOME/descend, else ~/.cache/descend)
    DESCEND_CACHE_MAX_MB=N          size bound (default 1024): checked at a process's first store
                                    and after each further eighth of it stored; the least recently
                                    used entries (by their last load) are removed

What is stored: each compiled CPU function as an ahead-of-time export (`descend.export`'s
format: a directory with `manifest.json` and a position-independent shared library, loadable
by `descend.export_loader` with NumPy and ctypes only). The library is not compiled a second
time: the ExecutionEngine that compiled the function keeps its object file (PIC), which is
linked with `ld -shared` (or the C compiler) in ~10 ms, together with the object files of the
shared matmul kernels it calls (descend.shared_kernels: an entry needs no other entry). Those
kernels have entries of their own here (`"kind": "kernel"`), found by kernel text.

The key (`cache_key`) is a SHA-256 of: the traced dsc module text (with its source locations),
the symbol, the CPU pipeline's elements as they are now (they spell out the DESCEND_* switches,
the host's vector width and thread count), every other DESCEND_* environment variable that is
not about the cache or logging, LLVM's optimization level, the host CPU and its features, the
descend version and a fingerprint of descend's own source files (path, size, mtime: an edited
pass gives new keys), and the MLIR bindings (version, native libraries). Two processes that
trace the same function the same way share an entry; anything that could change the code
gives another key.

Not in the key: Python state changed at run time (a pass's module variable monkeypatched in a
test or an experiment); set DESCEND_CACHE=0 around such changes.

Robustness: an entry is written into a temporary directory and renamed into place (atomic;
concurrent writers of one key: the first rename wins, the others discard theirs). On load the
manifest must name this key and the library's SHA-256 must match: an entry that fails any
check (corrupt, truncated, stale, unloadable) is removed and the function compiled and
stored anew; a cache directory that cannot be written only disables storing.
"""

from __future__ import annotations

import ctypes
import hashlib
import json
import os
import shutil
import subprocess
import tempfile
import threading
import time
from pathlib import Path

from descend.dialects.types import TType

from . import compile_log

__all__ = ["enabled", "cache_dir", "cache_key", "load", "store", "clear"]

FORMAT = 1
_EXCLUDED_ENV = ("DESCEND_CACHE", "DESCEND_LOG_COMPILE")  # prefixes that do not change the code
_lock = threading.Lock()
_pruned = False  # pruned once in this process (at its first store) ...
_stored = 0  # ... and again whenever it stored another eighth of the size bound since


def enabled() -> bool:
    """Whether the cache is on: DESCEND_CACHE unset or not 0/false/no/off, and a directory for
    it is known (see `cache_dir`)."""
    if os.environ.get("DESCEND_CACHE", "").strip().lower() in ("0", "false", "no", "off"):
        return False
    return cache_dir() is not None


def cache_dir() -> Path | None:
    """$DESCEND_CACHE_DIR, else $XDG_CACHE_HOME/descend, else ~/.cache/descend (None when
    there is no home directory to put it in)."""
    d = os.environ.get("DESCEND_CACHE_DIR", "").strip()
    if d:
        return Path(d).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME", "").strip()
    if xdg:
        return Path(xdg).expanduser() / "descend"
    home = os.path.expanduser("~")
    return Path(home) / ".cache" / "descend" if os.path.isabs(home) else None


def _max_bytes() -> int:
    from descend.lowering.host import env_int

    return max(env_int("DESCEND_CACHE_MAX_MB", 1024), 1) * 2**20


def _stat_fingerprint(roots, suffixes) -> list:
    out = []
    for root in roots:
        root = Path(root)
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith((".", "__pycache__")))
            for f in sorted(filenames):
                if f.endswith(suffixes):
                    try:
                        st = os.stat(os.path.join(dirpath, f))
                    except OSError:
                        continue
                    out.append(f"{os.path.relpath(os.path.join(dirpath, f), root)}:{st.st_size}:{st.st_mtime_ns}")
    return out


_compiler_id: str | None = None


def compiler_fingerprint() -> str:
    """What identifies the compiler (computed once per process): descend's version and source
    files, the MLIR bindings, the host CPU and its features."""
    global _compiler_id
    if _compiler_id is None:
        import mlir

        import descend
        import descend.dialects
        import descend.lowering
        from descend.lowering.host import host_cpu, host_features

        roots = {Path(descend.__file__).parent, Path(descend.dialects.__file__).parent, Path(descend.lowering.__file__).parent}
        parts = [f"descend {descend.__version__}", *_stat_fingerprint(sorted(roots), (".py", ".mlir"))]
        mlir_dir = Path(mlir.__path__[0])
        parts += [f"mlir {mlir_dir}", *_stat_fingerprint([mlir_dir / "_mlir_libs"], (".so", ".dylib", ".dll"))]
        parts += [f"cpu {host_cpu()}", "features " + ",".join(sorted(host_features()))]
        _compiler_id = hashlib.sha256("\n".join(parts).encode()).hexdigest()
    return _compiler_id


def cache_key(dsc_text: str, symbol: str) -> str:
    """The key of a traced function (see the module docstring)."""
    from descend.lowering.pipeline import cpu_stages

    from .runtime import llvm_opt_level

    env = sorted((k, v) for k, v in os.environ.items() if k.startswith("DESCEND_") and not k.startswith(_EXCLUDED_ENV))
    h = hashlib.sha256()
    for part in (f"format {FORMAT}", compiler_fingerprint(), f"llvm-opt {llvm_opt_level()}", repr(cpu_stages()), repr(env), symbol):
        h.update(part.encode())
        h.update(b"\0")
    h.update(dsc_text.encode())
    return h.hexdigest()


def _file_sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _remove(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)


def load(key: str, lowered):
    """(Executable, output index) for `key` from the cache, or None (missing, or a broken entry:
    removed). `lowered` gives the symbol and the types the entry must have."""
    from .export_loader import ExportedFunction
    from .runtime import Executable

    root = cache_dir()
    if root is None:
        return None
    entry = root / key
    if not entry.is_dir():
        return None
    try:
        manifest = json.loads((entry / "manifest.json").read_text(encoding="utf-8"))
        cache = manifest["cache"]
        inputs = [(tuple(s["shape"]), s["dtype"]) for s in manifest["inputs"]]
        index = manifest.get("outputs")
        outs = [(tuple(t.shape), t.dtype) for t in lowered.out_types]
        if index is not None:
            outs = [outs[index.index(k)] for k in range(max(index) + 1)]
        if (cache["key"] != key or manifest.get("target") != "cpu" or inputs != [(tuple(t.shape), t.dtype) for t in lowered.in_types]
                or [(tuple(s["shape"]), s["dtype"]) for s in manifest["buffers"]] != outs):
            raise ValueError("the manifest does not describe this function")
        if Path(manifest["library"]).name != manifest["library"]:
            raise ValueError("the library is not a file of the entry")
        if _file_sha(entry / manifest["library"]) != cache["sha256"]:
            raise ValueError("the library's checksum does not match")
        if cache.get("openmp"):
            from descend.lowering.host import openmp_library

            if openmp_library() is None:  # this process cannot use it: compile (and fail) as without a cache
                return None
        exported = ExportedFunction(entry)
        pointers = cache.get("kernel_pointers", [])
        if pointers:  # the kernels are linked into the library: point the module's variables at them
            from .shared_kernels import fill

            addresses = [ctypes.cast(getattr(exported.lib, symbol), ctypes.c_void_p).value for _, symbol in pointers]
            fill(lambda name: ctypes.addressof(ctypes.c_void_p.in_dll(exported.lib, name)), [p for p, _ in pointers], addresses)
        packed = getattr(exported.lib, "_mlir_" + manifest["entry"])  # the packed (void**) wrapper
        address = ctypes.cast(packed, ctypes.c_void_p).value
        buffers = exported.buf_specs
        out_types = [TType(shape, dt.name) for shape, dt in buffers]
        exe = Executable.from_library(exported, address, lowered.in_types, out_types, bool(cache.get("openmp")))
        try:
            os.utime(entry / "manifest.json")  # recently used (the size bound removes the oldest)
        except OSError:
            pass
        return exe, manifest.get("outputs")
    except (OSError, ValueError, KeyError, TypeError, AttributeError, IndexError, RuntimeError) as e:
        if compile_log.level():
            compile_log.log(lowered.name, f"cache entry {key[:12]} unusable ({type(e).__name__}: {e}); rebuilding")
        _remove(entry)
        return None


def _linker() -> list[str] | None:
    ld = shutil.which("ld")
    if ld:
        return [ld, "-shared", "-Bsymbolic"]
    for cc in (os.environ.get("CC"), "cc", "gcc", "clang"):
        if cc and shutil.which(cc):
            return [shutil.which(cc), "-shared", "-Wl,-Bsymbolic"]
    return None


def write_entry(key: str, fill) -> bool:
    """Store one cache entry under `key`, atomically: `fill(tmp, link)` writes the entry's files
    into the fresh temporary directory `tmp` (`link`: the command that links shared libraries)
    and returns its manifest (a dict), or None when it could not; the directory, with
    manifest.json added, is then renamed to `key`. False when nothing was stored (no linker,
    a read-only directory, a failed link, ...): the cache is optional."""
    root = cache_dir()
    link = _linker()
    if link is None or root is None:
        return False
    try:
        root.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=".tmp-", dir=root))
    except OSError:
        return False
    try:
        manifest = fill(tmp, link)
        if manifest is None:
            return False
        (tmp / "manifest.json").write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
        entry = root / key
        size = sum(f.stat().st_size for f in tmp.iterdir())
        try:
            os.rename(tmp, entry)  # atomic; fails when another process stored this key first
        except OSError:
            return entry.is_dir()
        _prune(root, size)
        return True
    except (OSError, TypeError, ValueError, RuntimeError):
        return False
    finally:
        _remove(tmp)


def link_library(link: list, lib: Path, objects: list) -> bool:
    """Link the object files `objects` into the shared library `lib`; False when that failed."""
    proc = subprocess.run([*link, "-o", str(lib), *map(str, objects)], capture_output=True, text=True, check=False)
    return proc.returncode == 0


def store(key: str, exe, lowered, out_index, out_types) -> bool:
    """Write the compiled `exe` (an Executable made with `object_dump=True`) under `key`;
    False when it could not (see `write_entry`)."""
    from .export import _tree_json
    from .export_loader import FORMAT as EXPORT_FORMAT
    from .export_loader import VERSION as EXPORT_VERSION

    def fill(tmp: Path, link: list):
        lib = "libfn.so"
        exe.engine.dump_to_object_file(str(tmp / "fn.o"))
        objects = [tmp / "fn.o"]
        for i, kernel in enumerate(getattr(exe, "kernels", ())):  # shared kernels: linked in (self-contained)
            objects.append(tmp / f"kernel{i}.o")
            kernel.write_object(objects[-1])
        if not link_library(link, tmp / lib, objects):
            return None
        for obj in objects:
            obj.unlink()
        buffers = out_types if out_index is None else [out_types[out_index.index(k)] for k in range(max(out_index) + 1)]
        from . import __version__

        return {
            "format": EXPORT_FORMAT,
            "version": EXPORT_VERSION,
            "name": lowered.name.removeprefix("jit_"),
            "target": "cpu",
            "library": lib,
            "entry": f"_mlir_ciface_{lowered.name}",
            "inputs": [{"shape": list(t.shape), "dtype": t.dtype} for t in lowered.in_types],
            "buffers": [{"shape": list(t.shape), "dtype": t.dtype} for t in buffers],
            "outputs": out_index,
            "out_tree": _tree_json(lowered.out_tree) if lowered.out_tree is not None else None,
            "runtime_libs": [],  # resolved in the loading process (runner utils, OpenMP: see `cache`)
            "descend_version": __version__,
            "cache": {"key": key, "sha256": _file_sha(tmp / lib), "openmp": exe.uses_openmp,
                      # the module calls its kernels through these variables (shared_kernels.fill)
                      "kernel_pointers": [[p, k.symbol] for p, k in zip(exe.kernel_pointers, exe.kernels)]},
        }

    return write_entry(key, fill)


def _prune(root: Path, added: int = 0) -> None:
    """Keep the cache under DESCEND_CACHE_MAX_MB: remove least recently used entries, and
    temporary directories older than an hour (at the first store of a process, then each time
    it has stored another eighth of the bound: `added` bytes were just stored)."""
    global _pruned, _stored
    with _lock:
        _stored += added
        if _pruned and _stored < _max_bytes() // 8:
            return
        _pruned, _stored = True, 0
    entries = []
    try:
        for d in os.scandir(root):
            if d.is_dir() and d.name.startswith(".tmp-"):  # left by a process that died while storing
                try:
                    if time.time() - d.stat().st_mtime > 3600:
                        _remove(Path(d.path))
                except OSError:
                    pass
            elif d.is_dir() and not d.name.startswith("."):
                try:
                    size = sum(f.stat().st_size for f in os.scandir(d.path))
                    used = os.stat(os.path.join(d.path, "manifest.json")).st_mtime
                except OSError:
                    continue
                entries.append((used, size, d.path))
    except OSError:
        return
    total, limit = sum(s for _, s, _ in entries), _max_bytes()
    for _, size, path in sorted(entries):
        if total <= limit:
            break
        _remove(Path(path))
        total -= size


def clear() -> None:
    """Remove every entry of the cache directory (used by tests and `descend` users)."""
    root = cache_dir()
    if root is not None and root.is_dir():
        for d in os.scandir(root):
            if d.is_dir():
                _remove(Path(d.path))
