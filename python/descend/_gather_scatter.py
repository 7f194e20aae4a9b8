"""dsc.gather / dsc.scatter as functions on Tracers, and the index helpers their rules share.

- `gather(operand, indices, dims)`: `indices` of shape batch + [K] give positions in the
  operand dims `dims`; the result is batch shape + the operand's other dims. Out-of-bounds
  positions are clamped (as JAX's gather).
- `scatter(operand, indices, updates, dims, mode)`: the operand with `updates` (batch shape +
  the other dims) combined in by `mode` ("set", "add", "mul", "min", "max"); rows with an
  out-of-bounds position are dropped (as JAX's default scatter mode).

These bind one op each (inside a trace, or eagerly through `api`); the NumPy layer
(`descend.numpy._indexing`) builds indices from NumPy-style indexing on top of them.
"""

from __future__ import annotations

import numpy as np

from . import lax
from .dialects.types import TType
from .jit import api
from .tracing import bind


@api(static_argnames=("dims",))
def gather(operand, indices, dims):
    """dsc.gather (see the module docstring)."""
    return bind("gather", lax.to_tracer(operand), lax.to_tracer(indices), dims=tuple(int(d) for d in dims))


@api(static_argnames=("dims", "mode"))
def scatter(operand, indices, updates, dims, mode="set"):
    """dsc.scatter (see the module docstring); `updates` is cast to the operand's dtype."""
    x = lax.to_tracer(operand)
    u = lax.convert_element_type(lax.to_tracer(updates, x.aval.dtype), x.aval.dtype)
    return bind("scatter", x, lax.to_tracer(indices), u, dims=tuple(int(d) for d in dims), mode=mode)


def _bounds(indices, operand_shape, dims):
    """A constant of the indices' shape holding, in its last dim, the size of operand dim dims[k]."""
    sizes = lax.to_tracer(np.asarray([operand_shape[d] for d in dims], indices.aval.dtype))
    return lax.broadcast_in_dim(sizes, indices.shape, (indices.ndim - 1,))


def clamp_indices(indices, operand_shape, dims):
    """Indices clamped to [0, size - 1] per dim: the positions gather actually reads."""
    hi = lax.sub(_bounds(indices, operand_shape, dims), lax.broadcast_in_dim(lax.to_tracer(1, indices.aval.dtype), indices.shape, ()))
    zero = lax.broadcast_in_dim(lax.to_tracer(0, indices.aval.dtype), indices.shape, ())
    return lax.max(lax.min(indices, hi), zero)


def in_bounds(indices, operand_shape, dims):
    """Boolean of the batch shape: whether every index of the row is in bounds (scatter keeps it)."""
    zero = lax.broadcast_in_dim(lax.to_tracer(0, indices.aval.dtype), indices.shape, ())
    ok = lax.bitwise_and(lax.ge(indices, zero), lax.lt(indices, _bounds(indices, operand_shape, dims)))
    return bind("reduce", ok, axes=(indices.ndim - 1,), kind="and")


def batch_mask(indices, operand_shape, dims, like):
    """`in_bounds` broadcast to the shape of `like` (updates: batch shape + window dims)."""
    ok = in_bounds(indices, operand_shape, dims)
    return lax.broadcast_in_dim(ok, like.shape, tuple(range(ok.ndim)))


def iota_like(shape, dimension, dtype):
    return bind("iota", out=TType(tuple(shape), dtype), dimension=dimension)
