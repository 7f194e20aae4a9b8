"""Index helpers and selections in descend.numpy: ix_, unravel_index, ravel_multi_index,
mask_indices, choose, piecewise, compress, extract, trim_zeros (`jax.numpy`'s semantics).

Shapes are static, as in `jax.numpy`: `compress`/`extract` need a concrete `condition` and
`trim_zeros` a concrete `filt` (the result's shape depends on their values; a traced one
raises NotImplementedError naming the argument), and `mode='raise'` of `choose` /
`ravel_multi_index` needs concrete indices. The data arrays themselves may be traced.
None of these needs a gather: `choose` and `piecewise` are chains of `where`, `compress`
concatenates static slices of the runs of selected entries.
"""

from __future__ import annotations

import builtins
import operator

import numpy as np

from descend import dtypes, lax
from descend.array import Array
from descend.jit import api
from descend.tracing import Tracer

from ._creation import asarray
from ._elementwise import clip, equal, floor_divide, greater, less, remainder, where
from ._shape import moveaxis, promote_same
from ._util import broadcast_shapes, broadcast_to_shape, canonical_axes, canonical_axis, promote


def _concrete(name: str, arg: str, x) -> np.ndarray:
    """`x` as a NumPy array; NotImplementedError naming `arg` for a traced value."""
    if isinstance(x, Tracer):
        raise NotImplementedError(
            f"{name}: argument '{arg}' must be concrete (not traced): the result depends on its values"
        )
    return np.asarray(x)


# ---- index grids -------------------------------------------------------------------------------


@api
def ix_(*args):
    """Open meshes from 1-d integer sequences: the i-th output has shape (1, .., n_i, .., 1)."""
    ts = [promote("ix_", a)[0] for a in args]
    out = []
    for i, t in enumerate(ts):
        if t.ndim != 1:
            raise ValueError(f"ix_: arguments must be 1-dimensional, got shape {t.shape}")
        if t.aval.dtype == "bool":
            raise NotImplementedError("ix_: boolean arguments are not supported (as in JAX)")
        shape = [1] * len(ts)
        shape[i] = t.shape[0]
        if t.shape[0] == 0:
            t = lax.convert_element_type(t, dtypes.DEFAULT_INT)
        out.append(lax.reshape(t, tuple(shape)))
    return tuple(out)


def _shape_tuple(name: str, shape) -> tuple:
    try:
        shape = tuple(shape)
    except TypeError:
        shape = (shape,)
    if any(np.ndim(s) != 0 for s in shape):
        raise ValueError(f"{name}: shape should be a scalar or 1-d sequence")
    return tuple(operator.index(s) for s in shape)


@api(static_argnames=("shape",))
def _unravel_index(indices, shape):
    (idx,) = promote("unravel_index", indices)
    if not dtypes.is_int(idx.aval.dtype):
        raise TypeError(f"unravel_index: indices must be integers, got {idx.aval.dtype}")
    out = [None] * len(shape)
    for i in reversed(range(len(shape))):
        out[i] = remainder(idx, shape[i])
        idx = floor_divide(idx, shape[i])
    over, under = greater(idx, 0), less(idx, -1)
    return tuple(where(over, s - 1, where(under, 0, o)) for s, o in zip(shape, out))


def unravel_index(indices, shape):
    """The coordinates of flat `indices` in an array of `shape` (C order). As JAX: indices out
    of bounds are clamped (negative ones within -size..-1 count from the end)."""
    shape = _shape_tuple("unravel_index", shape)
    if 0 in shape:
        raise ValueError(f"unravel_index: cannot unravel into shape {shape} with a zero-size dimension")
    return _unravel_index(indices, shape=shape)


