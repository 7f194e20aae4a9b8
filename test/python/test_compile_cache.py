"""The on-disk compile cache (descend.compile_cache): a second process loads the compiled code
instead of compiling, with NumPy's answers; broken entries are rebuilt; the key changes with
the IR and the switches that change the code. Every test uses its own cache directory."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

import descend
import descend.numpy as dnp
from descend import compile_cache

# A script run in fresh processes: jit-compiles three functions (one returning a pytree with a
# repeated output, one with a weak Python scalar) and saves their results.
SCRIPT = textwrap.dedent('''
    import sys
    import numpy as np
    import descend
    import descend.numpy as dnp

    @descend.jit
    def mlp(w, b, x):
        h = dnp.maximum(x @ w + b, 0.0)
        return dnp.sum(dnp.exp(h - dnp.max(h, axis=1, keepdims=True)), axis=1)

    @descend.jit
    def tree(a):
        s = dnp.sin(a)
        return {"s": s, "pair": (s, a * 2.0)}

    scaled = descend.jit(lambda a, k: a * k)

    rng = np.random.default_rng(0)
    w = rng.standard_normal((16, 8)).astype(np.float32)
    b = rng.standard_normal(8).astype(np.float32)
    x = rng.standard_normal((5, 16)).astype(np.float32)
    out = tree(x)
    np.savez(sys.argv[1], mlp=np.asarray(mlp(w, b, x)), s=np.asarray(out["s"]), p0=np.asarray(out["pair"][0]),
             p1=np.asarray(out["pair"][1]), scaled=np.asarray(scaled(x, 3.0)), w=w, b=b, x=x)
''')


def _run(tmp_path, cache, env_extra=None, name="out.npz"):
    """Run SCRIPT in a new process with cache directory `cache`; returns (results, stderr)."""
    script = tmp_path / "script.py"
    script.write_text(SCRIPT)
    env = dict(os.environ, DESCEND_CACHE_DIR=str(cache), DESCEND_LOG_COMPILE="1")
    env.pop("DESCEND_CACHE", None)
    env.update(env_extra or {})
    out = tmp_path / name
    proc = subprocess.run([sys.executable, str(script), str(out)], env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return dict(np.load(out)), proc.stderr


def _check(r):
    """The script's results against NumPy."""
    h = np.maximum(r["x"] @ r["w"] + r["b"], 0)
    np.testing.assert_allclose(r["mlp"], np.exp(h - h.max(axis=1, keepdims=True)).sum(axis=1), rtol=1e-5)
    np.testing.assert_allclose(r["s"], np.sin(r["x"]), rtol=1e-5, atol=1e-6)
    np.testing.assert_array_equal(r["p0"], r["s"])
    np.testing.assert_allclose(r["p1"], r["x"] * 2, rtol=1e-6)
    np.testing.assert_allclose(r["scaled"], r["x"] * 3, rtol=1e-6)
    assert r["scaled"].dtype == np.float32


def _compiled(stderr, fn):
    """Whether the log shows that `fn` was compiled by LLVM (not loaded from the cache)."""
    return f"descend compile jit_{fn}: llvm-codegen" in stderr


def _entries(cache: Path) -> list:
    return sorted(p for p in cache.iterdir() if p.is_dir() and not p.name.startswith("."))


def test_second_process_loads_from_the_cache(tmp_path):
    cache = tmp_path / "cache"
    first, log1 = _run(tmp_path, cache, name="a.npz")
    _check(first)
    assert _compiled(log1, "mlp") and _compiled(log1, "tree")
    entries = _entries(cache)
    assert len(entries) >= 3
    for e in entries:
        manifest = json.loads((e / "manifest.json").read_text())
        assert manifest["format"] == "descend-export" and manifest["cache"]["key"] == e.name
    second, log2 = _run(tmp_path, cache, name="b.npz")
    _check(second)
    for fn in ("mlp", "tree", "fn"):
        assert not _compiled(log2, fn), log2
    assert "cache lookup" in log2
    for k in first:
        np.testing.assert_array_equal(first[k], second[k])
    assert _entries(cache) == entries


