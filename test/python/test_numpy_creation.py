"""descend.numpy array creation against NumPy: array, asarray, zeros, ones, full, *_like,
arange, linspace, eye, identity, astype. Defaults follow JAX (float32, int32)."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import ALL_DTYPES, assert_matches_numpy, random_array

import descend
import descend.numpy as dnp

# ---- array / asarray ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "value,dtype",
    [
        ([1, 2, 3], "int32"),
        ([1.0, 2.5], "float32"),
        ([[1, 2], [3, 4]], "int32"),
        ([True, False], "bool"),
        ([1, 2.5], "float32"),
        (3, "int32"),
        (2.5, "float32"),
        (True, "bool"),
        ([], "float32"),
        ([[1.5], [2.5]], "float32"),
    ],
    ids=str,
)
def test_array_from_python(value, dtype):
    """Python values default to float32/int32 (JAX), not NumPy's float64/int64."""
    for fn in (dnp.array, dnp.asarray):
        got = fn(value)
        assert isinstance(got, descend.Array)
        assert_matches_numpy(got, np.array(value), dtype)


@pytest.mark.parametrize("dtype", ALL_DTYPES + ("int64", "int8", "float16"))
def test_array_from_numpy_keeps_dtype(dtype, rng):
    x = random_array(rng, (2, 3), dtype)
    for fn in (dnp.array, dnp.asarray):
        assert_matches_numpy(fn(x), x, dtype)


@pytest.mark.parametrize("dtype", ALL_DTYPES)
def test_array_dtype_argument(dtype):
    value = [[0, 1.5], [-2.5, 3]]
    assert_matches_numpy(dnp.array(value, dtype=dtype), np.array(value, dtype=dtype), dtype)
    assert_matches_numpy(dnp.asarray(np.array(value), dtype=dtype), np.array(value, dtype=dtype), dtype)


def test_array_copies_its_input():
    x = np.array([1.0, 2.0], np.float32)
    a = dnp.array(x)
    x[0] = 100.0
    assert_matches_numpy(a, np.array([1.0, 2.0]), "float32")


def test_asarray_of_descend_array_is_identity():
    a = dnp.asarray(np.ones(3, np.float32))
    assert dnp.asarray(a) is a
    assert_matches_numpy(dnp.asarray(a, dtype="int32"), np.ones(3), "int32")


def test_array_ndmin_and_nested_arrays():
    assert_matches_numpy(dnp.array([1, 2], ndmin=3), np.array([1, 2], ndmin=3), "int32")
    a = dnp.asarray(np.array([1.0, 2.0], np.float32))
    assert_matches_numpy(dnp.array([a, a]), np.array([[1.0, 2.0], [1.0, 2.0]]), "float32")


def test_array_rejects_strings_and_objects():
    with pytest.raises(TypeError):
        dnp.array(["a", "b"])
    with pytest.raises(TypeError):
        dnp.asarray([object()])
    with pytest.raises(NotImplementedError):
        dnp.asarray(np.array([1 + 2j]))


# ---- zeros / ones / full / empty ------------------------------------------------------------

SHAPES = [(), (1,), 4, (3, 5), (2, 1, 4), (0,), (3, 0)]


@pytest.mark.parametrize("shape", SHAPES, ids=str)
@pytest.mark.parametrize("name", ["zeros", "ones"])
def test_zeros_ones_shapes(name, shape):
    assert_matches_numpy(getattr(dnp, name)(shape), getattr(np, name)(shape), "float32")


@pytest.mark.parametrize("dtype", ALL_DTYPES + (int, float, bool, np.int32))
@pytest.mark.parametrize("name", ["zeros", "ones"])
def test_zeros_ones_dtypes(name, dtype):
    expected_dtype = {int: "int32", float: "float32", bool: "bool"}.get(dtype, np.dtype(dtype).name)
    assert_matches_numpy(getattr(dnp, name)((2, 3), dtype), getattr(np, name)((2, 3)), expected_dtype)
    assert_matches_numpy(getattr(dnp, name)((2, 3), dtype=dtype), getattr(np, name)((2, 3)), expected_dtype)


