"""The reduction speed paths against NumPy: row fusion (`fuse-row-loops`, one-row
temporaries, `hoist-loop-allocas`), output copy elision (`elide-output-copies`,
`duplicate-shared-fills`), loop-invariant hoisting with reciprocal division
(`hoist-loop-invariants`), several accumulators per reduction
(`split-reduction-accumulators`) and the parallel/vectorized reductions, on many shapes
(tiny, empty, 1xN, Nx1, odd sizes, sizes around DESCEND_PARALLEL_THRESHOLD),
dtypes, axes and keepdims; each with the optimisations on and off.

Tolerances: float32 results are compared with NumPy in float64 at a relative
tolerance of 2e-6 (a few ulp: the row sums are reassociated: vector lanes,
blocks of 128); full sums at a tolerance that grows with n (see
`test_full_sum_accuracy`); integer results exactly.
"""

from __future__ import annotations

import os

import numpy as np
import pytest

import descend
import descend.numpy as dnp

SWITCHES = ("DESCEND_ROW_FUSION", "DESCEND_ELIDE_COPIES", "DESCEND_LICM", "DESCEND_MULTI_ACC")


def _jit_with(fn, on: bool):
    """`descend.jit(fn)` compiled (on first call) with the switches on or off."""
    jitted = descend.jit(fn)

    def call(*args):
        old = {k: os.environ.get(k) for k in SWITCHES}
        for k in SWITCHES:
            os.environ[k] = "1" if on else "0"
        try:
            return jitted(*args)
        finally:
            for k, v in old.items():
                if v is None:
                    os.environ.pop(k, None)
                else:
                    os.environ[k] = v

    return call


def _softmax(m):
    def f(x):
        e = m.exp(x - m.max(x, axis=-1, keepdims=True))
        return e / m.sum(e, axis=-1, keepdims=True)

    return f


def _layernorm(m):
    def f(x, g, b):
        mu = m.mean(x, axis=-1, keepdims=True)
        xc = x - mu
        var = m.mean(xc * xc, axis=-1, keepdims=True)
        return xc / m.sqrt(var + 1e-5) * g + b

    return f


def _close(got, want, dtype):
    got = np.asarray(got)
    assert got.shape == np.shape(want)
    if np.issubdtype(dtype, np.integer):
        np.testing.assert_array_equal(got, want)
    else:
        rtol = 2e-6 if dtype == np.float32 else 1e-12
        np.testing.assert_allclose(got.astype(np.float64), np.asarray(want, np.float64), rtol=rtol, atol=rtol * 10)


ROW_SHAPES = [(1, 1), (1, 7), (7, 1), (2, 3), (3, 17), (17, 33), (1, 300), (300, 1), (64, 1024), (255, 257),
              (256, 256), (257, 255), (130, 129), (5, 4097)]


@pytest.mark.parametrize("on", [True, False])
@pytest.mark.parametrize("shape", ROW_SHAPES)
def test_softmax_rows(shape, on):
    x = np.random.default_rng(1).standard_normal(shape).astype(np.float32) * 4
    with np.errstate(all="ignore"):
        want = _softmax(np)(x.astype(np.float64))
    _close(_jit_with(_softmax(dnp), on)(x), want, np.float32)


@pytest.mark.parametrize("on", [True, False])
@pytest.mark.parametrize("shape", ROW_SHAPES)
def test_layernorm_rows(shape, on):
    r = np.random.default_rng(2)
    x = r.standard_normal(shape).astype(np.float32)
    g = r.standard_normal(shape[-1]).astype(np.float32)
    b = r.standard_normal(shape[-1]).astype(np.float32)
    want = _layernorm(np)(*(a.astype(np.float64) for a in (x, g, b)))
    # the variance of a row of one element is 0: 1/sqrt(1e-5) amplifies rounding of x - mean
    got = _jit_with(_layernorm(dnp), on)(x, g, b)
    np.testing.assert_allclose(np.asarray(got, np.float64), want, rtol=1e-4, atol=1e-4)


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
@pytest.mark.parametrize("shape", [(3, 5, 7), (2, 130, 129), (1, 1, 9)])
def test_softmax_3d_and_float64(shape, dtype):
    x = np.random.default_rng(3).standard_normal(shape).astype(dtype)
    want = _softmax(np)(x.astype(np.float64))
    _close(_jit_with(_softmax(dnp), True)(x), want, dtype)


