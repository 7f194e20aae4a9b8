"""The optimized CPU paths (vectorized loops, remainders, parallel chunks, promoted
accumulators, polynomial math) against NumPy, and each switch against the plain path.

Sizes straddle the vector width (16 float32 lanes with AVX-512), the remainder split
and the parallel threshold (DESCEND_PARALLEL_THRESHOLD, lowered here so that the
OpenMP path runs on small arrays too)."""

from __future__ import annotations

import numpy as np
import pytest

import descend
import descend.numpy as dnp

SIZES = [0, 1, 3, 15, 16, 17, 31, 33, 100, 1000, 4099]


def _run(fn, *args):
    return np.asarray(descend.jit(fn)(*args))


@pytest.fixture(params=["default", "parallel", "plain"])
def mode(request, monkeypatch):
    if request.param == "parallel":
        monkeypatch.setenv("DESCEND_NUM_THREADS", "2")
        monkeypatch.setenv("DESCEND_PARALLEL_THRESHOLD", "64")
    elif request.param == "plain":
        monkeypatch.setenv("DESCEND_VECTORIZE", "0")
        monkeypatch.setenv("DESCEND_FAST_MATH", "0")
        monkeypatch.setenv("DESCEND_NUM_THREADS", "1")
    return request.param


@pytest.mark.parametrize("n", SIZES)
def test_fused_elementwise(mode, n):
    rng = np.random.default_rng(n)
    a, b = rng.standard_normal(n, dtype=np.float32), rng.standard_normal(n, dtype=np.float32)
    np.testing.assert_allclose(_run(lambda a, b: dnp.exp(a * b + a), a, b), np.exp(a * b + a), rtol=2e-6)


@pytest.mark.parametrize("n", SIZES)
def test_fused_reduction(mode, n):
    rng = np.random.default_rng(n)
    x, y, z = (rng.standard_normal(n, dtype=np.float32) for _ in range(3))
    got = _run(lambda x, y, z: dnp.sum(x + y * z), x, y, z)
    want = np.sum(x.astype(np.float64) + y.astype(np.float64) * z)
    np.testing.assert_allclose(got, want, rtol=1e-5, atol=1e-4 * max(1, np.sqrt(n)))


@pytest.mark.parametrize("shape", [(0, 5), (1, 1), (3, 17), (7, 33), (64, 100), (130, 16)])
def test_rows(mode, shape):
    x = np.random.default_rng(1).standard_normal(shape).astype(np.float32)

    def softmax(x):
        e = dnp.exp(x - dnp.max(x, axis=1, keepdims=True))
        return e / dnp.sum(e, axis=1, keepdims=True)

    e = np.exp(x - x.max(axis=1, keepdims=True)) if x.size else x
    want = e / e.sum(axis=1, keepdims=True) if x.size else x
    np.testing.assert_allclose(_run(softmax, x), want, rtol=1e-5, atol=1e-7)
    np.testing.assert_allclose(_run(lambda x: dnp.sum(x, axis=0), x), x.sum(axis=0), rtol=1e-5, atol=1e-5)
    np.testing.assert_allclose(_run(lambda x: dnp.tanh(x) * 2.0, x), np.tanh(x) * 2, rtol=2e-6, atol=1e-7)


@pytest.mark.parametrize("n", [5, 16, 33, 1000])
def test_float64_int_bool(mode, n):
    rng = np.random.default_rng(n)
    a = rng.standard_normal(n)
    np.testing.assert_allclose(_run(lambda a: dnp.exp(a) + dnp.tanh(a) * 2, a), np.exp(a) + np.tanh(a) * 2, rtol=1e-13, atol=1e-14)
    np.testing.assert_allclose(_run(lambda a: dnp.sum(a * a), a), np.sum(a * a), rtol=1e-12)
    i = rng.integers(-100, 100, n).astype(np.int32)
    np.testing.assert_array_equal(_run(lambda i: i * 3 + 1, i), i * 3 + 1)
    np.testing.assert_array_equal(_run(lambda i: dnp.sum(i), i), np.sum(i))
    np.testing.assert_array_equal(_run(lambda i: dnp.max(i), i), np.max(i))
    got = _run(lambda a, i: (a > 0) & (i < 10), a, i)
    assert got.dtype == np.bool_
    np.testing.assert_array_equal(got, (a > 0) & (i < 10))
    np.testing.assert_array_equal(_run(lambda a: dnp.any(a > 1.0), a), np.any(a > 1.0))


def test_log_and_matmul(mode):
    rng = np.random.default_rng(3)
    x = rng.random(1001).astype(np.float32) + 0.01
    np.testing.assert_allclose(_run(dnp.log, x), np.log(x), rtol=3e-7)
    a, b = rng.standard_normal((33, 17), dtype=np.float32), rng.standard_normal((17, 20), dtype=np.float32)
    np.testing.assert_allclose(_run(dnp.matmul, a, b), a @ b, rtol=1e-4, atol=1e-5)


def test_dispatch_repeated_calls_and_threads():
    """The cached call path: many calls, outputs never shared, several Python threads."""
    import threading

    f = descend.jit(lambda x: x + 1)
    x = np.arange(8, dtype=np.float32)
    outs = [np.asarray(f(x)) for _ in range(100)]
    assert all(np.array_equal(o, x + 1) for o in outs)
    assert len({o.ctypes.data for o in outs[:10]}) == 10
    errors = []

    def work(k):
        y = np.full(8, k, np.float32)
        for _ in range(200):
            if not np.array_equal(np.asarray(f(y)), y + 1):
                errors.append(k)

    ts = [threading.Thread(target=work, args=(k,)) for k in range(4)]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    assert not errors


@pytest.mark.parametrize("n", [1, 5, 12, 15, 17, 33])
@pytest.mark.parametrize("dtype", ["int32", "int64", "uint32"])
def test_integer_division_on_arrays_shorter_than_a_vector(n, dtype):
    """Loops shorter than one vector read past the end of their arrays (masked reads)."""
    a = (np.arange(n) * 7 + 3).astype(dtype)
    b = (np.arange(n) % 4 + 1).astype(dtype)
    f = descend.jit(lambda x, y: (x // y, x % y, (x // y) * y + x % y))
    q, r, back = f(a, b)
    np.testing.assert_array_equal(np.asarray(q), a // b)
    np.testing.assert_array_equal(np.asarray(r), a % b)
    np.testing.assert_array_equal(np.asarray(back), a)


def test_short_vector_reads_are_padded_with_zeros_not_poison():
    """The vectorizer pads reads past the end with ub.poison; through a chain of guarded
    divisions LLVM then dropped the computation (unravel_index on 12 elements returned
    garbage). vector-transfer-in-bounds pads them with zeros."""
    x = np.arange(12, dtype=np.int32)
    f = descend.jit(lambda i: dnp.unravel_index(i, (3, 4)))
    assert "ub.poison" not in f.lower(x).as_text("loops")
    for got, want in zip(f(x), np.unravel_index(x, (3, 4))):
        np.testing.assert_array_equal(np.asarray(got), want)
