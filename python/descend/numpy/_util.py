"""Helpers shared by descend.numpy: dtype promotion, broadcasting, axes.

Everything here runs inside a trace and works on Tracers (see `lax.to_tracer`).
"""

from __future__ import annotations

import numpy as np

from descend import dtypes, lax
from descend.array import Array
from descend.tracing import Tracer, describe_location, user_location


def dtype_of(x) -> tuple[str, bool]:
    """(dtype name, weak) of an operand without staging anything."""
    if isinstance(x, Tracer):
        return x.aval.dtype, x.weak
    if isinstance(x, Array):
        return x.dtype.name, False
    if isinstance(x, (bool, int, float)) and not isinstance(x, np.generic):
        return dtypes.python_scalar_dtype(x), True
    if isinstance(x, (list, tuple)):
        return lax.to_tracer(x).aval.dtype, False
    arr = np.asarray(x)
    return dtypes.dtype_name(arr.dtype), False


def result_dtype(*xs) -> str:
    return dtypes.result_dtype(*(dtype_of(x) for x in xs))


def shape_error(op: str, msg: str):
    raise TypeError(f"{op}: {msg}\n  at {describe_location(user_location())}")


def broadcast_shapes(op: str, *shapes) -> tuple:
    """NumPy's broadcasting of `shapes`; TypeError naming `op`, the shapes and the user's line."""
    rank = max((len(s) for s in shapes), default=0)
    out = []
    for i in range(rank):
        dims = {s[len(s) - rank + i] for s in shapes if len(s) - rank + i >= 0}
        dims.discard(1)
        if len(dims) > 1:
            shape_error(op, f"incompatible shapes for broadcasting: {', '.join(str(tuple(s)) for s in shapes)}")
        out.append(dims.pop() if dims else 1)
    return tuple(out)


def broadcast_to_shape(t: Tracer, shape) -> Tracer:
    """Broadcast Tracer `t` to `shape` (NumPy rules, assumed compatible)."""
    shape = tuple(shape)
    if t.shape == shape:
        return t
    lead = len(shape) - t.ndim
    # drop size-1 dims that must grow, then broadcast_in_dim with the rest
    keep = [i for i in range(t.ndim) if t.shape[i] == shape[lead + i]]
    if len(keep) != t.ndim:
        t = lax.reshape(t, [t.shape[i] for i in keep])
    return lax.broadcast_in_dim(t, shape, [lead + i for i in keep])


def is_weak_scalar(x) -> bool:
    """A Python scalar, or a weakly typed Tracer (one that stands for a Python scalar)."""
    if isinstance(x, Tracer):
        return x.weak
    return isinstance(x, (bool, int, float)) and not isinstance(x, np.generic)


def promote(op: str, *xs, dtype: str | None = None) -> list[Tracer]:
    """Operands as Tracers of one dtype (JAX promotion, or `dtype`) and one broadcast shape."""
    dt = dtype or result_dtype(*xs)
    ts = []
    for x in xs:
        if is_weak_scalar(x):
            ts.append(lax.to_tracer(x, dt))
        else:
            ts.append(lax.convert_element_type(lax.to_tracer(x), dt))
    shape = broadcast_shapes(op, *(t.shape for t in ts))
    weak = all(t.weak for t in ts)
    out = []
    for t in ts:
        t = broadcast_to_shape(t, shape)
        if t.weak != weak:  # a new Tracer: the caller's (e.g. a weak jit argument) must keep its type
            t = Tracer(t._trace, t.value, t.aval, weak)
        out.append(t)
    return out


def canonical_axis(op: str, axis: int, ndim: int) -> int:
    if not isinstance(axis, (int, np.integer)) or isinstance(axis, bool):
        raise TypeError(f"{op}: axis must be an integer, got {axis!r}")
    if not -ndim <= axis < ndim:
        raise ValueError(f"{op}: axis {axis} is out of bounds for array of dimension {ndim}")
    return int(axis) % ndim


def canonical_axes(op: str, axis, ndim: int) -> tuple:
    """`axis` (None, int or tuple) as a sorted tuple of non-negative axes."""
    if axis is None:
        return tuple(range(ndim))
    if isinstance(axis, (tuple, list)):
        axes = tuple(canonical_axis(op, a, ndim) for a in axis)
        if len(set(axes)) != len(axes):
            raise ValueError(f"{op}: repeated axis in {axis}")
        return tuple(sorted(axes))
    return (canonical_axis(op, axis, ndim),)


def size_of(shape) -> int:
    return int(np.prod(shape, dtype=np.int64))
