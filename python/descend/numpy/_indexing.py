"""Advanced (NumPy) indexing on top of dsc.gather / dsc.scatter.

- `getitem(a, idx)`: `a[idx]` where the index holds integer arrays, lists or boolean
  masks (mixed with ints, slices, None and Ellipsis), with NumPy's placement rule: the
  broadcast shape of the advanced indices replaces them in place when they are adjacent,
  and goes in front when a slice or None separates them.
- `x.at[idx].set/add/subtract/multiply/divide/power/min/max/get(...)`: JAX's functional
  updates (`_IndexUpdateHelper`), for any index `a[idx]` accepts.
- `take`, `take_along_axis`, `put_along_axis`, `nonzero`, `flatnonzero`, `argwhere`.

How an index becomes one op (`_plan`): every indexed operand dim (an advanced index, or a
slice that is not the whole dim) contributes one column of an index tensor of shape
S + [K], where S = the broadcast shape of the advanced indices followed by one dim per
such slice; dims indexed by a full slice are the op's window dims. gather then yields
S + window dims ("natural" layout), and one transpose + reshape moves the dims to NumPy's
order and inserts the None dims; an update runs the inverse on the values and scatters.
For `a[idx]`, the slices are applied first with the basic-indexing path, so the index
tensor only holds the advanced indices.

Index semantics are JAX's: negative indices count from the end (normalised here, before
the op); out-of-bounds indices are clamped by gather (`mode='fill'` returns a fill value
instead) and dropped by scatter (`mode='clip'` clamps them). Boolean masks need concrete
values (the result shape depends on them): a traced mask raises
`NonConcreteBooleanIndexError`, except in `x.at[mask].set(v)` (a `where`) and in
`nonzero(..., size=n)`.
"""

from __future__ import annotations

import numpy as np

from descend import lax
from descend._gather_scatter import gather, scatter
from descend.array import Array
from descend.jit import api
from descend.tracing import Tracer

from ._util import broadcast_shapes, broadcast_to_shape, canonical_axis, promote, size_of


class NonConcreteBooleanIndexError(IndexError):
    """A boolean mask whose values are not known while tracing was used as an index."""


def _mask_error(shape, what="indexing"):
    raise NonConcreteBooleanIndexError(
        f"{what}: boolean mask indices must be concrete (their count sets the result shape); got a traced "
        f"bool{list(shape)}. Use descend.numpy.where(mask, x, y), x.at[mask].set(v), or "
        "descend.numpy.nonzero(mask, size=n) for a fixed-size result."
    )


# ---- classifying an index ------------------------------------------------------------------


def _is_bool(x) -> bool:
    if isinstance(x, Tracer):
        return x.aval.dtype == "bool"
    return np.asarray(x).dtype == np.bool_ if not isinstance(x, Array) else x.dtype == np.bool_


def _ndim(x) -> int:
    return x.ndim if isinstance(x, (Tracer, Array, np.ndarray)) else np.ndim(x)


def is_advanced(idx) -> bool:
    """Whether `idx` needs gather: it holds a list, a boolean array, or an array of rank >= 1."""
    for i in idx if isinstance(idx, tuple) else (idx,):
        if isinstance(i, (list, tuple)):
            return True
        if isinstance(i, (Tracer, Array, np.ndarray)) and (i.ndim > 0 or _is_bool(i)):
            return True
    return False


