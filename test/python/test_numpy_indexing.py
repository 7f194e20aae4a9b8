"""Advanced indexing of descend.numpy (gather / scatter) against NumPy.

- `a[idx]` with integer arrays (0-d, 1-d, 2-d), negative indices, lists, boolean masks,
  empty index arrays, mixed with ints, slices, None and Ellipsis (adjacent and separated
  advanced indices), for float32 / float64 / int32 / bool, eagerly and under jit;
- `x.at[idx].set/add/subtract/multiply/divide/power/min/max/get` against NumPy's in-place
  updates (np.add.at / np.multiply.at / np.minimum.at / np.maximum.at for duplicates);
- JAX's out-of-bounds conventions (gather clamps, `mode='fill'` fills, scatter drops,
  `mode='clip'` clamps), written out with NumPy;
- take, take_along_axis, put_along_axis, nonzero / flatnonzero / argwhere (with size= and
  fill_value=, also under jit), and the errors for traced boolean masks.
"""

from __future__ import annotations

import numpy as np
import pytest

import descend
import descend.numpy as dnp

R = np.random.default_rng(11)
X = np.arange(60, dtype=np.float32).reshape(3, 4, 5) * 0.5 - 7.0

INDICES = {
    "1d": (np.array([2, 0, -1]),),
    "list": ([0, 2],),
    "0d_array_with_list": (np.array(1), [0, 3]),
    "2d": (np.array([[0, 1], [2, -3]]),),
    "slice_then_list": (slice(None), [1, 3]),
    "ellipsis": (Ellipsis, [0, -1]),
    "two_adjacent": ([0, 1], [1, 2]),
    "separated_by_slice": ([0, 1], slice(1, 3), [1, 2]),
    "broadcast": (np.array([[0], [2]]), np.array([1, 3])),
    "int_slice_list": (1, slice(None), [0, 4]),
    "slice_int_list": (slice(None), 1, [0, 4]),
    "none_first": (None, [1, 2]),
    "none_between": ([1, 2], None, [0, 1]),
    "reversed_slice": (slice(None, None, -1), [2, 0]),
    "strided_slice": (slice(0, 3, 2), slice(None), [4, 1, 1]),
    "mask_leading": (np.array([True, False, True]),),
    "mask_full": (X > 5.0,),
    "mask_middle": (slice(None), np.array([False, True, True, False])),
    "mask_2d_then_int": (X[:, :, 0] > -3.0, 2),
    "empty": (np.array([], np.int32),),
    "empty_list": ([], slice(None)),
    "duplicates": ([2, 2, 0, 2],),
}


def _same(got, want):
    got = np.asarray(got)
    assert got.shape == want.shape, (got.shape, want.shape)
    assert got.dtype == want.dtype, (got.dtype, want.dtype)
    np.testing.assert_array_equal(got, want)


@pytest.mark.parametrize("name", sorted(INDICES))
@pytest.mark.parametrize("dtype", ["float32", "float64", "int32", "bool"])
def test_getitem_matches_numpy(name, dtype):
    idx = INDICES[name]
    x = (X * 2).astype(dtype) if dtype != "bool" else X > 0
    want = x[idx]
    _same(dnp.asarray(x)[idx], want)
    _same(descend.jit(lambda t: t[idx])(x), want)


def test_getitem_with_traced_indices():
    i = np.array([[3, -1], [0, 2]], np.int32)
    got = descend.jit(lambda t, i: t[1:, i, ::2])(X, i)
    _same(got, X[1:, i, ::2])
    got = descend.jit(lambda t, i, j: t[i, :, j])(X, np.array([2, 0]), np.array([-1, 1]))
    _same(got, X[[2, 0], :, [-1, 1]])


def _clip_index(i, n):
    """JAX's gather: negative indices count from the end, the rest is clamped."""
    i = np.where(i < 0, i + n, i)
    return np.clip(i, 0, n - 1)


