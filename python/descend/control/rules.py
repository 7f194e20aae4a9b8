"""jvp, vjp and batching rules for `scf.if`, `scf.for` and `scf.while`.

Each rule builds a new control-flow op whose regions are clones of the old
ones, transformed by the same sweeps (`jvp_ops`, `vjp_ops`, `batch_ops`)
that transform straight-line code; the old op stays for the primal values
(and is removed by DCE if nothing uses it).

- jvp: the new op carries (primal, tangent) pairs; tangents of the values a
  region closes over flow in from outside.
- vjp of `scf.if`: an `scf.if` on the same predicate whose branches return
  the cotangents of the values the branches use.
- vjp of `scf.for` with a static trip count: a forward loop stores each
  iteration's incoming carry in a stacked buffer, then a reverse loop
  recomputes each iteration from its stored carry and pulls the cotangents
  back through it. `scf.while` (a data-dependent trip count) has no reverse
  rule: use `scan` or `fori_loop` with static bounds, as in JAX.
- vmap: a batched predicate turns `cond` into a select of both branches and
  makes `while_loop` run until every lane is done; batched carries become
  batched loop state.
"""

from __future__ import annotations

from mlir import ir
from mlir.dialects import arith, scf, tensor

from descend import lax
from descend.ad.util import add_any, is_differentiable, zeros_like
from descend.batching.rules import bcast
from descend.tracing import bind, current_trace

from .regions import block_ops, captured_values, clone_ops, terminator

REVERSE_WHILE_ERROR = (
    "Reverse-mode differentiation does not work for lax.while_loop or lax.fori_loop with traced "
    "(dynamic) bounds: the trip count is data-dependent. Use lax.scan or lax.fori_loop with static "
    "Python-int bounds instead (as in JAX)."
)


def _tr(v):
    return current_trace().tracer(v)


def _or_zero(t, like):
    return t if t is not None else zeros_like(like)


def _emit(build):
    return current_trace().emit(build)


# ---- jvp -------------------------------------------------------------------------


def _clone_block_jvp(trace, block, mapping, tangents):
    """Clone `block` (mapped), run jvp over it; returns (mapped yield values, tangents)."""
    clones = clone_ops(trace, block_ops(block), mapping)
    from descend.ad.transform import jvp_ops

    tmap = jvp_ops(clones, tangents)
    term = terminator(block)
    ys = [mapping.get(v, v) for v in term.operands]
    return ys, tmap


def jvp_if(op, tangents: dict) -> None:
    trace = current_trace()
    if not any(v in tangents for v in captured_values(op)):
        return
    outs = [r for r in op.results if is_differentiable(_tr(r).aval)]
    if not outs:
        return
    types = [r.type for r in outs]
    new = _emit(lambda: scf.IfOp(op.operands[0], types, has_else=True))
    for old_block, new_block in ((op.regions[0].blocks[0], new.then_block), (op.regions[1].blocks[0], new.else_block)):
        with trace.region(new_block):
            ys, tmap = _clone_block_jvp(trace, old_block, {}, tangents)
            vals = [_or_zero(tmap.get(y), _tr(y)).value for y, r in zip(ys, op.results) if r in outs]
            with trace.context, op.location, ir.InsertionPoint(new_block):
                scf.YieldOp(vals)
    for r, t in zip(outs, new.results):
        tangents[r] = _tr(t)


def jvp_for(op, tangents: dict) -> None:
    trace = current_trace()
    lb, ub, st, *inits = list(op.operands)
    if not any(v in tangents for v in inits + captured_values(op)):
        return
    body = op.regions[0].blocks[0]
    float_idx = [k for k, r in enumerate(op.results) if is_differentiable(_tr(r).aval)]
    t_inits = [_or_zero(tangents.get(inits[k]), _tr(inits[k])) for k in float_idx]
    loop = _emit(lambda: scf.ForOp(lb, ub, st, inits + [t.value for t in t_inits]))
    args = list(loop.inner_iter_args)
    n = len(inits)
    with trace.region(loop.body):
        mapping = {body.arguments[0]: loop.induction_variable}
        mapping.update(zip(list(body.arguments)[1:], args[:n]))
        inner = dict(tangents)
        for j, k in enumerate(float_idx):
            inner[args[k]] = _tr(args[n + j])
        ys, tmap = _clone_block_jvp(trace, body, mapping, inner)
        t_ys = [_or_zero(tmap.get(ys[k]), _tr(ys[k])).value for k in float_idx]
        with trace.context, op.location, ir.InsertionPoint(loop.body):
            scf.YieldOp(ys + t_ys)
    for j, k in enumerate(float_idx):
        tangents[op.results[k]] = _tr(loop.results[n + j])


