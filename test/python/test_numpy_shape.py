"""descend.numpy shape functions and basic indexing against NumPy."""

from __future__ import annotations

import sys

import numpy as np
import pytest
from conftest import ALL_DTYPES, assert_matches_numpy, random_array

import descend
import descend.numpy as dnp

# ---- reshape / ravel --------------------------------------------------------------------

RESHAPES = [
    ((), (1,)),
    ((), (1, 1)),
    ((1,), ()),
    ((1, 1), ()),
    ((6,), (2, 3)),
    ((2, 3), (3, 2)),
    ((2, 3), (-1,)),
    ((2, 3, 4), (4, -1)),
    ((3, 5), (5, 1, 3)),
    ((2, 1, 4), (8,)),
    ((0,), (0, 3)),
    ((3, 0), (0,)),
    ((4,), (1, 4, 1)),
]


@pytest.mark.parametrize("shape,newshape", RESHAPES, ids=str)
def test_reshape(shape, newshape, rng):
    x = random_array(rng, shape, "float32")
    assert_matches_numpy(dnp.reshape(x, newshape), np.reshape(x, newshape), "float32")


@pytest.mark.parametrize("dtype", ALL_DTYPES)
def test_reshape_dtypes(dtype, rng):
    x = random_array(rng, (2, 6), dtype)
    assert_matches_numpy(dnp.reshape(x, (3, 4)), x.reshape(3, 4), dtype)
    assert_matches_numpy(dnp.ravel(x), x.ravel(), dtype)


def test_reshape_keyword_and_int():
    x = np.arange(6, dtype=np.float32)
    assert_matches_numpy(dnp.reshape(x, shape=(3, 2)), x.reshape(3, 2), "float32")
    assert_matches_numpy(dnp.reshape(x.reshape(2, 3), 6), x, "float32")


def test_reshape_errors():
    x = np.ones((2, 3), np.float32)
    with pytest.raises(ValueError):
        dnp.reshape(x, (4, 2))
    with pytest.raises(ValueError):
        dnp.reshape(x, (-1, -1))
    with pytest.raises(ValueError):
        dnp.reshape(x, (-1, 4))
    with pytest.raises(NotImplementedError, match="order"):
        dnp.reshape(x, (3, 2), order="F")


@pytest.mark.parametrize("shape", [(), (1,), (7,), (3, 5), (2, 1, 4), (0,), (3, 0)], ids=str)
def test_ravel(shape, rng):
    x = random_array(rng, shape, "float32")
    assert_matches_numpy(dnp.ravel(x), np.ravel(x), "float32")


# ---- transpose / swapaxes / moveaxis ----------------------------------------------------

TRANSPOSES = [
    ((), None),
    ((5,), None),
    ((3, 5), None),
    ((3, 5), (1, 0)),
    ((2, 3, 4), None),
    ((2, 3, 4), (1, 2, 0)),
    ((2, 3, 4), (0, 2, 1)),
    ((2, 3, 4), (-1, 0, 1)),
    ((2, 1, 4), (2, 0, 1)),
    ((0, 3), None),
]


@pytest.mark.parametrize("shape,axes", TRANSPOSES, ids=str)
def test_transpose(shape, axes, rng):
    x = random_array(rng, shape, "float32")
    assert_matches_numpy(dnp.transpose(x, axes), np.transpose(x, axes), "float32")


@pytest.mark.parametrize("dtype", ALL_DTYPES)
def test_transpose_dtypes(dtype, rng):
    x = random_array(rng, (3, 5), dtype)
    assert_matches_numpy(dnp.transpose(x), x.T, dtype)


def test_transpose_errors():
    with pytest.raises(ValueError):
        dnp.transpose(np.ones((2, 3)), (0, 0))
    with pytest.raises(ValueError):
        dnp.transpose(np.ones((2, 3)), (0, 1, 2))


@pytest.mark.parametrize("a1,a2", [(0, 1), (0, 2), (-1, 0), (1, 1)], ids=str)
def test_swapaxes(a1, a2, rng):
    x = random_array(rng, (2, 3, 4), "float32")
    assert_matches_numpy(dnp.swapaxes(x, a1, a2), np.swapaxes(x, a1, a2), "float32")