def test_empty_has_shape_and_dtype():
    got = dnp.empty((2, 3), "int32")
    assert got.shape == (2, 3) and got.dtype == np.int32
    assert dnp.empty(4).dtype == np.float32


@pytest.mark.parametrize(
    "fill,dtype,expected_dtype",
    [
        (1.5, None, "float32"),
        (7, None, "int32"),
        (True, None, "bool"),
        (np.float64(2.5), None, "float64"),
        (np.int32(3), None, "int32"),
        (2.5, "float64", "float64"),
        (2.7, "int32", "int32"),
        (0, "bool", "bool"),
        (-3, "float32", "float32"),
    ],
    ids=str,
)
def test_full(fill, dtype, expected_dtype):
    for shape in [(), (2, 3), (0,)]:
        assert_matches_numpy(dnp.full(shape, fill, dtype), np.full(shape, fill, dtype=expected_dtype), expected_dtype)


def test_full_with_array_fill_broadcasts(rng):
    row = random_array(rng, (3,), "float32")
    assert_matches_numpy(dnp.full((2, 3), row), np.full((2, 3), row), "float32")
    col = random_array(rng, (2, 1), "int32")
    assert_matches_numpy(dnp.full((2, 3), col), np.full((2, 3), col), "int32")


def test_negative_shape_raises():
    with pytest.raises(ValueError, match="negative"):
        dnp.zeros((2, -1))
    with pytest.raises(ValueError, match="negative"):
        dnp.eye(-1)
    with pytest.raises(ValueError, match="negative"):
        dnp.eye(2, -3)


# ---- *_like -------------------------------------------------------------------------------


@pytest.mark.parametrize("dtype", ALL_DTYPES)
@pytest.mark.parametrize("name", ["zeros_like", "ones_like"])
def test_zeros_ones_like(name, dtype, rng):
    x = random_array(rng, (3, 5), dtype)
    np_fn = getattr(np, name)
    assert_matches_numpy(getattr(dnp, name)(x), np_fn(x), dtype)
    assert_matches_numpy(getattr(dnp, name)(dnp.asarray(x)), np_fn(x), dtype)
    assert_matches_numpy(getattr(dnp, name)(x, dtype="float64"), np_fn(x, dtype="float64"), "float64")
    assert_matches_numpy(getattr(dnp, name)(x, shape=(2,)), np_fn(x, shape=(2,)), dtype)


@pytest.mark.parametrize("shape", [(), (1,), (3, 5), (0,)], ids=str)
def test_full_like(shape, rng):
    x = random_array(rng, shape, "int32")
    assert_matches_numpy(dnp.full_like(x, 3), np.full_like(x, 3), "int32")
    # the fill value takes the dtype of the array (truncated, as NumPy)
    assert_matches_numpy(dnp.full_like(x, 2.7), np.full_like(x, 2.7), "int32")
    assert_matches_numpy(dnp.full_like(x, 2.5, dtype="float32"), np.full_like(x, 2.5, dtype="float32"), "float32")


def test_like_of_python_list():
    assert_matches_numpy(dnp.zeros_like([[1, 2, 3]]), np.zeros((1, 3)), "int32")
    assert_matches_numpy(dnp.ones_like(2.5), np.ones(()), "float32")
    assert_matches_numpy(dnp.full_like([True, False], 1), np.ones(2), "bool")
    e = dnp.empty_like(np.ones((2, 2), np.float64))
    assert e.shape == (2, 2) and e.dtype == np.float64


