"""descend.numpy index helpers and selections against NumPy: ix_, unravel_index,
ravel_multi_index, mask_indices, choose, piecewise, compress, extract, trim_zeros.

Also: traced data under jit, gradients through choose / piecewise / compress, and the
errors for traced arguments whose values decide a shape (NotImplementedError naming them).
"""

from __future__ import annotations

import numpy as np
import pytest
from conftest import assert_matches_numpy
from gradcheck import check_grads

import descend
import descend.numpy as dnp


def _eq(got, want, dtype=None):
    g = np.asarray(got)
    assert g.shape == np.shape(want)
    if dtype is not None:
        assert g.dtype == np.dtype(dtype)
    np.testing.assert_array_equal(g, want)


# ---- ix_ ---------------------------------------------------------------------------------------


def test_ix_matches_numpy():
    a, b, c = np.array([0, 2]), np.array([1, 3, 4], np.int32), np.array([], np.int32)
    for got, want in zip(dnp.ix_(a, b, c), np.ix_(a, b, c)):
        _eq(got, want)
    m = np.arange(20).reshape(4, 5)
    rows, cols = dnp.ix_(np.array([0, 3]), np.array([1, 4]))
    _eq(np.asarray(m)[np.asarray(rows), np.asarray(cols)], m[np.ix_([0, 3], [1, 4])])


def test_ix_errors():
    with pytest.raises(ValueError, match="1-dimensional"):
        dnp.ix_(np.ones((2, 2), np.int32))
    with pytest.raises(NotImplementedError, match="boolean"):
        dnp.ix_(np.array([True, False]))


# ---- unravel_index / ravel_multi_index ---------------------------------------------------------


@pytest.mark.parametrize("shape", [(7,), (3, 4), (2, 1, 5), (1,)])
def test_unravel_index_matches_numpy(shape):
    size = int(np.prod(shape))
    idx = np.arange(size, dtype=np.int32)
    for got, want in zip(dnp.unravel_index(idx, shape), np.unravel_index(idx, shape)):
        _eq(got, want, "int32")
    for got, want in zip(dnp.unravel_index(3 % size, shape), np.unravel_index(3 % size, shape)):
        _eq(got, want)


def test_unravel_index_out_of_bounds_is_clamped_as_jax():
    got = dnp.unravel_index(np.array([-1, 12, 100, -13], np.int32), (3, 4))
    _eq(got[0], [2, 2, 2, 0])
    _eq(got[1], [3, 3, 3, 0])
    with pytest.raises(ValueError, match="zero-size"):
        dnp.unravel_index(0, (3, 0))


@pytest.mark.parametrize("order", ["C", "F"])
def test_ravel_multi_index_matches_numpy(order):
    rng = np.random.default_rng(3)
    dims = (3, 4, 5)
    idx = tuple(rng.integers(0, d, (6,)).astype(np.int32) for d in dims)
    _eq(dnp.ravel_multi_index(idx, dims, order=order), np.ravel_multi_index(idx, dims, order=order), "int32")
    bad = (np.array([-1, 3, 7], np.int32), np.array([5, 0, -6], np.int32))
    for mode in ("wrap", "clip"):
        _eq(dnp.ravel_multi_index(bad, (3, 4), mode=mode, order=order), np.ravel_multi_index(bad, (3, 4), mode=mode, order=order))


def test_ravel_multi_index_errors_and_jit():
    with pytest.raises(ValueError, match="invalid entry"):
        dnp.ravel_multi_index((np.array([3]), np.array([0])), (3, 4))
    with pytest.raises(NotImplementedError, match="'multi_index'"):
        descend.jit(lambda i, j: dnp.ravel_multi_index((i, j), (3, 4)))(np.array([1]), np.array([2]))
    f = descend.jit(lambda i, j: dnp.ravel_multi_index((i, j), (3, 4), mode="clip"))
    _eq(f(np.array([1, 5], np.int32), np.array([2, -1], np.int32)), [6, 8])
    with pytest.raises(ValueError, match="not large enough|cannot hold"):
        dnp.ravel_multi_index((np.array([0]), np.array([0])), (300, 300), dtype=np.int8, mode="wrap")
    with pytest.raises(TypeError, match="integer"):
        dnp.ravel_multi_index((np.array([0.5]), np.array([0.0])), (3, 4), mode="wrap")


