"""`dsc-to-linalg`: lower dsc ops to linalg, tensor, arith and math on tensors.

In: a module with dsc ops (verified by `dsc-verify`). Out: the same module with
no dsc ops left: elementwise ops become arith/math ops on whole tensors
(turned into linalg.generic by `convert-elementwise-to-linalg`, then fused),
structured ops become linalg.generic / linalg.fill / tensor slicing ops.

`LOWERINGS` maps each dsc op name to a function `(op, operands, attrs) ->
value` that builds the replacement at the op's position. The pass registers
one Python rewrite pattern per entry and applies them greedily.
"""

from __future__ import annotations

import numpy as np
from mlir import ir, rewrite
from mlir.dialects import arith, tensor

from descend.dialects.dsc import op_attrs
from descend.dialects.types import TType, element_type, from_mlir, is_float, is_unsigned, signless, to_mlir

from . import elementwise as ew
from . import gather_scatter, special_math
from .linalg_builders import (
    PARALLEL,
    REDUCTION,
    affine_map,
    empty,
    extract_slice,
    fill,
    generic,
    index,
    insert_slice,
)
from .signless import signless_pass


def _ttype(v) -> TType:
    return from_mlir(v.type)


def _unary(name):
    def lower(op, xs, attrs):
        return ew.UNARY[name](xs[0], _ttype(xs[0]).dtype)

    return lower


def _binary(name):
    def lower(op, xs, attrs):
        return ew.BINARY[name](xs[0], xs[1], _ttype(xs[0]).dtype)

    return lower


def _compare(op, xs, attrs):
    return ew.compare(xs[0], xs[1], _ttype(xs[0]).dtype, attrs["direction"])


def _select(op, xs, attrs):
    return arith.select(*xs)


def _convert(op, xs, attrs):
    out = op.results[0].type
    return ew.convert(xs[0], _ttype(xs[0]).dtype, from_mlir(out).dtype, out)


def _is_finite(op, xs, attrs):
    return special_math.is_finite(xs[0], _ttype(xs[0]).dtype, op.results[0].type)


def _bitcast_convert_type(op, xs, attrs):
    out = op.results[0].type
    return special_math.bitcast(xs[0], _ttype(xs[0]).dtype, from_mlir(out).dtype, out)


def _constant(op, xs, attrs):
    return arith.constant(op.results[0].type, op.attributes["value"])


def _iota(op, xs, attrs):
    out = from_mlir(op.results[0].type)
    elt = element_type(out.dtype)
    rank = len(out.shape)

    def body(_):
        i = arith.index_cast(ir.IntegerType.get_signless(64), index(attrs["dimension"]))
        if is_float(out.dtype):
            return [arith.sitofp(elt, i)]
        return [i if out.dtype in ("int64", "uint64") else arith.trunci(elt, i)]

    init = empty(out.shape, elt)
    return generic([], [init], [affine_map(rank, list(range(rank)))], [PARALLEL] * rank, body)[0]


def _broadcast_in_dim(op, xs, attrs):
    (x,) = xs
    src, out = _ttype(x), from_mlir(op.results[0].type)
    rank = len(out.shape)
    exprs = [
        ("c", 0) if src.shape[i] == 1 and out.shape[d] != 1 else d
        for i, d in enumerate(attrs["broadcast_dimensions"])
    ]
    maps = [affine_map(rank, exprs), affine_map(rank, list(range(rank)))]
    init = empty(out.shape, element_type(out.dtype))
    return generic([x], [init], maps, [PARALLEL] * rank, lambda a, _: [a])[0]


def _reshape(op, xs, attrs):
    (x,) = xs
    src, out = _ttype(x), from_mlir(op.results[0].type)
    if src.shape == out.shape:
        return x
    elt = element_type(src.dtype)
    result_type = ir.RankedTensorType.get(list(out.shape), elt)
    if out.rank == 0:  # every source dim is 1: collapse them all
        return tensor.CollapseShapeOp(result_type, x, []).result
    if src.rank == 0:  # every result dim is 1: expand from the scalar
        return tensor.ExpandShapeOp(result_type, x, [], [], list(out.shape)).result
    flat = x
    n = int(np.prod(src.shape, dtype=np.int64))
    if src.rank != 1:
        flat = tensor.CollapseShapeOp(to_mlir(TType((n,), src.dtype)), x, [list(range(src.rank))]).result
    if out.rank == 1:
        return flat
    return tensor.ExpandShapeOp(result_type, flat, [list(range(out.rank))], [], list(out.shape)).result


