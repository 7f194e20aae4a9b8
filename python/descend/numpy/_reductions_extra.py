"""More reductions of descend.numpy: var, std, the nan-ignoring reductions,
average, ptp, count_nonzero, cumulative sums and products, diff, trapezoid,
cov and corrcoef.

Cumulative reductions are log-step (Hillis-Steele) scans: ceil(log2 n) rounds
of `x op shift(x, 2^k)`, each shift one `pad` with a negative high edge. That is
O(n log n) work in whole-array ops, so it fuses, differentiates (pad transposes
to pad) and batches like any other dsc code, with no sequential loop.
"""

from __future__ import annotations

import builtins

import numpy as np

from descend import dtypes, lax
from descend.jit import api

from ._elementwise import isnan, multiply, subtract, true_divide
from ._elementwise import where as _where
from ._reductions import _keep, argmax, argmin, max, mean, min, prod, sum
from ._util import canonical_axes, canonical_axis, promote, size_of


def _float_of(t):
    dt = t.aval.dtype
    return t if dtypes.is_float(dt) else lax.convert_element_type(t, dtypes.DEFAULT_FLOAT)


def _count(t, axes, where_mask=None):
    """The number of elements reduced (a Python int, or a Tracer with a where mask)."""
    if where_mask is None:
        return size_of([t.shape[i] for i in axes])
    m = lax.convert_element_type(_broadcast_mask(where_mask, t), t.aval.dtype)
    return lax.reduce_sum(m, axes)


def _broadcast_mask(mask, t):
    from ._util import broadcast_to_shape

    m = lax.convert_element_type(lax.to_tracer(mask), "bool")
    return broadcast_to_shape(m, t.shape)


def _check_out(name, out):
    if out is not None:
        raise NotImplementedError(f"{name}: argument 'out' is not supported (arrays are immutable)")


def _moment_dtype(name, a, dtype):
    (t,) = promote(name, a)
    if dtype is not None:
        dt = dtypes.canonicalize_dtype(dtype)
        if not dtypes.is_float(dt):
            raise NotImplementedError(f"{name}: argument dtype={dt} (an integer variance) is not supported")
        return lax.convert_element_type(t, dt)
    return _float_of(t)


@api(static_argnames=("axis", "ddof", "keepdims", "correction"))
def var(a, axis=None, dtype=None, out=None, ddof=0, keepdims=False, *, where=None, correction=None):
    """Variance: sum |x - mean|^2 / (N - ddof) over `axis` (float32 for integer inputs)."""
    _check_out("var", out)
    if correction is not None:
        ddof = correction
    t = _moment_dtype("var", a, dtype)
    axes = canonical_axes("var", axis, t.ndim)
    if where is not None:
        mask = _broadcast_mask(where, t)
        n = _count(t, axes, where)
        s = lax.reduce_sum(
            lax.select(mask, t, lax.broadcast_in_dim(lax.to_tracer(0, t.aval.dtype), t.shape, ())), axes
        )
        m = true_divide(s, n)
        d = subtract(t, _unreduce(m, t, axes))
        sq = _where(mask, multiply(d, d), 0)
        return _keep(true_divide(lax.reduce_sum(sq, axes), subtract(n, ddof)), axes, keepdims, t.shape)
    n = _count(t, axes)
    m = mean(t, axis=axes, keepdims=True)
    d = subtract(t, m)
    ss = sum(multiply(d, d), axis=axes, keepdims=keepdims)
    return true_divide(ss, float(builtins.max(n - ddof, 0)))


def _unreduce(r, t, axes):
    kept = [d for d in range(t.ndim) if d not in axes]
    return lax.broadcast_in_dim(r, t.shape, kept)


@api(static_argnames=("axis", "ddof", "keepdims", "correction"))
def std(a, axis=None, dtype=None, out=None, ddof=0, keepdims=False, *, where=None, correction=None):
    """Standard deviation: sqrt(var(...))."""
    _check_out("std", out)
    v = var(a, axis=axis, dtype=dtype, ddof=ddof, keepdims=keepdims, where=where, correction=correction)
    return lax.sqrt(v)


# ---- nan-ignoring reductions -------------------------------------------------------------


def _nan_mask(t):
    return isnan(t) if dtypes.is_float(t.aval.dtype) else None