@pytest.mark.parametrize(
    "src,dst", [(0, 2), (2, 0), (-1, 0), (1, -1), ((0, 1), (2, 0)), ((0, 2), (1, 0)), ([2, 0], [0, 1])], ids=str
)
def test_moveaxis(src, dst, rng):
    x = random_array(rng, (2, 3, 4), "float32")
    assert_matches_numpy(dnp.moveaxis(x, src, dst), np.moveaxis(x, src, dst), "float32")


def test_moveaxis_errors():
    x = np.ones((2, 3, 4), np.float32)
    with pytest.raises(ValueError, match="repeated"):
        dnp.moveaxis(x, (0, 0), (1, 2))
    with pytest.raises(ValueError, match="repeated"):
        dnp.moveaxis(x, (0, 1), (2, -1))
    with pytest.raises(ValueError, match="same number"):
        dnp.moveaxis(x, (0, 1), (1,))
    with pytest.raises(ValueError):
        dnp.moveaxis(x, 3, 0)


def test_numpy_integers_as_axes_and_shapes(rng):
    """NumPy integers and integer arrays where an axis or shape is expected work eagerly."""
    x = random_array(rng, (2, 3, 4), "float32")
    i = np.int64
    assert_matches_numpy(dnp.reshape(x, (i(6), -1)), x.reshape(6, 4), "float32")
    assert_matches_numpy(dnp.reshape(x, np.array([4, 6])), x.reshape(4, 6), "float32")
    assert_matches_numpy(dnp.transpose(x, np.array([2, 0, 1])), x.transpose(2, 0, 1), "float32")
    assert_matches_numpy(dnp.swapaxes(x, i(0), np.int32(2)), np.swapaxes(x, 0, 2), "float32")
    assert_matches_numpy(dnp.moveaxis(x, i(0), i(-1)), np.moveaxis(x, 0, -1), "float32")
    assert_matches_numpy(dnp.expand_dims(x, i(1)), np.expand_dims(x, 1), "float32")
    assert_matches_numpy(dnp.squeeze(x[:, :1], i(1)), x[:, 0], "float32")
    assert_matches_numpy(dnp.broadcast_to(x, (i(2),) + x.shape), np.broadcast_to(x, (2, 2, 3, 4)), "float32")
    assert_matches_numpy(dnp.concatenate([x, x], axis=i(2)), np.concatenate([x, x], axis=2), "float32")
    assert_matches_numpy(dnp.stack([x, x], axis=i(-1)), np.stack([x, x], axis=-1), "float32")
    assert_matches_numpy(dnp.flip(x, i(1)), np.flip(x, 1), "float32")
    assert_matches_numpy(dnp.asarray(x).reshape(i(4), i(6)), x.reshape(4, 6), "float32")


def test_moveaxis_4d(rng):
    x = random_array(rng, (2, 3, 4, 5), "int32")
    for src, dst in [((0, 3), (1, 2)), ((3, 1), (0, 3)), ((1, 2), (3, 0))]:
        assert_matches_numpy(dnp.moveaxis(x, src, dst), np.moveaxis(x, src, dst), "int32")


# ---- expand_dims / squeeze ----------------------------------------------------------------


@pytest.mark.parametrize(
    "shape,axis", [((), 0), ((), -1), ((3,), 0), ((3,), 1), ((3,), -1), ((2, 3), (0, 2)), ((2, 3), (-1, 0)), ((0,), 0)], ids=str
)
def test_expand_dims(shape, axis, rng):
    x = random_array(rng, shape, "float32")
    assert_matches_numpy(dnp.expand_dims(x, axis), np.expand_dims(x, axis), "float32")


@pytest.mark.parametrize(
    "shape,axis", [((), None), ((1,), None), ((1,), 0), ((1, 1), None), ((2, 1, 4), None), ((2, 1, 4), 1), ((1, 3, 1), (0, 2)),
                   ((1, 3, 1), -1), ((1, 0), 0)],
    ids=str,
)
def test_squeeze(shape, axis, rng):
    x = random_array(rng, shape, "float32")
    assert_matches_numpy(dnp.squeeze(x, axis), np.squeeze(x, axis), "float32")


def test_squeeze_error():
    with pytest.raises(ValueError, match="squeeze"):
        dnp.squeeze(np.ones((2, 3)), 0)


# ---- broadcast_to -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "shape,target", [((), (3,)), ((), ()), ((1,), (4,)), ((3, 1), (3, 4)), ((4,), (3, 4)), ((1, 4), (2, 3, 4)), ((2, 1, 1), (2, 3, 5)),
                     ((1,), (0,)), ((3,), (3,))],
    ids=str,
)
def test_broadcast_to(shape, target, rng):
    x = random_array(rng, shape, "float32")
    assert_matches_numpy(dnp.broadcast_to(x, target), np.broadcast_to(x, target), "float32")


