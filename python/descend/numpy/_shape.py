"""Shape manipulation of descend.numpy: reshape, transpose, expand_dims,
squeeze, concatenate, stack, broadcast_to, ravel, and basic indexing."""

from __future__ import annotations

import numpy as np

from descend import dtypes, lax
from descend.array import Array
from descend.jit import api
from descend.tracing import Tracer

from ._util import (
    broadcast_shapes,
    broadcast_to_shape,
    canonical_axes,
    canonical_axis,
    is_weak_scalar,
    promote,
    size_of,
)


@api(static_argnames=("newshape", "shape"))
def reshape(a, newshape=None, order="C", *, shape=None):
    """Row-major reshape; one dimension may be -1."""
    if order != "C":
        raise NotImplementedError(f"reshape: argument order={order!r} is not supported (only 'C')")
    newshape = shape if shape is not None else newshape
    if newshape is None:
        raise TypeError("reshape: missing argument 'shape'")
    (t,) = promote("reshape", a)
    if isinstance(newshape, (int, np.integer)):
        newshape = (newshape,)
    newshape = [int(s) for s in newshape]
    if newshape.count(-1) > 1:
        raise ValueError("reshape: can only specify one unknown dimension")
    if -1 in newshape:
        known = size_of([s for s in newshape if s != -1])
        if known == 0 or t.size % known:
            raise ValueError(f"reshape: cannot reshape array of size {t.size} into shape {tuple(newshape)}")
        newshape[newshape.index(-1)] = t.size // known
    if any(s < 0 for s in newshape) or size_of(newshape) != t.size:
        raise ValueError(f"reshape: cannot reshape array of size {t.size} into shape {tuple(newshape)}")
    return lax.reshape(t, newshape)


@api
def ravel(a, order="C"):
    return reshape(a, (-1,), order=order)


@api(static_argnames=("axes",))
def transpose(a, axes=None):
    (t,) = promote("transpose", a)
    if axes is None:
        axes = tuple(reversed(range(t.ndim)))
    axes = tuple(canonical_axis("transpose", ax, t.ndim) for ax in axes)
    if sorted(axes) != list(range(t.ndim)):
        raise ValueError(f"transpose: axes {axes} don't match array of dimension {t.ndim}")
    return lax.transpose(t, axes)


@api(static_argnames=("axis1", "axis2"))
def swapaxes(a, axis1, axis2):
    (t,) = promote("swapaxes", a)
    perm = list(range(t.ndim))
    i, j = canonical_axis("swapaxes", axis1, t.ndim), canonical_axis("swapaxes", axis2, t.ndim)
    perm[i], perm[j] = perm[j], perm[i]
    return lax.transpose(t, perm)


@api(static_argnames=("source", "destination"))
def moveaxis(a, source, destination):
    (t,) = promote("moveaxis", a)
    src = [canonical_axis("moveaxis", s, t.ndim) for s in np.atleast_1d(source).tolist()]
    dst = [canonical_axis("moveaxis", d, t.ndim) for d in np.atleast_1d(destination).tolist()]
    if len(src) != len(dst):
        raise ValueError("moveaxis: `source` and `destination` arguments must have the same number of elements")
    for name, axes in (("source", src), ("destination", dst)):
        if len(set(axes)) != len(axes):
            raise ValueError(f"moveaxis: repeated axis in `{name}` argument")
    order = [n for n in range(t.ndim) if n not in src]
    for d, s in sorted(zip(dst, src)):
        order.insert(d, s)
    return lax.transpose(t, order)


@api(static_argnames=("axis",))
def expand_dims(a, axis):
    (t,) = promote("expand_dims", a)
    axes = axis if isinstance(axis, (tuple, list)) else (axis,)
    out_ndim = t.ndim + len(axes)
    axes = canonical_axes("expand_dims", tuple(axes), out_ndim)
    shape = list(t.shape)
    for ax in axes:
        shape.insert(ax, 1)
    return lax.reshape(t, shape)


@api(static_argnames=("axis",))
def squeeze(a, axis=None):
    (t,) = promote("squeeze", a)
    if axis is None:
        axes = tuple(i for i, s in enumerate(t.shape) if s == 1)
    else:
        axes = canonical_axes("squeeze", axis, t.ndim)
        for ax in axes:
            if t.shape[ax] != 1:
                raise ValueError(
                    f"squeeze: cannot select an axis to squeeze out which has size not equal to one "
                    f"(axis {ax} of shape {t.shape})"
                )
    return lax.reshape(t, [s for i, s in enumerate(t.shape) if i not in axes])


