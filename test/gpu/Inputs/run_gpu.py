"""GPU execution checks against NumPy (test/gpu/run-gpu.mlir; needs an NVIDIA GPU).

Each case runs twice: in process (`jit(f, backend="gpu")`) and through an
ahead-of-time export loaded with `descend.export_loader`. Prints '<case> OK'
per case, or what differs.
"""

import sys
import tempfile

import numpy as np

import descend
import descend.numpy as dnp
from descend.export_loader import load

rng = np.random.default_rng(0)


def softmax(x):
    e = dnp.exp(x - dnp.max(x, axis=1, keepdims=True))
    return e / dnp.sum(e, axis=1, keepdims=True)


def np_softmax(x):
    e = np.exp(x - x.max(axis=1, keepdims=True))
    return e / e.sum(axis=1, keepdims=True)


a = rng.standard_normal((300, 257)).astype(np.float32)
b = rng.standard_normal((257, 130)).astype(np.float32)
CASES = [
    ("chain", lambda x: dnp.exp(x * x + x), lambda x: np.exp(x * x + x), (a,), 1e-5),
    ("rowsum", lambda x: dnp.sum(x, axis=1), lambda x: x.sum(axis=1), (a,), 1e-4),
    ("colsum", lambda x: dnp.sum(x, axis=0), lambda x: x.sum(axis=0), (a,), 1e-4),
    ("total", lambda x: dnp.max(x) + dnp.sum(x), lambda x: x.max() + x.sum(), (a,), 1e-3),
    ("softmax", softmax, np_softmax, (a,), 1e-5),
    ("matmul", lambda x, y: x @ y, lambda x, y: x @ y, (a, b), 1e-3),
    ("int", lambda x: x * 3 - 1, lambda x: x * 3 - 1, (np.arange(1000, dtype=np.int32),), 0),
    ("scalar", lambda x: x * 2.0, lambda x: x * np.float64(2.0), (np.float64(1.5),), 0),
]

failed = 0
with tempfile.TemporaryDirectory() as tmp:
    for name, fn, ref, args, tol in CASES:
        expected = ref(*args)
        jitted = descend.jit(fn, backend="gpu")
        got = np.asarray(jitted(*args))
        exported = load(jitted.lower(*args).compile().export(f"{tmp}/{name}"))(*args)
        for how, value in (("jit", got), ("export", np.asarray(exported))):
            if value.shape != expected.shape or not np.allclose(value, expected, rtol=tol, atol=tol):
                failed += 1
                print(f"{name} ({how}) MISMATCH: max error {np.max(np.abs(value - expected))}")
                break
        else:
            print(f"{name} OK")
sys.exit(1 if failed else 0)
