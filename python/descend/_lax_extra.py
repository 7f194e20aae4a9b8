"""More of `jax.lax` in `descend.lax`, built from the dsc primitives (no new ops):
square, reciprocal, integer_pow, clamp, the *_in_dim slicing helpers,
expand_dims/squeeze/full/broadcast, cumulative reductions and
`associative_scan` (log-step scans), `sort`/`sort_key_val`/`top_k` (the bitonic
network of `descend.numpy._sorting`), `reduce_xor`, `select_n`, `mulhi`.

As in `jax.lax`, operands are not promoted or broadcast implicitly.
"""

from __future__ import annotations

import numpy as np

from descend import dtypes
from descend import lax as _lax
from descend.jit import api
from descend.tree import tree_flatten, tree_unflatten


def _t(x):
    return _lax.to_tracer(x)


def _full(value, dtype, shape):
    return _lax.broadcast_in_dim(_lax.to_tracer(value, dtype), tuple(shape), ())


@api
def square(x):
    t = _t(x)
    return _lax.mul(t, t)


@api
def reciprocal(x):
    t = _t(x)
    return _lax.div(_full(1, t.aval.dtype, t.shape), t)


@api(static_argnames=("y",))
def integer_pow(x, y):
    """x ** y for a static integer y (repeated squaring; y < 0 takes the reciprocal)."""
    t = _t(x)
    n = abs(int(y))
    acc = _full(1, t.aval.dtype, t.shape)
    base = t
    while n:
        if n & 1:
            acc = _lax.mul(acc, base)
        n >>= 1
        if n:
            base = _lax.mul(base, base)
    return reciprocal(acc) if y < 0 else acc


@api
def clamp(min, x, max):  # noqa: A002
    """min(max(x, min), max), with scalar or x-shaped bounds."""
    t = _t(x)
    lo, hi = (
        _lax.convert_element_type(_t(min), t.aval.dtype),
        _lax.convert_element_type(_t(max), t.aval.dtype),
    )
    if lo.shape != t.shape:
        lo = _lax.broadcast_in_dim(lo, t.shape, ())
    if hi.shape != t.shape:
        hi = _lax.broadcast_in_dim(hi, t.shape, ())
    return _lax.min(_lax.max(t, lo), hi)


@api
def nextafter(x1, x2):
    from descend.numpy import nextafter as _nextafter

    return _nextafter(_t(x1), _t(x2))


@api(static_argnames=("m",))
def polygamma(m, x):
    """polygamma(m, x) for static m in {0, 1}."""
    from descend.scipy.special import polygamma as _pg

    return _pg(int(m), _t(x))


# ---- shapes -------------------------------------------------------------------------------------


@api(static_argnames=("dimensions",))
def expand_dims(array, dimensions):
    t = _t(array)
    nd = t.ndim + len(dimensions)
    dims = sorted(d % nd for d in dimensions)
    shape = list(t.shape)
    for d in dims:
        shape.insert(d, 1)
    return _lax.reshape(t, tuple(shape))


@api(static_argnames=("dimensions",))
def squeeze(array, dimensions):
    t = _t(array)
    dims = {d % t.ndim for d in dimensions}
    for d in dims:
        if t.shape[d] != 1:
            raise ValueError(f"lax.squeeze: dimension {d} of shape {t.shape} is not of size 1")
    return _lax.reshape(t, tuple(s for i, s in enumerate(t.shape) if i not in dims))


@api(static_argnames=("shape", "dtype"))
def full(shape, fill_value, dtype=None):
    shape = (shape,) if isinstance(shape, int) else tuple(shape)
    v = _t(fill_value) if dtype is None else _lax.convert_element_type(_t(fill_value), dtype)
    return _lax.broadcast_in_dim(v, shape, ())


@api(static_argnames=("dtype", "shape"))
def full_like(x, fill_value, dtype=None, shape=None):
    t = _t(x)
    dt = dtypes.canonicalize_dtype(dtype) if dtype is not None else t.aval.dtype
    shape = t.shape if shape is None else tuple(shape)
    return _lax.broadcast_in_dim(_lax.convert_element_type(_t(fill_value), dt), shape, ())


@api(static_argnames=("sizes",))
def broadcast(operand, sizes):
    """operand with new leading dimensions `sizes`."""
    t = _t(operand)
    sizes = tuple(sizes)
    return _lax.broadcast_in_dim(t, sizes + t.shape, tuple(range(len(sizes), len(sizes) + t.ndim)))


