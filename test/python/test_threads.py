"""Threads: jitted functions called, compiled and traced from several Python threads.

- concurrent calls of one compiled function give the right results (calls release the
  GIL in ctypes, so they really overlap; large inputs also run the OpenMP-parallel loops);
- concurrent first calls with one signature compile it once (`Jitted.trace_count`);
- different functions, and different signatures of one function, compile concurrently;
- eager descend.numpy calls, grad and vmap from several threads at once.

Threads start together at a barrier so that the first calls really race.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

import descend
import descend.numpy as dnp

THREADS = 8


def run_together(fns):
    """Run the callables in `fns` in threads started at one barrier; returns their results
    (re-raising the first exception)."""
    barrier = threading.Barrier(len(fns))

    def start(fn):
        barrier.wait()
        return fn()

    with ThreadPoolExecutor(len(fns)) as ex:
        return list(ex.map(start, fns))


def _model(x, w):
    return dnp.tanh(x @ w + 1.0).sum(axis=1) - dnp.max(x, axis=1)


def _expected(x, w):
    return np.tanh(x @ w + 1.0).sum(axis=1) - np.max(x, axis=1)


@pytest.mark.parametrize("n", [64, 1 << 17], ids=["small", "parallel-loops"])
def test_concurrent_calls_of_one_function(n):
    f = descend.jit(lambda x, y: dnp.exp(-x * x) * y + dnp.sum(y))
    f(np.zeros(n, np.float32), np.zeros(n, np.float32))  # compiled before the race

    def worker(seed):
        rng = np.random.default_rng(seed)
        for _ in range(40 if n > 1000 else 300):
            x = rng.random(n, dtype=np.float32)
            y = rng.random(n, dtype=np.float32)
            got = np.asarray(f(x, y))
            np.testing.assert_allclose(got, np.exp(-x * x) * y + np.sum(y, dtype=np.float64), rtol=2e-5)
        return True

    assert all(run_together([lambda s=s: worker(s) for s in range(THREADS)]))
    assert f.trace_count == 1


def test_concurrent_first_calls_compile_once():
    f = descend.jit(_model)
    rng = np.random.default_rng(0)
    xs = [rng.random((5, 7), dtype=np.float32) for _ in range(THREADS)]
    w = rng.random((7, 3), dtype=np.float32)
    results = run_together([lambda x=x: f(x, w) for x in xs])
    assert f.trace_count == 1, f"one signature traced {f.trace_count} times"
    for x, r in zip(xs, results):
        np.testing.assert_allclose(np.asarray(r), _expected(x, w), rtol=1e-5)


def test_concurrent_first_calls_with_static_args_compile_once_each():
    f = descend.jit(lambda x, k: x * k + k, static_argnums=1)
    x = np.arange(4, dtype=np.float32)
    ks = [1, 2] * (THREADS // 2)  # two signatures, each raced by four threads
    results = run_together([lambda k=k: f(x, k) for k in ks])
    assert f.trace_count == 2
    for k, r in zip(ks, results):
        np.testing.assert_allclose(np.asarray(r), x * k + k)


def test_different_signatures_of_one_function_concurrently():
    f = descend.jit(lambda x: dnp.sum(dnp.sin(x)) + x)
    shapes = [(n,) for n in range(1, THREADS + 1)]
    results = run_together([lambda s=s: f(np.ones(s, np.float32)) for s in shapes])
    assert f.trace_count == len(shapes)
    for s, r in zip(shapes, results):
        np.testing.assert_allclose(np.asarray(r), np.sin(1.0) * s[0] + 1.0, rtol=1e-6)


OPS = [
    (lambda x: dnp.exp(x) - 1, lambda x: np.exp(x) - 1),
    (lambda x: dnp.tanh(x) * x, lambda x: np.tanh(x) * x),
    (lambda x: dnp.sum(x * x, axis=0), lambda x: np.sum(x * x, axis=0)),
    (lambda x: dnp.max(x, axis=1), lambda x: np.max(x, axis=1)),
    (lambda x: x.T @ x, lambda x: x.T @ x),
    (lambda x: dnp.where(x > 0.5, x, -x), lambda x: np.where(x > 0.5, x, -x)),
    (lambda x: dnp.argmax(x, axis=0), lambda x: np.argmax(x, axis=0)),
    (lambda x: dnp.reshape(x, (-1,))[::2], lambda x: np.reshape(x, (-1,))[::2]),
]


def test_different_functions_compile_concurrently():
    x = np.random.default_rng(2).random((6, 4), dtype=np.float32)
    fns = [descend.jit(op) for op, _ in OPS]
    results = run_together([lambda f=f: f(x) for f in fns])
    for f, (_, ref), r in zip(fns, OPS, results):
        assert f.trace_count == 1
        np.testing.assert_allclose(np.asarray(r), ref(x), rtol=1e-5)


def test_eager_calls_from_threads():
    rng = np.random.default_rng(3)
    xs = [rng.random((3, 5), dtype=np.float32) for _ in range(THREADS)]

    def work(x):
        out = dnp.add(dnp.exp(x), dnp.sqrt(x))
        return np.asarray(dnp.sum(out, axis=1))

    results = run_together([lambda x=x: work(x) for x in xs])
    for x, r in zip(xs, results):
        np.testing.assert_allclose(r, np.sum(np.exp(x) + np.sqrt(x), axis=1), rtol=1e-5)


def test_transformations_from_threads():
    """grad and vmap trace in every thread at once (trace state is per thread)."""
    rng = np.random.default_rng(4)
    xs = [rng.random(5, dtype=np.float32) for _ in range(THREADS)]
    g = descend.jit(descend.grad(lambda x: dnp.sum(dnp.sin(x) * x)))
    v = descend.vmap(lambda row: dnp.dot(row, row))

    def work(i, x):
        if i % 2:
            return np.asarray(g(x)), np.cos(x) * x + np.sin(x)
        m = np.stack([x, 2 * x])
        return np.asarray(v(m)), np.einsum("ij,ij->i", m, m)

    for got, want in run_together([lambda i=i, x=x: work(i, x) for i, x in enumerate(xs)]):
        np.testing.assert_allclose(got, want, rtol=1e-5)
