"""unique (and unique_all / _counts / _inverse / _values), union1d, intersect1d, setdiff1d,
setxor1d, put and place of descend.numpy against NumPy.

Eagerly (data-dependent sizes) over float32 / float64 / int32 / bool, with duplicates, NaNs
(equal_nan), 0-size and size-1 inputs and multi-dim input with axis; under jit with size= the
first results must equal NumPy's and the pads follow JAX's conventions (written out here with
NumPy); without size= a traced input raises ConcretizationTypeError.
"""

from __future__ import annotations

import numpy as np
import pytest

import descend
import descend.numpy as dnp

R = np.random.default_rng(5)
DTYPES = ["float32", "float64", "int32", "bool"]


def _data(dtype, n=13, with_nan=False):
    x = R.integers(-3, 4, n)
    if dtype == "bool":
        return (x > 0).astype(bool)
    x = x.astype(dtype)
    if with_nan:
        x[[1, 5, 9]] = np.nan
    return x


def _eq(got, want):
    got, want = np.asarray(got), np.asarray(want)
    assert got.shape == want.shape, (got.shape, want.shape)
    np.testing.assert_array_equal(got, want)


# ---- unique -----------------------------------------------------------------------------------


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("flags", [(False, False, False), (True, True, True), (False, True, False)])
def test_unique_flat(dtype, flags):
    x = _data(dtype).reshape(13, 1) if dtype != "bool" else _data(dtype).reshape(1, 13)
    ri, rv, rc = flags
    got = dnp.unique(x, return_index=ri, return_inverse=rv, return_counts=rc)
    want = np.unique(x, return_index=ri, return_inverse=rv, return_counts=rc)
    if not any(flags):
        got, want = (got,), (want,)
    assert len(got) == len(want)
    for g, w in zip(got, want):
        _eq(g, w)
    if rv:  # inverse rebuilds x (shape of x for axis=None)
        _eq(np.asarray(got[0])[np.asarray(got[1 + ri])], x)


@pytest.mark.parametrize("dtype", ["float32", "float64"])
@pytest.mark.parametrize("equal_nan", [True, False])
def test_unique_nan(dtype, equal_nan):
    x = _data(dtype, with_nan=True)
    got = dnp.unique(x, return_index=True, return_inverse=True, return_counts=True, equal_nan=equal_nan)
    want = np.unique(x, return_index=True, return_inverse=True, return_counts=True, equal_nan=equal_nan)
    for g, w in zip(got, want):
        _eq(g, w)


def test_unique_signed_zero_and_inf():
    x = np.array([0.0, -0.0, np.inf, -np.inf, 1.0, np.inf, -0.0], np.float32)
    got = dnp.unique(x, return_counts=True)
    want = np.unique(x, return_counts=True)
    for g, w in zip(got, want):
        _eq(g, w)


@pytest.mark.parametrize("dtype", ["float32", "int32", "bool"])
@pytest.mark.parametrize("axis", [0, 1, -1, 2])
def test_unique_axis(dtype, axis):
    x = R.integers(0, 2, (4, 3, 2)).astype(dtype)
    x[2] = x[0]  # duplicate slices along 0
    got = dnp.unique(x, axis=axis, return_index=True, return_inverse=True, return_counts=True)
    want = np.unique(x, axis=axis, return_index=True, return_inverse=True, return_counts=True)
    for g, w in zip(got, want):
        _eq(g, w)


@pytest.mark.parametrize("shape", [(0,), (1,), (2, 0), (3, 1)])
def test_unique_empty_and_single(shape):
    x = np.arange(int(np.prod(shape)), dtype=np.float32).reshape(shape)
    got = dnp.unique(x, return_index=True, return_inverse=True, return_counts=True)
    want = np.unique(x, return_index=True, return_inverse=True, return_counts=True)
    for g, w in zip(got, want):
        _eq(g, w)


def test_unique_axis_with_zero_width_rows():
    x = np.zeros((3, 0), np.float32)
    got = dnp.unique(x, axis=0, return_index=True, return_inverse=True, return_counts=True)
    want = np.unique(x, axis=0, return_index=True, return_inverse=True, return_counts=True)
    for g, w in zip(got, want):
        _eq(g, w)


def _jax_pad_unique(x, size, fill_value, axis=None):
    """JAX's fixed-size unique written with NumPy: first `size` results, pads as JAX."""
    vals, idx, inv, cnt = np.unique(x, return_index=True, return_inverse=True, return_counts=True, axis=axis)
    k = min(size, len(idx))
    fill = vals[0] if fill_value is None else fill_value
    pv = np.concatenate([vals[:k], np.full(size - k, fill, vals.dtype)])
    pi = np.concatenate([idx[:k], np.full(size - k, idx[0])])
    pc = np.concatenate([cnt[:k], np.zeros(size - k, cnt.dtype)])
    return pv, pi, inv.reshape(np.shape(x)), pc


