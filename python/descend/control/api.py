"""Tracing structured control flow into `scf` ops.

IRDL cannot declare mixed-type loop state or a custom terminator, so control
flow lives in upstream `scf` ops on tensors; dsc ops fill their regions, and
a little scalar glue connects them (`tensor.extract` of a rank-0 predicate,
`arith.index_cast` + `tensor.from_elements` for a loop index). The rest of the
pipeline needs nothing special: dsc-to-linalg lowers the dsc ops inside the
regions, one-shot-bufferize bufferizes scf on tensors, and loops stay loops
(`fori_loop` is one `scf.for`).

Branch and loop bodies are Python functions traced into the op's regions; they
may close over values of the enclosing function (scf regions are not isolated
from above).
"""

from __future__ import annotations

import functools

from mlir import ir
from mlir.dialects import arith, scf, tensor

from descend import dtypes, lax
from descend.jit import jit
from descend.tracing import Tracer, current_trace
from descend.tree import tree_flatten, tree_unflatten


def _staged(name, impl, *static):
    """Run `impl` in the current trace, or jitted (cached per static functions)."""
    if current_trace() is not None:
        return None
    return _eager_jit(name, impl, static)


@functools.lru_cache(maxsize=128)
def _eager_jit(name, impl, static):
    fn = jit(lambda *args: impl(*static, *args))
    fn._name = name
    return fn


def _pred_scalar(trace, pred, what):
    """A rank-0 predicate as an i1 SSA value (via tensor.extract)."""
    p = lax.to_tracer(pred)
    if p.shape != ():
        raise TypeError(f"{what}: the predicate must be a scalar, got shape {p.shape}")
    if p.aval.dtype != "bool":
        p = lax.ne(p, lax.to_tracer(0, p.aval.dtype))
    return trace.emit(lambda: tensor.ExtractOp(p.value, [])).result


def _flat_tracers(out):
    leaves, tree = tree_flatten(out)
    return [lax.to_tracer(x) for x in leaves], tree


def _unify(trace, blocks_and_outs, what):
    """Make the branch outputs agree in dtype (weak types yield), or raise TypeError."""
    (first, tree), *rest = [(ts, tree) for _, ts, tree in blocks_and_outs]
    for ts, t in rest:
        if t != tree or len(ts) != len(first):
            raise TypeError(f"{what}: branches must return the same structure, got {tree} and {t}")
    n = len(first)
    targets = []
    for i in range(n):
        outs = [ts[i] for _, ts, _ in blocks_and_outs]
        if len({o.shape for o in outs}) > 1:
            raise TypeError(f"{what}: branch output {i} has different shapes: {[o.shape for o in outs]}")
        targets.append(dtypes.result_dtype(*((o.aval.dtype, o.weak) for o in outs)))
    fixed = []
    for block, ts, _ in blocks_and_outs:
        with trace.region(block):
            fixed.append([lax.convert_element_type(t, dt) for t, dt in zip(ts, targets)])
    return fixed, tree


def _move_body(old_block, new_block, yields):
    """Move the ops of `old_block` (but its terminator) into `new_block` before a new scf.yield."""
    with ir.InsertionPoint(new_block):
        y = scf.YieldOp(list(yields))
    for op in list(old_block.operations):
        if op.operation.name in ("scf.yield", "scf.condition"):
            continue
        op.operation.move_before(y)
    return y


def _erase(trace, op):
    op = op.operation
    if op in trace.ops:
        trace.ops.remove(op)
    op.erase()


def cond(pred, true_fun, false_fun, *operands):
    """`true_fun(*operands)` if pred else `false_fun(*operands)`; lowered to one scf.if."""
    staged = _staged("cond", _cond, true_fun, false_fun)
    if staged is not None:
        return staged(pred, *operands)
    return _cond(true_fun, false_fun, pred, *operands)


def _cond(true_fun, false_fun, pred, *operands):
    trace = current_trace()
    p = _pred_scalar(trace, pred, "cond")
    ph = trace.emit(lambda: scf.IfOp(p, [], has_else=True))
    traced = []
    for block, fn in ((ph.then_block, true_fun), (ph.else_block, false_fun)):
        with trace.region(block):
            ts, tree = _flat_tracers(fn(*operands))
        traced.append((block, ts, tree))
    fixed, tree = _unify(trace, traced, "cond")
    types = [t.value.type for t in fixed[0]]
    final = trace.emit(lambda: scf.IfOp(p, types, has_else=True))
    with trace.context, final.location:
        _move_body(ph.then_block, final.then_block, [t.value for t in fixed[0]])
        _move_body(ph.else_block, final.else_block, [t.value for t in fixed[1]])
    _erase(trace, ph)
    return tree_unflatten(tree, [trace.tracer(r) for r in final.results])


