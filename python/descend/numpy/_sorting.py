"""Sorting in descend.numpy: sort, argsort, lexsort, partition, argpartition,
and the order statistics built on them (median, quantile, percentile and their
nan-ignoring versions).

There is no sort op in dsc: sorting is a bitonic sorting network built from
existing ops. The sorted axis is padded to a power of two; each of the
log2(n) (log2(n) + 1) / 2 compare-exchange stages reads every element's partner
with two dynamic slices, compares and selects, and the stages are one
`fori_loop` (so the traced code has the same size for every n). No
data-dependent control flow: it differentiates (values move through
`select`), batches and lowers like any other dsc code. Its cost is
O(n log^2 n) work (a sort of 1024 elements is 55 stages).

Order: NumPy's. Floats are compared through an integer key with the same total
order (bit pattern with the magnitude bits flipped for negatives), NaNs last,
-0.0 equal to +0.0; the element index breaks ties, so argsort is stable
(`kind='stable'` and the default give the same result). For 32-bit keys, key
and index are packed into one int64, so one array goes through the network.
"""

from __future__ import annotations

import numpy as np

from descend import dtypes, lax
from descend.jit import api

from ._elementwise import add, floor, isnan, multiply, subtract, true_divide, where
from ._util import canonical_axes, canonical_axis, promote

_INT_OF = {"float16": "int16", "float32": "int32", "float64": "int64"}


def _const(value, dtype, shape=()):
    return lax.broadcast_in_dim(lax.to_tracer(value, dtype), tuple(shape), ())


def _order_key(t):
    """An integer array ordered as NumPy orders t (NaN last, -0 == +0): int32 or int64."""
    dt = t.aval.dtype
    if dt == "bool" or dt in ("int8", "int16", "uint8", "uint16"):  # order-preserving
        return lax.convert_element_type(t, "int32")
    if dtypes.is_int(dt):
        return t
    x = lax.select(lax.ne(t, t), _const(np.nan, dt, t.shape), t)
    x = lax.select(lax.eq(x, _const(0, dt, t.shape)), _const(0, dt, t.shape), x)
    it = _INT_OF[dt]
    bits = lax.bitcast_convert_type(x, it)
    width = np.dtype(it).itemsize * 8
    flip = lax.bitwise_and(
        lax.shift_right_arithmetic(bits, _const(width - 1, it, t.shape)),
        _const((1 << (width - 1)) - 1, it, t.shape),
    )
    key = lax.bitwise_xor(bits, flip)
    return lax.convert_element_type(key, "int32") if it == "int16" else key


def _pad_last(t, n_to, value):
    n = t.shape[-1]
    if n_to == n:
        return t
    cfg = [(0, 0, 0)] * (t.ndim - 1) + [(0, n_to - n, 0)]
    return lax.pad(t, lax.to_tracer(value, t.aval.dtype), cfg)


def _lex_less(a, b):
    """a < b lexicographically over parallel lists of keys (the first key most significant)."""
    lt = lax.lt(a[-1], b[-1])
    for ka, kb in zip(reversed(a[:-1]), reversed(b[:-1])):
        lt = lax.bitwise_or(lax.lt(ka, kb), lax.bitwise_and(lax.eq(ka, kb), lt))
    return lt


def _stages(N):
    """The (k, j) of each compare-exchange stage of a bitonic sort of N (a power of two)."""
    out = []
    k = 2
    while k <= N:
        j = k // 2
        while j >= 1:
            out.append((k, j))
            j //= 2
        k *= 2
    return out


