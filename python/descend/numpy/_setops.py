"""Set operations in descend.numpy: unique (and the array-API unique_all / unique_counts /
unique_inverse / unique_values), union1d, intersect1d, setdiff1d, setxor1d.

Built from existing ops: a stable argsort / lexsort (the bitonic network of `_sorting`),
comparison masks of sorted neighbours, `cumsum`, an O(n) compaction by scatter (`nonzero(size=)` without its search), gathers (`take`) and a
scatter (`x.at[perm].set`). Every function has a fixed-size core (`size=` as in JAX: the
first `size` results, padded with `fill_value`) that also returns the true number of
results; it works under `jit`, `grad` and `vmap`.

Output sizes are data-dependent: eagerly, without `size=`, the core runs with the largest
possible size and the results are cut to the true count (one compiled function per input
signature). Under `jit` without `size=`, a traced input raises `ConcretizationTypeError`
(as JAX). Index outputs are int32, as JAX's default.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from descend import lax
from descend.jit import api
from descend.tracing import Tracer, current_trace, describe_location, user_location

from ._util import canonical_axis, promote

UNIQUE_SIZE_HINT = (
    "To make {op}() compatible with jit and other transforms, pass a concrete value for the "
    "size argument, which will determine the output size."
)


class ConcretizationTypeError(TypeError):
    """A traced value was used where a concrete one is needed (an output size), as JAX's."""


def _concretization_error(op, t):
    return ConcretizationTypeError(
        f"{op}: abstract tracer value encountered where a concrete value is expected: traced array "
        f"with shape {tuple(t.shape)} and dtype {t.aval.dtype}; the size of the result depends on its values. "
        + UNIQUE_SIZE_HINT.format(op=op)
        + f"\n  at {describe_location(user_location())}"
    )


def _dnp():
    import descend.numpy as dnp

    return dnp


def _is_inexact(t) -> bool:
    return t.aval.dtype.startswith(("float", "bfloat", "complex"))


def _iota(n):
    return lax.iota("int32", n)


def _compact(mask, size, fill=0):
    """The positions of the true elements of the 1-D bool tracer `mask`, first `size` of them,
    padded with `fill` (int32, shape (size,)): `nonzero(mask, size=size, fill_value=fill)` as
    one O(n) scatter (each true element writes its position to slot cumsum - 1)."""
    dnp = _dnp()
    n = mask.shape[0]
    slot = dnp.cumsum(mask.astype("int32")) - 1
    target = dnp.where(mask, slot, size)  # false elements go out of bounds: dropped
    return dnp.full((size,), fill, "int32").at[target].set(_iota(n), mode="drop")


def _check_size(op, size):
    if size is None:
        return None
    if isinstance(size, Tracer):
        raise ConcretizationTypeError(f"{op}: size must be a concrete (static) integer, got a traced value")
    s = int(np.asarray(size))
    if s < 0:
        raise ValueError(f"{op}: size must be non-negative, got {s}")
    return s


def _need_concrete(op, *xs):
    """Raise ConcretizationTypeError when an input is traced (the output size is unknown)."""
    for x in xs:
        if isinstance(x, Tracer):
            raise _concretization_error(op, x)


def _cut(x, n, axis=0):
    """x[..., :n, ...] along `axis` (an eager slice to the true result count)."""
    return x[(slice(None),) * axis + (slice(0, int(n)),)]


# ---- the unique core -------------------------------------------------------------------------


def _sorted_rows(t2, equal_nan):
    """Sort the rows of a 2-D (n, m) tracer (n > 0) lexicographically (stable).

    Returns (aux, mask, perm): the sorted rows, `mask[i]` true where row i of `aux` starts a
    new distinct row, and the permutation (aux = t2[perm])."""
    dnp = _dnp()
    n, m = t2.shape
    if m == 0:  # all rows are equal (empty)
        return t2, lax.eq(_iota(n), lax.broadcast_in_dim(lax.to_tracer(0, "int32"), (n,), ())), _iota(n)
    if m == 1:
        perm = dnp.argsort(t2[:, 0])
    else:
        perm = dnp.lexsort([t2[:, j] for j in reversed(range(m))])
    aux = dnp.take(t2, perm, axis=0)
    a, b = aux[1:], aux[:-1]
    neq = a != b
    if equal_nan and _is_inexact(t2):
        neq = dnp.logical_and(neq, dnp.logical_not(dnp.logical_and(dnp.isnan(a), dnp.isnan(b))))
    mask = dnp.concatenate([dnp.ones((1,), "bool"), dnp.any(neq, axis=1)])
    return aux, mask, perm