@pytest.mark.parametrize("shape", [(0, 5), (5, 0), (0, 0)])
def test_empty_rows(shape):
    x = np.zeros(shape, np.float32)

    def f(x):
        return x - dnp.prod(x + 1, axis=-1, keepdims=True) + dnp.sum(x, axis=-1, keepdims=True)

    want = x - np.prod(x + 1, axis=-1, keepdims=True) + np.sum(x, axis=-1, keepdims=True)
    for on in (True, False):
        _close(_jit_with(f, on)(x), want, np.float32)


@pytest.mark.parametrize("on", [True, False])
@pytest.mark.parametrize("dtype", [np.int32, np.int64, np.float32, np.float64])
@pytest.mark.parametrize("axis", [0, 1, None])
@pytest.mark.parametrize("keepdims", [True, False])
@pytest.mark.parametrize("shape", [(1, 9), (9, 1), (37, 41), (256, 257)])
def test_sum_max_centered(shape, axis, keepdims, dtype, on):
    """Reductions whose results feed elementwise ops of the same rows (or columns)."""
    r = np.random.default_rng(4)
    x = (r.standard_normal(shape) * 10).astype(dtype)
    y = (r.standard_normal(shape) * 10).astype(dtype)

    def f(m):
        def g(x, y):
            s = m.sum(x * y, axis=axis, keepdims=keepdims)
            mx = m.max(x, axis=axis, keepdims=True)
            return s, x - mx + y

        return g

    got = _jit_with(f(dnp), on)(x, y)
    want = f(np)(x.astype(np.float64) if dtype == np.float32 else x, y)
    for a, b in zip(got, want):
        if dtype == np.float32:
            np.testing.assert_allclose(np.asarray(a, np.float64), b, rtol=1e-5, atol=1e-3)
        else:
            _close(a, b.astype(dtype), dtype)


@pytest.mark.parametrize("on", [True, False])
def test_rows_not_row_local_stay_apart(on):
    """A row statistic read at another row (reversed) or a column one: no fusion across them."""
    x = np.random.default_rng(5).standard_normal((33, 65)).astype(np.float32)

    def f(m):
        def g(x):
            mx = m.max(x, axis=1, keepdims=True)
            col = m.sum(x, axis=0, keepdims=True)
            return (x - mx[::-1]) * 2 + col, m.exp(x - mx)

        return g

    got = _jit_with(f(dnp), on)(x)
    want = f(np)(x.astype(np.float64))
    for a, b in zip(got, want):
        np.testing.assert_allclose(np.asarray(a, np.float64), b, rtol=2e-6, atol=2e-5)


@pytest.mark.parametrize("on", [True, False])
def test_reshaped_outputs_and_two_outputs(on):
    """Results that are reshapes of a fused nest (copy elision) and several outputs."""
    x = np.random.default_rng(6).standard_normal((40, 96)).astype(np.float32)

    def f(m):
        def g(x):
            mu = m.mean(x, axis=-1, keepdims=True)
            xc = x - mu
            return xc.reshape(40, 8, 12), m.sum(xc * xc, axis=-1), xc.reshape(-1), x

        return g

    got = _jit_with(f(dnp), on)(x)
    want = f(np)(x.astype(np.float64))
    for a, b in zip(got, want):
        np.testing.assert_allclose(np.asarray(a, np.float64), b, rtol=2e-6, atol=2e-5)
    assert not np.shares_memory(got[3], x)