def switch(index, branches, *operands):
    """`branches[clamp(index)](*operands)`, as a chain of conds."""
    branches = list(branches)
    if not branches:
        raise ValueError("switch: needs at least one branch")
    if current_trace() is None:
        return _eager_jit("switch", _switch, tuple(branches))(index, *operands)
    return _switch(*branches, index, *operands)


def _switch(*args):
    # args = branches..., index, operands... ; the branch count is not known here: find the index
    n = next(i for i, a in enumerate(args) if not callable(a))
    branches, index, operands = args[:n], args[n], args[n + 1 :]
    idx = lax.convert_element_type(lax.to_tracer(index), "int32")
    if len(branches) == 1:
        return branches[0](*operands)

    def pick(k):
        if k == len(branches) - 1:
            return branches[k](*operands)
        return _cond(
            lambda *ops: branches[k](*ops),
            lambda *ops: pick(k + 1),
            lax.le(idx, lax.to_tracer(k, "int32")),
            *operands,
        )

    return pick(0)


def _index_value(trace, n: int):
    return trace.emit(lambda: arith.ConstantOp(ir.IndexType.get(), n)).result


class _WeakCarry(Exception):
    """A weakly typed initial carry (a Python scalar) must take the body's dtype."""

    def __init__(self, index, dtype):
        self.index, self.dtype = index, dtype


def _retry_weak(build, init):
    """`build(init)`, re-traced with promoted initial carries when a weakly typed one
    (e.g. `0.0`) meets a body that computes in another dtype (as JAX)."""
    trace = current_trace()
    for _ in range(len(init) + 1):
        mark = len(trace.ops)
        try:
            return build(init)
        except _WeakCarry as e:
            for op in reversed(trace.ops[mark:]):
                op.erase()
            del trace.ops[mark:]
            init = list(init)
            init[e.index] = lax.convert_element_type(init[e.index], e.dtype)
    raise TypeError("loop carry dtypes did not settle")


def _carry_tracers(trace, block_args, init):
    ts = [trace.tracer(a) for a in block_args]
    for t, i in zip(ts, init):
        t.weak = i.weak
    return ts


def _check_carry(new, old, what):
    if len(new) != len(old):
        raise TypeError(f"{what}: body returned {len(new)} carry arrays, expected {len(old)}")
    fixed = []
    for n, o in zip(new, old):
        if n.shape != o.shape:
            raise TypeError(f"{what}: the carry changes shape from {o.shape} to {n.shape}")
        if n.aval.dtype != o.aval.dtype:
            if o.weak and not n.weak:
                raise _WeakCarry(len(fixed), n.aval.dtype)
            if not n.weak:
                raise TypeError(f"{what}: the carry changes dtype from {o.aval.dtype} to {n.aval.dtype}")
            n = lax.convert_element_type(n, o.aval.dtype)
        fixed.append(n)
    return fixed


def _iv_tracer(trace, iv, reverse_from=None):
    """The loop induction variable as a rank-0 int32 Tracer (counting down if reverse_from)."""
    i32 = ir.IntegerType.get_signless(32)
    cast = trace.emit(lambda: arith.IndexCastOp(i32, iv)).result
    t = trace.emit(lambda: tensor.FromElementsOp(ir.RankedTensorType.get([], i32), [cast])).result
    i = trace.tracer(t)
    if reverse_from is not None:
        i = lax.sub(lax.to_tracer(reverse_from - 1, "int32"), i)
    return i


def fori_loop(lower, upper, body_fun, init_val):
    """`for i in range(lower, upper): val = body_fun(i, val)`; one scf.for for static bounds."""
    if current_trace() is None:
        lo, hi = _concrete_int(lower), _concrete_int(upper)
        if lo is not None and hi is not None:
            # concrete bounds stay static (one scf.for, reverse-differentiable), as in JAX
            return _eager_jit("fori_loop", _fori_bounded, (body_fun, lo, hi))(init_val)
        return _eager_jit("fori_loop", _fori, (body_fun,))(lower, upper, init_val)
    return _fori(body_fun, lower, upper, init_val)