@pytest.mark.parametrize("dtype", ["float32", "int32"])
@pytest.mark.parametrize("size", [1, 4, 20])
@pytest.mark.parametrize("fill_value", [None, 9])
def test_unique_size_under_jit(dtype, size, fill_value):
    x = _data(dtype).reshape(13)
    f = descend.jit(lambda x: dnp.unique(x, return_index=True, return_inverse=True, return_counts=True,
                                         size=size, fill_value=fill_value))
    got = f(x)
    want = _jax_pad_unique(x, size, fill_value)
    for g, w in zip(got, want):
        _eq(g, w)


def test_unique_size_axis_under_jit():
    x = R.integers(0, 2, (5, 3)).astype(np.int32)
    x[3] = x[1]
    got = descend.jit(lambda x: dnp.unique(x, axis=0, size=6, fill_value=-1))(x)
    want = np.unique(x, axis=0)
    k = len(want)
    _eq(np.asarray(got)[:k], want)
    assert (np.asarray(got)[k:] == -1).all()


def test_unique_size_zero_input():
    got = dnp.unique(np.zeros(0, np.float32), size=3, fill_value=2.5, return_counts=True)
    _eq(got[0], np.full(3, 2.5, np.float32))
    _eq(got[1], np.zeros(3, np.int32))
    with pytest.raises(ValueError, match="fill_value"):
        dnp.unique(np.zeros(0, np.float32), size=3)


def test_unique_traced_without_size_raises():
    with pytest.raises(dnp.ConcretizationTypeError, match="unique.*size"):
        descend.jit(dnp.unique)(np.arange(4))
    for fn in (dnp.unique_values, dnp.unique_counts):
        with pytest.raises(dnp.ConcretizationTypeError, match="size"):
            descend.jit(fn)(np.arange(4))
    with pytest.raises(dnp.ConcretizationTypeError, match="intersect1d"):
        descend.jit(dnp.intersect1d)(np.arange(4), np.arange(3))


def test_unique_sorted_false_is_sorted_and_0d_input():
    x = np.array([3, 1, 2, 1], np.int32)
    _eq(dnp.unique(x, sorted=False), np.unique(x))  # as JAX: sorted is ignored
    _eq(dnp.unique(np.float32(2.5)), np.unique(np.float32(2.5)))
    with pytest.raises(ValueError, match="out of bounds"):
        dnp.unique(np.float32(2.5), axis=0)
    with pytest.raises(ValueError, match="size must be non-negative"):
        dnp.unique(x, size=-1)


def test_unique_bool_and_int_fill_under_jit():
    x = np.array([True, True, False, True])
    got = descend.jit(lambda x: dnp.unique(x, return_counts=True, size=3, fill_value=True))(x)
    _eq(got[0], [False, True, True])
    _eq(got[1], [1, 3, 0])
    y = np.array([4, 4, 9], np.int32)
    _eq(descend.jit(lambda y: dnp.unique(y, size=3, fill_value=-1.7))(y), np.array([4, 9, -1], np.int32))


@pytest.mark.parametrize("dtype", ["float32", "float64", "int32"])
def test_array_api_unique(dtype):
    x = _data(dtype, with_nan=dtype != "int32").reshape(13, 1)
    # NumPy >= 2.3 may return these unsorted: compare with np.unique (sorted, NaNs distinct)
    v, i, inv, c = np.unique(x, return_index=True, return_inverse=True, return_counts=True, equal_nan=False)
    want = {"values": v, "indices": i, "inverse_indices": inv.reshape(x.shape), "counts": c}
    for name in ("unique_all", "unique_counts", "unique_inverse"):
        got = getattr(dnp, name)(x)
        assert got._fields == getattr(np, name)(x)._fields
        for f in got._fields:
            _eq(getattr(got, f), want[f])
    _eq(dnp.unique_values(x), v)


def test_array_api_unique_size_under_jit():
    x = np.array([3, 1, 3, 2, 1], np.int32)
    r = descend.jit(lambda x: dnp.unique_all(x, size=5, fill_value=0))(x)
    assert type(r).__name__ == "UniqueAllResult"  # NamedTuples pass through jit as pytree nodes
    _eq(r.values, [1, 2, 3, 0, 0])
    _eq(r.indices, [1, 3, 0, 1, 1])
    _eq(r.inverse_indices, np.unique(x, return_inverse=True)[1])
    _eq(r.counts, [2, 1, 2, 0, 0])
    _eq(descend.jit(lambda x: dnp.unique_values(x, size=2))(x), [1, 2])