@api(static_argnames=("shape",))
def broadcast_to(array, shape):
    (t,) = promote("broadcast_to", array)
    shape = (shape,) if isinstance(shape, (int, np.integer)) else tuple(int(s) for s in shape)
    if broadcast_shapes("broadcast_to", t.shape, shape) != shape or t.ndim > len(shape):
        raise ValueError(f"broadcast_to: cannot broadcast shape {t.shape} to {shape}")
    return broadcast_to_shape(t, shape)


@api
def broadcast_arrays(*args):
    ts = [promote("broadcast_arrays", a)[0] for a in args]
    shape = broadcast_shapes("broadcast_arrays", *(t.shape for t in ts))
    return [broadcast_to_shape(t, shape) for t in ts]


@api(static_argnames=("axis",))
def concatenate(arrays, axis=0, dtype=None):
    """Join arrays along an existing axis (axis=None flattens first)."""
    if isinstance(arrays, (Tracer,)) or not isinstance(arrays, (list, tuple)):
        raise TypeError("concatenate: expected a sequence of arrays")
    if len(arrays) == 0:
        raise ValueError("concatenate: need at least one array to concatenate")
    dt = dtypes.canonicalize_dtype(dtype) if dtype is not None else None
    ts = promote_same("concatenate", arrays, dt)
    if axis is None:
        ts = [lax.reshape(t, (t.size,)) for t in ts]
        axis = 0
    if any(t.ndim == 0 for t in ts):
        raise ValueError("concatenate: zero-dimensional arrays cannot be concatenated")
    ax = canonical_axis("concatenate", axis, ts[0].ndim)
    for t in ts:
        if t.ndim != ts[0].ndim or any(t.shape[i] != ts[0].shape[i] for i in range(t.ndim) if i != ax):
            from ._util import shape_error

            shape_error(
                "concatenate",
                f"all input array dimensions except for the concatenation axis {ax} must match, got "
                + ", ".join(str(x.shape) for x in ts),
            )
    return lax.concatenate(ts, ax)


def promote_same(op: str, arrays, dtype=None) -> list:
    """Tracers of one common dtype, without broadcasting."""
    from ._util import result_dtype

    dt = dtype or result_dtype(*arrays)
    out = []
    for a in arrays:
        if is_weak_scalar(a):
            out.append(lax.to_tracer(a, dt))
        else:
            out.append(lax.convert_element_type(lax.to_tracer(a), dt))
    return out


@api(static_argnames=("axis",))
def stack(arrays, axis=0, dtype=None):
    """Join arrays along a new axis."""
    if not isinstance(arrays, (list, tuple)) or len(arrays) == 0:
        raise ValueError("stack: need at least one array to stack")
    ts = promote_same("stack", arrays, dtypes.canonicalize_dtype(dtype) if dtype is not None else None)
    shapes = {t.shape for t in ts}
    if len(shapes) != 1:
        from ._util import shape_error

        shape_error("stack", f"all input arrays must have the same shape, got {', '.join(str(t.shape) for t in ts)}")
    ax = canonical_axis("stack", axis, ts[0].ndim + 1)
    return lax.concatenate([expand_dims(t, ax) for t in ts], ax)


@api
def hstack(tup):
    if len(tup) == 0:
        raise ValueError("hstack: need at least one array to concatenate")
    ts = [promote("hstack", a)[0] for a in tup]
    ts = [reshape(t, (1,)) if t.ndim == 0 else t for t in ts]
    return concatenate(ts, axis=0 if ts[0].ndim == 1 else 1)


@api
def vstack(tup):
    if len(tup) == 0:
        raise ValueError("vstack: need at least one array to concatenate")
    ts = [promote("vstack", a)[0] for a in tup]
    ts = [reshape(t, (1, -1)) if t.ndim < 2 else t for t in ts]
    return concatenate(ts, axis=0)


@api(static_argnames=("axis",))
def flip(m, axis=None):
    (t,) = promote("flip", m)
    axes = canonical_axes("flip", axis, t.ndim)
    if not axes:
        return t
    from descend.tracing import bind

    return bind("rev", t, dimensions=axes)


# ---- indexing ---------------------------------------------------------------------


def _hashable_index(idx):
    """Turn an index into a static description (slices -> tuples, integers -> ("int", k)).

    k is a Python int, or a 0-d integer Tracer under jit (a run-time index, clamped as JAX)."""
    if not isinstance(idx, tuple):
        idx = (idx,)
    out = []
    for i in idx:
        if isinstance(i, slice):
            out.append(("slice", i.start, i.stop, i.step))
        elif i is None or i is Ellipsis:
            out.append(i)
        elif isinstance(i, (bool, np.bool_)):
            raise NotImplementedError("indexing: boolean scalar indices are not supported")
        elif isinstance(i, (int, np.integer)):
            out.append(("int", int(i)))
        elif _is_int_scalar(i):
            out.append(("int", i if isinstance(i, Tracer) else int(np.asarray(i))))
        elif isinstance(i, (Tracer, np.ndarray, list)) or hasattr(i, "__array__"):
            raise NotImplementedError(
                "indexing: integer-array and boolean-mask indexing (gather) are not supported yet; "
                "use basic indices (ints, slices, None, ...)"
            )
        else:
            raise TypeError(f"indexing: invalid index of type {type(i).__name__}")
    return tuple(out)


