"""put and place in descend.numpy: NumPy's in-place writers made functional, as JAX's.

Arrays are immutable, so both need `inplace=False` and return the updated copy. Both are a
scatter into the flattened array (`x.at[idx].set(..., mode='drop')`); they work under jit
(place finds the masked positions with `nonzero(size=)`), grad (in `a` and the values) and vmap.
"""

from __future__ import annotations

import numpy as np

from descend import lax
from descend.jit import api
from descend.tracing import Tracer, describe_location, user_location

from ._util import promote

_INPLACE = ("{op}: descend arrays are immutable and cannot be modified in place; "
            "pass inplace=False to get the updated array instead (as jax.numpy.{op})")


def _tile_to(v, n):
    """v (1-D, non-empty) repeated cyclically to length n (as np.resize)."""
    from ._more import tile

    k = v.shape[0]
    if k == n:
        return v
    return tile(v, -(-n // k))[:n]


@api(static_argnames=("mode", "inplace"))
def put(a, ind, v, mode=None, *, inplace=True):
    """a with a.flat[ind] = v (v repeated cyclically to len(ind)), as `jax.numpy.put` with
    inplace=False. mode: None (out-of-bounds indices are dropped; negative ones count from the
    end), 'clip' or 'wrap'; 'raise' is not supported. Duplicate indices: one value wins."""
    from ._shape import ravel, reshape

    if inplace:
        raise ValueError(_INPLACE.format(op="put"))
    if mode == "raise":
        raise NotImplementedError("put: mode='raise' is not supported (use None, 'clip' or 'wrap')")
    if mode not in (None, "clip", "wrap"):
        raise ValueError(f"put: mode must be one of None, 'clip', 'wrap' or 'raise', got {mode!r}")
    (t,) = promote("put", a)
    i = ravel(lax.to_tracer(ind))
    if not (i.aval.dtype.startswith("int") or i.aval.dtype.startswith("uint")):
        raise TypeError(f"put: indices must be integers, got {i.aval.dtype}")
    (vals,) = promote("put", v, dtype=t.aval.dtype)
    vals = ravel(vals)
    n = t.size
    if n == 0 or i.shape[0] == 0 or vals.shape[0] == 0:
        return t
    i = lax.convert_element_type(i, "int64") if i.aval.dtype.startswith("uint") else i
    if mode == "clip":
        from ._elementwise import clip

        i = clip(i, 0, n - 1)
    elif mode == "wrap":
        from ._elementwise import mod

        i = mod(i, n)
    flat = ravel(t)
    return reshape(flat.at[i].set(_tile_to(vals, i.shape[0]), mode="drop"), t.shape)


def place(arr, mask, vals, *, inplace=True):
    """arr with its elements where `mask` is true replaced, in order, by vals (repeated
    cyclically), as `jax.numpy.place` with inplace=False. mask must have arr's shape."""
    if inplace:
        raise ValueError(_INPLACE.format(op="place"))
    if np.size(vals) == 0 and not isinstance(mask, Tracer) and not np.any(np.asarray(mask)):
        return _place(arr, mask, None)  # nothing to place
    return _place(arr, mask, vals)


@api
def _place(arr, mask, vals):
    from ._indexing import nonzero
    from ._shape import ravel, reshape

    (t,) = promote("place", arr)
    m = lax.to_tracer(mask)
    if tuple(m.shape) != tuple(t.shape):
        raise ValueError(
            f"place: mask of shape {tuple(m.shape)} must have the shape of arr {tuple(t.shape)}"
            f"\n  at {describe_location(user_location())}"
        )
    if vals is None:
        return t
    (v,) = promote("place", vals, dtype=t.aval.dtype)
    v = ravel(v)
    n = t.size
    if n == 0:
        return t
    if v.shape[0] == 0:
        raise ValueError("place: cannot place values from an empty vals array into a mask with true elements")
    from ._elementwise import not_equal

    m = ravel(m)
    if m.aval.dtype != "bool":
        m = not_equal(m, 0)
    idx = nonzero(m, size=n, fill_value=n)[0]  # masked positions first, then n (dropped)
    return reshape(ravel(t).at[idx].set(_tile_to(v, n), mode="drop"), t.shape)


__all__ = ["place", "put"]
