"""descend.numpy reductions against NumPy: sum, prod, max, min, mean, all, any, argmax, argmin."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import ALL_DTYPES, SHAPES, assert_matches_numpy, random_array

import descend
import descend.numpy as dnp

# name -> numpy function
REDUCTIONS = {
    "sum": np.sum,
    "prod": np.prod,
    "max": np.max,
    "min": np.min,
    "amax": np.amax,
    "amin": np.amin,
    "mean": np.mean,
    "all": np.all,
    "any": np.any,
}
NO_IDENTITY = {"max", "min", "amax", "amin"}


def result_dtype(name, dtype):
    """The dtype descend gives (JAX's): NumPy differs for sums of ints and bools (int64)."""
    if name in ("all", "any"):
        return "bool"
    if name in ("sum", "prod"):
        return "int32" if dtype == "bool" else dtype
    if name == "mean":
        return dtype if dtype in ("float32", "float64") else "float32"
    return dtype


def axes_for(shape):
    axes = [None]
    if len(shape) >= 1:
        axes += [0, -1]
    if len(shape) >= 2:
        axes += [(0, 1), (-1, 0)]
    if len(shape) >= 3:
        axes += [(0, 2)]
    return axes


def empty_axis(shape, axis):
    axes = range(len(shape)) if axis is None else (axis if isinstance(axis, tuple) else (axis,))
    return any(shape[a] == 0 for a in axes)


def make_input(rng, name, shape, dtype):
    domain = "small" if name == "prod" else "any"
    x = random_array(rng, shape, dtype, domain)
    if name in ("all", "any") and dtype != "bool" and x.size:
        x.flat[0] = 0
    return x


def expected_value(name, x, axis, keepdims=False):
    wide = x.astype(np.float64) if x.dtype.kind == "f" else x
    with np.errstate(all="ignore"):
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore", RuntimeWarning)
            return REDUCTIONS[name](wide, axis=axis, keepdims=keepdims)


CASES = [(shape, axis) for shape in SHAPES for axis in axes_for(shape)]


@pytest.mark.parametrize("shape,axis", CASES, ids=str)
@pytest.mark.parametrize("name", REDUCTIONS)
def test_reduction_shapes(name, shape, axis, rng):
    dtype = "bool" if name in ("all", "any") else "float32"
    x = make_input(rng, name, shape, dtype)
    fn = getattr(dnp, name)
    if name in NO_IDENTITY and empty_axis(shape, axis):
        with pytest.raises(ValueError, match="zero-size"):
            fn(x, axis=axis)
        return
    assert_matches_numpy(fn(x, axis=axis), expected_value(name, x, axis), result_dtype(name, dtype), "reduction")


@pytest.mark.parametrize("axis", [None, 1, (0, 2)], ids=str)
@pytest.mark.parametrize("name", REDUCTIONS)
def test_reduction_keepdims(name, axis, rng):
    dtype = "bool" if name in ("all", "any") else "float32"
    x = make_input(rng, name, (2, 3, 4), dtype)
    got = getattr(dnp, name)(x, axis=axis, keepdims=True)
    assert_matches_numpy(got, expected_value(name, x, axis, keepdims=True), result_dtype(name, dtype), "reduction")


@pytest.mark.parametrize("axis", [None, 1], ids=str)
@pytest.mark.parametrize("dtype", ALL_DTYPES)
@pytest.mark.parametrize("name", REDUCTIONS)
def test_reduction_dtypes(name, dtype, axis, rng):
    """Sums of int32 stay int32, sums of bools give int32, means of integers give float32."""
    x = make_input(rng, name, (3, 5), dtype)
    got = getattr(dnp, name)(x, axis=axis)
    assert_matches_numpy(got, expected_value(name, x, axis), result_dtype(name, dtype), "reduction")


def test_sum_of_bools_counts():
    x = np.array([[True, False, True], [True, True, True]])
    assert_matches_numpy(dnp.sum(x), np.array(5), "int32")
    assert_matches_numpy(dnp.sum(x, axis=0), np.array([2, 1, 2]), "int32")


def test_int32_sum_wraps_like_int32():
    x = np.full(4, 2**30, np.int32)
    # JAX semantics: accumulate in int32 (NumPy would widen to int64 and give 2**32)
    assert_matches_numpy(dnp.sum(x), np.array(0), "int32")


@pytest.mark.parametrize("n", [5000, 10**6, 1_000_003, 2**20 + 128 * 3])
def test_long_float32_sums_are_accurate(n):
    """Long float32 sums stay close to the exact sum (NumPy sums pairwise, XLA in a tree); a single
    running sum of 10^6 copies of 0.1 would be off by ~1%."""
    x = np.full(n, 0.1, np.float32)
    exact = x.astype(np.float64).sum()
    assert_matches_numpy(dnp.sum(x), exact, "float32", rtol=3e-6)
    assert_matches_numpy(dnp.mean(x), exact / n, "float32", rtol=3e-6)


def test_long_float32_sums_over_axes(rng):
    x = rng.random((3, 3000, 5)).astype(np.float32)
    wide = x.astype(np.float64)
    for axis in (None, 1, (1, 2), (0, 1), 0, (0, 2)):
        for keepdims in (False, True):
            got = dnp.sum(x, axis=axis, keepdims=keepdims)
            assert_matches_numpy(got, wide.sum(axis=axis, keepdims=keepdims), "float32", rtol=2e-6, atol=1e-5)
    f = descend.jit(lambda a: dnp.sum(a * 2, axis=1))
    assert_matches_numpy(f(x), 2 * wide.sum(axis=1), "float32", rtol=2e-6, atol=1e-5)


def test_sum_dtype_argument(rng):
    x = random_array(rng, (3, 4), "int32")
    assert_matches_numpy(dnp.sum(x, dtype=np.float64), x.sum(dtype=np.float64), "float64")
    f = random_array(rng, (3, 4), "float32")
    assert_matches_numpy(dnp.sum(f, axis=1, dtype="float64"), f.astype(np.float64).sum(axis=1), "float64", "reduction")
    assert_matches_numpy(dnp.mean(x, dtype=np.float64), x.mean(), "float64")


def test_sum_where(rng):
    x = random_array(rng, (3, 4), "float32")
    m = x > 0
    assert_matches_numpy(dnp.sum(x, axis=1, where=m), np.sum(x, axis=1, where=m), "float32", "reduction")
    assert_matches_numpy(dnp.prod(x, where=m), np.prod(x.astype(np.float64), where=m), "float32", "reduction")
    assert_matches_numpy(dnp.all(x > -1, axis=0), np.all(x > -1, axis=0), "bool")


def test_empty_reductions():
    x = np.zeros((3, 0), np.float32)
    assert_matches_numpy(dnp.sum(x), np.array(0.0), "float32")
    assert_matches_numpy(dnp.sum(x, axis=1), np.zeros(3), "float32")
    assert_matches_numpy(dnp.prod(x, axis=1), np.ones(3), "float32")
    assert_matches_numpy(dnp.all(x), np.array(True), "bool")
    assert_matches_numpy(dnp.any(x, axis=1), np.zeros(3, bool), "bool")
    assert_matches_numpy(dnp.max(x, axis=0), np.zeros((0,)), "float32")
    with np.errstate(all="ignore"), pytest.warns(RuntimeWarning):
        expected = np.mean(x, axis=1)
    assert_matches_numpy(dnp.mean(x, axis=1), expected, "float32")
    with pytest.raises(ValueError):
        dnp.max(x)
    with pytest.raises(ValueError):
        dnp.min(x, axis=1)


def test_nan_in_max_min_sum():
    x = np.array([[1.0, np.nan, 3.0], [4.0, 5.0, 6.0]], np.float32)
    for name in ("max", "min", "sum", "mean", "prod"):
        for axis in (None, 0, 1):
            assert_matches_numpy(getattr(dnp, name)(x, axis=axis), getattr(np, name)(x, axis=axis), "float32", "reduction")


def test_max_min_of_extremes():
    x = np.array([-np.inf, -np.inf], np.float32)
    assert_matches_numpy(dnp.max(x), np.array(-np.inf), "float32")
    i = np.array([np.iinfo(np.int32).min, np.iinfo(np.int32).min], np.int32)
    assert_matches_numpy(dnp.max(i), i.max(), "int32")
    assert_matches_numpy(dnp.min(-i - 1), (-i - 1).min(), "int32")


def test_mean_of_python_list_and_scalar():
    assert_matches_numpy(dnp.mean([1, 2, 3, 4]), np.array(2.5), "float32")
    assert_matches_numpy(dnp.sum(3.5), np.array(3.5), "float32")


def test_numpy_integer_axes(rng):
    x = random_array(rng, (2, 3, 4), "float32")
    assert_matches_numpy(dnp.sum(x, axis=np.int64(1)), x.sum(axis=1), "float32", "reduction")
    assert_matches_numpy(dnp.max(x, axis=(np.int32(0), np.int64(2))), x.max(axis=(0, 2)), "float32")
    assert_matches_numpy(dnp.mean(x, axis=np.int64(-1)), x.mean(axis=-1), "float32", "reduction")
    assert_matches_numpy(dnp.any(x > 0, axis=np.int64(0)), np.any(x > 0, axis=0), "bool")
    assert_matches_numpy(dnp.argmax(x, axis=np.int64(2)), x.argmax(axis=2), "int32")
    assert_matches_numpy(dnp.asarray(x).sum(axis=np.int64(0)), x.sum(axis=0), "float32", "reduction")


def test_reduction_axis_errors():
    x = np.ones((2, 3), np.float32)
    with pytest.raises(ValueError, match="out of bounds"):
        dnp.sum(x, axis=2)
    with pytest.raises(ValueError, match="repeated"):
        dnp.sum(x, axis=(0, 0))
    with pytest.raises(ValueError):
        dnp.sum(np.float32(1), axis=0)


def test_reduction_unsupported_arguments():
    x = np.ones((2, 3), np.float32)
    with pytest.raises(NotImplementedError, match="out"):
        dnp.sum(x, out=np.empty(3))
    with pytest.raises(NotImplementedError, match="initial"):
        dnp.max(x, initial=0.0)


# ---- argmax / argmin ------------------------------------------------------------------

ARG_SHAPES = [((), None), ((1,), None), ((7,), None), ((7,), 0), ((3, 5), None), ((3, 5), 0), ((3, 5), 1), ((3, 5), -1),
              ((2, 1, 4), 1), ((2, 1, 4), 2), ((3, 0), 0)]


@pytest.mark.parametrize("shape,axis", ARG_SHAPES, ids=str)
@pytest.mark.parametrize("name", ["argmax", "argmin"])
def test_argmax_argmin_shapes(name, shape, axis, rng):
    x = random_array(rng, shape, "float32")
    assert_matches_numpy(getattr(dnp, name)(x, axis=axis), getattr(np, name)(x, axis=axis), "int32")


@pytest.mark.parametrize("dtype", ALL_DTYPES)
@pytest.mark.parametrize("name", ["argmax", "argmin"])
def test_argmax_argmin_dtypes(name, dtype, rng):
    x = random_array(rng, (4, 6), dtype)
    for axis in (None, 0, 1):
        assert_matches_numpy(getattr(dnp, name)(x, axis=axis), getattr(np, name)(x, axis=axis), "int32")


@pytest.mark.parametrize("name", ["argmax", "argmin"])
def test_argmax_ties_and_nan(name):
    """Ties give the first index; NaN wins (the first NaN), as NumPy."""
    x = np.array([[1.0, 3.0, 3.0, 1.0], [2.0, np.nan, 5.0, np.nan], [-np.inf, -np.inf, np.inf, np.inf]], np.float32)
    for axis in (None, 0, 1):
        assert_matches_numpy(getattr(dnp, name)(x, axis=axis), getattr(np, name)(x, axis=axis), "int32")
    i = np.array([np.iinfo(np.int32).min, np.iinfo(np.int32).max, np.iinfo(np.int32).min], np.int32)
    assert_matches_numpy(getattr(dnp, name)(i), getattr(np, name)(i), "int32")


def test_argmax_keepdims():
    x = np.arange(12, dtype=np.float32).reshape(3, 4)[::-1]
    assert_matches_numpy(dnp.argmax(x, axis=1, keepdims=True), np.argmax(x, axis=1, keepdims=True), "int32")
    assert_matches_numpy(dnp.argmin(x, keepdims=True), np.argmin(x, keepdims=True), "int32")


def test_argmax_empty_raises():
    with pytest.raises(ValueError, match="empty"):
        dnp.argmax(np.zeros((0,), np.float32))
    with pytest.raises(ValueError, match="empty"):
        dnp.argmin(np.zeros((3, 0), np.float32), axis=1)


# ---- methods on descend.Array ----------------------------------------------------------------


def test_array_reduction_methods(rng):
    x = random_array(rng, (3, 4), "float32")
    a = dnp.asarray(x)
    assert_matches_numpy(a.sum(), x.astype(np.float64).sum(), "float32", "reduction")
    assert_matches_numpy(a.sum(axis=0, keepdims=True), x.sum(axis=0, keepdims=True), "float32", "reduction")
    assert_matches_numpy(a.mean(axis=1), x.mean(axis=1), "float32", "reduction")
    assert_matches_numpy(a.max(axis=0), x.max(axis=0), "float32")
    assert_matches_numpy(a.min(), x.min(), "float32")
    assert_matches_numpy(a.prod(axis=1), x.astype(np.float64).prod(axis=1), "float32", "reduction")
    assert_matches_numpy(a.argmax(axis=1), x.argmax(axis=1), "int32")
    assert_matches_numpy(a.argmin(), x.argmin(), "int32")