def test_out_of_bounds_gather_clamps_and_fill_fills():
    y = np.arange(5, dtype=np.float32) * 1.5
    i = np.array([-1, 7, -9, 2, 4])
    _same(dnp.asarray(y)[i], y[_clip_index(i, 5)])
    _same(descend.jit(lambda t, i: t[i])(y, i), y[_clip_index(i, 5)])
    norm = np.where(i < 0, i + 5, i)
    ok = (norm >= 0) & (norm < 5)
    _same(dnp.asarray(y).at[i].get(mode="fill"), np.where(ok, y[np.clip(norm, 0, 4)], np.nan).astype(np.float32))
    _same(dnp.asarray(y).at[i].get(mode="fill", fill_value=-2.0), np.where(ok, y[np.clip(norm, 0, 4)], -2).astype(np.float32))
    k = np.arange(5, dtype=np.int32)
    _same(dnp.asarray(k).at[i].get(mode="fill"), np.where(ok, k[np.clip(norm, 0, 4)], np.iinfo(np.int32).min).astype(np.int32))


def test_out_of_bounds_scatter_drops_and_clip_clamps():
    y = np.arange(5, dtype=np.float32)
    i = np.array([-1, 7, -9, 1])
    want = y.copy()
    want[[4, 1]] = 9.0  # -1 -> 4; 7 and -9 (-> -4) are out of bounds: dropped
    _same(dnp.asarray(y).at[i].set(9.0), want)
    _same(descend.jit(lambda t, i: t.at[i].set(9.0))(y, i), want)
    want = y.copy()
    want[[4, 4, 0, 1]] = 9.0  # clip: 7 -> 4, -4 -> 0
    _same(dnp.asarray(y).at[i].set(9.0, mode="clip"), want)
    want = y.copy()
    np.add.at(want, [4, 1], np.float32(2.0))
    _same(dnp.asarray(y).at[i].add(2.0), want)


UPDATES = {
    "set": lambda w, idx, v: w.__setitem__(idx, v),
    "add": lambda w, idx, v: np.add.at(w, idx, v),
    "subtract": lambda w, idx, v: np.subtract.at(w, idx, v),
    "multiply": lambda w, idx, v: np.multiply.at(w, idx, v),
    "min": lambda w, idx, v: np.minimum.at(w, idx, v),
    "max": lambda w, idx, v: np.maximum.at(w, idx, v),
    "divide": lambda w, idx, v: np.divide.at(w, idx, v),
}
# indices for updates: unique for "set" (which duplicate wins is unspecified, as in JAX)
UPDATE_INDICES = {
    "list": ([2, 0],),
    "dup": ([2, 0, 2, 2],),
    "slice_and_array": (slice(1, None), [3, 0, 3]),
    "separated": ([0, 2, 0], slice(None, None, -2), [1, 4, 1]),
    "int": (1,),
    "basic_slices": (slice(None, 2), 1, slice(1, 4)),
    "ellipsis_neg": (Ellipsis, -2),
    "none": ([1, 0], None),
    "mask": (X[:, :, 0] > -3.0,),
}


def _values(shape, how):
    v = R.uniform(0.5, 2.0, shape).astype(np.float32)
    return v


@pytest.mark.parametrize("how", sorted(UPDATES))
@pytest.mark.parametrize("name", sorted(UPDATE_INDICES))
def test_at_updates_match_numpy(how, name):
    idx = UPDATE_INDICES[name]
    if how == "set" and name in ("dup", "separated"):
        pytest.skip("duplicate indices: which value a set keeps is unspecified")
    shape = X[idx].shape
    for v in (_values(shape, how), np.float32(1.75)):
        want = X.copy()
        UPDATES[how](want, idx, v)
        got = getattr(dnp.asarray(X).at[idx], how)(v)
        np.testing.assert_allclose(np.asarray(got), want, rtol=1e-6, err_msg=f"{how} {name}")
        got = descend.jit(lambda t, v: getattr(t.at[idx], how)(v))(X, v)
        np.testing.assert_allclose(np.asarray(got), want, rtol=1e-6, err_msg=f"jit {how} {name}")


def test_at_set_with_duplicates_writes_one_of_the_values():
    got = np.asarray(dnp.asarray(np.zeros(4, np.float32)).at[np.array([1, 1, 3])].set(np.array([5.0, 6.0, 7.0], np.float32)))
    assert got[1] in (5.0, 6.0) and got[3] == 7.0 and got[0] == got[2] == 0.0