@pytest.mark.parametrize("dtype", ALL_DTYPES)
def test_broadcast_to_dtypes(dtype, rng):
    x = random_array(rng, (3, 1), dtype)
    assert_matches_numpy(dnp.broadcast_to(x, (2, 3, 4)), np.broadcast_to(x, (2, 3, 4)), dtype)


def test_broadcast_to_int_shape_and_errors():
    assert_matches_numpy(dnp.broadcast_to(np.float32(2), 3), np.full(3, 2.0), "float32")
    with pytest.raises((ValueError, TypeError)):
        dnp.broadcast_to(np.ones(3), (4,))
    with pytest.raises((ValueError, TypeError)):
        dnp.broadcast_to(np.ones((2, 3)), (3,))


def test_broadcast_arrays(rng):
    a = random_array(rng, (3, 1), "float32")
    b = random_array(rng, (4,), "int32")
    got = dnp.broadcast_arrays(a, b)
    exp = np.broadcast_arrays(a, b)
    assert len(got) == 2
    assert_matches_numpy(got[0], exp[0], "float32")
    assert_matches_numpy(got[1], exp[1], "int32")


# ---- concatenate / stack / hstack / vstack ----------------------------------------------------


@pytest.mark.parametrize(
    "shapes,axis",
    [
        (((3,), (4,)), 0),
        (((1,), (1,), (1,)), 0),
        (((2, 3), (4, 3)), 0),
        (((2, 3), (2, 5)), 1),
        (((2, 3), (2, 5)), -1),
        (((2, 3), (2, 1), (2, 2)), 1),
        (((2, 1, 4), (2, 3, 4)), 1),
        (((0,), (3,)), 0),
        (((2, 0), (2, 3)), 1),
        (((2, 3), (2, 0)), 1),
        (((3,), (0,)), 0),
        (((0, 2), (0, 2)), 0),
        (((2, 3), (4,)), None),
        (((5,),), 0),
    ],
    ids=str,
)
def test_concatenate(shapes, axis, rng):
    xs = [random_array(rng, s, "float32") for s in shapes]
    assert_matches_numpy(dnp.concatenate(xs, axis=axis), np.concatenate(xs, axis=axis), "float32")


@pytest.mark.parametrize("dtypes", [("float32", "float32"), ("int32", "float32"), ("bool", "int32"), ("bool", "bool"),
                                    ("float64", "int32")], ids=str)
def test_concatenate_dtypes(dtypes, rng):
    xs = [random_array(rng, (2, 3), d) for d in dtypes]
    expected_dtype = {"float32": 2, "int32": 1, "bool": 0, "float64": 3}
    dt = max(dtypes, key=expected_dtype.get)
    assert_matches_numpy(dnp.concatenate(xs, axis=1), np.concatenate(xs, axis=1), dt)


def test_concatenate_errors():
    with pytest.raises(TypeError) as e:
        dnp.concatenate([np.ones((2, 3)), np.ones((3, 4))], axis=0)
    assert "concatenate" in str(e.value) and "(2, 3)" in str(e.value) and "test_numpy_shape.py" in str(e.value)
    with pytest.raises(ValueError):
        dnp.concatenate([np.float32(1), np.float32(2)])
    with pytest.raises(ValueError):
        dnp.concatenate([])


@pytest.mark.parametrize(
    "shape,n,axis", [((), 3, 0), ((3,), 2, 0), ((3,), 2, 1), ((3,), 2, -1), ((2, 3), 4, 0), ((2, 3), 2, 1), ((2, 3), 3, 2),
                     ((2, 3), 2, -2), ((0,), 2, 1)],
    ids=str,
)
def test_stack(shape, n, axis, rng):
    xs = [random_array(rng, shape, "float32") for _ in range(n)]
    assert_matches_numpy(dnp.stack(xs, axis=axis), np.stack(xs, axis=axis), "float32")


def test_stack_mixed_and_errors(rng):
    a, b = random_array(rng, (3,), "int32"), random_array(rng, (3,), "bool")
    assert_matches_numpy(dnp.stack([a, b]), np.stack([a, b]), "int32")
    with pytest.raises(TypeError, match="stack"):
        dnp.stack([np.ones(3), np.ones(4)])
    with pytest.raises(ValueError):
        dnp.stack([])