def _is_int_scalar(i) -> bool:
    """A 0-d integer array (NumPy, descend or traced): usable as an index, as in NumPy and JAX."""
    if not isinstance(i, (Tracer, np.ndarray, Array)):
        return False
    return i.ndim == 0 and np.dtype(i.dtype).kind in "iu"


def _expand_index(idx, ndim: int):
    """The index with its Ellipsis expanded and trailing full slices added."""
    n_real = sum(1 for i in idx if i is not None and i is not Ellipsis)
    if sum(1 for i in idx if i is Ellipsis) > 1:
        raise IndexError("an index can only have a single ellipsis ('...')")
    if n_real > ndim:
        raise IndexError(f"too many indices for array: array is {ndim}-dimensional, but {n_real} were indexed")
    full = (("slice", None, None, None),) * (ndim - n_real)
    if Ellipsis in idx:
        k = idx.index(Ellipsis)
        return idx[:k] + full + idx[k + 1 :]
    return idx + full


def _getitem(a, idx):
    """a[idx] for basic indices: integers, slices (any step), None and Ellipsis.

    Integers are passed apart from the rest of the index: eagerly they are run-time values,
    so `a[i]` for many i (iterating over `a`) compiles once; under jit a Python int is a
    constant and a traced integer a run-time index. Indices with arrays, lists or boolean
    masks go to `_indexing.getitem` (gather)."""
    from ._indexing import getitem, is_advanced

    if is_advanced(idx):
        return getitem(a, idx)
    hidx = _hashable_index(idx)
    dim = 0
    for i in _expand_index(hidx, len(a.shape)):
        if i is None:
            continue
        if i[0] == "int" and not isinstance(i[1], Tracer):
            n = a.shape[dim]
            if not -n <= i[1] < n:
                raise IndexError(f"index {i[1]} is out of bounds for axis {dim} with size {n}")
        dim += 1
    ints = [i[1] for i in hidx if isinstance(i, tuple) and i[0] == "int"]
    pattern = tuple(("int",) if isinstance(i, tuple) and i[0] == "int" else i for i in hidx)
    return _getitem_static(a, pattern, *ints)


@api(static_argnames=("idx",))
def _getitem_static(a, idx, *ints):
    (t,) = promote("getitem", a)
    idx = _expand_index(idx, t.ndim)
    ints = iter(ints)
    start, limit, strides, rev_dims, out_shape, dynamic = [], [], [], [], [], {}
    dim = 0
    for i in idx:
        if i is None:
            out_shape.append(1)
            continue
        n = t.shape[dim]
        if i[0] == "int":
            k = next(ints)
            if isinstance(k, Tracer):  # a run-time index: taken below by a dynamic_slice
                dynamic[dim] = k
                start.append(0)
                limit.append(n)
            else:
                if not -n <= k < n:
                    raise IndexError(f"index {k} is out of bounds for axis {dim} with size {n}")
                k %= n
                start.append(k)
                limit.append(k + 1)
            strides.append(1)
        else:
            s, e, st = slice(*i[1:]).indices(n)
            if st > 0:
                count = max(0, -(-(e - s) // st))
                start.append(s)
                limit.append(s + (count - 1) * st + 1 if count else s)
                strides.append(st)
            else:
                count = max(0, -(-(s - e) // -st))
                # reversed: take [last .. s] with stride -st, then reverse the dim
                lo = s - (count - 1) * (-st) if count else 0
                start.append(lo)
                limit.append(s + 1 if count else 0)
                strides.append(-st)
                rev_dims.append(dim)
            out_shape.append(count)
        dim += 1
    r = t
    if start != [0] * t.ndim or limit != list(t.shape) or strides != [1] * t.ndim:
        r = lax.slice(r, start, limit, strides)
    if rev_dims:
        from descend.tracing import bind

        r = bind("rev", r, dimensions=tuple(rev_dims))
    if dynamic:
        starts = [_wrap_index(dynamic[d], r.shape[d]) if d in dynamic else 0 for d in range(r.ndim)]
        r = lax.dynamic_slice(r, starts, [1 if d in dynamic else r.shape[d] for d in range(r.ndim)])
    return lax.reshape(r, out_shape)


def _wrap_index(k, n: int):
    """A run-time index k into a dimension of size n: negative ones count from the end."""
    k = lax.convert_element_type(k, "int32")
    return lax.select(lax.lt(k, 0), lax.add(k, n), k)