def jvp_while(op, tangents: dict) -> None:
    trace = current_trace()
    inits = list(op.operands)
    if not any(v in tangents for v in inits + captured_values(op)):
        return
    before, after = op.regions[0].blocks[0], op.regions[1].blocks[0]
    float_idx = [k for k, r in enumerate(op.results) if is_differentiable(_tr(r).aval)]
    t_inits = [_or_zero(tangents.get(inits[k]), _tr(inits[k])) for k in float_idx]
    all_inits = inits + [t.value for t in t_inits]
    types = [v.type for v in all_inits]
    loop = _emit(lambda: scf.WhileOp(types, all_inits))
    n = len(inits)
    with trace.context:
        nb = loop.before.blocks.append(*types)
        na = loop.after.blocks.append(*types)
    with trace.region(nb):
        mapping = dict(zip(before.arguments, list(nb.arguments)[:n]))
        clone_ops(trace, block_ops(before), mapping)
        cond = terminator(before)
        c = mapping.get(cond.operands[0], cond.operands[0])
        with trace.context, op.location, ir.InsertionPoint(nb):
            scf.ConditionOp(c, list(nb.arguments))
    with trace.region(na):
        mapping = dict(zip(after.arguments, list(na.arguments)[:n]))
        inner = dict(tangents)
        for j, k in enumerate(float_idx):
            inner[list(na.arguments)[k]] = _tr(list(na.arguments)[n + j])
        ys, tmap = _clone_block_jvp(trace, after, mapping, inner)
        t_ys = [_or_zero(tmap.get(ys[k]), _tr(ys[k])).value for k in float_idx]
        with trace.context, op.location, ir.InsertionPoint(na):
            scf.YieldOp(ys + t_ys)
    for j, k in enumerate(float_idx):
        tangents[op.results[k]] = _tr(loop.results[n + j])


# ---- vjp -------------------------------------------------------------------------


def _active_captured(op, active):
    return [v for v in captured_values(op) if v in active and is_differentiable(_tr(v).aval)]


def vjp_if(op, cts: dict, active: set) -> None:
    trace = current_trace()
    out_cts = [cts.pop(r, None) for r in op.results]
    if all(c is None for c in out_cts):
        return
    targets = _active_captured(op, active)
    if not targets:
        return
    types = [v.type for v in targets]
    new = _emit(lambda: scf.IfOp(op.operands[0], types, has_else=True))
    from descend.ad.transform import vjp_ops

    for old_block, new_block in ((op.regions[0].blocks[0], new.then_block), (op.regions[1].blocks[0], new.else_block)):
        with trace.region(new_block):
            mapping = {}
            clones = clone_ops(trace, block_ops(old_block), mapping)
            ys = [mapping.get(v, v) for v in terminator(old_block).operands]
            ct_map = {}
            for y, c in zip(ys, out_cts):
                if c is not None and is_differentiable(_tr(y).aval):
                    ct_map[y] = add_any(ct_map.get(y), c)
            res = vjp_ops(clones, targets, ct_map)
            vals = [_or_zero(c, _tr(v)).value for c, v in zip(res, targets)]
            with trace.context, op.location, ir.InsertionPoint(new_block):
                scf.YieldOp(vals)
    for v, r in zip(targets, new.results):
        cts[v] = add_any(cts.get(v), _tr(r))


