"""Batching rules: `BATCH_RULES[op](args, batched, size, out, **attrs) -> Tracer`.

`args` are the op's operands after batching: a batched operand carries the
batch dimension in front (dim 0), an unbatched one has its original shape
(`batched[i]` says which). `size` is the batch size and `out` the unbatched
result of the op (for its type). A rule returns the batched result, batch
dimension in front. Keeping the batch dimension at 0 everywhere makes each
rule a shift of the op's dimension attributes by one; a batched dot_general
becomes one dot_general with an extra batch dimension (a batched matmul, not
a loop). The one exception: dynamic_slice / dynamic_update_slice with
per-example start indices (a gather / scatter, e.g. `x[i]` with a batched
loop index) run one example at a time in an scf.for over the batch.
"""

from __future__ import annotations

from descend import lax
from descend.tracing import bind


def bcast(x, size):
    """An unbatched operand broadcast along a new leading batch dimension."""
    return lax.broadcast_in_dim(x, (size,) + tuple(x.shape), tuple(range(1, x.ndim + 1)))


def _all_batched(args, batched, size):
    return [a if b else bcast(a, size) for a, b in zip(args, batched)]


def _elementwise(op):
    def rule(args, batched, size, out, **attrs):
        xs = _all_batched(args, batched, size)
        res_type = type(out.aval)((size,) + tuple(out.shape), out.aval.dtype)
        return bind(op, *xs, out=res_type, **attrs)

    return rule


def _shift(dims):
    return tuple(d + 1 for d in dims)


def _broadcast_in_dim(args, batched, size, out, broadcast_dimensions):
    (x,) = args
    return lax.broadcast_in_dim(x, (size,) + tuple(out.shape), (0,) + _shift(broadcast_dimensions))


def _reshape(args, batched, size, out, **attrs):
    return lax.reshape(args[0], (size,) + tuple(out.shape))


def _transpose(args, batched, size, out, permutation):
    return lax.transpose(args[0], (0,) + _shift(permutation))


def _rev(args, batched, size, out, dimensions):
    return lax.rev(args[0], _shift(dimensions))


def _slice(args, batched, size, out, start_indices, limit_indices, strides):
    return lax.slice(args[0], (0,) + tuple(start_indices), (size,) + tuple(limit_indices), (1,) + tuple(strides))


def _concatenate(args, batched, size, out, dimension):
    a, b = _all_batched(args, batched, size)
    return lax.concatenate([a, b], dimension + 1)


def _pad(args, batched, size, out, edge_padding_low, edge_padding_high, interior_padding):
    x, v = args
    x = x if batched[0] else bcast(x, size)
    config = [(0, 0, 0)] + list(zip(edge_padding_low, edge_padding_high, interior_padding))
    if not batched[1]:
        return lax.pad(x, v, config)
    # a per-example padding value: pad a mask, then select the value where padded
    zero = lax.to_tracer(0, x.aval.dtype)
    padded = lax.pad(x, zero, config)
    mask = lax.pad(lax.broadcast_in_dim(lax.to_tracer(False), x.shape, ()), lax.to_tracer(True), config)
    vals = lax.broadcast_in_dim(v, padded.shape, (0,))
    return lax.select(mask, vals, padded)


def _reduce(args, batched, size, out, axes, kind):
    return bind("reduce", args[0], axes=_shift(axes), kind=kind)


def _arg(op):
    def rule(args, batched, size, out, axis):
        return bind(op, args[0], out=type(out.aval)((), out.aval.dtype), axis=axis + 1)

    return rule


def _dot_general(args, batched, size, out, **dims):
    lhs, rhs = args
    lc, rc = dims["lhs_contracting_dimensions"], dims["rhs_contracting_dimensions"]
    lb, rb = dims["lhs_batch_dimensions"], dims["rhs_batch_dimensions"]
    pet = out.aval.dtype
    if batched[0] and batched[1]:
        # the vmapped dimension becomes the first batch dimension: result dim 0
        dn = ((_shift(lc), _shift(rc)), ((0,) + _shift(lb), (0,) + _shift(rb)))
        return lax.dot_general(lhs, rhs, dn, preferred_element_type=pet)
    if batched[0]:
        # a free lhs dimension: it lands right after the batch dims
        dn = ((_shift(lc), rc), (_shift(lb), rb))
        r = lax.dot_general(lhs, rhs, dn, preferred_element_type=pet)
        pos = len(lb)
    else:
        dn = ((lc, _shift(rc)), (lb, _shift(rb)))
        r = lax.dot_general(lhs, rhs, dn, preferred_element_type=pet)
        n_lhs_free = lhs.ndim - len(lc) - len(lb)
        pos = len(lb) + n_lhs_free
    if pos == 0:
        return r
    perm = [pos] + [d for d in range(r.ndim) if d != pos]
    return lax.transpose(r, perm)