def _replace_nan(t, value):
    m = _nan_mask(t)
    return t if m is None else _where(m, value, t)


@api(static_argnames=("axis", "keepdims"))
def nansum(a, axis=None, dtype=None, out=None, keepdims=False, initial=None, where=None):
    _check_out("nansum", out)
    (t,) = promote("nansum", a)
    return sum(_replace_nan(t, 0), axis=axis, dtype=dtype, keepdims=keepdims, initial=initial, where=where)


@api(static_argnames=("axis", "keepdims"))
def nanprod(a, axis=None, dtype=None, out=None, keepdims=False, initial=None, where=None):
    _check_out("nanprod", out)
    (t,) = promote("nanprod", a)
    return prod(_replace_nan(t, 1), axis=axis, dtype=dtype, keepdims=keepdims, initial=initial, where=where)


def _nan_extreme(name, reducer, fill):
    @api(static_argnames=("axis", "keepdims"))
    def f(a, axis=None, out=None, keepdims=False, initial=None, where=None):
        _check_out(name, out)
        if initial is not None:
            raise NotImplementedError(f"{name}: argument 'initial' is not supported")
        if where is not None:
            raise NotImplementedError(f"{name}: argument 'where' is not supported")
        (t,) = promote(name, a)
        mask = _nan_mask(t)
        if mask is None:
            return reducer(t, axis=axis, keepdims=keepdims)
        r = reducer(_where(mask, fill, t), axis=axis, keepdims=keepdims)
        axes = canonical_axes(name, axis, t.ndim)
        all_nan = _keep(lax.reduce_and(mask, axes), axes, keepdims, t.shape)
        return _where(all_nan, np.nan, r)

    f.__name__ = name
    f.__doc__ = f"numpy.{name}: NaNs are ignored; a slice of NaNs only gives NaN."
    return f


nanmax = _nan_extreme("nanmax", max, -np.inf)
nanmin = _nan_extreme("nanmin", min, np.inf)


def _nan_arg(name, reducer, fill):
    @api(static_argnames=("axis", "keepdims"))
    def f(a, axis=None, out=None, keepdims=False):
        _check_out(name, out)
        (t,) = promote(name, a)
        mask = _nan_mask(t)
        if mask is None:
            return reducer(t, axis=axis, keepdims=keepdims)
        r = reducer(_where(mask, fill, t), axis=axis, keepdims=keepdims)
        axes = canonical_axes(name, axis, t.ndim)
        all_nan = _keep(lax.reduce_and(mask, axes), axes, keepdims, t.shape)
        return _where(all_nan, -1, r)

    f.__name__ = name
    f.__doc__ = f"numpy.{name}: NaNs are ignored; a slice of NaNs gives -1 (as JAX, where NumPy raises)."
    return f


nanargmax = _nan_arg("nanargmax", argmax, -np.inf)
nanargmin = _nan_arg("nanargmin", argmin, np.inf)


@api(static_argnames=("axis", "keepdims"))
def nanmean(a, axis=None, dtype=None, out=None, keepdims=False, where=None):
    """Mean of the non-NaN elements (NaN for a slice without any)."""
    _check_out("nanmean", out)
    if where is not None:
        raise NotImplementedError("nanmean: argument 'where' is not supported")
    t = _moment_dtype("nanmean", a, dtype)
    mask = _nan_mask(t)
    axes = canonical_axes("nanmean", axis, t.ndim)
    if mask is None:
        return mean(t, axis=axes, keepdims=keepdims)
    n = sum(lax.convert_element_type(lax.not_(mask), t.aval.dtype), axis=axes, keepdims=keepdims)
    s = sum(_where(mask, 0, t), axis=axes, keepdims=keepdims)
    return true_divide(s, n)


