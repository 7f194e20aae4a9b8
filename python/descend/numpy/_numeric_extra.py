"""Numerical helpers in descend.numpy: gradient, unwrap, histogram_bin_edges, histogram,
histogram2d, histogramdd, poly, polydiv (`jax.numpy`'s semantics).

All are compositions of existing ops (slices, concatenation, cumsum, searchsorted, bincount,
convolve), so they work under jit, grad and vmap. Counts, bin numbers and polynomial degrees
are static; bin edges may be traced (e.g. from a traced data range).
"""

from __future__ import annotations

import builtins
import operator

import numpy as np

from descend import dtypes, lax
from descend.jit import api
from descend.tracing import Tracer

from ._creation import linspace
from ._elementwise import _float_dtype, abs, equal, less, logical_and, mod, where
from ._more import bincount, convolve, searchsorted
from ._reductions import max, min, sum
from ._reductions_extra import cumsum, diff
from ._shape import concatenate, promote_same, reshape, stack
from ._util import canonical_axis, promote


def _sl(t, start, stop, axis):
    """t[start:stop] along `axis` (Python slice semantics for negative or None bounds)."""
    s, e, _ = builtins.slice(start, stop).indices(t.shape[axis])
    lo, hi = [0] * t.ndim, list(t.shape)
    lo[axis], hi[axis] = s, builtins.max(s, e)
    return lax.slice(t, tuple(lo), tuple(hi))


# ---- gradient ----------------------------------------------------------------------------------


def _gradient_along(a, h, axis):
    upper = _sl(a, 1, 2, axis) - _sl(a, 0, 1, axis)
    lower = _sl(a, -1, None, axis) - _sl(a, -2, -1, axis)
    if h.ndim == 0:
        inner = (_sl(a, 2, None, axis) - _sl(a, None, -2, axis)) * 0.5 / h
        upper, lower = upper / h, lower / h
    else:
        if h.shape[0] != a.shape[axis]:
            raise ValueError(
                f"gradient: a spacing array has length {h.shape[0]} but axis {axis} has length {a.shape[axis]}"
            )
        shape = [1] * a.ndim
        shape[axis] = h.shape[0]
        h = lax.reshape(h, tuple(shape))
        upper = upper / (_sl(h, 1, 2, axis) - _sl(h, 0, 1, axis))
        lower = lower / (_sl(h, -1, None, axis) - _sl(h, -2, -1, axis))
        dx1 = _sl(h, 1, -1, axis) - _sl(h, 0, -2, axis)
        dx2 = _sl(h, 2, None, axis) - _sl(h, 1, -1, axis)
        ca = -dx2 / (dx1 * (dx1 + dx2))
        cb = (dx2 - dx1) / (dx1 * dx2)
        cc = dx1 / (dx2 * (dx1 + dx2))
        inner = ca * _sl(a, 0, -2, axis) + cb * _sl(a, 1, -1, axis) + cc * _sl(a, 2, None, axis)
    return concatenate([upper, inner, lower], axis=axis)


@api(static_argnames=("axis", "edge_order"))
def _gradient(f, varargs, axis, edge_order):
    ts = promote("gradient", f, dtype=_float_dtype(f, *varargs))
    ts += [promote("gradient", v, dtype=ts[0].aval.dtype)[0] for v in varargs]
    a, spacing = ts[0], ts[1:]
    axes = tuple(range(a.ndim)) if axis is None else tuple(canonical_axis("gradient", ax, a.ndim) for ax in axis)
    if not axes:
        return []
    if builtins.min(a.shape[ax] for ax in axes) < 2:
        raise ValueError(f"gradient: shape {a.shape} is too small along an axis (at least 2 elements are required)")
    if not spacing:
        dx = [lax.to_tracer(1.0, a.aval.dtype)] * len(axes)
    elif len(spacing) == 1:
        dx = spacing * len(axes)
    elif len(spacing) == len(axes):
        dx = spacing
    else:
        raise TypeError(f"gradient: invalid number of spacing arguments {len(spacing)} for {len(axes)} axes")
    for h in dx:
        if h.ndim > 1:
            raise ValueError("gradient: spacing arrays must be 1-d arrays or scalars")
    out = [_gradient_along(a, h, ax) for ax, h in zip(axes, dx)]
    return out[0] if len(axes) == 1 else out