def _parse(idx, ndim: int):
    """The index as a static pattern and its arrays.

    Pattern entries: None, ("slice", start, stop, step), ("adv", j) (arrays[j], an integer
    array: ints and concrete masks, through their nonzero(), become such arrays). Ellipsis is
    expanded and trailing full slices are added."""
    items = idx if isinstance(idx, tuple) else (idx,)
    pattern, arrays = [], []
    for i in items:
        if i is None or i is Ellipsis:
            pattern.append(i)
        elif isinstance(i, slice):
            pattern.append(("slice", i.start, i.stop, i.step))
        elif isinstance(i, (bool, np.bool_)):
            raise NotImplementedError("indexing: boolean scalar indices are not supported")
        elif isinstance(i, (int, np.integer)):
            pattern.append(("adv", len(arrays)))
            arrays.append(np.asarray(int(i), np.int64 if not -(2**31) <= int(i) < 2**31 else np.int32))
        elif isinstance(i, (list, tuple, np.ndarray, Array, Tracer)) or hasattr(i, "__array__"):
            if isinstance(i, Tracer):
                if i.aval.dtype == "bool":
                    _mask_error(i.shape)
                arr = i
            else:
                arr = np.asarray(i)
                if isinstance(i, (list, tuple)) and arr.size == 0:
                    arr = arr.astype(np.int32)
            if _is_bool(arr):
                if arr.ndim == 0:
                    raise NotImplementedError("indexing: 0-d boolean array indices are not supported")
                for col in np.nonzero(arr):
                    pattern.append(("adv", len(arrays)))
                    arrays.append(col.astype(np.int32))
                pattern.append(("mask", arr.shape))
                continue
            dt = arr.aval.dtype if isinstance(arr, Tracer) else arr.dtype.name
            if not (dt.startswith("int") or dt.startswith("uint")):
                raise IndexError(f"indexing: arrays used as indices must be of integer or boolean type, got {dt}")
            pattern.append(("adv", len(arrays)))
            arrays.append(arr)
        else:
            raise TypeError(f"indexing: invalid index of type {type(i).__name__}")
    pattern = _expand(pattern, ndim)
    return tuple(pattern), arrays


def _expand(pattern, ndim):
    """Ellipsis expanded, full slices appended; mask markers checked and removed."""
    consumed = sum(1 for p in pattern if p is not None and p is not Ellipsis and p[0] != "mask")
    if sum(1 for p in pattern if p is Ellipsis) > 1:
        raise IndexError("an index can only have a single ellipsis ('...')")
    if consumed > ndim:
        raise IndexError(f"too many indices for array: array is {ndim}-dimensional, but {consumed} were indexed")
    full = [("slice", None, None, None)] * (ndim - consumed)
    if Ellipsis in pattern:
        k = pattern.index(Ellipsis)
        pattern = pattern[:k] + full + pattern[k + 1 :]
    else:
        pattern = pattern + full
    return pattern


def _check_masks(pattern, shape):
    """Each mask's shape must match the dims it indexes (as NumPy); returns the pattern without markers."""
    out, dim = [], 0
    for p in pattern:
        if isinstance(p, tuple) and p[0] == "mask":
            mshape = p[1]
            got = shape[dim - len(mshape) : dim]
            if tuple(got) != tuple(mshape):
                raise IndexError(
                    f"indexing: boolean index of shape {tuple(mshape)} does not match the indexed dims {tuple(got)}"
                )
            continue
        out.append(p)
        if p is not None:
            dim += 1
    return tuple(out)


# ---- one index -> one gather / scatter -----------------------------------------------------


def _index_dtype(arrays) -> str:
    return "int64" if any(a.aval.dtype in ("int64", "uint32", "uint64") for a in arrays) else "int32"


def _normalise(a, n: int, dtype: str):
    """A run-time index array as `dtype`: negative entries count from the end (JAX's
    normalisation). Unsigned indices are first capped at n (still out of bounds), so that
    no huge value wraps around to a negative, in-range one."""
    if a.aval.dtype.startswith("uint"):
        if n > np.iinfo(a.aval.dtype).max:  # every value is below n already (uint8 into 300 rows)
            return lax.convert_element_type(a, dtype)
        cap = lax.broadcast_in_dim(lax.to_tracer(n, a.aval.dtype), a.shape, ())
        return lax.convert_element_type(lax.min(a, cap), dtype)
    a = lax.convert_element_type(a, dtype)
    zero = lax.broadcast_in_dim(lax.to_tracer(0, dtype), a.shape, ())
    size = lax.broadcast_in_dim(lax.to_tracer(n, dtype), a.shape, ())
    return lax.select(lax.lt(a, zero), lax.add(a, size), a)