@pytest.mark.parametrize("shapes", [((), ()), ((3,), (2,)), ((2, 3), (2, 1)), ((1,), (), (4,))], ids=str)
def test_hstack(shapes, rng):
    xs = [random_array(rng, s, "float32") for s in shapes]
    assert_matches_numpy(dnp.hstack(xs), np.hstack(xs), "float32")


@pytest.mark.parametrize("shapes", [((), ()), ((3,), (3,)), ((2, 3), (1, 3)), ((3,), (2, 3)), ((2, 2, 2), (1, 2, 2))], ids=str)
def test_vstack(shapes, rng):
    xs = [random_array(rng, s, "float32") for s in shapes]
    assert_matches_numpy(dnp.vstack(xs), np.vstack(xs), "float32")


def test_hstack_vstack_empty_raise():
    with pytest.raises(ValueError):
        dnp.hstack([])
    with pytest.raises(ValueError):
        dnp.vstack(())


def test_hstack_vstack_dtypes(rng):
    a, b = random_array(rng, (2, 3), "int32"), random_array(rng, (2, 3), "float32")
    assert_matches_numpy(dnp.hstack([a, b]), np.hstack([a, b]), "float32")
    assert_matches_numpy(dnp.vstack((a, a)), np.vstack((a, a)), "int32")


# ---- flip --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "shape,axis", [((), None), ((1,), None), ((7,), None), ((7,), 0), ((3, 5), None), ((3, 5), 0), ((3, 5), -1), ((2, 1, 4), (0, 2)),
                   ((0,), None)],
    ids=str,
)
def test_flip(shape, axis, rng):
    x = random_array(rng, shape, "float32")
    assert_matches_numpy(dnp.flip(x, axis), np.flip(x, axis), "float32")


@pytest.mark.parametrize("dtype", ALL_DTYPES)
def test_flip_dtypes(dtype, rng):
    x = random_array(rng, (3, 4), dtype)
    assert_matches_numpy(dnp.flip(x, 1), np.flip(x, 1), dtype)


# ---- basic indexing ---------------------------------------------------------------------------

_ = slice(None)
INDICES_2D = [
    0,
    -1,
    2,
    (1, 2),
    (-1, -3),
    (0, _),
    (_, 1),
    (_, -1),
    slice(1, 3),
    slice(None, None, 2),
    slice(None, None, -1),
    slice(None, None, -2),
    slice(3, 0, -1),
    slice(-2, None),
    slice(10, 20),
    slice(-10, 2),
    (slice(None, None, -1), slice(None, None, -1)),
    (slice(1, None, 2), slice(4, 0, -2)),
    (_, slice(None, None, 3)),
    (_, slice(0, 0)),
    (_, slice(3, 1)),
    None,
    (None, 1),
    (1, None),
    (_, None, 2),
    (None, _, None),
    Ellipsis,
    (Ellipsis, 0),
    (0, Ellipsis),
    (Ellipsis, None),
    (None, Ellipsis, -1),
    (1, Ellipsis, 2),
    (),
]


@pytest.mark.parametrize("idx", INDICES_2D, ids=repr)
def test_getitem_2d(idx, rng):
    x = random_array(rng, (4, 5), "float32")
    a = dnp.asarray(x)
    assert_matches_numpy(a[idx], x[idx], "float32")


INDICES_3D = [
    (1, _, -1),
    (slice(None, None, -1), 0, slice(1, 4, 2)),
    (Ellipsis, slice(None, None, -2)),
    (0, Ellipsis, None),
    (None, slice(1, 2), None, Ellipsis, 3),
    (-1, -1, -1),
    (slice(2, None, -1), slice(None, None, -1)),
]


@pytest.mark.parametrize("idx", INDICES_3D, ids=repr)
def test_getitem_3d(idx, rng):
    x = random_array(rng, (3, 4, 5), "int32")
    a = dnp.asarray(x)
    assert_matches_numpy(a[idx], x[idx], "int32")


@pytest.mark.parametrize("dtype", ALL_DTYPES)
def test_getitem_dtypes(dtype, rng):
    x = random_array(rng, (4, 5), dtype)
    a = dnp.asarray(x)
    assert_matches_numpy(a[1:, ::-2], x[1:, ::-2], dtype)
    assert_matches_numpy(a[-1], x[-1], dtype)


