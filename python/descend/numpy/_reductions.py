"""Reductions of descend.numpy: sum, prod, max, min, mean, all, any, argmax, argmin."""

from __future__ import annotations

import builtins

from descend import dtypes, lax
from descend.jit import api

from ._elementwise import true_divide, where
from ._util import canonical_axes, canonical_axis, promote, size_of


def _keep(t, axes, keepdims, in_shape):
    if not keepdims:
        return t
    shape = tuple(1 if i in axes else s for i, s in enumerate(in_shape))
    return lax.reshape(t, shape)


def _reduction(kind, name, identity_ok=True):
    @api(static_argnames=("axis", "keepdims"))
    def f(a, axis=None, dtype=None, out=None, keepdims=False, initial=None, where=None):
        if out is not None:
            raise NotImplementedError(f"{name}: argument 'out' is not supported (arrays are immutable)")
        if initial is not None:
            raise NotImplementedError(f"{name}: argument 'initial' is not supported")
        (t,) = promote(name, a)
        if dtype is not None:
            t = lax.convert_element_type(t, dtype)
        elif kind in ("sum", "prod") and t.aval.dtype == "bool":
            t = lax.convert_element_type(t, dtypes.DEFAULT_INT)
        elif kind in ("sum", "prod") and dtypes.is_int(t.aval.dtype) and t.aval.dtype in ("int8", "int16"):
            t = lax.convert_element_type(t, dtypes.DEFAULT_INT)
        elif kind in ("sum", "prod") and t.aval.dtype in ("uint8", "uint16"):  # as JAX: uint32
            t = lax.convert_element_type(t, dtypes.DEFAULT_UINT)
        elif kind in ("sum", "prod") and t.aval.dtype == "bfloat16":  # as JAX: in float32, rounded once
            r = f(lax.convert_element_type(t, "float32"), axis, None, None, keepdims, None, where)
            return lax.convert_element_type(r, "bfloat16")
        axes = canonical_axes(name, axis, t.ndim)
        if where is not None:
            fill = {"sum": 0, "prod": 1, "max": None, "min": None, "and": True, "or": False}[kind]
            if fill is None:
                raise NotImplementedError(f"{name}: argument 'where' needs 'initial', which is not supported")
            t = _where(where, t, fill)
        if not identity_ok and builtins.any(t.shape[i] == 0 for i in axes):
            raise ValueError(f"{name}: zero-size array to reduction operation {name} which has no identity")
        r = getattr(lax, f"reduce_{kind}")(t, axes)
        return _keep(r, axes, keepdims, t.shape)

    f.__name__ = name
    f.__doc__ = f"numpy.{name} over `axis` (None, int or tuple)."
    return f


def _where(mask, t, fill):
    return where(mask, t, fill)


sum = _reduction("sum", "sum")  # noqa: A001
prod = _reduction("prod", "prod")
max = _reduction("max", "max", identity_ok=False)  # noqa: A001
min = _reduction("min", "min", identity_ok=False)  # noqa: A001
amax, amin = max, min


@api(static_argnames=("axis", "keepdims"))
def all(a, axis=None, keepdims=False):  # noqa: A001
    t = lax.convert_element_type(lax.to_tracer(a), "bool")
    axes = canonical_axes("all", axis, t.ndim)
    return _keep(lax.reduce_and(t, axes), axes, keepdims, t.shape)


@api(static_argnames=("axis", "keepdims"))
def any(a, axis=None, keepdims=False):  # noqa: A001
    t = lax.convert_element_type(lax.to_tracer(a), "bool")
    axes = canonical_axes("any", axis, t.ndim)
    return _keep(lax.reduce_or(t, axes), axes, keepdims, t.shape)


@api(static_argnames=("axis", "keepdims"))
def mean(a, axis=None, dtype=None, out=None, keepdims=False, where=None):
    """Arithmetic mean; integer inputs give float32 (as JAX). An empty reduction gives nan."""
    if where is not None:
        raise NotImplementedError("mean: argument 'where' is not supported")
    if out is not None:
        raise NotImplementedError("mean: argument 'out' is not supported")
    (t,) = promote("mean", a)
    dt = dtypes.canonicalize_dtype(dtype) if dtype is not None else t.aval.dtype
    if not dtypes.is_float(dt):
        dt = dtypes.DEFAULT_FLOAT
    t = lax.convert_element_type(t, dt)
    axes = canonical_axes("mean", axis, t.ndim)
    n = size_of([t.shape[i] for i in axes])
    s = sum(t, axis=axes, keepdims=keepdims)
    return true_divide(s, float(n) if n else float("nan"))


def _arg(name):
    @api(static_argnames=("axis", "keepdims"))
    def f(a, axis=None, out=None, keepdims=False):
        if out is not None:
            raise NotImplementedError(f"{name}: argument 'out' is not supported")
        (t,) = promote(name, a)
        if axis is None:
            if t.size == 0:
                raise ValueError(f"{name}: attempt to get {name} of an empty sequence")
            flat = lax.reshape(t, (t.size,))
            r = getattr(lax, name)(flat, 0)
            return lax.reshape(r, (1,) * t.ndim) if keepdims else r
        ax = canonical_axis(name, axis, t.ndim)
        if t.shape[ax] == 0:
            raise ValueError(f"{name}: attempt to get {name} of an empty sequence")
        r = getattr(lax, name)(t, ax)
        return _keep(r, (ax,), keepdims, t.shape)

    f.__name__ = name
    return f


argmax = _arg("argmax")
argmin = _arg("argmin")
