"""Ahead-of-time export: `jit(f).lower(*args).compile().export(path)` and `descend.export_loader`.

CPU exports are run against NumPy here; GPU exports are built and inspected
everywhere, and run only where an NVIDIA GPU is usable (marker `gpu`).
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import descend
import descend.numpy as dnp
from descend.export_loader import ExportError, cuda_available, load

LOADER = Path(descend.__file__).parent / "export_loader.py"
requires_gpu = [pytest.mark.gpu, pytest.mark.skipif(not cuda_available(), reason="no usable NVIDIA GPU (libcuda/cuInit)")]


def export(fn, args, path, **kw):
    return descend.jit(fn).lower(*args).compile().export(path, **kw)


@pytest.fixture(scope="module")
def many(tmp_path_factory):
    """One export with several dtypes, a 0-d input, and a pytree of outputs."""
    rng = np.random.default_rng(0)
    args = (
        rng.standard_normal((3, 5)).astype(np.float32),
        rng.standard_normal(5),
        np.arange(15, dtype=np.int32).reshape(3, 5),
        np.int64(7),
        np.float32(0.5),
    )

    def f(x, y, i, n, s):
        return {
            "f32": dnp.exp(x * s) + 1,
            "f64": (y * 2.0).sum(),
            "i32": i * 3 - n.astype(np.int32),
            "i64": n * n,
            "bool": x > 0,
            "mixed": (x * y, i.astype(np.float64) @ y),
        }

    path = export(f, args, tmp_path_factory.mktemp("exp") / "many")
    return path, args, f


def _expected(args):
    x, y, i, n, s = args
    return {
        "f32": np.exp(x * s) + 1,
        "f64": (y * 2.0).sum(),
        "i32": i * 3 - np.int32(n),
        "i64": n * n,
        "bool": x > 0,
        "mixed": (x * y, i.astype(np.float64) @ y),
    }


def _check(got, want):
    if isinstance(want, dict):
        assert isinstance(got, dict) and sorted(got) == sorted(want)
        for k in want:
            _check(got[k], want[k])
    elif isinstance(want, tuple):
        assert isinstance(got, tuple) and len(got) == len(want)
        for g, w in zip(got, want):
            _check(g, w)
    else:
        want = np.asarray(want)
        assert isinstance(got, np.ndarray)
        assert got.shape == want.shape and got.dtype == want.dtype, (got.shape, got.dtype, want.shape, want.dtype)
        np.testing.assert_allclose(got, want, rtol=1e-5 if want.dtype == np.float32 else 1e-12)


def test_cpu_round_trip_dtypes_scalars_pytrees(many):
    path, args, f = many
    loaded = load(path)
    _check(loaded(*args), _expected(args))
    # the export equals the jitted function
    jitted = descend.jit(f)(*args)
    np.testing.assert_array_equal(loaded(*args)["i32"], np.asarray(jitted["i32"]))
    # manifest: what a deployment needs to know
    m = json.loads(Path(path).read_text())
    assert m["format"] == "descend-export" and m["target"] == "cpu" and m["entry"] == "_mlir_ciface_jit_f"
    assert [s["dtype"] for s in m["inputs"]] == ["float32", "float64", "int32", "int64", "float32"]
    assert m["inputs"][3]["shape"] == [] and m["inputs"][0]["shape"] == [3, 5]
    assert (Path(path).parent / m["library"]).exists()


def test_cpu_library_is_position_independent_and_self_describing(many):
    path, _, _ = many
    m = json.loads(Path(path).read_text())
    lib = Path(path).parent / m["library"]
    out = subprocess.run(["readelf", "-d", str(lib)], capture_output=True, text=True)
    if out.returncode != 0:
        pytest.skip("readelf not available")
    assert "TEXTREL" not in out.stdout  # no text relocations: position-independent code
    assert "$ORIGIN" in out.stdout  # runtime libraries found beside it


def test_flat_signature_and_repeated_outputs(tmp_path):
    a = np.linspace(0.5, 2, 8, dtype=np.float64)

    def f(x):
        y = x * x
        return y, y, x.sum()

    loaded = load(export(f, (a,), tmp_path / "rep"))
    y1, y2, s = loaded(a)
    np.testing.assert_allclose(y1, a * a)
    np.testing.assert_allclose(y2, a * a)
    assert y1 is not y2 and s.shape == ()
    np.testing.assert_allclose(s, a.sum())


def test_single_output_and_zero_d(tmp_path):
    loaded = load(export(lambda x: x * 2 + 1, (np.float32(3),), tmp_path / "zerod"))
    out = loaded(np.float32(3))
    assert out.shape == () and out.dtype == np.float32 and float(out) == 7.0
    # Python scalars are accepted where they fit the exported dtype
    assert float(loaded(4.0)) == 9.0


def test_argument_errors(many):
    path, args, _ = many
    loaded = load(path)
    with pytest.raises(TypeError, match="expected 5 array arguments"):
        loaded(*args[:2])
    with pytest.raises(TypeError, match="argument 0 has shape"):
        loaded(np.zeros((2, 2), np.float32), *args[1:])
    with pytest.raises(TypeError, match="argument 2 has dtype"):
        loaded(args[0], args[1], args[2].astype(np.float32), *args[3:])


def test_loader_runs_without_mlir(many, tmp_path):
    """The loader file imports only NumPy and ctypes: it runs with `mlir` and `descend`
    unimportable (a deployment machine without the compiler)."""
    path, args, _ = many
    np.savez(tmp_path / "args.npz", *args)
    code = f"""