@api(static_argnames=("rank",))
def broadcast_to_rank(x, rank):
    t = _t(x)
    return t if t.ndim >= rank else _lax.reshape(t, (1,) * (rank - t.ndim) + t.shape)


def broadcast_shapes(*shapes):
    from descend.numpy import broadcast_shapes as _bs

    return _bs(*shapes)


@api(static_argnames=("start_dimension", "stop_dimension"))
def collapse(operand, start_dimension, stop_dimension=None):
    t = _t(operand)
    stop = t.ndim if stop_dimension is None else stop_dimension
    n = int(np.prod(t.shape[start_dimension:stop], dtype=np.int64))
    return _lax.reshape(t, t.shape[:start_dimension] + (n,) + t.shape[stop:])


@api(static_argnames=("index", "axis", "keepdims"))
def index_in_dim(operand, index, axis=0, keepdims=True):
    t = _t(operand)
    i = index % t.shape[axis]
    r = slice_in_dim(t, i, i + 1, 1, axis)
    return r if keepdims else _lax.reshape(r, t.shape[:axis] + t.shape[axis + 1 :])


@api(static_argnames=("start_index", "limit_index", "stride", "axis"))
def slice_in_dim(operand, start_index, limit_index, stride=1, axis=0):
    t = _t(operand)
    n = t.shape[axis]
    start = 0 if start_index is None else start_index % n if start_index < 0 else start_index
    limit = n if limit_index is None else limit_index % n if limit_index < 0 else limit_index
    s, lim, st = [0] * t.ndim, list(t.shape), [1] * t.ndim
    s[axis], lim[axis], st[axis] = start, limit, stride
    return _lax.slice(t, s, lim, st)


@api(static_argnames=("slice_size", "axis"))
def dynamic_slice_in_dim(operand, start_index, slice_size, axis=0):
    t = _t(operand)
    starts = [0] * t.ndim
    starts[axis] = start_index
    sizes = list(t.shape)
    sizes[axis] = slice_size
    return _lax.dynamic_slice(t, starts, sizes)


@api(static_argnames=("axis",))
def dynamic_update_slice_in_dim(operand, update, start_index, axis):
    t = _t(operand)
    starts = [0] * t.ndim
    starts[axis] = start_index
    return _lax.dynamic_update_slice(t, update, starts)


@api(static_argnames=("axis",))
def dynamic_update_index_in_dim(operand, update, index, axis):
    t = _t(operand)
    u = _t(update)
    if u.ndim == t.ndim - 1:
        u = expand_dims(u, (axis,))
    return dynamic_update_slice_in_dim(t, u, index, axis)


@api(static_argnames=("sizes", "axis"))
def split(operand, sizes, axis=0):
    t = _t(operand)
    out, start = [], 0
    for s in sizes:
        out.append(slice_in_dim(t, start, start + s, 1, axis))
        start += s
    if start != t.shape[axis]:
        raise ValueError(f"lax.split: sizes {sizes} do not add up to dimension {axis} of shape {t.shape}")
    return out


@api(static_argnames=("multiples",))
def tile(operand, multiples):
    from descend.numpy import tile as _tile

    return _tile(_t(operand), tuple(multiples))


# ---- scans ------------------------------------------------------------------------------------------


def associative_scan(fn, elems, reverse=False, axis=0):
    """The inclusive scan of an associative `fn` over the leading (`axis`) dimension of the
    pytree `elems`: log2(n) rounds of fn(x[i - 2^k], x[i]) (no identity element needed)."""
    return _associative_scan(fn, elems, bool(reverse), int(axis))


@api(static_argnames=("fn", "reverse", "axis"))
def _associative_scan(fn, elems, reverse, axis):
    leaves, tree = tree_flatten(elems)
    leaves = [_t(x) for x in leaves]
    if not leaves:
        raise ValueError("lax.associative_scan: elems must have at least one array")
    ax = axis % leaves[0].ndim
    n = leaves[0].shape[ax]
    if any(x.shape[ax] != n for x in leaves):
        raise ValueError("lax.associative_scan: arrays in elems must have the same size along axis")
    if reverse:
        leaves = [_lax.rev(x, (ax,)) for x in leaves]
    s = 1
    while s < n:
        head = [slice_in_dim(x, 0, s, 1, ax) for x in leaves]
        prev = [slice_in_dim(x, 0, n - s, 1, ax) for x in leaves]
        cur = [slice_in_dim(x, s, n, 1, ax) for x in leaves]
        combined, _ = tree_flatten(fn(tree_unflatten(tree, prev), tree_unflatten(tree, cur)))
        leaves = [_lax.concatenate([h, c], ax) for h, c in zip(head, combined)]
        s *= 2
    if reverse:
        leaves = [_lax.rev(x, (ax,)) for x in leaves]
    return tree_unflatten(tree, leaves)