def gradient(f, *varargs, axis=None, edge_order=None):
    """Second-order central differences inside, first-order one-sided ones at the ends
    (`numpy.gradient` with edge_order=1). `varargs`: one spacing for all axes, or one per axis,
    each a scalar or a coordinate array. Returns one array per axis (a list for several)."""
    if edge_order is not None:
        raise NotImplementedError("gradient: argument 'edge_order' is not supported")
    if axis is not None:
        axis = tuple(np.atleast_1d(np.asarray(axis)).tolist())
    return _gradient(f, list(varargs), axis=axis, edge_order=None)


# ---- unwrap ------------------------------------------------------------------------------------


@api(static_argnames=("axis",))
def _unwrap(p, discont, period, axis):
    t, per = promote_same("unwrap", [p, period])
    ax = canonical_axis("unwrap", axis, t.ndim)
    if t.shape[ax] == 0:
        return t
    integer = dtypes.is_int(t.aval.dtype)
    interval = per // 2 if integer else per / 2
    disc = interval if discont is None else discont
    dd = diff(t, axis=ax)
    ddmod = mod(dd + interval, per) - interval
    ddmod = where(logical_and(equal(ddmod, -interval), dd > 0), interval, ddmod)
    correct = where(less(abs(dd), disc), 0, ddmod - dd)
    return concatenate([_sl(t, 0, 1, ax), _sl(t, 1, None, ax) + cumsum(correct, axis=ax)], axis=ax)


def unwrap(p, discont=None, axis=-1, period=2 * np.pi):
    """Unwrap phase jumps larger than `discont` (default period/2) along `axis` by adding
    multiples of `period`."""
    if np.ndim(period) != 0:
        raise ValueError("unwrap: period must be a scalar")
    return _unwrap(p, discont, period, axis=axis)


# ---- histograms --------------------------------------------------------------------------------


def _edges(name, a, bins, range_):
    """The bin edges (a 1-d Tracer of a's inexact dtype) for `bins` (int or edges)."""
    (t,) = promote(name, a, dtype=_float_dtype(a))
    dt = t.aval.dtype
    if isinstance(bins, (Tracer, np.ndarray, list, tuple)) and np.ndim(bins) == 1:
        return promote(name, bins, dtype=dt)[0]
    if np.ndim(bins) != 0:
        raise ValueError(f"{name}: bins must be an integer or a 1-d sequence of edges")
    if isinstance(bins, Tracer):
        raise NotImplementedError(f"{name}: argument 'bins' must be static (a Python int) when it is a count")
    if isinstance(bins, str):
        raise NotImplementedError(f"{name}: string values of argument 'bins' are not supported")
    n = operator.index(bins)
    if n < 1:
        raise ValueError(f"{name}: bins must be positive, got {n}")
    if range_ is None:
        lo, hi = min(t), max(t)
    else:
        if np.shape(range_) != (2,):
            raise ValueError(f"{name}: range must be None or a pair of scalars, got {range_!r}")
        lo, hi = (promote(name, r, dtype=dt)[0] for r in range_)
    same = equal(lo, hi)
    lo, hi = where(same, lo - 0.5, lo), where(same, hi + 0.5, hi)
    return linspace(lo, hi, n + 1, dtype=dt)


@api(static_argnames=("bins",))
def _histogram_bin_edges(a, range_, bins):
    return _edges("histogram_bin_edges", a, bins, range_)


def _static_bins(bins):
    """Integer counts travel as static arguments, edge arrays as dynamic ones."""
    return (bins, None) if np.ndim(bins) == 0 and not isinstance(bins, Tracer) else (None, bins)


def histogram_bin_edges(a, bins=10, range=None, weights=None):  # noqa: A002
    """The edges of `histogram`'s bins: `bins` + 1 evenly spaced over `range` (default: the
    data's min..max, widened by 0.5 each side when they are equal), or `bins` itself."""
    del weights  # used only by string `bins` in NumPy
    nbins, edges = _static_bins(bins)
    if edges is not None:
        return _histogram_bin_edges_arr(a, edges, range)
    return _histogram_bin_edges(a, range, bins=nbins)


