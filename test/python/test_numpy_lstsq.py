"""descend.numpy.linalg.lstsq (one-sided Jacobi SVD) and descend.numpy.polyfit against NumPy:
tall, square, wide and rank-deficient matrices, 1-D and 2-D right-hand sides, float32 /
float64 / int32, rcond, numpy_resid, empty inputs, under jit; gradients against finite
differences (gradcheck, float64)."""

from __future__ import annotations

import numpy as np
import pytest
from gradcheck import check_grads

import descend
import descend.numpy as dnp

R = np.random.default_rng(21)
TOL = {"float32": dict(rtol=2e-4, atol=2e-5), "float64": dict(rtol=1e-10, atol=1e-12)}


def _close(got, want, dtype):
    got = np.asarray(got)
    assert got.shape == np.shape(want), (got.shape, np.shape(want))
    np.testing.assert_allclose(got, want, **TOL[dtype])


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("shape", [(7, 3), (4, 4), (3, 6), (5, 1), (1, 3), (9, 5)])
@pytest.mark.parametrize("bdim", [1, 2])
def test_lstsq_matches_numpy(shape, dtype, bdim):
    a = R.normal(size=shape).astype(dtype)
    b = R.normal(size=(shape[0],) if bdim == 1 else (shape[0], 3)).astype(dtype)
    x, resid, rank, s = dnp.linalg.lstsq(a, b)
    wx, wresid, wrank, ws = np.linalg.lstsq(a, b)
    _close(x, wx, dtype)
    _close(s, ws, dtype)
    assert int(np.asarray(rank)) == wrank
    # JAX always returns the residuals: |b - a x|^2 per column ((1,) for 1-D b)
    want_r = np.sum((b.reshape(shape[0], -1) - a @ wx.reshape(shape[1], -1)) ** 2, axis=0)
    np.testing.assert_allclose(np.asarray(resid), want_r, rtol=TOL[dtype]["rtol"] * 10, atol=TOL[dtype]["atol"] * 10)
    if wresid.size:
        np.testing.assert_allclose(np.asarray(resid), wresid, **TOL[dtype])


def test_lstsq_rank_deficient_minimum_norm():
    a = R.normal(size=(8, 3))
    a = np.concatenate([a, a[:, :1] - 2 * a[:, 2:]], axis=1)  # rank 3 of 4
    b = R.normal(size=(8, 2))
    x, resid, rank, s = dnp.linalg.lstsq(a, b)
    wx, _, wrank, ws = np.linalg.lstsq(a, b)
    assert int(np.asarray(rank)) == wrank == 3
    _close(x, wx, "float64")
    np.testing.assert_allclose(np.asarray(s)[:3], ws[:3], rtol=1e-12)
    assert abs(float(np.asarray(s)[3])) < 1e-12


def test_lstsq_rcond_truncates():
    u, _ = np.linalg.qr(R.normal(size=(6, 3)))
    v, _ = np.linalg.qr(R.normal(size=(3, 3)))
    a = u @ np.diag([1.0, 1e-2, 1e-6]) @ v.T
    b = R.normal(size=6)
    for rcond in (1e-3, 1e-8, -1):
        x, _, rank, _ = dnp.linalg.lstsq(a, b, rcond=rcond)
        wx, _, wrank, _ = np.linalg.lstsq(a, b, rcond=rcond if rcond > 0 else None)
        assert int(np.asarray(rank)) == wrank
        np.testing.assert_allclose(np.asarray(x), wx, rtol=1e-7, atol=1e-9)


def test_lstsq_int_input_and_numpy_resid():
    a = np.array([[1, 0], [1, 1], [1, 2], [1, 4]], np.int32)
    b = np.array([1, 2, 2, 5], np.int32)
    x, resid, rank, s = dnp.linalg.lstsq(a, b, numpy_resid=True)
    assert np.asarray(x).dtype == np.float32
    wx, wresid, _, ws = np.linalg.lstsq(a.astype(np.float64), b.astype(np.float64))
    _close(x, wx, "float32")
    _close(resid, wresid, "float32")
    wide = dnp.linalg.lstsq(a.T, np.array([1.0, 2.0]), numpy_resid=True)[1]
    assert np.asarray(wide).shape == (0,)  # m <= n: empty, as NumPy