@api(static_argnames=("axis", "ddof", "keepdims", "correction"))
def nanvar(a, axis=None, dtype=None, out=None, ddof=0, keepdims=False, where=None, *, correction=None):
    """Variance of the non-NaN elements: sum |x - nanmean|^2 / (count - ddof)."""
    _check_out("nanvar", out)
    if where is not None:
        raise NotImplementedError("nanvar: argument 'where' is not supported")
    if correction is not None:
        ddof = correction
    t = _moment_dtype("nanvar", a, dtype)
    mask = _nan_mask(t)
    if mask is None:
        return var(t, axis=axis, ddof=ddof, keepdims=keepdims)
    axes = canonical_axes("nanvar", axis, t.ndim)
    ok = lax.convert_element_type(lax.not_(mask), t.aval.dtype)
    n = sum(ok, axis=axes, keepdims=True)
    m = true_divide(sum(_where(mask, 0, t), axis=axes, keepdims=True), n)
    d = _where(mask, 0, subtract(t, m))
    ss = sum(multiply(d, d), axis=axes, keepdims=keepdims)
    n = n if keepdims else lax.reshape(n, ss.shape)
    denom = subtract(n, ddof)
    return _where(
        lax.gt(denom, lax.broadcast_in_dim(lax.to_tracer(0, denom.aval.dtype), denom.shape, ())),
        true_divide(ss, denom),
        np.nan,
    )


@api(static_argnames=("axis", "ddof", "keepdims", "correction"))
def nanstd(a, axis=None, dtype=None, out=None, ddof=0, keepdims=False, where=None, *, correction=None):
    _check_out("nanstd", out)
    return lax.sqrt(
        nanvar(a, axis=axis, dtype=dtype, ddof=ddof, keepdims=keepdims, where=where, correction=correction)
    )


# ---- weighted and other simple reductions ---------------------------------------------------


@api(static_argnames=("axis", "returned", "keepdims"))
def average(a, axis=None, weights=None, returned=False, keepdims=False):
    """Weighted mean; `weights` has a's shape, or is 1-D along a single `axis`."""
    if weights is None:
        (t,) = promote("average", a)
        t = _float_of(t)
        avg = mean(t, axis=axis, keepdims=keepdims)
        if returned:
            axes = canonical_axes("average", axis, t.ndim)
            n = lax.broadcast_in_dim(lax.to_tracer(float(_count(t, axes)), avg.aval.dtype), avg.shape, ())
            return avg, n
        return avg
    from ._util import result_dtype

    dt = result_dtype(a, weights)
    dt = dt if dtypes.is_float(dt) else dtypes.DEFAULT_FLOAT
    (t,) = promote("average", a, dtype=dt)
    (w,) = promote("average", weights, dtype=dt)
    if w.shape != t.shape:
        if axis is None or isinstance(axis, (tuple, list)):
            raise TypeError("average: axis must be an integer when the shapes of a and weights differ")
        if w.ndim != 1:
            raise TypeError("average: 1D weights expected when the shapes of a and weights differ")
        ax = canonical_axis("average", axis, t.ndim)
        if w.shape[0] != t.shape[ax]:
            raise ValueError("average: length of weights differs from the length of the axis")
        w = lax.broadcast_in_dim(w, t.shape, (ax,))
    wsum = sum(w, axis=axis, keepdims=keepdims)
    avg = true_divide(sum(multiply(t, w), axis=axis, keepdims=keepdims), wsum)
    return (avg, wsum) if returned else avg


@api(static_argnames=("axis", "keepdims"))
def ptp(a, axis=None, out=None, keepdims=False):
    """Peak to peak: max - min."""
    _check_out("ptp", out)
    (t,) = promote("ptp", a)
    return subtract(max(t, axis=axis, keepdims=keepdims), min(t, axis=axis, keepdims=keepdims))


@api(static_argnames=("axis", "keepdims"))
def count_nonzero(a, axis=None, keepdims=False):
    """The number of non-zero elements (int32)."""
    t = lax.convert_element_type(lax.to_tracer(a), "bool")
    axes = canonical_axes("count_nonzero", axis, t.ndim)
    r = lax.reduce_sum(lax.convert_element_type(t, dtypes.DEFAULT_INT), axes)
    return _keep(r, axes, keepdims, t.shape)


# ---- cumulative reductions -----------------------------------------------------------------


def scan_along(t, axis: int, combine, identity):
    """Inclusive scan of `t` along `axis` with an associative `combine` (log-step)."""
    n = t.shape[axis]
    ident = lax.to_tracer(identity, t.aval.dtype)
    s = 1
    while s < n:
        cfg = [(0, 0, 0)] * t.ndim
        cfg[axis] = (s, -s, 0)
        t = combine(t, lax.pad(t, ident, cfg))
        s *= 2
    return t