@api(static_argnames=("dims", "mode", "order", "dtype"))
def _ravel_multi_index(multi_index, dims, mode, order, dtype):
    ts = [promote("ravel_multi_index", i)[0] for i in multi_index]
    for t in ts:
        if not dtypes.is_int(t.aval.dtype):
            raise TypeError(f"ravel_multi_index: only integer indices are permitted, got {t.aval.dtype}")
    if mode == "clip":
        ts = [clip(t, 0, d - 1) for t, d in zip(ts, dims)]
    elif mode == "wrap":
        ts = [remainder(t, d) for t, d in zip(ts, dims)]
    if order == "F":
        strides = np.cumprod((1,) + dims[:-1])
    else:
        strides = np.cumprod((1,) + dims[1:][::-1])[::-1]
    shape = broadcast_shapes("ravel_multi_index", *(t.shape for t in ts))
    out = lax.broadcast_in_dim(lax.to_tracer(0, dtype), shape, ())
    for t, s in zip(ts, strides):
        out = out + broadcast_to_shape(lax.convert_element_type(t, dtype), shape) * int(s)
    return out


def ravel_multi_index(multi_index, dims, mode="raise", order="C", *, dtype=None):
    """Flat indices of the coordinates `multi_index` in an array of shape `dims`.

    mode: 'raise' (concrete indices only: ValueError for one out of bounds), 'wrap', 'clip' or
    'ignore'; order 'C' or 'F'; the result dtype is int32 (or `dtype`, an integer dtype)."""
    dims = _shape_tuple("ravel_multi_index", dims)
    multi_index = list(multi_index)
    if len(multi_index) != len(dims):
        raise ValueError(f"ravel_multi_index: {len(multi_index)} index arrays for {len(dims)} dimensions")
    if mode not in ("raise", "wrap", "clip", "ignore"):
        raise ValueError(f"ravel_multi_index: invalid mode={mode!r}; expected 'raise', 'wrap', 'clip' or 'ignore'")
    if order not in ("C", "F"):
        raise ValueError(f"ravel_multi_index: invalid order={order!r}; expected 'C' or 'F'")
    dt = dtypes.canonicalize_dtype(dtype) if dtype is not None else dtypes.DEFAULT_INT
    if not dtypes.is_int(dt):
        raise ValueError(f"ravel_multi_index: dtype={dt} is not an integer type")
    if int(np.prod(dims, dtype=np.int64)) - 1 > np.iinfo(dt).max:
        raise ValueError(f"ravel_multi_index: dtype={dt} cannot hold the flat indices of dims={dims}")
    if mode == "raise":
        for i, d in zip(multi_index, dims):
            v = _concrete("ravel_multi_index", "multi_index", i)
            if v.size and (v.min() < 0 or v.max() >= d):
                raise ValueError("ravel_multi_index: invalid entry in coordinates array")
    return _ravel_multi_index(multi_index, dims=dims, mode=mode, order=order, dtype=dt)


def mask_indices(n, mask_func, k=0, *, size=None):
    """The (row, column) indices where `mask_func(ones((n, n)), k)` is nonzero (e.g. with
    `triu`). The mask is computed concretely; `size` truncates or pads (with 0) the result."""
    n = operator.index(n)
    m = mask_func(np.ones((n, n), np.int32), k)
    m = _concrete("mask_indices", "mask_func", m)
    i, j = np.nonzero(m)
    if size is not None:
        size = operator.index(size)
        i, j = (np.concatenate([v[:size], np.zeros(builtins.max(0, size - len(v)), v.dtype)]) for v in (i, j))
    return asarray(i.astype(np.int32)), asarray(j.astype(np.int32))


# ---- selections --------------------------------------------------------------------------------


@api(static_argnames=("mode",))
def _choose(a, choices, mode):
    (idx,) = promote("choose", a)
    if not dtypes.is_int(idx.aval.dtype):
        raise TypeError(f"choose: `a` must be an integer array, got {idx.aval.dtype}")
    cs = promote_same("choose", choices)
    n = len(cs)
    if mode == "wrap":
        idx = remainder(idx, n)
    elif mode == "clip":
        idx = clip(idx, 0, n - 1)
    shape = broadcast_shapes("choose", idx.shape, *(c.shape for c in cs))
    out = broadcast_to_shape(cs[-1], shape)
    for k in range(n - 2, -1, -1):
        out = where(equal(idx, k), cs[k], out)
    return broadcast_to_shape(out, shape)