def _fori_bounded(body_fun, lo, hi, init_val):
    return _fori(body_fun, lo, hi, init_val)


def _concrete_int(x):
    if isinstance(x, Tracer):
        return None
    try:
        import numpy as np

        a = np.asarray(x)
        return int(a) if a.shape == () and a.dtype.kind in "iu" else None
    except (TypeError, ValueError):
        return None


def _fori(body_fun, lower, upper, init_val):
    trace = current_trace()
    lo, hi = _concrete_int(lower), _concrete_int(upper)
    if lo is None or hi is None:
        # traced bounds: a while loop over (i, val), as JAX does
        def cond_fn(c):
            return lax.lt(c[0], c[1])

        def body(c):
            return (lax.add(c[0], lax.to_tracer(1, "int32")), c[1], body_fun(c[0], c[2]))

        i0 = lax.convert_element_type(lax.to_tracer(lower, "int32"), "int32")
        n = lax.convert_element_type(lax.to_tracer(upper, "int32"), "int32")
        return _while(cond_fn, body, (i0, n, init_val))[2]
    init0, tree = _flat_tracers(init_val)
    return _retry_weak(lambda init: _fori_static(trace, body_fun, lo, hi, init, tree), init0)


def _fori_static(trace, body_fun, lo, hi, init, tree):
    lb, ub, st = _index_value(trace, lo), _index_value(trace, max(hi, lo)), _index_value(trace, 1)
    loop = trace.emit(lambda: scf.ForOp(lb, ub, st, [t.value for t in init]))
    with trace.region(loop.body):
        i = _iv_tracer(trace, loop.induction_variable)  # the loop already runs from lo to hi
        carry = _carry_tracers(trace, loop.inner_iter_args, init)
        new, new_tree = _flat_tracers(body_fun(i, tree_unflatten(tree, carry)))
        if new_tree != tree:
            raise TypeError(f"fori_loop: body_fun must return the carry structure {tree}, got {new_tree}")
        new = _check_carry(new, carry, "fori_loop")
        with trace.context, loop.location, ir.InsertionPoint(loop.body):
            scf.YieldOp([t.value for t in new])
    return tree_unflatten(tree, [trace.tracer(r) for r in loop.results])


def while_loop(cond_fun, body_fun, init_val):
    """`while cond_fun(val): val = body_fun(val)`; one scf.while."""
    if current_trace() is None:
        return _eager_jit("while_loop", _while_static, (cond_fun, body_fun))(init_val)
    return _while(cond_fun, body_fun, init_val)


def _while_static(cond_fun, body_fun, init_val):
    return _while(cond_fun, body_fun, init_val)


def _while(cond_fun, body_fun, init_val):
    trace = current_trace()
    init0, tree = _flat_tracers(init_val)
    return _retry_weak(lambda init: _while_traced(trace, cond_fun, body_fun, init, tree), init0)


def _while_traced(trace, cond_fun, body_fun, init, tree):
    types = [t.value.type for t in init]
    loop = trace.emit(lambda: scf.WhileOp(types, [t.value for t in init]))
    with trace.context:
        before = loop.before.blocks.append(*types)
        after = loop.after.blocks.append(*types)
    with trace.region(before):
        args = _carry_tracers(trace, before.arguments, init)
        c = _pred_scalar(trace, cond_fun(tree_unflatten(tree, args)), "while_loop cond_fun")
        with trace.context, loop.location, ir.InsertionPoint(before):
            scf.ConditionOp(c, list(before.arguments))
    with trace.region(after):
        args = _carry_tracers(trace, after.arguments, init)
        new, new_tree = _flat_tracers(body_fun(tree_unflatten(tree, args)))
        if new_tree != tree:
            raise TypeError(f"while_loop: body_fun must return the carry structure {tree}, got {new_tree}")
        new = _check_carry(new, args, "while_loop")
        with trace.context, loop.location, ir.InsertionPoint(after):
            scf.YieldOp([t.value for t in new])
    return tree_unflatten(tree, [trace.tracer(r) for r in loop.results])