def _plan(shape, pattern, arrays, normalise=True):
    """Plan one gather/scatter for `pattern` (entries None, ("slice", ...), ("adv", j)) on an
    operand of `shape`. Returns (dims, index tensor of shape S + [len(dims)], natural shape
    S + window dims, perm from the natural layout to NumPy's order, final shape with the None
    dims). `normalise`: negative indices count from the end."""
    arrays = [lax.to_tracer(a) for a in arrays]
    dt = _index_dtype(arrays)
    adv_dims, slice_dims, window, labels = {}, [], [], []
    dim = 0
    for p in pattern:
        if p is None:
            labels.append(("none",))
            continue
        n = shape[dim]
        if p[0] == "adv":
            adv_dims[dim] = arrays[p[1]]
            labels.append(("adv", dim))
        else:
            s, e, st = slice(*p[1:]).indices(n)
            count = len(range(s, e, st))
            if (s, st, count) == (0, 1, n):
                window.append(dim)
                labels.append(("w", dim))
            else:
                slice_dims.append((dim, s, st, count))
                labels.append(("s", dim))
        dim += 1
    adv_shape = broadcast_shapes("indexing", *(a.shape for a in adv_dims.values())) if adv_dims else ()
    S = tuple(adv_shape) + tuple(c for _, _, _, c in slice_dims)
    nb = len(adv_shape)
    cols, dims = [], sorted(list(adv_dims) + [d for d, _, _, _ in slice_dims])
    for d in dims:
        if d in adv_dims:
            a = _normalise(adv_dims[d], shape[d], dt) if normalise else lax.convert_element_type(adv_dims[d], dt)
            a = broadcast_to_shape(a, adv_shape)
            col = lax.broadcast_in_dim(a, S, tuple(range(nb)))
        else:
            k = [sd[0] for sd in slice_dims].index(d)
            _, s, st, count = slice_dims[k]
            ramp = lax.add(lax.mul(lax.iota(dt, count), lax.broadcast_in_dim(lax.to_tracer(st, dt), (count,), ())),
                           lax.broadcast_in_dim(lax.to_tracer(s, dt), (count,), ()))
            col = lax.broadcast_in_dim(ramp, S, (nb + k,))
        cols.append(lax.reshape(col, S + (1,)))
    if cols:
        index = cols[0]
        for c in cols[1:]:
            index = lax.concatenate([index, c], len(S))
    else:
        index = lax.broadcast_in_dim(lax.to_tracer(0, dt), S + (0,), ())
    # NumPy's order: the advanced block in place if its entries are adjacent, else in front
    adv_pos = [i for i, lab in enumerate(labels) if lab[0] == "adv"]
    adjacent = bool(adv_pos) and adv_pos == list(range(adv_pos[0], adv_pos[-1] + 1))
    natural = [("b", i) for i in range(nb)] + [("s", d) for d, _, _, _ in slice_dims] + [("w", d) for d in window]
    target = [] if adjacent or not adv_pos else [("b", i) for i in range(nb)]
    for i, lab in enumerate(labels):
        if lab[0] == "adv":
            if adjacent and i == adv_pos[0]:
                target += [("b", j) for j in range(nb)]
        elif lab[0] != "none":
            target.append(lab)
    perm = tuple(natural.index(t) for t in target)
    nat_shape = S + tuple(shape[d] for d in window)
    sizes = dict(zip(natural, nat_shape))
    final = list(adv_shape) if adv_pos and not adjacent else []
    for i, lab in enumerate(labels):
        if lab[0] == "none":
            final.append(1)
        elif lab[0] == "adv":
            if adjacent and i == adv_pos[0]:
                final += list(adv_shape)
        else:
            final.append(sizes[lab])
    return tuple(dims), index, nat_shape, perm, tuple(final)