@api
def _histogram_bin_edges_arr(a, edges, range_):
    return _edges("histogram_bin_edges", a, edges, range_)


def _counts(name, a, edges, weights, density):
    """Bin counts (weight sums) of the flattened `a` in the bins between `edges`."""
    (t,) = promote(name, a, dtype=edges.aval.dtype)
    t = lax.reshape(t, (t.size,))
    nb = edges.shape[0]
    idx = searchsorted(edges, t, side="right")
    last = lax.reshape(_sl(edges, -1, None, 0), ())
    idx = where(equal(t, last), nb - 1, idx)
    if weights is None:
        w = lax.broadcast_in_dim(lax.to_tracer(1, t.aval.dtype), t.shape, ())
    else:
        (w,) = promote(name, weights)
        if w.size != t.size:
            raise ValueError(f"{name}: weights of shape {w.shape} do not match the data of shape {t.shape}")
        w = lax.reshape(w, t.shape)
    counts = _sl(bincount(idx, w, length=nb + 1), 1, nb, 0)
    if density:
        counts = counts / diff(edges) / sum(counts)
    return counts


@api(static_argnames=("bins", "density"))
def _histogram(a, range_, weights, bins, density):
    edges = _edges("histogram", a, bins, range_)
    return _counts("histogram", a, edges, weights, density), edges


@api(static_argnames=("density",))
def _histogram_arr(a, edges, weights, density):
    edges = _edges("histogram", a, edges, None)
    return _counts("histogram", a, edges, weights, density), edges


def histogram(a, bins=10, range=None, weights=None, density=None):  # noqa: A002
    """(counts, bin_edges) of the flattened `a`. The last bin includes its right edge; values
    outside the edges are not counted. `bins`: a static count or an array of edges."""
    nbins, edges = _static_bins(bins)
    if edges is not None:
        if range is not None:
            raise ValueError("histogram: range is meaningless when bins gives the edges")
        return _histogram_arr(a, edges, weights, density=bool(density))
    return _histogram(a, range, weights, bins=nbins, density=bool(density))


@api(static_argnames=("nbins", "density"))
def _histogramdd(sample, edge_arrays, range_, weights, nbins, density):
    (s,) = promote("histogramdd", sample, dtype=_float_dtype(sample))
    if s.ndim != 2:
        raise ValueError(f"histogramdd: sample must be of shape (N, D), got {s.shape}")
    n, d = s.shape
    cols = [lax.reshape(_sl(s, k, k + 1, 1), (n,)) for k in range(d)]
    edges = []
    for k in range(d):
        r = None if range_ is None else range_[k]
        edges.append(_edges("histogramdd", cols[k], nbins[k] if nbins[k] is not None else edge_arrays[k], r))
    sizes = [e.shape[0] + 1 for e in edges]  # bins 0 and len(e) hold what falls outside
    flat = None
    for k, (c, e) in enumerate(zip(cols, edges)):
        idx = searchsorted(e, c, side="right")
        idx = where(equal(c, lax.reshape(_sl(e, -1, None, 0), ())), e.shape[0] - 1, idx)
        stride = int(np.prod(sizes[k + 1 :], dtype=np.int64))
        flat = idx * stride if flat is None else flat + idx * stride
    if weights is None:
        w = lax.broadcast_in_dim(lax.to_tracer(1, s.aval.dtype), (n,), ())
    else:
        (w,) = promote("histogramdd", weights)
        if w.shape != (n,):
            raise ValueError(f"histogramdd: weights of shape {w.shape} do not match {n} samples")
    counts = reshape(bincount(flat, w, length=int(np.prod(sizes, dtype=np.int64))), tuple(sizes))
    for k in range(d):
        counts = _sl(counts, 1, sizes[k] - 1, k)
    if density:
        counts = counts / sum(counts)
        for k, e in enumerate(edges):
            shape = [1] * d
            shape[k] = e.shape[0] - 1
            counts = counts / reshape(diff(e), tuple(shape))
    return counts, edges