def _cum_dtype(t, dtype):
    if dtype is not None:
        return lax.convert_element_type(t, dtypes.canonicalize_dtype(dtype))
    if t.aval.dtype in ("bool", "int8", "int16"):
        return lax.convert_element_type(t, dtypes.DEFAULT_INT)
    if t.aval.dtype in ("uint8", "uint16"):  # as JAX: uint32
        return lax.convert_element_type(t, dtypes.DEFAULT_UINT)
    return t


def _cumulative(name, combine, identity, nan_identity=None):
    @api(static_argnames=("axis",))
    def f(a, axis=None, dtype=None, out=None):
        _check_out(name, out)
        (t,) = promote(name, a)
        if axis is None:
            t = lax.reshape(t, (t.size,))
            axis = 0
        ax = canonical_axis(name, axis, t.ndim)
        t = _cum_dtype(t, dtype)
        if nan_identity is not None:
            t = _replace_nan(t, nan_identity)
        return scan_along(t, ax, combine, identity)

    f.__name__ = name
    f.__doc__ = f"numpy.{name} along `axis` (flattened if None), as a log-step scan."
    return f


cumsum = _cumulative("cumsum", lambda x, y: lax.add(x, y), 0)
cumprod = _cumulative("cumprod", lambda x, y: lax.mul(x, y), 1)
nancumsum = _cumulative("nancumsum", lambda x, y: lax.add(x, y), 0, 0)
nancumprod = _cumulative("nancumprod", lambda x, y: lax.mul(x, y), 1, 1)


def _cumulative_api(name, fn, identity):
    @api(static_argnames=("axis", "include_initial"))
    def f(x, /, *, axis=None, dtype=None, include_initial=False):
        (t,) = promote(name, x)
        if axis is None:
            if t.ndim > 1:
                raise ValueError(f"{name}: axis must be given for arrays of more than one dimension")
            axis = 0
        r = fn(t, axis=axis, dtype=dtype)
        if include_initial:
            ax = canonical_axis(name, axis, r.ndim)
            cfg = [(0, 0, 0)] * r.ndim
            cfg[ax] = (1, 0, 0)
            r = lax.pad(r, lax.to_tracer(identity, r.aval.dtype), cfg)
        return r

    f.__name__ = name
    f.__doc__ = f"The array API's {name} (NumPy 2)."
    return f


cumulative_sum = _cumulative_api("cumulative_sum", cumsum, 0)
cumulative_prod = _cumulative_api("cumulative_prod", cumprod, 1)


@api(static_argnames=("n", "axis"))
def diff(a, n=1, axis=-1, prepend=None, append=None):
    """The n-th discrete difference along `axis`."""
    (t,) = promote("diff", a)
    if t.ndim == 0:
        raise ValueError("diff: requires input that is at least one dimensional")
    ax = canonical_axis("diff", axis, t.ndim)
    if n < 0:
        raise ValueError(f"diff: order must be non-negative but got {n}")
    parts = []
    for extra in (prepend, append):
        if extra is None:
            parts.append(None)
            continue
        (e,) = promote("diff", extra, dtype=t.aval.dtype)
        if e.ndim == 0:
            shape = list(t.shape)
            shape[ax] = 1
            e = lax.broadcast_in_dim(e, tuple(shape), ())
        parts.append(e)
    ts = [p for p in (parts[0], t, parts[1]) if p is not None]
    if len(ts) > 1:
        t = lax.concatenate(ts, ax)
    op = lax.bitwise_xor if t.aval.dtype == "bool" else lax.sub
    for _ in range(n):
        m = t.shape[ax]
        if m == 0:
            break
        start = [0] * t.ndim
        hi_start = list(start)
        hi_start[ax] = 1
        lo_limit = list(t.shape)
        lo_limit[ax] = m - 1
        t = op(lax.slice(t, hi_start, t.shape), lax.slice(t, start, lo_limit))
    return t


@api
def ediff1d(ary, to_end=None, to_begin=None):
    """Differences of consecutive elements of the flattened array."""
    (t,) = promote("ediff1d", ary)
    flat = lax.reshape(t, (t.size,))
    d = diff(flat) if t.size else flat
    parts = []
    for extra in (to_begin, d, to_end):
        if extra is None:
            continue
        (e,) = promote("ediff1d", extra, dtype=t.aval.dtype)
        parts.append(lax.reshape(e, (e.size,)))
    return lax.concatenate(parts, 0) if len(parts) > 1 else parts[0]