def test_getitem_0d_and_1d(rng):
    s = dnp.asarray(np.float32(3.5))
    assert_matches_numpy(s[()], np.float32(3.5), "float32")
    assert_matches_numpy(s[None], np.array([3.5]), "float32")
    assert_matches_numpy(s[...], np.array(3.5), "float32")
    v = random_array(rng, (6,), "float32")
    a = dnp.asarray(v)
    for idx in (0, -6, 5, slice(None, None, -1), slice(4, None, -3), slice(-1, -7, -1), slice(None, 0, -1)):
        assert_matches_numpy(a[idx], v[idx], "float32")
    e = dnp.asarray(np.zeros((0,), np.float32))
    assert_matches_numpy(e[::-1], np.zeros((0,)), "float32")


def test_getitem_numpy_integer_index(rng):
    x = random_array(rng, (4, 5), "float32")
    a = dnp.asarray(x)
    assert_matches_numpy(a[np.int64(2), np.int32(-1)], x[2, -1], "float32")


def test_getitem_integer_arrays_as_scalars(rng):
    """0-d integer arrays (NumPy or descend) index like Python ints, as in NumPy and JAX."""
    x = random_array(rng, (4, 5), "float32")
    a = dnp.asarray(x)
    assert_matches_numpy(a[np.array(2)], x[2], "float32")
    assert_matches_numpy(a[dnp.asarray(np.int32(3)), np.array(-1)], x[3, -1], "float32")


def test_eager_integer_indexing_compiles_once(monkeypatch, rng):
    """a[i] for many i (iterating over an array) is one compiled function, not one per i."""
    jit_module = sys.modules["descend.jit"]
    compiles = []
    original = jit_module.lower_flat

    def counting(*args, **kwargs):
        compiles.append(args[-1])
        return original(*args, **kwargs)

    monkeypatch.setattr(jit_module, "lower_flat", counting)
    x = random_array(rng, (6, 3), "float32")
    a = dnp.asarray(x)
    for i in range(-6, 6):
        assert_matches_numpy(a[i], x[i], "float32")
    for row, expected in zip(a, x):
        assert_matches_numpy(row, expected, "float32")
    for i in range(3):
        assert_matches_numpy(a[1:, i], x[1:, i], "float32")
    assert len(compiles) <= 2


def test_traced_integer_index(rng):
    x = random_array(rng, (3, 4, 5), "int32")
    f = descend.jit(lambda v, i, j: v[i, ..., j])
    for i, j in [(0, 0), (2, -1), (-1, 3), (-3, -5)]:
        assert_matches_numpy(f(x, i, j), x[i, ..., j], "int32")
    assert f.trace_count == 1
    assert_matches_numpy(f(x, np.int32(1), np.int64(2)), x[1, ..., 2], "int32")
    g = descend.jit(lambda v, i: v[::-1, i, 1:])
    assert_matches_numpy(g(x, 2), x[::-1, 2, 1:], "int32")
    assert_matches_numpy(g(x, -4), x[::-1, -4, 1:], "int32")


def test_getitem_errors():
    a = dnp.asarray(np.ones((2, 3), np.float32))
    with pytest.raises(IndexError):
        a[2]
    with pytest.raises(IndexError):
        a[0, -4]
    with pytest.raises(IndexError):
        a[0, 0, 0]
    with pytest.raises(IndexError):
        a[..., ...]
    with pytest.raises(IndexError, match="does not match"):  # integer arrays and masks: test_numpy_indexing.py
        a[np.array([True, False, True])]
    with pytest.raises(NotImplementedError, match="boolean scalar"):
        a[True]
    with pytest.raises(TypeError):
        a["x"]


def test_len_and_iter():
    x = np.arange(6, dtype=np.float32).reshape(3, 2)
    a = dnp.asarray(x)
    assert len(a) == 3
    rows = list(a)
    assert len(rows) == 3
    for r, e in zip(rows, x):
        assert_matches_numpy(r, e, "float32")
    with pytest.raises(TypeError):
        len(dnp.asarray(np.float32(1)))


def test_shape_helpers():
    x = np.ones((2, 3), np.float32)
    assert dnp.shape(x) == (2, 3)
    assert dnp.ndim(dnp.asarray(x)) == 2
    assert dnp.size(x) == 6
    assert dnp.shape([[1, 2, 3]]) == (1, 3)