def choose(a, choices, out=None, mode="raise"):
    """`choices[a[i]][i]` elementwise (all broadcast together). mode: 'raise' (concrete `a`
    only: ValueError for an index out of range), 'wrap' or 'clip'."""
    if out is not None:
        raise NotImplementedError("choose: argument 'out' is not supported")
    if mode not in ("raise", "wrap", "clip"):
        raise ValueError(f"choose: mode={mode!r} not understood; must be 'raise', 'wrap' or 'clip'")
    choices = list(choices)
    if not choices:
        raise ValueError("choose: choices must not be empty")
    if mode == "raise":
        v = _concrete("choose", "a", a)
        if v.size and (v.min() < 0 or v.max() >= len(choices)):
            raise ValueError("choose: invalid entry in choice array")
    return _choose(a, choices, mode=mode)


@api(static_argnames=("funclist",))
def _piecewise(x, condlist, args, kw, funclist):
    (t,) = promote("piecewise", x)
    dt = t.aval.dtype
    conds = [lax.convert_element_type(broadcast_to_shape(promote("piecewise", c)[0], t.shape), "bool") for c in condlist]

    def value(f):
        v = f(t, *args, **dict(kw)) if callable(f) else f
        v = promote("piecewise", v, dtype=dt)[0]
        return broadcast_to_shape(v, broadcast_shapes("piecewise", v.shape, t.shape))

    out = value(funclist[0])
    for c, f in zip(conds, funclist[1:]):  # later conditions win, as NumPy's assignments
        out = where(c, value(f), out)
    return out


def piecewise(x, condlist, funclist, *args, **kw):
    """`funclist[i](x)` where `condlist[i]` holds (the last true condition wins), else the extra
    last function (or 0). Functions get x whole and must be elementwise; constants are allowed."""
    arrays = (list, np.ndarray, Tracer, Array)
    # NumPy's rule: a scalar, or a sequence whose first item is not an array (for non-scalar x),
    # is one condition
    if isinstance(condlist, (list, tuple)):
        if len(condlist) and not isinstance(condlist[0], arrays) and _ndim(x) != 0:
            condlist = [condlist]
    elif _ndim(condlist) > builtins.max(_ndim(x), 0) and _ndim(condlist) > 0:
        condlist = [condlist[i] for i in range(condlist.shape[0])]  # one condition per row
    else:
        condlist = [condlist]
    condlist = list(condlist)
    nc, nf = len(condlist), len(funclist)
    if nf == nc + 1:
        funclist = [funclist[-1]] + list(funclist[:-1])
    elif nf == nc:
        funclist = [0] + list(funclist)
    else:
        raise ValueError(f"piecewise: with {nc} condition(s), either {nc} or {nc + 1} functions are expected; got {nf}")
    funclist = tuple(f if callable(f) else _hashable(f) for f in funclist)
    return _piecewise(x, list(condlist), args, tuple(sorted(kw.items())), funclist=funclist)


def _ndim(x) -> int:
    return x.ndim if hasattr(x, "ndim") else np.ndim(x)


def _hashable(v):
    a = np.asarray(v)
    if a.ndim:
        raise NotImplementedError("piecewise: array constants in 'funclist' are not supported (use a function)")
    return a.item()


def _runs(idx: np.ndarray) -> list[tuple[int, int]]:
    """[start, stop) runs of consecutive values in the sorted indices `idx`."""
    runs = []
    for i in idx.tolist():
        if runs and runs[-1][1] == i:
            runs[-1][1] = i + 1
        else:
            runs.append([i, i + 1])
    return [tuple(r) for r in runs]


