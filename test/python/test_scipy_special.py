"""descend.scipy.special against SciPy: values over ranges (incl. reflections,
poles and tails), dtypes (float32 for integer inputs, as JAX), special values,
and derivatives."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import assert_matches_numpy
from gradcheck import check_grads

import descend
import descend.scipy.special as ds

sp = pytest.importorskip("scipy.special", reason="scipy is not installed")

R = np.random.default_rng(7)
POS = R.uniform(0.05, 30.0, 64)
ANY = R.uniform(-6.0, 6.0, 64)
UNIT = R.uniform(0.001, 0.999, 64)
GAMMA_ARGS = np.concatenate([R.uniform(-9.5, 40.0, 60), [1.0, 2.0, 0.5, 1e-4, -0.5, -2.5, 170.5, 1e6]])

# name -> (SciPy function, inputs, float32 tolerance (rtol, atol), float64 tolerance)
UNARY = {
    "erf": (sp.erf, ANY, (2e-6, 1e-7), (1e-14, 1e-15)),
    "erfc": (sp.erfc, ANY, (2e-6, 1e-7), (1e-13, 1e-15)),
    "erfinv": (sp.erfinv, UNIT * 2 - 1, (5e-6, 1e-6), (1e-11, 1e-13)),
    "gammaln": (sp.gammaln, GAMMA_ARGS, (5e-6, 2e-5), (1e-12, 1e-11)),
    "digamma": (sp.digamma, GAMMA_ARGS[GAMMA_ARGS != 1e6], (5e-6, 2e-5), (1e-11, 1e-11)),
    "expit": (sp.expit, ANY * 10, (2e-6, 1e-7), (1e-14, 1e-15)),
    "logit": (sp.logit, UNIT, (5e-6, 1e-6), (1e-12, 1e-13)),
    "ndtr": (sp.ndtr, ANY, (2e-6, 1e-7), (1e-14, 1e-15)),
    "ndtri": (sp.ndtri, UNIT, (5e-6, 1e-6), (1e-11, 1e-12)),
    "log_ndtr": (sp.log_ndtr, np.concatenate([ANY, [-40.0, -25.0, -19.0, -9.5, 7.0, 12.0, 40.0]]), (5e-6, 1e-6), (1e-10, 1e-12)),
    "gamma": (sp.gamma, GAMMA_ARGS[np.abs(GAMMA_ARGS) < 30], (2e-5, 1e-6), (1e-11, 1e-13)),
    "gammasgn": (sp.gammasgn, GAMMA_ARGS, (0, 0), (0, 0)),
    "entr": (sp.entr, np.concatenate([POS, [0.0, -1.0]]), (2e-6, 1e-6), (1e-13, 1e-14)),
}


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_unary(dtype):
    inputs = {n: v[1].astype(dtype) for n, v in UNARY.items()}
    got = descend.jit(lambda xs: {n: getattr(ds, n)(xs[n]) for n in xs})(inputs)
    for name, (fn, _x, tol32, tol64) in UNARY.items():
        rtol, atol = tol32 if dtype == "float32" else tol64
        with np.errstate(all="ignore"):
            want = fn(inputs[name].astype(np.float64))
        assert_matches_numpy(got[name], want, dtype, rtol=rtol, atol=atol)


def test_integer_inputs_and_aliases():
    assert_matches_numpy(ds.gammaln(np.arange(1, 6, dtype=np.int32)), sp.gammaln(np.arange(1, 6)), "float32", "transcendental")
    assert_matches_numpy(ds.erf(np.array([0, 1], np.int32)), sp.erf([0, 1]), "float32", "transcendental")
    assert ds.psi is ds.digamma
    assert_matches_numpy(ds.loggamma(np.array([0.5, 3.0, -1.5])), [sp.gammaln(0.5), sp.gammaln(3.0), np.nan], "float64")


def test_binary_and_parametric():
    a, b = R.uniform(0.2, 8, 20), R.uniform(0.2, 8, 20)
    assert_matches_numpy(ds.beta(a, b), sp.beta(a, b), "float64", rtol=1e-11)
    assert_matches_numpy(ds.betaln(a, b), sp.betaln(a, b), "float64", rtol=1e-11, atol=1e-12)
    assert_matches_numpy(ds.beta(np.array([-1.5, 2.5]), np.array([3.0, -0.5])), sp.beta([-1.5, 2.5], [3.0, -0.5]), "float64", rtol=1e-10)
    assert_matches_numpy(ds.poch(a, b), sp.poch(a, b), "float64", rtol=1e-10)
    for n in (0, 1):
        assert_matches_numpy(ds.polygamma(n, a), sp.polygamma(n, a), "float64", rtol=1e-11)
    with pytest.raises(NotImplementedError, match="n=2"):
        ds.polygamma(2, a)
    assert_matches_numpy(ds.multigammaln(a + 3, 4), sp.multigammaln(a + 3, 4), "float64", rtol=1e-11)
    n = np.arange(-1.0, 12.0)
    assert_matches_numpy(ds.factorial(n), sp.factorial(n), "float64", rtol=1e-11)
    assert_matches_numpy(ds.comb(10.0, n), sp.comb(10.0, n), "float64", rtol=1e-10)
    assert_matches_numpy(ds.comb(5.0, n, repetition=True), sp.comb(5.0, n, repetition=True), "float64", rtol=1e-10)
    with pytest.raises(NotImplementedError, match="exact"):
        ds.factorial(n, exact=True)
    x = np.array([0.0, 0.0, 1.0, 2.0, -1.0, 3.0])
    y = np.array([0.0, 1.0, 0.0, 3.0, 2.0, -0.5])
    for name in ("xlogy", "xlog1py", "rel_entr", "kl_div"):
        with np.errstate(all="ignore"):
            want = getattr(sp, name)(x, y)
        assert_matches_numpy(getattr(ds, name)(x, y), want, "float64", rtol=1e-13)
    lm = np.array([0.0, 0.5, -1.5, 2.0])
    assert_matches_numpy(ds.boxcox(a[:4], lm), sp.boxcox(a[:4], lm), "float64", rtol=1e-12)
    assert_matches_numpy(ds.boxcox1p(a[:4], lm), sp.boxcox1p(a[:4], lm), "float64", rtol=1e-12)


@pytest.mark.parametrize("axis", [None, 0, 1, (0, 2)])
@pytest.mark.parametrize("keepdims", [False, True])
def test_logsumexp(axis, keepdims):
    a = R.standard_normal((3, 4, 5)) * 40
    b = R.uniform(0.1, 2.0, (3, 4, 5))
    got = descend.jit(lambda a, b: (ds.logsumexp(a, axis=axis, keepdims=keepdims), ds.logsumexp(a, axis=axis, b=b, keepdims=keepdims)))(a, b)
    assert_matches_numpy(got[0], sp.logsumexp(a, axis=axis, keepdims=keepdims), "float64", rtol=1e-13)
    assert_matches_numpy(got[1], sp.logsumexp(a, axis=axis, b=b, keepdims=keepdims), "float64", rtol=1e-13)


def test_logsumexp_edges():
    assert_matches_numpy(ds.logsumexp(np.array([-np.inf, -np.inf])), -np.inf, "float64")
    assert_matches_numpy(ds.logsumexp(np.array([np.inf, 1.0])), np.inf, "float64")
    assert_matches_numpy(ds.logsumexp(np.zeros((0, 2)), axis=0), [-np.inf, -np.inf], "float64")
    assert_matches_numpy(ds.logsumexp(np.float32(2.0)), 2.0, "float32")
    a = R.standard_normal((3, 4))
    m = a > 0
    want = np.array([sp.logsumexp(r[mr]) if mr.any() else -np.inf for r, mr in zip(a, m)])
    assert_matches_numpy(ds.logsumexp(a, axis=1, where=m), want, "float64", rtol=1e-13)
    with pytest.raises(NotImplementedError, match="return_sign"):
        ds.logsumexp(a, return_sign=True)
    assert_matches_numpy(ds.softmax(a), sp.softmax(a), "float64", rtol=1e-13)
    assert_matches_numpy(ds.softmax(a, axis=0), sp.softmax(a, axis=0), "float64", rtol=1e-13)
    assert_matches_numpy(ds.log_softmax(a, axis=1), sp.log_softmax(a, axis=1), "float64", rtol=1e-13)


def test_derivatives():
    x = R.uniform(0.6, 4.0, (5,))
    check_grads(ds.gammaln, (x,), order=2)
    check_grads(lambda x: ds.logsumexp(x.reshape(1, 5) * 3.0, axis=1), (x,), order=2)
    check_grads(lambda x: ds.xlogy(x, x + 1.0) + ds.ndtr(x) + ds.expit(x) + ds.log_ndtr(-x), (x,), order=1)
    check_grads(lambda x: ds.betaln(x, x[::-1]) + ds.erfinv(x / 5.0), (x,), order=1)
    g = descend.grad(lambda x: ds.gammaln(x).sum())(x)
    assert_matches_numpy(g, sp.digamma(x), "float64", rtol=1e-12)
