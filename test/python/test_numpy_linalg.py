"""descend.numpy products against NumPy: dot, matmul, vdot, inner, outer, tensordot."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import ALL_DTYPES, assert_matches_numpy, jax_promote, random_array

import descend.numpy as dnp


def _expected(np_fn, a, b, **kw):
    """NumPy in float64 (int64 for integers) so its own rounding cannot hide descend's."""
    wide = lambda x: x.astype(np.float64) if x.dtype.kind == "f" else x  # noqa: E731
    return np_fn(wide(a), wide(b), **kw)


def _check(got, np_fn, a, b, **kw):
    dt = jax_promote(a.dtype.name, b.dtype.name)
    expected = _expected(np_fn, a, b, **kw)
    if dt == "bool" and np_fn is not np.outer:
        expected = expected.astype(bool)  # NumPy's dot of booleans is "any(a and b)"
    assert_matches_numpy(got, expected, dt, "reduction")


# ---- matmul -------------------------------------------------------------------------------

MATMUL_SHAPES = [
    ((3, 4), (4, 5)),
    ((1, 1), (1, 1)),
    ((1, 4), (4, 1)),
    ((5, 3), (3, 2)),
    ((4,), (4, 3)),
    ((3, 4), (4,)),
    ((4,), (4,)),
    ((2, 3, 4), (2, 4, 5)),
    ((2, 3, 4), (4, 5)),
    ((3, 4), (2, 4, 5)),
    ((2, 1, 3, 4), (5, 4, 2)),
    ((1, 3, 4), (6, 4, 2)),
    ((2, 3, 4), (4,)),
    ((4,), (2, 4, 3)),
    ((3, 0), (0, 4)),
    ((0, 3), (3, 2)),
    ((2, 0, 3), (3, 4)),
]


@pytest.mark.parametrize("shapes", MATMUL_SHAPES, ids=str)
def test_matmul_shapes(shapes, rng):
    a, b = (random_array(rng, s, "float32") for s in shapes)
    _check(dnp.matmul(a, b), np.matmul, a, b)
    _check(dnp.asarray(a) @ b, np.matmul, a, b)


@pytest.mark.parametrize("dtype", ALL_DTYPES)
def test_matmul_dtypes(dtype, rng):
    a, b = random_array(rng, (3, 4), dtype), random_array(rng, (4, 5), dtype)
    _check(dnp.matmul(a, b), np.matmul, a, b)
    v = random_array(rng, (4,), dtype)
    _check(dnp.matmul(v, b), np.matmul, v, b)


@pytest.mark.parametrize("dtypes", [("int32", "float32"), ("float32", "float64"), ("bool", "int32"), ("bool", "float32")], ids=str)
def test_matmul_mixed_dtypes(dtypes, rng):
    a, b = random_array(rng, (2, 3), dtypes[0]), random_array(rng, (3, 4), dtypes[1])
    _check(dnp.matmul(a, b), np.matmul, a, b)


def test_matmul_errors():
    with pytest.raises(TypeError) as e:
        dnp.matmul(np.ones((2, 3), np.float32), np.ones((4, 5), np.float32))
    msg = str(e.value)
    assert "matmul" in msg and "(2, 3)" in msg and "(4, 5)" in msg and "test_numpy_linalg.py" in msg
    with pytest.raises(ValueError):
        dnp.matmul(np.float32(2), np.ones(3, np.float32))
    with pytest.raises(TypeError, match="matmul"):
        dnp.matmul(np.ones((2, 3, 4)), np.ones((3, 4, 5)))


def test_matmul_larger_accumulation(rng):
    a, b = random_array(rng, (17, 130), "float64"), random_array(rng, (130, 9), "float64")
    _check(dnp.matmul(a, b), np.matmul, a, b)


# ---- dot -----------------------------------------------------------------------------------

DOT_SHAPES = [
    ((), ()),
    ((), (3,)),
    ((2, 3), ()),
    ((4,), (4,)),
    ((1,), (1,)),
    ((3, 4), (4,)),
    ((4,), (4, 3)),
    ((3, 4), (4, 5)),
    ((2, 3, 4), (4,)),
    ((2, 3, 4), (5, 4, 6)),
    ((3, 4), (2, 4, 5)),
    ((0,), (0,)),
    ((3, 0), (0, 2)),
]


@pytest.mark.parametrize("shapes", DOT_SHAPES, ids=str)
def test_dot_shapes(shapes, rng):
    a, b = (random_array(rng, s, "float32") for s in shapes)
    _check(dnp.dot(a, b), np.dot, a, b)