@api(static_argnames=("runs", "axis", "size"))
def _compress(a, fill_value, runs, axis, size):
    (t,) = promote("compress", a)
    if axis is None:
        t = lax.reshape(t, (t.size,))
        axis = 0
    t = moveaxis(t, axis, 0)
    rest = t.shape[1:]
    parts = [lax.slice(t, (s,) + (0,) * len(rest), (e,) + rest) for s, e in runs]
    n = builtins.sum(e - s for s, e in runs)
    if size is not None:
        if size < n:
            parts = [lax.slice(lax.concatenate(parts, 0), (0,) * t.ndim, (size,) + rest)]
        elif size > n:
            fill = promote("compress", fill_value, dtype=t.aval.dtype)[0]
            parts.append(lax.broadcast_in_dim(lax.reshape(fill, ()), (size - n,) + rest, ()))
    if not parts:
        out = lax.slice(t, (0,) * t.ndim, (0,) + rest)
    else:
        out = lax.concatenate(parts, 0) if len(parts) > 1 else parts[0]
    return moveaxis(out, 0, axis)


def compress(condition, a, axis=None, *, size=None, fill_value=0, out=None):
    """The slices of `a` along `axis` (flattened for None) where the concrete 1-d `condition`
    is true; with `size`, the first `size` of them, padded with `fill_value`."""
    if out is not None:
        raise NotImplementedError("compress: argument 'out' is not supported")
    c = _concrete("compress", "condition", condition).astype(bool)
    if c.ndim != 1:
        raise ValueError(f"compress: condition must be a 1-d array, got shape {c.shape}")
    shape = np.shape(a) if not hasattr(a, "shape") else tuple(a.shape)
    if axis is None:
        length = int(np.prod(shape, dtype=np.int64))
    else:
        axis = canonical_axis("compress", axis, len(shape))
        length = shape[axis]
    if c[length:].any():
        raise ValueError(f"compress: condition has true entries beyond the {length} along the axis")
    if size is not None:
        size = operator.index(size)
        if not 0 <= size <= length:
            raise ValueError(f"compress: size must be in [0, {length}] (the length along the axis), got {size}")
    runs = tuple(_runs(np.flatnonzero(c[:length])))
    return _compress(a, fill_value, runs=runs, axis=axis, size=size)


def extract(condition, arr, *, size=None, fill_value=0):
    """The entries of `arr` (flattened) where the concrete `condition` (flattened) is true."""
    c = _concrete("extract", "condition", condition).ravel()
    return compress(c, arr, size=size, fill_value=fill_value)


def trim_zeros(filt, trim="fb", axis=None):
    """`filt` without its leading ('f') and / or trailing ('b') zeros (along `axis`, all axes
    by default). `filt` must be concrete: the result's shape depends on its values."""
    v = _concrete("trim_zeros", "filt", filt)
    axes = set(canonical_axes("trim_zeros", axis, v.ndim))
    trim = trim.lower()
    if trim not in ("fb", "bf", "f", "b"):
        raise ValueError(f"trim_zeros: unexpected character(s) in trim={trim!r} (use 'f', 'b' or 'fb')")
    if not axes:
        return asarray(filt)
    sl = []
    for ax in range(v.ndim):
        if ax not in axes:
            sl.append(slice(None))
            continue
        mask = np.any(v != 0, axis=tuple(i for i in range(v.ndim) if i != ax))
        if not mask.any():
            sl.append(slice(0, 0))
            continue
        nz = np.flatnonzero(mask)
        sl.append(slice(int(nz[0]) if "f" in trim else None, int(nz[-1]) + 1 if "b" in trim else None))
    return asarray(filt)[tuple(sl)]


__all__ = [
    "ix_", "unravel_index", "ravel_multi_index", "mask_indices", "choose", "piecewise", "compress", "extract",
    "trim_zeros",
]