def _unique_core(t2, equal_nan, size, fill_value, want):
    """Unique rows of the 2-D (n, m) tracer t2, the first `size` of them.

    `want` is a subset of {'index', 'inverse', 'counts'}. Returns a dict with 'values'
    (size, m), 'index' (size,), 'inverse' (n,), 'counts' (size,) and 'count' (the true
    number of unique rows, an int32 scalar). Pads: values = fill_value (default: the smallest
    row), index = index of the smallest row, counts = 0 (as JAX)."""
    dnp = _dnp()
    n, m = t2.shape
    out = {}
    if n == 0:
        if size and fill_value is None:
            raise ValueError("unique: for zero-sized input with nonzero size argument, fill_value must be specified")
        vals = dnp.zeros((size, m), t2.aval.dtype)
        if size:
            vals = dnp.where(dnp.ones((size, m), "bool"), dnp.asarray(fill_value).astype(t2.aval.dtype), vals)
        out["values"] = vals
        out["index"] = dnp.zeros((size,), "int32")
        out["inverse"] = dnp.zeros((0,), "int32")
        out["counts"] = dnp.zeros((size,), "int32")
        out["count"] = lax.to_tracer(0, "int32")
        return out
    aux, mask, perm = _sorted_rows(t2, equal_nan)
    count = dnp.sum(mask.astype("int32"))
    ind = _compact(mask, size)
    vals = dnp.take(aux, ind, axis=0)
    if fill_value is not None and size:
        valid = dnp.expand_dims(_iota(size) < count, 1)
        vals = dnp.where(valid, vals, dnp.asarray(fill_value).astype(vals.dtype))
    out["values"] = vals
    out["count"] = count
    if "index" in want:
        out["index"] = dnp.take(perm, ind)
    if "inverse" in want:
        imask = dnp.cumsum(mask.astype("int32")) - 1
        out["inverse"] = dnp.zeros((n,), "int32").at[perm].set(imask.astype("int32"))
    if "counts" in want:
        idx = _compact(mask, size + 1)
        tail = idx[1:]
        tail = dnp.where(tail != 0, tail, n)
        full = dnp.concatenate([idx[:1], tail])
        out["counts"] = (full[1:] - full[:-1]).astype("int32")
    return out


_UNIQUE_STATIC = ("axis", "equal_nan", "size", "want")


@api(static_argnames=_UNIQUE_STATIC)
def _unique_sized(ar, fill_value, axis, equal_nan, size, want):
    """The fixed-size unique of `ar` (flattened when axis is None): a tuple of values,
    then the wanted index / inverse / counts (in that order), then the true count."""
    dnp = _dnp()
    (t,) = promote("unique", ar)
    if axis is None:
        shape_in = t.shape
        t = dnp.ravel(t)
        ax = 0
    else:
        ax = axis
    moved = dnp.moveaxis(t, ax, 0)
    rest = tuple(moved.shape[1:])
    m = int(np.prod(rest, dtype=np.int64))
    t2 = dnp.reshape(moved, (moved.shape[0], m))
    r = _unique_core(t2, equal_nan, size, fill_value, want)
    vals = dnp.moveaxis(dnp.reshape(r["values"], (size,) + rest), 0, ax)
    res = [vals]
    for k in ("index", "inverse", "counts"):
        if k in want:
            v = r[k]
            if k == "inverse" and axis is None:
                v = dnp.reshape(v, shape_in)
            res.append(v)
    res.append(r["count"])
    return tuple(res)


def _unique(op, ar, want, axis, equal_nan, size, fill_value):
    """Run the unique core eagerly (cut to the true count) or fixed-size; returns a list."""
    size = _check_size(op, size)
    nd = np.ndim(ar)
    if axis is not None:
        if nd == 0:
            raise ValueError(f"{op}: axis {axis} is out of bounds for a 0-d array")
        axis = canonical_axis(op, int(axis), nd)
    want = tuple(k for k in ("index", "inverse", "counts") if k in want)
    if size is not None:
        return list(_unique_sized(ar, fill_value, axis, bool(equal_nan), size, want)[:-1])
    _need_concrete(op, ar)
    shape = np.shape(ar)
    n = int(np.prod(shape, dtype=np.int64)) if axis is None else shape[axis]
    if current_trace() is not None:  # concrete input inside a trace: size from the host data
        x = np.asarray(ar)
        ax = 0 if axis is None else axis
        if axis is None:
            x = x.ravel()
        cnt = np.unique(x, axis=ax, equal_nan=bool(equal_nan)).shape[ax] if x.shape[ax] else 0
        return list(_unique_sized(ar, None, axis, bool(equal_nan), cnt, want)[:-1])
    res = _unique_sized(ar, None, axis, bool(equal_nan), n, want)
    cnt = int(np.asarray(res[-1]))
    out = [_cut(res[0], cnt, 0 if axis is None else axis)]
    for k, v in zip(want, res[1:-1]):
        out.append(v if k == "inverse" else _cut(v, cnt))
    return out