import importlib.util, sys
sys.modules["mlir"] = None
sys.modules["descend"] = None
import numpy as np
spec = importlib.util.spec_from_file_location("export_loader", {str(LOADER)!r})
loader = importlib.util.module_from_spec(spec)
spec.loader.exec_module(loader)
data = np.load({str(tmp_path / "args.npz")!r})
args = [data[f"arr_{{i}}"] for i in range(len(data.files))]
out = loader.load({str(path)!r})(*args)
x, y, i, n, s = args
assert np.allclose(out["f32"], np.exp(x * s) + 1, rtol=1e-5)
assert np.array_equal(out["i32"], i * 3 - np.int32(n))
assert out["bool"].dtype == np.bool_ and np.array_equal(out["bool"], x > 0)
mods = [m for m in sys.modules if (m == "mlir" or m.startswith("mlir.")) and sys.modules[m] is not None]
assert not mods, mods
print("loaded without mlir")
"""
    res = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert res.returncode == 0, res.stderr
    assert "loaded without mlir" in res.stdout


def test_missing_and_corrupt_manifests(many, tmp_path):
    path, _, _ = many
    with pytest.raises(ExportError, match="does not exist"):
        load(tmp_path / "nowhere")
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "manifest.json").write_text("{ not json")
    with pytest.raises(ExportError, match="corrupt"):
        load(bad)
    (bad / "manifest.json").write_text(json.dumps({"hello": 1}))
    with pytest.raises(ExportError, match="not a descend export"):
        load(bad)
    m = json.loads(Path(path).read_text())
    for key in ("entry", "inputs"):
        broken = dict(m)
        del broken[key]
        (bad / "manifest.json").write_text(json.dumps(broken))
        with pytest.raises(ExportError, match=f'missing "{key}"'):
            load(bad)
    (bad / "manifest.json").write_text(json.dumps(dict(m, version=99)))
    with pytest.raises(ExportError, match="unsupported export version"):
        load(bad)
    (bad / "manifest.json").write_text(json.dumps(dict(m, inputs=[{"shape": "x", "dtype": "float32"}])))
    with pytest.raises(ExportError, match="bad shape/dtype"):
        load(bad)
    (bad / "manifest.json").write_text(json.dumps(m))  # the library is not there
    with pytest.raises(ExportError, match="does not exist"):
        load(bad)
    (bad / m["library"]).write_bytes(b"\x7fELF garbage")
    with pytest.raises(ExportError, match="cannot load"):
        load(bad)
    (bad / m["library"]).unlink()
    (bad / m["library"]).symlink_to(Path(path).parent / m["library"])
    (bad / "manifest.json").write_text(json.dumps(dict(m, entry="_mlir_ciface_nothing")))
    with pytest.raises(ExportError, match="has no symbol"):
        load(bad)


def test_export_rejects_bad_options(many):
    c = descend.jit(lambda x: x + 1).lower(np.float32(1)).compile()
    with pytest.raises(ValueError, match="cuda_runtime"):
        c.export("/tmp/never", cuda_runtime="nope")


# ---------------------------------------------------------------- GPU target


@pytest.fixture(scope="module")
def gpu_export(tmp_path_factory):
    a = np.random.default_rng(1).standard_normal((70, 300)).astype(np.float32)
    b = np.random.default_rng(2).standard_normal((300, 40)).astype(np.float32)

    def f(x, y):
        return dnp.exp(x) * 2, dnp.sum(x, axis=1), x @ y

    compiled = descend.jit(f, backend="gpu").lower(a, b).compile()
    path = compiled.export(tmp_path_factory.mktemp("gpu") / "f")
    return path, compiled, (a, b)


def test_gpu_export_builds_without_a_gpu(gpu_export, tmp_path):
    path, compiled, _ = gpu_export
    m = json.loads(Path(path).read_text())
    assert m["target"] == "gpu" and m["gpu"]["runtime"] == "bundled"
    if not cuda_available():
        assert m["gpu"]["chip"] == "sm_90"  # the default target without a device to ask
    lib = Path(path).parent / m["library"]
    nm = subprocess.run(["nm", "-D", "--defined-only", str(lib)], capture_output=True, text=True)
    if nm.returncode == 0:
        for sym in ("_mlir_ciface_jit_f", "mgpuLaunchKernel", "mgpuModuleLoadJIT", "mgpuMemAlloc", "descend_gpu_error"):
            assert sym in nm.stdout
    readelf = subprocess.run(["readelf", "-d", str(lib)], capture_output=True, text=True)
    if readelf.returncode == 0:
        assert "libcuda" not in readelf.stdout  # the driver is opened at run time: links anywhere
    # the kernels' PTX is inside the library
    data = lib.read_bytes()
    for kernel in (rb"\.entry jit_f_loop\d+\(", rb"\.entry jit_f_reduce\d+\(", rb"\.entry jit_f_matmul\d+\("):
        assert re.search(kernel, data), kernel
    # linking MLIR's CUDA runtime instead
    m2 = json.loads(Path(compiled.export(tmp_path / "mlirrt", cuda_runtime="mlir")).read_text())
    assert m2["gpu"]["runtime"] == "mlir" and m2["runtime_libs"] == ["libmlir_cuda_runtime.so"]
    readelf = subprocess.run(["readelf", "-d", str(tmp_path / "mlirrt" / m2["library"])], capture_output=True, text=True)
    if readelf.returncode == 0:
        assert "libmlir_cuda_runtime.so" in readelf.stdout


@pytest.mark.skipif(cuda_available(), reason="checks the error raised where there is no GPU")
def test_gpu_export_load_without_gpu_is_a_clear_error(gpu_export):
    path, _, _ = gpu_export
    with pytest.raises(RuntimeError, match="targets an NVIDIA GPU, but none is usable here"):
        load(path)


@pytest.mark.gpu
@pytest.mark.skipif(not cuda_available(), reason="no usable NVIDIA GPU (libcuda/cuInit): GPU export not run")
def test_gpu_export_runs(gpu_export):
    path, _, (a, b) = gpu_export
    e, s, mm = load(path)(a, b)
    np.testing.assert_allclose(e, np.exp(a) * 2, rtol=1e-5)
    np.testing.assert_allclose(s, a.sum(axis=1), rtol=1e-4, atol=1e-4)
    np.testing.assert_allclose(mm, a @ b, rtol=1e-4, atol=1e-3)