@pytest.mark.parametrize("n", [1, 15, 16, 17, 1000, 65535, 65536, 65537, (1 << 20) + 3])
def test_full_sum_accuracy(n):
    """sum(x + y*z) against float64 NumPy: reassociated (lanes, blocks, threads), the error
    stays within 8 * eps32 * (log2(n) + 128/16) * sum(|terms|) (a tree-sum bound)."""
    r = np.random.default_rng(7)
    x, y, z = (r.standard_normal(n).astype(np.float32) for _ in range(3))
    terms = x.astype(np.float64) + y.astype(np.float64) * z
    bound = 8 * np.finfo(np.float32).eps * (np.log2(n) + 8) * np.sum(np.abs(terms)) + 1e-30
    for on in (True, False):
        got = float(_jit_with(lambda x, y, z: dnp.sum(x + y * z), on)(x, y, z))
        assert abs(got - terms.sum()) <= bound


def test_full_sum_int_and_float64():
    r = np.random.default_rng(8)
    a = r.integers(-1000, 1000, size=100003).astype(np.int32)
    d = r.standard_normal(100003)
    for on in (True, False):
        assert int(_jit_with(lambda a: dnp.sum(a * 3 + 1), on)(a)) == int(np.sum(a.astype(np.int64) * 3 + 1)) % (1 << 32) - (
            (1 << 32) if (int(np.sum(a.astype(np.int64) * 3 + 1)) % (1 << 32)) >= (1 << 31) else 0
        )
        np.testing.assert_allclose(float(_jit_with(lambda d: dnp.sum(d * d), on)(d)), np.sum(d * d), rtol=1e-12)


@pytest.mark.parametrize("rows", [2, 3, 255, 256, 257])
def test_threshold_neighbourhood(rows, monkeypatch):
    """Fused nests just below, at and above DESCEND_PARALLEL_THRESHOLD (sequential loops keep
    their one-row buffers outside the loop: hoist-loop-allocas)."""
    monkeypatch.setenv("DESCEND_PARALLEL_THRESHOLD", str(256 * 64))
    x = np.random.default_rng(9).standard_normal((rows, 64)).astype(np.float32)
    want = _softmax(np)(x.astype(np.float64))
    for threads in ("1", "2"):
        monkeypatch.setenv("DESCEND_NUM_THREADS", threads)
        _close(_jit_with(_softmax(dnp), True)(x), want, np.float32)


def test_many_rows_sequential_stack():
    """Many rows on one thread: a one-row buffer per iteration must not grow the stack."""
    x = np.random.default_rng(10).standard_normal((200000, 16)).astype(np.float32)
    os.environ["DESCEND_NUM_THREADS"] = "1"
    try:
        got = _jit_with(_softmax(dnp), True)(x)
    finally:
        os.environ.pop("DESCEND_NUM_THREADS")
    _close(got, _softmax(np)(x.astype(np.float64)), np.float32)


@pytest.mark.parametrize("on", [True, False])
@pytest.mark.parametrize("shape", [(3, 1040), (2, 4099), (1, 64), (4, 127), (2, 128)])
@pytest.mark.parametrize("dtype", [np.float32, np.float64, np.int32, np.int64, np.int8])
def test_reduction_kinds(shape, dtype, on):
    """Every combining op split-reduction-accumulators splits: sum, prod, max, min, and/or
    (bools), over rows long enough for 4 accumulators and a leftover loop."""
    r = np.random.default_rng(11)
    if np.issubdtype(dtype, np.floating):
        x = (1 + r.standard_normal(shape) * 1e-3).astype(dtype)
        x[0, -1] = -0.0 if shape[1] > 1 else x[0, -1]
    else:
        x = r.integers(1, 3, size=shape).astype(dtype)  # products stay in range or wrap alike

    def f(m):
        def g(x):
            b = x > x.mean() if hasattr(x, "mean") else x > m.mean(x)
            return (m.sum(x, axis=-1), m.prod(x, axis=-1), m.max(x, axis=-1), m.min(x, axis=-1),
                    m.any(b, axis=-1), m.all(b, axis=-1), m.max(x), m.min(x))

        return g

    got = _jit_with(f(dnp), on)(x)
    want = f(np)(x)
    for a, b in zip(got, want):
        a = np.asarray(a)
        if np.issubdtype(dtype, np.floating):
            np.testing.assert_allclose(a.astype(np.float64), np.asarray(b, np.float64), rtol=1e-5)
        else:
            np.testing.assert_array_equal(a, np.asarray(b).astype(a.dtype))