def unique(ar, return_index=False, return_inverse=False, return_counts=False, axis=None, *, equal_nan=True,
           size=None, fill_value=None, sorted=True):  # noqa: A002
    """The sorted unique values of `ar` (flattened when `axis` is None, else the unique slices
    along `axis`), optionally with the index of each one's first occurrence, the inverse
    (indices into the unique values that rebuild `ar`; `ar`'s shape when axis is None, else
    (ar.shape[axis],)) and the counts, as `jax.numpy.unique`.

    `equal_nan=True` counts all NaNs as one value. `size=n` gives fixed-size results (the first n
    unique values, padded with `fill_value`, default the smallest unique value): needed under jit.
    `sorted` is ignored (the results are always sorted), as JAX."""
    del sorted  # results are always sorted (a valid answer for sorted=False too), as JAX
    want = [k for k, f in (("index", return_index), ("inverse", return_inverse), ("counts", return_counts)) if f]
    out = _unique("unique", ar, want, axis, equal_nan, size, fill_value)
    return out[0] if len(out) == 1 else tuple(out)


class UniqueAllResult(NamedTuple):
    """What `unique_all` returns."""

    values: object
    indices: object
    inverse_indices: object
    counts: object


class UniqueCountsResult(NamedTuple):
    """What `unique_counts` returns."""

    values: object
    counts: object


class UniqueInverseResult(NamedTuple):
    """What `unique_inverse` returns."""

    values: object
    inverse_indices: object


def unique_all(x, /, *, size=None, fill_value=None):
    """(values, indices, inverse_indices, counts) of the flattened x; inverse has x's shape.
    NaNs are distinct values (equal_nan=False), as the array API / JAX."""
    v, i, inv, c = _unique("unique_all", x, ("index", "inverse", "counts"), None, False, size, fill_value)
    return UniqueAllResult(v, i, inv, c)


def unique_counts(x, /, *, size=None, fill_value=None):
    """(values, counts) of the flattened x (NaNs distinct)."""
    v, c = _unique("unique_counts", x, ("counts",), None, False, size, fill_value)
    return UniqueCountsResult(v, c)


def unique_inverse(x, /, *, size=None, fill_value=None):
    """(values, inverse_indices) of the flattened x; inverse has x's shape (NaNs distinct)."""
    v, inv = _unique("unique_inverse", x, ("inverse",), None, False, size, fill_value)
    return UniqueInverseResult(v, inv)


def unique_values(x, /, *, size=None, fill_value=None):
    """The sorted unique values of the flattened x (NaNs distinct)."""
    return _unique("unique_values", x, (), None, False, size, fill_value)[0]


# ---- two-set operations ----------------------------------------------------------------------


def _flat_pair(op, ar1, ar2):
    dnp = _dnp()
    from ._util import result_dtype

    dt = result_dtype(ar1, ar2)
    (a,) = promote(op, ar1, dtype=dt)
    (b,) = promote(op, ar2, dtype=dt)
    return dnp.ravel(a), dnp.ravel(b)


def _unique_1d(t, size, want=()):
    """(values, count[, index]) of the unique values of a 1-D tracer with n > 0, fixed size."""
    r = _unique_core(lax.reshape(t, (t.shape[0], 1)), True, size, None, want)
    return lax.reshape(r["values"], (size,)), r["count"], r.get("index")


def _first_fill(vals, count, fill_value):
    """Pads of a sorted fixed-size result: fill_value, or (default) its smallest value (0 if empty)."""
    dnp = _dnp()
    size = vals.shape[0]
    valid = _iota(size) < count
    if fill_value is None:
        if size == 0:
            return vals
        fill = dnp.where(count > 0, vals[0], dnp.zeros((), vals.dtype))
    else:
        fill = dnp.asarray(fill_value).astype(vals.dtype)
    return dnp.where(valid, vals, fill)


