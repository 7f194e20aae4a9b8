"""Accuracy of the polynomial exp/tanh/log of `fast-math-polynomials` against NumPy.

Bounds (max relative error over the sampled finite range; also stated in
lowering/fast_math.py and benchmarks/RESULTS.md):

  exp  float32 <= 3 ulp (3.6e-7)   float64 <= 4 ulp (8.9e-16)
  tanh float32 <= 4 ulp (4.8e-7)   float64 <= 8 ulp (1.8e-15)
  log  float32 <= 2 ulp (2.4e-7)   (float64 log stays on libm)

plus the edges: overflow to inf, underflow to 0 (with subnormals between), inf,
-inf, nan, signed zero, log of 0 / negatives / subnormals.
"""

from __future__ import annotations

import numpy as np
import pytest

import descend
import descend.numpy as dnp

ULP = {"float32": np.finfo(np.float32).eps, "float64": np.finfo(np.float64).eps}
BOUNDS = {("exp", "float32"): 3, ("exp", "float64"): 4, ("tanh", "float32"): 4, ("tanh", "float64"): 8,
          ("log", "float32"): 2}


def _rel_err(got, want):
    got, want = np.asarray(got, np.float64), np.asarray(want, np.float64)
    finite = np.isfinite(want) & (want != 0)
    tiny = np.finfo(np.float32).tiny if got.dtype == np.float32 else 0
    finite &= np.abs(want) > tiny
    return float(np.max(np.abs(got[finite] - want[finite]) / np.abs(want[finite]), initial=0.0))


def _sample(name, dtype, n=200_003):
    rng = np.random.default_rng(7)
    if name == "exp":
        hi = 88.7 if dtype == "float32" else 709.7
        lo = -87.3 if dtype == "float32" else -708.0
        x = rng.uniform(lo, hi, n)
    elif name == "tanh":
        x = np.concatenate([rng.uniform(-10, 10, n // 2), rng.uniform(-1, 1, n // 2), np.geomspace(1e-30, 0.7, 1000)])
    else:
        x = np.concatenate([np.exp(rng.uniform(-80, 80, n // 2)), rng.uniform(0, 4, n // 2)])
    return x.astype(dtype)


@pytest.mark.parametrize("name,dtype", sorted(BOUNDS))
def test_accuracy_bound(name, dtype):
    x = _sample(name, dtype)
    got = np.asarray(descend.jit(getattr(dnp, name))(x))
    want = getattr(np, name)(x.astype(np.float64))
    err = _rel_err(got, want)
    assert got.dtype == x.dtype
    assert err <= BOUNDS[(name, dtype)] * ULP[dtype], f"{name} {dtype}: max rel err {err:.3g}"


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_exp_edges(dtype):
    big = 88.8 if dtype == "float32" else 709.8
    small = -104.0 if dtype == "float32" else -745.2
    sub = -95.0 if dtype == "float32" else -740.0  # a subnormal result
    x = np.array([0.0, -0.0, 1.0, np.inf, -np.inf, np.nan, big, 1000.0, small, -1000.0, sub], dtype=dtype)
    got = np.asarray(descend.jit(dnp.exp)(x))
    with np.errstate(over="ignore", under="ignore"):
        want = np.exp(x)
    assert got[0] == 1 and got[1] == 1
    assert np.isinf(got[3]) and got[4] == 0 and np.isnan(got[5])
    assert np.isinf(got[6]) and np.isinf(got[7]) and got[8] == 0 and got[9] == 0
    assert 0 < got[10] < np.finfo(dtype).tiny
    np.testing.assert_allclose(got[10], want[10], rtol=1e-2)  # a subnormal: few significant bits


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_tanh_edges(dtype):
    x = np.array([0.0, -0.0, np.inf, -np.inf, np.nan, 30.0, -30.0, 1e-30, 0.625, -0.625], dtype=dtype)
    got = np.asarray(descend.jit(dnp.tanh)(x))
    assert got[0] == 0 and not np.signbit(got[0]) and got[1] == 0 and np.signbit(got[1])
    assert got[2] == 1 and got[3] == -1 and np.isnan(got[4]) and got[5] == 1 and got[6] == -1
    np.testing.assert_allclose(got[7:], np.tanh(x[7:]), rtol=4 * ULP[dtype])


def test_log_edges():
    x = np.array([0.0, -0.0, -1.0, np.inf, -np.inf, np.nan, 1.0, 1e-40, 1e-45, 3.4e38], dtype=np.float32)
    got = np.asarray(descend.jit(dnp.log)(x))
    assert got[0] == -np.inf and got[1] == -np.inf and np.isnan(got[2]) and got[3] == np.inf
    assert np.isnan(got[4]) and np.isnan(got[5]) and got[6] == 0
    np.testing.assert_allclose(got[7:], np.log(x[7:].astype(np.float64)), rtol=2 * ULP["float32"])


def test_fast_math_off_matches(monkeypatch):
    """DESCEND_FAST_MATH=0 keeps libm: same values within the bounds."""
    x = _sample("exp", "float32", 10_001)
    fast = np.asarray(descend.jit(lambda v: dnp.exp(v))(x))
    monkeypatch.setenv("DESCEND_FAST_MATH", "0")
    slow = np.asarray(descend.jit(lambda v: dnp.exp(v))(x))
    np.testing.assert_allclose(fast, slow, rtol=3 * ULP["float32"])
