"""Products in descend.numpy: dot, matmul, vdot, inner, outer, tensordot."""

from __future__ import annotations

from descend import lax
from descend.jit import api

from ._elementwise import multiply
from ._shape import reshape
from ._util import broadcast_shapes, broadcast_to_shape, promote, shape_error


def _same_dtype(name, a, b):
    from ._shape import promote_same

    return promote_same(name, [a, b])


@api
def dot(a, b):
    """numpy.dot: scalars multiply; otherwise contract a's last axis with b's
    second-to-last (or only) axis."""
    x, y = _same_dtype("dot", a, b)
    if x.ndim == 0 or y.ndim == 0:
        return multiply(x, y)
    ya = 0 if y.ndim == 1 else y.ndim - 2
    if x.shape[-1] != y.shape[ya]:
        shape_error("dot", f"shapes {x.shape} and {y.shape} not aligned: {x.shape[-1]} (dim {x.ndim - 1}) != {y.shape[ya]} (dim {ya})")
    return lax.dot_general(x, y, (((x.ndim - 1,), (ya,)), ((), ())))


@api
def matmul(a, b):
    """numpy.matmul: batched matrix product with broadcast batch dimensions."""
    x, y = _same_dtype("matmul", a, b)
    if x.ndim == 0 or y.ndim == 0:
        raise ValueError("matmul: input operand does not have enough dimensions (scalars are not allowed)")
    x1, y1 = x.ndim == 1, y.ndim == 1
    if x1:
        x = reshape(x, (1, x.shape[0]))
    if y1:
        y = reshape(y, (y.shape[0], 1))
    if x.shape[-1] != y.shape[-2]:
        shape_error("matmul", f"input operand 1 has a mismatch in its core dimension 0 ({x.shape} @ {y.shape}: {x.shape[-1]} != {y.shape[-2]})")
    batch = broadcast_shapes("matmul", x.shape[:-2], y.shape[:-2])
    x = broadcast_to_shape(x, batch + x.shape[-2:])
    y = broadcast_to_shape(y, batch + y.shape[-2:])
    nb = len(batch)
    out = lax.dot_general(x, y, (((nb + 1,), (nb,)), (tuple(range(nb)), tuple(range(nb)))))
    if x1:
        out = reshape(out, out.shape[:-2] + out.shape[-1:])
    if y1:
        out = reshape(out, out.shape[:-1])
    return out


@api
def vdot(a, b):
    x, y = _same_dtype("vdot", a, b)
    return dot(reshape(x, (-1,)), reshape(y, (-1,)))


@api
def inner(a, b):
    x, y = _same_dtype("inner", a, b)
    if x.ndim == 0 or y.ndim == 0:
        return multiply(x, y)
    return lax.dot_general(x, y, (((x.ndim - 1,), (y.ndim - 1,)), ((), ())))


@api
def outer(a, b):
    x, y = _same_dtype("outer", a, b)
    return multiply(reshape(x, (-1, 1)), reshape(y, (1, -1)))


@api(static_argnames=("axes",))
def tensordot(a, b, axes=2):
    x, y = _same_dtype("tensordot", a, b)
    if isinstance(axes, int):
        ax_a = tuple(range(x.ndim - axes, x.ndim))
        ax_b = tuple(range(axes))
    else:
        ax_a, ax_b = axes
        ax_a = (ax_a,) if isinstance(ax_a, int) else tuple(ax_a)
        ax_b = (ax_b,) if isinstance(ax_b, int) else tuple(ax_b)
    ax_a = tuple(d % x.ndim for d in ax_a)
    ax_b = tuple(d % y.ndim for d in ax_b)
    return lax.dot_general(x, y, ((ax_a, ax_b), ((), ())))


__all__ = ["dot", "matmul", "vdot", "inner", "outer", "tensordot", "promote"]