def test_mask_indices_matches_numpy():
    for k in (-1, 0, 2):
        for got, want in zip(dnp.mask_indices(4, dnp.triu, k), np.mask_indices(4, np.triu, k)):
            _eq(got, want)
        for got, want in zip(dnp.mask_indices(4, np.tril, k), np.mask_indices(4, np.tril, k)):
            _eq(got, want)
    i, _ = dnp.mask_indices(3, np.triu, size=8)
    _eq(i, np.concatenate([np.triu_indices(3)[0], [0, 0]]))


# ---- choose ------------------------------------------------------------------------------------


@pytest.mark.parametrize("dtype", ["float32", "float64", "int32"])
def test_choose_matches_numpy(dtype):
    rng = np.random.default_rng(0)
    choices = [rng.integers(-9, 9, (3, 4)).astype(dtype) for _ in range(3)]
    a = rng.integers(0, 3, (3, 4)).astype(np.int32)
    assert_matches_numpy(dnp.choose(a, choices), np.choose(a, choices), dtype)
    # broadcasting: a row of indices against (3, 4) choices, and a scalar choice
    assert_matches_numpy(dnp.choose(a[0], choices), np.choose(a[0], choices), dtype)
    bad = np.array([[-1, 3, 5, 2]], np.int32)
    for mode in ("wrap", "clip"):
        assert_matches_numpy(dnp.choose(bad, choices, mode=mode), np.choose(bad, choices, mode=mode), dtype)


def test_choose_errors_and_traced_index():
    c = [np.zeros(3), np.ones(3)]
    with pytest.raises(ValueError, match="invalid entry"):
        dnp.choose(np.array([0, 2, 1]), c)
    with pytest.raises(NotImplementedError, match="'a'"):
        descend.jit(lambda a: dnp.choose(a, c))(np.array([0, 1, 1]))
    got = descend.jit(lambda a: dnp.choose(a, c, mode="wrap"))(np.array([0, 3, 1]))
    _eq(got, [0.0, 1.0, 1.0])


def test_choose_gradient():
    a = np.array([1, 0, 2, 1])
    check_grads(lambda x, y, z: dnp.choose(a, [x, y, z], mode="clip") * x, tuple(np.arange(4.0) + k for k in range(3)), order=1)


# ---- piecewise ---------------------------------------------------------------------------------


def test_piecewise_matches_numpy():
    x = np.linspace(-3, 3, 13)
    conds = [x < -1, (x >= -1) & (x < 1), x > 0.5]  # overlapping: the last true one wins
    funcs = [lambda v: v * v, lambda v: -v, 7.0]
    assert_matches_numpy(dnp.piecewise(x, conds, funcs), np.piecewise(x, conds, funcs), "float64")
    funcs4 = funcs + [lambda v: v + 100]  # an "otherwise" function
    assert_matches_numpy(dnp.piecewise(x, conds, funcs4), np.piecewise(x, conds, funcs4), "float64")
    xi = np.arange(-3, 4, dtype=np.int32)
    assert_matches_numpy(dnp.piecewise(xi, [xi < 0], [lambda v: v * 3, 1]), np.piecewise(xi, [xi < 0], [lambda v: v * 3, 1]), "int32")


def test_piecewise_extra_arguments_scalar_and_single_condition():
    x = np.linspace(-1, 1, 5).astype(np.float32)
    got = dnp.piecewise(x, x > 0, [lambda v, k: v * k, lambda v, k: -v], 3.0)
    assert_matches_numpy(got, np.piecewise(x, x > 0, [lambda v, k: v * k, lambda v, k: -v], 3.0), "float32")
    assert_matches_numpy(dnp.piecewise(2.0, [True], [lambda v: v + 1]), np.piecewise(2.0, [True], [lambda v: v + 1]), "float32")
    one = [True, False, True, False, True]  # a list of booleans is one condition (NumPy's rule)
    assert_matches_numpy(dnp.piecewise(x, one, [1.0, 2.0]), np.piecewise(x, one, [1.0, 2.0]), "float32")
    stacked = np.stack([x < 0, x > 0.5])  # a 2-d array: one condition per row
    assert_matches_numpy(dnp.piecewise(x, stacked, [1.0, 2.0]), np.piecewise(x, stacked, [1.0, 2.0]), "float32")
    with pytest.raises(ValueError, match="functions are expected"):
        dnp.piecewise(x, [x > 0], [1.0, 2.0, 3.0])


