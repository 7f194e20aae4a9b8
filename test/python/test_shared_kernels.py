"""Shared matmul kernels (descend.shared_kernels): a kernel is compiled once per process and
per cache directory, modules call it; results match NumPy; on-disk cache entries of functions
load on their own; printed IR and exports keep the kernels inline; threads; the off switch."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
import threading
from pathlib import Path

import numpy as np
import pytest

import descend
import descend.numpy as dnp
from descend import shared_kernels


def _mats(rng, m, k=32, n=48):
    return rng.standard_normal((m, k)).astype(np.float32), rng.standard_normal((k, n)).astype(np.float32)


def _exe(fn, *args):
    return fn.lower(*args).compile()._exe


def test_one_kernel_for_two_functions_and_batch_sizes(monkeypatch):
    monkeypatch.setenv("DESCEND_CACHE", "0")
    shared_kernels.clear_process_table()
    rng = np.random.default_rng(0)
    f = descend.jit(lambda a, b: a @ b)
    g = descend.jit(lambda a, b: (a @ b) * 2.0 + 1.0)
    a, b = _mats(rng, 64)
    a2, _ = _mats(rng, 40)
    ef, eg, ef2 = _exe(f, a, b), _exe(g, a, b), _exe(f, a2, b)
    assert len(ef.kernels) == 1
    assert ef.kernels[0] is eg.kernels[0] is ef2.kernels[0]  # compiled once
    np.testing.assert_allclose(np.asarray(f(a, b)), a @ b, rtol=1e-5, atol=1e-4)
    np.testing.assert_allclose(np.asarray(g(a, b)), (a @ b) * 2 + 1, rtol=1e-5, atol=1e-4)
    np.testing.assert_allclose(np.asarray(f(a2, b)), a2 @ b, rtol=1e-5, atol=1e-4)


def test_gradients_through_shared_kernels(monkeypatch):
    monkeypatch.setenv("DESCEND_CACHE", "0")
    rng = np.random.default_rng(1)
    a, b = _mats(rng, 64)
    ga, gb = descend.jit(descend.grad(lambda a, b: dnp.sum(dnp.tanh(a @ b)), argnums=(0, 1)))(a, b)
    d = 1 - np.tanh(a @ b) ** 2
    np.testing.assert_allclose(np.asarray(ga), d @ b.T, rtol=1e-4, atol=1e-4)
    np.testing.assert_allclose(np.asarray(gb), a.T @ d, rtol=1e-4, atol=1e-4)


def test_switched_off_keeps_kernels_inline(monkeypatch):
    monkeypatch.setenv("DESCEND_CACHE", "0")
    monkeypatch.setenv("DESCEND_SHARED_KERNELS", "0")
    rng = np.random.default_rng(2)
    a, b = _mats(rng, 64)
    f = descend.jit(lambda a, b: a @ b + 0.5)
    assert _exe(f, a, b).kernels == []
    np.testing.assert_allclose(np.asarray(f(a, b)), a @ b + 0.5, rtol=1e-5, atol=1e-4)


def test_no_kernels_without_matmul_schedule(monkeypatch):
    monkeypatch.setenv("DESCEND_CACHE", "0")
    monkeypatch.setenv("DESCEND_MATMUL_SCHEDULE", "0")
    rng = np.random.default_rng(3)
    a, b = _mats(rng, 64)
    f = descend.jit(lambda a, b: a @ b - 1.0)
    assert _exe(f, a, b).kernels == []
    np.testing.assert_allclose(np.asarray(f(a, b)), a @ b - 1.0, rtol=1e-5, atol=1e-4)


def test_printed_llvm_ir_keeps_kernel_definitions(monkeypatch):
    monkeypatch.setenv("DESCEND_CACHE", "0")
    rng = np.random.default_rng(4)
    a, b = _mats(rng, 64)
    f = descend.jit(lambda a, b: a @ b)
    lowered = f.lower(a, b)
    lowered.compile()
    text = lowered.as_text("llvm")
    assert "llvm.func @__descend_matmul_0(" in text and "__descend_kernel_" not in text


def test_export_is_self_contained(monkeypatch, tmp_path):
    from descend.export_loader import load

    monkeypatch.setenv("DESCEND_CACHE", "0")
    rng = np.random.default_rng(5)
    a, b = _mats(rng, 64)
    f = descend.jit(lambda a, b: a @ b + 2.0)
    compiled = f.lower(a, b).compile()
    assert compiled._exe.kernels  # the JIT shares the kernel ...
    path = tmp_path / "mm"
    compiled.export(path)
    nm = subprocess.run(["nm", "-D", "--undefined-only", str(path / json.loads((path / "manifest.json").read_text())["library"])],
                        capture_output=True, text=True, check=False)
    if nm.returncode == 0:
        assert "__descend_kernel_" not in nm.stdout  # ... the export defines it
    np.testing.assert_allclose(np.asarray(load(path)(a, b)), a @ b + 2.0, rtol=1e-5, atol=1e-4)


def test_threads_share_one_kernel(monkeypatch):
    monkeypatch.setenv("DESCEND_CACHE", "0")
    shared_kernels.clear_process_table()
    rng = np.random.default_rng(6)
    a, b = _mats(rng, 64)
    results, errors = {}, []

    def work(i):
        try:
            f = descend.jit(lambda a, b: a @ b + float(i))
            results[i] = (np.asarray(f(a, b)), f.lower(a, b).compile()._exe.kernels)
        except Exception as e:  # noqa: BLE001 - reported below
            errors.append(e)

    threads = [threading.Thread(target=work, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    assert len({id(k[0]) for _, k in results.values()}) == 1
    for i, (out, _) in results.items():
        np.testing.assert_allclose(out, a @ b + i, rtol=1e-5, atol=1e-4)


SCRIPT = textwrap.dedent('''
    import sys
    import numpy as np
    import descend
    rng = np.random.default_rng(0)
    a = rng.standard_normal((64, 32)).astype(np.float32)
    b = rng.standard_normal((32, 48)).astype(np.float32)
    fns = {"f": lambda a, b: a @ b, "g": lambda a, b: a @ b - 3.0}
    out = descend.jit(fns[sys.argv[2]])(a, b)
    np.savez(sys.argv[1], out=np.asarray(out), a=a, b=b)
''')


def _run(tmp_path, cache, which):
    script = tmp_path / "script.py"
    script.write_text(SCRIPT)
    env = dict(os.environ, DESCEND_CACHE_DIR=str(cache), DESCEND_LOG_COMPILE="1")
    env.pop("DESCEND_CACHE", None)
    out = tmp_path / f"{which}.npz"
    proc = subprocess.run([sys.executable, str(script), str(out), which], env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    data = np.load(out)
    expected = data["a"] @ data["b"] - (3.0 if which == "g" else 0.0)
    np.testing.assert_allclose(data["out"], expected, rtol=1e-5, atol=1e-4)
    return proc.stderr


def _kernel_entries(cache):
    out = []
    for d in Path(cache).iterdir():
        m = d / "manifest.json"
        if m.is_file() and json.loads(m.read_text()).get("kind") == "kernel":
            out.append(d)
    return out


@pytest.mark.skipif(not shutil.which("ld") and not shutil.which("cc"), reason="no linker")
def test_disk_cache_shares_kernels_and_entries_load_alone(tmp_path):
    cache = tmp_path / "cache"
    log = _run(tmp_path, cache, "f")
    assert re.search(r"kernel \w{8} compile", log)
    assert len(_kernel_entries(cache)) == 1
    log = _run(tmp_path, cache, "g")  # another function, same kernel: loaded, not compiled
    assert "stage llvm" in log and not re.search(r"kernel \w{8} compile", log)
    for d in _kernel_entries(cache):  # a function's entry does not need the kernel's
        shutil.rmtree(d)
    log = _run(tmp_path, cache, "f")
    assert "stage llvm" not in log
    # a broken kernel entry is rebuilt
    _run(tmp_path, cache / "other", "f")
    (entry,) = _kernel_entries(cache / "other")
    (entry / "libkernel.so").write_bytes(b"broken")
    log = _run(tmp_path, cache / "other", "g")
    assert "unusable" in log and re.search(r"kernel \w{8} compile", log)
    assert len(_kernel_entries(cache / "other")) == 1
