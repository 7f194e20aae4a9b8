"""vmap of descend.numpy's einsum, index helpers, histograms, gradient / unwrap and polynomial
helpers, against running the same function on each example on its own (jit, no vmap); the
functions of static values only (windows, printing, I/O) are checked to answer.

Each group maps a per-example function over a batch of 4 (one compile per group) and
compares every output with the function applied to each example alone. Per-example inputs:
a matrix `a` (3x5), floats in (0.2, 0.9).
"""

import numpy as np
import pytest
from vmapcheck import check_group_against_examples

import descend.numpy as dnp

B = 4
W = np.arange(15.0, dtype=np.float32).reshape(5, 3) / 10  # an unbatched operand


def _einsum(a):
    return {
        "matmul": dnp.einsum("ij,jk->ik", a, W),
        "implicit": dnp.einsum("ij,jk", a, W),
        "three": dnp.einsum("ij,jk,kl->il", a, W, a, optimize="optimal"),
        "diag": dnp.einsum("ii->i", a[:, :3]),
        "trace": dnp.einsum("ii", a[:, :3]),
        "ellipsis": dnp.einsum("...j,j->...", a, a[0]),
        "sum_one_side": dnp.einsum("ij,k->k", a, a[1]),
        "outer": dnp.einsum("i,j", a[0], a[1]),
    }


COND = np.array([True, False, True, True, False])


def _numeric(a):
    return {
        "i0": dnp.i0(a * 10), "kaiser": dnp.kaiser(6, a[0, 0] * 5),
        "gradient": dnp.gradient(a, axis=1), "gradient_xy": dnp.gradient(a, 0.5, a[0].cumsum())[0],
        "unwrap": dnp.unwrap(a * 9), "histogram_bin_edges": dnp.histogram_bin_edges(a, 4),
        "histogram": dnp.histogram(a, 4)[0], "histogram2d": dnp.histogram2d(a[0], a[1], 3)[0],
        "histogramdd": dnp.histogramdd(a.T, (2, 3, 2))[0], "poly": dnp.poly(a[0]),
        "polydiv_q": dnp.polydiv(a[0], a[1, :2])[0], "polydiv_r": dnp.polydiv(a[0], a[1, :2])[1],
        "choose": dnp.choose((a[0] * 10).astype(dnp.int32), [a[0], a[1], a[2]], mode="wrap"),
        "piecewise": dnp.piecewise(a, [a < 0.4, a > 0.7], [lambda v: v * v, lambda v: -v, 1.0]),
        "compress": dnp.compress(COND, a, axis=1), "extract": dnp.extract(COND, a[1]),
        "ix_": dnp.ix_((a[0] * 10).astype(dnp.int32), (a[1] * 10).astype(dnp.int32))[1],
        "unravel_index": dnp.unravel_index((a * 20).astype(dnp.int32), (3, 5))[0],
        "ravel_multi_index": dnp.ravel_multi_index(((a[0] * 10).astype(dnp.int32), (a[1] * 10).astype(dnp.int32)),
                                                   (4, 6), mode="clip"),
        "frompyfunc_reduce": dnp.frompyfunc(lambda u, v: u * v + 1, 2, 1).reduce(a, axis=1),
        "frompyfunc_accumulate": dnp.frompyfunc(lambda u, v: u * v + 1, 2, 1).accumulate(a, axis=0),
        "frompyfunc_call": dnp.frompyfunc(lambda u, v: u - v, 2, 1)(a, a[0]),
    }


def _bits(a):
    u = (a * 300).astype(dnp.uint8)
    return {
        "bitwise_count": dnp.bitwise_count(u), "packbits": dnp.packbits(u > 100, axis=1),
        "unpackbits": dnp.unpackbits(u, axis=0, count=20, bitorder="little"),
    }


GROUPS = {"einsum": _einsum, "numeric": _numeric, "bits": _bits}


def _input():
    return np.random.default_rng(11).uniform(0.2, 0.9, (B, 3, 5)).astype(np.float32)


@pytest.mark.parametrize("group", sorted(GROUPS))
def test_vmap_group_matches_per_example(group):
    fn = GROUPS[group]
    x = _input()
    check_group_against_examples(fn, x, B)


def test_static_helpers_need_no_batching():
    """Functions of shapes only (no array data) are not batched: check they answer."""
    a, b = np.ones((3, 4)), np.ones((4, 5))
    assert dnp.einsum_path("ij,jk", a, b)[0] == np.einsum_path("ij,jk", a, b)[0]
    for name in ("bartlett", "blackman", "hamming", "hanning"):
        np.testing.assert_allclose(np.asarray(getattr(dnp, name)(5)), getattr(np, name)(5), atol=1e-6)
    np.testing.assert_allclose(np.asarray(dnp.bartlett(4)), np.bartlett(4), atol=1e-6)
    np.testing.assert_allclose(np.asarray(dnp.blackman(4)), np.blackman(4), atol=1e-6)
    np.testing.assert_allclose(np.asarray(dnp.hamming(4)), np.hamming(4), atol=1e-6)
    np.testing.assert_allclose(np.asarray(dnp.hanning(4)), np.hanning(4), atol=1e-6)
    np.testing.assert_array_equal(np.asarray(dnp.mask_indices(3, np.triu)[1]), np.mask_indices(3, np.triu)[1])
    np.testing.assert_array_equal(np.asarray(dnp.trim_zeros(np.array([0, 2, 0]))), [2])
    assert dnp.isdtype(np.float32, "real floating") and dnp.iterable([1])
    assert dnp.array_repr(np.ones(2)) == np.array_repr(np.ones(2)) and dnp.array_str(np.ones(2)) == "[1. 1.]"
    with dnp.printoptions(precision=2):
        assert dnp.get_printoptions()["precision"] == 2
    dnp.set_printoptions(**dnp.get_printoptions())
    np.testing.assert_array_equal(np.asarray(dnp.frombuffer(np.ones(2, np.float32).tobytes())), [1.0, 1.0])
    np.testing.assert_array_equal(np.asarray(dnp.fromstring("1,2", sep=",")), [1.0, 2.0])
    np.testing.assert_array_equal(np.asarray(dnp.from_dlpack(np.ones(2))), [1.0, 1.0])
    with pytest.raises(NotImplementedError):
        dnp.fromiter([1.0], np.float32)
    with pytest.raises(NotImplementedError):
        dnp.fromfile("x")


def test_save_load_need_no_batching(tmp_path):
    dnp.save(tmp_path / "a.npy", dnp.ones(3))
    dnp.savez(tmp_path / "b.npz", a=dnp.ones(3))
    np.testing.assert_array_equal(np.asarray(dnp.load(tmp_path / "a.npy")), np.ones(3))