def _in_bounds(index, shape, dims):
    from descend._gather_scatter import in_bounds

    return in_bounds(index, shape, dims)


def _to_final(y, nat_shape, perm, final):
    if perm != tuple(range(len(perm))):
        y = lax.transpose(y, perm)
    return lax.reshape(y, final)


def _to_natural(v, nat_shape, perm, final):
    """Values broadcast to the indexed shape, in the op's natural layout."""
    v = broadcast_to_shape(v, final) if v.shape != final else v
    inv = [perm.index(i) for i in range(len(perm))]
    v = lax.reshape(v, tuple(nat_shape[p] for p in perm))
    return lax.transpose(v, inv) if perm != tuple(range(len(perm))) else v


def _fill_default(dtype: str):
    if dtype.startswith("float"):
        return np.nan
    if dtype == "bool":
        return True
    return np.iinfo(dtype).min if dtype.startswith("int") else np.iinfo(dtype).max


@api(static_argnames=("pattern", "mode", "fill_value"))
def _gather_index(a, pattern, mode, fill_value, *arrays):
    (t,) = promote("getitem", a)
    pattern = _check_masks(pattern, t.shape)
    # slices first, with the basic-indexing path: the gather then indexes only the arrays
    basic = tuple(("slice", None, None, None) if p is not None and p[0] == "adv" else p for p in pattern if p is not None)
    if any(p != ("slice", None, None, None) for p in basic):
        from ._shape import _getitem_static

        t = _getitem_static(t, basic)
        pattern = tuple(p if p is None or p[0] == "adv" else ("slice", None, None, None) for p in pattern)
    dims, index, nat_shape, perm, final = _plan(t.shape, pattern, arrays, normalise=True)
    if any(t.shape[d] == 0 for d in dims) and size_of(index.shape[:-1]):
        raise IndexError(f"indexing: cannot index into an empty dim of an array of shape {t.shape}")
    y = gather(t, index, dims) if dims else lax.reshape(t, nat_shape)
    if mode == "fill" and dims:
        ok = _in_bounds(index, t.shape, dims)
        ok = lax.broadcast_in_dim(ok, y.shape, tuple(range(ok.ndim)))
        fill = fill_value if fill_value is not None else _fill_default(t.aval.dtype)
        y = lax.select(ok, y, lax.broadcast_in_dim(lax.to_tracer(fill, t.aval.dtype), y.shape, ()))
    return _to_final(y, nat_shape, perm, final)


def getitem(a, idx, mode=None, fill_value=None):
    """a[idx] for an index with arrays, lists or boolean masks (see the module docstring)."""
    pattern, arrays = _parse(idx, _ndim(a))
    if mode not in (None, "clip", "fill", "drop", "promise_in_bounds"):
        raise NotImplementedError(f"indexing: mode={mode!r} is not supported")
    mode = "fill" if mode in ("fill", "drop") else "clip"
    return _gather_index(a, pattern, mode, fill_value, *arrays)


# ---- functional updates: x.at[idx] -----------------------------------------------------------

_UPDATE_MODES = {"set": "set", "add": "add", "multiply": "mul", "min": "min", "max": "max"}