# ---- set operations -------------------------------------------------------------------------

PAIRS = {
    "overlap": (np.array([5, 1, 3, 3, 7, 1]), np.array([3, 9, 5, 0, 5])),
    "disjoint": (np.array([1, 2]), np.array([3, 4, 4])),
    "equal": (np.array([2, 2, 1]), np.array([1, 2])),
    "empty1": (np.array([], np.int64), np.array([1, 2])),
    "empty2": (np.array([1, 2]), np.array([], np.int64)),
    "single": (np.array([4]), np.array([4])),
    "2d": (np.array([[1, 4], [4, 6]]), np.array([[6, 2, 1]])),
}


def _cast(a, dtype):
    return a.astype(dtype) if dtype != "bool" else (a % 2 == 1)


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("case", sorted(PAIRS))
def test_setops_eager(case, dtype):
    a, b = (_cast(v, dtype) for v in PAIRS[case])
    _eq(dnp.union1d(a, b), np.union1d(a, b))
    _eq(dnp.setdiff1d(a, b), np.setdiff1d(a, b))
    _eq(dnp.setxor1d(a, b), np.setxor1d(a, b))
    got = dnp.intersect1d(a, b, return_indices=True)
    want = np.intersect1d(a, b, return_indices=True)
    for g, w in zip(got, want):
        _eq(g, w)
    _eq(dnp.intersect1d(a, b), np.intersect1d(a, b))


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_setops_nan(dtype):
    a = np.array([1.0, np.nan, 2.0, np.nan], dtype)
    b = np.array([np.nan, 2.0, 3.0], dtype)
    for name in ("union1d", "setdiff1d", "setxor1d", "intersect1d"):
        _eq(getattr(dnp, name)(a, b), getattr(np, name)(a, b))


def test_setops_assume_unique():
    a, b = np.array([7, 1, 5, 3], np.int32), np.array([3, 8, 7], np.int32)
    _eq(dnp.setdiff1d(a, b, assume_unique=True), np.setdiff1d(a, b, assume_unique=True))
    _eq(dnp.setxor1d(a, b, assume_unique=True), np.setxor1d(a, b, assume_unique=True))
    got = dnp.intersect1d(a, b, assume_unique=True, return_indices=True)
    want = np.intersect1d(a, b, assume_unique=True, return_indices=True)
    for g, w in zip(got, want):
        _eq(g, w)


def _padded(want, size, fill):
    want = np.asarray(want)
    k = min(size, len(want))
    return np.concatenate([want[:k], np.full(size - k, fill, want.dtype)])


@pytest.mark.parametrize("size", [2, 8])
@pytest.mark.parametrize("fill_value", [None, -5])
def test_setops_size_under_jit(size, fill_value):
    a, b = (v.astype(np.float32) for v in PAIRS["overlap"])
    j = descend.jit

    def default_min(w):
        return w[0] if len(w) else 0

    w = np.union1d(a, b)
    _eq(j(lambda a, b: dnp.union1d(a, b, size=size, fill_value=fill_value))(a, b),
        _padded(w, size, default_min(w) if fill_value is None else fill_value))
    w = np.setdiff1d(a, b)
    _eq(j(lambda a, b: dnp.setdiff1d(a, b, size=size, fill_value=fill_value))(a, b),
        _padded(w, size, 0 if fill_value is None else fill_value))
    w = np.setxor1d(a, b)
    _eq(j(lambda a, b: dnp.setxor1d(a, b, size=size, fill_value=fill_value))(a, b),
        _padded(w, size, default_min(w) if fill_value is None else fill_value))
    w, i1, i2 = np.intersect1d(a, b, return_indices=True)
    got = j(lambda a, b: dnp.intersect1d(a, b, return_indices=True, size=size, fill_value=fill_value))(a, b)
    _eq(got[0], _padded(w, size, default_min(w) if fill_value is None else fill_value))
    _eq(got[1], _padded(i1.astype(np.int32), size, a.size))
    _eq(got[2], _padded(i2.astype(np.int32), size, b.size))


def test_setops_empty_result_under_jit():
    a, b = np.array([1, 2], np.int32), np.array([3], np.int32)
    _eq(descend.jit(lambda a, b: dnp.intersect1d(a, b, size=3))(a, b), [0, 0, 0])
    _eq(descend.jit(lambda a, b: dnp.setdiff1d(a, a, size=2, fill_value=7))(a, b), [7, 7])


def test_setops_mixed_dtypes_promote():
    a, b = np.array([1, 2, 3], np.int32), np.array([2.5, 3.0], np.float32)
    got = dnp.union1d(a, b)
    want = np.union1d(a.astype(np.float32), b)
    _eq(got, want)
    assert np.asarray(got).dtype == np.float32