def test_at_power_and_dtypes():
    want = X.copy()
    want[[0, 2]] **= 2.0
    np.testing.assert_allclose(np.asarray(dnp.asarray(X).at[[0, 2]].power(2.0)), want, rtol=1e-6)
    k = np.arange(12, dtype=np.int32).reshape(3, 4)
    w = k.copy()
    np.add.at(w, ([0, 0, 2], [1, 1, 3]), np.array([5, 6, 7], np.int32))
    _same(dnp.asarray(k).at[[0, 0, 2], [1, 1, 3]].add(np.array([5, 6, 7], np.int32)), w)
    b = np.zeros((3, 4), bool)
    w = b.copy()
    w[[2, 0], 1:3] = True
    _same(descend.jit(lambda t: t.at[[2, 0], 1:3].set(True))(b), w)
    w = X.astype(np.float64)
    w[1, [0, 3]] = 2.5
    _same(dnp.asarray(X.astype(np.float64)).at[1, [0, 3]].set(2.5), w)


def test_at_does_not_change_its_input():
    x = X.copy()
    dnp.asarray(x).at[[0, 1]].add(1.0)
    descend.jit(lambda t: t.at[[0, 1]].set(0.0))(x)
    from descend._gather_scatter import scatter

    scatter(x, np.array([[0]], np.int32), np.ones((1, 4, 5), np.float32), (0,), "add")
    np.testing.assert_array_equal(x, X)
    # the same for dynamic_update_slice, also as the carry of a loop
    from descend import lax

    lax.dynamic_update_slice(x, np.ones((1, 2, 2), np.float32), [1, 1, 1])
    body = lambda i, c: lax.dynamic_update_slice(c, np.zeros((1, 4, 5), np.float32), [i, 0, 0])  # noqa: E731
    descend.jit(lambda t: lax.fori_loop(0, 2, body, t))(x)
    np.testing.assert_array_equal(x, X)


def test_traced_mask_update_is_a_select():
    def f(t):
        return t.at[t > 3.0].set(0.0), t.at[t[:, :, 0] > -3.0].add(1.0), t.at[t < 0].multiply(-1.0)

    got = descend.jit(f)(X)
    w = [X.copy(), X.copy(), X.copy()]
    w[0][X > 3.0] = 0.0
    w[1][X[:, :, 0] > -3.0] += 1.0
    w[2][X < 0] *= -1.0
    for g, want in zip(got, w):
        _same(g, want)


def test_traced_mask_index_raises():
    with pytest.raises(dnp.NonConcreteBooleanIndexError, match="boolean mask indices must be concrete"):
        descend.jit(lambda t: t[t > 3.0])(X)
    with pytest.raises(dnp.NonConcreteBooleanIndexError, match="size="):
        descend.jit(lambda t: dnp.nonzero(t))(X)


def test_item_assignment_points_to_at():
    a = dnp.asarray(X)
    with pytest.raises(TypeError, match=r"x.at\[idx\].set"):
        a[0] = 1.0
    with pytest.raises(TypeError, match="immutable"):
        descend.jit(lambda t: t.__setitem__(0, 1.0))(X)


def test_nested_tuple_index_is_an_array():
    _same(dnp.asarray(X)[(0, 2), 1], X[np.array([0, 2]), 1])


def test_bad_indices_raise():
    with pytest.raises(IndexError, match="integer or boolean"):
        dnp.asarray(X)[np.array([0.5, 1.0])]
    with pytest.raises(IndexError, match="too many indices"):
        dnp.asarray(X)[[0], 0, 0, 0]
    with pytest.raises(IndexError, match="does not match"):
        dnp.asarray(X)[np.array([True, False])]
    with pytest.raises(ValueError, match="cannot be broadcast"):
        dnp.asarray(X).at[[0, 1]].set(np.ones(3, np.float32))
    with pytest.raises(NotImplementedError, match="mode='bogus'"):
        dnp.asarray(X).at[[0, 1]].set(1.0, mode="bogus")
    with pytest.raises(NotImplementedError, match="apply"):
        dnp.asarray(X).at[[0, 1]].apply(lambda v: v)
    with pytest.raises(ValueError, match="inplace=False"):
        dnp.put_along_axis(X, np.zeros((3, 4, 1), np.int32), 1.0, axis=2)