def _transpose(op, xs, attrs):
    (x,) = xs
    out = from_mlir(op.results[0].type)
    perm = attrs["permutation"]
    rank = len(perm)
    # result dim j reads operand dim perm[j]: the input map sends operand dim i to j.
    inv = [perm.index(i) for i in range(rank)]
    maps = [affine_map(rank, inv), affine_map(rank, list(range(rank)))]
    init = empty(out.shape, element_type(out.dtype))
    return generic([x], [init], maps, [PARALLEL] * rank, lambda a, _: [a])[0]


def _rev(op, xs, attrs):
    (x,) = xs
    t = _ttype(x)
    rank = t.rank
    exprs = []
    for d in range(rank):
        e = ir.AffineDimExpr.get(d)
        if d in attrs["dimensions"]:
            e = ir.AffineConstantExpr.get(t.shape[d] - 1) + e * -1
        exprs.append(e)
    maps = [ir.AffineMap.get(rank, 0, exprs), affine_map(rank, list(range(rank)))]
    init = empty(t.shape, element_type(t.dtype))
    return generic([x], [init], maps, [PARALLEL] * rank, lambda a, _: [a])[0]


def _clamped_offsets(shape, sizes, indices):
    """Index values of the start indices, clamped to [0, dim - size] (lax semantics)."""
    idx = ir.IndexType.get()
    offsets = []
    for n, size, t in zip(shape, sizes, indices):
        cast = arith.index_castui if is_unsigned(_ttype(t).dtype) else arith.index_cast
        i = cast(idx, tensor.extract(t, []))
        lo = arith.constant(idx, 0)
        hi = arith.constant(idx, n - size)
        offsets.append(arith.minsi(arith.maxsi(i, lo), hi))
    return offsets


def _dynamic_slice(op, xs, attrs):
    x, *indices = xs
    src = _ttype(x)
    sizes = list(attrs["slice_sizes"])
    dyn = ir.ShapedType.get_dynamic_stride_or_offset()
    offsets = _clamped_offsets(src.shape, sizes, indices)
    return tensor.ExtractSliceOp(
        op.results[0].type, x, offsets, [], [], [dyn] * src.rank, sizes, [1] * src.rank
    ).result


def _dynamic_update_slice(op, xs, attrs):
    x, update, *indices = xs
    gather_scatter.protect_arguments(op)  # an in-place update must not reach the caller's input buffer
    src, upd = _ttype(x), _ttype(update)
    dyn = ir.ShapedType.get_dynamic_stride_or_offset()
    offsets = _clamped_offsets(src.shape, upd.shape, indices)
    return tensor.InsertSliceOp(
        update, x, offsets, [], [], [dyn] * src.rank, list(upd.shape), [1] * src.rank
    ).result


def _slice(op, xs, attrs):
    out = op.results[0].type
    if 0 in ir.RankedTensorType(out).shape:  # tensor.extract_slice rejects an offset at the end
        return empty(ir.RankedTensorType(out).shape, ir.RankedTensorType(out).element_type)
    return extract_slice(xs[0], attrs["start_indices"], ir.RankedTensorType(out).shape, attrs["strides"], out)


def _concatenate(op, xs, attrs):
    out = from_mlir(op.results[0].type)
    d = attrs["dimension"]
    acc = empty(out.shape, element_type(out.dtype))
    offset = 0
    for x in xs:
        shape = _ttype(x).shape
        if 0 in shape:  # nothing to insert (and tensor.insert_slice rejects an offset at the end)
            continue
        offsets = [offset if i == d else 0 for i in range(len(shape))]
        acc = insert_slice(x, acc, offsets, list(shape), [1] * len(shape))
        offset += shape[d]
    return acc


