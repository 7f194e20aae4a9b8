"""The NVIDIA GPU path: devices API, GPU lowering (everywhere), execution (marker `gpu`).

Without a GPU, everything up to PTX and the export is checked; execution tests
are skipped with the reason.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import descend
import descend.numpy as dnp
from descend.devices import GpuArray, GpuDevice
from descend.export_loader import CudaDriver, cuda_available
from descend.lowering.gpu_pipeline import GPU_STAGE_NAMES, gpu_stages, pipeline_text, ptx_features

HAVE_GPU = cuda_available()
requires_gpu = pytest.mark.skipif(not HAVE_GPU, reason=f"no usable NVIDIA GPU: {CudaDriver.get().error}")
no_gpu_only = pytest.mark.skipif(HAVE_GPU, reason="checks the behaviour where no GPU is usable")
TEST_GPU = Path(__file__).resolve().parents[1] / "gpu"

rng = np.random.default_rng(0)
A = rng.standard_normal((48, 300)).astype(np.float32)
B = rng.standard_normal((300, 40)).astype(np.float32)


def softmax(x):
    e = dnp.exp(x - dnp.max(x, axis=1, keepdims=True))
    return e / dnp.sum(e, axis=1, keepdims=True)


def chain(x):
    return dnp.tanh(x * 2.0 + 1.0) * x


def matmul(x, y):
    return x @ y


# ---------------------------------------------------------------- devices API


def test_default_backend_and_cpu_devices():
    assert descend.default_backend() == "cpu"
    assert descend.devices() == descend.devices("cpu")
    (cpu,) = descend.devices("cpu")
    assert cpu.platform == "cpu" and repr(cpu) == "CpuDevice(id=0)"
    x = descend.device_put(np.arange(3.0), cpu)
    assert isinstance(x, descend.Array) and x.device == cpu
    np.testing.assert_array_equal(np.asarray(x), np.arange(3.0))
    tree = descend.device_put({"a": 1.0, "b": [np.ones(2)]})
    assert isinstance(tree["a"], descend.Array) and isinstance(tree["b"][0], descend.Array)


def test_unknown_backend():
    with pytest.raises(RuntimeError, match="unknown backend 'tpu'"):
        descend.devices("tpu")
    with pytest.raises(RuntimeError, match="unknown backend"):
        descend.jit(chain, backend="tpu")
    with pytest.raises(TypeError, match="device must be a descend Device"):
        descend.jit(chain, device="gpu:0")


def test_default_backend_from_environment(monkeypatch):
    monkeypatch.setenv("DESCEND_DEFAULT_BACKEND", "cuda")
    assert descend.default_backend() == "gpu"
    monkeypatch.setenv("DESCEND_DEFAULT_BACKEND", "cpu")
    assert descend.default_backend() == "cpu"


@no_gpu_only
def test_asking_for_a_gpu_without_one_is_a_clear_error():
    msg = "no NVIDIA GPU is usable here"
    with pytest.raises(RuntimeError, match=msg):
        descend.devices("gpu")
    with pytest.raises(RuntimeError, match=msg):
        descend.device_put(np.ones(3), GpuDevice(0))
    f = descend.jit(chain, backend="gpu")
    with pytest.raises(RuntimeError, match=msg):
        f(A)
    with pytest.raises(RuntimeError, match=msg):
        f.lower(A).compile()(A)
    # the CPU still works as before
    np.testing.assert_allclose(np.asarray(descend.jit(chain)(A)), np.tanh(A * 2 + 1) * A, rtol=1e-5, atol=1e-6)


def test_jit_on_cpu_device_is_the_cpu_path():
    (cpu,) = descend.devices("cpu")
    out = descend.jit(chain, device=cpu)(A)
    np.testing.assert_allclose(np.asarray(out), np.tanh(A * 2 + 1) * A, rtol=1e-5, atol=1e-6)


# ---------------------------------------------------------------- lowering (no GPU needed)


def test_gpu_stages_print():
    lowered = descend.jit(chain, backend="gpu").lower(A)
    assert lowered.stage_names == [*GPU_STAGE_NAMES, "ptx"]
    assert "dsc." in lowered.as_text("dsc") or "dsc" in lowered.as_text("dsc")
    assert "linalg.generic" in lowered.as_text("linalg")
    assert "memref<48x300xf32>" in lowered.as_text("buffers")
    gpu = lowered.as_text("gpu")
    assert re.search(r"gpu.launch_func\s+@jit_chain_loop0::@jit_chain_loop0", gpu) and "gpu.module @jit_chain_loop0" in gpu
    nvvm = lowered.as_text("nvvm")
    assert '#nvvm.target<O = 3, chip = "sm_90", features = "+ptx80">' in nvvm or HAVE_GPU
    assert "nvvm.read.ptx.sreg.tid.x" in nvvm
    assert "gpu.binary @jit_chain_loop0" in lowered.as_text("binary")
    ptx = lowered.as_text("ptx")
    assert ".visible .entry jit_chain_loop0(" in ptx
    assert ".extern" not in ptx or "__nv_" not in ptx  # libdevice linked when a CUDA toolkit is found
    with pytest.raises(ValueError, match="unknown GPU stage"):
        lowered.as_text("loops")


@pytest.mark.parametrize(
    "fn,args,kernels",
    [
        (chain, (A,), ["loop"]),
        # max, exp(x - max), sum, divide; the fills of the reductions are folded into them
        (softmax, (A,), ["reduce", "loop", "reduce", "loop"]),
        (lambda x: dnp.sum(x), (A,), ["reduce", "combine"]),
        (lambda x: dnp.sum(x, axis=0), (A,), ["reduce"]),
        (matmul, (A, B), ["matmul"]),
    ],
    ids=["chain", "softmax", "sum", "colsum", "matmul"],
)
def test_kernels_in_ptx(fn, args, kernels):
    ptx = descend.jit(fn, backend="gpu").lower(*args).as_text("ptx")
    entries = re.findall(r"\.entry \w+_(loop|reduce|combine|serial|matmul)\d+\(", ptx)
    assert entries == kernels


def test_matmul_kernel_uses_shared_memory_and_fma():
    ptx = descend.jit(matmul, backend="gpu").lower(A, B).as_text("ptx")
    assert ".shared" in ptx and "bar.sync" in ptx and "fma.rn.f32" in ptx and "ld.shared" in ptx


def test_reduction_kernel_uses_warp_shuffles():
    ptx = descend.jit(lambda x: dnp.sum(x, axis=1), backend="gpu").lower(A).as_text("ptx")
    assert "shfl.sync.bfly.b32" in ptx and "bar.sync" in ptx


def test_chip_from_device():
    dev = GpuDevice(0, "test", chip="sm_80")
    lowered = descend.jit(chain, device=dev).lower(A)
    ptx = lowered.as_text("ptx")
    assert ".target sm_80" in ptx and ".version 7.0" in ptx
    assert ptx_features("sm_90") == "+ptx80" and ptx_features("sm_75") == "+ptx60"


def test_many_programs_lower_to_ptx():
    import descend.lax as lax

    x = rng.random((16, 40)).astype(np.float32)
    cases = [
        (lambda a: a.T * 2, (x,)),
        (lambda a: dnp.concatenate([a, a], axis=0)[3:9, ::2], (x,)),
        (lambda a: dnp.argmax(a, axis=1), (x,)),
        (lambda a: dnp.where(a > 0.5, a, 0.0), (x,)),
        (lambda a: dnp.any(a > 0.9, axis=1), (x,)),
        (lambda a: dnp.sum(a.astype(np.float64)), (x,)),
        (lambda a: a * 2, (np.float32(3.0),)),
        (lambda a: a + np.arange(40, dtype=np.float32), (x,)),
        (lambda a: lax.cond(dnp.sum(a) > 0, lambda t: t * 2, lambda t: t - 1, a), (x,)),
        (lambda a: lax.fori_loop(0, 3, lambda i, t: t * 2, a), (x,)),
        (lambda a: descend.grad(lambda t: dnp.sum(dnp.tanh(t @ x.T)))(a), (x,)),
        (lambda a: dnp.prod(a.astype(np.int64), axis=1), (x,)),
    ]
    for fn, args in cases:
        ptx = descend.jit(fn, backend="gpu").lower(*args).as_text("ptx")
        assert ".entry" in ptx


def test_lit_tests_follow_the_pipeline():
    """test/gpu/*.mlir spell out the pipeline (lit has no substitution for it): they must
    match gpu_pipeline's stages, without the machine-specific libdevice path."""
    stages = dict(gpu_stages("sm_90", toolkit=None))
    for path in sorted(TEST_GPU.glob("*.mlir")):
        text = path.read_text()
        defines = {}
        for m in re.finditer(r"^// DEFINE: %\{(\w+)\} = ((?:.*\\\n// DEFINE:)*.*)$", text, re.M):
            value = re.sub(r"\\\n// DEFINE:\s*", " ", m.group(2))
            defines[m.group(1)] = _norm(_split(value))
        if not defines:
            continue
        for stage in ("gpu", "nvvm", "binary"):
            assert defines[stage] == _norm(stages[stage]), f"{path.name}: %{{{stage}}} differs from gpu_pipeline.py"


def _norm(elements):
    return [re.sub(r"\s*,\s*", ", ", re.sub(r"\s+", " ", e.strip())) for e in elements]


def _split(text):
    from descend.lowering.pipeline import parse_pipeline

    return parse_pipeline(text)


def test_pipeline_module_prints_a_descend_opt_pipeline(tmp_path):
    text = descend.jit(chain).lower(A).as_text("buffers")
    (tmp_path / "in.mlir").write_text(text)
    pipeline = subprocess.run(
        [sys.executable, "-m", "descend.lowering.gpu_pipeline", "--upto", "binary"], capture_output=True, text=True, check=True
    ).stdout.strip()
    assert pipeline == pipeline_text("binary")
    out = subprocess.run(
        [sys.executable, "-m", "descend.tools.descend_opt", str(tmp_path / "in.mlir"), f"--pass-pipeline={pipeline}"],
        capture_output=True,
        text=True,
    )
    assert out.returncode == 0, out.stderr
    assert "gpu.binary @jit_chain_loop0" in out.stdout and ".entry jit_chain_loop0" in out.stdout


# ---------------------------------------------------------------- the kernels, emulated on the CPU


def _np_softmax(x):
    e = np.exp(x - x.max(1, keepdims=True))
    return e / e.sum(1, keepdims=True)


_S = rng.standard_normal((6, 40)).astype(np.float32)
EMULATED = [
    ("chain", chain, lambda x: np.tanh(x * 2 + 1) * x, (_S,)),
    ("softmax", softmax, _np_softmax, (_S,)),
    ("rowsum", lambda x: dnp.sum(x, axis=1), lambda x: x.sum(1), (_S,)),
    ("colsum", lambda x: dnp.sum(x, axis=0), lambda x: x.sum(0), (_S,)),
    # few outputs, long rows: partial sums over several blocks, then a combine kernel
    ("split", lambda x: dnp.sum(x) + dnp.max(x), lambda x: x.sum() + x.max(), (rng.standard_normal((20, 300)).astype(np.float32),)),
    # tiled matmul, sizes the 64x64x16 tiles do not divide
    ("matmul", matmul, lambda x, y: x @ y, (rng.standard_normal((70, 33)).astype(np.float32), rng.standard_normal((33, 20)).astype(np.float32))),
    ("bmm", dnp.matmul, np.matmul, (rng.standard_normal((2, 20, 17)), rng.standard_normal((2, 17, 18)))),
    ("matvec", matmul, lambda x, y: x @ y, (_S, _S[0])),
    ("imax", lambda x: dnp.max(x, axis=1), lambda x: x.max(1), (rng.integers(-1000, 1000, (5, 64)).astype(np.int32),)),
    ("f64prod", lambda x: dnp.prod(x, axis=1), lambda x: x.prod(1), (rng.random((3, 50)) + 0.5,)),
    # unsigned: all_reduce maxui of uint8 widened with extui; divui; uint16 sums in uint32
    ("umax", lambda x: dnp.max(x, axis=1), lambda x: x.max(1), (rng.integers(0, 256, (5, 64)).astype(np.uint8),)),
    ("udivmin", lambda x: dnp.min(x // np.uint32(7), axis=0), lambda x: (x // np.uint32(7)).min(0),
     (rng.integers(0, 2**32, (40, 5), dtype=np.uint32),)),
    ("usum", lambda x: dnp.sum(x, axis=1), lambda x: x.sum(1, dtype=np.uint32), (rng.integers(0, 2**16, (4, 300), dtype=np.uint16),)),
    ("scalar", lambda x: x * 2.0, lambda x: x * 2.0, (np.float64(1.5),)),
    ("slices", lambda x: dnp.concatenate([x, x * 2], axis=1)[1:4, ::3].T, lambda x: np.concatenate([x, x * 2], axis=1)[1:4, ::3].T, (_S,)),
    ("argmax", lambda x: dnp.argmax(x, axis=1), lambda x: x.argmax(1), (_S,)),
    ("any", lambda x: dnp.any(x > 1.5, axis=1), lambda x: (x > 1.5).any(1), (_S,)),
    ("constant", lambda x: x + np.arange(40, dtype=np.float32), lambda x: x + np.arange(40, dtype=np.float32), (_S,)),
    ("cond", lambda x: lax_cond(dnp.sum(x) > 0, lambda t: t * 2, lambda t: t - 1, x), lambda x: x * 2 if x.sum() > 0 else x - 1, (_S,)),
    ("fori", lambda x: lax_fori(0, 3, lambda i, t: t * 2, x), lambda x: x * 8, (_S,)),
]


def lax_cond(*a):
    import descend.lax as lax

    return lax.cond(*a)


def lax_fori(*a):
    import descend.lax as lax

    return lax.fori_loop(*a)


@pytest.mark.parametrize("name,fn,ref,args", EMULATED, ids=[c[0] for c in EMULATED])
def test_gpu_stage_emulated_matches_numpy(name, fn, ref, args):
    """The IR after the `gpu` stage (host code + kernels), run by an interpreter with one
    generator per thread meeting at barriers and all_reduce (test/python/gpu_emulator.py):
    checks the kernels descend generates without a GPU."""
    from gpu_emulator import emulate

    out = emulate(descend.jit(fn, backend="gpu").lower(*args), *args)
    want = ref(*args)
    got = np.asarray(out)
    cpu = np.asarray(descend.jit(fn)(*args))  # the same program on the CPU: same shape and dtype
    assert got.shape == cpu.shape == np.shape(want) and got.dtype == cpu.dtype
    np.testing.assert_allclose(got, want, rtol=1e-4, atol=1e-5)


# ---------------------------------------------------------------- a fake driver

FAKE_SCRIPT = """
import json, sys
import numpy as np
import descend, descend.numpy as dnp
from descend.devices import GpuArray
from descend.export_loader import cuda_available, cuda_devices, load

out = {"available": cuda_available(), "devices": cuda_devices()}
(gpu,) = descend.devices("gpu")
out["device"] = [repr(gpu), gpu.device_kind, gpu.chip]
x = np.arange(300 * 257, dtype=np.float32).reshape(300, 257)
# device memory round trip (the fake's device memory is host memory, copies are real)
d = descend.device_put(x, gpu)
out["device_put"] = [type(d).__name__, bool(np.array_equal(np.asarray(d), x))]
f = descend.jit(lambda a: dnp.exp(a) + 1, device=gpu)
y = f(d)
z = f(y)  # a GpuArray in, a GpuArray out: no host copy in between
out["chained"] = [type(y).__name__, type(z).__name__, np.asarray(z).shape]
g = descend.jit(lambda a, b: (dnp.sum(a, axis=1), a @ b), backend="gpu")
g(x, np.ones((257, 40), np.float32))
path = f.lower(x).compile().export(sys.argv[1])
out["export"] = np.asarray(load(path)(x)).shape
try:
    load(sys.argv[1])(np.zeros((2, 2), np.float32))
except TypeError as e:
    out["bad_args"] = str(e)
print(json.dumps(out))
"""


@pytest.fixture(scope="module")
def fake_driver(tmp_path_factory):
    """libcuda.so.1 stand-in (test/python/fake_cuda.c): no kernel runs, everything around does."""
    import shutil

    cc = shutil.which("cc") or shutil.which("gcc")
    if cc is None:
        pytest.skip("no C compiler to build the fake CUDA driver")
    d = tmp_path_factory.mktemp("fakecuda")
    subprocess.run([cc, "-shared", "-fPIC", "-O1", "-o", str(d / "libcuda.so.1"), str(Path(__file__).with_name("fake_cuda.c"))], check=True)
    return d


def _run_fake(fake_driver, tmp_path, script, *args, **env):
    import os

    environ = dict(os.environ, LD_LIBRARY_PATH=f"{fake_driver}:{os.environ.get('LD_LIBRARY_PATH', '')}", FAKE_CUDA_LOG=str(tmp_path / "launches.log"), **env)
    return subprocess.run([sys.executable, "-c", script, *args], capture_output=True, text=True, env=environ)


@pytest.mark.skipif(HAVE_GPU, reason="a real GPU is present: the fake driver is for machines without one")
def test_gpu_runtime_plumbing_with_a_fake_driver(fake_driver, tmp_path):
    """Device discovery, device_put, GpuArray chaining, the ExecutionEngine + MLIR CUDA
    runtime path, the exported library's bundled shim and the loader, against a fake
    libcuda that runs no kernel but logs each launch."""
    import json

    res = _run_fake(fake_driver, tmp_path, FAKE_SCRIPT, str(tmp_path / "export"))
    assert res.returncode == 0, res.stderr[-3000:]
    out = json.loads(res.stdout.strip().splitlines()[-1])
    assert out["available"] and out["devices"][0]["name"] == "Fake GPU" and out["devices"][0]["chip"] == "sm_90"
    assert out["device"] == ["CudaDevice(id=0)", "Fake GPU", "sm_90"]
    assert out["device_put"] == ["GpuArray", True]
    assert out["chained"] == ["GpuArray", "GpuArray", [300, 257]]
    assert out["export"] == [300, 257]
    assert "argument 0 has shape (2, 2)" in out["bad_args"]
    launches = (tmp_path / "launches.log").read_text().split("\n")
    # 77100 elements, 256 threads per block: 302 blocks; twice in process, once exported
    assert launches.count("jit_fn_loop0 302 1 1 256 1 1") == 3
    # the row sums: a block of 256 threads per row; the matmul: 64x64 tiles of 16x16 threads
    assert "jit_fn_reduce0 300 1 1 256 1 1" in launches
    assert "jit_fn_matmul1 1 5 1 16 16 1" in launches


@pytest.mark.skipif(HAVE_GPU, reason="a real GPU is present: the fake driver is for machines without one")
def test_gpu_errors_with_a_fake_driver(fake_driver, tmp_path):
    """A PTX JIT failure reaches the user as a RuntimeError with the JIT log; a driver
    without devices makes `devices("gpu")` a clear error."""
    export = descend.jit(chain, backend="gpu").lower(A).compile().export(tmp_path / "e")
    script = "import sys; from descend.export_loader import load\ntry:\n    load(sys.argv[1])\nexcept RuntimeError as e:\n    print(e)\n"
    res = _run_fake(fake_driver, tmp_path, script, str(export), FAKE_CUDA_FAIL_JIT="1")
    assert res.returncode == 0, res.stderr
    assert "JIT-compiling PTX (cuModuleLoadDataEx): CUDA_ERROR_INVALID_PTX" in res.stdout
    assert "ptxas fatal   : fake JIT failure" in res.stdout
    script = "import descend\ntry:\n    descend.devices('gpu')\nexcept RuntimeError as e:\n    print(e)\n"
    res = _run_fake(fake_driver, tmp_path, script, FAKE_CUDA_NO_DEVICE="1")
    assert "cuInit failed: CUDA_ERROR_NO_DEVICE" in res.stdout, res.stderr


# ---------------------------------------------------------------- execution (GPU only)


@pytest.mark.gpu
@requires_gpu
@pytest.mark.parametrize(
    "fn,args,ref,tol",
    [
        (chain, (A,), lambda x: np.tanh(x * 2 + 1) * x, 1e-5),
        (softmax, (A,), lambda x: np.exp(x - x.max(1, keepdims=True)) / np.exp(x - x.max(1, keepdims=True)).sum(1, keepdims=True), 1e-5),
        (lambda x: dnp.sum(x), (A,), lambda x: x.sum(), 1e-3),
        (lambda x: dnp.max(x, axis=0), (A,), lambda x: x.max(0), 0),
        (matmul, (A, B), lambda x, y: x @ y, 1e-3),
        (lambda x: x * 3 + 1, (np.arange(1000, dtype=np.int32),), lambda x: x * 3 + 1, 0),
    ],
    ids=["chain", "softmax", "sum", "colmax", "matmul", "int"],
)
def test_gpu_execution_matches_numpy(fn, args, ref, tol):
    out = descend.jit(fn, backend="gpu")(*args)
    np.testing.assert_allclose(np.asarray(out), ref(*args), rtol=tol, atol=tol)


@pytest.mark.gpu
@requires_gpu
def test_gpu_arrays_stay_on_the_device():
    (gpu, *_) = descend.devices("gpu")
    x = descend.device_put(A, gpu)
    assert isinstance(x, GpuArray) and x.device == gpu
    f = descend.jit(chain, device=gpu)
    y = f(x)
    assert isinstance(y, GpuArray)
    z = f(y)  # no host round trip in between
    np.testing.assert_allclose(np.asarray(z), np.tanh((np.tanh(A * 2 + 1) * A) * 2 + 1) * (np.tanh(A * 2 + 1) * A), rtol=1e-5, atol=1e-5)