def histogramdd(sample, bins=10, range=None, weights=None, density=None):  # noqa: A002
    """(counts, [edges per dimension]) of N points in D dimensions (`sample` of shape (N, D)).
    `bins`: an int, or one int / edge array per dimension; `range`: None or one (lo, hi) per
    dimension."""
    d = np.shape(sample)[-1] if np.ndim(sample) == 2 else None
    if d is None:
        raise ValueError(f"histogramdd: sample must be of shape (N, D), got {np.shape(sample)}")
    try:
        per = list(bins)
    except TypeError:  # one count for every dimension
        per = [bins] * d
    if len(per) != d:
        raise ValueError(f"histogramdd: {len(per)} bin specifications for {d} dimensions")
    split = [_static_bins(b) for b in per]
    if range is not None:
        range = [None if r is None else tuple(r) for r in range]
        if len(range) != d:
            raise ValueError(f"histogramdd: {len(range)} ranges for {d} dimensions")
    return _histogramdd(sample, [e for _, e in split], range, weights, nbins=tuple(n for n, _ in split),
                        density=bool(density))


def histogram2d(x, y, bins=10, range=None, weights=None, density=None):  # noqa: A002
    """(counts, x_edges, y_edges) of the points (x, y)."""
    try:
        n = len(bins)
    except TypeError:
        n = 1
    if n not in (1, 2):
        bins = [bins, bins]  # one edge array for both axes
    counts, (ex, ey) = histogramdd(stack([x, y], axis=1), bins, range, weights, density)
    return counts, ex, ey


# ---- polynomials -------------------------------------------------------------------------------


@api
def poly(seq_of_zeros):
    """The coefficients (highest power first) of the monic polynomial with these roots.
    A square 2-d input (NumPy: the characteristic polynomial) needs eigenvalues: unsupported."""
    (z,) = promote("poly", seq_of_zeros, dtype=_float_dtype(seq_of_zeros))
    if z.ndim == 2 and z.shape[0] == z.shape[1] and z.shape[0] != 0:
        raise NotImplementedError("poly: a square 2-d argument 'seq_of_zeros' needs eigenvalues (not supported)")
    if z.ndim == 0:
        z = lax.reshape(z, (1,))
    if z.ndim != 1:
        raise ValueError(f"poly: input must be 1-d or a non-empty square 2-d array, got shape {z.shape}")
    dt = z.aval.dtype
    one = lax.to_tracer(1.0, dt)
    out = lax.reshape(one, (1,)) if z.shape[0] else one
    for k in range(z.shape[0]):
        root = lax.reshape(_sl(z, k, k + 1, 0), (1,))
        out = convolve(out, concatenate([lax.reshape(one, (1,)), -root]))
    return out


@api(static_argnames=("trim_leading_zeros",))
def polydiv(u, v, *, trim_leading_zeros=False):
    """(quotient, remainder) of the polynomials u / v (coefficients highest power first), by
    long division unrolled over the static degrees. `trim_leading_zeros` needs concrete values
    and is not supported."""
    if trim_leading_zeros:
        raise NotImplementedError("polydiv: argument 'trim_leading_zeros' is not supported (the shape would depend on values)")
    a, b = promote("polydiv", u, dtype=_float_dtype(u, v)), promote("polydiv", v, dtype=_float_dtype(u, v))
    (a,), (b,) = a, b
    if a.ndim != 1 or b.ndim != 1 or b.shape[0] == 0:
        raise ValueError(f"polydiv: u and v must be 1-d and v non-empty, got shapes {a.shape} and {b.shape}")
    m, n = a.shape[0] - 1, b.shape[0] - 1
    scale = 1.0 / lax.reshape(_sl(b, 0, 1, 0), ())
    qs = []
    for k in range(0, m - n + 1):
        d = lax.reshape(_sl(a, k, k + 1, 0), ()) * scale
        qs.append(lax.reshape(d, (1,)))
        mid = _sl(a, k, k + n + 1, 0) - d * b
        a = concatenate([_sl(a, 0, k, 0), mid, _sl(a, k + n + 1, None, 0)])
    if not qs:
        q = lax.broadcast_in_dim(lax.to_tracer(0.0, a.aval.dtype), (1,), ())
    else:
        q = concatenate(qs)
    return q, a


__all__ = [
    "gradient", "unwrap", "histogram_bin_edges", "histogram", "histogram2d", "histogramdd", "poly", "polydiv",
]
