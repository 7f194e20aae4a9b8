"""Array creation in descend.numpy: array, asarray, zeros, ones, full, *_like,
arange, linspace, eye. Default dtype float32 (int32 for integer arange), as JAX."""

from __future__ import annotations

import math

import numpy as np

from descend import dtypes, lax
from descend.array import Array
from descend.jit import api
from descend.tracing import Tracer, current_trace

from ._util import promote


def _shape(shape) -> tuple:
    if isinstance(shape, (int, np.integer)):
        shape = (shape,)
    shape = tuple(shape)
    for s in shape:
        if not isinstance(s, (int, np.integer)) or isinstance(s, (bool, np.bool_)):
            raise TypeError(f"'{type(s).__name__}' object cannot be interpreted as an integer (shape {shape})")
    shape = tuple(int(s) for s in shape)
    if any(s < 0 for s in shape):
        raise ValueError(f"negative dimensions are not allowed: {shape}")
    return shape


def asarray(a, dtype=None, order=None, copy=None):
    """`a` as a descend array (a Tracer under jit). NumPy arrays keep their dtype;
    Python scalars and lists default to float32/int32, as JAX."""
    if order not in (None, "C", "K"):
        raise NotImplementedError(f"asarray: argument order={order!r} is not supported")
    if current_trace() is not None:
        if isinstance(a, (list, tuple)) and any(isinstance(x, Tracer) for x in _leaves(a)):
            t = _stack_nested(a)
        else:
            t = lax.to_tracer(a)
        return lax.convert_element_type(t, dtype) if dtype is not None else t
    if isinstance(a, Array) and (dtype is None or np.dtype(dtype) == a.dtype):
        return a
    if isinstance(a, (list, tuple)) and any(isinstance(x, Array) for x in _leaves(a)):
        a = [np.asarray(x) for x in a] if isinstance(a, list) else tuple(np.asarray(x) for x in a)
    arr = np.asarray(a)
    if arr.dtype == object or (arr.dtype.kind in "USVO" and arr.dtype.name != "bfloat16"):
        raise TypeError(f"asarray: cannot convert {type(a).__name__} with dtype {arr.dtype} to a descend array")
    if dtype is not None:
        arr = arr.astype(dtypes.canonicalize_dtype(dtype))
    elif not isinstance(a, (np.ndarray, np.generic)):
        if arr.dtype.kind == "f":
            arr = arr.astype(dtypes.DEFAULT_FLOAT)
        elif arr.dtype.kind in "iu":
            arr = arr.astype(dtypes.DEFAULT_INT)
    dtypes.dtype_name(arr.dtype)
    return Array(np.array(arr, copy=True, order="C"))


def array(object, dtype=None, copy=True, order="K", ndmin=0):  # noqa: A002
    out = asarray(object, dtype=dtype)
    if ndmin and out.ndim < ndmin:
        from ._shape import reshape

        out = reshape(out, (1,) * (ndmin - out.ndim) + tuple(out.shape))
    return out


def _leaves(x):
    if isinstance(x, (list, tuple)):
        for y in x:
            yield from _leaves(y)
    else:
        yield x


def _stack_nested(a):
    from ._shape import stack

    return stack([_stack_nested(x) if isinstance(x, (list, tuple)) else x for x in a])


@api(static_argnames=("shape",))
def full(shape, fill_value, dtype=None):
    shape = _shape(shape)
    if dtype is None:
        dt = dtypes.result_dtype((promote("full", fill_value)[0].aval.dtype, False))
        if isinstance(fill_value, (bool, int, float)) and not isinstance(fill_value, np.generic):
            dt = dtypes.python_scalar_dtype(fill_value)
    else:
        dt = dtypes.canonicalize_dtype(dtype)
    v = lax.to_tracer(fill_value, dt) if not isinstance(fill_value, Tracer) else fill_value
    v = lax.convert_element_type(v, dt)
    if v.ndim == 0:
        return lax.broadcast_in_dim(v, shape, ())
    from ._shape import broadcast_to

    return broadcast_to(v, shape)


def zeros(shape, dtype=None):
    return full(shape, 0, dtypes.canonicalize_dtype(dtype))


def ones(shape, dtype=None):
    return full(shape, 1, dtypes.canonicalize_dtype(dtype))


def empty(shape, dtype=None):
    return zeros(shape, dtype)


def _like_dtype(a, dtype):
    if dtype is not None:
        return dtypes.canonicalize_dtype(dtype)
    if hasattr(a, "dtype"):
        return np.dtype(a.dtype).name
    # Python scalars and lists: float32 / int32, as asarray (JAX's defaults)
    return lax._default_for(np.asarray(a).dtype)


def _like_shape(a, shape):
    if shape is not None:
        return shape
    return tuple(a.shape) if hasattr(a, "shape") else np.shape(a)


