"""Reverse-mode rules: `VJP_RULES[op](ct, primals, out, **attrs) -> [ct per operand]`.

`ct` is the cotangent of the op's result (a Tracer), `primals` the operands,
`out` the result; the rule returns one cotangent per operand (None where zero
or where the operand is not differentiable). Elementwise ops are diagonal
linear maps in their tangent, hence self-adjoint: their reverse rule is their
forward rule applied to `ct` (`_from_jvp`). Structural ops get their transpose:
broadcast <-> reduce-sum, slice <-> pad, transpose <-> inverse transpose,
dot_general <-> dot_general with the other operand.

Why direct adjoints rather than JAX's linearize-then-transpose: dsc is
traced eagerly into MLIR, with no partial evaluator; writing one reverse rule
per op (most of them derived from the forward rule) keeps reverse mode a
single backward sweep over the recorded ops, reusing the forward values (the
cheap-gradient principle), with no extra IR stage.
"""

from __future__ import annotations

from descend import lax
from descend.tracing import current_trace

from .jvp_rules import JVP_RULES, _unreduce, prod_tree
from .util import zeros_like


def _from_jvp(op, n_operands):
    """Reverse rule of an elementwise op: the forward rule with one-hot tangents."""
    fwd = JVP_RULES[op]

    def rule(ct, primals, out, **attrs):
        cts = []
        for i in range(n_operands):
            tangents = [ct if j == i else None for j in range(n_operands)]
            cts.append(fwd(primals, tangents, out, **attrs))
        return cts

    return rule


def _select(ct, primals, out, **attrs):
    p, a, b = primals
    zero = zeros_like(ct)
    return [None, lax.select(p, ct, zero), lax.select(p, zero, ct)]


def _convert(ct, primals, out, **attrs):
    (x,) = primals
    return [lax.convert_element_type(ct, x.aval.dtype)]


def _broadcast_in_dim(ct, primals, out, broadcast_dimensions):
    (x,) = primals
    dims = list(broadcast_dimensions)
    # sum over the new dims and over the size-1 dims that were expanded
    summed = [d for d in range(out.ndim) if d not in dims]
    summed += [d for i, d in enumerate(dims) if x.shape[i] == 1 and out.shape[d] != 1]
    r = lax.reduce_sum(ct, summed) if summed else ct
    return [lax.reshape(r, x.shape)]


def _reshape(ct, primals, out, **attrs):
    return [lax.reshape(ct, primals[0].shape)]


def _transpose(ct, primals, out, permutation):
    inverse = [list(permutation).index(i) for i in range(len(permutation))]
    return [lax.transpose(ct, inverse)]


def _rev(ct, primals, out, dimensions):
    return [lax.rev(ct, dimensions)]


def _slice(ct, primals, out, start_indices, limit_indices, strides):
    (x,) = primals
    config = []
    for d, n in enumerate(x.shape):
        lo = start_indices[d]
        size = out.shape[d]
        used = lo + (size - 1) * strides[d] + 1 if size else lo
        config.append((lo, n - used, strides[d] - 1))
    zero = lax.to_tracer(0, ct.aval.dtype)
    return [lax.pad(ct, zero, config)]


def _concatenate(ct, primals, out, dimension):
    a, b = primals
    n = a.shape[dimension]
    start_a, limit_a = [0] * ct.ndim, list(ct.shape)
    limit_a[dimension] = n
    start_b, limit_b = [0] * ct.ndim, list(ct.shape)
    start_b[dimension] = n
    return [lax.slice(ct, start_a, limit_a), lax.slice(ct, start_b, limit_b)]


def _pad(ct, primals, out, edge_padding_low, edge_padding_high, interior_padding):
    x, _ = primals
    zero = lax.to_tracer(0, ct.aval.dtype)
    unpad = [(-lo, -hi, 0) for lo, hi in zip(edge_padding_low, edge_padding_high)]
    unpadded = lax.pad(ct, zero, unpad)
    ct_x = lax.slice(unpadded, [0] * ct.ndim, unpadded.shape, [i + 1 for i in interior_padding])
    all_axes = list(range(ct.ndim))
    ct_v = lax.sub(lax.reduce_sum(ct, all_axes), lax.reduce_sum(ct_x, all_axes))
    return [ct_x, ct_v]


def _reduce(ct, primals, out, axes, kind):
    (x,) = primals
    back = _unreduce(ct, x.aval, axes)
    if kind == "sum":
        return [back]
    if kind in ("max", "min"):
        ind = lax.convert_element_type(lax.eq(x, _unreduce(out, x.aval, axes)), x.aval.dtype)
        count = _unreduce(lax.reduce_sum(ind, axes), x.aval, axes)
        return [lax.div(lax.mul(back, ind), count)]
    if kind == "prod":
        # reverse mode through a tree of products (exact at zeros, unlike ct * prod / x)
        from .transform import vjp_ops

        trace = current_trace()
        start = len(trace.ops)
        p = prod_tree(x, axes)
        return vjp_ops(trace.ops[start:], [x.value], {p.value: ct})
    return [None]


