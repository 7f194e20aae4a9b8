"""vmap of the set operations (unique and the array-API forms, union1d, intersect1d,
setdiff1d, setxor1d; fixed-size with size=), put, place, linalg.lstsq and polyfit against running the function on
each example alone (jit, no vmap), with the operands batched or shared (in_axes None)."""

from __future__ import annotations

import numpy as np
import pytest
from vmapcheck import check_against_examples

import descend
import descend.numpy as dnp

B = 3
R = np.random.default_rng(8)
XS = R.integers(-3, 4, (B, 9)).astype(np.float32)
XS[1, 2] = np.nan
XS[1, 6] = np.nan
YS = R.integers(-3, 4, (B, 6)).astype(np.float32)
MS = R.uniform(0, 1, (B, 9)) > 0.5
VS = R.uniform(-1, 1, (B, 4)).astype(np.float32)
IS = np.array([[0, 3, -1, 4], [8, 1, 2, 2], [5, 5, 0, 7]], np.int32)


def _check(fn, args, in_axes):
    check_against_examples(fn, args, in_axes, B, np.testing.assert_array_equal)


UNARY = {
    "unique": lambda x: dnp.unique(x, return_index=True, return_inverse=True, return_counts=True, size=7),
    "unique_fill": lambda x: dnp.unique(x, size=7, fill_value=-9.0),
    "unique_nan_distinct": lambda x: dnp.unique(x, equal_nan=False, return_counts=True, size=9),
    "unique_axis": lambda x: dnp.unique(x.reshape(3, 3), axis=1, return_inverse=True, size=3, fill_value=0.0),
    "unique_all": lambda x: tuple(dnp.unique_all(x, size=6)),
    "unique_counts": lambda x: tuple(dnp.unique_counts(x, size=6)),
    "unique_inverse": lambda x: tuple(dnp.unique_inverse(x, size=6)),
    "unique_values": lambda x: dnp.unique_values(x, size=6, fill_value=0.0),
}


@pytest.mark.parametrize("name", sorted(UNARY))
def test_vmap_unique(name):
    _check(UNARY[name], (XS,), (0,))


BINARY = {
    "union1d": lambda a, b: dnp.union1d(a, b, size=12),
    "intersect1d": lambda a, b: dnp.intersect1d(a, b, return_indices=True, size=5),
    "setdiff1d": lambda a, b: dnp.setdiff1d(a, b, size=6, fill_value=-1.0),
    "setxor1d": lambda a, b: dnp.setxor1d(a, b, size=8),
    "setxor1d_unique": lambda a, b: dnp.setxor1d(a[:3], b[:2], assume_unique=True, size=5),
}


@pytest.mark.parametrize("in_axes", [(0, 0), (0, None), (None, 0)])
@pytest.mark.parametrize("name", sorted(BINARY))
def test_vmap_two_sets(name, in_axes):
    _check(BINARY[name], (XS, YS), in_axes)


@pytest.mark.parametrize("in_axes", [(0, 0, 0), (None, 0, 0), (0, None, 0), (0, 0, None)])
def test_vmap_put(in_axes):
    _check(lambda x, i, v: dnp.put(x, i, v, inplace=False), (XS, IS, VS), in_axes)
    _check(lambda x, i, v: dnp.put(x, i, v, mode="wrap", inplace=False), (XS, IS, VS), in_axes)


@pytest.mark.parametrize("in_axes", [(0, 0, 0), (None, 0, 0), (0, None, 0), (0, 0, None)])
def test_vmap_place(in_axes):
    _check(lambda x, m, v: dnp.place(x, m, v, inplace=False), (XS, MS, VS), in_axes)


AS = R.normal(size=(B, 6, 3))
BS = R.normal(size=(B, 6))


@pytest.mark.parametrize("in_axes", [(0, 0), (0, None), (None, 0)])
def test_vmap_lstsq(in_axes):
    def f(a, b):
        x, resid, rank, s = dnp.linalg.lstsq(a, b)
        return x, resid, rank, s

    args = [a if ax == 0 else a[0] for a, ax in zip((AS, BS), in_axes)]
    got = descend.jit(descend.vmap(f, in_axes=in_axes))(*args)
    for b in range(B):
        ex = [a if ax is None else a[b] for a, ax in zip(args, in_axes)]
        want = descend.jit(f)(*ex)
        for g, w in zip(got, want):
            np.testing.assert_allclose(np.asarray(g)[b], np.asarray(w), rtol=1e-10, atol=1e-12)


@pytest.mark.parametrize("in_axes", [(0, 0), (None, 0)])
def test_vmap_polyfit(in_axes):
    xs = np.stack([np.linspace(-1, 1, 6) + 0.1 * k for k in range(B)])

    def f(x, y):
        return dnp.polyfit(x, y, 2)

    args = [a if ax == 0 else a[0] for a, ax in zip((xs, BS), in_axes)]
    got = descend.jit(descend.vmap(f, in_axes=in_axes))(*args)
    for b in range(B):
        ex = [a if ax is None else a[b] for a, ax in zip(args, in_axes)]
        np.testing.assert_allclose(np.asarray(got)[b], np.asarray(descend.jit(f)(*ex)), rtol=1e-10, atol=1e-12)