def test_piecewise_under_jit_and_grad():
    x = np.linspace(-2, 2, 9)
    f = lambda v: dnp.piecewise(v, [v < 0, v >= 0], [lambda u: u * u, lambda u: dnp.sin(u)])  # noqa: E731
    assert_matches_numpy(descend.jit(f)(x), np.piecewise(x, [x < 0, x >= 0], [lambda u: u * u, np.sin]), "float64")
    check_grads(lambda v: f(v), (x + 0.1,), order=1)
    # a traced condition array (one condition, or one per row of a 2-d one)
    g = descend.jit(lambda v, c: dnp.piecewise(v, c, [lambda u: u * 3, -1.0]))
    assert_matches_numpy(g(x, x > 0), np.piecewise(x, x > 0, [lambda u: u * 3, -1.0]), "float64")
    h = descend.jit(lambda v, c: dnp.piecewise(v, c, [2.0, 5.0]))
    c2 = np.stack([x < 0, x > 1])
    assert_matches_numpy(h(x, c2), np.piecewise(x, c2, [2.0, 5.0]), "float64")


# ---- compress / extract / trim_zeros -----------------------------------------------------------


@pytest.mark.parametrize("axis", [None, 0, 1, -1])
def test_compress_matches_numpy(axis):
    a = np.arange(24.0).reshape(4, 6).astype(np.float32)
    n = a.size if axis is None else a.shape[axis]
    for cond in (np.arange(n) % 3 == 1, np.zeros(n, bool), np.ones(n, bool), np.array([1, 0, 1], bool)):
        assert_matches_numpy(dnp.compress(cond, a, axis=axis), np.compress(cond, a, axis=axis), "float32")


def test_compress_size_and_fill_value():
    a = np.arange(12).reshape(3, 4).astype(np.int32)
    cond = np.array([True, False, True, True])
    got = dnp.compress(cond, a, axis=1, size=4, fill_value=-7)
    want = np.concatenate([a[:, cond], np.full((3, 1), -7)], axis=1)
    assert_matches_numpy(got, want, "int32")
    assert_matches_numpy(dnp.compress(cond, a, axis=1, size=2), a[:, cond][:, :2], "int32")
    with pytest.raises(ValueError, match="size must be"):
        dnp.compress(cond, a, axis=1, size=5)
    with pytest.raises(ValueError, match="beyond"):
        dnp.compress(np.array([0, 0, 0, 1, 1]), a, axis=1)


def test_compress_traced_data_and_gradient():
    cond = np.array([True, False, True])
    a = np.arange(6.0).reshape(3, 2)
    got = descend.jit(lambda x: dnp.compress(cond, x, axis=0))(a)
    assert_matches_numpy(got, a[cond], "float64")
    check_grads(lambda x: dnp.compress(cond, x, axis=0) ** 2, (a,), order=1)
    with pytest.raises(NotImplementedError, match="'condition'"):
        descend.jit(lambda c, x: dnp.compress(c, x))(cond, a)


def test_extract_matches_numpy():
    a = np.arange(12.0).reshape(3, 4)
    cond = np.mod(a, 3) == 0
    assert_matches_numpy(dnp.extract(cond, a), np.extract(cond, a), "float64")
    got = dnp.extract(cond, a, size=6, fill_value=-1.0)
    assert_matches_numpy(got, np.concatenate([np.extract(cond, a), [-1.0, -1.0]]), "float64")


@pytest.mark.parametrize("trim", ["fb", "f", "b", "F", "bf"])
def test_trim_zeros_matches_numpy(trim):
    for v in (np.array([0, 0, 1, 2, 0, 3, 0, 0]), np.zeros(4), np.array([5.0, 0.0]), np.array([], np.int32)):
        assert_matches_numpy(dnp.trim_zeros(v, trim), np.trim_zeros(v, trim), dnp.asarray(v).dtype)
    m = np.zeros((4, 5))
    m[1:3, 2] = 1.0
    for axis in (None, 0, 1):
        assert_matches_numpy(dnp.trim_zeros(m, trim, axis=axis), np.trim_zeros(m, trim, axis=axis), "float64")


def test_trim_zeros_errors():
    with pytest.raises(ValueError, match="trim="):
        dnp.trim_zeros(np.array([0.0, 1.0]), "x")
    with pytest.raises(NotImplementedError, match="'filt'"):
        descend.jit(lambda v: dnp.trim_zeros(v))(np.array([0.0, 1.0]))