def _static_int(v):
    owner = v.owner
    if not isinstance(owner, ir.Block) and owner.operation.name == "arith.constant":
        return ir.IntegerAttr(owner.operation.attributes["value"]).value
    return None


def _index_tensor(trace, index_value):
    i32 = ir.IntegerType.get_signless(32)
    cast = trace.emit(lambda: arith.IndexCastOp(i32, index_value)).result
    return _tr(trace.emit(lambda: tensor.FromElementsOp(ir.RankedTensorType.get([], i32), [cast])).result)


def vjp_for(op, cts: dict, active: set) -> None:
    trace = current_trace()
    lb, ub, st, *inits = list(op.operands)
    out_cts = [cts.pop(r, None) for r in op.results]
    if all(c is None for c in out_cts):
        return
    lo, hi, step = _static_int(lb), _static_int(ub), _static_int(st)
    if lo is None or hi is None or step is None:
        raise TypeError(REVERSE_WHILE_ERROR)
    count = max(0, -(-(hi - lo) // step))
    body = op.regions[0].blocks[0]
    n = len(inits)
    carries = [_tr(v) for v in inits]
    from descend.ad.transform import vjp_ops

    # 1. forward loop that records each iteration's incoming carry
    stacks = [lax.broadcast_in_dim(lax.to_tracer(0, c.aval.dtype), (count,) + tuple(c.shape), ()) for c in carries]
    fwd = _emit(lambda: scf.ForOp(lb, ub, st, inits + [s.value for s in stacks]))
    fargs = list(fwd.inner_iter_args)
    with trace.region(fwd.body):
        mapping = {body.arguments[0]: fwd.induction_variable}
        mapping.update(zip(list(body.arguments)[1:], fargs[:n]))
        clone_ops(trace, block_ops(body), mapping)
        ys = [mapping.get(v, v) for v in terminator(body).operands]
        k = _row(trace, fwd.induction_variable, lo, step)
        zero = lax.to_tracer(0, "int32")
        new_stacks = []
        for c, s in zip(fargs[:n], fargs[n:]):
            ct_ = _tr(c)
            row = lax.reshape(ct_, (1,) + tuple(ct_.shape))
            new_stacks.append(lax.dynamic_update_slice(_tr(s), row, [k] + [zero] * ct_.ndim).value)
        with trace.context, op.location, ir.InsertionPoint(fwd.body):
            scf.YieldOp(ys + new_stacks)
    stored = [_tr(r) for r in list(fwd.results)[n:]]

    # 2. reverse loop: iteration j redoes step count-1-j from its stored carry
    float_idx = [k for k in range(n) if is_differentiable(carries[k].aval)]
    targets = _active_captured(op, active)
    ct0 = [_or_zero(out_cts[k], carries[k]) for k in float_idx]
    acc0 = [zeros_like(_tr(v)) for v in targets]
    zero_i, one_i, count_i = (_emit(lambda c=c: arith.ConstantOp(ir.IndexType.get(), c)).result for c in (0, 1, count))
    bwd = _emit(lambda: scf.ForOp(zero_i, count_i, one_i, [t.value for t in ct0 + acc0]))
    bargs = list(bwd.inner_iter_args)
    with trace.region(bwd.body):
        j = _index_tensor(trace, bwd.induction_variable)
        kk = lax.sub(lax.to_tracer(count - 1, "int32"), j)
        zero = lax.to_tracer(0, "int32")
        carry_in = []
        for c, s in zip(carries, stored):
            row = lax.dynamic_slice(s, [kk] + [zero] * c.ndim, (1,) + tuple(c.shape))
            carry_in.append(bind("convert", lax.reshape(row, c.shape), out=c.aval))
        # the induction value of that step: lo + kk * step, as an index
        iv_t = lax.add(lax.mul(kk, lax.to_tracer(step, "int32")), lax.to_tracer(lo, "int32"))
        iv = trace.emit(lambda: tensor.ExtractOp(iv_t.value, [])).result
        iv_index = trace.emit(lambda: arith.IndexCastOp(ir.IndexType.get(), iv)).result
        mapping = {body.arguments[0]: iv_index}
        mapping.update(zip(list(body.arguments)[1:], [c.value for c in carry_in]))
        clones = clone_ops(trace, block_ops(body), mapping)
        ys = [mapping.get(v, v) for v in terminator(body).operands]
        ct_map = {}
        for q, k in enumerate(float_idx):
            ct_map[ys[k]] = add_any(ct_map.get(ys[k]), _tr(bargs[q]))
        inputs = [carry_in[k].value for k in float_idx] + targets
        res = vjp_ops(clones, inputs, ct_map)
        new_ct = [_or_zero(res[q], carries[k]).value for q, k in enumerate(float_idx)]
        new_acc = []
        for q in range(len(targets)):
            c = res[len(float_idx) + q]
            acc = _tr(bargs[len(float_idx) + q])
            new_acc.append((lax.add(acc, c) if c is not None else acc).value)
        with trace.context, op.location, ir.InsertionPoint(bwd.body):
            scf.YieldOp(new_ct + new_acc)
    results = list(bwd.results)
    for q, k in enumerate(float_idx):
        if inits[k] in active:
            cts[inits[k]] = add_any(cts.get(inits[k]), _tr(results[q]))
    for q, v in enumerate(targets):
        cts[v] = add_any(cts.get(v), _tr(results[len(float_idx) + q]))


def _row(trace, iv, lo, step):
    """(iv - lo) / step as a rank-0 int32 Tracer."""
    i = _index_tensor(trace, iv)
    if lo:
        i = lax.sub(i, lax.to_tracer(lo, "int32"))
    if step != 1:
        i = lax.div(i, lax.to_tracer(step, "int32"))
    return i


def vjp_while(op, cts: dict, active: set) -> None:
    if any(cts.get(r) is not None for r in op.results):
        raise TypeError(REVERSE_WHILE_ERROR)


# ---- vmap ------------------------------------------------------------------------


def _placeholder(t):
    z = lax.broadcast_in_dim(lax.to_tracer(0, t.aval.dtype), t.shape, ())
    return bind("convert", z, out=z.aval)


def _batch_block(trace, block, mapping, batched, size):
    """Clone `block` with `mapping`, batch it; returns its yields, batched (dim 0)."""
    from descend.batching.transform import batch_ops

    clones = clone_ops(trace, block_ops(block), mapping)
    bmap = batch_ops(clones, batched, size)
    ys = [mapping.get(v, v) for v in terminator(block).operands]
    return ys, bmap


def _as_batched(v, bmap, size):
    return bmap[v] if v in bmap else bcast(_tr(v), size)


def batch_if(op, batched: dict, scalars: dict, size: int) -> None:
    trace = current_trace()
    pred = op.operands[0]
    if pred in scalars:
        # a per-example predicate: compute both branches, select per example
        outs = []
        for region in op.regions:
            ys, bmap = _batch_block(trace, region.blocks[0], {}, batched, size)
            outs.append([_as_batched(y, bmap, size) for y in ys])
        p = scalars[pred]
        for r, t, f in zip(op.results, outs[0], outs[1]):
            mask = lax.broadcast_in_dim(p, t.shape, (0,))
            batched[r] = lax.select(mask, t, f)
        return
    if not any(v in batched for v in captured_values(op)):
        return
    types = [lax_type(r, size) for r in op.results]
    new = _emit(lambda: scf.IfOp(pred, types, has_else=True))
    for old_block, new_block in ((op.regions[0].blocks[0], new.then_block), (op.regions[1].blocks[0], new.else_block)):
        with trace.region(new_block):
            ys, bmap = _batch_block(trace, old_block, {}, batched, size)
            vals = [_as_batched(y, bmap, size).value for y in ys]
            with trace.context, op.location, ir.InsertionPoint(new_block):
                scf.YieldOp(vals)
    for r, b in zip(op.results, new.results):
        batched[r] = _tr(b)


def lax_type(value, size):
    t = ir.RankedTensorType(value.type)
    return ir.RankedTensorType.get([size] + list(t.shape), t.element_type)


def batch_for(op, batched: dict, scalars: dict, size: int) -> None:
    trace = current_trace()
    lb, ub, st, *inits = list(op.operands)
    if not any(v in batched for v in inits + captured_values(op)):
        return
    body = op.regions[0].blocks[0]
    b_inits = [_as_batched(v, batched, size) for v in inits]
    loop = _emit(lambda: scf.ForOp(lb, ub, st, [t.value for t in b_inits]))
    args = list(loop.inner_iter_args)
    with trace.region(loop.body):
        mapping = {body.arguments[0]: loop.induction_variable}
        inner = dict(batched)
        for old, new in zip(list(body.arguments)[1:], args):
            ph = _placeholder(_tr(old))
            mapping[old] = ph.value
            inner[ph.value] = _tr(new)
        ys, bmap = _batch_block(trace, body, mapping, inner, size)
        with trace.context, op.location, ir.InsertionPoint(loop.body):
            scf.YieldOp([_as_batched(y, bmap, size).value for y in ys])
    for r, b in zip(op.results, loop.results):
        batched[r] = _tr(b)


def batch_while(op, batched: dict, scalars: dict, size: int) -> None:
    trace = current_trace()
    inits = list(op.operands)
    if not any(v in batched for v in inits + captured_values(op)):
        return
    before, after = op.regions[0].blocks[0], op.regions[1].blocks[0]
    b_inits = [_as_batched(v, batched, size) for v in inits]
    types = [t.value.type for t in b_inits]
    loop = _emit(lambda: scf.WhileOp(types, [t.value for t in b_inits]))
    with trace.context:
        nb = loop.before.blocks.append(*types)
        na = loop.after.blocks.append(*types)

    def lane_pred(block_args):
        """The per-example predicate (B,) for the carries in block_args."""
        mapping, inner = {}, dict(batched)
        for old, new in zip(before.arguments, block_args):
            ph = _placeholder(_tr(old))
            mapping[old] = ph.value
            inner[ph.value] = _tr(new)
        clones = clone_ops(trace, block_ops(before), mapping)
        from descend.batching.transform import batch_ops

        bmap, bscalars = batch_ops(clones, inner, size, with_scalars=True)
        c = terminator(before).operands[0]
        c = mapping.get(c, c)
        if c in bscalars:
            return bscalars[c]
        # an unbatched predicate (a scalar i1): same for every lane
        t = _tr(trace.emit(lambda: tensor.FromElementsOp(ir.RankedTensorType.get([], c.type), [c])).result)
        return lax.broadcast_in_dim(t, (size,), ())

    with trace.region(nb):
        p = lane_pred(list(nb.arguments))
        anyp = lax.reduce_or(p, (0,))
        c = trace.emit(lambda: tensor.ExtractOp(anyp.value, [])).result
        with trace.context, op.location, ir.InsertionPoint(nb):
            scf.ConditionOp(c, list(nb.arguments))
    with trace.region(na):
        p = lane_pred(list(na.arguments))
        mapping, inner = {}, dict(batched)
        for old, new in zip(after.arguments, na.arguments):
            ph = _placeholder(_tr(old))
            mapping[old] = ph.value
            inner[ph.value] = _tr(new)
        ys, bmap = _batch_block(trace, after, mapping, inner, size)
        vals = []
        for y, old in zip(ys, na.arguments):
            new_v = _as_batched(y, bmap, size)
            mask = lax.broadcast_in_dim(p, new_v.shape, (0,))
            vals.append(lax.select(mask, new_v, _tr(old)).value)
        with trace.context, op.location, ir.InsertionPoint(na):
            scf.YieldOp(vals)
    for r, b in zip(op.results, loop.results):
        batched[r] = _tr(b)


JVP_CONTROL = {"scf.if": jvp_if, "scf.for": jvp_for, "scf.while": jvp_while}
VJP_CONTROL = {"scf.if": vjp_if, "scf.for": vjp_for, "scf.while": vjp_while}
BATCH_CONTROL = {"scf.if": batch_if, "scf.for": batch_for, "scf.while": batch_while}