@api(static_argnames=("pattern", "how", "mode"))
def _scatter_index(x, values, pattern, how, mode, *arrays):
    (t,) = promote("at", x)
    pattern = _check_masks(pattern, t.shape)
    dims, index, nat_shape, perm, final = _plan(t.shape, pattern, arrays)
    if mode == "clip" and dims:
        from descend._gather_scatter import clamp_indices

        index = clamp_indices(index, t.shape, dims)
    v = lax.convert_element_type(lax.to_tracer(values, t.aval.dtype), t.aval.dtype)
    try:
        fits = broadcast_shapes("at", v.shape, final) == final
    except TypeError:
        fits = False
    if not fits:
        raise ValueError(f"at[...].{how}: values of shape {v.shape} cannot be broadcast to the indexed shape {final}")
    u = _to_natural(v, nat_shape, perm, final)
    if how == "subtract":
        u, how = lax.neg(u), "add"
    if how in ("divide", "power"):
        ones = lax.broadcast_in_dim(lax.to_tracer(1, t.aval.dtype), t.shape, ())
        factor = scatter(ones, index, u, dims, "mul")
        from . import _elementwise as ew

        return ew.true_divide(t, factor) if how == "divide" else ew.power(t, factor)
    return scatter(t, index, u, dims, _UPDATE_MODES[how])


@api(static_argnames=("how",))
def _masked_update(x, mask, values, how):
    """x.at[mask].<how>(values) for a boolean mask over x's leading dims: a select (works traced)."""
    (t,) = promote("at", x)
    m = lax.to_tracer(mask)
    if tuple(t.shape[: m.ndim]) != tuple(m.shape):
        raise IndexError(f"at[mask]: boolean mask of shape {m.shape} does not match array shape {t.shape}")
    m = lax.broadcast_in_dim(m, t.shape, tuple(range(m.ndim)))
    v = lax.convert_element_type(lax.to_tracer(values, t.aval.dtype), t.aval.dtype)
    if broadcast_shapes("at", v.shape, t.shape) != t.shape:
        raise ValueError(f"at[mask].{how}: values of shape {v.shape} cannot be broadcast to {t.shape}")
    v = broadcast_to_shape(v, t.shape)
    from . import _elementwise as ew

    new = {
        "set": lambda: v,
        "add": lambda: lax.add(t, v),
        "subtract": lambda: lax.sub(t, v),
        "multiply": lambda: lax.mul(t, v),
        "min": lambda: lax.min(t, v),
        "max": lambda: lax.max(t, v),
        "divide": lambda: ew.true_divide(t, v),
        "power": lambda: ew.power(t, v),
    }[how]()
    if new.aval.dtype != t.aval.dtype:
        t = lax.convert_element_type(t, new.aval.dtype)
    return lax.select(m, new, t)


def _single_mask(idx):
    """The boolean mask if `idx` is exactly one boolean array, else None."""
    i = idx[0] if isinstance(idx, tuple) and len(idx) == 1 else idx
    if isinstance(i, (Tracer, Array, np.ndarray)) and _is_bool(i) and i.ndim > 0:
        return i
    return None


class _IndexUpdateRef:
    """`x.at[idx]`: functional updates of the elements `x[idx]` (as JAX's)."""

    def __init__(self, array, index):
        self.array, self.index = array, index

    def __repr__(self):
        return f"_IndexUpdateRef({self.array!r}, {self.index!r})"

    def get(self, *, indices_are_sorted=False, unique_indices=False, mode=None, fill_value=None):
        """x[idx], with out-of-bounds indices clamped, or (mode='fill') given `fill_value`."""
        if not is_advanced(self.index):
            if mode in (None, "clip", "promise_in_bounds"):
                return self.array[self.index]
        return getitem(self.array, self.index, mode=mode, fill_value=fill_value)

    def _update(self, how, values, mode):
        if mode not in (None, "drop", "fill", "promise_in_bounds", "clip"):
            raise NotImplementedError(f"at[...].{how}: mode={mode!r} is not supported")
        mask = _single_mask(self.index)
        if mask is not None and (isinstance(mask, Tracer) or np.ndim(values) == 0 or _ndim(values) == 0):
            return _masked_update(self.array, mask, values, how)
        pattern, arrays = _parse(self.index, _ndim(self.array))
        return _scatter_index(self.array, values, pattern, how, "clip" if mode == "clip" else "drop", *arrays)

    def set(self, values, *, indices_are_sorted=False, unique_indices=False, mode=None):
        """x with x[idx] = values (for duplicate indices one of the values wins)."""
        return self._update("set", values, mode)

    def add(self, values, *, indices_are_sorted=False, unique_indices=False, mode=None):
        """x with x[idx] += values, accumulating over duplicate indices (as np.add.at)."""
        return self._update("add", values, mode)

    def subtract(self, values, *, indices_are_sorted=False, unique_indices=False, mode=None):
        return self._update("subtract", values, mode)

    def multiply(self, values, *, indices_are_sorted=False, unique_indices=False, mode=None):
        return self._update("multiply", values, mode)

    mul = multiply

    def divide(self, values, *, indices_are_sorted=False, unique_indices=False, mode=None):
        return self._update("divide", values, mode)

    def power(self, values, *, indices_are_sorted=False, unique_indices=False, mode=None):
        return self._update("power", values, mode)

    def min(self, values, *, indices_are_sorted=False, unique_indices=False, mode=None):
        return self._update("min", values, mode)

    def max(self, values, *, indices_are_sorted=False, unique_indices=False, mode=None):
        return self._update("max", values, mode)

    def apply(self, func, *, indices_are_sorted=False, unique_indices=False, mode=None):
        raise NotImplementedError("at[...].apply is not supported (use get, a function, and set)")