@api(static_argnames=("axis",))
def trapezoid(y, x=None, dx=1.0, axis=-1):
    """The integral of y (sampled at x, or at spacing dx) by the trapezoidal rule."""
    from ._util import result_dtype

    dt = result_dtype(y) if x is None else result_dtype(y, x)
    (t,) = promote("trapezoid", y, dtype=dt if dtypes.is_float(dt) else dtypes.DEFAULT_FLOAT)
    ax = canonical_axis("trapezoid", axis, t.ndim)
    n = t.shape[ax]
    lo_lim = list(t.shape)
    lo_lim[ax] = builtins.max(n - 1, 0)
    hi_start = [0] * t.ndim
    hi_start[ax] = builtins.min(1, n)
    avg = true_divide(lax.add(lax.slice(t, [0] * t.ndim, lo_lim), lax.slice(t, hi_start, t.shape)), 2.0)
    if x is None:
        return multiply(sum(avg, axis=ax), dx)
    (xs,) = promote("trapezoid", x, dtype=t.aval.dtype)
    if xs.ndim == 1:
        d = diff(xs)
        shape = [1] * t.ndim
        shape[ax] = d.shape[0]
        d = lax.reshape(d, tuple(shape))
    else:
        d = diff(xs, axis=ax)
    return sum(multiply(avg, d), axis=ax)


# ---- covariance --------------------------------------------------------------------------------


@api(static_argnames=("rowvar", "bias", "ddof"))
def cov(m, y=None, rowvar=True, bias=False, ddof=None, fweights=None, aweights=None):
    """Covariance matrix of the variables (rows, if rowvar) of m (and y)."""
    if fweights is not None:
        raise NotImplementedError("cov: argument 'fweights' is not supported")
    if aweights is not None:
        raise NotImplementedError("cov: argument 'aweights' is not supported")
    (x,) = promote("cov", m)
    x = _float_of(x)
    if x.ndim > 2:
        raise ValueError("cov: m has more than 2 dimensions")
    x = lax.reshape(x, (1, x.size)) if x.ndim < 2 else x
    if not rowvar and x.shape[0] != 1:
        x = lax.transpose(x, (1, 0))
    if y is not None:
        (yy,) = promote("cov", y, dtype=x.aval.dtype)
        yy = lax.reshape(yy, (1, yy.size)) if yy.ndim < 2 else yy
        if not rowvar and yy.shape[0] != 1:
            yy = lax.transpose(yy, (1, 0))
        x = lax.concatenate([x, yy], 0)
    if ddof is None:
        ddof = 0 if bias else 1
    n = x.shape[1]
    xc = subtract(x, mean(x, axis=1, keepdims=True))
    c = lax.dot_general(xc, xc, (((1,), (1,)), ((), ())))
    c = true_divide(c, float(n - ddof) if n - ddof > 0 else 0.0)
    return lax.reshape(c, ()) if c.shape == (1, 1) else c


@api(static_argnames=("rowvar",))
def corrcoef(x, y=None, rowvar=True):
    """Pearson correlation coefficients, clipped to [-1, 1]."""
    c = cov(x, y, rowvar=rowvar)
    if c.ndim == 0:
        return true_divide(c, c)
    d = lax.sqrt(lax.reduce_sum(multiply(c, _eye_like(c)), (1,)))
    c = true_divide(true_divide(c, lax.reshape(d, (d.shape[0], 1))), lax.reshape(d, (1, d.shape[0])))
    return lax.max(
        lax.min(c, lax.broadcast_in_dim(lax.to_tracer(1.0, c.aval.dtype), c.shape, ())),
        lax.broadcast_in_dim(lax.to_tracer(-1.0, c.aval.dtype), c.shape, ()),
    )


def _eye_like(c):
    n = c.shape[0]
    rows = lax.broadcasted_iota("int32", (n, n), 0)
    cols = lax.broadcasted_iota("int32", (n, n), 1)
    return lax.convert_element_type(lax.eq(rows, cols), c.aval.dtype)