# ---- arange --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args,expected_dtype",
    [
        ((5,), "int32"),
        ((0,), "int32"),
        ((1,), "int32"),
        ((2, 9), "int32"),
        ((0, 10, 3), "int32"),
        ((5, 0, -1), "int32"),
        ((-3, 7, 4), "int32"),
        ((5, 2), "int32"),
        ((10, 0, -3), "int32"),
        ((5.0,), "float32"),
        ((1.0, 3.0, 0.5), "float32"),
        ((0, 1, 0.1), "float32"),
        ((2.5, -1.0, -0.75), "float32"),
        ((0, 5, 1.5), "float32"),
    ],
    ids=str,
)
def test_arange(args, expected_dtype):
    assert_matches_numpy(dnp.arange(*args), np.arange(*args), expected_dtype)


@pytest.mark.parametrize("dtype", ["float32", "float64", "int32"])
def test_arange_dtype(dtype):
    assert_matches_numpy(dnp.arange(7, dtype=dtype), np.arange(7, dtype=dtype), dtype)
    assert_matches_numpy(dnp.arange(1, 8, 2, dtype=dtype), np.arange(1, 8, 2, dtype=dtype), dtype)


def test_arange_float64_precision():
    got = dnp.arange(0.0, 1.0, 0.1, dtype="float64")
    assert_matches_numpy(got, np.arange(0.0, 1.0, 0.1), "float64")


def test_arange_errors():
    with pytest.raises(ValueError):
        dnp.arange(0, 5, 0)
    with pytest.raises(TypeError):
        dnp.arange(np.ones(3))


# ---- linspace -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args,kwargs",
    [
        ((0, 1, 5), {}),
        ((0, 1), {}),
        ((-2.5, 7.5, 11), {}),
        ((1, 0, 4), {}),
        ((0, 1, 5), {"endpoint": False}),
        ((3, 9, 1), {}),
        ((3, 9, 1), {"endpoint": False}),
        ((3, 9, 0), {}),
        ((0, 10, 4), {"dtype": "float64"}),
        ((0, 1, 7), {"dtype": "float64", "endpoint": False}),
        ((0, 10, 4), {"dtype": "int32"}),
        ((-5, 5, 6), {"dtype": "int32"}),
        ((-1, 0, 3), {"dtype": "int32"}),
        ((-7, 2, 5), {"dtype": "int32", "endpoint": False}),
        ((0, 1, 3), {"dtype": "bool"}),
    ],
    ids=str,
)
def test_linspace(args, kwargs):
    expected_dtype = kwargs.get("dtype", "float32")
    assert_matches_numpy(dnp.linspace(*args, **kwargs), np.linspace(*args, **kwargs), expected_dtype)


def test_linspace_array_endpoints(rng):
    """start and stop may be arrays (JAX and NumPy): samples run along a new first axis."""
    lo, hi = random_array(rng, (2, 1), "float32"), random_array(rng, (3,), "float32")
    assert_matches_numpy(dnp.linspace(lo, hi, 4), np.linspace(lo, hi, 4), "float32")
    assert_matches_numpy(dnp.linspace(0, hi, 5, endpoint=False), np.linspace(0, hi, 5, endpoint=False), "float32")
    lo64 = np.float64(-1.5)
    assert_matches_numpy(dnp.linspace(lo64, 2.5, 9), np.linspace(lo64, 2.5, 9), "float64")
    assert_matches_numpy(dnp.linspace(np.float32(1), np.float32(2), 3), np.linspace(1, 2, 3), "float32")


def test_numpy_integers_as_shapes_and_counts():
    """NumPy integers where a shape or count is expected work eagerly, as Python ints."""
    n = np.int64(3)
    assert_matches_numpy(dnp.zeros(n), np.zeros(3), "float32")
    assert_matches_numpy(dnp.ones((n, np.int32(2)), "int32"), np.ones((3, 2)), "int32")
    assert_matches_numpy(dnp.full((n,), 2.5), np.full(3, 2.5), "float32")
    assert_matches_numpy(dnp.arange(n), np.arange(3), "int32")
    assert_matches_numpy(dnp.arange(np.int32(1), n, np.int64(1)), np.arange(1, 3), "int32")
    assert_matches_numpy(dnp.eye(n, k=np.int64(1)), np.eye(3, k=1), "float32")
    assert_matches_numpy(dnp.linspace(0, 1, n), np.linspace(0, 1, 3), "float32")
    assert_matches_numpy(dnp.zeros_like(np.ones(n), shape=(n, n)), np.zeros((3, 3)), "float64")