def _membership(u, v):
    """(member, where) for 1-D tracers u (n,) and v (k,), k > 0: member[i] = u[i] in v (by ==,
    so NaN is in nothing, as np.isin) and where[i] the position in v of an equal element (the
    last one; 0 where not a member). One stable sort of v and u together (v before u among
    equal values), a running max of the last v position and scatters back: O((n+k) log^2)
    instead of isin's n * k comparisons."""
    from descend._lax_extra import cummax

    dnp = _dnp()
    n, k = u.shape[0], v.shape[0]
    N = n + k
    cand = dnp.concatenate([v, u])
    tag = dnp.concatenate([dnp.zeros((k,), "int32"), dnp.ones((n,), "int32")])
    perm = dnp.lexsort([tag, cand])  # by value, then v first
    sv, is_v = dnp.take(cand, perm), dnp.take(tag, perm) == 0
    last_v = cummax(dnp.where(is_v, _iota(N), -1))
    lv = dnp.maximum(last_v, 0)
    match = dnp.logical_and(dnp.logical_and(dnp.logical_not(is_v), last_v >= 0), dnp.take(sv, lv) == sv)
    target = dnp.where(is_v, n, perm - k)  # u's slots; v's entries are dropped
    member = dnp.zeros((n,), "bool").at[target].set(match, mode="drop")
    where = dnp.zeros((n,), "int32").at[target].set(dnp.where(match, dnp.take(perm, lv), 0).astype("int32"), mode="drop")
    return member, where


def _gather_fill(t, idx, fill=0):
    return _dnp().take(t, idx, mode="fill", fill_value=fill)


@api(static_argnames=("size",))
def _union1d_sized(ar1, ar2, fill_value, size):
    dnp = _dnp()
    a, b = _flat_pair("union1d", ar1, ar2)
    t = dnp.concatenate([a, b])
    r = _unique_core(lax.reshape(t, (t.shape[0], 1)), True, size, fill_value, ())
    return lax.reshape(r["values"], (size,)), r["count"]


@api(static_argnames=("assume_unique", "size"))
def _setdiff1d_sized(ar1, ar2, fill_value, assume_unique, size):
    dnp = _dnp()
    a, b = _flat_pair("setdiff1d", ar1, ar2)
    zero = lax.to_tracer(0, "int32")
    if a.shape[0] == 0:
        return _first_fill(dnp.zeros((size,), a.dtype), zero, 0 if fill_value is None else fill_value), zero
    if assume_unique:
        u, valid = a, dnp.ones(a.shape, "bool")
    else:
        u, n1, _ = _unique_1d(a, a.shape[0])
        valid = _iota(a.shape[0]) < n1
    if b.shape[0] == 0:
        mask = valid
    else:
        mask = dnp.logical_and(valid, dnp.logical_not(_membership(u, b)[0]))
    count = dnp.sum(mask.astype("int32"))
    vals = _gather_fill(u, _compact(mask, size))
    return _first_fill(vals, count, 0 if fill_value is None else fill_value), count


@api(static_argnames=("assume_unique", "size"))
def _setxor1d_sized(ar1, ar2, fill_value, assume_unique, size):
    dnp = _dnp()
    a, b = _flat_pair("setxor1d", ar1, ar2)
    parts, valids = [], []
    for t in (a, b):
        if assume_unique or t.shape[0] == 0:
            parts.append(t)
            valids.append(dnp.ones(t.shape, "bool"))
        else:
            u, n, _ = _unique_1d(t, t.shape[0])
            parts.append(u)
            valids.append(_iota(t.shape[0]) < n)
    # pads of a unique result repeat its smallest value, so membership tests are unaffected
    # (and masked by the valid flags)
    m1, m2 = valids
    if a.shape[0] and b.shape[0]:
        m1 = dnp.logical_and(m1, dnp.logical_not(_membership(parts[0], parts[1])[0]))
        m2 = dnp.logical_and(m2, dnp.logical_not(_membership(parts[1], parts[0])[0]))
    cand = dnp.concatenate(parts)
    keep = dnp.concatenate([m1, m2])
    count = dnp.sum(keep.astype("int32"))
    if cand.shape[0] == 0:
        return _first_fill(dnp.zeros((size,), a.dtype), count, fill_value), count
    perm = dnp.lexsort([cand, dnp.logical_not(keep).astype("int32")])  # kept values first, sorted
    vals = _gather_fill(dnp.take(cand, perm), _iota(size))
    return _first_fill(vals, count, fill_value), count