class _IndexUpdateHelper:
    """`x.at`: `x.at[idx]` is an `_IndexUpdateRef` (JAX's functional in-place updates)."""

    def __init__(self, array):
        self.array = array

    def __getitem__(self, index):
        return _IndexUpdateRef(self.array, index)

    def __repr__(self):
        return f"_IndexUpdateHelper({self.array!r})"


# ---- take / take_along_axis / put_along_axis -----------------------------------------------


def take(a, indices, axis=None, out=None, mode=None, unique_indices=False, indices_are_sorted=False, fill_value=None):
    """Elements of `a` at `indices` along `axis` (flattened if None). mode: 'fill' (default:
    out-of-bounds give `fill_value`, NaN for floats), 'clip' or 'wrap' (as jax.numpy.take)."""
    if out is not None:
        raise NotImplementedError("take: argument 'out' is not supported")
    if mode not in (None, "fill", "clip", "wrap"):
        raise NotImplementedError(f"take: mode={mode!r} is not supported ('fill', 'clip', 'wrap')")
    if axis is None:
        from ._shape import ravel

        a, axis = ravel(a), 0
    ndim = _ndim(a)
    axis = canonical_axis("take", axis, ndim)
    return _take(a, indices, axis, mode or "fill", fill_value)


@api(static_argnames=("axis", "mode", "fill_value"))
def _take(a, indices, axis, mode, fill_value):
    (t,) = promote("take", a)
    i = lax.to_tracer(indices)
    if not (i.aval.dtype.startswith("int") or i.aval.dtype.startswith("uint")):
        raise TypeError(f"take: indices must be integers, got {i.aval.dtype}")
    n = t.shape[axis]
    if mode == "wrap":
        from . import _elementwise as ew

        i = ew.mod(i, n) if n else i
        mode = "clip"
    elif mode == "clip":
        # NumPy's clip: no wrapping of negative indices
        i = lax.max(i, lax.broadcast_in_dim(lax.to_tracer(0, i.aval.dtype), i.shape, ()))
    pattern = tuple([("slice", None, None, None)] * axis + [("adv", 0)] + [("slice", None, None, None)] * (t.ndim - axis - 1))
    return _gather_index._impl(t, pattern, mode, fill_value, i)


def _along_axis_pattern(ndim):
    return tuple(("adv", d) for d in range(ndim))