def _pad(op, xs, attrs):
    x, value = xs
    src, out = _ttype(x), from_mlir(op.results[0].type)
    elt = element_type(src.dtype)
    scalar = tensor.extract(value, [])
    acc = fill(scalar, out.shape, elt)
    lo, interior = attrs["edge_padding_low"], attrs["interior_padding"]
    # operand element j lands at lo + j * (interior + 1); keep those inside the result.
    starts, stops, offsets, strides = [], [], [], []
    for d, n in enumerate(src.shape):
        step = interior[d] + 1
        first = max(0, -(lo[d] // step))
        last = min(n - 1, (out.shape[d] - 1 - lo[d]) // step)
        starts.append(first)
        stops.append(max(last + 1, first))
        offsets.append(lo[d] + first * step if last >= first else 0)
        strides.append(step)
    sizes = [b - a for a, b in zip(starts, stops)]
    if any(s == 0 for s in sizes):
        return acc
    part = x
    if sizes != list(src.shape):
        part = extract_slice(x, starts, sizes, [1] * len(sizes), to_mlir(TType(tuple(sizes), src.dtype)))
    return insert_slice(part, acc, offsets, sizes, strides)


_REDUCE_INIT = {
    "sum": lambda dt: 0,
    "prod": lambda dt: 1,
    "max": lambda dt: -np.inf if is_float(dt) else (0 if dt == "bool" else np.iinfo(dt).min),
    "min": lambda dt: np.inf if is_float(dt) else (1 if dt == "bool" else np.iinfo(dt).max),
    "and": lambda dt: 1,
    "or": lambda dt: 0,
}
_REDUCE_OP = {"sum": "add", "prod": "mul", "max": "max", "min": "min", "and": "and", "or": "or"}


def _reduce(op, xs, attrs):
    (x,) = xs
    src, out = _ttype(x), from_mlir(op.results[0].type)
    kind, axes = attrs["kind"], attrs["axes"]
    rank = src.rank
    elt = element_type(src.dtype)
    init = fill(ew.scalar_const(src.dtype, _REDUCE_INIT[kind](src.dtype)), out.shape, elt)
    maps = [affine_map(rank, list(range(rank))), affine_map(rank, [d for d in range(rank) if d not in axes])]
    iters = [REDUCTION if d in axes else PARALLEL for d in range(rank)]
    combine = ew.BINARY[_REDUCE_OP[kind]]
    return generic([x], [init], maps, iters, lambda a, acc: [combine(acc, a, src.dtype)])[0]


def _arg_reduce(direction):
    def lower(op, xs, attrs):
        (x,) = xs
        src, out = _ttype(x), from_mlir(op.results[0].type)
        axis, rank = attrs["axis"], src.rank
        best = _REDUCE_INIT["max" if direction == "GT" else "min"](src.dtype)
        elt, idx_elt = element_type(src.dtype), element_type(out.dtype)
        val_init = fill(ew.scalar_const(src.dtype, best), out.shape, elt)
        idx_init = fill(ew.scalar_const(out.dtype, 0), out.shape, idx_elt)
        out_map = affine_map(rank, [d for d in range(rank) if d != axis])
        maps = [affine_map(rank, list(range(rank))), out_map, out_map]
        iters = [REDUCTION if d == axis else PARALLEL for d in range(rank)]

        def body(a, acc, acc_i):
            take = ew.compare(a, acc, src.dtype, direction)
            if is_float(src.dtype):  # the first NaN wins, as in numpy
                a_nan = arith.cmpf(arith.CmpFPredicate.UNO, a, a)
                acc_num = arith.cmpf(arith.CmpFPredicate.ORD, acc, acc)
                take = arith.ori(take, arith.andi(a_nan, acc_num))
            i = arith.index_cast(idx_elt, index(axis))
            return [arith.select(take, a, acc), arith.select(take, i, acc_i)]

        return generic([x], [val_init, idx_init], maps, iters, body)[1]

    return lower


def _dot_general(op, xs, attrs):
    lhs, rhs = xs
    a, b = _ttype(lhs), _ttype(rhs)
    out = from_mlir(op.results[0].type)
    lc, rc = attrs["lhs_contracting_dimensions"], attrs["rhs_contracting_dimensions"]
    lb, rb = attrs["lhs_batch_dimensions"], attrs["rhs_batch_dimensions"]
    lfree = [d for d in range(a.rank) if d not in lc + lb]
    rfree = [d for d in range(b.rank) if d not in rc + rb]
    nb, nl, nr, nc = len(lb), len(lfree), len(rfree), len(lc)
    n = nb + nl + nr + nc
    lmap = [0] * a.rank
    rmap = [0] * b.rank
    for k, (x, y) in enumerate(zip(lb, rb)):
        lmap[x], rmap[y] = k, k
    for k, d in enumerate(lfree):
        lmap[d] = nb + k
    for k, d in enumerate(rfree):
        rmap[d] = nb + nl + k
    for k, (x, y) in enumerate(zip(lc, rc)):
        lmap[x], rmap[y] = nb + nl + nr + k, nb + nl + nr + k
    maps = [affine_map(n, lmap), affine_map(n, rmap), affine_map(n, list(range(nb + nl + nr)))]
    iters = [PARALLEL] * (nb + nl + nr) + [REDUCTION] * nc
    acc_dtype = "float32" if out.dtype == "bfloat16" else out.dtype  # bf16: f32 sums, rounded once
    elt = element_type(acc_dtype)
    # No contracting dims (an outer or elementwise product): a pure elementwise generic that
    # does not read its init. An all-parallel generic computing `acc + x * y` over a zero fill
    # is miscompiled by linalg-fuse-elementwise-ops when fused into a consumer with a
    # reduction (the accumulation is replayed for every iteration of the extra loops).
    init = empty(out.shape, elt) if nc == 0 else fill(ew.scalar_const(acc_dtype, 0), out.shape, elt)

    def body(x, y, acc):
        if a.dtype != acc_dtype:
            x = ew.convert(x, a.dtype, acc_dtype, elt)
            y = ew.convert(y, a.dtype, acc_dtype, elt)
        if out.dtype == "bool":
            prod = arith.andi(x, y)
            return [prod if nc == 0 else arith.ori(acc, prod)]
        prod = ew.BINARY["mul"](x, y, acc_dtype)
        return [prod if nc == 0 else ew.BINARY["add"](acc, prod, acc_dtype)]

    result = generic([lhs, rhs], [init], maps, iters, body)[0]
    if acc_dtype != out.dtype:
        result = ew.f32_to_bf16(result, op.results[0].type)
    return result


LOWERINGS = {
    **{name: _unary(name) for name in ew.UNARY},
    **{name: _binary(name) for name in ew.BINARY},
    "stop_gradient": lambda op, xs, attrs: xs[0],
    "compare": _compare,
    "select": _select,
    "convert": _convert,
    "is_finite": _is_finite,
    "bitcast_convert_type": _bitcast_convert_type,
    "constant": _constant,
    "iota": _iota,
    "broadcast_in_dim": _broadcast_in_dim,
    "reshape": _reshape,
    "transpose": _transpose,
    "rev": _rev,
    "dynamic_slice": _dynamic_slice,
    "dynamic_update_slice": _dynamic_update_slice,
    "slice": _slice,
    "concatenate": _concatenate,
    "pad": _pad,
    "reduce": _reduce,
    "dot_general": _dot_general,
    "argmax": _arg_reduce("GT"),
    "argmin": _arg_reduce("LT"),
}
LOWERINGS.update(gather_scatter.LOWERINGS)  # gather, scatter


def _pattern(name):
    lower = LOWERINGS[name]

    def rewrite_op(op, rewriter):
        op = op.operation
        with rewriter.ip, op.location:
            value = lower(op, list(op.operands), op_attrs(op))
        want = op.results[0].type
        if value.type != want and signless(value.type) == signless(want) and isinstance(value, ir.OpResult) and value not in list(op.operands):
            # a rule built the signless twin of an unsigned result type (`i32` for `ui32`): the
            # dsc users of the result must still read it as unsigned until `signless_pass`
            value.set_type(want)
        rewriter.replace_op(op, [value])

    return rewrite_op


def dsc_to_linalg_pass(op, pass_) -> None:
    """The `dsc-to-linalg` pass (patterns are built per run: never shared across contexts)."""
    patterns = rewrite.RewritePatternSet()
    for name in LOWERINGS:
        patterns.add(f"dsc.{name}", _pattern(name))
    rewrite.apply_patterns_and_fold_greedily(op, patterns.freeze())
    signless_pass(op)  # uint tensors (`ui32`) were lowered with unsigned ops: drop the sign