@api(static_argnames=("assume_unique", "return_indices", "size"))
def _intersect1d_sized(ar1, ar2, fill_value, assume_unique, return_indices, size):
    dnp = _dnp()
    a, b = _flat_pair("intersect1d", ar1, ar2)
    n1, n2 = a.shape[0], b.shape[0]
    if n1 == 0 or n2 == 0:
        count = lax.to_tracer(0, "int32")
        vals = _first_fill(dnp.zeros((size,), a.dtype), count, fill_value)
        return (vals, dnp.full((size,), n1, "int32"), dnp.full((size,), n2, "int32"), count)
    if assume_unique:
        perm = dnp.argsort(a)
        u, idx1, valid = dnp.take(a, perm), perm, dnp.ones((n1,), "bool")
    else:
        u, nu, idx1 = _unique_1d(a, n1, ("index",))
        valid = _iota(n1) < nu
    if assume_unique:
        v, idx2 = b, _iota(n2)
    else:
        v, _, idx2 = _unique_1d(b, n2, ("index",))  # pads repeat the smallest value and its index
    member, pos = _membership(u, v)
    mask = dnp.logical_and(valid, member)
    count = dnp.sum(mask.astype("int32"))
    sel = _compact(mask, size, n1)
    ok = _iota(size) < count
    vals = _first_fill(_gather_fill(u, sel), count, fill_value)
    i1 = dnp.where(ok, _gather_fill(idx1, sel, n1), n1).astype("int32")
    i2 = dnp.where(ok, _gather_fill(dnp.take(idx2, pos), sel, n2), n2).astype("int32")  # first occurrence in ar2
    return vals, i1, i2, count


def _two(op, sized, ar1, ar2, size, *args):
    """Run a two-set core eagerly (cut to the true count) or fixed-size (see `_unique`)."""
    size = _check_size(op, size)
    if size is not None:
        return list(sized(ar1, ar2, *args, size)[:-1])
    _need_concrete(op, ar1, ar2)
    bound = int(np.size(ar1)) + int(np.size(ar2))
    if current_trace() is not None:  # concrete inputs inside a trace: the size from the host data
        a1, a2 = np.ravel(np.asarray(ar1)), np.ravel(np.asarray(ar2))
        if op == "union1d":
            cnt = len(np.union1d(a1, a2))
        else:
            cnt = len(getattr(np, op)(a1, a2, assume_unique=args[1]))
        return list(sized(ar1, ar2, *args, cnt)[:-1])
    res = sized(ar1, ar2, *args, bound)
    cnt = int(np.asarray(res[-1]))
    return [_cut(v, cnt) for v in res[:-1]]


def union1d(ar1, ar2, *, size=None, fill_value=None):
    """Sorted unique values of the flattened ar1 and ar2 together (see `unique` for size=)."""
    return _two("union1d", _union1d_sized, ar1, ar2, size, fill_value)[0]


def setdiff1d(ar1, ar2, assume_unique=False, *, size=None, fill_value=None):
    """Sorted unique values of ar1 that are not in ar2 (with assume_unique, ar1's values in its
    order). With size=, pads are fill_value (default 0), as JAX."""
    return _two("setdiff1d", _setdiff1d_sized, ar1, ar2, size, fill_value, bool(assume_unique))[0]


def setxor1d(ar1, ar2, assume_unique=False, *, size=None, fill_value=None):
    """Sorted unique values in exactly one of ar1 and ar2. With size=, pads are fill_value
    (default the smallest result), as JAX."""
    return _two("setxor1d", _setxor1d_sized, ar1, ar2, size, fill_value, bool(assume_unique))[0]


def intersect1d(ar1, ar2, assume_unique=False, return_indices=False, *, size=None, fill_value=None):
    """Sorted unique values in both ar1 and ar2; with return_indices also the index of each
    one's first occurrence in ar1 and in ar2 (int32; pads len(ar1) / len(ar2), as JAX)."""
    out = _two("intersect1d", _intersect1d_sized, ar1, ar2, size, fill_value, bool(assume_unique),
               bool(return_indices))
    return tuple(out) if return_indices else out[0]


__all__ = [
    "ConcretizationTypeError",
    "intersect1d",
    "setdiff1d",
    "setxor1d",
    "union1d",
    "unique",
    "unique_all",
    "unique_counts",
    "unique_inverse",
    "unique_values",
]
