"""Bit-level functions of NumPy: `bitwise_count`, `packbits`, `unpackbits`.

All three are compositions of existing dsc ops (population_count, shifts, and, reshape,
reduce), so they need no lowering, derivative or batching rule of their own. Inputs are
integer or bool arrays; outputs are uint8, as in NumPy and JAX.
"""

from __future__ import annotations

import numpy as np

from descend import dtypes, lax
from descend.jit import api

from ._util import canonical_axis, promote


def _const(value, dtype, shape):
    return lax.broadcast_in_dim(lax.to_tracer(np.asarray(value, dtype=dtype)), tuple(shape), [])


@api
def bitwise_count(x):
    """The number of 1 bits of |x|, elementwise, as uint8 (NumPy 2's `bitwise_count`);
    integers and bools only."""
    (t,) = promote("bitwise_count", x)
    dt = t.aval.dtype
    if dt == "bool":
        return lax.convert_element_type(t, "uint8")
    if not dtypes.is_int(dt):
        raise TypeError(f"bitwise_count: argument must be an integer or bool array, got {dt}")
    if not dtypes.is_unsigned(dt):
        t = lax.abs(t)  # |INT_MIN| wraps to INT_MIN, whose one bit is |INT_MIN|'s too
    return lax.convert_element_type(lax.population_count(t), "uint8")


def _check_bitorder(name, bitorder):
    if bitorder not in ("big", "little"):
        raise ValueError(f"{name}: bitorder must be 'big' or 'little', got {bitorder!r}")


def _flat_or_last(name, t, axis):
    """(t with the packed axis last, the original axis or None for a flattened input)."""
    if axis is None:
        return lax.reshape(t, (int(np.prod(t.shape, dtype=np.int64)),)), None
    if t.ndim == 0:
        raise ValueError(f"{name}: axis {axis} is out of bounds for a 0-d array")
    ax = canonical_axis(name, axis, t.ndim)
    perm = [d for d in range(t.ndim) if d != ax] + [ax]
    return lax.transpose(t, perm), ax


def _restore(t, ax):
    """Undo `_flat_or_last`'s move of axis `ax` to the end."""
    if ax is None:
        return t
    perm = list(range(t.ndim - 1))
    perm.insert(ax, t.ndim - 1)
    return lax.transpose(t, perm)


@api(static_argnames=("axis", "bitorder"))
def packbits(a, axis=None, bitorder="big"):
    """Pack the truthiness of the elements of an integer or bool array into the bits of
    uint8 (eight per byte, the last byte zero-padded), along `axis` (None: flattened)."""
    _check_bitorder("packbits", bitorder)
    (t,) = promote("packbits", a)
    if not (dtypes.is_int(t.aval.dtype) or t.aval.dtype == "bool"):
        raise TypeError(f"packbits: expected an integer or bool array, got {t.aval.dtype}")
    t, ax = _flat_or_last("packbits", t, axis)
    bits = lax.convert_element_type(lax.ne(t, _const(0, t.aval.dtype, t.shape)), "uint8")
    n = t.shape[-1]
    m = -(-n // 8)
    if 8 * m != n:
        zero = lax.to_tracer(np.uint8(0))
        bits = lax.pad(bits, zero, [(0, 0, 0)] * (t.ndim - 1) + [(0, 8 * m - n, 0)])
    bits = lax.reshape(bits, t.shape[:-1] + (m, 8))
    shifts = np.arange(8, dtype=np.uint8)
    if bitorder == "big":
        shifts = shifts[::-1].copy()
    shifted = lax.shift_left(bits, lax.broadcast_in_dim(lax.to_tracer(shifts), bits.shape, [bits.ndim - 1]))
    return _restore(lax.reduce_sum(shifted, (bits.ndim - 1,)), ax)  # distinct bits: sum == or


@api(static_argnames=("axis", "count", "bitorder"))
def unpackbits(a, axis=None, count=None, bitorder="big"):
    """The bits of a uint8 array as a uint8 array of 0s and 1s, eight per element along
    `axis` (None: flattened); `count` keeps that many (negative: drops that many from the
    end; beyond the bits: zero-padded)."""
    _check_bitorder("unpackbits", bitorder)
    (t,) = promote("unpackbits", a)
    if t.aval.dtype != "uint8":
        raise TypeError(f"unpackbits: expected an array of dtype uint8, got {t.aval.dtype}")
    if count is not None and not isinstance(count, (int, np.integer)):
        raise TypeError(f"unpackbits: count must be an integer or None, got {count!r}")
    t, ax = _flat_or_last("unpackbits", t, axis)
    shape = t.shape + (8,)
    shifts = np.arange(8, dtype=np.uint8)
    if bitorder == "big":
        shifts = shifts[::-1].copy()
    wide = lax.broadcast_in_dim(t, shape, list(range(t.ndim)))
    bits = lax.bitwise_and(
        lax.shift_right_logical(wide, lax.broadcast_in_dim(lax.to_tracer(shifts), shape, [t.ndim])),
        _const(1, "uint8", shape),
    )
    n = 8 * t.shape[-1]
    bits = lax.reshape(bits, t.shape[:-1] + (n,))
    if count is not None:
        keep = int(count) if count >= 0 else max(n + int(count), 0)
        if keep < n:
            bits = lax.slice(bits, [0] * bits.ndim, bits.shape[:-1] + (keep,))
        elif keep > n:
            zero = lax.to_tracer(np.uint8(0))
            bits = lax.pad(bits, zero, [(0, 0, 0)] * (bits.ndim - 1) + [(0, keep - n, 0)])
    return _restore(bits, ax)