def _network(keys, carries):
    """Sort along the last axis of the (B, N) `keys` (N a power of two, all key tuples distinct),
    permuting the (B, N, R) `carries` alongside. Bitonic: stage (k, j) compares element i with
    its partner i ^ j and keeps the smaller one where (i & j == 0) == (i & k == 0). The stages
    run in one loop (`fori_loop`), whose body reads the partners with two dynamic slices of the
    doubled array: the traced code does not grow with N."""
    B, N = keys[0].shape
    arrays = [lax.reshape(k, (B, N, 1)) for k in keys] + list(carries)
    nk = len(keys)
    table = np.array(_stages(N), dtype=np.int32)
    ks, js = lax.to_tracer(table[:, 0]), lax.to_tracer(table[:, 1])
    pos = lax.broadcasted_iota("int32", (B, N), 1)

    def body(step, arrays):
        k = lax.broadcast_in_dim(lax.dynamic_slice(ks, (step,), (1,)), (B, N), (1,))
        j = lax.broadcast_in_dim(lax.dynamic_slice(js, (step,), (1,)), (B, N), (1,))
        jj = lax.reshape(lax.dynamic_slice(js, (step,), (1,)), ())
        zero = _const(0, "int32", (B, N))
        lower = lax.eq(lax.bitwise_and(pos, j), zero)
        ascending = lax.eq(lax.bitwise_and(pos, k), zero)
        partners = []
        for a in arrays:
            doubled = lax.concatenate([a, a], 1)
            r = a.shape[2]
            up = lax.dynamic_slice(doubled, (0, jj, 0), (B, N, r))  # a[i + j]
            down = lax.dynamic_slice(doubled, (0, lax.sub(lax.to_tracer(N, "int32"), jj), 0), (B, N, r))  # a[i - j]
            sel = lax.broadcast_in_dim(lower, (B, N, r), (0, 1))
            partners.append(lax.select(sel, up, down))
        p_less = lax.reshape(_lex_less(partners[:nk], arrays[:nk]), (B, N))
        # keep the smaller where lower == ascending, else the larger (keys are distinct)
        take = lax.eq(lax.eq(lower, ascending), p_less)
        out = []
        for a, pa in zip(arrays, partners):
            sel = lax.broadcast_in_dim(take, a.shape, (0, 1))
            out.append(lax.select(sel, pa, a))
        return out

    from descend.lax import fori_loop

    arrays = fori_loop(0, len(table), body, arrays)
    return [lax.reshape(a, (B, N)) for a in arrays[:nk]], arrays[nk:]


def _sort_last(key_sources, carries, n):
    """Sort (B, n) along the last axis by the keys of `key_sources` (lexicographic, first most
    significant); returns (the stable permutation (B, n) int32, the permuted (B, n, R) carries)."""
    B = key_sources[0].shape[0]
    N = 1
    while N < n:
        N *= 2
    idx = lax.broadcasted_iota("int32", (B, N), 1)
    raw = [_order_key(k) for k in key_sources]
    keys = []
    for k in raw:
        big = np.iinfo(k.aval.dtype).max
        keys.append(_pad_last(k, N, big))
    if len(keys) == 1 and keys[0].aval.dtype == "int32":
        packed = lax.bitwise_or(
            lax.shift_left(lax.convert_element_type(keys[0], "int64"), _const(32, "int64", (B, N))),
            lax.convert_element_type(idx, "int64"),
        )
        key_list = [packed]
    else:
        key_list = keys + [idx]
    carries = [_pad_last_carry(c, N) for c in carries]
    if N > 1:
        key_list, carries = _network(key_list, carries)
    last = key_list[-1]
    if last.aval.dtype == "int64" and len(key_list) == 1:
        perm = lax.convert_element_type(
            lax.bitwise_and(last, _const(0xFFFFFFFF, "int64", last.shape)), "int32"
        )
    else:
        perm = last
    perm = lax.slice(perm, (0, 0), (B, n))
    carries = [lax.slice(c, (0, 0, 0), (B, n, c.shape[2])) for c in carries]
    return perm, carries


def _pad_last_carry(c, N):
    B, n, r = c.shape
    if n == N:
        return c
    return lax.pad(c, lax.to_tracer(0, c.aval.dtype), [(0, 0, 0), (0, N - n, 0), (0, 0, 0)])


def _to_batch_last(t, ax):
    """t with axis ax moved last and the others flattened: (B, n), and how to undo it."""
    moved = lax.transpose(t, [d for d in range(t.ndim) if d != ax] + [ax])
    lead = moved.shape[:-1]
    B = int(np.prod(lead, dtype=np.int64))
    flat = lax.reshape(moved, (B, t.shape[ax]))

    def undo(r):
        r = lax.reshape(r, lead + (t.shape[ax],))
        inv = list(range(t.ndim - 1))
        inv.insert(ax, t.ndim - 1)
        return lax.transpose(r, inv)

    return flat, undo


def _prepare(name, a, axis):
    (t,) = promote(name, a)
    if axis is None:
        t = lax.reshape(t, (t.size,))
        axis = 0
    if t.ndim == 0:
        raise ValueError(f"{name}: cannot sort a 0-d array along an axis")
    return t, canonical_axis(name, axis, t.ndim)


def _check_kind(name, kind, order):
    if order is not None:
        raise NotImplementedError(f"{name}: argument 'order' is not supported (no structured dtypes)")
    if kind not in (None, "stable", "quicksort", "mergesort", "heapsort"):
        raise ValueError(f"{name}: unknown kind {kind!r}")


def _argsort(t, ax):
    n = t.shape[ax]
    if n == 0:
        return lax.convert_element_type(t, "int32")
    flat, undo = _to_batch_last(t, ax)
    perm, _ = _sort_last([flat], [], n)
    return undo(perm)