ELEMENTWISE = (
    "neg abs sign exp log log1p expm1 sqrt rsqrt sin cos tan tanh logistic floor ceil round not "
    "stop_gradient add sub mul div rem pow max min atan2 and or xor compare select convert"
).split()
ELEMENTWISE += (
    "asin acos atan sinh cosh asinh acosh atanh erf erfc erf_inv cbrt exp2 lgamma digamma population_count clz "
    "shift_left shift_right_logical shift_right_arithmetic is_finite bitcast_convert_type"
).split()

BATCH_RULES = {
    **{op: _elementwise(op) for op in ELEMENTWISE},
    "broadcast_in_dim": _broadcast_in_dim,
    "reshape": _reshape,
    "transpose": _transpose,
    "rev": _rev,
    "slice": _slice,
    "concatenate": _concatenate,
    "pad": _pad,
    "reduce": _reduce,
    "dot_general": _dot_general,
    "argmax": _arg("argmax"),
    "argmin": _arg("argmin"),
}
# constant and iota have no operands: they are never batched.
UNBATCHED = frozenset({"constant", "iota"})


def _example(t, b, is_batched):
    """Example `b` (a rank-0 int32 Tracer) of `t`: its row b if batched, else `t` itself."""
    return lax.dynamic_index_in_dim(t, b, 0, keepdims=False) if is_batched else t


def _over_examples(size, init, body):
    """`for b in range(size): acc = body(b, acc)`, one scf.for: per-example start indices
    (a gather / scatter) are handled one example at a time."""
    from descend.control.api import fori_loop

    return fori_loop(0, size, body, init)


def _dynamic_slice(args, batched, size, out, slice_sizes):
    x, *idx = args
    zero = lax.to_tracer(0, "int32")
    if not any(batched[1:]):
        return lax.dynamic_slice(x, [zero] + idx, (size,) + tuple(slice_sizes))
    out_shape = (size,) + tuple(slice_sizes)

    def body(b, acc):
        starts = [_example(i, b, f) for i, f in zip(idx, batched[1:])]
        piece = lax.dynamic_slice(_example(x, b, batched[0]), starts, slice_sizes)
        row = lax.reshape(piece, (1,) + tuple(slice_sizes))
        return lax.dynamic_update_slice(acc, row, [b] + [zero] * len(slice_sizes))

    init = lax.broadcast_in_dim(lax.to_tracer(0, x.aval.dtype), out_shape, ())
    return _over_examples(size, init, body)


def _dynamic_update_slice(args, batched, size, out):
    x, u, *idx = args
    x = x if batched[0] else bcast(x, size)
    zero = lax.to_tracer(0, "int32")
    if not any(batched[2:]):
        u = u if batched[1] else bcast(u, size)
        return lax.dynamic_update_slice(x, u, [zero] + idx)
    shape = tuple(x.shape[1:])

    def body(b, acc):
        starts = [_example(i, b, f) for i, f in zip(idx, batched[2:])]
        new = lax.dynamic_update_slice(_example(acc, b, True), _example(u, b, batched[1]), starts)
        return lax.dynamic_update_slice(acc, lax.reshape(new, (1,) + shape), [b] + [zero] * len(shape))

    return _over_examples(size, x, body)


BATCH_RULES["dynamic_slice"] = _dynamic_slice
BATCH_RULES["dynamic_update_slice"] = _dynamic_update_slice


# ---- gather / scatter (descend._gather_scatter) ----------------------------------------------


def _batch_index_column(indices, size):
    """Indices of shape [size] + batch + [K] with the batch position prepended as column 0."""
    from descend._gather_scatter import iota_like

    col = iota_like(tuple(indices.shape[:-1]) + (1,), 0, indices.aval.dtype)
    return lax.concatenate([col, indices], indices.ndim - 1)


def _gather(args, batched, size, out, dims):
    from descend._gather_scatter import gather

    x, indices = args
    if batched[0] and not batched[1]:
        # the vmapped dim is the operand's first window dim: it lands after the index batch dims
        r = gather(x, indices, _shift(dims))
        nb = indices.ndim - 1
        if nb == 0:
            return r
        return lax.transpose(r, (nb,) + tuple(d for d in range(r.ndim) if d != nb))
    if not batched[0]:
        return gather(x, indices, dims)
    return gather(x, _batch_index_column(indices, size), (0,) + _shift(dims))


def _scatter(args, batched, size, out, dims, mode):
    from descend._gather_scatter import scatter

    x, indices, u = args
    x = x if batched[0] else bcast(x, size)
    indices = indices if batched[1] else bcast(indices, size)
    u = u if batched[2] else bcast(u, size)
    return scatter(x, _batch_index_column(indices, size), u, (0,) + _shift(dims), mode)


BATCH_RULES["gather"] = _gather
BATCH_RULES["scatter"] = _scatter