@pytest.mark.parametrize("mode", [None, "clip", "wrap"])
def test_take(mode):
    y = np.arange(10, dtype=np.float32) * 0.5
    i = np.array([[-1, 12], [3, -13]])
    got = np.asarray(dnp.take(y, i, mode=mode))
    if mode == "wrap":
        want = np.take(y, i, mode="wrap")
    elif mode == "clip":
        want = np.take(y, i, mode="clip")  # NumPy's clip: -1 -> 0
    else:
        norm = np.where(i < 0, i + 10, i)
        want = np.where((norm >= 0) & (norm < 10), y[np.clip(norm, 0, 9)], np.nan).astype(np.float32)
    _same(got, want)
    i = np.array([3, 0, -1])
    _same(descend.jit(lambda t: dnp.take(t, i, axis=1))(X), np.take(X, i, axis=1))
    _same(dnp.take(X, i), np.take(X, i))


def test_take_along_axis_and_put_along_axis():
    order = np.argsort(-X, axis=1)
    _same(dnp.take_along_axis(X, order, axis=1), np.take_along_axis(X, order, axis=1))
    i = R.integers(0, 5, (3, 4, 2))
    _same(descend.jit(lambda t, i: dnp.take_along_axis(t, i, axis=-1))(X, i), np.take_along_axis(X, i, axis=-1))
    i1 = R.integers(0, 5, (1, 4, 2))  # broadcast against X along dim 0
    _same(dnp.take_along_axis(X, i1, axis=2), np.take_along_axis(X, i1, axis=2))
    flat = np.array([3, 59, 0])
    _same(dnp.take_along_axis(X, flat, axis=None), np.take_along_axis(X, flat, axis=None))
    u = np.arange(5, dtype=np.int32)
    i = np.stack([R.permutation(5)[:2] for _ in range(12)]).reshape(3, 4, 2)
    want = X.copy()
    np.put_along_axis(want, i, -1.0, axis=2)
    _same(dnp.put_along_axis(X, i, -1.0, axis=2, inplace=False), want)
    want = X.copy()
    np.put_along_axis(want, i, u[:2].astype(np.float32), axis=2)
    _same(descend.jit(lambda t: dnp.put_along_axis(t, i, u[:2], axis=2, inplace=False))(X), want)


MASKS = {"3d": X % 3 < 1, "1d": np.array([0, 2, 0, 0, -1]), "none": np.zeros((2, 3), bool), "empty": np.zeros((0, 3))}


@pytest.mark.parametrize("name", sorted(MASKS))
def test_nonzero_family(name):
    m = MASKS[name]
    for got, want in zip(dnp.nonzero(m), np.nonzero(m)):
        _same(got, want.astype(np.int32))
    _same(dnp.flatnonzero(m), np.flatnonzero(m).astype(np.int32))
    _same(dnp.argwhere(m), np.argwhere(m).astype(np.int32))
    for size, fill in ((3, None), (40, -1), (0, None)):
        cols = [c.astype(np.int32) for c in np.nonzero(m)]
        f = 0 if fill is None else fill
        want = [np.concatenate([c[:size], np.full(max(size - len(c), 0), f, np.int32)]) for c in cols]
        for got in (dnp.nonzero(m, size=size, fill_value=fill),
                    descend.jit(lambda t, size=size, fill=fill: dnp.nonzero(t, size=size, fill_value=fill))(m)):
            for g, w in zip(got, want):
                _same(g, w)
        arg = descend.jit(lambda t, size=size, fill=fill: dnp.argwhere(t, size=size, fill_value=fill))(m)
        _same(arg, np.stack(want, axis=-1) if want else np.zeros((size, 0), np.int32))
        flat = descend.jit(lambda t, size=size, fill=fill: dnp.flatnonzero(t, size=size, fill_value=fill))(m)
        fl = np.flatnonzero(m).astype(np.int32)
        _same(flat, np.concatenate([fl[:size], np.full(max(size - len(fl), 0), f, np.int32)]))


def test_nonzero_fill_value_per_dim_and_0d():
    m = X > 20.0
    got = descend.jit(lambda t: dnp.nonzero(t, size=10, fill_value=(-1, -2, -3)))(m)
    n = np.count_nonzero(m)
    assert n < 10
    for g, w, f in zip(got, np.nonzero(m), (-1, -2, -3)):
        _same(g, np.concatenate([w, np.full(10 - n, f)]).astype(np.int32))
    _same(dnp.argwhere(np.array(3.0)), np.argwhere(np.array(3.0)).astype(np.int32))
    with pytest.raises(ValueError, match="0-d"):
        dnp.nonzero(np.array(1.0))