def _along_axis_indices(arr_shape, idx, axis, op):
    """Full index arrays (one per dim) for take/put_along_axis, broadcast as NumPy does."""
    if idx.ndim != len(arr_shape):
        raise ValueError(f"{op}: indices and arr must have the same number of dimensions, got {idx.ndim} and {len(arr_shape)}")
    shape = broadcast_shapes(op, tuple(1 if d == axis else s for d, s in enumerate(arr_shape)),
                             tuple(1 if d == axis else s for d, s in enumerate(idx.shape)))
    shape = tuple(idx.shape[axis] if d == axis else s for d, s in enumerate(shape))
    arrays = []
    for d in range(len(arr_shape)):
        if d == axis:
            arrays.append(broadcast_to_shape(idx, shape))
        else:
            arrays.append(lax.broadcasted_iota(idx.aval.dtype, shape, d))
    return arrays


def take_along_axis(arr, indices, axis=-1, mode=None, fill_value=None):
    """out[..., i, ...] = arr[..., indices[..., i, ...], ...] along `axis` (flattened if None);
    out-of-bounds indices give `fill_value` (mode 'fill', the default) or are clamped ('clip')."""
    if mode not in (None, "fill", "clip"):
        raise NotImplementedError(f"take_along_axis: mode={mode!r} is not supported ('fill', 'clip')")
    if axis is None:
        from ._shape import ravel

        arr, indices, axis = ravel(arr), ravel(indices), 0
    return _take_along_axis(arr, indices, canonical_axis("take_along_axis", axis, _ndim(arr)), mode or "fill", fill_value)


@api(static_argnames=("axis", "mode", "fill_value"))
def _take_along_axis(arr, indices, axis, mode, fill_value):
    (t,) = promote("take_along_axis", arr)
    i = lax.to_tracer(indices)
    if not (i.aval.dtype.startswith("int") or i.aval.dtype.startswith("uint")):
        raise TypeError(f"take_along_axis: indices must be integers, got {i.aval.dtype}")
    arrays = _along_axis_indices(t.shape, i, axis, "take_along_axis")
    return _gather_index._impl(t, _along_axis_pattern(t.ndim), mode, fill_value, *arrays)


def put_along_axis(arr, indices, values, axis, inplace=True, *, mode=None):
    """arr with values written at `indices` along `axis` (functional: pass inplace=False, as JAX)."""
    if inplace:
        raise ValueError("put_along_axis: descend arrays are immutable; pass inplace=False to get the updated array")
    if mode not in (None, "drop", "clip", "fill", "promise_in_bounds"):
        raise NotImplementedError(f"put_along_axis: mode={mode!r} is not supported")
    if axis is None:
        from ._shape import ravel

        arr, indices, axis = ravel(arr), ravel(indices), 0
    return _put_along_axis(arr, indices, values, canonical_axis("put_along_axis", axis, _ndim(arr)),
                           "clip" if mode == "clip" else "drop")


@api(static_argnames=("axis", "mode"))
def _put_along_axis(arr, indices, values, axis, mode):
    (t,) = promote("put_along_axis", arr)
    i = lax.to_tracer(indices)
    if not (i.aval.dtype.startswith("int") or i.aval.dtype.startswith("uint")):
        raise TypeError(f"put_along_axis: indices must be integers, got {i.aval.dtype}")
    arrays = _along_axis_indices(t.shape, i, axis, "put_along_axis")
    return _scatter_index._impl(t, values, _along_axis_pattern(t.ndim), "set", mode, *arrays)


# ---- nonzero / flatnonzero / argwhere ------------------------------------------------------


def _fill_tuple(fill_value, ndim, op):
    if fill_value is None:
        return (0,) * ndim
    if isinstance(fill_value, (tuple, list)):
        if len(fill_value) != ndim:
            raise ValueError(f"{op}: fill_value must be a scalar or a tuple of {ndim} values, got {len(fill_value)}")
        return tuple(int(v) for v in fill_value)
    if np.ndim(fill_value) != 0:
        raise ValueError(f"{op}: fill_value must be a scalar or a tuple, got shape {np.shape(fill_value)}")
    return (int(fill_value),) * ndim