def test_isin_still_matches():
    a, b = np.array([[1, 5], [3, 2]]), np.array([2, 3])
    _eq(dnp.isin(a, b), np.isin(a, b))
    _eq(dnp.isin(a, b, invert=True), np.isin(a, b, invert=True))


# ---- put / place ------------------------------------------------------------------------------


@pytest.mark.parametrize("dtype", DTYPES)
@pytest.mark.parametrize("mode", [None, "clip", "wrap"])
def test_put(dtype, mode):
    a = _cast(np.arange(12).reshape(3, 4), dtype)
    ind = np.array([0, -1, 5, 2]) if mode is None else np.array([0, -1, 5, 20, -30])
    v = _cast(np.array([9, 8, 7]), dtype)
    want = a.copy()
    np.put(want, ind, v, mode="raise" if mode is None else mode)
    _eq(dnp.put(a, ind, v, mode=mode, inplace=False), want)
    _eq(descend.jit(lambda a, i, v: dnp.put(a, i, v, mode=mode, inplace=False))(a, ind, v), want)


def test_put_out_of_bounds_dropped_and_errors():
    a = np.arange(5, dtype=np.float32)
    _eq(dnp.put(a, [1, 7, -9], 3.0, inplace=False), [0, 3, 2, 3, 4])  # as JAX: dropped
    with pytest.raises(ValueError, match="inplace=False"):
        dnp.put(a, [0], 1.0)
    with pytest.raises(NotImplementedError, match="raise"):
        dnp.put(a, [0], 1.0, mode="raise", inplace=False)


@pytest.mark.parametrize("dtype", DTYPES)
def test_place(dtype):
    a = _cast(np.arange(12).reshape(3, 4), dtype)
    mask = (np.arange(12) % 3 == 1).reshape(3, 4)
    v = _cast(np.array([5, 7]), dtype)
    want = a.copy()
    np.place(want, mask, v)
    _eq(dnp.place(a, mask, v, inplace=False), want)
    _eq(descend.jit(lambda a, m, v: dnp.place(a, m, v, inplace=False))(a, mask, v), want)


def test_place_errors():
    with pytest.raises(ValueError, match="inplace=False"):
        dnp.place(np.zeros(3), np.ones(3, bool), [1.0])
    with pytest.raises(ValueError, match="shape"):
        dnp.place(np.zeros(3), np.ones(2, bool), [1.0], inplace=False)


def test_put_place_grad():
    a = np.arange(6, dtype=np.float32)
    v = np.array([2.0, 3.0], np.float32)
    g = descend.grad(lambda a, v: dnp.sum(dnp.put(a, np.array([1, 4]), v, inplace=False) ** 2), argnums=(0, 1))(a, v)
    _eq(g[0], 2 * a * np.array([1, 0, 1, 1, 0, 1]))
    _eq(g[1], 2 * v)
    m = np.array([0, 1, 0, 1, 0, 0], bool)
    g = descend.grad(lambda v: dnp.sum(dnp.place(a, m, v, inplace=False) ** 2))(v)
    _eq(g, 2 * v)


def test_concrete_inputs_inside_jit_need_no_size():
    a, b = np.array([3, 1, 3, 7], np.int32), np.array([7, 2], np.int32)

    def f(x):  # a and b are constants of the trace: the result size is known
        return x + dnp.unique(a)[0] + dnp.union1d(a, b)[-1] + dnp.setxor1d(a, b)[0] + dnp.intersect1d(a, b)[0]

    want = 1 + 0 + np.union1d(a, b)[-1] + np.setxor1d(a, b)[0] + np.intersect1d(a, b)[0]
    _eq(descend.jit(f)(np.int32(0)), np.int32(want + 0))


def test_place_empty_vals():
    a = np.arange(4.0)
    _eq(dnp.place(a, np.zeros(4, bool), [], inplace=False), a)
    with pytest.raises(ValueError, match="empty vals"):
        dnp.place(a, np.ones(4, bool), [], inplace=False)


def test_unique_values_grad():
    # values move through gathers: d sum(unique(x)) / dx is 1 at each value's first occurrence
    x = np.array([2.0, 1.0, 2.0, 5.0], np.float32)

    def f(x):
        v, idx = dnp.unique(x, return_index=True, size=3)
        return dnp.sum(v * np.array([1.0, 2.0, 3.0], np.float32))

    g = np.asarray(descend.grad(f)(x))
    _, first = np.unique(x, return_index=True)
    want = np.zeros(4, np.float32)
    want[first] = [1.0, 2.0, 3.0]
    _eq(g, want)