def test_max_nan_propagates():
    x = np.random.default_rng(12).standard_normal((4, 1040)).astype(np.float32)
    x[1, 517] = np.nan
    x[3, 1039] = np.nan
    got = np.asarray(_jit_with(lambda x: dnp.max(x, axis=-1), True)(x))
    np.testing.assert_array_equal(np.isnan(got), [False, True, False, True])
    np.testing.assert_array_equal(got[[0, 2]], np.max(x, axis=-1)[[0, 2]])


@pytest.mark.parametrize("on", [True, False])
def test_scans_keep_running_values(on):
    """Scans store every running value: never split into several accumulators."""
    x = np.random.default_rng(13).standard_normal((3, 1040)).astype(np.float32)
    got = _jit_with(lambda x: (dnp.cumsum(x, axis=-1), dnp.cumsum(x), dnp.cumprod(1 + x * 1e-3, axis=-1)), on)(x)
    want = (np.cumsum(x.astype(np.float64), axis=-1), np.cumsum(x.astype(np.float64)),
            np.cumprod(1 + x.astype(np.float64) * 1e-3, axis=-1))
    for a, b in zip(got, want):
        np.testing.assert_allclose(np.asarray(a, np.float64), b, rtol=1e-4, atol=1e-3)


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_division_by_row_value_whole_range(dtype):
    """a / b with b constant along the row (hoist-loop-invariants: (a * 2^k) * (1 / (b * 2^k))):
    within 2 ulp of NumPy's quotient (2 units of the last subnormal place where it is
    subnormal) and the same inf / nan results, for divisors and numerators across the
    range (subnormal, huge, 0, inf, nan)."""
    fi = np.finfo(dtype)
    r = np.random.default_rng(14)
    lim = 80 if dtype == np.float32 else 700
    special = [1.0, 3.0, -7.5, fi.tiny, fi.tiny / 8, fi.smallest_subnormal, fi.max, -fi.max / 3, 0.0, -0.0,
               np.inf, -np.inf, np.nan, 0.7, 1.9999, fi.max / 1.5, fi.tiny * 3]
    b = np.concatenate([special, np.exp(r.uniform(-lim, lim, 100)) * r.choice([-1, 1], 100)]).astype(dtype)
    a = np.concatenate([special, [12345.678, fi.smallest_subnormal * 7],
                        np.exp(r.uniform(-lim, lim, 60)) * r.choice([-1, 1], 60)]).astype(dtype)
    a = np.tile(a, (len(b), 1))
    with np.errstate(all="ignore"):
        want = a / b[:, None]
    got = np.asarray(_jit_with(lambda a, b: a / b[:, None], True)(a, b))
    np.testing.assert_array_equal(np.isnan(got), np.isnan(want))
    np.testing.assert_array_equal(np.isinf(got), np.isinf(want))
    fin = np.isfinite(want)
    normal = fin & (np.abs(want) >= fi.tiny)
    np.testing.assert_array_equal(np.signbit(got[normal]), np.signbit(want[normal]))
    # ulps of the quotient; of the smallest normal number where it is subnormal (there
    # the scaled operand may round once more: 0 for the smallest subnormal / 1)
    unit = np.spacing(np.maximum(np.abs(want[fin]), fi.tiny)).astype(np.float64)
    assert (np.abs(got[fin].astype(np.float64) - want[fin]) / unit).max() <= 2