def full_like(a, fill_value, dtype=None, shape=None):
    return full(_like_shape(a, shape), fill_value, _like_dtype(a, dtype))


def zeros_like(a, dtype=None, shape=None):
    return full(_like_shape(a, shape), 0, _like_dtype(a, dtype))


def ones_like(a, dtype=None, shape=None):
    return full(_like_shape(a, shape), 1, _like_dtype(a, dtype))


def empty_like(a, dtype=None, shape=None):
    return zeros_like(a, dtype, shape)


@api(static_argnames=("start", "stop", "step"))
def arange(start, stop=None, step=None, dtype=None):
    """Evenly spaced values in [start, stop); int32 for integer arguments, else float32."""
    for name, v in (("start", start), ("stop", stop), ("step", step)):
        if v is not None and not isinstance(v, (int, float, np.integer, np.floating)):
            raise TypeError(f"arange: argument '{name}' must be a concrete number, got {type(v).__name__}")
    if stop is None:
        start, stop = 0, start
    step = 1 if step is None else step
    if step == 0:
        raise ValueError("arange: step must not be zero")
    n = max(0, math.ceil((stop - start) / step))
    if dtype is None:
        all_int = all(isinstance(v, (int, np.integer)) for v in (start, stop, step))
        dt = dtypes.DEFAULT_INT if all_int else dtypes.DEFAULT_FLOAT
    else:
        dt = dtypes.canonicalize_dtype(dtype)
    i = lax.iota(dt if dt != "bool" else "int32", n)
    if step != 1:
        i = lax.mul(i, lax.broadcast_in_dim(lax.to_tracer(step, i.aval.dtype), (n,), ()))
    if start != 0:
        i = lax.add(i, lax.broadcast_in_dim(lax.to_tracer(start, i.aval.dtype), (n,), ()))
    return lax.convert_element_type(i, dt)


@api(static_argnames=("num", "endpoint", "retstep", "axis"))
def linspace(start, stop, num=50, endpoint=True, retstep=False, dtype=None, axis=0):
    """`num` evenly spaced samples from start to stop (inclusive if endpoint).

    `start` and `stop` may be arrays: they broadcast together and the samples run along a
    new first axis. The default dtype is float32 (float64 if an input is float64); integer
    dtypes take the floor of the samples (as NumPy 2 and JAX)."""
    if retstep:
        raise NotImplementedError("linspace: argument 'retstep' is not supported")
    if axis != 0:
        raise NotImplementedError("linspace: argument 'axis' is not supported")
    num = int(num)
    if num < 0:
        raise ValueError(f"linspace: number of samples, {num}, must be non-negative")
    from ._elementwise import subtract, true_divide
    from ._util import broadcast_to_shape, result_dtype

    in_dt = result_dtype(start, stop)
    ct = in_dt if dtypes.is_float(in_dt) else dtypes.DEFAULT_FLOAT
    dt = dtypes.canonicalize_dtype(dtype) if dtype is not None else ct
    if dtypes.is_float(dt) and np.dtype(dt).itemsize > np.dtype(ct).itemsize:
        ct = dt
    s, e = promote("linspace", start, stop, dtype=ct)
    shape = (num,) + s.shape
    div = (num - 1) if endpoint else num
    vals = broadcast_to_shape(s, shape)
    if div > 0:
        step = broadcast_to_shape(true_divide(subtract(e, s), div), shape)
        vals = lax.add(lax.mul(lax.broadcasted_iota(ct, shape, 0), step), vals)
    if endpoint and num > 1:
        last = lax.reshape(e, (1,) + e.shape)
        vals = lax.concatenate([lax.slice(vals, (0,) * len(shape), (num - 1,) + s.shape), last], 0)
    if not dtypes.is_float(dt) and dt != "bool":
        vals = lax.floor(vals)
    return lax.convert_element_type(vals, dt)


@api(static_argnames=("N", "M", "k"))
def eye(N, M=None, k=0, dtype=None):
    """The identity-like matrix with ones on diagonal k."""
    M = N if M is None else M
    N, M = _shape((N, M))
    dt = dtypes.canonicalize_dtype(dtype) if dtype is not None else dtypes.DEFAULT_FLOAT
    rows = lax.broadcasted_iota("int32", (N, M), 0)
    cols = lax.broadcasted_iota("int32", (N, M), 1)
    shifted = lax.add(rows, lax.broadcast_in_dim(lax.to_tracer(int(k), "int32"), (N, M), ()))
    return lax.convert_element_type(lax.eq(shifted, cols), dt)


def identity(n, dtype=None):
    return eye(n, dtype=dtype)


@api
def astype(x, dtype):
    (t,) = promote("astype", x)
    return lax.convert_element_type(t, dtypes.canonicalize_dtype(dtype))
