"""Small helpers shared by the autodiff rules and transformations."""

from __future__ import annotations

from descend import lax

FLOAT_DTYPES = ("float16", "bfloat16", "float32", "float64")


def is_differentiable(aval) -> bool:
    """Only floating-point values carry tangents and cotangents."""
    return aval.dtype in FLOAT_DTYPES


def full_like(x, value):
    """A Tracer of x's shape and dtype filled with `value`."""
    return lax.broadcast_in_dim(lax.to_tracer(value, x.aval.dtype), x.shape, ())


def zeros_like(x):
    return full_like(x, 0)


def add_any(a, b):
    """Sum of two cotangents where either may be None (a symbolic zero)."""
    if a is None:
        return b
    if b is None:
        return a
    return lax.add(a, b)
