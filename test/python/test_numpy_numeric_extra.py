"""descend.numpy gradient, unwrap, histograms and poly / polydiv against NumPy, under jit and
(where differentiable) against finite differences."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import assert_matches_numpy
from gradcheck import check_grads

import descend
import descend.numpy as dnp

RNG = np.random.default_rng(5)


# ---- gradient ----------------------------------------------------------------------------------


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_gradient_matches_numpy(dtype):
    f = RNG.standard_normal((4, 6)).astype(dtype)
    for got, want in zip(dnp.gradient(f), np.gradient(f)):
        assert_matches_numpy(got, want, dtype)
    assert_matches_numpy(dnp.gradient(f, axis=1), np.gradient(f, axis=1), dtype)
    assert_matches_numpy(dnp.gradient(f, 0.5, axis=-1), np.gradient(f, 0.5, axis=-1), dtype)
    x = np.cumsum(RNG.uniform(0.2, 1.0, 6)).astype(dtype)
    for got, want in zip(dnp.gradient(f, 2.0, x), np.gradient(f, 2.0, x)):
        assert_matches_numpy(got, want, dtype, "reduction")
    v = RNG.standard_normal(5).astype(dtype)
    assert_matches_numpy(dnp.gradient(v), np.gradient(v), dtype)


def test_gradient_of_integers_is_float32_and_errors():
    k = np.array([1, 4, 9, 16, 25], np.int32)
    assert_matches_numpy(dnp.gradient(k), np.gradient(k), "float32")
    with pytest.raises(ValueError, match="too small"):
        dnp.gradient(np.ones((1, 3)))
    with pytest.raises(ValueError, match="spacing array has length"):
        dnp.gradient(np.ones(4), np.arange(3.0))
    with pytest.raises(NotImplementedError, match="'edge_order'"):
        dnp.gradient(np.ones(4), edge_order=2)
    with pytest.raises(TypeError, match="spacing arguments"):
        dnp.gradient(np.ones((3, 3)), 1.0, 2.0, 3.0)


def test_gradient_jit_and_grad():
    f = RNG.standard_normal((3, 5))
    got = descend.jit(lambda a: dnp.gradient(a, axis=0))(f)
    assert_matches_numpy(got, np.gradient(f, axis=0), "float64")
    x = np.cumsum(RNG.uniform(0.2, 1.0, 5))
    check_grads(lambda a, h: dnp.gradient(a, h, axis=1), (f, x), order=1)


# ---- unwrap ------------------------------------------------------------------------------------


@pytest.mark.parametrize("dtype", ["float32", "float64"])
def test_unwrap_matches_numpy(dtype):
    p = np.cumsum(RNG.uniform(-4, 4, (3, 20)), axis=1).astype(dtype)
    wrapped = (p + np.pi) % (2 * np.pi) - np.pi
    assert_matches_numpy(dnp.unwrap(wrapped), np.unwrap(wrapped), dtype, "reduction")
    assert_matches_numpy(dnp.unwrap(wrapped.T, axis=0), np.unwrap(wrapped.T, axis=0), dtype, "reduction")
    assert_matches_numpy(dnp.unwrap(p, discont=4.0), np.unwrap(p, discont=4.0), dtype, "reduction")
    assert_matches_numpy(dnp.unwrap(p, period=5.0), np.unwrap(p, period=5.0), dtype, "reduction")


def test_unwrap_integers_and_empty():
    k = np.array([0, 5, 9, 2, 14, 1], np.int32)
    assert_matches_numpy(dnp.unwrap(k, period=8), np.unwrap(k, period=8), "int32")
    assert_matches_numpy(dnp.unwrap(np.zeros((2, 0))), np.zeros((2, 0)), "float64")


def test_unwrap_grad():
    p = np.cumsum(RNG.uniform(-1, 1, 8))
    check_grads(lambda a: dnp.unwrap(a), (p,), order=1)


# ---- histograms --------------------------------------------------------------------------------


@pytest.mark.parametrize("bins,range_", [(10, None), (5, (-1.0, 1.0)), (1, None), (np.array([-2.0, -0.5, 0.0, 0.3, 3.0]), None)])
def test_histogram_matches_numpy(bins, range_):
    a = RNG.standard_normal(200)
    assert_matches_numpy(dnp.histogram_bin_edges(a, bins, range_), np.histogram_bin_edges(a, bins, range_), "float64")
    counts, edges = dnp.histogram(a, bins, range_)
    wc, we = np.histogram(a, bins, range_)
    assert_matches_numpy(edges, we, "float64")
    assert_matches_numpy(counts, wc, "float64")
    w = RNG.uniform(0, 2, 200)
    counts, _ = dnp.histogram(a, bins, range_, weights=w)
    assert_matches_numpy(counts, np.histogram(a, bins, range_, weights=w)[0], "float64", "reduction")
    counts, _ = dnp.histogram(a, bins, range_, density=True)
    assert_matches_numpy(counts, np.histogram(a, bins, range_, density=True)[0], "float64", "reduction")


def test_histogram_edge_cases():
    a = np.array([1.0, 1.0, 1.0], np.float32)  # equal min and max: widened by 0.5
    counts, edges = dnp.histogram(a, 4)
    wc, we = np.histogram(a, 4)
    assert_matches_numpy(edges, we, "float32")
    assert_matches_numpy(counts, wc, "float32")
    k = np.array([0, 1, 1, 5, 9], np.int32)  # the last edge is in the last bin; ints give float edges
    counts, edges = dnp.histogram(k, 3)
    wc, we = np.histogram(k, 3)
    assert_matches_numpy(edges, we, "float32")
    assert_matches_numpy(counts, wc, "float32")
    with pytest.raises(NotImplementedError, match="'bins'"):
        dnp.histogram(a, "auto")
    with pytest.raises(ValueError, match="range"):
        dnp.histogram(a, 3, range=(0.0,))


def test_histogram_under_jit_with_traced_range():
    a = RNG.standard_normal(50)
    counts, edges = descend.jit(lambda x: dnp.histogram(x, 6))(a)
    wc, we = np.histogram(a, 6)
    assert_matches_numpy(edges, we, "float64")
    assert_matches_numpy(counts, wc, "float64")


def test_histogram2d_and_dd_match_numpy():
    x, y, z = RNG.standard_normal((3, 100))
    for bins in (5, (3, 4), [np.array([-3.0, 0.0, 3.0]), 4]):
        got = dnp.histogram2d(x, y, bins)
        want = np.histogram2d(x, y, bins)
        for g, w in zip(got, want):
            assert_matches_numpy(g, w, "float64")
    got = dnp.histogram2d(x, y, 4, range=[(-1, 1), (-2, 2)], density=True)
    want = np.histogram2d(x, y, 4, range=[(-1, 1), (-2, 2)], density=True)
    for g, w in zip(got, want):
        assert_matches_numpy(g, w, "float64", "reduction")
    s = np.stack([x, y, z], axis=1)
    w8 = RNG.uniform(0, 1, 100)
    counts, edges = dnp.histogramdd(s, (2, 3, 4), weights=w8)
    wc, we = np.histogramdd(s, (2, 3, 4), weights=w8)
    assert_matches_numpy(counts, wc, "float64", "reduction")
    for g, w in zip(edges, we):
        assert_matches_numpy(g, w, "float64")


# ---- poly / polydiv ----------------------------------------------------------------------------


@pytest.mark.parametrize("roots", [np.array([1.0, 2.0, 3.0]), np.array([0.5]), np.array([-1.0, 4.0, 0.0, 2.5])])
def test_poly_matches_numpy(roots):
    assert_matches_numpy(dnp.poly(roots), np.poly(roots), "float64", "reduction")
    assert_matches_numpy(dnp.poly(roots.astype(np.float32)), np.poly(roots), "float32", "reduction")


def test_poly_empty_ints_and_matrix():
    assert_matches_numpy(dnp.poly(np.zeros(0)), np.poly(np.zeros(0)), "float64")
    assert_matches_numpy(dnp.poly(np.array([1, 2], np.int32)), np.poly([1, 2]), "float32")
    with pytest.raises(NotImplementedError, match="'seq_of_zeros'"):
        dnp.poly(np.eye(2))
    check_grads(lambda r: dnp.poly(r), (np.array([0.3, -1.2, 2.0]),), order=1)


@pytest.mark.parametrize("u,v", [([1.0, 2, 3, 4], [2.0, 1]), ([3.0, 0, -1], [1.0, 1, 1]), ([1.0, 2], [1.0, 2, 3]), ([5.0, 1, 0, 2, 1], [0.5])])
def test_polydiv_matches_numpy(u, v):
    u, v = np.array(u), np.array(v)
    q, r = dnp.polydiv(u, v)
    wq, wr = np.polydiv(u, v)
    assert_matches_numpy(q, wq, "float64", "reduction")
    # JAX keeps the remainder's leading zeros (NumPy trims them): compare aligned at the end
    r = np.asarray(r)
    assert r.shape == u.shape
    np.testing.assert_allclose(r[: len(r) - len(wr)], 0.0, atol=1e-12)
    np.testing.assert_allclose(r[len(r) - len(wr) :], wr, rtol=1e-12, atol=1e-12)
    check_grads(lambda a, b: dnp.polydiv(a, b), (u, v), order=1)