def test_lstsq_empty_and_errors():
    x, resid, rank, s = dnp.linalg.lstsq(np.zeros((3, 0)), np.ones(3))
    assert np.asarray(x).shape == (0,) and int(np.asarray(rank)) == 0 and np.asarray(s).shape == (0,)
    with pytest.raises(ValueError, match="leading dimensions"):
        dnp.linalg.lstsq(np.ones((3, 2)), np.ones(4))
    with pytest.raises(TypeError, match="two-dimensional"):
        dnp.linalg.lstsq(np.ones(3), np.ones(3))
    with pytest.raises(NotImplementedError, match="numpy_resid"):
        descend.jit(lambda a, b: dnp.linalg.lstsq(a, b, numpy_resid=True))(np.ones((3, 2)), np.ones(3))


def test_lstsq_under_jit():
    a, b = R.normal(size=(6, 4)), R.normal(size=6)
    got = descend.jit(lambda a, b: dnp.linalg.lstsq(a, b)[0])(a, b)
    _close(got, np.linalg.lstsq(a, b)[0], "float64")


@pytest.mark.parametrize("shape", [(6, 3), (3, 3), (2, 4)])
def test_lstsq_grad_vs_finite_differences(shape):
    a = R.normal(size=shape) + 2 * np.eye(*shape)
    b = R.normal(size=shape[0])
    check_grads(lambda a, b: dnp.linalg.lstsq(a, b)[0], (a, b), order=1, rtol=1e-5, atol=1e-7, identity_rtol=1e-7)


# ---- polyfit ----------------------------------------------------------------------------------


@pytest.mark.parametrize("dtype", ["float32", "float64", "int32"])
@pytest.mark.parametrize("deg", [0, 1, 3])
def test_polyfit_matches_numpy(dtype, deg):
    x = np.arange(-4, 6).astype(dtype)
    y = (x.astype(np.float64) ** 2 * 0.5 - x + R.normal(size=10)).astype(dtype if dtype != "int32" else "float32")
    got = dnp.polyfit(x, y, deg)
    want = np.polyfit(x.astype(np.float64), y.astype(np.float64), deg)
    tol = "float64" if dtype == "float64" else "float32"
    np.testing.assert_allclose(np.asarray(got), want, rtol=TOL[tol]["rtol"] * 10, atol=TOL[tol]["atol"] * 10)


def test_polyfit_full_weights_2d_and_cov():
    x = np.linspace(-1, 2, 11)
    y = np.stack([np.cos(x), 2 * x**3 - x], axis=1) + R.normal(size=(11, 2)) * 0.05
    w = R.uniform(0.5, 2.0, 11)
    got = dnp.polyfit(x, y, 3, full=True, w=w)
    want = np.polyfit(x, y, 3, full=True, w=w)
    for g, wv in zip(got, want):
        np.testing.assert_allclose(np.asarray(g), wv, rtol=1e-9, atol=1e-12)
    for cov in (True, "unscaled"):
        g = dnp.polyfit(x, y[:, 0], 2, cov=cov)
        wv = np.polyfit(x, y[:, 0], 2, cov=cov)
        np.testing.assert_allclose(np.asarray(g[1]), wv[1], rtol=1e-9, atol=1e-14)
    g = dnp.polyfit(x, y, 2, cov=True)
    wv = np.polyfit(x, y, 2, cov=True)
    np.testing.assert_allclose(np.asarray(g[1]), wv[1], rtol=1e-9, atol=1e-14)


def test_polyfit_errors():
    with pytest.raises(ValueError, match="deg"):
        dnp.polyfit(np.arange(3.0), np.arange(3.0), -1)
    with pytest.raises(TypeError, match="same length"):
        dnp.polyfit(np.arange(3.0), np.arange(4.0), 1)
    with pytest.raises(ValueError, match="exceed order"):
        dnp.polyfit(np.arange(3.0), np.arange(3.0), 2, cov=True)


def test_polyfit_under_jit_and_grad():
    x = np.linspace(0, 1, 8)
    y = np.sin(3 * x)
    got = descend.jit(lambda x, y: dnp.polyfit(x, y, 2))(x, y)
    np.testing.assert_allclose(np.asarray(got), np.polyfit(x, y, 2), rtol=1e-10)
    check_grads(lambda y: dnp.polyfit(x, y, 2), (y,), order=1, rtol=1e-5, atol=1e-7, identity_rtol=1e-7)