def _sort(t, ax):
    n = t.shape[ax]
    if n <= 1:
        return t
    flat, undo = _to_batch_last(t, ax)
    B = flat.shape[0]
    # the values travel through the network (exact: -0.0 and NaN payloads kept; differentiable)
    _, (vals,) = _sort_last([flat], [lax.reshape(flat, (B, n, 1))], n)
    return undo(lax.reshape(vals, (B, n)))


@api(static_argnames=("axis", "kind", "order", "stable", "descending"))
def sort(a, axis=-1, *, kind=None, order=None, stable=True, descending=False):
    """Sorted copy of a along `axis` (flattened if None); NaNs last (first if descending)."""
    _check_kind("sort", kind, order)
    t, ax = _prepare("sort", a, axis)
    if descending:
        return lax.rev(_sort(lax.rev(t, (ax,)), ax), (ax,))
    return _sort(t, ax)


@api(static_argnames=("axis", "kind", "order", "stable", "descending"))
def argsort(a, axis=-1, *, kind=None, order=None, stable=True, descending=False):
    """Indices that sort a along `axis` (int32); stable: equal elements keep their order."""
    _check_kind("argsort", kind, order)
    t, ax = _prepare("argsort", a, axis)
    if descending:
        n = t.shape[ax]
        r = _argsort(lax.rev(t, (ax,)), ax)
        return lax.sub(_const(n - 1, "int32", r.shape), lax.rev(r, (ax,)))
    return _argsort(t, ax)


@api(static_argnames=("axis",))
def lexsort(keys, axis=-1):
    """Indices that sort by the last key, then the one before, ... (stable)."""
    if not isinstance(keys, (list, tuple)):
        (k,) = promote("lexsort", keys)
        keys = [k[i] for i in range(k.shape[0])] if k.ndim > 1 else [k]
    ts = [promote("lexsort", k)[0] for k in keys]
    if not ts:
        raise TypeError("lexsort: need sequence of keys with len > 0")
    shape = ts[0].shape
    if any(t.shape != shape for t in ts):
        raise ValueError("lexsort: all keys need to be the same shape")
    if len(shape) == 0:
        return _const(0, "int32")
    ax = canonical_axis("lexsort", axis, len(shape))
    n = shape[ax]
    if n == 0:
        return _const(0, "int32", shape)
    flats = []
    undo = None
    for t in reversed(ts):
        f, undo = _to_batch_last(t, ax)
        flats.append(f)
    perm, _ = _sort_last(flats, [], n)
    return undo(perm)


@api(static_argnames=("kth", "axis"))
def partition(a, kth, axis=-1):
    """a rearranged so that the element at kth is where sorting would put it, smaller ones before
    and larger ones after (here: fully sorted, which satisfies that contract)."""
    t, ax = _prepare("partition", a, axis)
    _check_kth("partition", kth, t.shape[ax])
    return _sort(t, ax)


@api(static_argnames=("kth", "axis"))
def argpartition(a, kth, axis=-1):
    """Indices that partition a at kth (here: the stable argsort, a valid partition)."""
    t, ax = _prepare("argpartition", a, axis)
    _check_kth("argpartition", kth, t.shape[ax])
    return _argsort(t, ax)


def _check_kth(name, kth, n):
    for k in np.atleast_1d(kth).tolist():
        if not -n <= int(k) < n:
            raise ValueError(f"{name}: kth(={k}) out of bounds ({n})")


# ---- order statistics -----------------------------------------------------------------------

_METHODS = ("linear", "lower", "higher", "midpoint", "nearest")