def nonzero(a, *, size=None, fill_value=None):
    """Indices of the nonzero elements, one int32 array per dim. Needs concrete values, or
    `size=` (then the first `size` indices, padded with `fill_value`, default 0), as JAX."""
    if isinstance(a, Tracer):
        if size is None:
            raise NonConcreteBooleanIndexError(
                f"nonzero: the number of nonzero elements of a traced array (shape {a.shape}) is not known "
                "while tracing; pass size=n for a fixed-size result (as jax.numpy.nonzero)"
            )
        if a.ndim == 0:
            raise ValueError("nonzero: calling nonzero on 0-d arrays is not allowed; use atleast_1d")
        return _nonzero_sized(a, int(size), _fill_tuple(fill_value, a.ndim, "nonzero"))
    x = np.asarray(a)
    if x.ndim == 0:
        raise ValueError("nonzero: calling nonzero on 0-d arrays is not allowed; use atleast_1d")
    cols = [c.astype(np.int32) for c in np.nonzero(x)]
    if size is not None:
        fill = _fill_tuple(fill_value, x.ndim, "nonzero")
        size = int(size)
        cols = [np.concatenate([c[:size], np.full(max(size - len(c), 0), f, np.int32)]) for c, f in zip(cols, fill)]
    from ._creation import asarray

    return tuple(asarray(c) for c in cols)


@api(static_argnames=("size", "fill"))
def _nonzero_sized(a, size, fill):
    from ._more import searchsorted
    from ._reductions_extra import cumsum

    t = lax.to_tracer(a)
    n = size_of(t.shape)
    flat = lax.reshape(t, (n,))
    nz = lax.convert_element_type(lax.ne(flat, lax.broadcast_in_dim(lax.to_tracer(0, t.aval.dtype), (n,), ())), "int32")
    if n == 0:
        return tuple(lax.broadcast_in_dim(lax.to_tracer(f, "int32"), (size,), ()) for f in fill)
    counts = cumsum(nz)
    want = lax.add(lax.iota("int32", size), lax.broadcast_in_dim(lax.to_tracer(1, "int32"), (size,), ()))
    pos = lax.convert_element_type(searchsorted(counts, want, side="left"), "int32")  # n where fewer
    valid = lax.lt(pos, lax.broadcast_in_dim(lax.to_tracer(n, "int32"), (size,), ()))
    out, stride = [], n
    for d, s in enumerate(t.shape):
        stride //= s
        c = lax.div(pos, lax.broadcast_in_dim(lax.to_tracer(stride, "int32"), (size,), ()))
        c = lax.rem(c, lax.broadcast_in_dim(lax.to_tracer(s, "int32"), (size,), ()))
        out.append(lax.select(valid, c, lax.broadcast_in_dim(lax.to_tracer(fill[d], "int32"), (size,), ())))
    return tuple(out)


def flatnonzero(a, *, size=None, fill_value=None):
    """Indices of the nonzero elements of ravel(a) (see `nonzero`)."""
    from ._shape import ravel

    return nonzero(ravel(a), size=size, fill_value=fill_value)[0]


def argwhere(a, *, size=None, fill_value=None):
    """The indices of the nonzero elements as rows of an (N, a.ndim) int32 array (see `nonzero`)."""
    from ._shape import stack

    if _ndim(a) == 0:
        if isinstance(a, Tracer):
            raise NonConcreteBooleanIndexError("argwhere: a traced 0-d array has an unknown number of nonzeros")
        n = int(bool(np.asarray(a))) if size is None else int(size)
        from ._creation import asarray

        return asarray(np.zeros((n, 0), np.int32))
    cols = nonzero(a, size=size, fill_value=fill_value)
    return stack(cols, axis=-1)


__all__ = [
    "NonConcreteBooleanIndexError",
    "argwhere",
    "flatnonzero",
    "getitem",
    "is_advanced",
    "nonzero",
    "put_along_axis",
    "take",
    "take_along_axis",
]