@pytest.mark.parametrize("dtype", ALL_DTYPES)
def test_dot_dtypes(dtype, rng):
    a, b = random_array(rng, (3, 4), dtype), random_array(rng, (4,), dtype)
    _check(dnp.dot(a, b), np.dot, a, b)
    _check(dnp.asarray(a).dot(b), np.dot, a, b)


def test_dot_errors():
    with pytest.raises(TypeError, match="dot"):
        dnp.dot(np.ones(3), np.ones(4))
    with pytest.raises(TypeError, match="dot"):
        dnp.dot(np.ones((2, 3)), np.ones((2, 3)))


# ---- vdot / inner / outer ---------------------------------------------------------------------


@pytest.mark.parametrize("shapes", [((4,), (4,)), ((2, 3), (3, 2)), ((2, 3), (6,)), ((1,), (1,)), ((0,), (0,))], ids=str)
def test_vdot(shapes, rng):
    a, b = (random_array(rng, s, "float32") for s in shapes)
    _check(dnp.vdot(a, b), np.vdot, a, b)


@pytest.mark.parametrize("dtype", ALL_DTYPES)
def test_vdot_dtypes(dtype, rng):
    a, b = random_array(rng, (5,), dtype), random_array(rng, (5,), dtype)
    _check(dnp.vdot(a, b), np.vdot, a, b)


@pytest.mark.parametrize(
    "shapes", [((), ()), ((), (3,)), ((4,), (4,)), ((3, 4), (4,)), ((3, 4), (5, 4)), ((2, 3, 4), (5, 4)), ((0,), (0,)), ((2, 0), (3, 0))],
    ids=str,
)
def test_inner(shapes, rng):
    a, b = (random_array(rng, s, "float32") for s in shapes)
    _check(dnp.inner(a, b), np.inner, a, b)


@pytest.mark.parametrize("dtype", ALL_DTYPES)
def test_inner_dtypes(dtype, rng):
    a, b = random_array(rng, (3, 4), dtype), random_array(rng, (2, 4), dtype)
    _check(dnp.inner(a, b), np.inner, a, b)


@pytest.mark.parametrize("shapes", [((), ()), ((3,), (4,)), ((1,), (1,)), ((2, 3), (4,)), ((3,), (2, 2)), ((0,), (3,))], ids=str)
def test_outer(shapes, rng):
    a, b = (random_array(rng, s, "float32") for s in shapes)
    _check(dnp.outer(a, b), np.outer, a, b)


@pytest.mark.parametrize("dtype", ALL_DTYPES)
def test_outer_dtypes(dtype, rng):
    a, b = random_array(rng, (3,), dtype), random_array(rng, (4,), dtype)
    _check(dnp.outer(a, b), np.outer, a, b)


# ---- tensordot ---------------------------------------------------------------------------------

TENSORDOT = [
    ((3, 4), (4, 5), 1),
    ((2, 3, 4), (3, 4, 5), 2),
    ((2, 3), (2, 3), 2),
    ((3,), (4,), 0),
    ((2, 3, 4), (4, 3, 5), ([1, 2], [1, 0])),
    ((2, 3, 4), (5, 2), (0, 1)),
    ((2, 3, 4), (3, 5), ([-2], [0])),
    ((3, 4), (4, 3), ((0, 1), (1, 0))),
]


@pytest.mark.parametrize("a_shape,b_shape,axes", TENSORDOT, ids=str)
def test_tensordot(a_shape, b_shape, axes, rng):
    a, b = random_array(rng, a_shape, "float32"), random_array(rng, b_shape, "float32")
    _check(dnp.tensordot(a, b, axes), np.tensordot, a, b, axes=axes)


@pytest.mark.parametrize("dtype", ALL_DTYPES)
def test_tensordot_dtypes(dtype, rng):
    a, b = random_array(rng, (2, 3, 4), dtype), random_array(rng, (3, 4, 2), dtype)
    _check(dnp.tensordot(a, b), np.tensordot, a, b)


def test_tensordot_numpy_integer_axes(rng):
    a, b = random_array(rng, (2, 3, 4), "float32"), random_array(rng, (3, 4, 2), "float32")
    _check(dnp.tensordot(a, b, np.int64(2)), np.tensordot, a, b, axes=2)
    _check(dnp.tensordot(a, b, (np.array([1, 2]), np.array([0, 1]))), np.tensordot, a, b, axes=([1, 2], [0, 1]))


def test_tensordot_default_axes(rng):
    a, b = random_array(rng, (2, 3, 4), "float64"), random_array(rng, (3, 4), "float64")
    _check(dnp.tensordot(a, b), np.tensordot, a, b)