def _dot_general(ct, primals, out, **dims):
    x, y = primals
    lc, rc = list(dims["lhs_contracting_dimensions"]), list(dims["rhs_contracting_dimensions"])
    lb, rb = list(dims["lhs_batch_dimensions"]), list(dims["rhs_batch_dimensions"])
    nb = len(lb)
    lfree = [d for d in range(x.ndim) if d not in lc + lb]
    rfree = [d for d in range(y.ndim) if d not in rc + rb]
    nlf, nrf = len(lfree), len(rfree)
    ct_batch = list(range(nb))
    ct_lfree = list(range(nb, nb + nlf))
    ct_rfree = list(range(nb + nlf, nb + nlf + nrf))

    # ct_x: contract ct's rhs-free dims with y's free dims -> (batch, lfree, y's rc in y order)
    rx = lax.dot_general(ct, y, ((ct_rfree, rfree), (ct_batch, rb)), preferred_element_type=x.aval.dtype)
    rc_sorted = sorted(rc)
    perm_x = []
    for d in range(x.ndim):
        if d in lb:
            perm_x.append(lb.index(d))
        elif d in lfree:
            perm_x.append(nb + lfree.index(d))
        else:
            perm_x.append(nb + nlf + rc_sorted.index(rc[lc.index(d)]))
    ct_x = lax.transpose(rx, perm_x)  # x dim d is rx dim perm_x[d]

    # ct_y: contract x's free dims with ct's lhs-free dims -> (batch, x's lc in x order, rfree).
    # x first: for a matmul x @ y this is x^T @ ct, already in y's layout (no transpose).
    ry = lax.dot_general(x, ct, ((lfree, ct_lfree), (lb, ct_batch)), preferred_element_type=y.aval.dtype)
    lc_sorted = sorted(lc)
    perm_y = []
    for d in range(y.ndim):
        if d in rb:
            perm_y.append(rb.index(d))
        elif d in rfree:
            perm_y.append(nb + len(lc) + rfree.index(d))
        else:
            perm_y.append(nb + lc_sorted.index(lc[rc.index(d)]))
    ct_y = lax.transpose(ry, perm_y)
    return [ct_x, ct_y]


VJP_RULES = {
    **{op: _from_jvp(op, 1) for op in "neg abs exp log log1p expm1 sqrt rsqrt sin cos tan tanh logistic".split()},
    **{op: _from_jvp(op, 2) for op in "add sub mul div rem pow max min atan2".split()},
    **{
        op: _from_jvp(op, 1)
        for op in "asin acos atan sinh cosh asinh acosh atanh erf erfc erf_inv cbrt exp2 lgamma digamma".split()
    },
    "select": _select,
    "convert": _convert,
    "broadcast_in_dim": _broadcast_in_dim,
    "reshape": _reshape,
    "transpose": _transpose,
    "rev": _rev,
    "slice": _slice,
    "concatenate": _concatenate,
    "pad": _pad,
    "reduce": _reduce,
    "dot_general": _dot_general,
}


def _dynamic_slice(ct, primals, out, slice_sizes):
    x, *idx = primals
    return [lax.dynamic_update_slice(zeros_like(x), ct, idx)] + [None] * len(idx)


def _dynamic_update_slice(ct, primals, out):
    x, u, *idx = primals
    ct_x = lax.dynamic_update_slice(ct, zeros_like(u), idx)
    ct_u = lax.dynamic_slice(ct, idx, u.shape)
    return [ct_x, ct_u] + [None] * len(idx)


VJP_RULES["dynamic_slice"] = _dynamic_slice
VJP_RULES["dynamic_update_slice"] = _dynamic_update_slice


# ---- gather / scatter (descend._gather_scatter) ----------------------------------------------


def _gather(ct, primals, out, dims):
    """The transpose of gather: scatter-add into zeros at the positions gather read (clamped)."""
    from descend._gather_scatter import clamp_indices, scatter

    x, indices = primals
    return [scatter(zeros_like(x), clamp_indices(indices, x.shape, dims), ct, dims, "add"), None]


def _scatter(ct, primals, out, dims, mode):
    from descend._gather_scatter import batch_mask, gather, iota_like, scatter

    from .jvp_rules import scatter_extremal_weights, scatter_mul_factor

    x, indices, u = primals
    zero_u = zeros_like(u)
    if mode == "add":
        return [ct, None, lax.select(batch_mask(indices, x.shape, dims, u), gather(ct, indices, dims), zero_u)]
    if mode == "set":
        # which update won each position: scatter each update's id (1-based), read it back
        n = 1
        for s in u.shape:
            n *= s
        ids = lax.add(lax.reshape(iota_like((n,), 0, "int32"), u.shape), lax.broadcast_in_dim(lax.to_tracer(1, "int32"), u.shape, ()))
        winners = scatter(lax.broadcast_in_dim(lax.to_tracer(0, "int32"), x.shape, ()), indices, ids, dims, "set")
        won = lax.eq(gather(winners, indices, dims), ids)
        untouched = lax.eq(winners, lax.broadcast_in_dim(lax.to_tracer(0, "int32"), x.shape, ()))
        return [lax.select(untouched, ct, zeros_like(ct)), None, lax.select(won, gather(ct, indices, dims), zero_u)]
    if mode == "mul":
        ct_x = scatter(ct, indices, u, dims, "mul")
        return [ct_x, None, lax.mul(gather(ct, indices, dims), scatter_mul_factor(x, indices, u, dims))]
    eq_x, eq_u, count = scatter_extremal_weights(x, indices, u, out, dims)
    share = lax.div(ct, count)
    return [lax.mul(share, eq_x), None, lax.mul(gather(share, indices, dims), eq_u)]


VJP_RULES["gather"] = _gather
VJP_RULES["scatter"] = _scatter
