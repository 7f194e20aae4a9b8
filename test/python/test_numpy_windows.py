"""descend.numpy window functions and i0 against NumPy (and i0's derivative against SciPy's i1).

Windows are float32 (JAX's default float) for every length, including 0 and 1; `kaiser`
takes a traced `beta` under jit; a traced length raises NotImplementedError naming `M`.
"""

from __future__ import annotations

import numpy as np
import pytest
import scipy.special
from conftest import assert_matches_numpy
from gradcheck import check_grads

import descend
import descend.numpy as dnp

LENGTHS = [0, 1, 2, 3, 8, 15]


@pytest.mark.parametrize("M", LENGTHS)
@pytest.mark.parametrize("name", ["bartlett", "blackman", "hamming", "hanning"])
def test_window_matches_numpy(name, M):
    got = getattr(dnp, name)(M)
    assert_matches_numpy(got, getattr(np, name)(M), "float32", "transcendental", atol=2e-6)


@pytest.mark.parametrize("M", LENGTHS)
@pytest.mark.parametrize("beta", [0.0, 2.5, 14.0])
def test_kaiser_matches_numpy(M, beta):
    assert_matches_numpy(dnp.kaiser(M, beta), np.kaiser(M, beta), "float32", "transcendental", atol=2e-6)


def test_window_length_accepts_numpy_ints_and_rejects_others():
    assert_matches_numpy(dnp.hamming(np.int64(5)), np.hamming(5), "float32", "transcendental")
    with pytest.raises(TypeError, match="hamming: M must be an integer"):
        dnp.hamming(2.5)
    with pytest.raises(NotImplementedError, match="'M'"):
        descend.jit(lambda m: dnp.hanning(m))(4)


def test_kaiser_with_traced_beta():
    got = descend.jit(lambda b: dnp.kaiser(7, b))(np.float32(3.5))
    assert_matches_numpy(got, np.kaiser(7, 3.5), "float32", "transcendental", atol=2e-6)


X = np.concatenate([np.linspace(-40, 40, 81), [0.0, 7.99, 8.0, 8.01, 1e-3, 700.0]])


@pytest.mark.parametrize("dtype,rtol", [("float64", 1e-14), ("float32", 3e-6)])
def test_i0_matches_numpy(dtype, rtol):
    x = X.astype(dtype)
    with np.errstate(over="ignore"):
        want = np.i0(x.astype(np.float64))
    assert_matches_numpy(dnp.i0(x), want, dtype, rtol=rtol, atol=0)


def test_i0_special_values():
    got = np.asarray(dnp.i0(np.array([np.inf, -np.inf, np.nan, 0.0])))
    np.testing.assert_array_equal(got, [np.inf, np.inf, np.nan, 1.0])


def test_i0_of_integers_is_float32():
    assert_matches_numpy(dnp.i0(np.arange(-3, 4, dtype=np.int32)), np.i0(np.arange(-3, 4)), "float32", rtol=3e-6)


def test_i0_derivative_is_i1():
    x = np.array([-9.0, -3.0, 0.0, 0.5, 7.9, 8.1, 20.0])
    got = descend.jit(descend.vmap(descend.grad(lambda v: dnp.i0(v))))(x)
    np.testing.assert_allclose(np.asarray(got), scipy.special.i1(x), rtol=2e-6, atol=1e-12)


def test_i0_gradients_match_finite_differences():
    check_grads(lambda v: dnp.i0(v), (np.array([-5.0, -0.3, 0.7, 3.0, 9.0, 15.0]),), order=2)