def _cum(name, combine):
    @api(static_argnames=("axis", "reverse"))
    def f(operand, axis=0, reverse=False):
        return associative_scan(combine, _t(operand), reverse=reverse, axis=axis)

    f.__name__ = name
    f.__doc__ = f"lax.{name}: an inclusive scan along `axis` (reversed if `reverse`)."
    return f


cumsum = _cum("cumsum", lambda a, b: _lax.add(a, b))
cumprod = _cum("cumprod", lambda a, b: _lax.mul(a, b))
cummax = _cum("cummax", lambda a, b: _lax.max(a, b))
cummin = _cum("cummin", lambda a, b: _lax.min(a, b))


def _logaddexp(a, b):
    from descend.numpy import logaddexp

    return logaddexp(a, b)


cumlogsumexp = _cum("cumlogsumexp", _logaddexp)


@api(static_argnames=("axes",))
def reduce_xor(operand, axes):
    """The xor of the elements over `axes` (booleans: parity), as a tree of pairwise xors."""
    t = _t(operand)
    for ax in sorted(axes, reverse=True):
        while t.shape[ax] > 1:
            n = t.shape[ax]
            if n % 2:
                cfg = [(0, 0, 0)] * t.ndim
                cfg[ax] = (0, 1, 0)
                t = _lax.pad(t, _lax.to_tracer(0 if t.aval.dtype != "bool" else False, t.aval.dtype), cfg)
                n += 1
            t = _lax.bitwise_xor(slice_in_dim(t, 0, n // 2, 1, ax), slice_in_dim(t, n // 2, n, 1, ax))
        if t.shape[ax] == 0:
            shape = list(t.shape)
            shape[ax] = 1
            t = _full(0 if t.aval.dtype != "bool" else False, t.aval.dtype, shape)
        t = _lax.reshape(t, t.shape[:ax] + t.shape[ax + 1 :])
    return t


# ---- sorting ------------------------------------------------------------------------------------------


def sort(operand, dimension=-1, is_stable=True, num_keys=1):
    """Sort one array, or several arrays by their first `num_keys` (lexicographically), along
    `dimension` (NumPy's order: NaNs last; the sort is stable)."""
    if isinstance(operand, list):
        operand = tuple(operand)
    return _sort(operand, int(dimension), bool(is_stable), int(num_keys))


@api(static_argnames=("dimension", "is_stable", "num_keys"))
def _sort(operand, dimension, is_stable, num_keys):
    from descend.numpy._sorting import _sort_last, _to_batch_last

    single = not isinstance(operand, (list, tuple))
    ops = [_t(operand)] if single else [_t(x) for x in operand]
    if not 1 <= num_keys <= len(ops):
        raise ValueError(f"lax.sort: num_keys={num_keys} must be between 1 and the number of operands")
    shape = ops[0].shape
    if any(x.shape != shape for x in ops):
        raise ValueError("lax.sort: all operands must have the same shape")
    ax = dimension % len(shape)
    n = shape[ax]
    if n <= 1:
        return ops[0] if single else tuple(ops)
    flats, undo = [], None
    for x in ops:
        f, undo = _to_batch_last(x, ax)
        flats.append(f)
    B = flats[0].shape[0]
    _, carried = _sort_last(flats[:num_keys], [_lax.reshape(f, (B, n, 1)) for f in flats], n)
    out = [undo(_lax.reshape(c, (B, n))) for c in carried]
    return out[0] if single else tuple(out)


def sort_key_val(keys, values, dimension=-1, is_stable=True):
    """(sorted keys, values permuted alike)."""
    return sort((keys, values), dimension=dimension, is_stable=is_stable, num_keys=1)


@api(static_argnames=("k",))
def top_k(operand, k):
    """The k largest entries along the last axis, descending, and their indices (int32; ties:
    the lower index first)."""
    from descend.numpy import argsort
    from descend.numpy import sort as dnp_sort

    t = _t(operand)
    n = t.shape[-1]
    if not 0 <= k <= n:
        raise ValueError(f"lax.top_k: k={k} out of range for a last dimension of size {n}")
    idx = argsort(t, axis=-1, descending=True)
    vals = dnp_sort(t, axis=-1, descending=True)
    return slice_in_dim(vals, 0, k, 1, t.ndim - 1), slice_in_dim(idx, 0, k, 1, t.ndim - 1)


# ---- misc ---------------------------------------------------------------------------------------------


@api
def batch_matmul(lhs, rhs, precision=None):
    """Matrix products over the leading batch dimensions: (..., m, k) @ (..., k, n)."""
    if precision is not None:
        raise NotImplementedError("lax.batch_matmul: argument 'precision' is not supported")
    a, b = _t(lhs), _t(rhs)
    nb = a.ndim - 2
    batch = tuple(range(nb))
    return _lax.dot_general(a, b, (((nb + 1,), (nb,)), (batch, batch)))


@api
def dot(lhs, rhs, precision=None, preferred_element_type=None):
    """Vector/matrix products: contracts the last dim of lhs with the first of rhs (ranks 1-2)."""
    if precision is not None:
        raise NotImplementedError("lax.dot: argument 'precision' is not supported")
    a, b = _t(lhs), _t(rhs)
    return _lax.dot_general(
        a, b, (((a.ndim - 1,), (0,)), ((), ())), preferred_element_type=preferred_element_type
    )


def select_n(which, *cases):
    """cases[which] elementwise: which boolean (two cases) or an int32 index."""
    return _select_n(which, list(cases))


@api
def _select_n(which, cases):
    w = _t(which)
    cs = [_t(c) for c in cases]
    if not cs:
        raise ValueError("lax.select_n: needs at least one case")
    if len(cs) == 1:
        return cs[0]
    if w.aval.dtype == "bool":
        if len(cs) != 2:
            raise ValueError("lax.select_n: a boolean `which` selects between exactly two cases")
        return _lax.select(w, cs[1], cs[0])
    out = cs[0]
    for i, c in enumerate(cs[1:], start=1):
        hit = _lax.eq(w, _full(i, w.aval.dtype, w.shape))
        out = _lax.select(hit, c, out)
    return out


@api
def mulhi(x, y):
    """The high half of the double-width product of two int32 (or int16/int8) arrays."""
    a, b = _t(x), _t(y)
    dt = a.aval.dtype
    bits = np.dtype(dt).itemsize * 8
    if bits == 64:
        raise NotImplementedError("lax.mulhi: 64-bit operands are not supported")
    wide = "int64" if bits == 32 else "int32"
    p = _lax.mul(_lax.convert_element_type(a, wide), _lax.convert_element_type(b, wide))
    return _lax.convert_element_type(_lax.shift_right_arithmetic(p, _full(bits, wide, p.shape)), dt)


@api
def real(x):
    return _t(x)


@api
def imag(x):
    t = _t(x)
    return _full(0, t.aval.dtype, t.shape)


@api
def conj(x):
    return _t(x)


def dtype(x, *, canonicalize=False):
    """The dtype of an array or scalar (Python scalars: descend's default float32/int32)."""
    if hasattr(x, "dtype"):
        return np.dtype(x.dtype)
    if isinstance(x, (bool, int, float)):
        return np.dtype(dtypes.python_scalar_dtype(x))
    return np.asarray(x).dtype


__all__ = [
    "associative_scan",
    "batch_matmul",
    "broadcast",
    "broadcast_shapes",
    "broadcast_to_rank",
    "clamp",
    "collapse",
    "conj",
    "cumlogsumexp",
    "cummax",
    "cummin",
    "cumprod",
    "cumsum",
    "dot",
    "dtype",
    "dynamic_slice_in_dim",
    "dynamic_update_index_in_dim",
    "dynamic_update_slice_in_dim",
    "expand_dims",
    "full",
    "full_like",
    "imag",
    "index_in_dim",
    "integer_pow",
    "mulhi",
    "nextafter",
    "polygamma",
    "real",
    "reciprocal",
    "reduce_xor",
    "select_n",
    "slice_in_dim",
    "sort",
    "sort_key_val",
    "split",
    "square",
    "squeeze",
    "tile",
    "top_k",
]