def test_corrupt_entries_are_rebuilt(tmp_path):
    cache = tmp_path / "cache"
    _run(tmp_path, cache, name="a.npz")
    entries = _entries(cache)
    # break each entry differently: a flipped byte in the library, a truncated manifest, a
    # missing library, a manifest of another key
    lib = entries[0] / "libfn.so"
    data = bytearray(lib.read_bytes())
    data[len(data) // 2] ^= 0xFF
    lib.write_bytes(bytes(data))
    (entries[1] / "manifest.json").write_text('{"format": "descend-exp')
    if len(entries) > 2:
        (entries[2] / "libfn.so").unlink()
    results, log = _run(tmp_path, cache, name="b.npz")
    _check(results)
    assert "unusable" in log and "rebuilding" in log
    assert sum(_compiled(log, fn) for fn in ("mlp", "tree", "fn")) >= 2
    # rebuilt: a third process loads every entry again
    results, log = _run(tmp_path, cache, name="c.npz")
    _check(results)
    assert "unusable" not in log
    assert not any(_compiled(log, fn) for fn in ("mlp", "tree", "fn")), log


def test_cache_off_writes_nothing(tmp_path):
    cache = tmp_path / "cache"
    results, log = _run(tmp_path, cache, {"DESCEND_CACHE": "0"})
    _check(results)
    assert not cache.exists() or not _entries(cache)
    assert "cache lookup" not in log


def test_concurrent_processes_share_one_entry_per_function(tmp_path):
    cache = tmp_path / "cache"
    script = tmp_path / "script.py"
    script.write_text(SCRIPT)
    env = dict(os.environ, DESCEND_CACHE_DIR=str(cache))
    procs = [subprocess.Popen([sys.executable, str(script), str(tmp_path / f"r{i}.npz")], env=env,
                              stderr=subprocess.PIPE, text=True) for i in range(3)]
    for p in procs:
        _, err = p.communicate(timeout=300)
        assert p.returncode == 0, err[-3000:]
    for i in range(3):
        _check(dict(np.load(tmp_path / f"r{i}.npz")))
    names = [e.name for e in _entries(cache)]
    assert len(names) == len(set(names))
    assert not [p for p in cache.iterdir() if p.name.startswith(".tmp-")]


def test_key_depends_on_ir_and_switches(monkeypatch):
    text = descend.jit(lambda a: a + 1).lower(np.ones(3, np.float32)).as_text()
    other = descend.jit(lambda a: a + 2).lower(np.ones(3, np.float32)).as_text()
    base = compile_cache.cache_key(text, "jit_fn")
    assert compile_cache.cache_key(text, "jit_fn") == base
    assert compile_cache.cache_key(other, "jit_fn") != base
    assert compile_cache.cache_key(text, "jit_g") != base
    for name, value in [("DESCEND_FAST_MATH", "0"), ("DESCEND_VECTORIZE", "0"), ("DESCEND_NUM_THREADS", "1"),
                        ("DESCEND_LLVM_OPT", "1"), ("DESCEND_SOMETHING_NEW", "1")]:
        with monkeypatch.context() as m:
            m.setenv(name, value)
            assert compile_cache.cache_key(text, "jit_fn") != base, name
    with monkeypatch.context() as m:  # switches that do not change the code keep the key
        m.setenv("DESCEND_LOG_COMPILE", "1")
        m.setenv("DESCEND_CACHE_MAX_MB", "5")
        assert compile_cache.cache_key(text, "jit_fn") == base
    # another compiler (a different fingerprint: descend's sources, MLIR, the host CPU) too
    monkeypatch.setattr(compile_cache, "_compiler_id", "another compiler")
    assert compile_cache.cache_key(text, "jit_fn") != base


def test_in_process_hit_and_cache_dir_choice(tmp_path, monkeypatch):
    monkeypatch.setenv("DESCEND_CACHE_DIR", str(tmp_path / "c"))
    assert compile_cache.cache_dir() == tmp_path / "c"
    x = np.linspace(-1, 1, 7).astype(np.float32)

    def make():  # new functions with the same trace (source locations included)
        return descend.jit(lambda a: dnp.tanh(a) * 3)

    f = make()
    np.testing.assert_allclose(np.asarray(f(x)), np.tanh(x) * 3, rtol=1e-5)
    assert len(_entries(tmp_path / "c")) == 1
    assert type(next(iter(f._cache.values()))._exe.engine).__name__ == "NativeEngine"
    g = make()  # a hit
    np.testing.assert_allclose(np.asarray(g(x)), np.tanh(x) * 3, rtol=1e-5)
    hit = next(iter(g._cache.values()))
    assert type(hit._exe.engine).__name__ == "ExportedFunction"
    # a function loaded from the cache still exports (its IR is lowered anew)
    from descend.export_loader import load

    hit.export(tmp_path / "exported")
    np.testing.assert_allclose(load(tmp_path / "exported")(x), np.tanh(x) * 3, rtol=1e-5)
    assert "dsc" in g.lower(x).as_text()
    monkeypatch.delenv("DESCEND_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert compile_cache.cache_dir() == tmp_path / "xdg" / "descend"
    monkeypatch.delenv("XDG_CACHE_HOME")
    assert compile_cache.cache_dir() == Path.home() / ".cache" / "descend"


def test_unwritable_cache_dir_still_compiles(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    monkeypatch.setenv("DESCEND_CACHE_DIR", str(blocker / "cache"))
    x = np.arange(4, dtype=np.float32)
    np.testing.assert_allclose(np.asarray(descend.jit(lambda a: a * a + 1)(x)), x * x + 1)


def test_size_bound_removes_least_recently_used(tmp_path, monkeypatch):
    cache = tmp_path / "c"
    monkeypatch.setenv("DESCEND_CACHE_DIR", str(cache))
    monkeypatch.setenv("DESCEND_CACHE_MAX_MB", "1")
    monkeypatch.setattr(compile_cache, "_pruned", False)
    for i in range(3):  # three old 600 KB entries: together over the bound
        d = cache / f"old{i}"
        d.mkdir(parents=True)
        (d / "libfn.so").write_bytes(b"\0" * 600_000)
        (d / "manifest.json").write_text("{}")
        os.utime(d / "manifest.json", (1_000_000 + i, 1_000_000 + i))
    x = np.arange(5, dtype=np.float32)
    np.testing.assert_allclose(np.asarray(descend.jit(lambda a: a - 7)(x)), x - 7)
    left = [e.name for e in _entries(cache)]
    assert "old0" not in left and "old1" not in left  # the oldest went first
    assert "old2" in left and len(left) == 2


@pytest.mark.parametrize("value", ["0", "off"])
def test_disabled_in_process(tmp_path, monkeypatch, value):
    monkeypatch.setenv("DESCEND_CACHE_DIR", str(tmp_path / "c"))
    monkeypatch.setenv("DESCEND_CACHE", value)
    assert not compile_cache.enabled()
    x = np.arange(5, dtype=np.float32)
    np.testing.assert_allclose(np.asarray(descend.jit(lambda a: a * 5)(x)), x * 5)
    assert not (tmp_path / "c").exists()


def test_no_home_directory_means_no_cache(monkeypatch):
    monkeypatch.delenv("DESCEND_CACHE_DIR", raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setattr(os.path, "expanduser", lambda p: p)  # as when HOME is unset and unknown
    assert compile_cache.cache_dir() is None
    assert not compile_cache.enabled()
    x = np.arange(3, dtype=np.float32)
    np.testing.assert_allclose(np.asarray(descend.jit(lambda a: a / 2)(x)), x / 2)


def test_threads_storing_one_key(tmp_path, monkeypatch):
    """Threads compiling the same function at once (separate jit objects): each gets the right
    answer, one entry is kept, no temporary directory is left."""
    import threading

    cache = tmp_path / "c"
    monkeypatch.setenv("DESCEND_CACHE_DIR", str(cache))
    x = np.linspace(0, 1, 33).astype(np.float32)
    errors = []

    def work():
        try:
            f = descend.jit(lambda a: dnp.sqrt(a) + a * a)
            for _ in range(3):
                np.testing.assert_allclose(np.asarray(f(x)), np.sqrt(x) + x * x, rtol=1e-6)
        except Exception as e:  # noqa: BLE001 - reported below
            errors.append(e)

    threads = [threading.Thread(target=work) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors[0]
    assert len(_entries(cache)) == 1
    assert not [p for p in cache.iterdir() if p.name.startswith(".tmp-")]