def test_linspace_endpoint_is_exact():
    got = np.asarray(dnp.linspace(0.1, 0.7, 13))
    assert got[-1] == np.float32(0.7) and got[0] == np.float32(0.1)


def test_linspace_unsupported():
    with pytest.raises(NotImplementedError, match="retstep"):
        dnp.linspace(0, 1, 5, retstep=True)
    with pytest.raises(ValueError):
        dnp.linspace(0, 1, -1)


# ---- eye / identity ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args,kwargs", [((3,), {}), ((1,), {}), ((0,), {}), ((3, 4), {}), ((4, 3), {}), ((3,), {"k": 1}), ((4, 3), {"k": -2}),
                    ((3, 5), {"k": 4}), ((3,), {"k": -5})],
    ids=str,
)
def test_eye(args, kwargs):
    assert_matches_numpy(dnp.eye(*args, **kwargs), np.eye(*args, **kwargs), "float32")


@pytest.mark.parametrize("dtype", ALL_DTYPES)
def test_eye_identity_dtypes(dtype):
    assert_matches_numpy(dnp.eye(3, 4, dtype=dtype), np.eye(3, 4, dtype=dtype), dtype)
    assert_matches_numpy(dnp.identity(4, dtype=dtype), np.identity(4, dtype=dtype), dtype)


def test_identity_default():
    assert_matches_numpy(dnp.identity(3), np.identity(3), "float32")


# ---- astype ------------------------------------------------------------------------------------


@pytest.mark.parametrize("src", ALL_DTYPES)
@pytest.mark.parametrize("dst", ALL_DTYPES)
def test_astype(src, dst, rng):
    x = random_array(rng, (3, 5), src) * (3 if src != "bool" else 1)
    if src == "bool":
        x = x.astype(bool)
    assert_matches_numpy(dnp.astype(x, dst), x.astype(dst), dst)
    assert_matches_numpy(dnp.asarray(x).astype(dst), x.astype(dst), dst)


def test_astype_edge_values():
    x = np.array([-2.7, -0.5, 0.0, 0.5, 2.7, -0.0], np.float32)
    # float -> int truncates toward zero; float -> bool is x != 0
    assert_matches_numpy(dnp.astype(x, "int32"), x.astype(np.int32), "int32")
    assert_matches_numpy(dnp.astype(x, "bool"), x.astype(bool), "bool")
    n = np.array([np.nan, np.inf, 0.0], np.float32)
    assert_matches_numpy(dnp.astype(n, "bool"), n.astype(bool), "bool")
    i = np.array([2**24 + 1, -(2**31), 2**31 - 1], np.int32)
    assert_matches_numpy(dnp.astype(i, "float64"), i.astype(np.float64), "float64")
    assert_matches_numpy(dnp.astype(i, "float32"), i.astype(np.float32), "float32")
    d = np.array([1e-40, 1e300, 1 / 3], np.float64)
    with np.errstate(over="ignore"):
        assert_matches_numpy(dnp.astype(d, "float32"), d.astype(np.float32), "float32")


def test_astype_python_types():
    x = np.array([1.5, -2.5], np.float32)
    assert_matches_numpy(dnp.astype(x, int), np.array([1, -2]), "int32")
    assert_matches_numpy(dnp.astype(x, float), x, "float32")
    assert_matches_numpy(dnp.astype(x, bool), np.array([True, True]), "bool")


@pytest.mark.parametrize("shape", [(2.5,), (2, 1.0), (True,)])
def test_non_integer_shape_raises_like_numpy(shape):
    with pytest.raises(TypeError):
        np.zeros(shape)
    with pytest.raises(TypeError, match="integer"):
        dnp.zeros(shape)