# ---- dsc.gather / dsc.scatter on random shapes, against a NumPy model of their semantics ----


def _model_gather(x, idx, dims):
    rest = [d for d in range(x.ndim) if d not in dims]
    out = np.empty(idx.shape[:-1] + tuple(x.shape[d] for d in rest), x.dtype)
    for b in np.ndindex(*idx.shape[:-1]):
        pos = [slice(None)] * x.ndim
        for k, d in enumerate(dims):
            pos[d] = int(np.clip(idx[b + (k,)], 0, x.shape[d] - 1))
        out[b] = x[tuple(pos)]
    return out


def _model_scatter(x, idx, u, dims, mode):
    out = x.copy()
    op = {"add": np.add, "mul": np.multiply, "min": np.minimum, "max": np.maximum}
    for b in np.ndindex(*idx.shape[:-1]):
        rows = [int(idx[b + (k,)]) for k in range(len(dims))]
        if any(not 0 <= r < x.shape[d] for r, d in zip(rows, dims)):
            continue  # dropped
        pos = [slice(None)] * x.ndim
        for r, d in zip(rows, dims):
            pos[d] = r
        pos = tuple(pos)
        out[pos] = u[b] if mode == "set" else op[mode](out[pos], u[b])
    return out


@pytest.mark.parametrize("seed", range(12))
def test_ops_on_random_shapes_match_a_model(seed):
    from descend._gather_scatter import gather, scatter

    rng = np.random.default_rng(seed)
    rank = int(rng.integers(1, 4))
    shape = tuple(int(s) for s in rng.integers(1, 5, rank))
    k = int(rng.integers(1, rank + 1))
    dims = tuple(int(d) for d in rng.permutation(rank)[:k])
    batch = tuple(int(s) for s in rng.integers(0, 4, int(rng.integers(0, 3))))
    dtype = ["float32", "float64", "int32", "int64"][seed % 4]
    x = rng.integers(-9, 9, shape).astype(dtype)
    idx = rng.integers(-2, max(shape) + 2, batch + (k,)).astype("int32" if seed % 2 else "int64")
    _same(gather(x, idx, dims), _model_gather(x, idx, dims))
    ushape = batch + tuple(shape[d] for d in range(rank) if d not in dims)
    u = rng.integers(-9, 9, ushape).astype(dtype)
    for mode in ("set", "add", "mul", "min", "max"):
        _same(scatter(x, idx, u, dims, mode), _model_scatter(x, idx, u, dims, mode))


@pytest.mark.parametrize("dtype", ["int8", "int16", "int64", "uint8", "uint32", "uint64"])
def test_index_dtypes(dtype):
    y = np.arange(10, dtype=np.float32) * 0.5
    i = np.array([1, 3, 3, 100], dtype)
    _same(dnp.asarray(y)[i], y[np.clip(i, 0, 9)])
    want = y.copy()
    np.add.at(want, i[:3], np.float32(1.0))  # 100 is out of bounds: dropped
    _same(descend.jit(lambda t, i: t.at[i].add(1.0))(y, i), want)


def test_huge_unsigned_indices_stay_out_of_bounds():
    y = np.zeros(4, np.float32)
    i = np.array([2**64 - 1, 1], np.uint64)
    _same(dnp.asarray(y).at[i].set(1.0), np.array([0, 1, 0, 0], np.float32))  # 2**64-1 is dropped
    _same(dnp.asarray(y).at[i].get(mode="fill", fill_value=5.0), np.array([5, 0], np.float32))


def test_unsigned_operand_updates():
    u = np.arange(10, dtype=np.uint8)
    w = u.copy()
    np.add.at(w, [1, 1], np.uint8(250))  # wraps modulo 256
    _same(dnp.asarray(u).at[[1, 1]].add(np.uint8(250)), w)
    big = np.array([5, 3000000000], np.uint32)
    _same(dnp.asarray(big).at[[0, 1]].max(np.uint32(2999999999)), np.array([2999999999, 3000000000], np.uint32))
    _same(dnp.asarray(big).at[[5]].get(mode="fill"), np.array([np.iinfo(np.uint32).max], np.uint32))