def _quantile(name, a, q, axis, method, keepdims, ignore_nan, scale=1):
    if method not in _METHODS:
        raise NotImplementedError(
            f"{name}: argument method={method!r} is not supported (supported: {', '.join(_METHODS)})"
        )
    (t,) = promote(name, a)
    dt = t.aval.dtype if dtypes.is_float(t.aval.dtype) else dtypes.DEFAULT_FLOAT
    t = lax.convert_element_type(t, dt)
    axes = canonical_axes(name, axis, t.ndim)
    rest = [d for d in range(t.ndim) if d not in axes]
    n = int(np.prod([t.shape[d] for d in axes], dtype=np.int64))
    moved = lax.transpose(t, rest + list(axes))
    lead = moved.shape[: len(rest)]
    B = int(np.prod(lead, dtype=np.int64))
    flat = lax.reshape(moved, (B, n))
    (qt,) = promote(name, q, dtype=dt)
    if scale != 1:  # percentiles: divided in the computation dtype (100 * q is exact there)
        qt = true_divide(qt, float(scale))
    qshape = qt.shape
    if len(qshape) > 1:
        raise ValueError(f"{name}: q must be a scalar or 1-d")
    qv = lax.reshape(qt, (qt.size,))
    nq = qv.shape[0]
    if n == 0:
        out = _const(np.nan, dt, (B, nq))
    else:
        s = _sort(flat, 1) if n > 1 else flat  # NaNs last
        nan = isnan(flat)
        if ignore_nan:
            cnt = lax.reduce_sum(lax.convert_element_type(lax.not_(nan), dt), (1,))  # (B,)
        else:
            cnt = _const(float(n), dt, (B,))
        last = lax.sub(cnt, _const(1.0, dt, (B,)))
        pos = multiply(lax.broadcast_in_dim(qv, (B, nq), (1,)), lax.broadcast_in_dim(last, (B, nq), (0,)))
        lo = floor(pos)
        hi = lax.min(add(lo, 1.0), lax.broadcast_in_dim(last, (B, nq), (0,)))
        frac = subtract(pos, lo)
        if method == "lower":
            idx_a, idx_b, w = lo, lo, None
        elif method == "higher":
            up = lax.ceil(pos)
            idx_a, idx_b, w = up, up, None
        elif method == "nearest":
            near = lax.round(pos)
            idx_a, idx_b, w = near, near, None
        elif method == "midpoint":
            idx_a, idx_b, w = lo, lax.ceil(pos), _const(0.5, dt, (B, nq))
        else:
            idx_a, idx_b, w = lo, hi, frac
        ids = lax.convert_element_type(lax.broadcasted_iota("int32", (B, nq, n), 2), dt)
        sb = lax.broadcast_in_dim(s, (B, nq, n), (0, 2))
        zero = _const(0, dt, (B, nq, n))

        def pick(idx):
            hit = lax.eq(ids, lax.broadcast_in_dim(idx, (B, nq, n), (0, 1)))
            return lax.reduce_sum(lax.select(hit, sb, zero), (2,))

        va = pick(idx_a)
        out = va if w is None else add(va, multiply(w, subtract(pick(idx_b), va)))
        if ignore_nan:
            empty = lax.broadcast_in_dim(lax.eq(cnt, _const(0.0, dt, (B,))), (B, nq), (0,))
            out = where(empty, np.nan, out)
        else:
            any_nan = lax.broadcast_in_dim(lax.reduce_or(nan, (1,)), (B, nq), (0,))
            out = where(any_nan, np.nan, out)
    out = lax.reshape(out, lead + (nq,))
    out = lax.transpose(out, [len(lead)] + list(range(len(lead))))  # q axis first, as NumPy
    if keepdims:
        kshape = tuple(1 if d in axes else t.shape[d] for d in range(t.ndim))
        out = lax.reshape(out, (nq,) + kshape)
    return lax.reshape(out, out.shape[1:]) if qshape == () else out


def _qfun(name, ignore_nan, scale):
    @api(static_argnames=("axis", "method", "keepdims", "overwrite_input", "interpolation"))
    def f(
        a,
        q,
        axis=None,
        out=None,
        overwrite_input=False,
        method="linear",
        keepdims=False,
        *,
        interpolation=None,
    ):
        if out is not None:
            raise NotImplementedError(f"{name}: argument 'out' is not supported")
        if interpolation is not None:
            raise NotImplementedError(f"{name}: argument 'interpolation' is not supported (use method=)")
        return _quantile(name, a, q, axis, method, keepdims, ignore_nan, scale)

    f.__name__ = name
    f.__doc__ = f"numpy.{name} (methods {', '.join(_METHODS)}); a sort of each slice."
    return f


quantile = _qfun("quantile", False, 1)
nanquantile = _qfun("nanquantile", True, 1)
percentile = _qfun("percentile", False, 100)
nanpercentile = _qfun("nanpercentile", True, 100)


@api(static_argnames=("axis", "keepdims", "overwrite_input"))
def median(a, axis=None, out=None, overwrite_input=False, keepdims=False):
    if out is not None:
        raise NotImplementedError("median: argument 'out' is not supported")
    return _quantile("median", a, 0.5, axis, "linear", keepdims, False)


@api(static_argnames=("axis", "keepdims", "overwrite_input"))
def nanmedian(a, axis=None, out=None, overwrite_input=False, keepdims=False):
    if out is not None:
        raise NotImplementedError("nanmedian: argument 'out' is not supported")
    return _quantile("nanmedian", a, 0.5, axis, "linear", keepdims, True)