def scan(f, init, xs=None, length=None, reverse=False, unroll=1):
    """`carry, y = f(carry, x)` over the leading axis of xs; returns (carry, stacked ys).
    One scf.for; xs are read and ys written with dynamic slices of the loop index."""
    if unroll != 1:
        raise NotImplementedError("scan: argument 'unroll' is not supported")
    if current_trace() is None:
        return _eager_jit("scan", _scan, (f, length, reverse))(init, xs)
    return _scan(f, length, reverse, init, xs)


def _scan(f, length, reverse, init, xs):
    trace = current_trace()
    x_leaves, x_tree = tree_flatten(xs)
    x_ts = [lax.to_tracer(x) for x in x_leaves]
    lengths = {x.shape[0] for x in x_ts if x.ndim > 0}
    if any(x.ndim == 0 for x in x_ts):
        raise ValueError("scan: scanned arrays must have a leading axis")
    if length is not None:
        lengths.add(int(length))
    if len(lengths) != 1:
        raise ValueError(f"scan: scanned arrays and length disagree on the length: {sorted(lengths)}")
    n = lengths.pop()
    init0, c_tree = _flat_tracers(init)
    return _retry_weak(lambda init_ts: _scan_traced(trace, f, reverse, n, init_ts, c_tree, x_ts, x_tree, xs), init0)


def _scan_traced(trace, f, reverse, n, init_ts, c_tree, x_ts, x_tree, xs):
    x_leaves = x_ts
    lb, ub, st = _index_value(trace, 0), _index_value(trace, n), _index_value(trace, 1)
    ph = trace.emit(lambda: scf.ForOp(lb, ub, st, [t.value for t in init_ts]))
    with trace.region(ph.body):
        i = _iv_tracer(trace, ph.induction_variable, reverse_from=n if reverse else None)
        carry = _carry_tracers(trace, ph.inner_iter_args, init_ts)
        x_t = [lax.dynamic_index_in_dim(x, i, 0, keepdims=False) for x in x_ts]
        out = f(tree_unflatten(c_tree, carry), tree_unflatten(x_tree, x_t) if x_leaves or xs is not None else None)
        if not (isinstance(out, (tuple, list)) and len(out) == 2):
            raise TypeError("scan: f must return a pair (carry, y)")
        new, new_tree = _flat_tracers(out[0])
        if new_tree != c_tree:
            raise TypeError(f"scan: f must return the carry structure {c_tree}, got {new_tree}")
        new = _check_carry(new, carry, "scan")
        ys, y_tree = _flat_tracers(out[1])
    bufs = [lax.broadcast_in_dim(lax.to_tracer(0, y.aval.dtype), (n,) + tuple(y.shape), ()) for y in ys]
    loop = trace.emit(lambda: scf.ForOp(lb, ub, st, [t.value for t in init_ts + bufs]))
    # move the traced body into the real loop, rewiring the index and the carries
    with trace.context, loop.location:
        y_op = _move_body(ph.body, loop.body, [])
    rewire = {ph.induction_variable: loop.induction_variable}
    rewire.update(zip(ph.inner_iter_args, list(loop.inner_iter_args)[: len(init_ts)]))
    for old, new_arg in rewire.items():
        old.replace_all_uses_with(new_arg)
    # the body may return a carry or the index unchanged: point those Tracers at the new loop
    for t in new + ys + [i]:
        t.value = rewire.get(t.value, t.value)
    buf_args = list(loop.inner_iter_args)[len(init_ts):]
    with trace.region(loop.body):
        # write y_t into row i of each ys buffer, before the yield
        y_op.operation.erase()
        zero = lax.to_tracer(0, "int32")
        written = []
        for y, b in zip(ys, buf_args):
            row = lax.reshape(y, (1,) + tuple(y.shape))
            written.append(lax.dynamic_update_slice(trace.tracer(b), row, [i] + [zero] * y.ndim))
        with trace.context, loop.location, ir.InsertionPoint(loop.body):
            scf.YieldOp([t.value for t in new + written])
    _erase(trace, ph)
    results = [trace.tracer(r) for r in loop.results]
    carry_out = tree_unflatten(c_tree, results[: len(init_ts)])
    ys_out = tree_unflatten(y_tree, results[len(init_ts):])
    return carry_out, ys_out


def map(f, xs):  # noqa: A001
    """`stack([f(x) for x in xs])` over the leading axis, as one loop."""
    _, ys = scan(lambda c, x: (c, f(x)), (), xs)
    return ys
